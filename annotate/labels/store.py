"""Append-only label store: one CSV per codebook and reviewer that survives crashes and concurrent writers."""
from __future__ import annotations

import math
import os
import re
import uuid
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

import filelock
import pandas as pd

from annotate.corpus import Article
from annotate.labels import columns as label_columns
from annotate.labels import format as labels_format
from annotate.labels.codebooks import Codebook, CodebookError, load_codebook
from annotate.labels.columns import (
    ACTIONS,
    ADJUDICATE,
    LABEL,
    RETRACT,
    ROLES,
    SAVED_AT_FORMAT,
    SECONDS_COLUMN,
    columns_for,
)
from annotate.labels.format import MAX_FIELD_CHARS, LabelStoreError, Problem, csv_line
from annotate.labels.log import LabelLog, Stamp, read_from

# fullmatch() is used, so "$" cannot let a trailing newline through; "." and ".." are refused separately.
REVIEWER_RE = re.compile(r"^[A-Za-z0-9._-]+$")
# File names are limited to 255 bytes; 100 leaves room for ".csv" and ".lock" with a wide margin.
MAX_REVIEWER_CHARS = 100
LABELS_DIR_ENV = "ANNOTATE_LABELS_DIR"
# A save holds the lock for a few milliseconds; waiting 30 s means another writer is stuck, so fail
# loudly (the row is not saved and the caller is told) instead of freezing the panel forever.
LOCK_TIMEOUT_SECONDS = 30.0
FILE_MODE = 0o644
# Append without ever truncating; O_BINARY (Windows only) stops "\n" from becoming "\r\n".
OPEN_FLAGS = os.O_APPEND | os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0)


def check_reviewer(reviewer: object) -> str:
    """The reviewer name if it is safe as a file name; LabelStoreError explaining the rule otherwise."""
    rule = ("use letters, digits, '.', '_' or '-' only, with no spaces or accents (José: Jose), "
            "since the name becomes the file <reviewer>.csv")
    if not isinstance(reviewer, str) or not reviewer:
        raise LabelStoreError(f"reviewer name is empty: {rule}")
    if reviewer in (".", "..") or not REVIEWER_RE.fullmatch(reviewer):
        raise LabelStoreError(f"reviewer name {reviewer!r} is not allowed: {rule}, and not '.' or '..'")
    if len(reviewer) > MAX_REVIEWER_CHARS:
        raise LabelStoreError(f"reviewer name is longer than {MAX_REVIEWER_CHARS} characters")
    return reviewer


def labels_dir_from_env(default: str | Path = "labels") -> Path:
    """``$ANNOTATE_LABELS_DIR`` if set (tests and notebooks), else ``default``."""
    return Path(os.environ.get(LABELS_DIR_ENV) or default)


