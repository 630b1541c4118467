"""The floor for anastro's start-up: a bare two-command Typer app on the same interpreter and
Typer release. Nothing built on Typer can start faster than this."""

import typer

app = typer.Typer()


@app.command()
def search(query: str, json: bool = False) -> None:
    """Print the query."""
    print(query)


@app.command()
def show(name: str) -> None:
    """Print the name."""
    print(name)


if __name__ == "__main__":
    app()
