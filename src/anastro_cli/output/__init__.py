"""Machine formats: the views, their plain shapes and rows, and one writer module per format."""
