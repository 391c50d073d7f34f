"""Load a corpus (folder of .txt/.md, .jsonl or .csv) into Articles with stable ids and hashes."""
from __future__ import annotations

import csv
import hashlib
import json
import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import overload

TEXT_SUFFIXES = (".txt", ".md")
FIELDS = ("id", "title", "text", "source", "url")
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

    def __repr__(self) -> str:
        return f"<Corpus {self.root!r}: {len(self)} articles, {len(self.problems)} problems>"


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


def load_corpus(path: str | Path) -> Corpus:
    """Read a folder of .txt/.md files, a .jsonl file or a .csv file.

    A file or record that cannot be read fails alone: it is left out, a warning
    names it, and it is listed in ``corpus.problems``.  :class:`CorpusError` is
    raised only when the path itself is unusable or nothing at all could be loaded.
    """
    p = Path(path)
    if not p.exists():
        raise CorpusError(f"{p}: no such file or folder")
    if p.is_dir():
        articles, problems = _load_folder(p)
    elif p.suffix.lower() == ".jsonl":
        articles, problems = _load_records(p, _jsonl_records(p))
    elif p.suffix.lower() == ".csv":
        articles, problems = _load_records(p, _csv_records(p))
    elif p.suffix.lower() in TEXT_SUFFIXES:
        articles, problems = _load_files(p.parent, [p])
    else:
        raise CorpusError(f"{p}: not a folder, .jsonl, .csv, .txt or .md file")
    for problem in problems:
        warnings.warn(f"skipped {problem}", stacklevel=2)
    if not articles:
        detail = "; ".join(map(str, problems)) or "no .txt, .md, .jsonl or .csv articles found"
        raise CorpusError(f"{p}: no article could be loaded ({detail})")
    return Corpus(articles, problems, root=str(p))


def _load_folder(folder: Path) -> tuple[list[Article], list[Problem]]:
    files = sorted(f for f in folder.iterdir() if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES)
    return _load_files(folder, files)


def _load_files(folder: Path, files: list[Path]) -> tuple[list[Article], list[Problem]]:
    articles: list[Article] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for f in files:
        try:
            text = _read_text(f)
        except (OSError, ValueError) as exc:
            problems.append(Problem(str(f), str(exc)))
            continue
        article_id = slugify(f.stem) or sha256_text(f.name)[:12]
        if article_id in seen:
            problems.append(Problem(str(f), f"id {article_id!r} already used by {seen[article_id]}"))
            continue
        seen[article_id] = str(f)
        articles.append(Article.from_text(text, article_id, path=str(f)))
    return articles, problems


def _read_text(f: Path) -> str:
    data = f.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r})") from exc
    # Universal newlines, as open() would give: offsets then mean the same on every platform.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ValueError("empty file")
    return text


Record = tuple[str, dict[str, object] | None, str | None]


def _jsonl_records(p: Path) -> Iterator[Record]:
    try:
        with p.open(encoding="utf-8-sig") as fh:
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
        raise CorpusError(f"{p}: not valid UTF-8 (byte {exc.start})") from exc


def _csv_records(p: Path) -> Iterator[Record]:
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


def _load_records(p: Path, records: Iterable[Record]) -> tuple[list[Article], list[Problem]]:
    articles: list[Article] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    stem = slugify(p.stem) or "article"
    for index, (where, obj, error) in enumerate(records, start=1):
        if obj is None:
            problems.append(Problem(where, error or "unreadable record"))
            continue
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            problems.append(Problem(where, "missing or empty 'text'"))
            continue
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        given = obj.get("id")
        article_id = str(given).strip() if given not in (None, "") else f"{stem}-{index}"
        if article_id in seen:
            problems.append(Problem(where, f"id {article_id!r} already used at {seen[article_id]}"))
            continue
        seen[article_id] = where
        articles.append(Article.from_text(
            text, article_id, title=_opt(obj.get("title")), source=_opt(obj.get("source")),
            url=_opt(obj.get("url")), path=where,
        ))
    return articles, problems


def _opt(value: object) -> str | None:
    return None if value is None or (isinstance(value, str) and not value.strip()) else str(value)
