"""iter_corpus: articles one at a time from any corpus, with problems reported as they are met; load_corpus."""
from __future__ import annotations

import hashlib
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from annotate.corpus.article import Article, Corpus, CorpusError, Problem, sha256_text, slugify
from annotate.corpus.files import check_corpus_path, folder_listing, open_regular
from annotate.corpus.records import Record, corpus_format, parquet_rows, record_stem, records
from annotate.limits import MAX_ARTICLE_CHARS, ArticleTooLong

_BOM = b"\xef\xbb\xbf"
#: Problems kept on a stream for reading afterwards; past this they are still warned about and counted,
#: so a file of a million bad lines cannot fill memory with messages. 10,000 problems hold about 2.4 MB
#: (measured with tracemalloc), and more than anyone reads: past them the file itself is the problem.
MAX_KEPT_PROBLEMS = 10_000
#: Bytes of an id's digest kept to find repeated ids instead of the id itself. In a Python set an 8-byte digest
#: costs about 70 bytes per article (measured), 700 MB at ten million; the chance of two different ids
#: sharing a digest is about n²/2^65: 3e-8 at a million articles, 3e-6 at ten million.
ID_DIGEST_BYTES = 8
#: The largest .txt or .md file read: UTF-8 takes at most 4 bytes a character, so a bigger file holds more than
#: MAX_ARTICLE_CHARS characters and is refused from its size, without reading it.
MAX_TEXT_FILE_BYTES = 4 * MAX_ARTICLE_CHARS
#: A text file starting with one of these is UTF-16 (little- or big-endian), as Windows tools often save it.
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: Bytes looked at for a NUL when a file is not UTF-8: text has none (but UTF-16 does, hence the BOM check first);
#: a binary file has some within its first few KB (as git and grep decide, on their first 8,000 bytes).
BINARY_SNIFF_BYTES = 8000


class SeenIds:
    """The ids met so far, kept as ID_DIGEST_BYTES digests: every reader finds a repeated id this way."""

    def __init__(self) -> None:
        self._digests: set[int] = set()

    def repeated(self, article_id: str) -> bool:
        """Whether ``article_id`` was met before; it counts as met from now on."""
        digest = int.from_bytes(hashlib.blake2b(article_id.encode("utf-8"), digest_size=ID_DIGEST_BYTES).digest())
        if digest in self._digests:
            return True
        self._digests.add(digest)
        return False


def keep_problem(problems: list[Problem], problem: Problem) -> None:
    """Keep ``problem`` unless MAX_KEPT_PROBLEMS are kept already (the caller counts it either way)."""
    if len(problems) < MAX_KEPT_PROBLEMS:
        problems.append(problem)


class CorpusStream(Iterator[Article]):
    """The articles of a corpus, read lazily in file order; ``problems`` fills as bad records are met.

    Each problem is also warned about when it is met (as :func:`load_corpus` does). ``total`` is the
    number of records when the format says so up front (a Parquet file, a folder of text files), else
    None. Memory does not grow with the corpus, except for an 8-byte digest per article (about 70 bytes in
    a set) to catch a repeated id. ``format`` is "shards" for a folder read as an archive in shards.
    """

    def __init__(self, path: str | Path, warn: bool = True) -> None:
        self.path = Path(path)
        check_corpus_path(self.path)  # missing, a broken link, a link loop, a FIFO: refused at once, never opened
        self.format = corpus_format(self.path)
        self.warn = warn
        self.problems: list[Problem] = []
        self.n_problems = 0
        self.n_articles = 0
        self.total: int | None = None
        self._files: list[Path] = []
        self.shards: list[Path] = []
        self._skipped: list[tuple[Path, str]] = []  # folder entries that are no files: reported first
        if self.format == "folder":
            self._files, self.shards, self._skipped = folder_listing(self.path)
            self.total = len(self._files)
            if self.shards:  # an archive kept in shards: their records, shard after shard
                self.format, self.total = "shards", None
        elif self.format == "text":
            self._files = [self.path]
            self.total = 1
        elif self.format == "parquet":
            self.total = parquet_rows(self.path)
        self._seen = SeenIds()
        self._file: BinaryIO | None = None
        self._size = sum(f.stat().st_size for f in self.shards) if self.shards else \
            self.path.stat().st_size if self.path.is_file() else 0
        self._before = 0  # bytes of the shards already read
        self._articles = self._read()

    def __next__(self) -> Article:
        return next(self._articles)

    def __iter__(self) -> CorpusStream:
        return self

    def fraction_read(self) -> float | None:
        """How far through its file the reading is (0 to 1), where ``total`` is unknown and the file can tell.

        It comes from the byte position (of the compressed file, for .jsonl.gz), so a progress bar can show an
        ETA for a JSONL or CSV corpus without counting its records first.
        """
        if self.total is not None or self._size == 0 or (self._file is None and not self.shards):
            return None
        try:
            here = self._file.tell() if self._file is not None else 0
        except ValueError:  # closed: everything was read
            return 1.0 if not self.shards else min(1.0, self._before / self._size)
        return min(1.0, (self._before + here) / self._size)

    def _opened(self, file: BinaryIO) -> None:
        self._file = file

    def _problem(self, where: str, message: str, stacklevel: int = 5) -> None:
        problem = Problem(where, message)
        self.n_problems += 1
        keep_problem(self.problems, problem)
        if self.warn:
            # The reader's own code: _problem, the record loop, _read, __next__; the caller is the 5th frame.
            warnings.warn(f"skipped {problem}", stacklevel=stacklevel)

    def _read(self) -> Iterator[Article]:
        for entry, why in self._skipped:
            self._problem(str(entry), why, stacklevel=4)  # from _read itself: the caller is the 4th frame
        if self.format in ("folder", "text"):
            yield from self._from_files()
        elif self.format == "shards":
            for shard in self.shards:
                self._file = None
                try:
                    yield from self._from_records(records(shard, corpus_format(shard), self._opened), shard)
                except CorpusError as exc:  # a shard that cannot be read (on) fails alone, as a record does
                    self._problem(str(shard), shard_problem(shard, exc))
                self._before += shard.stat().st_size
        else:
            yield from self._from_records(records(self.path, self.format, self._opened), self.path)

    def _from_files(self) -> Iterator[Article]:
        first: dict[str, str] = {}  # each id's file: one name per file of a folder, which is listed whole anyway
        for f in self._files:
            try:
                text = _read_text(f)
            except (OSError, ValueError) as exc:
                self._problem(str(f), str(exc))
                continue
            article_id = slugify(f.stem) or sha256_text(f.name)[:12]
            if self._seen.repeated(article_id):
                self._problem(str(f), f"id {article_id!r} repeats the id of {first.get(article_id, 'an earlier file')} "
                                      "(ids come from file names: rename one of the two files)")
                continue
            first[article_id] = f.name
            self.n_articles += 1
            yield Article.from_text(text, article_id, path=str(f))

    def _from_records(self, rows: Iterator[Record], source: Path) -> Iterator[Article]:
        stem = record_stem(source)
        for index, (where, obj, error) in enumerate(rows, start=1):
            if obj is None:
                self._problem(where, error or "unreadable record")
                continue
            article = article_from_record(obj, where, f"{stem}-{index}")
            if isinstance(article, str):
                self._problem(where, article)
            elif self._seen.repeated(article.id):
                self._problem(where, f"id {article.id!r} repeats an earlier record's id")
            else:
                self.n_articles += 1
                yield article


