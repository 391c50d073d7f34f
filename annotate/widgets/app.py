"""ReviewApp: sign in with a name and a codebook, then review; one Voilà server serves a whole team."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

from annotate.corpus import Corpus, CorpusError
from annotate.labels import LabelStoreError
from annotate.labels.codebooks import DEFAULT_CODEBOOK, CodebookError, bundled_codebooks, load_codebook
from annotate.labels.columns import label_files, reviewer_of
from annotate.labels.merge import DISAGREE_SCOPES
from annotate.labels.store import check_reviewer, labels_dir_from_env
from annotate.resources import read_resource
from annotate.review.modes import MODES
from annotate.widgets.panel import ReviewPanel

#: The tasks a visitor can choose, as (label shown, panel mode).
TASKS = tuple((session.task_title, mode) for mode, session in MODES.items())
SCOPE_LABELS = {"required": "required fields", "all": "every coded field"}


def name_clash(labels_dir: Path, codebook_id: str, reviewer: str) -> str | None:
    """An existing reviewer whose name differs from ``reviewer`` only by case ("Ana" and "ana"), if any.

    On macOS and Windows the two would share one file; everywhere they would count as two reviewers.
    """
    for name in map(reviewer_of, label_files(labels_dir, codebook_id)):
        if name != reviewer and name.lower() == reviewer.lower():
            return name
    return None


class SignInForm(anywidget.AnyWidget):  # type: ignore[misc]
    """Name, codebook and task in the browser, sent together with Start or Enter; writes nothing.

    ``on_start(name, codebook, task, scope)`` gets the request and returns an error to show, or None.
    """

    _esm = read_resource("widgets/static", "sign_in.js")
    _css = read_resource("widgets/static", "label_form.css")
    spec = traitlets.Dict().tag(sync=True)
    #: ``text`` and ``level`` of the message under the form; ``ack``, the request it answers.
    status = traitlets.Dict().tag(sync=True)

    def __init__(self, spec: dict[str, Any]) -> None:
        super().__init__(spec=spec, status={"text": "", "level": "info", "ack": 0})
        self.on_start: Callable[[str, str, str, str], str | None] | None = None
        self.on_msg(lambda _widget, content, _buffers: self.receive(content))

    def receive(self, content: object) -> None:
        if not isinstance(content, dict) or content.get("kind") != "start":
            return
        seq = content.get("seq") if isinstance(content.get("seq"), int) else 0
        fields = [str(content.get(k) or "") for k in ("name", "codebook", "task", "scope")]
        error = self.on_start(*fields) if self.on_start is not None else None
        self.status = {"text": f"Not started: {error}" if error else "", "level": "error" if error else "ok",
                       "ack": seq}


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
        default = codebook if codebook is not None else DEFAULT_CODEBOOK if DEFAULT_CODEBOOK in choices else choices[0]
        self.form = SignInForm({
            "name": reviewer, "codebooks": [[self._title(c), str(c)] for c in choices], "codebook": str(default),
            "tasks": [list(t) for t in TASKS], "task": mode,
            "scopes": [[SCOPE_LABELS[s], s] for s in DISAGREE_SCOPES], "scope": disagree_on})
        self.form.on_start = self.start
        self.widget = widgets.VBox([self.form])
        self.widget.add_class("annotate-app")
        if reviewer:
            error = self.start(reviewer, str(default), mode, disagree_on)
            if error:
                self.form.status = {"text": f"Not started: {error}", "level": "error", "ack": 0}

    @staticmethod
    def _title(codebook: str | Path) -> str:
        try:
            book = load_codebook(codebook)
        except CodebookError:
            return str(codebook)
        return f"{book.title} ({book.id})"

    def start(self, name: str, codebook: str, task: str = "label", scope: str = "required") -> str | None:
        """Open the panel in place of the form; on a problem return what to fix (the form shows it)."""
        reviewer = name.strip()
        try:
            check_reviewer(reviewer)
            book = load_codebook(codebook)
            clash = name_clash(self.labels_dir, book.id, reviewer)
            if clash is not None:
                raise LabelStoreError(f"a reviewer named {clash!r} already has labels here: names are compared "
                                      f"without regard to case, so sign in as {clash!r}")
            self.panel = ReviewPanel(self.corpus, reviewer=reviewer, labels_dir=self.labels_dir, codebook=book,
                                     order=self.order, mode=task, disagree_on=scope)
        except (LabelStoreError, CodebookError, CorpusError, OSError, ValueError) as exc:
            return str(exc)
        self.widget.children = (self.panel.widget,)
        return None

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)  # type: ignore[no-untyped-call]

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
