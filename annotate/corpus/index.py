"""A JSONL corpus opened through an index of line offsets and ids: each article is parsed when it is shown."""
from __future__ import annotations

import hashlib
import json
import re
import warnings
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import overload

from annotate.corpus.article import Article, Corpus, CorpusError, Problem
from annotate.corpus.files import check_corpus_path, folder_listing, open_regular
from annotate.corpus.records import (
    LINE_TOO_LONG,
    MAX_LINE_BYTES,
    blank_line,
    corpus_format,
    folder_files,
    jsonl_lines,
    jsonl_record,
    record_stem,
)
from annotate.corpus.stream import article_from_record, keep_problem, load_corpus, not_a_string
from annotate.diskcache import cached_table
from annotate.limits import MAX_ARTICLE_CHARS

#: The top-level "id" and "text" keys of a JSONL record, found without parsing the record (its text can be
#: megabytes). Inside a JSON string every quote is escaped, so an unescaped "id": is a key; a nested
#: object's key is told apart by counting braces outside strings.
_ID_KEY = re.compile(rb'"id"\s*:\s*')
_TEXT_KEY = re.compile(rb'"text"\s*:\s*')
_SCALAR = re.compile(rb'"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null')
#: A string with no escape and no control character: its bytes are its value, with no JSON parser needed.
_PLAIN_STRING = re.compile(rb'"([^"\\\x00-\x1f]*)"')
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_BLANK_STRING = re.compile(rb'"(?:\s|\\[nrt])*"')
#: What may come before a record's "{": a BOM (first line only) and JSON's own whitespace.
_LEAD = b"\xef\xbb\xbf \t\r\n"
#: Articles kept parsed: the one shown, the one ahead, and a few behind for Back. Reading one again costs
#: 0.05 ms (measured on 5.4 KB generated news), so the cache only spares re-reading the article on screen each
#: time it is drawn, scored and saved; it stays small because a record may be up to MAX_LINE_BYTES (64 MiB).
PARSED_CACHE = 8


