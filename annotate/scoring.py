"""score_text: run every scorer over one tokenisation and gather the numbers."""
from __future__ import annotations

from dataclasses import dataclass, field, fields

from .artifacts import score_artifacts
from .findings import Finding, sort_findings
from .hedging import score_hedging
from .quotes import score_quotes
from .readability import Readability, score_readability
from .text import Doc


@dataclass(frozen=True, slots=True)
class ArticleScore:
    """Everything the machine found in one article: findings with spans, and the numbers."""

    findings: tuple[Finding, ...]
    n_words: int
    n_sentences: int
    n_citations: int
    n_boilerplate: int
    n_typos: int
    n_encoding: int
    n_artifacts: int
    n_hedges: int
    n_boosters: int
    hedges_per_100_words: float
    boosters_per_100_words: float
    quote_share: float
    n_direct_quotes: int
    n_scare_quotes: int
    n_speakers: int
    speakers: tuple[str, ...]
    flesch_reading_ease: float
    flesch_kincaid_grade: float
    gunning_fog: float
    smog_index: float
    coleman_liau_index: float
    automated_readability_index: float
    text: str = field(default="", repr=False, compare=False)

    def numbers(self) -> dict[str, float | int]:
        """Every number on the score, in declaration order (one DataFrame column each)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name in NUMBER_FIELDS}

    def _repr_html_(self) -> str:
        from .highlight import score_html

        return score_html(self)


NUMBER_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(ArticleScore) if f.name not in {"findings", "speakers", "text"}
)


def score_text(text: str) -> ArticleScore:
    """Score one article's plain text; every finding satisfies ``text[f.start:f.end] == f.text``."""
    doc = Doc(text)
    artifacts = score_artifacts(doc)
    hedging = score_hedging(doc)
    quotes = score_quotes(doc)
    readability: Readability = score_readability(doc)
    return ArticleScore(
        findings=sort_findings([*artifacts.findings, *hedging.findings, *quotes.findings]),
        n_words=len(doc.words),
        n_sentences=len(doc.sentences),
        n_citations=artifacts.n_citations,
        n_boilerplate=artifacts.n_boilerplate,
        n_typos=artifacts.n_typos,
        n_encoding=artifacts.n_encoding,
        n_artifacts=artifacts.n_artifacts,
        n_hedges=hedging.n_hedges,
        n_boosters=hedging.n_boosters,
        hedges_per_100_words=hedging.hedges_per_100_words,
        boosters_per_100_words=hedging.boosters_per_100_words,
        quote_share=quotes.quote_share,
        n_direct_quotes=quotes.n_direct_quotes,
        n_scare_quotes=quotes.n_scare_quotes,
        n_speakers=quotes.n_speakers,
        speakers=quotes.speakers,
        flesch_reading_ease=readability.flesch_reading_ease,
        flesch_kincaid_grade=readability.flesch_kincaid_grade,
        gunning_fog=readability.gunning_fog,
        smog_index=readability.smog_index,
        coleman_liau_index=readability.coleman_liau_index,
        automated_readability_index=readability.automated_readability_index,
        text=text,
    )
