"""The compiled dataset in the user's cache folder: where it lives, its key, reading, writing,
pruning, and removing a damaged copy. Only anastro's own files are touched."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from anastro_cli import __version__
from anastro_cli.dataset.stamp import (
    STAMP_LEFTOVER,
    STAMP_NAME,
    TRUSTED_CTIME,
    Snapshot,
    Stat,
    code_files,
    interpreter,
    key_of,
    stamp_path,
    stamped_key,
    stat_of,
    write_stamp,
)
from anastro_cli.dataset.stamp import sha256 as _sha256
from anastro_cli.dataset.yamlsafe import YamlFileError
from anastro_cli.text.sanitize import clean

if TYPE_CHECKING:
    from anastro_cli.model.dataset import Dataset
    from anastro_cli.store.store import Store

CACHE_FORMAT = 2


def cache_enabled() -> bool:
    return os.environ.get("ANASTRO_NO_CACHE", "") in ("", "0")


STORES = "stores-v1"  # anastro's own subfolder: it never touches a file outside it


def cache_dir() -> Path:
    """Where compiled datasets live: ANASTRO_CACHE_DIR, else $XDG_CACHE_HOME/anastro (a
    relative XDG_CACHE_HOME is ignored, as the XDG spec says), else ~/.cache/anastro."""
    override = os.environ.get("ANASTRO_CACHE_DIR")
    if override:
        return Path(override)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = xdg if os.path.isabs(xdg) else os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "anastro"


def stores_dir() -> Path:
    """The folder anastro writes stores in, inside the cache folder: its own, so a cache
    folder shared with other files (ANASTRO_CACHE_DIR=/tmp) never loses one of them."""
    return cache_dir() / STORES


def _make_private(folder: Path) -> None:
    """Create folder (and the cache folder above it) readable by this user only, whatever
    the umask; an existing cache folder keeps its mode, anastro's own subfolder is 0700."""
    folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.mkdir(mode=0o700, exist_ok=True)
    if folder.stat().st_mode & 0o077:
        folder.chmod(0o700)


def code_fingerprint() -> str:
    """A hash of this package's code and word lists: every module (in every sub-package) and
    every text/lexicon file, since any of them may change what the store keeps (validation,
    the search index, each effect's JSON). About 300 kB, read only when no stamp (stamp.py)
    vouches for the key."""
    digest = _sha256()
    for path, name in code_files():
        with contextlib.suppress(OSError), open(path, "rb") as handle:
            content = handle.read()
            digest.update(f"{name}:{len(content)}:".encode())
            digest.update(content)
    return digest.hexdigest()


# From this many bytes of data the key is hashed by OpenSSL (stamp.sha256's bulk).
BULK = 4 * 2**20


class Cache:
    """The compiled dataset (store.py) in the cache folder, keyed by the data files' bytes.

    Each file is read once: the bytes hashed for the key are the bytes then parsed
    (`contents`), so a file rewritten while anastro reads it can never leave a half-read
    copy cached under the whole file's key. When a stat stamp (stamp.py) vouches for the key,
    nothing is read or hashed; should its store be missing or damaged, `rehash` reads and
    hashes as before, and that key is the one a new store is written under."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        self.contents: dict[Path, bytes] = {}
        self.key = ""
        self.stamped = False
        self._stamp: Path | None = None
        self._before: Snapshot | None = None
        self._after: Snapshot | None = None
        self._read: tuple[Stat, ...] = ()
        if TRUSTED_CTIME:  # where no stamp is trusted (Windows), no stat walk either
            with contextlib.suppress(OSError):
                self._stamp = stamp_path(stores_dir(), paths)
                now = Snapshot(paths)
                key = stamped_key(self._stamp, now)
                if key is not None:
                    self.key, self.stamped = key, True
                    return
                self._before = now
        self._hash()

    def rehash(self) -> None:
        """Read and hash the files after all (the stamped key's store was not fit to use)."""
        self.stamped = False
        self._before = None
        if TRUSTED_CTIME:
            with contextlib.suppress(OSError):
                self._before = Snapshot(self.paths)
        self._hash()

    def _hash(self) -> None:
        from anastro_cli.dataset.yamlsafe import read_bounded

        self.contents = {}
        from anastro_cli.text.fold import stemmer_version

        # The stems in the index come from PyStemmer: another release may stem differently;
        # another Python may fold text (its Unicode tables) or marshal differently.
        seed = f"{CACHE_FORMAT}:{__version__}:{stemmer_version()}:{interpreter()}"
        opened: list[os.stat_result] = []
        try:
            for path in self.paths:
                self.contents[path] = read_bounded(path, opened)
        except YamlFileError:
            self.key = ""  # the parse step reports the problem with the file
            return
        bulk = sum(map(len, self.contents.values())) >= BULK
        digest = _sha256(seed.encode(), bulk=bulk)
        # The store also holds what code computed (the search index, each effect's JSON), so
        # edited code (an editable install, a patched copy) must not meet an old store.
        digest.update(code_fingerprint().encode())
        for path in self.paths:  # each as often as it is named (a file given twice counts)
            content = self.contents[path]
            digest.update(f"{len(path.name)}:{path.name}:{len(content)}:".encode())
            digest.update(content)
        self.key = digest.hexdigest()
        handles = [stat_of(info) for info in opened]
        # Each file as read: its handle's stat, unchanged by the read (else nothing matches).
        self._read = tuple(
            first if first == last else (-1, -1, -1, -1, -1)
            for first, last in zip(handles[::2], handles[1::2], strict=True)
        )
        if self._before is not None:  # a stamp may follow: compared, nothing changed
            with contextlib.suppress(OSError):
                self._after = Snapshot(self.paths)

    def remember(self) -> None:
        """After the store of a hashed key was read or written: stamp the key (stamp.py says
        when a stamp is written at all). Never an error."""
        stamp, before, after = self._stamp, self._before, self._after
        if self.stamped or stamp is None or before is None or after is None:
            return
        write_stamp(stamp, before, after, self.key, self._read)
        self._before = self._after = None

    @property
    def file(self) -> Path:
        return stores_dir() / f"dataset-{self.key[:32]}.db"

    def read(self) -> Store:
        """The cached store of this data (StoreError when there is none fit to use)."""
        from anastro_cli.store.schema import StoreError
        from anastro_cli.store.store import Store

        if not self.key:
            raise StoreError("no key")
        with contextlib.suppress(OSError):
            os.utime(self.file)  # a cache in use is the last one pruning removes
        return Store.open(self.file, self.key)  # after the touch: open records its mtime

    def write(self, dataset: Dataset) -> Store | None:
        """Compile dataset into the cache; None when the cache cannot be written."""
        import tempfile

        from anastro_cli.store.schema import StoreError
        from anastro_cli.store.store import Store

        if not self.key:
            return None
        target = self.file
        temporary: Path | None = None
        prefix = f"dataset-{os.getpid()}-"  # a killed run's leftover names its process
        try:
            _make_private(target.parent)
            handle, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=target.parent)
            os.close(handle)
            temporary = Path(name)
            Store.write(dataset, temporary, self.key)
            os.replace(temporary, target)
        except BaseException as exc:
            # A signal can land between mkstemp making the file and `temporary` naming it:
            # every file of this process's prefix goes.
            with contextlib.suppress(OSError):
                for leftover in {*target.parent.glob(f"{prefix}*.tmp"), temporary}:
                    if leftover is not None:
                        with contextlib.suppress(OSError):
                            leftover.unlink()
            if isinstance(exc, (OSError, sqlite3.Error)):
                return None  # a read-only or missing cache directory never stops a lookup
            raise
        prune(target.parent, keep=target)
        try:
            return Store.open(target, self.key)
        except StoreError:
            return None


