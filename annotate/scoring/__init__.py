"""Scoring: plain text in, frozen findings with character offsets and numbers out; no labels, no widgets."""
from annotate.scoring.article import ArticleScore, score_text
from annotate.scoring.artifacts import ArtifactScore, score_artifacts
from annotate.scoring.findings import KINDS, Finding
from annotate.scoring.hedging import HedgeScore, score_hedging
from annotate.scoring.highlight import highlight_html
from annotate.scoring.quotes import QuoteScore, score_quotes
from annotate.scoring.readability import Readability, score_readability
from annotate.scoring.tables import findings_frame, score_corpus

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
