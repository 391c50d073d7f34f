"""Codebook rules as data: combinations of values a label may not have, each with the message to show."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

RULE_KEYS = frozenset({"distinct", "require", "when", "message"})
# A value quoted in an error message is cut at this length: enough to recognise an option name.
MAX_SHOWN_CHARS = 80
# Multi-choice values arrive joined by this in label files (codebooks.MULTI_SEPARATOR; kept equal by a test).
_SEPARATOR = "|"


class RuleError(ValueError):
    """A rule of a codebook is malformed (codebooks turns it into a CodebookError)."""


class Field(Protocol):
    """What a rule needs of a codebook field (``codebooks.Field`` has it; no import, so no cycle)."""

    @property
    def name(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def options(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Rule:
    """One rule of a codebook.

    ``distinct``: the options chosen in ``fields[0]`` and ``fields[1]`` must not overlap (a primary frame
    is not also a secondary one). ``require``: ``fields[1]`` must be filled when ``fields[0]`` has the
    option ``when`` (say in the notes what "Other" means).
    """

    kind: str
    fields: tuple[str, ...]
    when: str
    message: str

    def is_broken(self, values: Mapping[str, object]) -> bool:
        """True when ``values`` (panel values, or a label file's strings) break this rule."""
        if self.kind == "distinct":
            first, second = (_chosen(values.get(name)) for name in self.fields)
            return bool(first & second)
        trigger, needed = self.fields
        return self.when in _chosen(values.get(trigger)) and not _chosen(values.get(needed))


def _describe(value: object) -> str:
    """A user's YAML value for a message: scalars as written (cut short), anything else by its type only.

    Formatting a nested value with repr would expand YAML aliases without bound.
    """
    if value is None or isinstance(value, (str, int, float, bool)):
        text = repr(value)
        return text if len(text) <= MAX_SHOWN_CHARS else text[:MAX_SHOWN_CHARS] + "…"
    return f"a {type(value).__name__}"


def _chosen(value: object) -> set[str]:
    """The options a value holds: a multi field's list or "|"-joined string, or one option or text."""
    if value is None:
        return set()
    if isinstance(value, (list, tuple, set, frozenset)):
        return {str(v).strip() for v in value if str(v).strip()}
    text = str(value).strip()
    return {part for part in text.split(_SEPARATOR) if part} if text else set()


def parse_rules(raw: Any, fields: Mapping[str, Field], where: str) -> tuple[Rule, ...]:
    """Validate a codebook's ``rules:`` list against its fields; errors name the rule's number."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise RuleError(f"{where}: 'rules' must be a list of rules")
    rules: list[Rule] = []
    for number, item in enumerate(raw, start=1):
        at = f"{where}: rule #{number}"
        if not isinstance(item, dict):
            raise RuleError(f"{at}: must be a mapping with 'distinct' or 'require'")
        extra = sorted(str(k) for k in item if k not in RULE_KEYS)
        if extra:
            raise RuleError(f"{at}: unknown key '{extra[0]}' (allowed: {', '.join(sorted(RULE_KEYS))})")
        message = item.get("message", "")
        if not isinstance(message, str):
            raise RuleError(f"{at}: message must be text")
        if ("distinct" in item) == ("require" in item):
            raise RuleError(f"{at}: give exactly one of 'distinct' or 'require'")
        rule = _distinct(item, fields, at) if "distinct" in item else _require(item, fields, at)
        rules.append(Rule(rule.kind, rule.fields, rule.when, message.strip() or rule.message))
    return tuple(rules)


def _field(name: object, fields: Mapping[str, Field], at: str) -> Field:
    if not isinstance(name, str) or name not in fields:
        raise RuleError(f"{at}: {_describe(name)} is not a field of this codebook")
    return fields[name]


def _distinct(item: dict[str, Any], fields: Mapping[str, Field], at: str) -> Rule:
    names = item["distinct"]
    if not isinstance(names, list) or len(names) != 2:
        raise RuleError(f"{at}: 'distinct' takes a list of two fields")
    first, second = (_field(n, fields, at) for n in names)
    if "text" in (first.type, second.type) or not set(first.options) & set(second.options):
        raise RuleError(f"{at}: 'distinct' needs two choice fields that share options")
    label = f"{first.label} is not also one of {second.label}"
    return Rule("distinct", (first.name, second.name), "", f"{label}: choose it in one field only")


def _require(item: dict[str, Any], fields: Mapping[str, Field], at: str) -> Rule:
    needed = _field(item["require"], fields, at)
    when = item.get("when")
    if not isinstance(when, dict) or len(when) != 1:
        raise RuleError(f"{at}: 'require' needs 'when: {{field: option}}' naming one field's option")
    ((name, option),) = when.items()
    trigger = _field(name, fields, at)
    text = str(option) if isinstance(option, int) and not isinstance(option, bool) else option
    if trigger.type == "text" or text not in trigger.options:
        raise RuleError(f"{at}: 'when' option {_describe(option)} is not one of {trigger.name}'s options")
    return Rule("require", (trigger.name, needed.name), text,
                f"{needed.label} is required when {trigger.label} is {text}")