def _check_sizes(path: Path, values: Mapping[str, object]) -> None:
    """LabelStoreError naming the first text value longer than a label file can hold, so that every row a save
    acknowledges can be read back (csv's reader refuses a field over csvio.MAX_FIELD_CHARS)."""
    for column, value in values.items():
        if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
            raise LabelStoreError(f"{path}: not saved: {column} has {len(value):,} characters, over the "
                                  f"{MAX_FIELD_CHARS:,} a label file's field can hold; shorten it")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _fsync_dir(folder: Path) -> None:
    """Persist a new file's directory entry too; not every platform lets a directory be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class LabelStore:
    """Labels of one reviewer under one codebook, in ``<labels_dir>/<codebook-id>/<reviewer>.csv``.

    ``read_only=True`` (for reports) opens a file even beside a file of the same name in another case, which
    the caller must then decide about (``merge.read_labels`` does), and refuses to save.
    """

    def __init__(self, labels_dir: str | Path, codebook: str | Path | Codebook, reviewer: str, *,
                 read_only: bool = False) -> None:
        self.codebook = load_codebook(codebook)
        self.reviewer = check_reviewer(reviewer)
        self.path = label_columns.label_path(labels_dir, self.codebook.id, self.reviewer)
        self.read_only = read_only
        if not read_only:
            self._check_case()
        self.columns: tuple[str, ...] = columns_for(self.codebook.field_names)
        self._header = csv_line(self.columns)
        self._log = LabelLog(self.path, self.codebook)

    def __repr__(self) -> str:
        return f"<LabelStore {str(self.path)!r}>"

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Lines skipped by the last read (torn or hand-edited rows), with their line numbers."""
        return tuple(self._log.problems)

    # -- writing ---------------------------------------------------------------------------------------

    def save(self, article: Article, values: Mapping[str, object] | None = None, action: str = LABEL,
             seconds_on_article: float | None = None) -> dict[str, str]:
        """Append one row, flushed and fsynced before returning; returns the row as written."""
        if self.read_only:
            raise LabelStoreError(f"{self.path}: not saved: the store was opened read-only")
        row = self._row(article, values or {}, action, seconds_on_article)
        line = csv_line(row[c] for c in self.columns)
        if not self.path.exists():  # another case of this name may have been created since __init__
            self._check_case()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with self._lock():
                created = self._append(line)
        except filelock.Timeout as exc:
            raise LabelStoreError(f"{self.path}: not saved: another process has held {exc.lock_file} "
                                  f"for over {LOCK_TIMEOUT_SECONDS:.0f} s") from exc
        if created:
            _fsync_dir(self.path.parent)
        return row

    def _append(self, line: str) -> bool:
        """Called under the lock: write the row (and the header into a new file); True if it was new."""
        fd = os.open(self.path, OPEN_FLAGS, FILE_MODE)
        try:
            created = os.fstat(fd).st_size == 0
            data = self._header.encode("utf-8") if created else self._separator()
            _write_all(fd, data + line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        return created

    def _row(self, article: Article, values: Mapping[str, object], action: str,
             seconds: float | None) -> dict[str, str]:
        if action not in ACTIONS:
            raise LabelStoreError(f"{self.path}: not saved: unknown action {action!r} "
                                  f"(use {', '.join(ACTIONS)})")
        if not article.id or any(c in article.id for c in "\r\n\x00"):
            raise LabelStoreError(f"{self.path}: not saved: article id {labels_format.shown(repr(article.id))} "
                                  "is empty or has a line break or a NUL byte")
        _check_sizes(self.path, {"article_id": article.id, **values})
        try:
            normalised = self.codebook.validate(values)
        except CodebookError as exc:
            raise LabelStoreError(f"{self.path}: not saved: {labels_format.shown(str(exc))}") from exc
        # A gold label (adjudicate) must be as complete, and keep the same rules, as a reviewer's label.
        missing = self.codebook.missing_required(normalised) if action in (LABEL, ADJUDICATE) else []
        if missing:
            raise LabelStoreError(f"{self.path}: not saved: required field(s) left empty: "
                                  f"{', '.join(missing)}")
        broken = self.codebook.broken_rules(normalised) if action in (LABEL, ADJUDICATE) else []
        if broken:
            raise LabelStoreError(f"{self.path}: not saved: {broken[0].message}")
        coded = [f.name for f in self.codebook.coded_fields if normalised[f.name]] if action == RETRACT else []
        if coded:  # a retract only withdraws a row: values on it would look like a label that never counts
            raise LabelStoreError(f"{self.path}: not saved: a retract withdraws the article's latest row and "
                                  f"carries no coded values; leave {', '.join(coded)} empty (a note may say why)")
        _check_sizes(self.path, normalised)
        return {
            "label_id": str(uuid.uuid4()),
            "saved_at": datetime.now(UTC).strftime(SAVED_AT_FORMAT),
            "reviewer": self.reviewer,
            "article_id": article.id,
            "article_sha256": article.sha256,
            "codebook": self.codebook.id,
            "codebook_version": self.codebook.version,
            "action": action,
            **normalised,
            SECONDS_COLUMN: self._seconds(seconds),
        }

    def _seconds(self, seconds: float | None) -> str:
        if seconds is None:
            return ""
        number = isinstance(seconds, (int, float)) and not isinstance(seconds, bool)
        if not number or not math.isfinite(seconds) or seconds < 0:
            raise LabelStoreError(f"{self.path}: not saved: seconds_on_article {seconds!r} "
                                  "must be a finite number >= 0")
        return f"{seconds:.1f}"

    def _check_case(self) -> None:
        """LabelStoreError when a file for this name in another case exists: "Ana" and "ana" are one reviewer
        (on macOS and Windows they would share one file), so neither may start a second file beside the other."""
        try:
            names = os.listdir(self.path.parent)
        except OSError:  # no folder yet, so no other file
            return
        others = sorted(n for n in names if n.lower() == self.path.name.lower() and n != self.path.name)
        if others:
            raise LabelStoreError(
                f"{self.path}: reviewer {self.reviewer!r} is refused: {self.path.parent / others[0]} is a label file "
                "for the same name in another case, and names are compared without regard to case. Use the existing "
                f"file's name ({label_columns.reviewer_of(Path(others[0]))!r}), or another name for another person; "
                "where both files exist, merge them into one")

    def _lock(self) -> filelock.BaseFileLock:
        return filelock.FileLock(f"{self.path}.lock", timeout=LOCK_TIMEOUT_SECONDS)

    def _separator(self) -> bytes:
        """Called under the lock: what must precede a new row in a non-empty file (``format.separator``).

        The header must match this codebook; a last line cut short by a crash is closed first, so the new row
        never glues onto it and the torn line is reported wherever it ends up, never read as a row.
        """
        with open(self.path, "rb") as handle:
            handle.seek(-1, os.SEEK_END)
            last = handle.read(1)
            handle.seek(0)
            return labels_format.separator(self.path, self.codebook, handle, last)

    # -- reading ---------------------------------------------------------------------------------------

    def history(self) -> pd.DataFrame:
        """Every valid row in file order (strings; seconds_on_article as float, NaN when empty)."""
        return self._frame(self._read())

    def rows(self) -> list[dict[str, str]]:
        """Every valid row in file order, as the strings on disk (what ``history`` tabulates)."""
        return self._read()

    def current(self, corpus: Iterable[Article] | None = None) -> pd.DataFrame:
        """The current rows per article: its latest standing row of each role (``columns.ROLES``: a label or a
        skip, and a gold label), labelling rows first. A retract withdraws a row; skips are kept.

        An article whose latest row cannot be read has none (``format.current_entry``): no earlier row stands in.

        With a corpus, adds ``in_corpus`` and ``text_changed`` (the article's text, hence its sha256,
        differs from the labelled one; False for articles not in the corpus).
        """
        self.refresh()
        frame = self._frame([row for role in ROLES for row in self._log.current_rows(role).values()])
        if corpus is not None:
            shas = {a.id: a.sha256 for a in corpus}
            frame["in_corpus"] = [i in shas for i in frame["article_id"]]
            pairs = zip(frame["article_id"], frame["article_sha256"], strict=True)
            frame["text_changed"] = [i in shas and shas[i] != sha for i, sha in pairs]
            frame = frame.astype({"in_corpus": bool, "text_changed": bool})
        return frame

    def names_itself(self) -> bool:
        """Whether a row of the file names its own reviewer, as every row the store writes does (read or not: a
        value its codebook lacks leaves it the reviewer's row). A copy of another reviewer's file names none."""
        self.refresh()
        return bool(self._log.rows)

    def latest(self, article_id: str) -> dict[str, str] | None:
        """The current row for one article, or None (never labelled, or every row retracted)."""
        return self._current_rows().get(article_id)

    def _current_rows(self) -> dict[str, dict[str, str]]:
        self.refresh()
        return self._log.current_rows()

    def refresh(self) -> set[str] | None:
        """Read what was appended since the last read; the ids of articles whose rows changed (None: all read).

        The cost does not grow with the file: only new bytes are read and parsed.
        """
        return self._log.refresh(self._read_from)

    def current_row(self, article_id: str, actions: Collection[str] | None = None) -> dict[str, str] | None:
        """The article's current row among ``actions`` (any, if None) as of the last ``refresh``."""
        return self._log.current(article_id, actions)

    def current_rows_as_read(self, actions: Collection[str] | None = None) -> dict[str, dict[str, str]]:
        """Every article's current row among ``actions``, as of the last ``refresh``."""
        return self._log.current_rows(actions)

    def current_actions_as_read(self, actions: Collection[str]) -> dict[str, str]:
        """Every article's current action among ``actions`` (its row's "action"), as of the last ``refresh``."""
        return self._log.current_actions(actions)

    def latest_top(self, accept: Callable[[dict[str, str]], bool]) -> dict[str, str] | None:
        """The most recently written row still standing that ``accept`` takes, as of the last ``refresh``."""
        return self._log.latest_top(accept)

    def _frame(self, rows: list[dict[str, str]]) -> pd.DataFrame:
        frame = pd.DataFrame(rows, columns=list(self.columns), dtype=object)
        frame[SECONDS_COLUMN] = pd.to_numeric(frame[SECONDS_COLUMN], errors="coerce").astype(float)
        return frame

    def _read(self) -> list[dict[str, str]]:
        """Valid rows in file order; every skipped line goes to ``problems``. Never writes the CSV."""
        self.refresh()
        return [row for row in self._log.rows if row["action"] != label_columns.UNREADABLE]

    def _read_from(self, path: Path, start: int) -> tuple[Stamp, bytes]:
        if not Path(f"{self.path}.lock").exists():
            # No writer has ever locked this file (e.g. shipped demo labels): reading must not
            # create a lock file beside it, and a save still to come would create the lock first.
            return read_from(path, start)
        try:
            with self._lock():  # so a save in flight is not mistaken for a torn line
                return read_from(path, start)
        except (OSError, filelock.Timeout):  # read-only folder or stuck writer: read without the lock
            return read_from(path, start)
