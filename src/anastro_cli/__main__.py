"""Allow ``python -m anastro_cli``."""

from anastro_cli.cli.app import main

if __name__ == "__main__":
    main()
