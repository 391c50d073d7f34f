"""ReviewPanel: label a corpus article by article in JupyterLab or Voilà, with the machine's findings beside it."""
from __future__ import annotations

import html
import time
from collections import Counter
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from annotate.corpus import Corpus
from annotate.labels.codebooks import Codebook
from annotate.labels.columns import ACTION_WORDS, LABEL
from annotate.labels.format import local_time
from annotate.labels.store import labels_dir_from_env
from annotate.review.errors import InvalidLabelError, NothingToUndoError, ReplaceError
from annotate.review.modes import open_session
from annotate.scoring.findings import KINDS
from annotate.widgets.form import LabelForm, form_spec, form_values
from annotate.widgets.markup import (
    article_html,
    describe_row,
    display_path,
    done_html,
    kind_swatch_css,
    saved_words,
    scores_html,
    skipped_html,
    stored_note,
    unreadable_html,
)

#: What the panel says when a reviewer tries to label an unreadable record.
UNREADABLE_REFUSAL = "This record cannot be read, so it cannot be labelled: skip it (s) to go on."


def _classed(widget: Any, name: str) -> Any:
    widget.add_class(name)
    return widget


class ReviewPanel:
    """The review widget: the highlighted article on the left; progress, buttons and codebook inputs on the right.

    Keys work whenever the panel has focus (click it): the codebook's hotkeys choose options, Enter saves
    and moves on, s skips, u undoes, ←/→ move, ? shows the key table. In a text box every key types.
    ``mode="adjudicate"`` steps through the articles reviewers disagree on (``disagree_on``: "required"
    fields or "all" coded fields), shows their labels side by side and saves gold labels.
    A large .jsonl corpus is opened through an index; its "findings" order needs ``scores_file``, the
    scores `annotate score` wrote for it.
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
        disagree_on: str = "required",
        scores_file: str | Path | None = None,
    ) -> None:
        if not reviewer:
            raise ValueError("ReviewPanel needs your name: ReviewPanel(..., reviewer='ana')")
        # labels_dir=None: $ANNOTATE_LABELS_DIR if set (tests, shared drives), else "labels/".
        self.labels_dir = Path(labels_dir) if labels_dir is not None else labels_dir_from_env("labels")
        self.mode = mode
        self.session = open_session(mode, corpus, reviewer, self.labels_dir, codebook, order, seed,
                                    disagree_on=disagree_on, scores_file=scores_file)
        self.csv_path = display_path(self.session.path, self.labels_dir)
        #: Seconds from a "Save & next" to the next article drawn (Python side), last save.
        self.last_save_seconds: float | None = None
        s = self.session
        self.form = LabelForm(form_spec(s.codebook, s.role, s.reviewer, s.can_skip, self.csv_path,
                                        suggests=s.suggests))
        self.form.on_action = self._act
        self.form.after_action = self.session.prefetch
        self._in_action = False
        #: The row the Undo button names: undo withdraws that row or nothing (another tab may have written).
        self._offered_undo = ""
        self._build()
        self.render()
        # Widget updates are already sent: the next article is scored while the reviewer reads this one.
        self.session.prefetch()

    # -- layout ----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = _classed(widgets.HTML(), "annotate-title")
        self.source = _classed(widgets.HTML(), "annotate-source")
        skipped = skipped_html(self.session.corpus)  # what could not be read is named once, above every article
        self.skipped = _classed(widgets.HTML(skipped, layout=widgets.Layout(display=None if skipped else "none")),
                                "annotate-skipped")
        self.kind_toggles = {
            k: _classed(widgets.ToggleButton(value=True, description=k.replace("_", " "),
                                             tooltip=f"show or hide {k.replace('_', ' ')} findings",
                                             layout=widgets.Layout(width="auto")), f"annotate-kind-{k}")
            for k in KINDS
        }
        for toggle in self.kind_toggles.values():
            toggle.observe(lambda _change: self._render_text(), names="value")
        self.kinds_box = _classed(widgets.HBox(list(self.kind_toggles.values()),
                                               layout=widgets.Layout(flex_flow="row wrap")), "annotate-kinds")
        self.scores = _classed(widgets.HTML(), "annotate-scores")
        self.text = _classed(widgets.HTML(), "annotate-text-box")
        self.done = _classed(widgets.HTML(layout=widgets.Layout(display="none")), "annotate-done")
        self.article_box = _classed(widgets.VBox([self.title, self.source, self.skipped, self.kinds_box, self.scores,
                                                  self.text, self.done]), "annotate-article")
        self.side_box = _classed(widgets.VBox([self.form]), "annotate-side")
        self.body = _classed(widgets.HBox([self.article_box, self.side_box]), "annotate-body")
        self.widget = _classed(widgets.VBox([widgets.HTML(kind_swatch_css()), self.body]), "annotate-panel")

    # -- rendering -------------------------------------------------------------------------------

    def render(self, values: dict[str, str] | None = None) -> None:
        """Draw the session's current article (or the end of the list); ``values`` overrides the inputs."""
        s = self.session
        s.reload()  # counts and rows as on disk: another tab or kernel of the same reviewer may have written
        article = s.article
        stored: dict[str, str] | None = None
        at_end = article is None
        unreadable = article is not None and bool(article.problem)  # no findings or scores to show: no text
        self.text.layout.display = "none" if at_end else None
        self.kinds_box.layout.display = "none" if at_end or unreadable else None
        self.done.layout.display = None if at_end else "none"
        if article is None:
            self.title.value = self.source.value = self.scores.value = ""
            self.done.value = done_html(s, self.csv_path)
        else:
            self.title.value = f"<h3>{html.escape(article.title)}</h3>"
            # The file's name, not the server's path to it: the path says nothing to a reviewer.
            where = " · ".join(html.escape(x) for x in (article.source, article.url or
                                                         (Path(article.path).name if article.path else None)) if x)
            self.source.value = f"<small>Article {s.index + 1:,} of {s.total:,} · {html.escape(article.id)}" + (
                f" · {where}" if where else "") + "</small>"
            score = s.score()
            counts = Counter(f.kind for f in score.findings)
            for kind, toggle in self.kind_toggles.items():
                toggle.description = f"{kind.replace('_', ' ')} ({counts[kind]})"
            self._render_text()
            self.scores.value = "" if unreadable else scores_html(score.numbers())
            try:
                stored = s.stored()
            except (ValueError, OSError) as exc:  # the label file became unreadable (moved, replaced ...)
                self._error(f"Could not read stored labels: {exc}")
        shown = values if values is not None else s.prefill(stored)
        gold_or_label = stored is not None and stored.get("action") == s.save_action
        suggestions = s.suggestions() if not gold_or_label and values is None else {}
        undo_row = s.undoable()
        self._offered_undo = undo_row["label_id"] if undo_row else ""
        first_open = s.first_open()
        self.form.show({
            "end": at_end,
            "values": form_values(s.codebook, shown),
            "suggestions": suggestions,
            "note": stored_note(stored, article.sha256 if article else ""),
            "stored_action": stored.get("action", "") if stored else "",
            "stored_when": local_time(stored.get("saved_at", "")) if stored else "",
            "side_html": s.side_html(),
            "progress": {"done": s.n_labelled, "total": s.total, "word": s.done_word, "skipped": s.n_skipped},
            "can": {"edit": not unreadable, "refused": UNREADABLE_REFUSAL if unreadable else "",
                    "back": s.index > 0, "forward": not at_end, "save": not at_end and not unreadable,
                    "skip": not at_end and s.can_skip,
                    "undo": undo_row is not None, "first_open": first_open < s.total and first_open != s.index,
                    "undo_what": self._describe(undo_row)},
        })
        s.mark_shown()

    def _render_text(self) -> None:
        article = self.session.article
        if article is not None:
            score = self.session.score()
            self.text.value = article_html(article.text, score.findings, self.shown_kinds()) \
                if not article.problem else unreadable_html(article)

    def shown_kinds(self) -> tuple[str, ...]:
        return tuple(k for k, t in self.kind_toggles.items() if t.value)

    def _describe(self, row: dict[str, str] | None) -> str:
        return describe_row(row, self.session.positions)

    # -- actions ---------------------------------------------------------------------------------

    def _act(self, action: str, values: dict[str, Any], confirmed: bool) -> None:
        """An action from the front end, with the values on screen when it was made."""
        moves = {"save": self.save, "back": self.back, "forward": self.forward, "undo": self.undo,
                 "first_open": self.first_open}
        self._in_action = True  # the form scores the next article after its answer is sent
        try:
            if action == "skip":
                self.skip(confirm=confirmed)
            else:
                moves[action]()
        finally:
            self._in_action = False

    def _prefetch(self) -> None:
        if not self._in_action:
            self.session.prefetch()

    def save(self) -> bool:
        """Save the inputs as a label and show the next article; on failure stay put and say why."""
        started = time.perf_counter()
        before = self.session.shown_row_id
        try:
            earlier = self.session.stored()  # the row a save replaces, to say so (read inside: it may fail too)
            left_open = self.session.left_open(self.form.values)  # before the save moves on to the next article
            row = self.session.save(self.form.values)
        except InvalidLabelError as exc:
            self._error(str(exc), exc.names)
            return False
        except (ValueError, OSError, IndexError) as exc:  # LabelStoreError, CodebookError, disk, end of list
            self._error(f"Not saved: {exc}")
            return False
        self.render()
        self.last_save_seconds = time.perf_counter() - started
        if row.get("label_id") == before:
            self.form.say(f"No change: your label of {local_time(row.get('saved_at', ''))} stands (nothing written).")
        else:
            self._saved(row, earlier=earlier)
        if left_open and row.get("label_id") != before:
            # An adjudicator who leaves a disputed choice empty has not settled it: say so before they move on.
            self.form.say(f"{self.form.status['text']} Left empty, so not settled by this gold label: "
                          f"{', '.join(left_open)} (the reviewers' values still decide it).", "warn")
        self._prefetch()
        return True

    def skip(self, confirm: bool = False) -> bool:
        """Record a skip; over the reviewer's own label only with ``confirm`` (the panel asks first)."""
        before = self.session.shown_row_id
        try:
            earlier = self.session.stored()  # the row a skip replaces, to say so (read inside: it may fail too)
            row = self.session.skip(replace=confirm)
        except ReplaceError as exc:
            self._error(f"Not skipped: {exc}")
            return False
        except (ValueError, OSError, IndexError) as exc:
            self._error(f"Not saved: {exc}")
            return False
        self.render()
        if row.get("label_id") == before:
            self.form.say(f"No change: your skip of {local_time(row.get('saved_at', ''))} stands (nothing written).")
        else:
            self._saved(row, "Skipped", earlier)
        self._prefetch()
        return True

    def undo(self) -> bool:
        """Withdraw the last standing save or skip (a retract row) and show its article again."""
        offered = self._offered_undo
        latest = self.session.undoable()
        if offered and (latest is None or latest["label_id"] != offered):
            # Another tab or kernel wrote since the Undo button named its row: never withdraw a row unseen.
            self.render()
            self._error(f"Nothing undone: your file changed in another window or tab. Undo now means "
                        f"{self._describe(latest) or 'nothing'}; press it again to undo that.")
            return False
        try:
            row = self.session.undo()
        except (NothingToUndoError, ValueError, OSError) as exc:
            self._error(f"Nothing undone: {exc}")
            return False
        standing = self.session.stored()
        # With no earlier row standing, the withdrawn label's values come back, ready to correct.
        again = row if standing is None and row.get("action") == self.session.save_action else None
        self.render(values=again)
        words = f"Undone: {self._describe(row)} (a retract row was added)."
        if standing is not None:
            noun = ACTION_WORDS.get(standing.get("action", ""), ACTION_WORDS[LABEL])[0]
            words += f" Your earlier {noun} of {local_time(standing['saved_at'])} stands."
        self.form.say(words, "ok")
        return True

    def back(self) -> bool:
        return self._moved(self.session.back())

    def forward(self) -> bool:
        return self._moved(self.session.forward())

    def first_open(self) -> bool:
        """Go to the first article still to do (after re-reviewing, or at the end of the list)."""
        target = self.session.first_open()
        moved = target < self.session.total and target != self.session.index
        if moved:
            self.session.go_to(target)
        return self._moved(moved)

    def _moved(self, moved: bool) -> bool:
        if moved:
            self.render()
            self._prefetch()
            self.form.say("", "info")
        return moved

    def _saved(self, row: dict[str, str], verb: str = "Saved", earlier: dict[str, str] | None = None) -> None:
        self.form.say(saved_words(verb, row, earlier, self.csv_path), "ok")

    def _error(self, message: str, invalid: tuple[str, ...] = ()) -> None:
        self.form.say(message, "error", invalid)

    @property
    def status_text(self) -> str:
        """The status line as the reviewer reads it."""
        return str(self.form.status.get("text", ""))

    # -- display ---------------------------------------------------------------------------------

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)  # type: ignore[no-untyped-call]

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