class IndexedCorpus(Corpus):
    """The articles of a .jsonl file (or a folder of .jsonl shards), indexed once and read from disk when asked for.

    Indexing 100,000 articles (550 MB) takes about 1.2 s here and 25 MB; an article's text is read and
    checked only when it is shown. A record that turns out unreadable then stands in the list as
    ``Article.unreadable``, naming its line. Lines with no "text", lines cut short and repeated ids are
    problems found while indexing.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.root = str(self.path)
        check_corpus_path(self.path)
        # A folder as every reader takes it: shards only when it holds no .txt or .md file. Entries that are no
        # files (broken links, FIFOs, folders named like shards) are reported first, as a stream reports them.
        skipped: list[tuple[Path, str]] = []
        if self.path.is_dir():
            _, self.files, skipped = folder_listing(self.path)
        else:
            self.files = [self.path]
        if not self.files:
            raise CorpusError(f"{self.path}: a folder opened through an index holds .jsonl shards (and no text files)")
        for f in self.files:
            if corpus_format(f) != "jsonl":
                raise CorpusError(f"{f}: only .jsonl files are opened through an index")
        self._stamps = [_stamp(f) for f in self.files]  # before reading: a later change is then seen
        # Indexing 100,000 articles takes about 1.2 s; every new kernel or Voila visitor opening the same corpus
        # reads the index back from the user cache instead, keyed by the files' paths, sizes and change times.
        name = "corpus-index-" + hashlib.sha256(str(self.path.resolve()).encode("utf-8")).hexdigest()[:12]
        self._file_of, self._offsets, self._lines, self._ids, kept, self.n_problems = cached_table(
            name, self.files, self._build, family="corpus-index", keep=INDEXES_KEPT)
        self._positions = {article_id: i for i, article_id in enumerate(self._ids)}
        self.n_problems += len(skipped)
        self.problems = tuple(Problem(str(where), message) for where, message in [*skipped, *kept])
        for problem in self.problems:
            warnings.warn(f"skipped {problem}", stacklevel=2)
        if self.n_problems > len(self.problems):
            warnings.warn(f"skipped {self.n_problems - len(self.problems)} more records of {self.path}", stacklevel=2)
        if not self._ids:
            raise CorpusError(f"{self.path}: no article could be loaded")
        self._read = lru_cache(maxsize=PARSED_CACHE)(self._parse)

    def _build(self) -> tuple[list[int], list[int], list[int], list[str], list[tuple[str, str]], int]:
        """The index as plain data for the cache: file, offset, line and id per article; problems kept, counted."""
        self._file_of, self._offsets, self._lines, self._ids = [], [], [], []
        self._positions, self.n_problems = {}, 0
        problems: list[Problem] = []
        for file_number in range(len(self.files)):
            self._index(file_number, problems)
        kept = [(p.where, p.message) for p in problems]
        return self._file_of, self._offsets, self._lines, self._ids, kept, self.n_problems

    def _index(self, file_number: int, problems: list[Problem]) -> None:
        """Index one file's records: their file, offset and line; problems go to ``problems``."""
        path = self.files[file_number]
        stem = record_stem(path)
        with open_regular(path) as fh:
            record = 0
            for number, (start, line) in enumerate(jsonl_lines(fh), start=1):
                if blank_line(line, start):
                    continue
                record += 1
                wrong = LINE_TOO_LONG if line is None else _looks_wrong(line)
                if not wrong and line is not None and len(line) > MAX_ARTICLE_CHARS:
                    wrong = _read_whole(line, start, f"{path}:{number}")  # only such a line can hold too long a text
                if wrong or line is None:
                    self._problem(problems, Problem(f"{path}:{number}", wrong or LINE_TOO_LONG))
                    continue
                try:
                    article_id = _top_level_id(line) or f"{stem}-{record}"
                except (UnicodeError, json.JSONDecodeError) as exc:
                    self._problem(problems, Problem(f"{path}:{number}", f"unreadable id ({exc})"))
                    continue
                if article_id in self._positions:
                    self._problem(problems, Problem(f"{path}:{number}",
                                                    f"id {article_id!r} repeats an earlier record's id"))
                    continue
                self._positions[article_id] = len(self._ids)
                self._ids.append(article_id)
                self._file_of.append(file_number)
                self._offsets.append(start)
                self._lines.append(number)

    def _problem(self, problems: list[Problem], problem: Problem) -> None:
        """As a stream does: every problem counted, a bounded number kept (and warned about)."""
        self.n_problems += 1
        keep_problem(problems, problem)

    @property
    def ids(self) -> Sequence[str]:
        return self._ids

    def position(self, article_id: str) -> int:
        return self._positions[article_id]

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> Article: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Article]: ...
    def __getitem__(self, index: int | slice) -> Article | Sequence[Article]:
        if isinstance(index, slice):
            return [self._read(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(f"article {index} of {len(self)}")
        return self._read(index)

    def __iter__(self) -> Iterator[Article]:
        return (self._parse(i) for i in range(len(self)))

    def get(self, article_id: str) -> Article | None:
        position = self._positions.get(article_id)
        return None if position is None else self._read(position)

    def _parse(self, index: int) -> Article:
        path = self.files[self._file_of[index]]
        where = f"{path}:{self._lines[index]}"
        offset = self._offsets[index]
        with open_regular(path) as fh:
            fh.seek(offset)
            raw = fh.readline(MAX_LINE_BYTES + 1)
        obj, problem = jsonl_record(raw, offset) or (None, "a blank line")
        article = problem or article_from_record(obj or {}, where, self._ids[index])
        if isinstance(article, str):
            # The record fails alone: it stands in the list as unreadable (a reviewer can skip it, not label it).
            return Article.unreadable(self._ids[index], where, article)
        if article.id != self._ids[index]:
            if _stamp(path) != self._stamps[self._file_of[index]]:
                raise CorpusError(f"{where}: the file changed since it was opened (id {article.id!r}, expected "
                                  f"{self._ids[index]!r}); open it again")
            return Article.unreadable(self._ids[index], where, f"its id reads as {article.id!r} in full, "
                                      f"{self._ids[index]!r} at a glance (is \"id\" given twice?)")
        return article


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_size, status.st_mtime_ns


def _read_whole(line: bytes, offset: int, where: str) -> str | None:
    """Why a line is no article, read in full: for the rare line long enough to hold a text over the size limit."""
    read = jsonl_record(line, offset)
    article = (read[1] or article_from_record(read[0] or {}, where, "")) if read is not None else "a blank line"
    return article if isinstance(article, str) else None


def _looks_wrong(line: bytes) -> str | None:
    """Why a line is no article, from what can be seen without parsing it (a full check comes when it is shown)."""
    # Only the ends are looked at, and the text from its key on: a line is kilobytes, there are 100,000 of them.
    if not (line[:64].lstrip(_LEAD).startswith(b"{") and line[-64:].rstrip().endswith(b"}")):
        return "not a whole JSON object (a line cut short?)"
    key = _top_level(line, _TEXT_KEY)
    if key is None:
        return "missing 'text'"
    first = line[key.end():key.end() + 1]
    if first != b'"' and first != b"n":  # anything but a string or null: the stream's own words for it
        return not_a_string(first.decode("latin-1"))
    if first != b'"' or _BLANK_STRING.match(line, key.end()):
        return "missing or empty 'text'"
    return None


def _top_level_id(line: bytes) -> str | None:
    """The record's top-level "id" as the stream reads it (str() of the value, stripped), or None when it has none."""
    key = _top_level(line, _ID_KEY)
    if key is None:
        return None
    plain = _PLAIN_STRING.match(line, key.end())
    # The usual id is read straight from its bytes: with json.loads for it, indexing 100,000 generated articles
    # took 1.9 s instead of 1.2 s (medians of 5, with the brace shortcut in _top_level, alternating 3 times).
    if plain:
        value: object = plain.group(1).decode("utf-8")
    else:
        scalar = _SCALAR.match(line, key.end())
        # An object or array as id is rare: the whole record is parsed to read it as the stream does.
        value = json.loads(scalar.group()) if scalar else json.loads(line).get("id")
    article_id = ("" if value is None else str(value).strip()) or None
    if article_id is not None:
        article_id.encode("utf-8")  # UnicodeEncodeError for a lone surrogate ("\ud83d"), which no file can hold
    return article_id


def _top_level(line: bytes, key: re.Pattern[bytes]) -> re.Match[bytes] | None:
    """The first match of ``key`` at the record's top level (not inside a nested object)."""
    for match in key.finditer(line):
        before = line[: match.start()]
        if before.count(b"{") == 1 and b"}" not in before:
            return match  # only the record's own "{" before it (taking strings out could only remove braces)
        before = _STRING.sub(b"", before)
        if before.count(b"{") - before.count(b"}") == 1:
            return match
    return None


#: Corpus indexes kept in the user cache, the ones used last: an index of 100,000 articles is 3 MB, and a
#: reviewer works on a few corpora at a time (temporary ones, from tests or benchmarks, go first).
INDEXES_KEPT = 16


#: Above this size a .jsonl corpus is opened through an index instead of read whole into memory. Below it,
#: reading it whole checks every record up front (every bad line is reported when the panel opens) and costs
#: little. Measured on generated news (a fresh process, best of 3): 22 MB (4,000 articles) loads in 0.22 s and
#: +46 MB against the index's 0.04 s and +1 MB; 55 MB loads in 0.58 s and +116 MB. Past ~20 MB the full read
#: starts to be felt, and it grows with the file.
INDEX_MIN_BYTES = 20_000_000


def open_corpus(path: str | Path) -> Corpus:
    """A corpus for review: a large .jsonl, or a large folder of .jsonl shards, through an index (each article
    read when shown); anything else read whole."""
    p = Path(path)
    check_corpus_path(p)  # a FIFO, a broken link or a link loop: refused here, never opened
    if p.is_file() and corpus_format(p) == "jsonl" and p.stat().st_size >= INDEX_MIN_BYTES:
        return IndexedCorpus(p)
    if p.is_dir():
        shards = folder_files(p)[1]  # as every reader tells texts from shards
        if shards and all(corpus_format(f) == "jsonl" for f in shards) \
                and sum(f.stat().st_size for f in shards) >= INDEX_MIN_BYTES:
            return IndexedCorpus(p)
    return load_corpus(p)
