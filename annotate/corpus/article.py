"""Article, Corpus and Problem: what every layer reads, with stable ids and the sha256 of each text."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import overload

# Titles longer than this are cut: a first line that long is a paragraph, not a headline.
MAX_TITLE_CHARS = 200


class CorpusError(ValueError):
    """The corpus as a whole cannot be read; the message names the path."""


@dataclass(frozen=True, slots=True)
class Article:
    """One article: a stable id, its title and text, and the sha256 of that text."""

    id: str
    title: str
    text: str
    sha256: str
    source: str | None = None
    url: str | None = None
    path: str | None = None
    #: Why the record behind this article cannot be read, when it cannot (its text is then empty): an indexed
    #: corpus finds out only when the article is shown, and keeps it in the list so that nothing shifts.
    problem: str | None = None

    @classmethod
    def unreadable(cls, id: str, where: str, problem: str) -> Article:
        """The stand-in for a record found unreadable after its corpus was opened."""
        return cls(id=id, title=f"Unreadable record ({Path(where).name})", text="", sha256=sha256_text(""),
                   path=where, problem=problem)

    @classmethod
    def from_text(cls, text: str, id: str, title: str | None = None, source: str | None = None,
                  url: str | None = None, path: str | None = None) -> Article:
        return cls(id=id, title=title or first_line(text), text=text, sha256=sha256_text(text),
                   source=source, url=url, path=path)


@dataclass(frozen=True, slots=True)
class Problem:
    """A file or record that could not be loaded, and why."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class Corpus(Sequence[Article]):
    """Loaded articles in a stable order, plus the problems met while loading."""

    def __init__(self, articles: Iterable[Article], problems: Iterable[Problem] = (), root: str = "") -> None:
        self.articles = tuple(articles)
        self.problems = tuple(problems)
        self.root = root
        self._by_id = {a.id: a for a in self.articles}
        self._positions = {a.id: i for i, a in enumerate(self.articles)}

    @overload
    def __getitem__(self, index: int) -> Article: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Article]: ...
    def __getitem__(self, index: int | slice) -> Article | Sequence[Article]:
        return self.articles[index]

    def __len__(self) -> int:
        return len(self.articles)

    def __iter__(self) -> Iterator[Article]:
        return iter(self.articles)

    def get(self, article_id: str) -> Article | None:
        return self._by_id.get(article_id)

    @property
    def ids(self) -> Sequence[str]:
        """Every article's id, in corpus order (without reading any text where the corpus is indexed)."""
        return [a.id for a in self.articles]

    def position(self, article_id: str) -> int:
        """The index of an article in the corpus; KeyError when there is none with that id."""
        return self._positions[article_id]

    def __repr__(self) -> str:
        return f"<Corpus {self.root!r}: {len(self)} articles, {len(self.problems)} problems>"


class CorpusView(Sequence[Article]):
    """Some of a corpus's articles, in a given order (a review order), read from the corpus when asked for."""

    def __init__(self, corpus: Corpus, ids: Sequence[str]) -> None:
        self.corpus = corpus
        self.ids = list(ids)
        self._indices = [corpus.position(i) for i in self.ids]

    @overload
    def __getitem__(self, index: int) -> Article: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Article]: ...
    def __getitem__(self, index: int | slice) -> Article | Sequence[Article]:
        if isinstance(index, slice):
            return [self.corpus[i] for i in self._indices[index]]
        return self.corpus[self._indices[index]]

    def __len__(self) -> int:
        return len(self.ids)


#: What the scoring and report functions accept as a corpus: a path to load, or articles already loaded.
Articles = str | Path | Iterable[Article]


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def slugify(name: str) -> str:
    """Lower-case ASCII slug: accents folded, runs of other characters become one hyphen."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def first_line(text: str) -> str:
    """The first non-empty line, without Markdown heading marks; "" for blank text."""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:MAX_TITLE_CHARS]
    return ""
