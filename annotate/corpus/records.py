"""Raw records of each corpus format, read lazily: JSONL (plain or gzipped), CSV, Parquet and text files."""
from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from annotate.corpus.article import CorpusError, slugify
from annotate.corpus.csvrows import csv_rows
from annotate.corpus.files import TEXT_SUFFIXES, folder_listing, open_regular
from annotate.csvio import MAX_FIELD_CHARS as MAX_FIELD_CHARS  # sets the csv field limit
from annotate.limits import MAX_ARTICLE_CHARS

#: The record fields an article is built from; anything else in a record is ignored.
FIELDS = ("id", "title", "text", "source", "url")
#: Rows a Parquet reader takes at a time: big enough for pyarrow's speed, small enough (a few MB of text)
#: that memory stays flat.
PARQUET_BATCH_ROWS = 512

#: The longest JSONL line read as a record, in bytes. JSON writes a character in at most 6 bytes ("\u00e9", as
#: json.dumps escapes anything past ASCII by default), so a record whose text is within MAX_ARTICLE_CHARS fits in
#: 6 times that; 1 MiB more leaves room for its id, title, source and url. Only an article of mostly escaped emoji
#: (12 bytes each) could be within the limit and still longer. A longer line is an article over the limit or a
#: broken file (a lost line break joins records): it is reported and passed over in SKIP_BYTES steps, never held
#: whole in memory (a 50 MB line: +13 MB at the peak, against +190 MB when it was read whole).
MAX_LINE_BYTES = 6 * MAX_ARTICLE_CHARS + (1 << 20)
#: What a reader says of such a line.
LINE_TOO_LONG = (f"a line longer than {MAX_LINE_BYTES:,} bytes: not read (an article over the limit of "
                 f"{MAX_ARTICLE_CHARS:,} characters, or a lost line break?)")
#: How much of an over-long line is read at a time while passing over it.
SKIP_BYTES = 1 << 20
_BOM = b"\xef\xbb\xbf"

class Readable(Protocol):
    """A binary file: an open file, or a gzip file."""

    def readline(self, size: int = -1, /) -> bytes: ...


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


def folder_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """A folder's (text files, shards), each in name order; shards only when it holds no text file.

    Entries that cannot be read are left out: :func:`files.folder_listing` names them, for a reader to report.
    """
    texts, shards, _ = folder_listing(folder)
    return texts, shards


def record_stem(p: Path) -> str:
    """What a file's records without an id are named after: ``<stem>-<record number>``."""
    return slugify(p.name.split(".")[0]) or "article"


def records(p: Path, kind: str, opened: Callable[[BinaryIO], None] | None = None) -> Iterator[Record]:
    """The records of a JSONL, gzipped JSONL, CSV or Parquet corpus, one at a time.

    ``opened`` is given the file as it is opened (JSONL, gzipped JSONL and CSV), so that the caller can see
    how far through it the reading is.
    """
    if kind in ("jsonl", "jsonl.gz", "csv"):
        with open_regular(p) as raw:
            if opened is not None:
                opened(raw)
            if kind == "jsonl":
                # Bytes, split on "\n" only and decoded line by line, as the byte-range and index readers do: a
                # bad byte spoils its own line, and a lone "\r" inside a line is text.
                yield from _jsonl(p, raw)
            elif kind == "csv":
                yield from csv_rows(p, raw)
            else:
                try:
                    yield from _jsonl(p, gzip.GzipFile(fileobj=raw, mode="rb"), "the uncompressed file")
                except (OSError, EOFError, zlib.error) as exc:  # not gzip, cut short or damaged: what was read stands
                    raise CorpusError(f"{p}: not a readable gzip file ({exc})") from exc
    elif kind == "parquet":
        yield from _parquet(p)
    else:
        raise ValueError(f"no record reader for {kind!r}")


def _jsonl(p: Path, fh: Readable, of: str = "the file") -> Iterator[Record]:
    for number, (offset, raw) in enumerate(jsonl_lines(fh), start=1):
        read = jsonl_record(raw, offset, of)
        if read is not None:
            yield f"{p}:{number}", read[0], read[1]


