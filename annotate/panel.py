"""ReviewPanel: label a corpus article by article in JupyterLab, with the machine's findings beside it."""
from __future__ import annotations

import html
import time
from collections import Counter
from pathlib import Path
from typing import Any

import ipyevents
import ipywidgets as widgets

from .codebooks import Codebook
from .corpus import Corpus
from .findings import KINDS
from .highlight import highlight_html
from .labels import labels_dir_from_env
from .panel_adjudicate import AdjudicationView, open_session
from .panel_html import display_path, local_time, scores_html
from .panel_inputs import FieldInputs
from .review import MissingFieldsError, ReviewSession

#: Focus in these elements means the reviewer is typing or picking: keys are theirs, not shortcuts.
TEXT_ENTRY_TAGS = frozenset(("INPUT", "TEXTAREA", "SELECT"))
#: On a focused button the browser turns these keys into a click; a shortcut as well would act twice.
BUTTON_KEYS = frozenset(("Enter", " "))
#: With a modifier held the key belongs to the browser or JupyterLab (Ctrl+S, Alt+arrows ...).
MODIFIERS = ("altKey", "ctrlKey", "metaKey")
_CSS = (
    "<style>.annotate-missing{outline:2px solid #d55e00;outline-offset:2px}"
    ".annotate-scores table{font-size:85%;border-collapse:collapse}"
    ".annotate-scores th{text-align:left;font-weight:normal;padding-right:1em;color:#555}"
    ".annotate-scores td{text-align:right}.annotate-title h3{margin:.2em 0}</style>"
)


def _classed(widget: Any, name: str) -> Any:
    widget.add_class(name)
    return widget


