"""People's tables and cards: the only package that imports Rich."""
