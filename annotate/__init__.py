"""Score news articles for artifacts, hedging, quotes and readability, and label their framing."""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from annotate.corpus import Article, Corpus, CorpusError, iter_corpus, load_corpus
from annotate.labels import (
    Codebook,
    CodebookError,
    LabelStore,
    LabelStoreError,
    final_labels,
    load_codebook,
    read_labels,
)
from annotate.report import agreement, export_report
from annotate.scoring import (
    KINDS,
    ArticleScore,
    ArtifactScore,
    Finding,
    HedgeScore,
    QuoteScore,
    Readability,
    findings_frame,
    highlight_html,
    score_artifacts,
    score_corpus,
    score_hedging,
    score_quotes,
    score_readability,
    score_text,
)

if TYPE_CHECKING:
    from annotate.widgets import ReviewApp, ReviewPanel

# The widgets load ipywidgets and anywidget: only a notebook that shows a panel pays for them, never the
# command line or a scoring worker. `from annotate import ReviewPanel` imports them on first use.
_LAZY = {"ReviewApp": "annotate.widgets", "ReviewPanel": "annotate.widgets"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value  # later lookups are plain attribute reads
        return value
    raise AttributeError(f"module 'annotate' has no attribute {name!r}")


__all__ = [
    "KINDS",
    "Article",
    "ArticleScore",
    "ArtifactScore",
    "Codebook",
    "CodebookError",
    "Corpus",
    "CorpusError",
    "Finding",
    "HedgeScore",
    "LabelStore",
    "LabelStoreError",
    "QuoteScore",
    "Readability",
    "ReviewApp",
    "ReviewPanel",
    "agreement",
    "export_report",
    "final_labels",
    "findings_frame",
    "highlight_html",
    "iter_corpus",
    "load_codebook",
    "load_corpus",
    "read_labels",
    "score_artifacts",
    "score_corpus",
    "score_hedging",
    "score_quotes",
    "score_readability",
    "score_text",
]
