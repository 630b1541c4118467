"""Exit codes, named once and documented in the README."""

OK = 0
"""Results were printed."""

NOT_FOUND = 1
"""The query was valid but nothing matched (or a validated dataset has problems)."""

USAGE = 2
"""Usage or input error: a bad option, an unknown system or drug, an unreadable dataset."""

INTERNAL = 70
"""A bug in anastro (EX_SOFTWARE): reported on one line; ANASTRO_DEBUG=1 shows the traceback."""

OUTPUT = 74
"""The output could not be written (a full disk, a broken device: EX_IOERR)."""

INTERRUPTED = 130
"""Interrupted (Ctrl-C, SIGINT)."""

TERMINATED = 143
"""Stopped by SIGTERM."""
