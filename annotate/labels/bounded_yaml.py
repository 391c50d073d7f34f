"""YAML read within bounds (size, nesting, what aliases expand to) and values shown shortened in messages."""
from __future__ import annotations

import reprlib
from pathlib import Path
from typing import Any

import yaml

#: The largest YAML text read, in characters (a codebook file: in bytes). The bundled codebooks are 5 and 6 KB;
#: forty times the larger is still a sane coding scheme, and reading it stays a matter of milliseconds.
MAX_YAML_BYTES = 256 * 1024
#: The deepest nesting of lists and mappings. A codebook nests 4 levels (fields, a field, its options; rules a
#: level or two more); PyYAML composes recursively and overflows Python's stack at about 500 levels.
MAX_DEPTH = 64
#: The largest document with every alias expanded, counted as one per node plus each scalar's length (about its
#: size as text). A text within MAX_YAML_BYTES weighs at most twice its length without aliases, so 4x leaves
#: room for aliases that share an option list, while a "billion laughs" (nine levels of nine aliases, 9**9
#: copies from 400 bytes) is refused at its first big alias, before anything is built.
MAX_EXPANDED = 4 * MAX_YAML_BYTES
#: The longest value shown in a message: enough to recognise it, never a document expanded from aliases.
MAX_SHOWN_CHARS = 80

_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxtuple, _SHORT.maxdict, _SHORT.maxset = 3, 6, 6, 6, 6
_SHORT.maxstring = _SHORT.maxother = MAX_SHOWN_CHARS


class YamlRefused(ValueError):
    """A YAML text too large, too deep, or whose aliases expand too far; the message says which."""


def shown(value: object) -> str:
    """``repr(value)`` shortened to at most MAX_SHOWN_CHARS; nested values are cut at each level, not expanded."""
    text = _SHORT.repr(value)
    return text if len(text) <= MAX_SHOWN_CHARS else text[:MAX_SHOWN_CHARS - 3] + "..."


def read_yaml(text: str) -> Any:
    """``yaml.safe_load(text)``, refusing (YamlRefused) a text over MAX_YAML_BYTES, MAX_DEPTH or MAX_EXPANDED.

    The bounds are checked on the parser's events as they come, so a refused document is never built.
    """
    if len(text) > MAX_YAML_BYTES:
        raise YamlRefused(f"{len(text):,} characters, larger than the {MAX_YAML_BYTES:,}-byte limit of a YAML file")
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def read_yaml_file(path: Path) -> str:
    """A UTF-8 file's text; YamlRefused past MAX_YAML_BYTES, without reading more (even of a growing file)."""
    with path.open("rb") as fh:
        data = fh.read(MAX_YAML_BYTES + 1)
    if len(data) > MAX_YAML_BYTES:
        raise YamlRefused(f"over {MAX_YAML_BYTES:,} bytes, larger than the limit of a YAML file")
    return data.decode("utf-8")


class _BoundedLoader(yaml.SafeLoader):
    """A SafeLoader that weighs every event it composes (see MAX_EXPANDED) and counts the nesting."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._weights: dict[str, int] = {}  # anchor -> the weight of its node, aliases inside it expanded
        self._open: list[tuple[str | None, int]] = []  # each open list or mapping: its anchor, the total before it
        self._total = 0

    def get_event(self) -> Any:
        event = super().get_event()  # type: ignore[no-untyped-call]  # PyYAML's stubs leave the parser untyped
        aliased = isinstance(event, yaml.AliasEvent)
        if aliased:
            self._total += self._weights.get(event.anchor, 1)  # an undefined alias is the composer's error
        elif isinstance(event, yaml.ScalarEvent):
            self._total += 1 + len(event.value)
            if event.anchor is not None:
                self._weights[event.anchor] = 1 + len(event.value)
        elif isinstance(event, yaml.CollectionStartEvent):
            self._open.append((event.anchor, self._total))
            self._total += 1
            if len(self._open) > MAX_DEPTH:
                raise YamlRefused(f"{_line(event)}lists and mappings nested deeper than {MAX_DEPTH} levels")
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, before = self._open.pop()
            if anchor is not None:
                self._weights[anchor] = self._total - before
        if self._total > MAX_EXPANDED:
            cause = "its aliases expand it" if aliased else "it grows"
            raise YamlRefused(f"{_line(event)}refused: {cause} past {MAX_EXPANDED:,} nodes and characters "
                              "(an alias may repeat a value, not multiply a document)")
        return event


def _line(event: Any) -> str:
    mark = getattr(event, "start_mark", None)
    return f"line {mark.line + 1}: " if mark is not None else ""
