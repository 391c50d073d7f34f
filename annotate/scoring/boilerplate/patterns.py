"""Reading boilerplate rule regexes: confine them to one line, and list the characters they can start with."""
from __future__ import annotations

import re
import string

from annotate.resources import ResourceError

# Every whitespace character but the newline, for character classes: re's \s is str.isspace,
# so a rule's \s is rewritten to this set when the rule runs over a whole text instead of a line.
_BLANK_CLASS = r"\t\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
BLANK = r"[^\S\n]"
# A line's text starts after its indent and a list bullet ("- Share on Facebook", as HTML extractors such as
# trafilatura write list items), so the rules, made for whole lines, match the item itself.
BULLET = "[-*•·▪‣◦]"
# Constructs whose meaning at a line's edge differs between a stripped line and a whole text.
_LINE_EDGE_SYNTAX = re.compile(r"\\[AZB]|\(\?<[=!]|\(\?[a-zA-Z]*s")


def single_line(name: str, pattern: str) -> str:
    """``pattern`` made unable to match a newline, so that on a whole text it stays inside one line.

    Within a line (which holds no newline) the result matches exactly what ``pattern`` matches:
    ``\\s``, ``\\W``, ``\\D`` and negated classes only lose the newline.
    """
    if _LINE_EDGE_SYNTAX.search(pattern):
        raise ResourceError(f"annotate/lexicons/{name}.txt: rule {pattern!r} uses anchors, lookbehind, (?s)")
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = negated = False
    while i < n:
        c = pattern[i]
        if c == "\\":
            esc = pattern[i : i + 2]
            if esc in (r"\W", r"\D") and in_class and not negated:
                raise ResourceError(f"annotate/lexicons/{name}.txt: rule {pattern!r}: {esc} inside [...]")
            if esc == r"\s" and in_class:
                out.append(r"\s" if negated else _BLANK_CLASS)
            elif esc == r"\s":
                out.append(BLANK)
            elif esc in (r"\W", r"\D") and not in_class:
                out.append(f"[^{esc.lower()}\\n]")
            else:
                out.append(esc)
            i += 2
            continue
        if in_class:
            out.append(c)
            in_class = c != "]"
            i += 1
            continue
        if c in "^$":
            raise ResourceError(f"annotate/lexicons/{name}.txt: rule {pattern!r} uses ^ or $")
        if c == "[":
            in_class = True
            negated = pattern.startswith("[^", i)
            i += 2 if negated else 1
            out.append("[^\\n" if negated else "[")
            if i < n and pattern[i] == "]":  # a leading ] is a literal member
                out.append("]")
                i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


#: What a regex can start with: these characters, plus (when the flag is set) non-ASCII ones
#: outside them (what \w, \d or \s add beyond ASCII).  None: anything.
First = tuple[frozenset[str], bool] | None

_CATEGORIES = {"d": string.digits, "w": string.ascii_letters + string.digits + "_",
               "s": " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"}
_ESCAPED_CHARS = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_QUANTIFIER = re.compile(r"\{(\d*)(?:,(\d*))?\}")
_FLAGS_GROUP = re.compile(r"\(\?([aiLmsux-]+):")
_EMPTY: First = (frozenset(), False)


class _Unreadable(Exception):
    pass


def _union(a: First, b: First) -> First:
    if a is None or b is None:
        return None
    return a[0] | b[0], a[1] or b[1]


