"""The adjudication parts of ReviewPanel: the reviewers' labels side by side, and the wording."""
from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as widgets

from .adjudication import AdjudicationSession, reviews_html
from .codebooks import Codebook
from .corpus import Corpus
from .review import ReviewSession

if TYPE_CHECKING:  # the panel imports this module
    from .panel import ReviewPanel

#: "label": a reviewer labels the corpus; "adjudicate": gold labels for the articles reviewers disagree on.
MODES = ("label", "adjudicate")

#: Styles of the side-by-side table; a row where reviewers differ is tinted so the eye goes there first.
_CSS = (
    "<style>.annotate-reviews-table{font-size:85%;border-collapse:collapse;margin-bottom:1em}"
    ".annotate-reviews-table th,.annotate-reviews-table td{text-align:left;vertical-align:top;"
    "padding:2px 8px 2px 0}.annotate-reviews-table tr.annotate-differs{background:#fdecd9}</style>"
)


def open_session(mode: str, corpus: str | Path | Corpus, reviewer: str, labels_dir: Path,
                 codebook: str | Path | Codebook, order: str, seed: int | str | None) -> ReviewSession:
    """The panel's session for a mode: labelling the corpus, or adjudicating disagreements."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    kind = AdjudicationSession if mode == "adjudicate" else ReviewSession
    return kind(corpus, reviewer, labels_dir, codebook, order, seed)


class AdjudicationView:
    """The reviewers' labels and notes for the article on screen, above the adjudicator's inputs."""

    def __init__(self, session: AdjudicationSession) -> None:
        self.session = session
        self.widget = widgets.HTML()
        self.widget.add_class("annotate-reviews")

    @classmethod
    def attach(cls, panel: ReviewPanel) -> AdjudicationView:
        """Fit the view into a built panel: the table above the inputs, "Adjudicator", no Skip button."""
        if not isinstance(panel.session, AdjudicationSession):
            raise TypeError("the adjudication view needs an AdjudicationSession")
        view = cls(panel.session)
        side = list(panel.side_box.children)
        side.insert(side.index(panel.fields.widget), view.widget)
        panel.side_box.children = tuple(side)
        panel.reviewer_html.value = f"Adjudicator: <b>{html.escape(panel.session.reviewer)}</b>"
        # A skip row in the adjudicator's own file would hide their own label of the article.
        panel.skip_button.layout.display = "none"
        return view

    def render(self) -> None:
        """Show the current article's reviewer labels (nothing at the end of the list)."""
        rows = self.session.review_rows()
        table = reviews_html(rows, self.session.codebook) if self.session.article is not None else ""
        self.widget.value = f"{_CSS}<b>Reviewers' labels</b>{table}" if table else ""

    def done_message(self, csv_path: str) -> str:
        s = self.session
        if s.total == 0:
            return ("<h3>No disagreements to adjudicate</h3><p>The reviewers agree on every required field "
                    "of the articles they labelled.</p>")
        if s.all_done:
            return (f"<h3>All {s.total} disagreements adjudicated</h3>"
                    f"<p>Gold labels are in {html.escape(csv_path)}.</p>")
        left = s.total - s.n_done
        return (f"<h3>End of the list</h3>"
                f"<p>{left} of {s.total} disagreements not adjudicated yet: go Back.</p>")
