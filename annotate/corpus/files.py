"""What a corpus folder holds (text files, shards, entries skipped and why), and opening a file that is surely one."""
from __future__ import annotations

import csv
import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from annotate.corpus.article import CorpusError

TEXT_SUFFIXES = (".txt", ".md")
#: The formats a folder's files may be shards of one archive in, read in name order, when it holds no .txt or
#: .md file (one article per file) to read instead.
SHARD_SUFFIXES = (".jsonl", ".jsonl.gz", ".csv", ".parquet")
#: Bytes of a CSV's first line read to see whether it is articles (a header longer than this is not looked at).
HEADER_PEEK_BYTES = 65_536
#: Why a shard in a folder of text files is not read.
BESIDE_TEXTS = ("not read: this folder holds .txt or .md files, and a folder is read either as one article per "
                "text file or as shards; move the shard to a folder of its own")


def mode_problem(mode: int) -> str | None:
    """Why a file of this ``st_mode`` is not read (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), never opened: reading it would wait for a writer"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file"
    return "not a regular file"


def entry_problem(path: Path) -> str | None:
    """Why ``path`` cannot be read as a corpus file (None when it is a regular file, or a link to one)."""
    try:
        mode = os.stat(path).st_mode  # through links: what reading it would open
    except FileNotFoundError:
        if path.is_symlink():
            return f"a broken symbolic link (to {os.readlink(path)})"
        return "no such file or folder"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop"
        return f"cannot be read ({exc.strerror})"
    return mode_problem(mode)


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading in binary, or CorpusError when it is no regular file (a FIFO is never waited on).

    O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer; the file is checked on the open
    descriptor itself, so nothing can swap it in between.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise CorpusError(f"{path}: {entry_problem(path) or f'cannot be read ({exc.strerror})'}") from exc
    try:
        problem = mode_problem(os.fstat(fd).st_mode)
        if problem is not None:
            raise CorpusError(f"{path}: {problem}")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def check_corpus_path(path: Path) -> None:
    """CorpusError, naming why, unless ``path`` is a folder or a regular file (FIFOs and broken links are refused)."""
    problem = entry_problem(path)
    if problem is not None and problem != "a folder, not a file":
        raise CorpusError(f"{path}: {problem}")


def _holds_articles(shard: Path) -> bool:
    """Whether a shard beside text files is articles: a CSV only with a 'text' column, since a manifest or a
    table of metadata (seeds/manifest.csv) is a CSV beside text files too."""
    if not shard.name.lower().endswith(".csv"):
        return True
    try:
        with shard.open("rb") as f:
            first = f.readline(HEADER_PEEK_BYTES).decode("utf-8-sig", errors="replace")
    except OSError:
        return True  # named, so the reader says what is wrong with it
    header = next(csv.reader([first]), [])
    return "text" in (h.strip() for h in header)


def folder_listing(folder: Path) -> tuple[list[Path], list[Path], list[tuple[Path, str]]]:
    """A folder's (text files, shards, skipped entries with why), each in name order; shards only without text files.

    Skipped are the entries named like corpus files (.txt, .md, .jsonl, ...) that are no regular files: broken
    links, link loops, FIFOs, sockets and folders; and shards of articles in a folder that holds text files (see
    BESIDE_TEXTS). The folder is read one level deep, so no link can lead anywhere twice. Other names (a README,
    a manifest beside text files) are not corpus files and are not mentioned.
    """
    texts: list[Path] = []
    shards: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for path in sorted(folder.iterdir()):
        is_text = path.suffix.lower() in TEXT_SUFFIXES
        if not is_text and not path.name.lower().endswith(SHARD_SUFFIXES):
            continue
        problem = entry_problem(path)
        if problem is not None:
            skipped.append((path, problem))
        else:
            (texts if is_text else shards).append(path)
    if texts and shards:
        # A folder is read one way: one article per text file, or as shards. Shards dropped beside text files
        # were left out without a word; they are named, so nobody believes their articles were read.
        skipped += [(shard, BESIDE_TEXTS) for shard in shards if _holds_articles(shard)]
        skipped.sort()
    return texts, [] if texts else shards, skipped
