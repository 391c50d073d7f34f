"""One ipywidgets input per codebook field, read and filled as the label store's string values."""
from __future__ import annotations

import html
import re
from typing import Any

import ipywidgets as widgets

from .codebooks import MULTI_SEPARATOR, Codebook, Field

#: Label of the empty first choice: a reviewer must be able to leave an optional choice unset.
EMPTY_LABEL = "–"
#: Single-choice fields with more options than this get a Dropdown; fewer fit as a row of buttons.
MAX_BUTTON_OPTIONS = 5
#: Multi-choice checkboxes are laid out in this many columns (15 frames make a long single column).
MULTI_COLUMNS = 2
#: Visible rows of a free-text field; notes are a sentence or two.
TEXTAREA_ROWS = 3


def css_name(name: str) -> str:
    """A field name made safe for a CSS class (codebooks come from users' YAML)."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", name)


def help_html(help_text: str) -> str:
    """The help as small text: its first line always visible, the rest (anchors, definitions) folded."""
    first, _, rest = html.escape(help_text).partition("\n")
    if not rest:
        return f"<small style='color:#555'>{first}</small>"
    return (f"<details style='color:#555;font-size:85%'><summary>{first}</summary>"
            f"<div style='white-space:pre-line'>{rest}</div></details>")


def option_tooltips(field: Field) -> list[str]:
    """Hover text per option: the help line starting "<option>:" (a rating's anchor), else the option."""
    lines = [line.strip() for line in field.help.splitlines()]
    return [next((line for line in lines if line.startswith(f"{o}:")), o) for o in field.options]


class FieldInput:
    """The input for one field, its label and help, with ``get``/``set`` in stored string form."""

    def __init__(self, field: Field) -> None:
        self.field = field
        self._checkboxes: list[Any] = []
        self.input = self._build(field)
        mark = " <b title='required'>*</b>" if field.required else ""
        name = html.escape(field.label or field.name)
        label = widgets.HTML(f"<b title='{html.escape(field.help)}'>{name}</b>{mark}")
        self.help = widgets.HTML(help_html(field.help))
        label.add_class("annotate-field-label")
        self.help.add_class("annotate-field-help")
        parts = [label, self.input, self.help] if field.help else [label, self.input]
        self.widget = widgets.VBox(parts)
        self.widget.add_class("annotate-field")
        self.widget.add_class(f"annotate-field-{css_name(field.name)}")

    def _build(self, field: Field) -> Any:
        tip = field.help
        full_width = widgets.Layout(width="100%")
        if field.type == "multi":
            self._checkboxes = [
                widgets.Checkbox(value=False, description=o, indent=False, tooltip=tip,
                                 layout=widgets.Layout(width="auto"))
                for o in field.options
            ]
            grid = widgets.GridBox(self._checkboxes, layout=widgets.Layout(
                grid_template_columns=f"repeat({MULTI_COLUMNS}, minmax(0, 1fr))"))
            return grid
        if field.type == "text":
            return widgets.Textarea(value="", rows=TEXTAREA_ROWS, tooltip=tip, layout=full_width)
        keys = field.hotkeys or ("",) * len(field.options)
        labels = [f"{k} · {o}" if k else o for k, o in zip(keys, field.options, strict=True)]
        options = [(EMPTY_LABEL, ""), *zip(labels, field.options, strict=True)]
        if field.type == "single" and len(field.options) > MAX_BUTTON_OPTIONS:
            return widgets.Dropdown(options=options, value="", tooltip=tip, layout=full_width)
        # Ratings and short single choices: one click each, with "–" as the visible empty state.
        buttons = widgets.ToggleButtons(options=options, value="", tooltip=tip,
                                        tooltips=["not set", *option_tooltips(field)],
                                        style={"button_width": "auto"})
        return buttons

    def get(self) -> str | list[str]:
        """The current value: a list of ticked options for multi, else a string ("" when empty)."""
        if self.field.type == "multi":
            return [o for o, box in zip(self.field.options, self._checkboxes, strict=True) if box.value]
        return str(self.input.value or "")

    def set(self, value: str) -> None:
        """Show a stored value; one that is no longer an option (an edited codebook) shows as empty."""
        if self.field.type == "multi":
            chosen = set(value.split(MULTI_SEPARATOR)) if value else set()
            for option, box in zip(self.field.options, self._checkboxes, strict=True):
                box.value = option in chosen
        elif self.field.type == "text":
            self.input.value = value
        else:
            self.input.value = value if value in self.field.options else ""

    def choose(self, option: str) -> None:
        """A hotkey's effect: select the option (a multi field toggles it)."""
        if self.field.type == "multi":
            box = self._checkboxes[self.field.options.index(option)]
            box.value = not box.value
        else:
            self.set(option)

    def mark_missing(self, missing: bool) -> None:
        if missing:
            self.widget.add_class("annotate-missing")
        else:
            self.widget.remove_class("annotate-missing")


class FieldInputs:
    """Every field's input for one codebook, in codebook order."""

    def __init__(self, codebook: Codebook) -> None:
        self.codebook = codebook
        self.inputs = {f.name: FieldInput(f) for f in codebook.fields}
        self.widget = widgets.VBox([i.widget for i in self.inputs.values()])
        self.widget.add_class("annotate-fields")

    def values(self) -> dict[str, str | list[str]]:
        return {name: i.get() for name, i in self.inputs.items()}

    def fill(self, row: dict[str, str] | None) -> None:
        """Show a stored row's values, or clear every input when ``row`` is None."""
        for name, i in self.inputs.items():
            i.set((row or {}).get(name, ""))
            i.mark_missing(False)

    def mark_missing(self, names: tuple[str, ...] | list[str]) -> None:
        for name, i in self.inputs.items():
            i.mark_missing(name in names)

    def press_hotkey(self, key: str) -> bool:
        """Choose the option bound to ``key`` (codebooks keep hotkeys unique); False if none is."""
        for i in self.inputs.values():
            if key and key in i.field.hotkeys:
                i.choose(i.field.options[i.field.hotkeys.index(key)])
                return True
        return False
