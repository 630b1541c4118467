"""Allow ``python -m anastro_cli``; also the console script's entry (run), which imports the
app inside its own guard, so an interrupt while the program is still loading ends as quietly
as one while it runs."""

import sys


def run() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):  # answered before Typer loads (2.5x faster)
        from anastro_cli.bundled import version_lines

        try:
            print(version_lines(), flush=True)
        except BrokenPipeError:
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    try:
        import os

        from anastro_cli.cli.quick import plain_search

        plain = plain_search(sys.argv[1:], os.environ)
        if plain is not None:  # `search WORDS [--format F]`: answered before Typer loads
            from anastro_cli.cli.guard import guarded
            from anastro_cli.cli.searching import run_search
        else:
            from anastro_cli.cli.app import main
    except KeyboardInterrupt:
        sys.stderr.write("anastro: interrupted\n")
        raise SystemExit(130) from None
    if plain is not None:
        words, fmt = plain
        guarded(lambda: run_search(words, fmt=fmt))
    else:
        main()


if __name__ == "__main__":
    run()
