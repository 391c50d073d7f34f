"""Why a review session refused an action: nothing was written when one of these is raised."""
from __future__ import annotations

from annotate.labels.codebooks import Codebook
from annotate.labels.columns import ACTION_WORDS, LABEL, RETRACT
from annotate.labels.format import local_time


class InvalidLabelError(ValueError):
    """A label was refused before anything was written; ``names`` are the fields to look at."""

    def __init__(self, message: str, names: tuple[str, ...] | list[str]) -> None:
        self.names = tuple(names)
        super().__init__(message)


class MissingFieldsError(InvalidLabelError):
    """A label was saved with required fields left empty; nothing was written."""

    def __init__(self, codebook: Codebook, names: list[str]) -> None:
        labels = ", ".join(codebook.field(n).label or n for n in names)
        super().__init__(f"Required: {labels} (nothing saved)", names)


class ReplaceError(ValueError):
    """A skip would replace the reviewer's current label of the article; nothing was written."""


class NothingToUndoError(ValueError):
    """Undo found no standing row of this session's actions to withdraw."""


class ChangedElsewhereError(ValueError):
    """The article's row changed in the file since it was shown (another tab or kernel); nothing written."""

    @classmethod
    def about(cls, stored: dict[str, str] | None) -> ChangedElsewhereError:
        """The refusal for an article whose current row is now ``stored`` (None: every row withdrawn)."""
        when = f"at {local_time(stored['saved_at'])}" if stored else "since"
        verb = ACTION_WORDS.get(stored["action"] if stored else RETRACT, ACTION_WORDS[LABEL])[1]
        return cls(f"This article was {verb} in another window or tab {when}, after you opened it; nothing "
                   "saved. Do it again to replace that.")
