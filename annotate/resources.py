"""One cached loader for the data files shipped inside the package (lexicons, codebooks)."""
from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path


class ResourceError(ValueError):
    """A bundled data file is missing or malformed; the message names the file and line."""


@cache
def read_resource(folder: str, name: str) -> str:
    """Return the text of ``annotate/<folder>/<name>`` (``folder`` may hold "/", as in "widgets/static")."""
    path = resources.files("annotate").joinpath(*folder.split("/"), name)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ResourceError(f"annotate/{folder}/{name}: no such bundled file") from exc


def lexicon_paths(*names: str) -> tuple[Path, ...]:
    """The files of the named lexicons, to key a table built from them (annotate.diskcache)."""
    return tuple(Path(str(resources.files("annotate").joinpath("lexicons", f"{name}.txt"))) for name in names)


@cache
def load_lexicon(name: str) -> tuple[str, ...]:
    """Entries of ``annotate/lexicons/<name>.txt``: one per line, ``#`` starts a comment.

    Blank lines are skipped and surrounding whitespace is stripped.  A literal ``#``
    inside an entry can be written as ``\\#``.
    """
    entries: list[str] = []
    for raw in read_resource("lexicons", f"{name}.txt").splitlines():
        line = re.sub(r"(?<!\\)#.*", "", raw).replace("\\#", "#").strip()
        if line:
            entries.append(line)
    return tuple(entries)


@cache
def load_word_set(name: str) -> frozenset[str]:
    """The entries of a word-list lexicon, lower-cased, as a set for membership tests."""
    return frozenset(entry.lower() for entry in load_lexicon(name))


@cache
def load_table(name: str, columns: int) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated lexicon, each with exactly ``columns`` fields."""
    rows: list[tuple[str, ...]] = []
    for number, entry in enumerate(load_lexicon(name), start=1):
        fields = tuple(f.strip() for f in entry.split("\t"))
        if len(fields) != columns:
            raise ResourceError(
                f"annotate/lexicons/{name}.txt: entry {number} ({entry!r}) has "
                f"{len(fields)} tab-separated fields, expected {columns}"
            )
        rows.append(fields)
    return tuple(rows)


@cache
def load_patterns(name: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """``label<TAB>regex`` rows of a lexicon, compiled once; a bad regex names its file."""
    compiled: list[tuple[str, re.Pattern[str]]] = []
    for label, pattern in load_table(name, 2):
        try:
            compiled.append((label, re.compile(pattern)))
        except re.error as exc:
            raise ResourceError(f"annotate/lexicons/{name}.txt: rule {label!r}: bad regex: {exc}") from exc
    return tuple(compiled)
