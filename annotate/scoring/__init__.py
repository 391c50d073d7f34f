"""Scoring: plain text in, frozen findings with character offsets and numbers out; no labels, no widgets."""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from annotate.scoring.article import ArticleScore, score_text
from annotate.scoring.artifacts import ArtifactScore, score_artifacts
from annotate.scoring.findings import KINDS, Finding
from annotate.scoring.hedging import HedgeScore, score_hedging
from annotate.scoring.highlight import highlight_html
from annotate.scoring.quotes import QuoteScore, score_quotes
from annotate.scoring.readability import Readability, score_readability

if TYPE_CHECKING:
    from annotate.scoring.tables import findings_frame, score_corpus

# The tables need pandas (0.36 s to import) and the corpus readers: loaded when first asked for, so that
# scoring a text in a fresh process does not pay for them.
_LAZY = {"findings_frame": "annotate.scoring.tables", "score_corpus": "annotate.scoring.tables"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if not name.startswith("_"):  # a module not imported yet (annotate.scoring.tables)
        try:
            return import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
    raise AttributeError(f"module 'annotate.scoring' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

__all__ = [
    "KINDS",
    "ArticleScore",
    "ArtifactScore",
    "Finding",
    "HedgeScore",
    "QuoteScore",
    "Readability",
    "findings_frame",
    "highlight_html",
    "score_artifacts",
    "score_corpus",
    "score_hedging",
    "score_quotes",
    "score_readability",
    "score_text",
]
