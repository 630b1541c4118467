"""The stat stamp: the cache key last computed by hashing, trusted again without reading or
hashing anything while every file it covers stats the same (as git's index does).

A stamp, named by its data paths, this version and this installation, maps each data file's
(device, inode, size, mtime, ctime) and a digest of the same stat of every code file that
code_fingerprint reads to the key hashing them gave. It is written only when every one of those
files was last changed at least RACY_NS before the reading began and stats the same after it:
kernel timestamps are coarse, so a same-size rewrite within one tick of the hashed version would
otherwise keep its stat. A stamp that is damaged, foreign, racy or from the future is ignored
(and replaced); a folder that cannot be written only means the next run hashes again."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import time
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from anastro_cli import __version__

if TYPE_CHECKING:
    from hashlib import _Hash

STAMP_FORMAT = 1
RACY_NS = 2_000_000_000  # a file changed this recently is not stamped (coarse timestamps)
MAX_STAMP_BYTES = 1 << 20
STAMP_NAME = re.compile(r"^stamp-[0-9a-f]{32}$")
STAMP_LEFTOVER = re.compile(r"^stamp-([0-9]+)-[0-9a-f]+\.tmp$")
KEY = re.compile(r"^[0-9a-f]{64}$")
Stat = tuple[int, int, int, int, int]
# On Windows st_ctime is when the file was made, not last changed: an edit that kept the size
# and put the mtime back would keep every stat, so no stamp is trusted there (the key is hashed).
TRUSTED_CTIME = os.name != "nt"


def sha256(data: bytes = b"", *, bulk: bool = False) -> _Hash:
    """A SHA-256 hash object. CPython's own module first (_sha256 up to 3.11, _sha2 after):
    hashlib loads OpenSSL, about 3 ms of start-up, for the same digest. For bulk (megabytes
    to hash), OpenSSL's: several times faster per byte (43 MB: 0.03 s against 0.18 s here)."""
    if bulk:
        import hashlib

        return hashlib.sha256(data)
    import importlib

    for name in ("_sha256", "_sha2"):
        try:
            hasher: _Hash = importlib.import_module(name).sha256(data)
        except (ImportError, AttributeError):
            continue
        return hasher
    import hashlib

    return hashlib.sha256(data)


def package_dir() -> str:
    """The folder of this package's code (src/anastro_cli in a checkout)."""
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def code_files() -> list[tuple[str, str]]:
    """(path, name inside the package) of every module, in every sub-package, and every word
    list: what may change what a store keeps. Sorted by path."""
    package = package_dir()
    found: list[str] = []
    for folder, folders, names in os.walk(package):
        folders[:] = [f for f in folders if f not in ("__pycache__", "data")]
        lexicon = os.path.basename(folder) == "lexicon"
        found += [
            os.path.join(folder, name)
            for name in names
            if name.endswith(".py") or (lexicon and name.endswith(".txt"))
        ]
    # os.walk joins on package, so each name is the path past it.
    return [(path, path[len(package) + 1 :].replace(os.sep, "/")) for path in sorted(found)]


def _now() -> int:
    return time.time_ns()


def _stat(path: str | Path) -> Stat:
    return stat_of(os.stat(path))


def stat_of(info: os.stat_result) -> Stat:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


class Snapshot:
    """The stat of each data file and a digest of the code files' stat, and when it was taken
    (wall clock, before the first stat). Raises OSError when a data file cannot be stat'ed."""

    def __init__(self, paths: list[Path]) -> None:
        self.taken = _now()
        self.files = tuple(_stat(path) for path in paths)
        newest = [max(s[3], s[4]) for s in self.files]
        lines: list[str] = []
        for path, name in code_files():
            try:
                code = _stat(path)
            except OSError:
                lines.append(f"{name}:-")  # code_fingerprint skips it too
                continue
            newest.append(max(code[3], code[4]))
            lines.append(f"{name}:{' '.join(map(str, code))}")
        self.code = sha256("\n".join(lines).encode()).hexdigest()
        self.newest = max(newest, default=0)

    def same(self, other: Snapshot) -> bool:
        return (self.files, self.code) == (other.files, other.code)

    def settled(self) -> bool:
        """Whether every file was last changed (mtime and ctime) RACY_NS before this stat."""
        return self.newest <= self.taken - RACY_NS