def jsonl_lines(fh: Readable, start: int = 0, end: int | None = None) -> Iterator[tuple[int, bytes | None]]:
    """(offset, line) for each line of a binary file from ``start`` (a line start) to ``end`` (or its end).

    The line keeps its "\n". It is None for a line longer than MAX_LINE_BYTES, which is passed over unread.
    """
    offset = start
    while end is None or offset < end:
        raw = fh.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        at = offset
        offset += len(raw)
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            offset += skip_line(fh)
            yield at, None
        else:
            yield at, raw


def skip_line(fh: Readable) -> int:
    """Read on to the start of the next line in bounded steps; the number of bytes passed over."""
    passed = 0
    while True:
        chunk = fh.readline(SKIP_BYTES)
        passed += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return passed


def jsonl_record(raw: bytes | None, offset: int,
                 of: str = "the file") -> tuple[dict[str, Any] | None, str | None] | None:
    """What one JSONL line holds: None when it is blank, else (record, None) or (None, why it holds none).

    ``offset`` is where the line starts in the (uncompressed) file: the first line may start with a BOM,
    and a bad byte is reported by its place in the file (``of`` says which: "the uncompressed file" for
    .jsonl.gz). Every reader of JSONL goes through this, so all agree on which lines are blank and which
    records are bad.
    """
    if raw is None:
        return None, LINE_TOO_LONG
    if offset == 0 and raw.startswith(_BOM):
        raw, offset = raw[len(_BOM):], len(_BOM)
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start:exc.end]
        return None, f"not valid UTF-8 (byte {offset + exc.start:,} of {of} is {bad[:1]!r})"
    if not line.strip():
        return None
    try:
        obj = json.loads(line.rstrip("\r\n"))  # so that an error names its column on this line
    except json.JSONDecodeError as exc:
        # json's own message may end in "at" already ("Unterminated string starting at"): no "at at column".
        at = "" if exc.msg.endswith(" at") else " at"
        return None, f"not valid JSON ({exc.msg}{at} column {exc.colno})"
    if not isinstance(obj, dict):
        return None, f"expected a JSON object, got {type(obj).__name__}"
    return obj, None


def blank_line(raw: bytes | None, offset: int) -> bool:
    """Whether jsonl_record would call a line blank, without decoding the usual line (a JSON object)."""
    if raw is None:
        return False
    stripped = raw.strip()
    if stripped[:1] == b"{":
        return False
    return jsonl_record(raw, offset) is None


def _parquet(p: Path) -> Iterator[Record]:
    import pyarrow as pa  # only a Parquet corpus pays for pyarrow
    import pyarrow.parquet as pq

    with open_regular(p) as fh:  # never a FIFO
        try:
            file = pq.ParquetFile(fh)
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


#: The smallest gzip file: a 10-byte header, an empty deflate block and an 8-byte trailer.
GZIP_MIN_BYTES = 20


def text_bytes(p: Path) -> int:
    """About how many bytes of records a corpus holds, uncompressed: what the work of scoring it grows with."""
    kind = corpus_format(p)
    if kind == "folder":
        texts, shards = folder_files(p)
        return sum(f.stat().st_size for f in texts) + sum(text_bytes(f) for f in shards)
    size = p.stat().st_size
    if kind == "jsonl.gz" and size >= GZIP_MIN_BYTES:  # a shorter one is no gzip: its reader says so
        # gzip's trailer holds the uncompressed size modulo 4 GiB; text rarely compresses less than 2:1.
        with p.open("rb") as fh:
            fh.seek(-4, 2)
            isize = int.from_bytes(fh.read(4), "little")
        return isize if isize >= size else max(isize, 2 * size)
    if kind == "parquet":
        try:
            import pyarrow.parquet as pq

            meta = pq.ParquetFile(p).metadata
            return sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
        except Exception:  # the reader itself reports the problem when it gets there
            return size
    return size
