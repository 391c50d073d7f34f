"""Boilerplate line rules from the lexicons: each regex with its prefilter and first characters."""
from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from annotate.resources import ResourceError, load_lexicon, load_table
from annotate.scoring.boilerplate.patterns import First, first_chars, may_start


def compile_rule(name: str, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ResourceError(f"annotate/lexicons/{name}.txt: bad regex {pattern!r}: {exc}") from exc


def _lowered(name: str, pattern: str) -> str:
    """A case-insensitive rule is matched against the lower-cased line, so it must be lower case."""
    if any(ch.isupper() for ch in re.sub(r"\\.", "", pattern)):
        raise ResourceError(f"annotate/lexicons/{name}.txt: case-insensitive rule {pattern!r} has capitals")
    return pattern


class _Hint:
    """Literal substrings, one of which must occur in the lower-cased line before a rule is tried.

    ``in`` is far faster than a regex search for words; single characters (digits) become one
    character-class search instead of ten scans.
    """

    def __init__(self, substrings: list[str]) -> None:
        self.needles = tuple(sorted(set(substrings)))
        chars = sorted({h for h in substrings if len(h) == 1})
        self.words = tuple(sorted({h for h in substrings if len(h) > 1}))
        self.chars = re.compile("[" + "".join(re.escape(c) for c in chars) + "]") if chars else None

    def found(self, lower: str) -> bool:
        if any(map(lower.__contains__, self.words)):
            return True
        return self.chars is not None and self.chars.search(lower) is not None


class Rule(NamedTuple):
    name: str
    hint: _Hint | None  # must be found in the lower-cased line; None: always try
    regex: re.Pattern[str]
    on_lower: bool  # written "(?i)...": matched against the lower-cased line
    first: First  # the characters a match can open with


class RuleSet:
    """The rules of one lexicon, tried in file order; a rule is skipped when its prefilter is
    missing from the line or the line opens with a character the rule cannot start with."""

    def __init__(self, name: str) -> None:
        rules: list[Rule] = []
        for rule, hint, regex in load_table(name, 3):
            on_lower = regex.startswith("(?i)")
            body = _lowered(name, regex[4:]) if on_lower else regex
            hints = _Hint(hint.split("|")) if hint != "-" else None
            rules.append(Rule(rule, hints, compile_rule(name, body), on_lower, first_chars(body)))
        self.name = name
        self.rules = tuple(rules)
        every = {h for _, hint, _ in load_table(name, 3) if hint != "-" for h in hint.split("|")}
        if any(not h or h != h.strip() or not h.isascii() or h != h.lower() or "?" in h for h in every):
            raise ResourceError(f"annotate/lexicons/{name}.txt: prefilter substrings must be lower-case "
                                "ASCII without ?, opening and closing with a non-space character")
        self._starting: dict[tuple[str, str], tuple[Rule, ...]] = {}

    def starting(self, lower: str, cased: str) -> tuple[Rule, ...]:
        """Rules that can match a line opening with ``cased`` (``lower`` once lower-cased)."""
        key = (lower, cased)
        found = self._starting.get(key)
        if found is None:
            found = tuple(r for r in self.rules if may_start(r.first, lower if r.on_lower else cased))
            self._starting[key] = found
        return found

    def find(self, line: str, lower: str, whole: bool = True) -> tuple[str, int] | None:
        """First rule (file order) matching all of ``line`` (or a prefix) as (name, match end)."""
        if not line:
            return None
        for rule in self.starting(lower[0], line[0]):
            if rule.hint is not None and not rule.hint.found(lower):
                continue
            subject = lower if rule.on_lower else line
            m = rule.regex.fullmatch(subject) if whole else rule.regex.match(subject)
            if m is not None:
                return rule.name, min(m.end(), len(line))
        return None


SHORT = "boilerplate_rules"  # rules for short lines
LONG = "boilerplate_long_rules"  # rules for lines of any length
PREFIXES = "boilerplate_prefixes"  # rules matching the start of a line


@cache
def rule_set(name: str) -> RuleSet:
    return RuleSet(name)


@cache
def call_to_action() -> re.Pattern[str]:
    """Reader-engagement sentences, lower case, matched against lower-cased text."""
    entries = load_lexicon("boilerplate_cta")
    return compile_rule("boilerplate_cta", "|".join(f"(?:{_lowered('boilerplate_cta', p)})" for p in entries))