def interpreter() -> str:
    """Which Python builds and reads a store ('cpython-311'): its Unicode tables fold text
    and its marshal writes the blobs, so a store is never shared between two of them."""
    return sys.implementation.cache_tag or sys.implementation.name


def stamp_path(folder: Path, paths: list[Path]) -> Path:
    """The stamp of these data paths, for this version and this installation of the code,
    and this stemmer (another PyStemmer release may stem differently: a new stamp, a new key)."""
    from anastro_cli.text.fold import stemmer_version

    names = "\0".join(os.path.realpath(path) for path in paths)
    seed = f"{STAMP_FORMAT}:{__version__}:{stemmer_version()}:{interpreter()}:{package_dir()}"
    seed += f"\0{names}"
    return folder / f"stamp-{sha256(seed.encode()).hexdigest()[:32]}"


def _body(taken: int, key: str, code: str, files: tuple[Stat, ...]) -> str:
    lines = [f"anastro-stamp {STAMP_FORMAT} {__version__}", f"taken {taken}", f"key {key}"]
    lines += [f"code {code}", *(f"file {' '.join(map(str, s))}" for s in files)]
    return "".join(f"{line}\n" for line in lines)


def _read(path: Path) -> tuple[int, str, str, tuple[Stat, ...]] | None:
    """A stamp's (taken, key, code digest, file stats); None unless it is whole and ours."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_STAMP_BYTES:
            return None
        if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
            return None  # a stamp someone else could have written names no store of ours
        raw = os.read(handle, MAX_STAMP_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(handle)
    try:
        text = raw.decode("ascii")
        body, _, last = text.rpartition("crc ")
        if last != f"{zlib.crc32(body.encode())}\n" or not body.endswith("\n"):
            return None
        lines = [line.split(" ") for line in body.splitlines()]
        head, (taken_word, taken), (key_word, key), (code_word, code), *rest = lines
        files = tuple(tuple(int(n) for n in words[1:]) for words in rest)
        if (
            head != ["anastro-stamp", str(STAMP_FORMAT), __version__]
            or (taken_word, key_word, code_word) != ("taken", "key", "code")
            or not (KEY.match(key) and KEY.match(code))
            or any(words[0] != "file" or len(words) != 6 for words in rest)
        ):
            return None
        return int(taken), key, code, files  # type: ignore[return-value]
    except ValueError:  # not ASCII, too few lines, a word that is not a number
        return None


def stamped_key(path: Path, now: Snapshot) -> str | None:
    """The key the stamp at path gives for the files as they stat now, or None: no stamp, a
    damaged or foreign one, one of other stats, or one that was written in the racy window
    (any file changed less than RACY_NS before the stamp's hashing) or in the future."""
    found = _read(path) if TRUSTED_CTIME else None
    if found is None:
        return None
    taken, key, code, files = found
    if taken > now.taken:  # from the future: the clock went back; never trusted again
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    if (files, code) != (now.files, now.code):
        return None
    if now.newest > taken - RACY_NS:  # the same stats as recorded: their newest change
        return None
    return key


def key_of(path: Path) -> str | None:
    """The key a stamp names, if it is whole (for pruning: a stamp whose store is gone)."""
    found = _read(path)
    return found[1] if found is not None else None


def write_stamp(
    path: Path, before: Snapshot, after: Snapshot, key: str, read: tuple[Stat, ...]
) -> None:
    """Record key for the stats of before (taken before reading), when they are settled and
    unchanged after reading, and when the files read (read: the stat of each handle, the same
    before and after its read) are the files the paths name (a symlink switched to another
    file and back while it was read would pair one file's stats with another's bytes);
    atomically (a temporary file renamed). Best effort."""
    if not (TRUSTED_CTIME and KEY.match(key) and before.same(after) and before.settled()):
        return
    if read != before.files:
        return
    body = _body(before.taken, key, before.code, before.files)
    text = f"{body}crc {zlib.crc32(body.encode())}\n".encode()
    temporary = path.parent / f"stamp-{os.getpid()}-{os.urandom(6).hex()}.tmp"
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        handle = os.open(temporary, flags, 0o600)
        try:
            view = memoryview(text)
            while view:
                view = view[os.write(handle, view) :]
        finally:
            os.close(handle)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
