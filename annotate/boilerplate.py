"""Web boilerplate in scraped articles: comment forms, share bars, bylines, menus, footers."""
from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from .findings import Finding
from .resources import ResourceError, load_lexicon, load_table
from .text import Doc, split_sentences

KIND = "boilerplate"

# All thresholds below were measured on the dev set (line precision / recall / share of content
# characters flagged, the Issue 5 targets being >= 0.97 / >= 0.80 / <= 1%); the chosen values give
# 0.991 / 0.851 / 0.77%.  Each comment names what its neighbours cost.
#
# A line at least this long (stripped) is body text, never a navigation candidate.  100 loses
# 3 points of recall; 150 flags 1.3% of content (teaser blurbs are 80-150 chars, body paragraphs
# mostly longer).
GOOD_LINE_CHARS = 120
# A shorter line still counts as body text when it reads like a sentence: at least this long,
# ending in . ! or ?, and with at most CAPITALISED_SHARE of its words capitalised (headlines of
# other stories are Title Case).  Without this rule precision falls to 0.975 and 2.9% of content
# is flagged; 20-45 chars and a share of 0.6-0.8 all score alike, 0.5 flags 1.4% of content.
SENTENCE_LINE_CHARS = 30
CAPITALISED_SHARE = 0.6
# Navigation comes in runs: a lone short line between paragraphs is kept (jusText's context
# idea).  2 and 3 score the same on dev; 3 is the more cautious.
MIN_NAV_RUN = 3
# jusText-style heading: a short line at most HEADING_LINES lines (rule-flagged lines such as a
# byline do not count) and HEADING_CHARS characters before a body line is a heading, not a menu.
# 2 lines keeps a title plus a subtitle (seed 001); 1 line would gain 2 points of recall, 3 lose 2.
# 100-300 chars score alike.
HEADING_LINES = 2
HEADING_CHARS = 200
# A short line with this many separate numbers is a table row (standings, prices), not a menu.
# Without it precision is 0.987 and 1.06% of content is flagged; 4 scores like 3.
TABLE_ROW_NUMBERS = 3
# boilerplate_rules.txt describes short widgets (its longest rule, a copyright line, allows ~230
# characters); longer lines are only tried against boilerplate_long_rules.txt, which keeps the
# many rules off body paragraphs.  Lines beyond MAX_RULE_LINE_CHARS (past the ~850 characters a
# cookie banner rule allows) are never tried.
SHORT_RULE_LINE_CHARS = 240
MAX_RULE_LINE_CHARS = 900

_NUMBER = re.compile(r"(?<![\w:/.-])\d[\d.,%]*(?![\w:/-])")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?$")


def _compile(name: str, pattern: str) -> re.Pattern[str]:
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
        chars = sorted({h for h in substrings if len(h) == 1})
        self.words = tuple(sorted({h for h in substrings if len(h) > 1}))
        self.chars = re.compile("[" + "".join(re.escape(c) for c in chars) + "]") if chars else None

    def found(self, lower: str) -> bool:
        if any(map(lower.__contains__, self.words)):
            return True
        return self.chars is not None and self.chars.search(lower) is not None


class _Rule(NamedTuple):
    name: str
    hint: _Hint | None  # must be found in the lower-cased line; None: always try
    regex: re.Pattern[str]
    on_lower: bool  # written "(?i)...": matched against the lower-cased line


class _RuleSet:
    """The rules of one lexicon, with a combined gate so most lines are rejected in one call.

    Case-insensitive rules run on the lower-cased line without re.IGNORECASE: the regex engine
    then skips an alternative on its first literal, which makes the gate several times faster.
    """

    def __init__(self, name: str) -> None:
        rules: list[_Rule] = []
        for rule, hint, regex in load_table(name, 3):
            on_lower = regex.startswith("(?i)")
            body = _lowered(name, regex[4:]) if on_lower else regex
            hints = _Hint(hint.split("|")) if hint != "-" else None
            rules.append(_Rule(rule, hints, _compile(name, body), on_lower))
        self.rules = tuple(rules)
        all_hints = [h for _, hint, _ in load_table(name, 3) if hint != "-" for h in hint.split("|")]
        self.hint = _Hint(all_hints) if all_hints else None
        plain = [r for r in rules if r.hint is None]
        lower_gate = self._gate(name, [r for r in plain if r.on_lower])
        cased_gate = self._gate(name, [r for r in plain if not r.on_lower])
        self.gates = tuple((g, on_lower) for g, on_lower in ((lower_gate, True), (cased_gate, False)) if g)

    @staticmethod
    def _gate(name: str, rules: list[_Rule]) -> re.Pattern[str] | None:
        return _compile(name, "|".join(f"(?:{r.regex.pattern})" for r in rules)) if rules else None

    def find(self, line: str, lower: str, whole: bool = True) -> tuple[str, int] | None:
        """First rule (file order) matching all of ``line`` (or a prefix) as (name, match end)."""
        gate_hit = False
        for gate, on_lower in self.gates:
            subject = lower if on_lower else line
            if (gate.fullmatch(subject) if whole else gate.match(subject)) is not None:
                gate_hit = True
                break
        if not gate_hit and (self.hint is None or not self.hint.found(lower)):
            return None
        for rule in self.rules:
            if not (gate_hit if rule.hint is None else rule.hint.found(lower)):
                continue
            subject = lower if rule.on_lower else line
            m = rule.regex.fullmatch(subject) if whole else rule.regex.match(subject)
            if m is not None:
                return rule.name, min(m.end(), len(line))
        return None


