"""Allow ``python -m anastro_cli``; also the console script's entry (run), which imports the
app inside its own guard, so an interrupt while the program is still loading ends as quietly
as one while it runs."""

import sys


def run() -> None:
    try:
        from anastro_cli.cli.app import main
    except KeyboardInterrupt:
        sys.stderr.write("anastro: interrupted\n")
        raise SystemExit(130) from None
    main()


if __name__ == "__main__":
    run()
