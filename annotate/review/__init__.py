"""Review sessions without widgets: which article comes next, saving, skipping, undo, and adjudication."""
from annotate.review.adjudication import AdjudicationSession
from annotate.review.errors import (
    ChangedElsewhereError,
    InvalidLabelError,
    MissingFieldsError,
    NothingToUndoError,
    ReplaceError,
)
from annotate.review.session import ReviewSession

__all__ = [
    "AdjudicationSession",
    "ChangedElsewhereError",
    "InvalidLabelError",
    "MissingFieldsError",
    "NothingToUndoError",
    "ReplaceError",
    "ReviewSession",
]
