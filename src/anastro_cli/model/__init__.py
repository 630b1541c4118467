"""Core types: frozen records, closed vocabularies and pure derivations. No I/O."""