class _FirstChars:
    """A small recursive-descent reader of the regex syntax the lexicons use; anything else is
    'could start with anything', so the answer only ever errs towards more characters."""

    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0

    def alternation(self) -> tuple[First, bool]:
        first, nullable = self.sequence()
        while self.i < len(self.p) and self.p[self.i] == "|":
            self.i += 1
            f, n = self.sequence()
            first, nullable = _union(first, f), nullable or n
        return first, nullable

    def sequence(self) -> tuple[First, bool]:
        first: First = _EMPTY
        nullable = True
        while self.i < len(self.p) and self.p[self.i] not in "|)":
            f, n = self.item()
            n = self.quantifier() or n
            if nullable:
                first = _union(first, f)
            nullable = nullable and n
        return first, nullable

    def quantifier(self) -> bool:
        """Skip a quantifier; True when it allows zero repetitions."""
        p, i = self.p, self.i
        optional = False
        if i < len(p) and p[i] in "?*+":
            optional, i = p[i] != "+", i + 1
        elif (m := _QUANTIFIER.match(p, i)) is not None:
            optional, i = not m.group(1) or int(m.group(1)) == 0, m.end()
        else:
            return False
        if i < len(p) and p[i] in "?+":  # lazy or possessive
            i += 1
        self.i = i
        return optional

    def group(self) -> tuple[First, bool]:
        first, nullable = self.alternation()
        if self.i >= len(self.p) or self.p[self.i] != ")":
            raise _Unreadable
        self.i += 1
        return first, nullable

    def item(self) -> tuple[First, bool]:
        p, i = self.p, self.i
        c = p[i]
        if c == "(":
            if p.startswith(("(?=", "(?!"), i):
                self.i = i + 3
                self.group()
                return _EMPTY, True  # a lookahead consumes nothing; ignoring it only widens
            if p.startswith("(?:", i):
                self.i = i + 3
                return self.group()
            if p.startswith("(?P<", i):
                self.i = p.index(">", i) + 1
                return self.group()
            if (m := _FLAGS_GROUP.match(p, i)) is not None:
                self.i = m.end()
                first, nullable = self.group()
                if "i" in m.group(1) and first is not None:
                    # Case-blind: ASCII letters in both cases; non-ASCII folds (such as the Kelvin
                    # sign for k) are covered by the non-ASCII flag.
                    first = (first[0] | {c.swapcase() for c in first[0] if c.isascii()}, True)
                return first, nullable
            if p.startswith("(?", i):
                raise _Unreadable
            self.i = i + 1
            return self.group()
        if c == "[":
            return self.char_class(), False
        if c == "\\":
            return self.escape(in_class=False)
        self.i = i + 1
        if c == ".":
            return None, False
        if c in "^$":
            return _EMPTY, True
        return (frozenset(c), False), False

    def escape(self, in_class: bool) -> tuple[First, bool]:
        p, i = self.p, self.i
        if i + 1 >= len(p):
            raise _Unreadable
        e = p[i + 1]
        self.i = i + 2
        if e in _CATEGORIES:
            return (frozenset(_CATEGORIES[e]), True), False
        if e in "bB" and not in_class:
            return _EMPTY, True
        if e in _ESCAPED_CHARS:
            return (frozenset(_ESCAPED_CHARS[e]), False), False
        if e in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[e]
            digits = p[i + 2 : i + 2 + width]
            if len(digits) != width or any(d not in string.hexdigits for d in digits):
                raise _Unreadable
            self.i = i + 2 + width
            return (frozenset(chr(int(digits, 16))), False), False
        if e.isalnum():
            return None, False  # \S, \W, \D, back-references, \N{...}: anything
        return (frozenset(e), False), False

    def char_class(self) -> First:
        p = self.p
        self.i += 1
        negated = self.i < len(p) and p[self.i] == "^"
        self.i += negated
        chars: set[str] = set()
        other = False
        unknown = negated
        start = self.i
        while True:
            if self.i >= len(p):
                raise _Unreadable
            c = p[self.i]
            if c == "]" and self.i > start:
                self.i += 1
                break
            if c == "\\":
                member, _ = self.escape(in_class=True)
            else:
                self.i += 1
                member = (frozenset(c), False)
            if member is not None and len(member[0]) == 1 and p.startswith("-", self.i) \
                    and self.i + 1 < len(p) and p[self.i + 1] != "]":
                lo = next(iter(member[0]))
                self.i += 1
                if p[self.i] == "\\":
                    hi_member, _ = self.escape(in_class=True)
                    if hi_member is None or len(hi_member[0]) != 1:
                        raise _Unreadable
                    hi = next(iter(hi_member[0]))
                else:
                    hi = p[self.i]
                    self.i += 1
                top = min(ord(hi), 127)
                member = (frozenset(map(chr, range(ord(lo), top + 1))), ord(hi) > 127)
            if member is None:
                unknown = True
            else:
                chars |= member[0]
                other = other or member[1]
        return None if unknown else (frozenset(chars), other)


def first_chars(pattern: str) -> First:
    """The characters a non-empty match of ``pattern`` can start with (None: any character)."""
    reader = _FirstChars(pattern)
    try:
        first, nullable = reader.alternation()
    except (_Unreadable, ValueError, IndexError):
        return None
    if reader.i != len(pattern) or nullable:
        return None
    return first


def may_start(first: First, char: str) -> bool:
    """Whether a match with first characters ``first`` can open with ``char``."""
    return first is None or char in first[0] or (first[1] and not char.isascii())
