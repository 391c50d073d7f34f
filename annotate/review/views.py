"""What a kind of review session shows besides the article: suggestions, a side view, notes on saving and at the end."""
from __future__ import annotations

from collections.abc import Mapping

from annotate.corpus import Article


class ModeViews:
    """The views a session mode may add, each empty when labelling (an adjudication fills them in)."""

    def suggestions(self, article: Article | None = None) -> dict[str, dict[str, str]]:
        """Values offered (never filled in) for the inputs, per field: none when labelling."""
        return {}

    def side_html(self) -> str:
        """An extra view beside the inputs (escaped HTML): none when labelling."""
        return ""

    def left_open(self, values: Mapping[str, object]) -> list[str]:
        """Labels of the fields a save of ``values`` leaves undecided that it should decide: none when labelling."""
        return []

    def done_note(self) -> str:
        """More to say (escaped HTML) once the list is done, or when it is empty: none when labelling."""
        return ""

    def empty_message(self) -> str:
        """What the panel says when the list has no article at all."""
        return "<h3>Nothing to review</h3><p>The corpus has no articles.</p>"