@cache
def _rules(name: str) -> _RuleSet:
    return _RuleSet(name)


@cache
def _cta() -> re.Pattern[str]:
    """Reader-engagement sentences, lower case, matched against lower-cased text."""
    entries = load_lexicon("boilerplate_cta")
    return _compile("boilerplate_cta", "|".join(f"(?:{_lowered('boilerplate_cta', p)})" for p in entries))


def _is_call_to_action(text: str, start: int, end: int, lower: str) -> bool:
    """True when every sentence of the line is a reader-engagement prompt (seed 004's closer)."""
    cta = _cta()
    if cta.match(lower) is None:
        return False
    return all(cta.fullmatch(text[s:e].lower()) for s, e in split_sentences(text, start, end))


def _sentence_like(line: str) -> bool:
    if len(line) < SENTENCE_LINE_CHARS or _SENTENCE_END.search(line) is None:
        return False
    words = line.split()
    capitalised = sum(1 for w in words if w[:1].isupper())
    return capitalised <= CAPITALISED_SHARE * len(words)


def _main_block(lengths: list[int], good: list[bool]) -> tuple[int, int]:
    """Line range with the most body text minus other text (maximum subarray, as in BTE)."""
    best = running = 0
    best_start = best_end = start = 0
    for i, (n, ok) in enumerate(zip(lengths, good, strict=True)):
        if running <= 0:
            running, start = 0, i
        running += n if ok else -n
        if running > best:
            best, best_start, best_end = running, start, i + 1
    return best_start, best_end


def _navigation(
    lengths: list[int], good: list[bool], rule: list[str | None], texts: list[str]
) -> list[int]:
    """Indices of short lines that sit in a run of short lines outside the article body."""
    n = len(good)
    if not any(good):
        return []  # without any body text there is no context to judge a menu by
    body_start, body_end = _main_block(lengths, good)
    out: list[int] = []
    i = 0
    while i < n:
        if good[i]:
            i += 1
            continue
        j = i
        while j < n and not good[j]:
            j += 1
        if j - i >= MIN_NAV_RUN and not (body_start <= i and j <= body_end):
            chars = lines = 0
            for k in range(j - 1, i - 1, -1):  # backwards, to know the distance to the next body line
                chars += lengths[k]
                if rule[k] is None:
                    lines += 1
                heading = j < n and lines <= HEADING_LINES and chars <= HEADING_CHARS
                if rule[k] is None and not heading and len(_NUMBER.findall(texts[k])) < TABLE_ROW_NUMBERS:
                    out.append(k)
        i = j
    return out


def detect_boilerplate(doc: Doc) -> list[Finding]:
    """Boilerplate lines of ``doc`` (the stripped line is the span; a desk tag alone is flagged)."""
    text = doc.text
    rules = _rules("boilerplate_rules")
    long_rules = _rules("boilerplate_long_rules")
    prefixes = _rules("boilerplate_prefixes")
    findings: list[Finding] = []
    spans: list[tuple[int, int]] = []
    texts: list[str] = []
    rule: list[str | None] = []
    good: list[bool] = []
    for start, end in doc.lines:
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            continue
        start += len(line) - len(line.lstrip())
        end = start + len(stripped)
        name: str | None = None
        lower = stripped.lower()
        if len(stripped) <= MAX_RULE_LINE_CHARS:
            hit = rules.find(stripped, lower) if len(stripped) <= SHORT_RULE_LINE_CHARS else None
            hit = hit or long_rules.find(stripped, lower)
            if hit is not None:
                name = hit[0]
            elif _is_call_to_action(text, start, end, lower):
                name = "call-to-action"
        if name is not None:
            findings.append(Finding.at(text, KIND, start, end, name))
        elif (tag := prefixes.find(stripped, lower, whole=False)) is not None:
            findings.append(Finding.at(text, KIND, start, start + tag[1], tag[0]))
        spans.append((start, end))
        texts.append(stripped)
        rule.append(name)
        good.append(name is None and (len(stripped) >= GOOD_LINE_CHARS or _sentence_like(stripped)))
    lengths = [e - s for s, e in spans]
    for k in _navigation(lengths, good, rule, texts):
        findings.append(Finding.at(text, KIND, *spans[k], "navigation"))
    findings.sort(key=lambda f: f.start)
    return findings
