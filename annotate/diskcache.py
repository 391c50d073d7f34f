"""Tables that take seconds to build, built once and kept in the user's cache folder, keyed by their sources."""
from __future__ import annotations

import hashlib
import marshal
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

#: Overrides the cache folder (platformdirs' user cache folder for "annotate" otherwise); tests point it elsewhere.
CACHE_ENV = "ANNOTATE_CACHE_DIR"
#: Bumped when the file layout below changes, so an older layout is never read as this one.
FORMAT = 1
#: Bytes of the SHA-256 of the payload written before it: a torn or corrupted file is rebuilt, never trusted.
_DIGEST = 32


def cache_dir() -> Path:
    """Where the tables live: $ANNOTATE_CACHE_DIR, else the user's cache folder (never inside the project)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("annotate", appauthor=False))


def _stamp(path: Path) -> str:
    status = path.stat()
    return f"{path.resolve()}\0{status.st_size}\0{status.st_mtime_ns}"


def _package_stamp() -> str:
    """Every module and data file of annotate itself, by path, size and change time (113 files, about 5 ms).

    A table depends on more code than the module that builds it (the lexicon loader, the patterns it
    derives from), so every table is keyed on the whole package.
    """
    package = Path(__file__).parent
    files = sorted(p for p in package.rglob("*") if p.suffix in (".py", ".txt", ".yaml"))
    return "\n".join(map(_stamp, files))


#: The package as it was when this process loaded it, before any scorer: the code that builds a table is
#: this code, even if the files change while the process runs (then nothing is written: see _write).
_LOADED = _package_stamp()
#: A folder per environment (this Python, this package's place): two virtualenvs, worktrees or Python
#: versions sharing one user cache keep their own tables instead of replacing each other's at every run.
_ENVIRONMENT = hashlib.sha256(f"{sys.version}\0{sys.prefix}\0{Path(__file__).resolve()}".encode()).hexdigest()[:12]
_ENVIRONMENT_NAME = re.compile(r"[0-9a-f]{12}")
#: Temporary files older than this were left by a process killed while writing (a table takes seconds).
STALE_TEMPORARY_SECONDS = 600
#: Another environment's folder none of whose tables was written for this long belongs to a virtualenv or
#: worktree that is gone (about 20 MB each); one still in use only rebuilds its tables (a few seconds).
ABANDONED_SECONDS = 90 * 24 * 3600


def _key(name: str, sources: Sequence[Path]) -> str:
    """What the table was built from: this package as loaded, the files it reads (path, size, change time)."""
    parts = [str(FORMAT), name, _LOADED, *map(_stamp, sources)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:20]


def cached_table(name: str, sources: Sequence[Path], build: Callable[[], T], *, family: str | None = None,
                 keep: int = 0) -> T:
    """``build()``, or the table it built before with the same sources, read back from disk.

    Tables are plain data (dicts, tuples, sets of str and int), stored with :mod:`marshal`, which runs
    no code when reading. A missing, stale, torn or corrupt file is rebuilt. Two processes building at
    once each write their own temporary file and rename it into place, so a reader sees one whole table
    or none. A folder that cannot be written only costs the rebuild next time.

    Tables of one ``family`` (name prefix: one per corpus, say) are many: only the ``keep`` used last stay.
    """
    folder = cache_dir() / _ENVIRONMENT
    key = _key(name, sources)
    path = folder / f"{name}-{key}.marshal"
    table = _read(path)
    if table is not None:
        if family:
            _touch(path)  # used now: the family's pruning keeps the tables used last
        return table  # type: ignore[no-any-return]
    table = build()
    # Files edited since this process loaded them: its table is the old code's, so it is not kept.
    if _package_stamp() == _LOADED and _key(name, sources) == key:
        _write(folder, path, name, table)
        if family:
            _keep_newest(folder, family, keep)
    return table


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        return


def _keep_newest(folder: Path, family: str, keep: int) -> None:
    try:
        tables = sorted(folder.glob(f"{family}-*.marshal"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in tables[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        return


def _read(path: Path) -> Any:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    digest, payload = data[:_DIGEST], data[_DIGEST:]
    if hashlib.sha256(payload).digest() != digest:
        return None
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None


def _write(folder: Path, path: Path, name: str, table: Any) -> None:
    try:
        payload = marshal.dumps(table)
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{name}-", dir=folder)
        try:
            with os.fdopen(handle, "wb") as fh:
                fh.write(hashlib.sha256(payload).digest() + payload)
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        _prune(folder, path, name)
    except (OSError, ValueError):
        return  # read-only or full: the table is still returned, and built again next time


def _prune(folder: Path, path: Path, name: str) -> None:
    """Remove this table's older versions, temporary files left by killed processes, abandoned environments."""
    for old in folder.glob(f"{name}-*.marshal"):
        if old != path:
            old.unlink(missing_ok=True)
    now = time.time()
    for left in folder.glob(f".{name}-*"):
        try:
            if now - left.stat().st_mtime > STALE_TEMPORARY_SECONDS:
                left.unlink(missing_ok=True)
        except OSError:
            continue
    for other in folder.parent.iterdir():
        try:
            if other != folder and _is_abandoned(other, now):
                shutil.rmtree(other, ignore_errors=True)
        except OSError:
            continue


def _is_abandoned(other: Path, now: float) -> bool:
    """An environment's folder (a hex name holding only tables) with nothing written for ABANDONED_SECONDS.

    ANNOTATE_CACHE_DIR may name a folder shared with other things: anything else in it is never touched.
    """
    if not (other.is_dir() and _ENVIRONMENT_NAME.fullmatch(other.name)):
        return False
    files = list(other.iterdir())
    if not all(f.name.endswith(".marshal") or f.name.startswith(".") for f in files):
        return False
    return now - max((f.stat().st_mtime for f in files), default=0) > ABANDONED_SECONDS
