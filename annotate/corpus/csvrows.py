"""CSV records read from bytes: each row named by its first line, a bad byte by its true offset, bounded rows."""
from __future__ import annotations

import csv
import re
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from annotate.corpus.article import CorpusError
from annotate.limits import MAX_ARTICLE_CHARS

#: The longest CSV row read, in bytes. UTF-8 takes at most 4 bytes a character, and CSV's doubled quotes ("") at
#: most 2 for a 1-byte '"', so a row with an article within the limit fits in 4 * MAX_ARTICLE_CHARS bytes; 1 MiB
#: more leaves room for the id, title, source and url. A longer row is reported and passed over, never held
#: whole (Python's csv module would hold it as 4 bytes a character).
MAX_ROW_BYTES = 4 * MAX_ARTICLE_CHARS + (1 << 20)
#: Bytes read at a time, then split into lines. On 15 MB of generated CSV news (20,000 rows of 9 lines), reading line
#: by line took 0.33 s, blocks 0.22 s, and Python's own text reader (which cannot tell byte offsets) 0.21 s.
BLOCK_BYTES = 1 << 16
#: While an over-long row is passed over, a line's part longer than this is counted and dropped, not kept.
SKIP_BYTES = 1 << 20
_BOM = b"\xef\xbb\xbf"
_ENDS = (b"\n", b"\r")
#: What "surrogateescape" leaves for a byte that is not UTF-8: it tells which column holds the bad byte.
_UNDECODED = re.compile("[\udc80-\udcff]")

#: (where, record, problem), as records.Record.
Row = tuple[str, dict[str, Any] | None, str | None]


class RowTooLong(Exception):
    """Raised through csv.reader when a row passes MAX_ROW_BYTES; the reader starts afresh at its next row."""


class CsvLines(Iterator[str]):
    """The lines of a binary CSV file, decoded one at a time for csv.reader, which reads no line ahead of its row.

    Lines end at "\\n", "\\r\\n" or a lone "\\r", as a text file opened with ``newline=""`` splits them. For the
    row being read it keeps its first line and byte, and the offset of its first byte that is not UTF-8 (decoded
    with "surrogateescape", so the row still parses and the next starts where it should).
    """

    def __init__(self, fh: BinaryIO, max_row_bytes: int = MAX_ROW_BYTES) -> None:
        self.fh, self.limit = fh, max_row_bytes
        self.lines = 0  # lines handed out, and passed over
        self.offset = 0  # the file offset of the next line to hand out
        self._pending: deque[bytes] = deque()  # whole lines read, not yet handed out
        self._carry: list[bytes] = []  # the start of the next line, which the blocks read so far do not end
        self._carry_bytes = 0
        self.mark()

    def mark(self) -> None:
        """A row starts at the next line."""
        self.start, self.start_line = self.offset, self.lines + 1
        self.bad: tuple[int, bytes] | None = None
        self._quotes = 0

    def _fill(self) -> bool:
        """Read a block and split it into lines; False at the end of the file."""
        block = self.fh.read(BLOCK_BYTES)
        if not block:
            if not self._carry:
                return False
            self._pending.append(b"".join(self._carry))  # the last line, without a line break
            self._carry, self._carry_bytes = [], 0
            return True
        if b"\n" not in block and b"\r" not in block:  # within one long line: gathered, joined once it ends
            self._carry.append(block)
            self._carry_bytes += len(block)
            return True
        lines = (b"".join(self._carry) + block).splitlines(keepends=True)
        # The last part may go on in the next block (a "\r" too: its "\n" may come next).
        self._carry = [] if lines[-1].endswith(b"\n") else [lines.pop()]
        self._carry_bytes = len(self._carry[0]) if self._carry else 0
        self._pending.extend(lines)
        return True

    def __next__(self) -> str:
        while not self._pending:
            if self.offset + self._carry_bytes - self.start > self.limit:
                raise RowTooLong  # a line longer than a whole row may be: skip_row passes over it
            if not self._fill():
                raise StopIteration
        line = self._pending[0]
        if self.offset + len(line) - self.start > self.limit:
            raise RowTooLong  # the line stays, for skip_row to count its quotes
        self._pending.popleft()
        at = self.offset
        self.offset += len(line)
        self.lines += 1
        self._quotes += line.count(b'"')
        if at == 0 and line.startswith(_BOM):
            line, at = line[len(_BOM):], len(_BOM)
        try:
            return line.decode("utf-8")
        except UnicodeDecodeError as exc:
            if self.bad is None:
                self.bad = at + exc.start, line[exc.start:exc.start + 1]
            return line.decode("utf-8", errors="surrogateescape")

    def skip_row(self) -> None:
        """Pass over the rest of an over-long row (holding at most SKIP_BYTES), to a line end where its quotes pair up.

        The quotes are counted, not parsed: a stray quote inside an unquoted field (which csv reads as text) can
        make the skip run on to a later line. Only a row already too long to read is passed over this way.
        """
        while True:
            while not self._pending:
                if self._carry_bytes > SKIP_BYTES:  # part of a line (gathered blocks have no line break): dropped
                    for part in self._carry:
                        self.offset += len(part)
                        self._quotes += part.count(b'"')
                    self._carry, self._carry_bytes = [], 0
                if not self._fill():
                    return
            line = self._pending.popleft()
            self.offset += len(line)
            self._quotes += line.count(b'"')
            if line.endswith(_ENDS):
                self.lines += 1
                if self._quotes % 2 == 0:
                    return


def csv_rows(p: Path, raw: BinaryIO) -> Iterator[Row]:
    """The records of a CSV corpus: a row with a byte that is not UTF-8, or over MAX_ROW_BYTES, fails alone."""
    lines = CsvLines(raw, MAX_ROW_BYTES)
    reader = csv.reader(lines)
    try:
        header = next(reader, None)
    except RowTooLong:
        raise CorpusError(f"{p}: the header row is longer than {lines.limit:,} bytes") from None
    if lines.bad is not None:
        raise CorpusError(f"{p}: the header row is not valid UTF-8 ({_bad_byte(lines.bad)})")
    if header is None or "text" not in header:
        raise CorpusError(f"{p}: a CSV corpus needs a 'text' column (found {header})")
    while True:
        lines.mark()
        try:
            row = next(reader)
        except StopIteration:
            return
        except RowTooLong:
            where = f"{p}:{lines.start_line}"
            lines.skip_row()
            yield where, None, (f"a row longer than {lines.limit:,} bytes: not read (an article over the limit of "
                                f"{MAX_ARTICLE_CHARS:,} characters, or a quote left open?)")
            continue
        except csv.Error as exc:  # the reader starts afresh at the next line
            yield f"{p}:{lines.start_line}", None, f"malformed CSV ({exc})"
            continue
        if not row:
            continue  # a blank line is no record
        where = f"{p}:{lines.start_line}"
        if lines.bad is not None:
            yield where, None, f"not valid UTF-8 ({_bad_byte(lines.bad)}{_column(header, row)})"
            continue
        # As csv.DictReader has it: missing values are None; values past the header's columns are left out.
        yield where, {name: row[i] if i < len(row) else None for i, name in enumerate(header)}, None


def _column(header: list[str], row: list[str]) -> str:
    """Which column holds the bad byte, as ", in the 'text' column" ("" if none shows it)."""
    for i, value in enumerate(row):
        if _UNDECODED.search(value):
            return f", in the {header[i]!r} column" if i < len(header) else f", in column {i + 1} (past the header's)"
    return ""


def _bad_byte(bad: tuple[int, bytes]) -> str:
    return f"byte {bad[0]:,} of the file is {bad[1]!r}"
