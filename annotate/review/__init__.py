"""Review sessions without widgets: which article comes next, saving, skipping, undo, and adjudication."""
from annotate.review.adjudication import AdjudicationSession
from annotate.review.errors import (
    ChangedElsewhereError,
    InvalidLabelError,
    MissingFieldsError,
    NothingToUndoError,
    ReplaceError,
)
from annotate.review.modes import MODES, open_session
from annotate.review.order import ORDERS, order_articles
from annotate.review.session import ReviewSession

__all__ = [
    "MODES",
    "ORDERS",
    "AdjudicationSession",
    "ChangedElsewhereError",
    "InvalidLabelError",
    "MissingFieldsError",
    "NothingToUndoError",
    "ReplaceError",
    "ReviewSession",
    "open_session",
    "order_articles",
]
