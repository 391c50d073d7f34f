"""Finding the lines a boilerplate rule might flag in one pass over the whole text, not line by line."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache
from itertools import pairwise
from pathlib import Path

from annotate.diskcache import cached_table
from annotate.resources import lexicon_paths
from annotate.scoring.boilerplate import patterns as patterns_module
from annotate.scoring.boilerplate import rules as rules_module
from annotate.scoring.boilerplate.patterns import BLANK, BULLET, first_chars, may_start, single_line
from annotate.scoring.boilerplate.rules import LONG, PREFIXES, SHORT, Rule, call_to_action, compile_rule, rule_set

# A quantifier: ? * + or {m}, {m,}, {m,n}; then its lazy or possessive mark.
_REPEAT = re.compile(r"(\?|\*|\+|\{(\d*)(?:(,)(\d*))?\})([?+]?)")
NEVER = "(?!)"  # a regex matching nothing


def _top_level(pattern: str) -> tuple[list[int], list[int]]:
    """Positions of the top-level ``|`` of ``pattern``, and of the ``)`` closing each top-level group."""
    bars: list[int] = []
    closes: list[int] = []
    depth = 0
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i += 2 if pattern.startswith("[^", i) else 1
            i += pattern.startswith("]", i)  # a leading ] is a literal member
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                closes.append(i)
        elif c == "|" and depth == 0:
            bars.append(i)
        i += 1
    return bars, closes


def restrict(pattern: str, char: str) -> str:
    """``pattern`` without the leading alternatives that cannot open with ``char``.

    Matches of the result that open with ``char`` are exactly those of ``pattern``: only
    branches whose first characters exclude ``char`` are dropped, at the top level and inside
    a leading ``(?:...)`` group that must match (no quantifier after it).  The regex engine
    tries a long alternation branch by branch, so this makes a rule far cheaper to reject.
    """
    bars, closes = _top_level(pattern)
    if bars:
        cuts = [-1, *bars, len(pattern)]
        branches = [pattern[a + 1 : b] for a, b in pairwise(cuts)]
        kept = [restrict(b, char) for b in branches if may_start(first_chars(b), char)]
        return "|".join(f"(?:{b})" for b in kept) if kept else "(?!)"
    if not pattern.startswith("(?:") or not closes or first_chars(pattern[3 : closes[0]]) is None:
        return pattern
    end = closes[0]
    inner, rest = pattern[3:end], pattern[end + 1 :]
    head = f"(?:{restrict(inner, char)})"
    if rest[:1] not in ("?", "*", "+", "{"):
        return head + rest
    # A repeated leading group G: its first repetition is cut down and the others stay whole;
    # when G may be absent, the rest cut down is the other way in (G*R -> G'G*R | R').
    m = _REPEAT.match(rest)
    if m is None or m.group(5) == "+":  # possessive: backtracking rules differ, leave it be
        return pattern
    low, high = _bounds(m)
    if high == 0:
        return pattern
    tail = rest[m.end() :]
    more = ""
    if high is None or high > 1:
        top = "" if high is None else str(high - 1)
        more = f"(?:{inner}){{{max(low - 1, 0)},{top}}}{m.group(5)}"
    cut = head + more + tail
    return f"(?:{cut})|(?:{restrict(tail, char)})" if low == 0 else cut


def _bounds(m: re.Match[str]) -> tuple[int, int | None]:
    """Least and most repetitions (None: no limit) a :data:`_REPEAT` match allows."""
    q = m.group(1)
    if q in ("?", "*", "+"):
        return {"?": (0, 1), "*": (0, None), "+": (1, None)}[q]
    low = int(m.group(2) or 0)
    if m.group(3) is None:
        return low, low
    return low, int(m.group(4)) if m.group(4) else None


def derive(pattern: str, char: str) -> str | None:
    """A regex for the rest of the matches of ``pattern`` that open with ``char`` (the regex
    derivative), or None when the opening is too intricate to work out here.

    Handled: alternations, literal characters, and leading ``(?:...)`` groups, repeated or not.
    Put after a literal ``char``, the result lets the engine reject a rule on its second
    character instead of walking its whole alternation.
    """
    bars, closes = _top_level(pattern)
    if bars:
        cuts = [-1, *bars, len(pattern)]
        parts = []
        for branch in (pattern[a + 1 : b] for a, b in pairwise(cuts)):
            if may_start(first_chars(branch), char):
                rest = derive(branch, char)
                if rest is None:
                    return None
                parts.append(rest)
        return "|".join(f"(?:{p})" for p in parts) if parts else NEVER
    if pattern.startswith("(?:") and closes:
        end = closes[0]
        inner, rest = pattern[3:end], pattern[end + 1 :]
        if first_chars(inner) is None:
            return None
        head = derive(inner, char)
        m = _REPEAT.match(rest)
        if head is None or m is None:
            return None if head is None else f"(?:{head}){rest}"
        low, high = _bounds(m)
        if m.group(5) == "+" or high == 0:
            return None
        tail = rest[m.end() :]
        more = ""
        if high is None or high > 1:
            more = f"(?:{inner}){{{max(low - 1, 0)},{'' if high is None else high - 1}}}{m.group(5)}"
        cut = NEVER if head == NEVER else f"(?:{head}){more}{tail}"
        if low > 0 or not may_start(first_chars(tail), char):
            return cut
        tail_rest = derive(tail, char)
        if tail_rest is None:
            return None
        return tail_rest if cut == NEVER else f"(?:{cut})|(?:{tail_rest})"
    if not pattern or pattern[0] in "([.^$|)*+?{":
        return None
    if pattern[0] == "\\":
        if len(pattern) < 2 or pattern[1].isalnum():
            return None  # \d, \s, \b ...: classes and assertions are left to the caller
        literal, rest = pattern[1], pattern[2:]
    else:
        literal, rest = pattern[0], pattern[1:]
    if _REPEAT.match(rest):
        return None
    return rest if literal == char else NEVER


# Characters whose lower case has another length (U+0130) or is an ASCII letter though they are
# not ASCII (U+212A, the Kelvin sign); tests check this against all of Unicode.
UNUSUAL_CASES = "\u0130\u212a"
# After a whole-line rule: the line's last non-space character, then only spaces to its end (taken
# possessively: giving one back only leaves a space before the line's end, so it never helps).
_LINE_END = f"(?<=\\S){BLANK}*+(?=\\n|\\Z)"


def text_is_plain(text: str) -> bool:
    """False when ``text`` holds one of :data:`UNUSUAL_CASES`: the whole-text shortcuts (offsets
    of the lower-cased text, :func:`folded`) do not hold for such a text."""
    return not any(c in text for c in UNUSUAL_CASES)


def folded(text: str) -> bytes:
    """``text`` lower-cased for prefilter look-ups: ASCII letters lower-cased, every other character
    one "?" byte, so offsets stay those of ``text`` and bytes.find seeks at full speed.

    In a :func:`text_is_plain` text, an ASCII prefilter without "?" (see RuleSet) occurs here
    exactly where it occurs in ``text.lower()``.
    """
    return text.encode("ascii", "replace").lower()


def _dispatch(entries: list[tuple[str, str, bool]]) -> str:
    """Rules as one alternation that a line meets with a literal test on its first character,
    then on its second.

    ``entries`` are (lexicon, regex, whole line?).  For each character ``c`` some rule can open
    with there is an alternative ``c(?:REST|...)``, REST being what the rules opening with ``c``
    need after it (:func:`derive`), so that the engine rejects most rules on a literal.  A rule
    too intricate to derive is tried whole from the line's start, ``(?<=(?=RULE)c)``.
    """
    firsts = [first_chars(regex) for _, regex, _ in entries]

    def whole_rule(name: str, regex: str, is_whole: bool) -> str:
        return f"(?:{single_line(name, regex)}){_LINE_END if is_whole else ''}"

    keys = sorted({c for first in firsts if first is not None for c in first[0]})
    alternatives = []
    for key in keys:
        rests, undivided = [], []
        for (name, regex, is_whole), first in zip(entries, firsts, strict=True):
            if may_start(first, key):
                rest = derive(regex, key)
                if rest is None:
                    undivided.append(whole_rule(name, restrict(regex, key), is_whole))
                elif rest != NEVER:
                    rests.append(whole_rule(name, rest, is_whole))
        if undivided:
            rests.append(f"(?<=(?={'|'.join(undivided)}){re.escape(key)})")
        alternatives.append(f"{re.escape(key)}(?:{'|'.join(rests)})")
    # Other first characters: rules that can open with anything, and, for a non-ASCII character,
    # rules whose \w, \d or \s reach beyond ASCII.
    anything = [whole_rule(*e) for e, first in zip(entries, firsts, strict=True) if first is None]
    beyond = [whole_rule(*e) for e, first in zip(entries, firsts, strict=True) if first and first[1]]
    others = []
    if anything:
        others.append(f"(?={'|'.join(anything)})")
    if beyond:
        others.append(f"(?=[^\\x00-\\x7f])(?={'|'.join(beyond)})")
    if others:
        not_key = f"(?![{''.join(map(re.escape, keys))}])" if keys else ""
        alternatives.append(f"{not_key}(?:{'|'.join(others)})")
    return "|".join(alternatives)


def _in_finder(rule: Rule) -> bool:
    """Whether the finders look for ``rule``; if not, it is tried on the lines holding its prefilter.

    bytes.find seeks a word far faster than a finder tries a rule on every line, but single
    characters (digits) are too common to seek; a rule opening with a wildcard cannot be tried
    fast on every line, so it is sought by its prefilter even then.
    """
    return rule.hint is None or (rule.first is not None and not rule.hint.words)


@cache
def needles(name: str) -> tuple[bytes, ...]:
    """Prefilter substrings of the rules of ``name`` that the finders do not look for."""
    rules = [r for r in rule_set(name).rules if not _in_finder(r)]
    return tuple(sorted({h.encode() for r in rules if r.hint is not None for h in r.hint.needles}))


@cache
def finders() -> tuple[tuple[re.Pattern[str], bool], ...]:
    """(regex, run on the lower-cased text?) matching at the start of every line that a rule or
    a reader prompt might flag, but for rules sought by their prefilter (:func:`needles`).

    Run once over the whole text instead of trying each rule on each line, a finder may report
    lines no rule flags (the rules then decide), never miss one: rules are made unable to cross
    a line break (:func:`single_line`), and whole-line rules must end at the line's last
    non-space character.
    """
    # Deriving the two patterns (125,000 characters) takes about 0.17 s, so they are kept in the user cache,
    # keyed by the lexicons and the code they come from; compiling them (about 0.3 s) is left to each process.
    sources = (*lexicon_paths(SHORT, LONG, PREFIXES, "boilerplate_cta"),
               *(Path(m.__file__ or "") for m in (rules_module, patterns_module)), Path(__file__))
    patterns = cached_table("boilerplate-finders", sources, _finder_patterns)
    return tuple((compile_rule("boilerplate_*", pattern), on_lower) for pattern, on_lower in patterns)


def _finder_patterns() -> tuple[tuple[str, bool], ...]:
    out = []
    for on_lower in (True, False):
        entries: list[tuple[str, str, bool]] = []
        for name in (SHORT, LONG, PREFIXES):
            for rule in rule_set(name).rules:
                if _in_finder(rule) and rule.on_lower == on_lower:
                    entries.append((name, rule.regex.pattern, name != PREFIXES))
        if on_lower:
            entries.append(("boilerplate_cta", call_to_action().pattern, False))
        if entries:
            # Lines are found after a newline (the text gets one in front), a literal the engine seeks fast.
            # Leading spaces are taken possessively: the rules, made for stripped lines, are tried at the first
            # non-space only; trying them at every space given back cost a line of spaces n^2 (issue 14).
            out.append((f"\\n{BLANK}*+(?:{BULLET}{BLANK}++)?(?:{_dispatch(entries)})", on_lower))
    return tuple(out)


def finder_lines(text: str, lower: str, starts: list[int]) -> tuple[set[int], set[int]]:
    """Indices of the stripped lines (opening at ``starts``) reported by the finder of the rules
    matched against lower-cased lines (run on ``lower``, ``text`` lower-cased), and by the other."""
    found: tuple[set[int], set[int]] = (set(), set())
    for regex, on_lower in finders():
        lines = found[0 if on_lower else 1]
        for m in regex.finditer("\n" + (lower if on_lower else text)):
            # m.start() is where the line begins in ``text``; its stripped start is the next one.
            lines.add(bisect_left(starts, m.start()))
        lines.discard(len(starts))
    return found


def lines_containing(low: bytes, needles: tuple[bytes, ...], starts: list[int], ends: list[int]) -> set[int]:
    """Indices of the stripped lines (``starts``/``ends``) whose :func:`folded` text holds a needle.

    Needles open and close with a non-space character, so a hit lies inside one stripped line;
    after a hit the search skips to that line's end.
    """
    found: set[int] = set()
    for needle in needles:
        pos = low.find(needle)
        while pos >= 0:
            k = bisect_right(starts, pos) - 1
            found.add(k)
            pos = low.find(needle, ends[k])
    return found
