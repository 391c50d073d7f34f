"""The label-file format: one CSV line per row, header checks, parsing into rows and problems, current rows."""
from __future__ import annotations

import csv
import io
import math
import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from annotate.csvio import MAX_FIELD_CHARS as MAX_FIELD_CHARS  # sets the csv field limit
from annotate.labels.codebooks import Codebook, CodebookError
from annotate.labels.columns import ACTIONS, RETRACT, SECONDS_COLUMN, UNREADABLE, columns_for, reviewer_of

#: The UTF-8 byte order mark a spreadsheet's "CSV UTF-8" puts first: read past, kept, and appended after.
BOM = b"\xef\xbb\xbf"
#: What a save writes after a last line that has no newline (a save cut short by a crash) before its own row:
#: the torn line then ends in this mark, so it is known as torn wherever it ends up, even if what is left of it
#: would parse (12.5 cut to "12."). A row written whole never ends in it (its last field is a number or empty),
#: and a reader that does not know the mark still refuses the line ("12.<torn>" is not a number).
TORN_MARK = b"<torn>"
#: The most characters of a file's own text (or of a value) quoted in a message: a whole header (the bundled
#: codebooks' are under 300 characters) or value fits, and a megabyte-long broken line still gives a short message.
MAX_SHOWN_CHARS = 1000
#: The key of an unreadable row's stand-in (columns.UNREADABLE) that holds its line: no column can be named so.
LINE_KEY = "#line"

Entry = tuple[int, dict[str, str]]  # (position among the rows read, row)


class LabelStoreError(ValueError):
    """A label could not be saved or a label file cannot be used; the message names the file."""


@dataclass(frozen=True)
class Problem:
    """A line of a label file that was skipped when reading, and why."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def local_time(saved_at: str, today: date | None = None) -> str:
    """A row's UTC ``saved_at`` in this machine's time: HH:MM:SS if it is from ``today`` (default: the machine's
    date), else YYYY-MM-DD HH:MM:SS, so a label of last March never reads as this morning's. The stamp as
    written if it does not parse."""
    try:
        when = datetime.fromisoformat(saved_at).astimezone()
    except ValueError:
        return saved_at
    return when.strftime("%H:%M:%S" if when.date() == (today or date.today()) else "%Y-%m-%d %H:%M:%S")


def shown(text: str, limit: int = MAX_SHOWN_CHARS) -> str:
    """``text`` for a message: invisible characters (a BOM, NULs) escaped, and at most ``limit`` characters."""
    cut = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text[:limit])
    return cut + (f"... ({len(text) - limit:,} more characters)" if len(text) > limit else "")


def csv_line(values: Iterable[str]) -> str:
    """One row as CSV text ending in "\\n"; values never hold line breaks, so a row is one line."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()


def parse_csv_line(text: str) -> list[str] | None:
    """One CSV line as fields, or None when it is not valid CSV (strict: a stray quote is an error)."""
    try:
        return next(csv.reader([text], strict=True), [])
    except csv.Error:
        return None


def check_header(path: Path, codebook: Codebook, first: bytes) -> None:
    """LabelStoreError unless ``first`` (the file's header line, BOM and newline removed) is this codebook's."""
    columns = columns_for(codebook.field_names)
    found = parse_csv_line(first.decode("utf-8", errors="replace").removesuffix("\r"))
    if found != list(columns):
        raise LabelStoreError(
            f"{path}: the file's header does not match codebook {codebook.id} {codebook.version}; "
            f"the file was left untouched. Expected columns: {', '.join(columns)}. "
            f"Found columns: {shown(', '.join(found or ['(unreadable)']))}. "
            "Give a changed codebook a new id, or move the old file aside.")


def line_damage(raw: bytes) -> str:
    """Why a line (newline removed) is damaged whatever it holds, "" if it is not: NUL bytes, or a torn line."""
    nuls = raw.count(b"\x00")  # no value ever holds one (text fields drop them, ids are refused)
    if nuls:
        return f"{nuls:,} NUL byte(s) (zeros that a crash or a full disk leaves)"
    if raw.endswith(TORN_MARK):
        return f"torn line (a save was interrupted; the next save closed the line with {TORN_MARK.decode()})"
    return ""


def _torn_header(raw: bytes, header: bytes) -> bool:
    """A first save cut short inside the header (the store then writes the whole header after it)."""
    return bool(raw) and raw != header.removesuffix(b"\n") and header.startswith(raw)


def _header_line(path: Path, codebook: Codebook, number: int, raw: bytes, header: bytes) -> str:
    """A line before the header: "" when it is the header, why it is skipped when it is damaged; a foreign
    header raises."""
    damage = line_damage(raw)
    if damage:
        return damage
    if _torn_header(raw, header):
        return "torn header line (the first save was interrupted)"
    check_header(path, codebook, raw)
    return ""


