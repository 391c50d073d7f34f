"""Codebooks as data: load and validate YAML coding schemes, and normalise a reviewer's values."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from annotate.labels.bounded_yaml import YamlRefused, read_yaml, read_yaml_file, shown
from annotate.labels.columns import RESERVED_NAMES
from annotate.labels.rules import Rule, RuleError, parse_rules
from annotate.resources import read_resource

FIELD_TYPES = ("single", "multi", "rating", "text")
CHOICE_TYPES = ("single", "multi", "rating")
# Multi-choice values are stored in one CSV cell joined by this; options may not contain it.
MULTI_SEPARATOR = "|"
FIELD_NAME_RE = re.compile(r"[a-z][a-z0-9_]*")
# The id names a folder (labels/<id>/): no separators, no leading dot, so ".." and "a/b" cannot occur.
CODEBOOK_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
TOP_KEYS = frozenset({"id", "version", "title", "description", "fields", "rules"})
FIELD_KEYS = frozenset({"name", "type", "label", "options", "required", "help", "hotkeys"})
BUNDLED_FOLDER = "codebooks"
DEFAULT_CODEBOOK = "policy-frames"
_LINE_BREAKS = re.compile(r"\s*(?:\r\n|\r|\n)\s*")
# A hotkey is one lower-case letter, digit or punctuation key, optionally with Shift ("Shift+1"): the panel
# names keys this way whatever the keyboard layout or Caps Lock, so "Q" is written "Shift+q".
HOTKEY_RE = re.compile(r"(?:Shift\+)?[a-z0-9]|[^\sA-Za-z0-9]")
# The panel's own keys (s skip, u undo, ? help); Enter, Escape and the arrows are not single characters.
RESERVED_HOTKEYS = frozenset({"s", "u", "?"})


class CodebookError(ValueError):
    """A codebook or a value for it is malformed; the message names the file and the field."""


@dataclass(frozen=True)
class Field:
    """One question of a codebook; ``hotkeys[i]`` is the key for ``options[i]`` ("" for none)."""

    name: str
    type: str
    label: str
    options: tuple[str, ...]
    required: bool
    help: str
    hotkeys: tuple[str, ...]

    @property
    def coded(self) -> bool:
        """A choice or a rating, which reviewers can agree on; free text (notes) is not."""
        return self.type != "text"

    def normalise(self, value: object) -> str:
        """The value as stored in a label file ("" when empty); ValueError naming the field otherwise."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return ""
        if self.type == "text":
            if not isinstance(value, str):
                raise CodebookError(f"field '{self.name}': expected text, got {shown(value)}")
            # A row must stay on one physical line so a torn row can never swallow the next one.
            return _LINE_BREAKS.sub(" ", value.replace("\x00", "").strip())
        if self.type == "multi":
            chosen = value.split(MULTI_SEPARATOR) if isinstance(value, str) else value
            if not isinstance(chosen, (list, tuple, set, frozenset)):
                raise CodebookError(f"field '{self.name}': expected a list of options, got {shown(value)}")
            picked = {self._option(v) for v in chosen if not (isinstance(v, str) and not v.strip())}
            return MULTI_SEPARATOR.join(o for o in self.options if o in picked)
        return self._option(value)

    def _option(self, value: object) -> str:
        text = _rating_text(value) if self.type == "rating" else value
        if not isinstance(text, str) or text not in self.options:
            raise CodebookError(f"field '{self.name}': {shown(value)} is not one of {', '.join(self.options)}")
        return text


def _rating_text(value: object) -> object:
    """Ratings arrive as 3, "3" or 3.0 (from pandas); all mean "3"."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value.strip() if isinstance(value, str) else value


@dataclass(frozen=True)
class Codebook:
    """A validated coding scheme: id, version, title, description and its fields in order."""

    id: str
    version: str
    title: str
    description: str
    fields: tuple[Field, ...]
    source: str
    rules: tuple[Rule, ...] = ()

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise CodebookError(f"{self.id}: no field '{name}' (fields: {', '.join(self.field_names)})")

    def repeats(self, stored: Mapping[str, str], values: Mapping[str, object]) -> bool:
        """Whether ``values`` are the stored row's field values (a save would only repeat the row)."""
        normalised = self.validate(dict(values))
        return all(normalised[name] == stored.get(name, "") for name in self.field_names)

    @property
    def coded_fields(self) -> tuple[Field, ...]:
        """The fields reviewers' values are compared, merged and adjudicated on: every one but free text."""
        return tuple(f for f in self.fields if f.coded)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def validate(self, values: Mapping[str, object]) -> dict[str, str]:
        """Normalised string values for every field; unknown fields or options raise CodebookError."""
        unknown = [k for k in values if k not in self.field_names]
        if unknown:
            raise CodebookError(f"field '{unknown[0]}': not in codebook {self.id} "
                                f"(fields: {', '.join(self.field_names)})")
        return {f.name: f.normalise(values.get(f.name)) for f in self.fields}

    def missing_required(self, values: Mapping[str, object]) -> list[str]:
        """Names of required fields left empty (None, blank text or an empty list)."""
        return [f.name for f in self.fields if f.required and _is_empty(values.get(f.name))]

    def broken_rules(self, values: Mapping[str, object]) -> list[Rule]:
        """The codebook's rules that ``values`` break, in codebook order (each has its message)."""
        return [rule for rule in self.rules if rule.is_broken(values)]


