"""Loading, validating and caching the YAML dataset: every problem names file, line and field."""