def iter_corpus(path: str | Path, *, warn: bool = True) -> CorpusStream:
    """Articles of a folder of .txt/.md files, a .jsonl, .jsonl.gz, .csv or .parquet file, one at a time.

    A folder with no .txt or .md file is an archive in shards: its .jsonl, .jsonl.gz, .csv and .parquet files
    are read in name order as one corpus (records without an id are named ``<shard stem>-<n>``).
    A record that cannot be read fails alone: it is warned about (unless ``warn=False``), left out, and
    listed in the stream's ``problems``, named by its file and line (or row); a byte that is not UTF-8 also by
    its offset in the file. So is an article over annotate.limits.MAX_ARTICLE_CHARS, and every folder entry
    named like a corpus file that is no file (a broken link, a link loop, a FIFO, which is never opened, a
    folder). :class:`CorpusError` is raised for an unusable path at once, and for a file that cannot be read
    on (a truncated gzip, a Parquet file that breaks) when the reading gets there.
    """
    return CorpusStream(path, warn=warn)


def load_corpus(path: str | Path) -> Corpus:
    """Read a whole corpus into memory (see :func:`iter_corpus` for the formats and for large ones).

    A file or record that cannot be read fails alone: it is left out, a warning names it, and it is listed
    in ``corpus.problems``. A file that breaks part way (a gzip cut short) keeps the articles read before the
    break, and the break is a problem. :class:`CorpusError` is raised when the path itself is unusable or
    nothing at all could be loaded.
    """
    stream = CorpusStream(path, warn=False)
    articles: list[Article] = []
    try:
        articles.extend(stream)
    except CorpusError as exc:  # a file that breaks part way (a gzip cut short): what was read before stands
        if not articles:
            raise
        stream._problem(str(stream.path), shard_problem(stream.path, exc))
    for problem in stream.problems:
        warnings.warn(f"skipped {problem}", stacklevel=2)
    if not articles:
        detail = "; ".join(map(str, stream.problems)) or "no .txt, .md, .jsonl, .csv or .parquet articles found"
        raise CorpusError(f"{stream.path}: no article could be loaded ({detail})")
    return Corpus(articles, stream.problems, root=str(stream.path))


def shard_problem(shard: Path, error: CorpusError) -> str:
    """What a shard's CorpusError says, without the path that starts it (the problem names the shard)."""
    message = str(error)
    return message.removeprefix(f"{shard}: ").removeprefix(f"{shard.resolve()}: ")


