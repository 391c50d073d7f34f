"""Quotes: direct and scare quotes, and the speakers they are attributed to."""
from annotate.scoring.quotes.detect import QuoteScore, score_quotes

__all__ = ["QuoteScore", "score_quotes"]
