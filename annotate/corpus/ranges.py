"""A JSONL file cut into byte ranges of whole lines, so that each range can be read where it is processed."""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from annotate.corpus.article import CorpusError, Problem
from annotate.corpus.files import folder_listing, open_regular
from annotate.corpus.records import jsonl_lines, jsonl_record, record_stem, skip_line
from annotate.corpus.stream import SeenIds, keep_problem

#: A range's size: about 700 news articles, so a cluster gets many more ranges than workers. Measured on
#: 20,000 generated articles (110 MB), 2 workers on 2 cores, two runs each: 1 MB ranges 23.0/21.2 s, 4 MB
#: 20.3/15.9 s, 16 MB (7 ranges: the last ones leave a worker idle) 22.1/20.5 s.
RANGE_BYTES = 4_000_000

#: Bytes at the head of a file that its stamp hashes: enough to tell two files apart, cheap to read anywhere.
STAMP_HEAD_BYTES = 65_536

#: (line number within the range, record, problem): one entry per non-blank line.
RangeRecord = tuple[int, dict[str, Any] | None, str | None]


def line_ranges(path: Path, size: int | None = None) -> list[tuple[int, int]]:
    """[start, end) byte ranges of about ``size`` bytes (RANGE_BYTES) covering the file, each at a line start."""
    size = size or RANGE_BYTES
    total = path.stat().st_size
    starts = [0]
    with open_regular(path) as fh:
        while starts[-1] + size < total:
            fh.seek(starts[-1] + size)
            skip_line(fh)  # to the start of the next line, in bounded steps however long this one is
            if fh.tell() >= total:
                break
            starts.append(fh.tell())
    return list(zip(starts, [*starts[1:], total], strict=True))


def file_stamp(path: Path) -> str:
    """The file's size and a digest of its head: a worker checks it to know it reads the file the client saw."""
    with open_regular(path) as fh:
        head = fh.read(STAMP_HEAD_BYTES)
    return f"{path.stat().st_size}:{hashlib.blake2b(head, digest_size=16).hexdigest()}"


def check_stamp(path: Path, stamp: str | None) -> None:
    """CorpusError unless the file here has ``stamp`` (from :func:`file_stamp` where the work was planned)."""
    if stamp is not None and (here := file_stamp(path)) != stamp:
        raise CorpusError(f"{path}: this is not the file that was cut into ranges (size and head {here}, "
                          f"expected {stamp}): every worker must see the same file at the same path")


def read_range(path: Path, start: int, end: int, stamp: str | None = None) -> tuple[list[RangeRecord], int]:
    """The records of one range, as CorpusStream reads them, and the number of lines in it.

    With ``stamp`` (from :func:`file_stamp` where the ranges were cut), CorpusError is raised if the file
    here is not that file: a worker on another machine must see the same file at the same path.
    """
    check_stamp(path, stamp)
    out: list[RangeRecord] = []
    number = 0
    with open_regular(path) as fh:
        fh.seek(start)
        for number, (offset, raw) in enumerate(jsonl_lines(fh, start, end), start=1):
            read = jsonl_record(raw, offset)
            if read is not None:
                out.append((number, read[0], read[1]))
    return out, number


class RangeNumbering:
    """Turns ranges read in order back into the stream's view: file line numbers, default ids, repeated ids.

    It has the attributes of a CorpusStream that a writer reads (``problems``, ``n_problems``, ``n_articles``,
    ``total``), so the command line reports a cluster's run as it reports a local one. Given several
    ``files`` (the shards of an archive), each is numbered in turn (``start_file``), and ids are checked
    across all of them.
    """

    def __init__(self, path: Path, files: Sequence[Path] = ()) -> None:
        self.files = list(files) or [path]
        self.problems: list[Problem] = []
        self.n_problems = self.n_articles = 0
        self.total: int | None = None
        self._bytes_done = self._base = 0
        self._size = sum(f.stat().st_size for f in self.files)
        self._seen = SeenIds()
        self.start_file(self.files[0])
        if path.is_dir():  # the folder's entries that are no files (broken links, FIFOs ...), as a stream reports them
            for entry, why in folder_listing(path)[2]:
                self.problem(0, why, str(entry))

    def start_file(self, path: Path, base: int = 0) -> None:
        """Number ``path``'s records from here on (``base``: the bytes of the files before it)."""
        self.path, self.stem, self._base = path, record_stem(path), base
        self._lines = self._records = 0

    def where(self, local_line: int) -> str:
        return f"{self.path}:{self._lines + local_line}"

    def next_record(self) -> int:
        self._records += 1
        return self._records

    def problem(self, local_line: int, message: str, where: str | None = None) -> None:
        self.n_problems += 1
        keep_problem(self.problems, Problem(where or self.where(local_line), message))

    def article_id(self, given: str, record: int, local_line: int, where: str | None = None) -> str | None:
        """The article's id (given, or from its record number), or None when it repeats one: a problem."""
        article_id = given or f"{self.stem}-{record}"
        if self._seen.repeated(article_id):
            self.problem(local_line, f"id {article_id!r} repeats an earlier record's id", where)
            return None
        self.n_articles += 1
        return article_id

    def end_range(self, lines: int, end: int) -> None:
        """The range ending at byte ``end`` of its file is numbered: the next one's lines follow its ``lines``."""
        self._lines += lines
        self._bytes_done = self._base + end

    def fraction_read(self) -> float | None:
        """How far through the file (or files) the ranges numbered so far reach (0 to 1)."""
        return self._bytes_done / self._size if self._size else None
