"""The face: the Typer app and its commands. The only Typer user; parses, calls, hands on."""
