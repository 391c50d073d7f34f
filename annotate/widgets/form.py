"""LabelForm: the panel's inputs, buttons and keys as one small front-end widget that reports actions."""
from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

import anywidget
import traitlets

from annotate.labels.codebooks import MULTI_SEPARATOR, Codebook, Field
from annotate.resources import read_resource

#: What the front end may ask for; each arrives with the values on screen when it was asked.
FORM_ACTIONS = ("save", "skip", "back", "forward", "undo", "first_open")
#: The panel's own keys, shown in its key table after the codebook's hotkeys (codebooks may not use them).
PANEL_KEYS: tuple[tuple[str, str], ...] = (
    ("Enter", "save and go to the next article"),
    ("s", "skip the article (asks first if it has your label)"),
    ("u", "undo your last save or skip (appends a retract row)"),
    ("n", "write in the notes (Ctrl+Enter there saves)"),
    ("← / →", "previous / next article"),
    ("↑ ↓ PgUp PgDn Space Home End", "scroll the article"),
    ("y / Esc, n", "answer a question (skip over a label, leave unsaved changes): yes / no; a y within half a "
                   "second of it, or any other letter, is a no"),
    ("Esc", "leave a text box, so keys work again; close this table"),
    ("?", "show or hide this table"),
)
#: Hotkeys are read from the codebook; in the table "Shift+q" reads better as "⇧q".
SHIFT_GLYPH = "⇧"

Handler = Callable[[str, dict[str, Any], bool], None]


def option_tooltips(field: Field) -> list[str]:
    """Hover text per option: the help line starting "<option>:" (a rating's anchor), else the option."""
    lines = [line.strip() for line in field.help.splitlines()]
    return [next((line for line in lines if line.startswith(f"{o}:")), o) for o in field.options]


def key_label(key: str) -> str:
    return key.replace("Shift+", SHIFT_GLYPH)


def form_spec(codebook: Codebook, role: str, reviewer: str, can_skip: bool, labels_path: str,
              suggests: bool = False) -> dict[str, Any]:
    """Everything the front end needs to draw the inputs and the key table; plain JSON, all text escaped there."""
    fields = [{"name": f.name, "label": f.label or f.name, "type": f.type, "required": f.required,
               "help": f.help, "options": list(f.options), "hotkeys": list(f.hotkeys or ("",) * len(f.options)),
               "tooltips": option_tooltips(f)} for f in codebook.fields]
    rules = [{"kind": r.kind, "fields": list(r.fields), "when": r.when, "message": r.message}
             for r in codebook.rules]
    # One row per field: its keys in option order; each option shows its own key beside it.
    keys = [[" ".join(key_label(k) for k in f.hotkeys if k),
             f"{f.label}: the key shown on each option" + (" (press again to untick)" if f.type == "multi" else "")]
            for f in codebook.fields if any(f.hotkeys)]
    panel_keys = [[k, what] for k, what in PANEL_KEYS if can_skip or k != "s"]
    return {"fields": fields, "rules": rules, "keys": [*keys, *panel_keys], "role": role, "reviewer": reviewer,
            "can_skip": can_skip, "labels_path": labels_path, "separator": MULTI_SEPARATOR, "suggests": suggests}


def form_values(codebook: Codebook, row: Mapping[str, str] | None) -> dict[str, Any]:
    """A stored row's values as the form shows them: lists for multi fields, strings otherwise."""
    row = row or {}
    return {f.name: ([v for v in str(row.get(f.name) or "").split(MULTI_SEPARATOR) if v]
                     if f.type == "multi" else str(row.get(f.name) or "")) for f in codebook.fields}


class LabelForm(anywidget.AnyWidget):  # type: ignore[misc]
    """The inputs of one codebook, the action buttons, the status line and the keyboard, in the browser.

    The front end keeps what the reviewer types and clicks, and sends it with each action (save, skip,
    ...), together with the screen it was made on: the kernel never applies a value to another article.
    While an action is on its way the inputs are disabled and further clicks and keys are refused
    visibly. The widget writes nothing: ``on_action`` receives ``(action, values, confirmed)``.
    Python code (tests, scripts) sets :attr:`values` and calls :meth:`receive` or the panel's methods.
    """

    _esm = read_resource("widgets/static", "label_form.js")
    _css = read_resource("widgets/static", "label_form.css")
    spec = traitlets.Dict().tag(sync=True)
    #: The screen: ``token`` (a new one per drawing), ``values``, ``suggestions``, progress, notes, ``can``.
    screen = traitlets.Dict().tag(sync=True)
    #: The status line: ``text``, ``level`` ("ok", "error", "info"), ``invalid`` fields, ``ack`` (last action).
    status = traitlets.Dict().tag(sync=True)
    #: The values as the kernel knows them: from the last screen, an action's message or Python code.
    values = traitlets.Dict()

    def __init__(self, spec: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(spec=spec, screen={"token": 0}, status={"text": "", "level": "info", "ack": 0}, **kwargs)
        self.on_action: Handler | None = None
        #: Called once the answer to an action has been sent (the panel scores the next article then).
        self.after_action: Callable[[], None] | None = None
        self._token = 0
        self._ack = 0
        self.on_msg(lambda _widget, content, _buffers: self.receive(content))

    @property
    def token(self) -> int:
        return self._token

    def show(self, screen: dict[str, Any]) -> None:
        """Draw a new screen: the front end drops its unsent edits and shows ``screen["values"]``."""
        self._token += 1
        self.values = dict(screen.get("values", {}))
        self.screen = {**screen, "token": self._token}

    def say(self, text: str, level: str = "ok", invalid: tuple[str, ...] | list[str] = ()) -> None:
        """Set the status line (plain text; the front end escapes it) and mark ``invalid`` fields."""
        self.status = {"text": text, "level": level, "invalid": list(invalid), "ack": self._ack}

    def receive(self, content: object) -> None:
        """Handle one message from the front end; bad or stale messages are refused with a visible reason."""
        if not isinstance(content, dict) or content.get("kind") != "action":
            return
        seq = content.get("seq")
        with self.hold_sync():  # screen and status reach the front end as one update
            self._ack = seq if isinstance(seq, int) else self._ack
            action, values = content.get("action"), content.get("values", {})
            if action not in FORM_ACTIONS or not isinstance(values, dict):
                self.say(f"Unknown request {html.escape(str(action))[:40]}: nothing done.", "error")
            elif content.get("token") != self._token:
                self.say("Nothing done: that click or key was made on an earlier screen. "
                         "Check this article and try again.", "error")
            else:
                self.values = dict(values)
                before = dict(self.status)
                try:
                    if self.on_action is not None:
                        self.on_action(str(action), dict(values), bool(content.get("confirm")))
                except Exception as exc:  # an answer must always come back, or the inputs stay disabled
                    self.say(f"Nothing done: {type(exc).__name__}: {exc}", "error")
                    raise
                if self.status == before:  # the handler said nothing: still acknowledge the action
                    self.say(str(before.get("text", "")), str(before.get("level", "info")),
                             list(before.get("invalid", [])))
        # Outside hold_sync: the reviewer already sees the next article while this runs.
        if self.after_action is not None:
            self.after_action()