def separator(path: Path, codebook: Codebook, lines: Iterable[bytes], last: bytes) -> bytes:
    """What a save must write before its row into a file that is not empty: ``lines`` are the file's lines
    from its start (read lazily, only up to the header), ``last`` its last byte. A foreign header raises.

    A last line with no newline was torn by a crash: it is closed with TORN_MARK and a newline, so the new row
    never glues onto it and the torn line is never read as a row; a header alone gets only its newline. Only
    damaged lines (NUL bytes, a torn header) and no header yet: the header follows them.
    """
    header = csv_line(columns_for(codebook.field_names)).encode("utf-8")
    line = b""
    for number, line in enumerate(lines, start=1):
        raw = line.removesuffix(b"\n").removesuffix(b"\r")
        raw = raw.removeprefix(BOM) if number == 1 else raw
        if number == 1 and line == BOM:
            return header  # a BOM alone: an empty file
        if not _header_line(path, codebook, number, raw, header):
            if not line.endswith(b"\n"):  # the header is the last line, only its newline is missing
                return b"\n"
            return b"" if last == b"\n" else TORN_MARK + b"\n"
        if _torn_header(raw, header) and not line.endswith(b"\n"):
            return b"\n" + header
    return (b"" if line.endswith(b"\n") else TORN_MARK + b"\n") + header


def tail_problem(path: Path, number: int, tail: bytes, header_seen: bool, codebook: Codebook) -> Problem | None:
    """The Problem of a last line without newline (line ``number``), None when it is no problem: nothing, a BOM
    alone, or the header alone (the next save only adds its newline)."""
    tail = tail.removeprefix(BOM) if number == 1 else tail
    header = csv_line(columns_for(codebook.field_names)).encode("utf-8").removesuffix(b"\n")
    if not tail or (not header_seen and tail.removesuffix(b"\r") == header):
        return None
    nuls = tail.count(b"\x00")
    also = f"; it holds {nuls:,} NUL byte(s)" if nuls else ""
    return Problem(str(path), number, f"torn last line (no newline at the end: a save was interrupted{also}); "
                   "skipped")


def standing_rows(rows: Iterable[dict[str, str]]) -> dict[str, list[Entry]]:
    """Replay a label log: per article, its rows that still stand, oldest first, with their file positions.

    Every action but retract puts its row on top of the article's stack; a retract takes the top row off,
    so undoing a re-label (or a skip over a label) brings the earlier row back. An unreadable row's stand-in
    (columns.UNREADABLE) goes on top like any row.
    """
    stacks: dict[str, list[Entry]] = {}
    for position, row in enumerate(rows):
        stack = stacks.setdefault(row["article_id"], [])
        if row["action"] == RETRACT:
            if stack:
                stack.pop()
        else:
            stack.append((position, row))
    return stacks


def current_entry(stack: list[Entry], actions: Collection[str] | None = None) -> Entry | None:
    """The one home of "the current row of an article": its latest standing row among ``actions`` (any, if None).

    None when an unreadable row stands above every such row: the latest row of the article cannot be read, so
    the reviewer has no current row for it, and an earlier one never counts in its place.
    """
    for entry in reversed(stack):
        if entry[1]["action"] == UNREADABLE:
            return None
        if actions is None or entry[1]["action"] in actions:
            return entry
    return None


def current_rows(rows: Iterable[dict[str, str]],
                 actions: Collection[str] | None = None) -> dict[str, dict[str, str]]:
    """Every article's current row (``current_entry``) among ``actions`` (any, if None).

    Articles are ordered by the file position of their current row, so the most recently touched comes last.
    """
    found = [entry for stack in standing_rows(rows).values() if (entry := current_entry(stack, actions))]
    return {row["article_id"]: row for _, row in sorted(found, key=lambda entry: entry[0])}


def explain_unreadable(problems: Iterable[Problem], stacks: dict[str, list[Entry]]) -> list[Problem]:
    """``problems``, where a skipped line is its reviewer's latest row of an article, saying what that means."""
    latest = {int(stack[-1][1][LINE_KEY]): article for article, stack in stacks.items()
              if stack and stack[-1][1]["action"] == UNREADABLE}
    explained = []
    for problem in problems:
        article = latest.get(problem.line)
        if article is not None:
            reviewer = reviewer_of(Path(problem.path))
            problem = Problem(problem.path, problem.line, (
                f"{problem.message}, and as it is {reviewer}'s latest row for article {shown(article, 200)}, "
                f"{reviewer}'s label of it is left out (an earlier row never counts in its place): fix the line, "
                "or label the article again"))
        explained.append(problem)
    return explained


