"""Persistence: the compiled dataset in SQLite. No files of its own, no YAML, no output."""