CACHE_KEEP = 8
# A 100,000-effect dataset compiles to about 190 MB: keep the newest within this many bytes.
CACHE_MAX_BYTES = 512 * 2**20


CACHE_NAME = re.compile(r"^dataset-[0-9a-f]{32}\.db$")
LEFTOVER_NAME = re.compile(r"^dataset-([0-9]+)-[a-z0-9_]+\.tmp$")


def prune(folder: Path, keep: Path) -> None:
    """Keep the most recently used few cached datasets (each edit of a --data file writes a
    new one), in anastro's own folder only, with the stamps of the kept ones, and clear the
    leftovers of writes whose process has gone (killed mid-compile). Best effort, file by
    file: another anastro may be pruning the same folder."""
    ours: list[tuple[float, int, Path]] = []
    for path in folder.glob("dataset-*.db"):
        if CACHE_NAME.match(path.name):
            with contextlib.suppress(OSError):
                info = path.stat()
                ours.append((info.st_mtime, info.st_size, path))
    ours.sort(reverse=True)
    kept_bytes = 0
    for rank, (_, size, old) in enumerate(ours):
        kept_bytes += size
        if old != keep and (rank >= CACHE_KEEP or kept_bytes > CACHE_MAX_BYTES):
            kept_bytes -= size
            with contextlib.suppress(OSError):
                old.unlink()
    for stamp in folder.glob("stamp-*"):
        if STAMP_NAME.match(stamp.name):  # a stamp whose store is gone (or unreadable) goes
            key = key_of(stamp)
            if key is None or not (folder / f"dataset-{key[:32]}.db").exists():
                with contextlib.suppress(OSError):
                    stamp.unlink()
    for leftover in [*folder.glob("dataset-*.tmp"), *folder.glob("stamp-*.tmp")]:
        match = LEFTOVER_NAME.match(leftover.name) or STAMP_LEFTOVER.match(leftover.name)
        if match and not _alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _alive(pid: int) -> bool:
    """Whether a process of this id still runs (a leftover of a live write is not ours)."""
    if pid == os.getpid() or os.name == "nt":  # Windows' os.kill would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, ValueError, OverflowError):
        return True  # someone else's process, or cannot tell: leave the file
    return True


def forget_damaged(path: Path | None, identity: tuple[int, int, int] | None) -> str:
    """Remove a damaged cached dataset (if it is still the file that was read: another anastro
    may have put a good one in its place since) and say truthfully what happened."""
    if path is None:
        return "the dataset built in memory could not be read: rebuilding it"
    try:
        info = path.stat()
        if identity is None or (info.st_dev, info.st_ino, info.st_mtime_ns) == identity:
            path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        return (
            f"the cached copy of the dataset is damaged and could not be removed "
            f"({clean(exc.strerror or str(exc))}): delete {clean(str(path))}"
        )
    return "the cached copy of the dataset was damaged: removed, and this answer rebuilt"
