"""The label-file format: columns, actions, one CSV line per row, and parsing files into rows and problems."""
from __future__ import annotations

import csv
import io
import math
import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import codebooks
from .codebooks import Codebook, CodebookError

BASE_COLUMNS = codebooks.BASE_COLUMNS
SECONDS_COLUMN = "seconds_on_article"
LABEL, SKIP, RETRACT, ADJUDICATE = "label", "skip", "retract", "adjudicate"
# Every action except RETRACT makes a row the article's current one; ADJUDICATE rows are gold labels.
# A RETRACT row withdraws the latest standing row of its article (an undo): the row before it stands again.
ACTIONS = (LABEL, SKIP, RETRACT, ADJUDICATE)
#: Each action in words, (noun, past participle): "your skip of 12:03:01", "Skipped at 12:03:01".
ACTION_WORDS = {LABEL: ("label", "labelled"), SKIP: ("skip", "skipped"), RETRACT: ("withdrawal", "withdrawn"),
                ADJUDICATE: ("gold label", "adjudicated")}
# UTC to the second, with "Z"; rows saved within one second keep their order in the file.
SAVED_AT_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


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


def local_time(saved_at: str) -> str:
    """HH:MM:SS in this machine's time of a row's UTC ``saved_at``; the stamp as written if it does not parse."""
    try:
        return datetime.fromisoformat(saved_at).astimezone().strftime("%H:%M:%S")
    except ValueError:
        return saved_at


def columns_for(codebook: Codebook) -> tuple[str, ...]:
    return (*BASE_COLUMNS, *codebook.field_names, SECONDS_COLUMN)


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
    """LabelStoreError unless ``first`` (the file's first line) is this codebook's header."""
    columns = columns_for(codebook)
    found = parse_csv_line(first.decode("utf-8", errors="replace").removesuffix("\r"))
    if found != list(columns):
        raise LabelStoreError(
            f"{path}: the file's header does not match codebook {codebook.id} {codebook.version}; "
            f"the file was left untouched. Expected columns: {', '.join(columns)}. "
            f"Found columns: {', '.join(found or ['(unreadable)'])}. "
            "Give a changed codebook a new id, or move the old file aside.")


def standing_rows(rows: Iterable[dict[str, str]]) -> dict[str, list[tuple[int, dict[str, str]]]]:
    """Replay a label log: per article, its rows that still stand, oldest first, with their file positions.

    Every action but retract puts its row on top of the article's stack; a retract takes the top row off,
    so undoing a re-label (or a skip over a label) brings the earlier row back.
    """
    stacks: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for position, row in enumerate(rows):
        stack = stacks.setdefault(row["article_id"], [])
        if row["action"] == RETRACT:
            if stack:
                stack.pop()
        else:
            stack.append((position, row))
    return stacks


def current_rows(rows: Iterable[dict[str, str]],
                 actions: Collection[str] | None = None) -> dict[str, dict[str, str]]:
    """The one home of "the current row per article": its latest standing row among ``actions`` (any, if None).

    Articles are ordered by the file position of their current row, so the most recently touched comes last.
    """
    found: list[tuple[int, dict[str, str]]] = []
    for stack in standing_rows(rows).values():
        mine = [entry for entry in stack if actions is None or entry[1]["action"] in actions]
        if mine:
            found.append(mine[-1])
    return {row["article_id"]: row for _, row in sorted(found, key=lambda entry: entry[0])}


def parse_label_file(path: Path, data: bytes,
                     codebook: Codebook) -> tuple[list[dict[str, str]], list[Problem]]:
    """Valid rows in file order, and a Problem per skipped line; a foreign header raises."""
    columns = columns_for(codebook)
    header = csv_line(columns)
    lines = data.split(b"\n")
    torn = lines[-1] != b""  # text after the last newline was cut short by a crash
    if not torn:
        lines.pop()
    rows: list[dict[str, str]] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    header_seen = False
    for number, raw in enumerate(lines, start=1):
        row = None
        if torn and number == len(lines):
            message = "torn last line (no newline at the end: a save was interrupted)"
        elif header_seen:
            row, message = _parse_row(raw, codebook, columns, seen)
        elif number == 1 and raw and header.startswith(raw.decode("utf-8", errors="replace")) \
                and raw != header.encode("utf-8").removesuffix(b"\n"):
            message = "torn header line (the first save was interrupted)"  # a new header follows it
        else:
            check_header(path, codebook, raw)
            header_seen, message = True, ""
        if row is not None:
            seen[row["label_id"]] = number
            rows.append(row)
        elif message:
            problems.append(Problem(str(path), number, f"{message}; skipped"))
    return rows, problems


def _parse_row(raw: bytes, codebook: Codebook, columns: tuple[str, ...],
               seen: dict[str, int]) -> tuple[dict[str, str] | None, str]:
    try:
        text = raw.decode("utf-8").removesuffix("\r")
    except UnicodeDecodeError:
        return None, "not valid UTF-8"
    fields = parse_csv_line(text)
    if fields is None:
        return None, "not a readable CSV row (unbalanced quotes?)"
    if len(fields) != len(columns):
        return None, f"expected {len(columns)} fields, found {len(fields)}"
    row = dict(zip(columns, fields, strict=True))
    message = _row_problem(row, codebook, seen)
    return (None, message) if message else (row, "")


def _row_problem(row: dict[str, str], codebook: Codebook, seen: dict[str, int]) -> str:
    """Why a parsed row cannot be used ("" when it can); valid field values are normalised in place."""
    try:
        uuid.UUID(row["label_id"])
    except ValueError:
        return f"label_id {row['label_id']!r} is not a UUID"
    if row["label_id"] in seen:
        return f"label_id {row['label_id']} repeats line {seen[row['label_id']]}"
    if row["action"] not in ACTIONS:
        return f"unknown action {row['action']!r} (expected {', '.join(ACTIONS)})"
    if not row["article_id"]:
        return "empty article_id"
    try:
        datetime.fromisoformat(row["saved_at"])
    except ValueError:
        return f"saved_at {row['saved_at']!r} is not an ISO 8601 time"
    try:
        row.update(codebook.validate({f: row[f] for f in codebook.field_names}))
    except CodebookError as exc:
        return str(exc)
    seconds = row[SECONDS_COLUMN]
    try:
        if seconds and not (math.isfinite(float(seconds)) and float(seconds) >= 0):
            raise ValueError(seconds)
    except ValueError:
        return f"seconds_on_article {seconds!r} is not a number >= 0"
    return ""
