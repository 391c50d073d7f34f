"""Table files that appear whole or not at all: a CSV from a DataFrame, or CSV and Parquet written row by row."""
from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import pandas as pd

#: The longest CSV field read back, in characters. Python's csv module stops at 131,072 by default, so a
#: long note could be written and then never read again; 64 Mi characters is far beyond any article or note
#: and still bounds what one malformed field (an unclosed quote) can make the reader hold.
MAX_FIELD_CHARS = 64 * 1024 * 1024
csv.field_size_limit(MAX_FIELD_CHARS)  # process-wide: every reader of this package's CSV files gets it

# OWASP "CSV Injection": a spreadsheet runs a cell starting with one of these as a formula (tab and CR
# too, since some programs strip them before deciding); a leading single quote makes the cell text.
NEUTRALISE_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

#: Rows gathered into one Parquet row group: large groups read fast, and 10,000 score rows are about 2 MB.
PARQUET_GROUP_ROWS = 10_000
#: What a column holds, for Parquet's schema; CSV needs no types.
COLUMN_TYPES = ("str", "int", "float")


def neutralise(value: str) -> str:
    """``value`` with a leading ``'`` if a spreadsheet would take it for a formula; otherwise unchanged."""
    return "'" + value if value.startswith(NEUTRALISE_PREFIXES) else value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every string cell neutralised; numbers and booleans are left as they are."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):  # object or string dtype; bool counts as numeric
            out[column] = out[column].map(lambda v: neutralise(v) if isinstance(v, str) else v)
    return out


def write_csv_atomic(frame: pd.DataFrame, path: str | Path, encoding: str = "utf-8") -> Path:
    """Write to a temporary file beside ``path``, then replace it: a crash never leaves half a file.

    ``encoding="utf-8-sig"`` starts the file with a byte order mark, which Excel needs to read UTF-8.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            frame.to_csv(fh, index=False)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _umask() -> int:
    mask = os.umask(0)  # the only way to read it is to set it; set straight back
    os.umask(mask)
    return mask


class AtomicTable:
    """Rows to ``path`` (CSV, or Parquet for a ``.parquet`` name) through a temporary file beside it.

    The file appears, complete and fsynced, when the ``with`` block ends without an error (or, with
    ``defer=True``, when :meth:`commit` is called, so that several tables are all finished before any
    appears); after an error the temporary file is removed and an existing ``path`` is left as it was.
    The file gets the permissions the umask gives a new file, as a plain ``open`` would. ``types`` (one of
    ``COLUMN_TYPES`` per column) is required for Parquet. Rows are written as they come, so memory holds
    at most one Parquet row group. ``neutralise`` (CSV only: Parquet cells are typed, never run) puts a
    ``'`` before every text value a spreadsheet would run as a formula (see :func:`neutralise`); numbers
    are written as they are, a negative one included.
    """

    def __init__(self, path: str | Path, columns: Sequence[str], types: Sequence[str] | None = None,
                 encoding: str = "utf-8", kind: str | None = None, defer: bool = False,
                 neutralise: bool = False) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise IsADirectoryError(f"{self.path}: is a folder, not a file to write")
        self.defer = defer
        self.columns = list(columns)
        self.kind = kind or ("parquet" if self.path.suffix.lower() == ".parquet" else "csv")
        if self.kind == "parquet" and (types is None or len(types) != len(self.columns)):
            raise ValueError("a Parquet table needs one type per column")
        self.types = list(types or [])
        self.encoding = encoding
        self.neutralise = neutralise and self.kind == "csv"
        self.rows = 0
        self._group: list[Sequence[Any]] = []
        self._parquet: Any = None

    def __enter__(self) -> AtomicTable:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        self._tmp = Path(tmp)
        try:
            os.chmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600: the output is as shareable as any new file
            self._open(fd)
        except BaseException:
            self._tmp.unlink(missing_ok=True)
            raise
        return self

    def _open(self, fd: int) -> None:
        if self.kind == "csv":
            self.file: IO[str] = os.fdopen(fd, "w", encoding=self.encoding, newline="")
            self._csv = csv.writer(self.file, lineterminator="\n")
            self._csv.writerow(self.columns)
        else:
            os.close(fd)
            import pyarrow.parquet as pq  # only Parquet output pays for pyarrow

            self._parquet = pq.ParquetWriter(self._tmp, self._schema())

    def _schema(self) -> Any:
        import pyarrow as pa

        arrow = {"str": pa.string(), "int": pa.int64(), "float": pa.float64()}
        return pa.schema([(c, arrow[t]) for c, t in zip(self.columns, self.types, strict=True)])

    def write(self, rows: Iterable[Sequence[Any]]) -> None:
        """Append rows (one value per column, in column order)."""
        if self.kind == "csv":
            for row in rows:
                self._csv.writerow([neutralise(v) if isinstance(v, str) else v for v in row]
                                   if self.neutralise else row)
                self.rows += 1
            return
        for row in rows:
            self._group.append(row)
            self.rows += 1
            if len(self._group) >= PARQUET_GROUP_ROWS:
                self._flush_group()

    def write_frame(self, frame: pd.DataFrame) -> None:
        """Append a CSV table's rows from a DataFrame of its columns, written as :func:`write_csv_atomic` writes
        one (pandas' number and empty-value formats), so that a table written in parts is the same file."""
        if self.kind != "csv" or list(frame.columns) != self.columns:
            raise ValueError("write_frame takes a CSV table's own columns")
        (neutralise_frame(frame) if self.neutralise else frame).to_csv(self.file, header=False, index=False,
                                                                       lineterminator="\n")
        self.rows += len(frame)

    def _flush_group(self) -> None:
        import pyarrow as pa

        if self._group:
            schema = self._schema()
            columns = zip(*self._group, strict=True)
            self._parquet.write_table(pa.Table.from_arrays(
                [pa.array(list(values), type=field.type) for values, field in zip(columns, schema, strict=True)],
                schema=schema))
        self._group = []

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        finished = False
        try:
            if self.kind == "csv":
                if kind is None:
                    self.file.flush()
                    os.fsync(self.file.fileno())
                self.file.close()
            else:
                if kind is None:
                    self._flush_group()
                self._parquet.close()
                if kind is None:
                    with self._tmp.open("rb+") as fh:
                        os.fsync(fh.fileno())
            finished = kind is None
            if finished and not self.defer:
                self.commit()
        finally:
            if not (finished and self.defer):  # a deferred, finished file waits for commit() or discard()
                self._tmp.unlink(missing_ok=True)

    def commit(self) -> None:
        """Put the finished file in place (``defer=True``: after every table of a run is finished)."""
        os.replace(self._tmp, self.path)

    def discard(self) -> None:
        """Remove a finished but uncommitted file (``defer=True``), leaving ``path`` as it was."""
        self._tmp.unlink(missing_ok=True)
