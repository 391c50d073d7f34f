"""Score news articles for artifacts, hedging, quotes and readability, and label their framing."""
from .agreement import agreement
from .artifacts import ArtifactScore, score_artifacts
from .codebooks import Codebook, CodebookError, load_codebook
from .corpus import Article, Corpus, CorpusError, load_corpus
from .export import export_report
from .findings import KINDS, Finding
from .hedging import HedgeScore, score_hedging
from .highlight import highlight_html
from .labels import LabelStore, LabelStoreError
from .panel import ReviewPanel
from .quotes import QuoteScore, score_quotes
from .readability import Readability, score_readability
from .report_labels import final_labels, read_labels
from .review_app import ReviewApp
from .scoring import ArticleScore, score_text
from .tables import findings_frame, score_corpus

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
