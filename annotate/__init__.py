"""Score news articles for artifacts, hedging, quotes and readability, and label their framing."""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
    from annotate.widgets import ReviewApp, ReviewPanel

# Every name is imported on first use. A scoring worker or `annotate score` then never loads what it does not
# call: the widgets (ipywidgets, anywidget) only for a panel, pandas (0.36 s of the 0.53 s `import annotate`
# took) only for tables, labels and reports. `from annotate import X` and `annotate.X` work as before.
_LAZY = {
    "Article": "annotate.corpus",
    "ArticleScore": "annotate.scoring",
    "ArtifactScore": "annotate.scoring",
    "Codebook": "annotate.labels",
    "CodebookError": "annotate.labels",
    "Corpus": "annotate.corpus",
    "CorpusError": "annotate.corpus",
    "Finding": "annotate.scoring",
    "HedgeScore": "annotate.scoring",
    "KINDS": "annotate.scoring",
    "LabelStore": "annotate.labels",
    "LabelStoreError": "annotate.labels",
    "QuoteScore": "annotate.scoring",
    "Readability": "annotate.scoring",
    "ReviewApp": "annotate.widgets",
    "ReviewPanel": "annotate.widgets",
    "agreement": "annotate.report",
    "export_report": "annotate.report",
    "final_labels": "annotate.labels",
    "findings_frame": "annotate.scoring",
    "highlight_html": "annotate.scoring",
    "iter_corpus": "annotate.corpus",
    "load_codebook": "annotate.labels",
    "load_corpus": "annotate.corpus",
    "read_labels": "annotate.labels",
    "score_artifacts": "annotate.scoring",
    "score_corpus": "annotate.scoring",
    "score_hedging": "annotate.scoring",
    "score_quotes": "annotate.scoring",
    "score_readability": "annotate.scoring",
    "score_text": "annotate.scoring",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value  # later lookups are plain attribute reads
        return value
    if not name.startswith("_"):  # a subpackage or module, as `annotate.scoring` was when every name was imported
        try:
            return import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
    raise AttributeError(f"module 'annotate' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