class ReviewPanel:
    """The review widget: header, highlighted article, scores and codebook inputs, buttons and status.

    Keyboard (mouse over the article): 1–9 choose the primary frame, Enter saves and
    moves on, ←/→ go back and forward, s skips.  ``mode="adjudicate"`` steps through the
    articles other reviewers disagree on, shows their labels side by side and saves gold labels.
    """

    def __init__(
        self,
        corpus: str | Path | Corpus = "seeds/",
        reviewer: str | None = None,
        labels_dir: str | Path | None = None,
        codebook: str | Path | Codebook = "policy-frames",
        order: str = "corpus",
        seed: int | str | None = None,
        mode: str = "label",
    ) -> None:
        if not reviewer:
            raise ValueError("ReviewPanel needs your name: ReviewPanel(..., reviewer='ana')")
        # labels_dir=None: $ANNOTATE_LABELS_DIR if set (tests, shared drives), else "labels/".
        self.labels_dir = Path(labels_dir) if labels_dir is not None else labels_dir_from_env("labels")
        self.mode = mode
        # mode "adjudicate" gives an AdjudicationSession: the same moves, other articles and action.
        self.session: ReviewSession = open_session(mode, corpus, reviewer, self.labels_dir, codebook,
                                                   order, seed)
        self.csv_path = display_path(self.session.store.path, self.labels_dir)
        #: Seconds from a "Save & next" click to the next article rendered (Python side), last save.
        self.last_save_seconds: float | None = None
        self.fields = FieldInputs(self.session.codebook)
        self._build()
        self.adjudication = AdjudicationView.attach(self) if mode == "adjudicate" else None
        self.render()
        # Widget updates are already sent: the next article is scored while the reviewer reads this one.
        self.session.prefetch()

    # -- layout ----------------------------------------------------------------------------------

    def _build(self) -> None:
        total = max(self.session.total, 1)
        self.progress = _classed(widgets.IntProgress(min=0, max=total), "annotate-progress")
        self.count = _classed(widgets.HTML(layout=widgets.Layout(margin="0 2em 0 1em")), "annotate-count")
        who = f"Reviewer: <b>{html.escape(self.session.reviewer)}</b>"
        self.reviewer_html = _classed(widgets.HTML(who), "annotate-reviewer")
        header = _classed(widgets.HBox([self.progress, self.count, self.reviewer_html]), "annotate-header")

        self.title = _classed(widgets.HTML(), "annotate-title")
        self.source = _classed(widgets.HTML(), "annotate-source")
        self.kind_toggles = {
            k: _classed(widgets.ToggleButton(value=True, description=k.replace("_", " "),
                                             tooltip=f"show or hide {k} findings",
                                             layout=widgets.Layout(width="auto")), f"annotate-kind-{k}")
            for k in KINDS
        }
        for toggle in self.kind_toggles.values():
            toggle.observe(lambda _change: self._render_text(), names="value")
        kinds_box = _classed(widgets.HBox(list(self.kind_toggles.values()),
                                          layout=widgets.Layout(flex_flow="row wrap")), "annotate-kinds")
        self.text = _classed(widgets.HTML(), "annotate-text-html")
        self.article_box = _classed(widgets.VBox([self.title, self.source, kinds_box, self.text],
                                                 layout=widgets.Layout(flex="3 1 0", padding="0 1em 0 0")),
                                    "annotate-article")

        self.scores = _classed(widgets.HTML(), "annotate-scores")
        self.stored_note = _classed(widgets.HTML(), "annotate-stored")
        side_layout = widgets.Layout(flex="2 1 0", min_width="22em")
        self.side_box = _classed(widgets.VBox([self.stored_note, self.fields.widget, self.scores],
                                              layout=side_layout), "annotate-side")
        self.done = _classed(widgets.HTML(layout=widgets.Layout(display="none")), "annotate-done")

        self.back_button = _classed(widgets.Button(description="Back", icon="arrow-left",
                                                   tooltip="previous article (←)"), "annotate-back")
        self.skip_button = _classed(widgets.Button(description="Skip", tooltip="skip this article (s)"),
                                    "annotate-skip")
        self.save_button = _classed(widgets.Button(description="Save & next", button_style="primary",
                                                   tooltip="save and go to the next article (Enter)"),
                                    "annotate-save")
        self.back_button.on_click(lambda _b: self.back())
        self.skip_button.on_click(lambda _b: self.skip())
        self.save_button.on_click(lambda _b: self.save())
        self.status = _classed(widgets.HTML(layout=widgets.Layout(margin="0 0 0 1em")), "annotate-status")
        # Buttons and status sit under the header, not under the article: no scrolling past a long text.
        buttons = _classed(widgets.HBox([self.back_button, self.skip_button, self.save_button, self.status]),
                           "annotate-buttons")

        self.body = _classed(widgets.HBox([self.article_box, self.side_box]), "annotate-body")
        self.widget = _classed(widgets.VBox([widgets.HTML(_CSS), header, buttons, self.done, self.body]),
                               "annotate-panel")
        # Keys are watched on the article only: ipyevents swallows every key while the mouse is over
        # its source, which would make the notes box on the side impossible to type in.
        self.events = ipyevents.Event(source=self.article_box, watched_events=["keydown"])
        self.events.on_dom_event(self.handle_key)

    # -- rendering -------------------------------------------------------------------------------

    def render(self) -> None:
        """Show the session's current article (or the end-of-list message) and the counts."""
        s = self.session
        self.progress.value = s.n_labelled
        skipped = f" · {s.n_skipped} skipped" if s.n_skipped else ""
        self.count.value = f"{s.n_labelled} of {s.total} {s.done_word}{skipped}"
        article = s.article
        if self.adjudication:
            self.adjudication.render()
        self.back_button.disabled = s.index == 0
        self.skip_button.disabled = self.save_button.disabled = article is None
        if article is None:
            self.body.layout.display = "none"
            self.done.layout.display = None
            self.done.value = self._done_message()
            return
        self.body.layout.display = None
        self.done.layout.display = "none"
        self.title.value = f"<h3>{html.escape(article.title)}</h3>"
        where = " · ".join(html.escape(x) for x in (article.source, article.url or article.path) if x)
        self.source.value = f"<small>Article {s.index + 1} of {s.total} · {html.escape(article.id)}" + (
            f" · {where}" if where else "") + "</small>"
        score = s.score()
        counts = Counter(f.kind for f in score.findings)
        for kind, toggle in self.kind_toggles.items():
            toggle.description = f"{kind.replace('_', ' ')} ({counts[kind]})"
        self._render_text()
        self.scores.value = scores_html(score.numbers())
        try:
            stored = s.stored()
        except (ValueError, OSError) as exc:  # the label file became unreadable (moved, replaced ...)
            stored = None
            self._error(f"Could not read stored labels: {exc}")
        self.fields.fill(s.prefill(stored))
        self.stored_note.value = self._stored_message(stored, article.sha256)
        s.mark_shown()

    def _render_text(self) -> None:
        article = self.session.article
        if article is not None:
            score = self.session.score()
            self.text.value = highlight_html(article.text, score.findings, kinds=self.shown_kinds())

    def shown_kinds(self) -> tuple[str, ...]:
        return tuple(k for k, t in self.kind_toggles.items() if t.value)

    def _stored_message(self, stored: dict[str, str] | None, sha256: str) -> str:
        if stored is None:
            return ""
        verb = {"skip": "Skipped", "adjudicate": "Adjudicated"}.get(stored.get("action", ""), "Labelled")
        note = f"{verb} at {local_time(stored.get('saved_at', ''))}; saving again adds a new row."
        if stored.get("article_sha256") not in (None, "", sha256):
            note += " <b>The article's text has changed since.</b>"
        return f"<small style='color:#555'>{note}</small>"

    def _done_message(self) -> str:
        if self.adjudication:
            return self.adjudication.done_message(self.csv_path)
        s = self.session
        where = html.escape(self.csv_path)
        if s.all_done:
            extra = f" ({s.n_skipped} skipped)" if s.n_skipped else ""
            return f"<h3>All {s.total} articles labelled{extra}</h3><p>Labels are in {where}.</p>"
        left = s.total - s.n_done
        return f"<h3>End of the list</h3><p>{left} of {s.total} articles not labelled yet: go Back.</p>"

    # -- actions ---------------------------------------------------------------------------------

    def save(self) -> bool:
        """Save the inputs as a label and show the next article; on failure stay put and say why."""
        started = time.perf_counter()
        values = self.fields.values()
        try:
            row = self.session.save(values)
        except MissingFieldsError as exc:
            self.fields.mark_missing(exc.names)
            self._error(str(exc))
            return False
        except (ValueError, OSError) as exc:  # LabelStoreError, CodebookError, disk errors
            self._error(f"Not saved: {exc}")
            return False
        self.render()
        self.last_save_seconds = time.perf_counter() - started
        self._saved(row)
        self.session.prefetch()
        return True

    def skip(self) -> bool:
        try:
            row = self.session.skip()
        except (ValueError, OSError, IndexError) as exc:
            self._error(f"Not saved: {exc}")
            return False
        self.render()
        self._saved(row, "Skipped")
        self.session.prefetch()
        return True

    def back(self) -> bool:
        return self._moved(self.session.back())

    def forward(self) -> bool:
        return self._moved(self.session.forward())

    def _moved(self, moved: bool) -> bool:
        if moved:
            self.render()
            self.session.prefetch()
        return moved

    def _saved(self, row: dict[str, str], verb: str = "Saved") -> None:
        stamp = local_time(row.get("saved_at", ""))
        self.status.value = f"{verb} {stamp} → {html.escape(self.csv_path)}"

    def _error(self, message: str) -> None:
        self.status.value = f"<span style='color:#b00020'>{html.escape(message)}</span>"

    def handle_key(self, event: dict[str, Any]) -> bool:
        """Act on an ipyevents keydown; True when the key did something."""
        if event.get("type", "keydown") != "keydown" or any(event.get(m) for m in MODIFIERS):
            return False
        key = str(event.get("key", ""))
        tag = str((event.get("target") or {}).get("tagName", "")).upper()
        if tag in TEXT_ENTRY_TAGS or (tag == "BUTTON" and key in BUTTON_KEYS):
            return False
        moves = {"ArrowLeft": self.back, "ArrowRight": self.forward}
        if key in moves:
            return moves[key]()
        if self.session.article is None:  # the end of the list: only Back makes sense
            return False
        actions = {"Enter": self.save, "s": self.skip, "S": self.skip}
        return actions[key]() if key in actions else self.fields.press_hotkey(key)

    # -- display ---------------------------------------------------------------------------------

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)  # type: ignore[no-untyped-call]

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
