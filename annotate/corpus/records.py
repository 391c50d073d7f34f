"""Raw records of each corpus format, read lazily: JSONL (plain or gzipped), CSV, Parquet and text files."""
from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from annotate.corpus.article import CorpusError
from annotate.csvio import MAX_FIELD_CHARS as MAX_FIELD_CHARS  # sets the csv field limit

TEXT_SUFFIXES = (".txt", ".md")
#: The record fields an article is built from; anything else in a record is ignored.
FIELDS = ("id", "title", "text", "source", "url")
#: Rows a Parquet reader takes at a time: big enough for pyarrow's speed, small enough (a few MB of text)
#: that memory stays flat.
PARQUET_BATCH_ROWS = 512

#: (where, record, problem): ``where`` names the file and line (or row); exactly one of the other two is set.
Record = tuple[str, dict[str, Any] | None, str | None]


def corpus_format(p: Path) -> str:
    """The format a path is read as: "folder", "jsonl", "jsonl.gz", "csv", "parquet" or "text"."""
    name = p.name.lower()
    if p.is_dir():
        return "folder"
    for suffix, kind in ((".jsonl.gz", "jsonl.gz"), (".jsonl", "jsonl"), (".csv", "csv"), (".parquet", "parquet")):
        if name.endswith(suffix):
            return kind
    if p.suffix.lower() in TEXT_SUFFIXES:
        return "text"
    raise CorpusError(f"{p}: not a folder, .jsonl, .jsonl.gz, .csv, .parquet, .txt or .md file")


def records(p: Path, kind: str) -> Iterator[Record]:
    """The records of a JSONL, gzipped JSONL, CSV or Parquet corpus, one at a time."""
    if kind == "jsonl":
        # newline="\n": a lone "\r" inside a line is text, as it is for the byte-range and index readers.
        with p.open(encoding="utf-8-sig", newline="\n") as fh:
            yield from _jsonl(p, fh)
    elif kind == "jsonl.gz":
        try:
            with gzip.open(p, "rt", encoding="utf-8-sig", newline="\n") as fh:
                yield from _jsonl(p, fh)
        except (OSError, EOFError) as exc:  # not gzip, or cut short: what was read so far stands
            raise CorpusError(f"{p}: not a readable gzip file ({exc})") from exc
    elif kind == "csv":
        yield from _csv(p)
    elif kind == "parquet":
        yield from _parquet(p)
    else:
        raise ValueError(f"no record reader for {kind!r}")


def _jsonl(p: Path, fh: IO[str]) -> Iterator[Record]:
    number = 0
    try:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{p}:{number}"
            try:
                obj = json.loads(line.rstrip("\r\n"))
            except json.JSONDecodeError as exc:
                yield where, None, f"not valid JSON ({exc.msg} at column {exc.colno})"
                continue
            if not isinstance(obj, dict):
                yield where, None, f"expected a JSON object, got {type(obj).__name__}"
                continue
            yield where, obj, None
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{p}: not valid UTF-8 after line {number} (byte {exc.start} of a block)") from exc


def _csv(p: Path) -> Iterator[Record]:
    try:
        with p.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames is None or "text" not in reader.fieldnames:
                raise CorpusError(f"{p}: a CSV corpus needs a 'text' column (found {reader.fieldnames})")
            for row in reader:
                yield f"{p}:{reader.line_num}", dict(row), None
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{p}: not valid UTF-8 (byte {exc.start})") from exc
    except csv.Error as exc:
        raise CorpusError(f"{p}: malformed CSV ({exc})") from exc


def _parquet(p: Path) -> Iterator[Record]:
    import pyarrow as pa  # only a Parquet corpus pays for pyarrow
    import pyarrow.parquet as pq

    try:
        file = pq.ParquetFile(p)
    except (pa.ArrowException, OSError) as exc:
        raise CorpusError(f"{p}: not a readable Parquet file ({exc})") from exc
    names = file.schema_arrow.names
    if "text" not in names:
        raise CorpusError(f"{p}: a Parquet corpus needs a 'text' column (found {names})")
    row = 0
    try:
        for batch in file.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=[f for f in FIELDS if f in names]):
            for obj in batch.to_pylist():
                row += 1
                yield f"{p}:row {row}", obj, None
    except (pa.ArrowException, OSError) as exc:
        raise CorpusError(f"{p}: unreadable after row {row} ({exc})") from exc


def parquet_rows(p: Path) -> int | None:
    """The number of rows a Parquet file declares (from its footer), or None when it cannot be read."""
    try:
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(p).metadata.num_rows)
    except Exception:  # the reader itself reports the problem when it gets there
        return None
