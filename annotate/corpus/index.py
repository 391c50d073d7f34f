"""A JSONL corpus opened through an index of line offsets and ids: each article is parsed when it is shown."""
from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import overload

from annotate.corpus.article import Article, Corpus, CorpusError, Problem
from annotate.corpus.records import LINE_TOO_LONG, MAX_LINE_BYTES, blank_line, jsonl_lines, jsonl_record, record_stem
from annotate.corpus.stream import article_from_record, load_corpus

#: The top-level "id" of a JSONL record, found without parsing the record (its text can be megabytes).
#: Inside a JSON string every quote is escaped, so an unescaped "id": is a key; a nested object's "id"
#: before it is told apart by counting braces outside strings.
_ID = re.compile(rb'"id"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)')
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_HAS_TEXT = re.compile(rb'"text"\s*:\s*"')
_EMPTY_TEXT = re.compile(rb'"text"\s*:\s*"(?:\s|\\[nrt])*"')
#: Articles kept parsed: the one shown, the one ahead, and a few behind for Back. Reading one again costs
#: 0.05 ms (measured on 5.4 KB generated news), so the cache only spares re-reading the article on screen each
#: time it is drawn, scored and saved; it stays small because a record may be up to MAX_LINE_BYTES (64 MiB).
PARSED_CACHE = 8


class IndexedCorpus(Corpus):
    """The articles of a .jsonl file, indexed once (offsets and ids) and each read from disk when asked for.

    Opening 100,000 articles takes about a second and a few tens of MB; an article's text is read and
    checked only when it is shown. A record that turns out unreadable then raises CorpusError naming its
    line, and stands in the list as ``Article.unreadable``. Lines with no "text", lines cut short and repeated
    ids are problems found while indexing.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.root = str(self.path)
        self._offsets: list[int] = []
        self._lines: list[int] = []
        self._ids: list[str] = []
        problems: list[Problem] = []
        self._positions: dict[str, int] = {}
        stem = record_stem(self.path)
        with self.path.open("rb") as fh:
            record = 0
            for number, (start, line) in enumerate(jsonl_lines(fh), start=1):
                if blank_line(line, start):
                    continue
                record += 1
                where = f"{self.path}:{number}"
                wrong = LINE_TOO_LONG if line is None else _looks_wrong(line)
                if wrong or line is None:
                    problems.append(Problem(where, wrong or LINE_TOO_LONG))
                    continue
                try:
                    article_id = _top_level_id(line) or f"{stem}-{record}"
                except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                    problems.append(Problem(where, f"unreadable id ({exc})"))
                    continue
                if article_id in self._positions:
                    problems.append(Problem(where, f"id {article_id!r} repeats an earlier record's id"))
                    continue
                self._positions[article_id] = len(self._ids)
                self._ids.append(article_id)
                self._offsets.append(start)
                self._lines.append(number)
        for problem in problems:
            warnings.warn(f"skipped {problem}", stacklevel=2)
        self.problems = tuple(problems)
        if not self._ids:
            raise CorpusError(f"{self.path}: no article could be loaded")
        self._read = lru_cache(maxsize=PARSED_CACHE)(self._parse)

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
        where = f"{self.path}:{self._lines[index]}"
        offset = self._offsets[index]
        with self.path.open("rb") as fh:
            fh.seek(offset)
            raw = fh.readline(MAX_LINE_BYTES + 1)
        obj, problem = jsonl_record(raw, offset) or (None, "a blank line")
        article = problem or article_from_record(obj or {}, where, self._ids[index])
        if isinstance(article, str):
            # The record fails alone: it stands in the list as unreadable (a reviewer can skip it, not label it).
            return Article.unreadable(self._ids[index], where, article)
        if article.id != self._ids[index]:
            raise CorpusError(f"{where}: the file changed since it was opened (id {article.id!r}, expected "
                              f"{self._ids[index]!r}); open it again")
        return article


def _looks_wrong(line: bytes) -> str | None:
    """Why a line is no article, from what can be seen without parsing it (a full check comes when it is shown)."""
    # Only the ends are looked at, and the text from its key on: a line is kilobytes, there are 100,000 of them.
    if not (line[:64].lstrip(b"\xef\xbb\xbf \t").startswith(b"{") and line[-64:].rstrip().endswith(b"}")):
        return "not a whole JSON object (a line cut short?)"
    key = _HAS_TEXT.search(line)
    if key is None:
        return "missing 'text'"
    if _EMPTY_TEXT.match(line, key.start()):
        return "missing or empty 'text'"
    return None


def _top_level_id(line: bytes) -> str | None:
    """The record's top-level "id" as text, or None when it has none."""
    for match in _ID.finditer(line):
        before = _STRING.sub(b"", line[: match.start()])
        if before.count(b"{") - before.count(b"}") == 1:
            value = json.loads(match.group(1))
            # As the stream reads it: str() of the JSON value; null or spaces is no id.
            return ("" if value is None else str(value).strip()) or None
    return None


#: Above this size a .jsonl corpus is opened through an index instead of read whole into memory. Below it,
#: reading it whole checks every record up front (every bad line is reported when the panel opens) and costs
#: little. Measured on generated news (a fresh process, best of 3): 22 MB (4,000 articles) loads in 0.22 s and
#: +46 MB against the index's 0.04 s and +1 MB; 55 MB loads in 0.58 s and +116 MB. Past ~20 MB the full read
#: starts to be felt, and it grows with the file.
INDEX_MIN_BYTES = 20_000_000


def open_corpus(path: str | Path) -> Corpus:
    """A corpus for review: a large .jsonl through an index (each article read when shown), else read whole."""
    p = Path(path)
    if p.is_file() and p.name.lower().endswith(".jsonl") and p.stat().st_size >= INDEX_MIN_BYTES:
        return IndexedCorpus(p)
    return load_corpus(p)
