"""A label file read incrementally: each read takes only the bytes appended since the last one."""
from __future__ import annotations

import bisect
import os
from collections.abc import Callable, Collection
from pathlib import Path

from annotate.labels.codebooks import Codebook
from annotate.labels.columns import RETRACT, UNREADABLE, columns_for
from annotate.labels.format import (
    Entry,
    Problem,
    csv_line,
    current_entry,
    explain_unreadable,
    parse_lines,
    tail_problem,
)

#: Bytes just before the read position compared on each read: if they differ, the file was rewritten in place
#: (which the store never does, a hand edit might) and it is read again from the start rather than trusted.
#: A file whose size is unchanged but whose modification time moved was rewritten too. What this does not
#: see: a same-length hand edit further back (in a 168-byte row, these 64 bytes are only its last values and
#: seconds, not its ids) followed by an append before the next read. Seeing that would take reading the
#: whole file on every save, which is what this class exists to avoid.
GUARD_BYTES = 64

#: (device, inode, size, modification time in ns) of the file as read
Stamp = tuple[int, int, int, int]


class LabelLog:
    """The rows of one label file, its problems, and each article's standing rows (undo stack).

    ``rows`` are its valid rows and the stand-ins of its unreadable ones (``format.parse_lines``), in file order;
    an article whose latest standing row is unreadable has no current row (``format.current_entry``).

    ``refresh`` reads what was appended since the last call, so the cost of a save and of re-reading does
    not grow with the file. A file replaced or rewritten (another inode, shorter, or changed in the
    GUARD_BYTES before the read position) is read again from the start. Rows handed out are copies.
    """

    def __init__(self, path: Path, codebook: Codebook) -> None:
        self.path = path
        self.codebook = codebook
        self.columns = columns_for(codebook.field_names)
        self.header = csv_line(self.columns)
        self._reset()

    def _reset(self) -> None:
        self.rows: list[dict[str, str]] = []
        self._problems: list[Problem] = []
        self._tail: Problem | None = None  # a last line with no newline yet: reported, not consumed
        self._seen: dict[str, int] = {}
        self._header_seen = False
        self._lines = 0
        self._offset = 0
        self._stamp: Stamp | None = None
        self._guard = b""
        self.stacks: dict[str, list[Entry]] = {}
        self._tops: list[int] = []  # positions of every article's standing top row, sorted
        self._top_article: dict[int, str] = {}

    @property
    def problems(self) -> list[Problem]:
        return [*explain_unreadable(self._problems, self.stacks), *([self._tail] if self._tail else [])]

    def refresh(self, read: Callable[[Path, int], tuple[Stamp, bytes]]) -> set[str] | None:
        """Take in what was appended; the ids of articles whose standing rows changed, or None after a full read.

        ``read(path, start)`` returns the file's stamp and its bytes from ``start`` (FileNotFoundError when
        there is no file), so the caller decides about locking.
        """
        start = max(0, self._offset - GUARD_BYTES)
        try:
            stamp, data = read(self.path, start)
        except FileNotFoundError:
            self._reset()
            return None
        if not self._continues(stamp, data[: self._offset - start]):
            self._reset()
            if start > 0:  # else what was read is the whole file already
                stamp, data = read(self.path, 0)
            self._stamp = stamp
            self._take(data)
            return None
        self._stamp = stamp
        return self._take(data[self._offset - start:])

    def _continues(self, stamp: Stamp, guard: bytes) -> bool:
        """Whether the file is the one read last time, with at most new bytes at its end."""
        if self._stamp is None or stamp[:2] != self._stamp[:2] or guard != self._guard:
            return False
        size, modified = stamp[2:]
        return size > self._stamp[2] or (size == self._stamp[2] and modified == self._stamp[3])

    def _take(self, data: bytes) -> set[str]:
        end = data.rfind(b"\n") + 1  # only whole lines are consumed; a torn tail is read again next time
        lines = data[:end].split(b"\n")[:-1]
        first = len(self.rows)
        self._header_seen, self._lines = parse_lines(
            self.path, lines, self.codebook, self.rows, self._problems, self._seen, self._header_seen, self._lines)
        self._offset += end
        consumed = data[:end]
        self._guard = (self._guard + consumed)[-GUARD_BYTES:]
        self._tail = tail_problem(self.path, self._lines + 1, data[end:], self._header_seen, self.codebook)
        changed: set[str] = set()
        for position in range(first, len(self.rows)):
            self._apply(position, self.rows[position])
            changed.add(self.rows[position]["article_id"])
        return changed

    def _apply(self, position: int, row: dict[str, str]) -> None:
        """Replay one row: a retract takes its article's top row off; any other action goes on top."""
        stack = self.stacks.setdefault(row["article_id"], [])
        if stack:
            self._drop_top(stack[-1][0])
        if row["action"] == RETRACT:
            if stack:
                stack.pop()
        else:
            stack.append((position, row))
        if stack:
            bisect.insort(self._tops, stack[-1][0])
            self._top_article[stack[-1][0]] = row["article_id"]

    def _drop_top(self, position: int) -> None:
        index = bisect.bisect_left(self._tops, position)
        del self._tops[index]
        del self._top_article[position]

    def current(self, article_id: str, actions: Collection[str] | None = None) -> dict[str, str] | None:
        """The article's latest standing row among ``actions`` (any, if None), unless an unreadable row stands
        above it (``format.current_entry``)."""
        entry = current_entry(self.stacks.get(article_id, []), actions)
        return None if entry is None else dict(entry[1])

    def current_rows(self, actions: Collection[str] | None = None) -> dict[str, dict[str, str]]:
        """Every article's current row among ``actions``, ordered by file position (the latest touched last)."""
        found = [entry for stack in self.stacks.values() if (entry := current_entry(stack, actions))]
        return {row["article_id"]: dict(row) for _, row in sorted(found, key=lambda entry: entry[0])}

    def current_actions(self, actions: Collection[str]) -> dict[str, str]:
        """Every article's current action among ``actions``: what a session's progress needs, without rows."""
        found = {}
        for article_id, stack in self.stacks.items():
            entry = current_entry(stack, actions)
            if entry is not None:
                found[article_id] = entry[1]["action"]
        return found

    def latest_top(self, accept: Callable[[dict[str, str]], bool]) -> dict[str, str] | None:
        """The most recently written standing top row that ``accept`` takes (what an undo would withdraw); an
        unreadable row's stand-in is never one."""
        for position in reversed(self._tops):
            row = self.rows[position]
            if row["action"] != UNREADABLE and accept(row):
                return dict(row)
        return None


def read_from(path: Path, start: int) -> tuple[Stamp, bytes]:
    """The file's stamp and its bytes from ``start``, from one open file (no race between them)."""
    with open(path, "rb") as handle:
        status = os.fstat(handle.fileno())
        handle.seek(start)
        data = handle.read()
    # The size read, not the size stat'ed: a save may land between the two.
    return (status.st_dev, status.st_ino, start + len(data), status.st_mtime_ns), data