def _read_text(f: Path) -> str:
    try:
        with open_regular(f) as fh:  # never a FIFO (it would wait for a writer); a file changed to one is refused
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_TEXT_FILE_BYTES:
                raise ValueError(f"the file has {size:,} bytes, over {MAX_TEXT_FILE_BYTES:,} (4 bytes for each of "
                                 f"the {MAX_ARTICLE_CHARS:,} characters an article may have): not read")
            data = fh.read(MAX_TEXT_FILE_BYTES + 1)  # bounded, should it have grown since
    except CorpusError as exc:
        raise ValueError(shard_problem(f, exc)) from exc
    start = len(_BOM) if data.startswith(_BOM) else 0
    try:
        text = data[start:].decode("utf-8")
    except UnicodeDecodeError as exc:  # its offset counts from after the BOM: the file's own is reported
        at = start + exc.start
        raise ValueError(f"not valid UTF-8 (byte {at:,} of the file is {data[at:at + 1]!r}){_encoding_hint(data)}") \
            from exc
    # Universal newlines, as open() would give: offsets then mean the same on every platform.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text:
        raise ValueError("empty file")
    if not text.strip():
        raise ValueError("only whitespace: no text to read")
    if len(text) > MAX_ARTICLE_CHARS:
        raise ValueError(str(ArticleTooLong(len(text))))
    return text


def _encoding_hint(data: bytes) -> str:
    """What a text file that is not UTF-8 more likely is, and how to convert it (iconv, on every Unix)."""
    if data.startswith(_UTF16_BOMS):
        return (f": it starts with a UTF-16 byte order mark ({data[:2]!r}), so it looks like UTF-16; convert it "
                "to UTF-8, e.g. iconv -f UTF-16 -t UTF-8 FILE > NEW")
    if b"\0" in data[:BINARY_SNIFF_BYTES]:
        return ": it holds NUL bytes, so it looks like a binary file, not text"
    decoded = data.decode("utf-8", errors="replace")
    stray = decoded.count("\ufffd")
    if any(ord(c) > 0x7F and c not in "\ufffd\ufeff" for c in decoded):  # a byte order mark alone proves nothing
        # Other non-ASCII characters read as UTF-8: a UTF-8 file with stray bytes, which converting it from
        # Windows-1252 would garble (and iconv refuses 0x81, 0x8d, 0x8f, 0x90, 0x9d, which cp1252 lacks).
        what = "this is a stray byte" if stray == 1 else f"{stray:,} bytes are stray"
        return (f"; the rest reads as UTF-8, so {what} in a UTF-8 file: fix it in an editor, or drop stray bytes "
                "with iconv -c -f UTF-8 -t UTF-8 FILE > NEW")
    if any(b in data for b in _NOT_CP1252):
        return "; it may be Latin-1: convert it to UTF-8, e.g. iconv -f ISO-8859-1 -t UTF-8 FILE > NEW"
    return ("; it may be Latin-1 or Windows-1252: convert it to UTF-8, "
            "e.g. iconv -f WINDOWS-1252 -t UTF-8 FILE > NEW")


#: Bytes Windows-1252 leaves undefined: a file holding one is no Windows-1252 text (iconv refuses it).
_NOT_CP1252 = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


def article_from_record(obj: dict[str, Any], where: str, default_id: str) -> Article | str:
    """The article a JSONL, CSV or Parquet record holds (``default_id`` when it gives none), or why it holds none."""
    text = obj.get("text")
    if text is not None and not isinstance(text, str):  # a number or list is no article: say so, not "missing"
        return not_a_string(type(text).__name__)
    if not text or not text.strip():
        return "missing or empty 'text'"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_ARTICLE_CHARS:  # refused whole: never scored, never truncated without a word
        return str(ArticleTooLong(len(text)))
    given = obj.get("id")
    # An id of spaces is no id: every engine then gives the record its default id.
    article_id = ("" if given is None else str(given).strip()) or default_id
    title, source, url = _opt(obj.get("title")), _opt(obj.get("source")), _opt(obj.get("url"))
    try:  # JSON may escape a lone surrogate ("\ud83d", half an emoji cut by UTF-16 code): no file can hold it
        for value in (article_id, title, source, url):
            if value is not None:
                value.encode("utf-8")
        return Article.from_text(text, article_id, title=title, source=source, url=url, path=where)
    except UnicodeEncodeError as exc:
        return f"not valid Unicode (a lone surrogate {exc.object[exc.start:exc.end]!r})"


#: What a record's non-string 'text' is, in a reader's words, by Python type (JSON, Parquet) or first byte (the
#: panel's index looks at the raw line).
_KINDS = {"int": "a number", "float": "a number", "bool": "true or false", "list": "a list", "dict": "an object",
          "bytes": "bytes", "-": "a number", "[": "a list", "{": "an object", "t": "true or false",
          "f": "true or false"}


def not_a_string(kind: str) -> str:
    """The problem of a record whose 'text' is a ``kind`` (a Python type's name, or a JSON value's first byte)."""
    shown = "a number" if kind.isdigit() else _KINDS.get(kind, f"a {kind}")
    return f"'text' is {shown}, not a string (an article's text goes in quotes)"


def _opt(value: object) -> str | None:
    return None if value is None or (isinstance(value, str) and not value.strip()) else str(value)