def parse_label_file(path: Path, data: bytes,
                     codebook: Codebook) -> tuple[list[dict[str, str]], list[Problem]]:
    """Rows in file order (valid rows, and the stand-ins of unreadable ones), and a Problem per skipped line
    (``explain_unreadable``); a foreign header raises. What LabelLog holds after reading the whole file."""
    lines = data.split(b"\n")
    tail = lines.pop()  # text after the last newline was cut short by a crash
    rows: list[dict[str, str]] = []
    problems: list[Problem] = []
    header_seen, count = parse_lines(path, lines, codebook, rows, problems, {}, False, 0)
    problem = tail_problem(path, count + 1, tail, header_seen, codebook)
    return rows, [*explain_unreadable(problems, standing_rows(rows)), *([problem] if problem else [])]


def parse_lines(path: Path, lines: list[bytes], codebook: Codebook, rows: list[dict[str, str]],
                problems: list[Problem], seen: dict[str, int], header_seen: bool, count: int) -> tuple[bool, int]:
    """Parse whole lines that follow ``count`` lines already read; append to ``rows`` and ``problems``.

    ``seen`` maps label ids to their line (a repeated id is a problem). Returns whether the header has been
    seen, and the number of lines read so far. A foreign header raises. A row must name the file's reviewer.
    A skipped line whose fields still name the file's reviewer and an article is an unreadable row: its
    stand-in (action columns.UNREADABLE, its line under LINE_KEY) joins ``rows``, so that it, not an earlier
    row, is the reviewer's latest row of that article. A damaged line (NULs, torn) never names one for sure.
    """
    columns = columns_for(codebook.field_names)
    header = csv_line(columns).encode("utf-8")
    reviewer = reviewer_of(path)
    for number, line in enumerate(lines, start=count + 1):
        raw = line.removesuffix(b"\r")
        raw = raw.removeprefix(BOM) if number == 1 else raw
        row, stand_in = None, None
        if header_seen:
            message = line_damage(raw)
            if not message:
                row, message, stand_in = _parse_row(raw, codebook, columns, seen, reviewer)
        else:
            message = _header_line(path, codebook, number, raw, header)
            header_seen = not message
        if row is not None:
            seen[row["label_id"]] = number
            rows.append(row)
        elif message:
            problems.append(Problem(str(path), number, f"{message}; skipped"))
            if stand_in is not None:
                rows.append({**stand_in, LINE_KEY: str(number)})
    return header_seen, count + len(lines)


def _parse_row(raw: bytes, codebook: Codebook, columns: tuple[str, ...], seen: dict[str, int],
               reviewer: str) -> tuple[dict[str, str] | None, str, dict[str, str] | None]:
    """(the row, "", None) when it can be used; else (None, why, the stand-in of an unreadable row or None)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, "not valid UTF-8", None
    fields = parse_csv_line(text)
    if fields is None:
        return None, "not a readable CSV row (unbalanced quotes?)", None
    if len(fields) != len(columns):
        return None, f"expected {len(columns)} fields, found {len(fields)}", None
    row = dict(zip(columns, fields, strict=True))
    message = _row_problem(row, codebook, seen, reviewer)
    if not message:
        return row, "", None
    # The reviewer's own row of a known article, unreadable: it must not let an earlier row count for it.
    named = row["reviewer"] == reviewer and row["article_id"] != ""
    stand_in = {**dict.fromkeys(columns, ""), "reviewer": reviewer, "article_id": row["article_id"],
                "action": UNREADABLE} if named else None
    return None, message, stand_in


def _row_problem(row: dict[str, str], codebook: Codebook, seen: dict[str, int], reviewer: str) -> str:
    """Why a parsed row cannot be used ("" when it can); valid field values are normalised in place."""
    try:
        uuid.UUID(row["label_id"])
    except ValueError:
        return f"label_id {shown(repr(row['label_id']))} is not a UUID"
    if row["label_id"] in seen:
        return f"label_id {row['label_id']} repeats line {seen[row['label_id']]}"
    if row["reviewer"] != reviewer:  # a copied or renamed file: its rows would count twice
        return (f"the row's reviewer {shown(repr(row['reviewer']))} is not {reviewer!r}, whose file this is "
                "(a copied or renamed file?)")
    if row["action"] not in ACTIONS:
        return f"unknown action {shown(repr(row['action']))} (expected {', '.join(ACTIONS)})"
    if not row["article_id"]:
        return "empty article_id"
    try:
        datetime.fromisoformat(row["saved_at"])
    except ValueError:
        return f"saved_at {shown(repr(row['saved_at']))} is not an ISO 8601 time"
    try:
        row.update(codebook.validate({f: row[f] for f in codebook.field_names}))
    except CodebookError as exc:
        return shown(str(exc))
    seconds = row[SECONDS_COLUMN]
    try:
        if seconds and not (math.isfinite(float(seconds)) and float(seconds) >= 0):
            raise ValueError(seconds)
    except ValueError:
        return f"seconds_on_article {shown(repr(seconds))} is not a number >= 0"
    return ""
