"""ReviewApp: sign in with a name and a codebook, then review; one Voilà server serves a whole team."""
from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from .codebooks import DEFAULT_CODEBOOK, CodebookError, bundled_codebooks, load_codebook
from .corpus import Corpus, CorpusError
from .labels import LabelStoreError, check_reviewer, labels_dir_from_env
from .panel import ReviewPanel
from .report_labels import DISAGREE_SCOPES

#: The tasks a visitor can choose, as (label shown, panel mode).
TASKS = (("Label articles", "label"), ("Adjudicate disagreements", "adjudicate"))
SCOPE_LABELS = {"required": "required fields", "all": "every coded field"}


def name_clash(labels_dir: Path, codebook_id: str, reviewer: str) -> str | None:
    """An existing reviewer whose name differs from ``reviewer`` only by case ("Ana" and "ana"), if any.

    On macOS and Windows the two would share one file; everywhere they would count as two reviewers.
    """
    folder = labels_dir / codebook_id
    if not folder.is_dir():
        return None
    for path in sorted(folder.glob("*.csv")):
        if path.stem != reviewer and path.stem.lower() == reviewer.lower():
            return path.stem
    return None


class ReviewApp:
    """A sign-in form (name, codebook, task) that opens a :class:`ReviewPanel` for the visitor.

    With ``reviewer`` given the panel opens at once. ``codebooks`` lists the choices (bundled ids or YAML
    paths; default: every bundled codebook). Names are checked as the label store checks them, and a
    name that differs from an existing reviewer's only by case is refused.
    """

    def __init__(
        self,
        corpus: str | Path | Corpus = "seeds/",
        labels_dir: str | Path | None = None,
        reviewer: str = "",
        codebook: str | Path | None = None,
        codebooks: list[str | Path] | None = None,
        mode: str = "label",
        order: str = "corpus",
        disagree_on: str = "required",
    ) -> None:
        self.corpus = corpus
        self.labels_dir = Path(labels_dir) if labels_dir is not None else labels_dir_from_env("labels")
        self.order = order
        self.panel: ReviewPanel | None = None
        choices: list[str | Path] = list(codebooks) if codebooks else list(bundled_codebooks())
        if codebook is not None and codebook not in choices:
            choices.insert(0, codebook)
        self.name = widgets.Text(value=reviewer, placeholder="letters, digits, . _ -",
                                 description="Your name", style={"description_width": "8em"})
        self.codebook = widgets.Dropdown(options=[(self._title(c), c) for c in choices],
                                         value=codebook if codebook is not None else
                                         DEFAULT_CODEBOOK if DEFAULT_CODEBOOK in choices else choices[0],
                                         description="Codebook", style={"description_width": "8em"})
        self.task = widgets.ToggleButtons(options=list(TASKS), value=mode, description="Task",
                                          style={"description_width": "8em", "button_width": "auto"})
        self.scope = widgets.Dropdown(options=[(SCOPE_LABELS[s], s) for s in DISAGREE_SCOPES], value=disagree_on,
                                      description="Disagree on", style={"description_width": "8em"})
        self.start_button = widgets.Button(description="Start", button_style="primary")
        self.message = widgets.HTML()
        for w, name in ((self.name, "name"), (self.codebook, "codebook"), (self.task, "task"),
                        (self.start_button, "start"), (self.message, "message"), (self.scope, "scope")):
            w.add_class(f"annotate-signin-{name}")
        self.task.observe(lambda _c: self._show_scope(), names="value")
        self.start_button.on_click(lambda _b: self.start())
        heading = widgets.HTML("<h3>Review framing: who is reviewing?</h3>"
                               "<p>Your labels are saved under your name, one file per codebook.</p>")
        self.form = widgets.VBox([heading, self.name, self.codebook, self.task, self.scope,
                                  self.start_button, self.message])
        self.form.add_class("annotate-signin")
        self._show_scope()
        self.widget = widgets.VBox([self.form])
        self.widget.add_class("annotate-app")
        if reviewer:
            self.start()

    @staticmethod
    def _title(codebook: str | Path) -> str:
        try:
            book = load_codebook(codebook)
        except CodebookError:
            return str(codebook)
        return f"{book.title} ({book.id})"

    def _show_scope(self) -> None:
        self.scope.layout.display = None if self.task.value == "adjudicate" else "none"

    def start(self) -> ReviewPanel | None:
        """Check the form and open the panel in its place; on a problem, say what to fix and stay."""
        reviewer = self.name.value.strip()
        try:
            check_reviewer(reviewer)
            book = load_codebook(self.codebook.value)
            clash = name_clash(self.labels_dir, book.id, reviewer)
            if clash is not None:
                raise LabelStoreError(f"a reviewer named {clash!r} already has labels here: names are compared "
                                      f"without regard to case, so sign in as {clash!r}")
            self.panel = ReviewPanel(self.corpus, reviewer=reviewer, labels_dir=self.labels_dir, codebook=book,
                                     order=self.order, mode=self.task.value, disagree_on=self.scope.value)
        except (LabelStoreError, CodebookError, CorpusError, OSError, ValueError) as exc:
            self.message.value = f"<span style='color:#b00020'>Not started: {html.escape(str(exc))}</span>"
            return None
        self.message.value = ""
        self.widget.children = (self.panel.widget,)
        return self.panel

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)  # type: ignore[no-untyped-call]

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
