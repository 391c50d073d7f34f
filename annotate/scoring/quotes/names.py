"""Find the full form of a surname earlier in the article ("Rutte" -> "NATO Secretary General Mark Rutte")."""
from __future__ import annotations

import re
from collections.abc import Sequence

# One capitalised word and the single space after it, as in "NATO Secretary General Mark Rutte".
_CAP_WORD = re.compile(r"[A-Z][\w’'\-.]*\s")


def name_char(ch: str) -> bool:
    """A character that can continue a capitalised word of a name ("O’Neill", "St.", "Jean-Luc")."""
    return ch.isalnum() or ch in "_’'-."


# One to three capitalised words, each followed by one space, ending where the search range ends.
_CAPS_BEFORE = re.compile(r"(?:[A-Z][\w’'\-.]*\s){1,3}\Z")
# A character no run of capitalised words can cross: punctuation, or a space not followed by a capital.
_BREAK = re.compile(r"[^\w’'\-.\s]|\s(?![A-Z])")
#: Characters searched before a surname for its capitalised first names; a longer run (rare) is found
#: by the exact character-by-character walk instead, so this only bounds the fast path.
FULL_NAME_WINDOW = 100


def _full_name_start(text: str, at: int) -> int | None:
    """Leftmost start of one to three capitalised words (each followed by one space) ending at ``at``."""
    lo = max(0, at - FULL_NAME_WINDOW)
    if lo == 0 or _BREAK.search(text, lo, at - 1):
        # The run cannot begin before ``lo``: the regex over the window finds its leftmost start.
        m = _CAPS_BEFORE.search(text, lo, at)
        return m.start() if m else None
    return _walk_back(text, at)


def _walk_back(text: str, at: int) -> int | None:
    """:func:`_full_name_start` without a window, one character at a time."""
    best = None
    for _ in range(3):
        if at == 0 or not text[at - 1].isspace():
            break
        word_end = run = at - 1
        while run > 0 and name_char(text[run - 1]):
            run -= 1
        first = next((i for i in range(run, word_end) if "A" <= text[i] <= "Z"), None)
        if first is None:
            break
        best = first
        if first != run:
            break
        at = run
    return best


def full_name(text: str, surname: str, before: int, starts: Sequence[int] | None = None) -> str | None:
    """The words right before the first "Rutte" that has any ("NATO Secretary General Mark Rutte").

    Same result as searching ``((?:[A-Z][\\w’'\\-.]*\\s){1,3})Rutte\\b`` in ``text[:before]``, but it
    visits only the occurrences of the surname instead of every capital letter of the article.
    ``starts``, when given, lists in order where the runs of letters and digits that follow whitespace and
    equal the surname's first run start: only there can words precede it, and reading those positions
    instead of searching the text spares a pass over the text per surname.
    """
    if starts is None:
        p = text.find(surname, 0, before)
        while p >= 0:
            if (name := _name_before(text, surname, p, before)) is not None:
                return name
            p = text.find(surname, p + 1, before)
        return None
    n = len(surname)
    for p in starts:
        if p + n > before:
            break
        if text.startswith(surname, p) and (name := _name_before(text, surname, p, before)) is not None:
            return name
    # Cut at ``before``, a longer word there ends with the surname ("Ruttex" read up to its "x"): the last
    # place to look, which the run starts do not list.
    last = before - n
    return _name_before(text, surname, last, before) if last > 0 and text.startswith(surname, last) else None


def _name_before(text: str, surname: str, p: int, before: int) -> str | None:
    """The capitalised words before the surname at ``p``, when the surname ends a word there."""
    n = len(surname)
    tail_word = surname[-1].isalnum() or surname[-1] == "_"  # what the regex's closing \b looks at
    after = p + n
    nxt_word = after < before and (text[after].isalnum() or text[after] == "_")
    start = _full_name_start(text, p) if tail_word != nxt_word else None
    if start is None:
        return None
    # The regex is greedy: from its start it takes up to three words when the surname follows.
    ends: list[int] = []
    pos = start
    for _ in range(3):
        m = _CAP_WORD.match(text, pos, before)
        if m is None:
            break
        pos = m.end()
        ends.append(pos)
    for end in reversed(ends):
        after = end + n
        if after <= before and text.startswith(surname, end) and tail_word != (
                after < before and (text[after].isalnum() or text[after] == "_")):
            return text[start:end]
    return None


# The name right after a capitalised title: one to three capitalised words ("Minister Ana Ruiz").
_NAME_AFTER = re.compile(r"[A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+){0,2}")


def name_after(text: str, at: int, end: int | None = None) -> str | None:
    """The one to three capitalised words starting at ``at`` (and ending by ``end``), if any."""
    m = _NAME_AFTER.match(text, at, len(text) if end is None else end)
    return m.group() if m is not None else None


def title_holder(text: str, title: str, before: int) -> str | None:
    """The name after the last capitalised ``title`` before ``before`` ("minister" -> "Ana Ruiz" from
    "Finance Minister Ana Ruiz"), so that "the minister said" names its speaker."""
    cap = title[:1].upper() + title[1:] + " "
    p = text.rfind(cap, 0, before)
    while p >= 0:
        if p == 0 or not name_char(text[p - 1]):
            m = _NAME_AFTER.match(text, p + len(cap), before)
            if m is not None:
                return m.group()
        p = text.rfind(cap, 0, p)
    return None
