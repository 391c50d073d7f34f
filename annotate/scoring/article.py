"""score_text: run every scorer over one tokenisation and gather their parts into one ArticleScore."""
from __future__ import annotations

import html
from dataclasses import dataclass, field, fields
from typing import Any, get_type_hints

from annotate.limits import MAX_ARTICLE_CHARS, ArticleTooLong
from annotate.scoring.artifacts import ArtifactScore, score_artifacts
from annotate.scoring.findings import Finding, sort_findings
from annotate.scoring.hedging import HedgeScore, score_hedging
from annotate.scoring.highlight import highlight_html, legend_html
from annotate.scoring.quotes import QuoteScore, score_quotes
from annotate.scoring.readability import Readability, score_readability
from annotate.scoring.text import Doc

#: The scorers' results an ArticleScore holds, in the order their numbers are listed (one column each).
PARTS: dict[str, type] = {"artifacts": ArtifactScore, "hedging": HedgeScore, "quotes": QuoteScore,
                          "readability": Readability}


def number_names(part: type) -> tuple[str, ...]:
    """The numbers a score part reports: its int and float fields, then its properties, as declared.

    A new metric is a field (or property) on its part, and nothing else: it then appears in
    ``ArticleScore.numbers()``, as ``score.<name>``, and as a column of every table and export.
    """
    hints = get_type_hints(part)  # the declared types, whether or not annotations are postponed
    declared = [f.name for f in fields(part) if hints[f.name] in (int, float)]
    derived = [name for name, value in vars(part).items()
               if isinstance(value, property) and get_type_hints(value.fget).get("return") in (int, float)]
    return (*declared, *derived)


#: Every number on an ArticleScore, in column order; a name two parts share (n_words) is listed once.
NUMBER_FIELDS: tuple[str, ...] = tuple(dict.fromkeys(
    ("n_words", "n_sentences", *(name for part in PARTS.values() for name in number_names(part)))))

def _type_of(part: type, name: str) -> str:
    """"int" or "float": a field's declared type, or a property's return annotation."""
    declared = {f.name: f.type for f in fields(part)}
    if name in declared:
        return str(declared[name])
    return str(vars(part)[name].fget.__annotations__["return"])


#: Each number's type ("int" or "float"), in NUMBER_FIELDS order: the columns of a Parquet score table.
NUMBER_TYPES: tuple[str, ...] = tuple(
    "int" if name in ("n_words", "n_sentences") else
    next(_type_of(cls, name) for cls in PARTS.values() if name in number_names(cls)) for name in NUMBER_FIELDS)
#: Which part holds each number, for ``score.<number>`` (the first part to report it).
_PART_OF: dict[str, str] = {name: part for part, cls in reversed(PARTS.items()) for name in number_names(cls)}


@dataclass(frozen=True, slots=True)
class ArticleScore:
    """Everything the machine found in one article: findings with spans, each scorer's part, and the numbers.

    Every number of a part can be read as ``score.<name>`` (``score.n_hedges`` is ``score.hedging.n_hedges``).
    """

    findings: tuple[Finding, ...]
    n_words: int
    n_sentences: int
    artifacts: ArtifactScore = field(repr=False)
    hedging: HedgeScore = field(repr=False)
    quotes: QuoteScore = field(repr=False)
    readability: Readability = field(repr=False)
    text: str = field(default="", repr=False, compare=False)

    def __getattr__(self, name: str) -> Any:
        # Called only for names that are not fields: the parts' numbers, read through.
        part = _PART_OF.get(name)
        if part is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        return getattr(getattr(self, part), name)

    def __dir__(self) -> list[str]:
        return sorted({*object.__dir__(self), *_PART_OF})  # tab completion offers the parts' numbers too

    @property
    def speakers(self) -> tuple[str, ...]:
        """The speakers quotes are attributed to, in order of first appearance."""
        return self.quotes.speakers

    def numbers(self) -> dict[str, float | int]:
        """Every number on the score, in column order (one DataFrame column each)."""
        return {name: getattr(self, name) for name in NUMBER_FIELDS}

    def _repr_html_(self) -> str:
        return score_html(self)


def score_text(text: str) -> ArticleScore:
    """Score one article's plain text; every finding satisfies ``text[f.start:f.end] == f.text``.

    A text over :data:`annotate.limits.MAX_ARTICLE_CHARS` is refused with :class:`~annotate.limits.ArticleTooLong`
    (a ValueError) before any work: scoring is close to linear, but a book or a dump is no article.
    """
    doc = Doc(text)  # a str, or TypeError
    if len(text) > MAX_ARTICLE_CHARS:
        raise ArticleTooLong(len(text))
    artifacts = score_artifacts(doc)
    hedging = score_hedging(doc)
    quotes = score_quotes(doc)
    return ArticleScore(
        findings=sort_findings([*artifacts.findings, *hedging.findings, *quotes.findings]),
        n_words=len(doc.words),
        n_sentences=len(doc.sentences),
        artifacts=artifacts,
        hedging=hedging,
        quotes=quotes,
        readability=score_readability(doc),
        text=text,
    )


def score_html(score: ArticleScore) -> str:
    """A scored article for notebooks: its numbers, a legend and the highlighted text."""
    rows = "".join(
        f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{_fmt(v)}</td></tr>"
        for k, v in score.numbers().items()
    )
    speakers = html.escape(", ".join(score.speakers)) or "none"
    return (
        f"<details><summary>{score.n_artifacts} artifacts, {score.n_hedges} hedges, "
        f"{score.n_direct_quotes} quotes (speakers: {speakers})</summary>"
        f"<table>{rows}</table></details>"
        + legend_html()
        + highlight_html(score.text, score.findings)
    )


def _fmt(value: float | int) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)
