"""anastro: an offline reference for the side effects of anastrozole 1 mg (Arimidex)."""

__version__ = "0.6.7"
