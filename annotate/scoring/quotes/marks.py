"""Pair the double quote marks of an article into quoted passages (outermost spans, marks included)."""
from __future__ import annotations

import re
from functools import cache

from annotate.resources import load_patterns

MARKS = '"“”„«»‹›'
_OPEN_GLYPHS = "“„«‹"
_CLOSE_GLYPHS = "”»›"
# After these a mark opens a quotation even without a space ("(“", "—“", ": “").
_OPEN_AFTER = frozenset("([{—–-/:;…" + MARKS)
_SPACES = re.compile(r"\s*")


@cache
def _transcript_turn() -> re.Pattern[str]:
    return dict(load_patterns("quotes_patterns"))["transcript_turn"]


def transcript_turn() -> re.Pattern[str]:
    """The pattern of a transcript turn opening a paragraph ("“PENCE: ...")."""
    return _transcript_turn()


# A single-quoted passage, for articles in British style that have no double marks at all: it opens after
# a space or opening punctuation, closes before a space or punctuation, and stays in its paragraph, so
# apostrophes inside words ("don't") never match; inside, a mark may only be such an apostrophe.  A
# plural possessive ("the students' union") can still close a quotation.
_SINGLE_QUOTE = re.compile(
    r"(?<![^\s(\[{—–:;\-])['‘](?=[^\s\d'‘’])(?:[^\n'‘’]|['’](?=[^\W_])){2,}?(?<=[^\s'‘’])['’](?![^\W_])"
)


def single_quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of single-quoted passages ('We will win,' he said), marks included.

    Only for text without double marks: there single quotes are nested in double ones.  Nor in text
    that writes its double marks as two apostrophes (''Politicking'', the old wire style): those are
    left alone, as the dev gold does.
    """
    if ("'" not in text and "‘" not in text) or "''" in text:
        return []
    return [m.span() for m in _SINGLE_QUOTE.finditer(text)]


def mark_positions(text: str) -> list[int]:
    """Offsets of every double quote mark, ascending.

    One ``str.find`` loop per glyph present: about five times faster than a regex
    character class over a whole article, since most articles use one or two glyphs.
    """
    out: list[int] = []
    for glyph in MARKS:
        i = text.find(glyph)
        while i >= 0:
            out.append(i)
            i = text.find(glyph, i + 1)
    out.sort()
    return out


def _role(text: str, i: int) -> int:
    """+1 when the mark at ``i`` opens, -1 when it closes, 0 when only its glyph could tell."""
    prev = text[i - 1] if i else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if prev == "\n" or i == 0:
        return 1  # a mark opening a paragraph opens, whatever its glyph ("” … what I learned")
    can_open = not nxt.isspace() and (prev.isspace() or prev in _OPEN_AFTER)
    can_close = not prev.isspace() and (nxt.isspace() or not nxt.isalnum())
    if can_open and not can_close:
        return 1
    if can_close and not can_open:
        return -1
    ch = text[i]
    return 1 if ch in _OPEN_GLYPHS else -1 if ch in _CLOSE_GLYPHS else 0


def find_quote_spans(text: str, marks: list[int] | None = None) -> list[tuple[int, int]]:
    """Spans of outermost double-quoted passages, marks included.

    A paragraph (a line) that ends inside a quotation continues it when the next non-blank
    paragraph reopens with a mark (news style); the span then runs to the final closing mark,
    as the dev gold segments do.  An outer quotation that never closes is dropped, but the
    quotations nested inside it are kept (a transcript or a stray mark must not swallow a whole
    article).  Only the marks are visited, never the lines between them.
    """
    if marks is None:
        marks = mark_positions(text)
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    inner_open: list[int] = []
    inner: list[tuple[int, int]] = []
    skip = -1
    line_end = -1  # end of the line holding the previous mark
    turn = _transcript_turn()
    spaces = _SPACES.match
    for pos in marks:
        if pos > line_end:  # first mark of a new paragraph
            if open_at is not None:
                # The quotation goes on only when this mark is the next paragraph's first character.
                gap = spaces(text, line_end, pos)
                # A straight-quoted block whose next paragraph opens with a curly mark (or the reverse)
                # does not go on: that mark starts a new quotation, and the unclosed block is dropped.
                if gap is not None and gap.end() == pos and _role(text, pos) >= 0 \
                        and (text[pos] == '"') == (text[open_at] == '"') and not turn.match(text, pos):
                    skip = pos
                    inner_open = []
                else:
                    spans.extend(inner)
                    open_at, inner_open, inner = None, [], []
            line_end = text.find("\n", pos)
            if line_end < 0:
                line_end = len(text)
            lead = spaces(text, text.rfind("\n", 0, pos) + 1, pos)
            if lead is not None and lead.end() == pos and turn.match(text, pos):
                skip = pos
        if pos == skip:
            continue
        role = _role(text, pos)
        if open_at is None:
            if role >= 0:
                open_at, inner_open, inner = pos, [], []
        elif inner_open:
            if role <= 0:
                inner.append((inner_open.pop(), pos + 1))
            else:
                inner_open.append(pos)
        elif role <= 0:
            spans.append((open_at, pos + 1))
            open_at = None
        else:
            inner_open.append(pos)
    if open_at is not None:
        spans.extend(inner)
    return sorted(spans)


def only_space(text: str, start: int, end: int) -> bool:
    """``not text[start:end].strip()`` without copying the span (it stops at the first other character)."""
    m = _SPACES.match(text, start, end)
    return m is not None and m.end() == end


def ends_with_colon(text: str, start: int, end: int) -> bool:
    """``text[start:end].rstrip().endswith(":")`` without copying the span."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end > start and text[end - 1] == ":"