def _is_empty(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, (list, tuple, set, frozenset)) and not value


@cache
def bundled_codebooks() -> tuple[str, ...]:
    """Ids of the codebooks shipped in ``annotate/codebooks``."""
    folder = resources.files("annotate").joinpath(BUNDLED_FOLDER)
    return tuple(sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")))


def load_codebook(name_or_path: str | Path | Codebook) -> Codebook:
    """A bundled codebook by id (cached), or one read from a reviewer's YAML file."""
    if isinstance(name_or_path, Codebook):
        return name_or_path
    if isinstance(name_or_path, str) and name_or_path in bundled_codebooks():
        return _bundled(name_or_path)
    path = Path(name_or_path)
    if not path.is_file():
        known = ", ".join(bundled_codebooks())
        raise CodebookError(f"{path}: no such codebook file (bundled codebooks: {known})")
    try:
        return parse_codebook(read_yaml_file(path), str(path))
    except (OSError, UnicodeDecodeError, YamlRefused) as exc:  # parse_codebook raises only CodebookError
        raise CodebookError(f"{path}: cannot read: {exc}") from exc


@cache
def _bundled(codebook_id: str) -> Codebook:
    where = f"annotate/{BUNDLED_FOLDER}/{codebook_id}.yaml"
    book = parse_codebook(read_resource(BUNDLED_FOLDER, f"{codebook_id}.yaml"), where)
    if book.id != codebook_id:
        raise CodebookError(f"{where}: id '{book.id}' differs from the file name")
    return Codebook(book.id, book.version, book.title, book.description, book.fields,
                    f"bundled:{codebook_id}", book.rules)


def parse_codebook(text: str, where: str) -> Codebook:
    """Validate YAML text; ``where`` (a path) starts every error message."""
    try:
        data = read_yaml(text)  # yaml.safe_load within bounds: an alias bomb or a huge file is refused
    except YamlRefused as exc:
        raise CodebookError(f"{where}: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise CodebookError(f"{where}: {line}YAML syntax error: {problem}") from exc
    if not isinstance(data, dict):
        raise CodebookError(f"{where}: the top level must be a mapping with id, version, title and fields, "
                            f"got {type(data).__name__}")
    extra = sorted(str(k) for k in data if k not in TOP_KEYS)
    if extra:
        raise CodebookError(f"{where}: unknown key {shown(extra[0])} (allowed: {', '.join(sorted(TOP_KEYS))})")
    for key in ("id", "version", "fields"):
        if data.get(key) in (None, "", []):
            raise CodebookError(f"{where}: missing '{key}'")
    codebook_id = data["id"]
    if not isinstance(codebook_id, str) or not CODEBOOK_ID_RE.fullmatch(codebook_id):
        raise CodebookError(f"{where}: id {shown(codebook_id)} must be letters, digits, '.', '_' or '-' "
                            "and start with a letter or digit (it names a folder)")
    version = data["version"]
    if isinstance(version, float):
        raise CodebookError(f"{where}: version {shown(version)} must be quoted (e.g. version: \"1.10\") "
                            "so YAML does not read it as a number")
    if not isinstance(version, (str, int)) or isinstance(version, bool):
        raise CodebookError(f"{where}: version must be a string, got {shown(version)}")
    title, description = data.get("title") or codebook_id, data.get("description") or ""
    if not isinstance(title, str) or not isinstance(description, str):
        raise CodebookError(f"{where}: title and description must be text")
    if not isinstance(data["fields"], list):
        raise CodebookError(f"{where}: 'fields' must be a list of fields")
    fields = tuple(_parse_field(raw, number, where) for number, raw in enumerate(data["fields"], start=1))
    _check_unique(fields, where)
    try:
        rules = parse_rules(data.get("rules"), {f.name: f for f in fields}, where)
    except RuleError as exc:
        raise CodebookError(str(exc)) from exc
    return Codebook(codebook_id, str(version), title.strip(), description.strip(), fields, where, rules)


def _parse_field(raw: Any, number: int, where: str) -> Field:
    if not isinstance(raw, dict):
        raise CodebookError(f"{where}: field #{number}: must be a mapping with name and type, got {shown(raw)}")
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        raise CodebookError(f"{where}: field #{number}: missing 'name'")
    at = f"{where}: field '{name}'"
    if not FIELD_NAME_RE.fullmatch(name):
        raise CodebookError(f"{at}: name must match [a-z][a-z0-9_]* (lower-case letters, digits, _)")
    if name in RESERVED_NAMES:
        raise CodebookError(f"{at}: name is reserved for a label-file column")
    extra = sorted(str(k) for k in raw if k not in FIELD_KEYS)
    if extra:
        raise CodebookError(f"{at}: unknown key {shown(extra[0])} (allowed: {', '.join(sorted(FIELD_KEYS))})")
    kind = raw.get("type")
    if kind not in FIELD_TYPES:
        raise CodebookError(f"{at}: unknown type {shown(kind)} (use one of {', '.join(FIELD_TYPES)})")
    required = raw.get("required", False)
    if not isinstance(required, bool):
        raise CodebookError(f"{at}: required must be true or false, got {shown(required)}")
    label, help_text = raw.get("label") or name.replace("_", " ").capitalize(), raw.get("help") or ""
    if not isinstance(label, str) or not isinstance(help_text, str):
        raise CodebookError(f"{at}: label and help must be text")
    options = _parse_options(raw.get("options"), kind, at)
    hotkeys = _parse_hotkeys(raw.get("hotkeys"), options, at)
    return Field(name, kind, label.strip(), options, required, help_text.strip(), hotkeys)


def _parse_options(raw: Any, kind: str, at: str) -> tuple[str, ...]:
    if kind == "text":
        if raw:
            raise CodebookError(f"{at}: a text field takes no options")
        return ()
    if not isinstance(raw, list) or not raw:
        raise CodebookError(f"{at}: a {kind} field needs a non-empty list of options")
    options: list[str] = []
    for option in raw:
        if kind == "rating":
            if isinstance(option, bool) or not isinstance(option, int):
                raise CodebookError(f"{at}: rating option {shown(option)} is not an integer")
            options.append(str(option))
            continue
        if not isinstance(option, str) or not option.strip():
            hint = " (quote yes/no/on/off/true/false: YAML reads them as booleans)"
            hint = hint if isinstance(option, bool) else ""
            raise CodebookError(f"{at}: option {shown(option)} is not text{hint}")
        if MULTI_SEPARATOR in option or "\n" in option or "\r" in option:
            raise CodebookError(f"{at}: option {shown(option)} contains '{MULTI_SEPARATOR}' or a line break "
                                f"('{MULTI_SEPARATOR}' separates the choices of a multi field)")
        options.append(option.strip())
    duplicates = sorted({o for o in options if options.count(o) > 1})
    if duplicates:
        raise CodebookError(f"{at}: duplicate option {shown(duplicates[0])}")
    return tuple(options)


def _parse_hotkeys(raw: Any, options: tuple[str, ...], at: str) -> tuple[str, ...]:
    if raw is None or raw == []:
        return ()
    if not isinstance(raw, list):
        raise CodebookError(f"{at}: hotkeys must be a list (one key per option, in option order)")
    if len(raw) > len(options):
        raise CodebookError(f"{at}: {len(raw)} hotkeys for {len(options)} options (hotkeys length mismatch)")
    keys: list[str] = []
    for key in raw:
        text = str(key) if isinstance(key, int) and not isinstance(key, bool) else key
        if not isinstance(text, str) or not HOTKEY_RE.fullmatch(text):
            named = repr(text) if isinstance(text, str) and len(text) <= 20 else "this value"
            raise CodebookError(f"{at}: hotkey {named} must be one lower-case letter, digit or punctuation "
                                "key, optionally as Shift+<letter or digit> (e.g. \"q\", \"0\", \"Shift+q\")")
        if text in RESERVED_HOTKEYS:
            raise CodebookError(f"{at}: hotkey {text!r} is the panel's own key "
                                f"(reserved: {', '.join(sorted(RESERVED_HOTKEYS))})")
        keys.append(text)
    # The options after the last listed hotkey get none ("" keeps hotkeys aligned with options).
    return (*keys, *[""] * (len(options) - len(keys)))


def _check_unique(fields: tuple[Field, ...], where: str) -> None:
    seen: set[str] = set()
    keys: dict[str, str] = {}
    for f in fields:
        if f.name in seen:
            raise CodebookError(f"{where}: field '{f.name}': duplicate field name")
        seen.add(f.name)
        for key in filter(None, f.hotkeys):
            if key in keys:
                raise CodebookError(f"{where}: field '{f.name}': duplicate hotkey {key!r} "
                                    f"(already used by field '{keys[key]}')")
            keys[key] = f.name
