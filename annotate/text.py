"""Tokenise an article once (words, sentences, lines) so every scorer shares the work."""
from __future__ import annotations

import re
from functools import cache, cached_property
from itertools import accumulate

from .resources import load_lexicon

WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_WORD_SPLIT = re.compile(f"({WORD_RE.pattern})")
# A sentence ends at . ! ? (or an ellipsis), optionally followed by closing quotes
# or brackets, then whitespace.  Abbreviations are filtered out afterwards.
_BOUNDARY = re.compile(r"\n|(?:[.!?]+|…)[\"'”’)\]]*(?=\s)")
_CLOSERS = "\"'”’)]"
_INLINE_SPACE = frozenset(" \t\r\f\v\u00a0")


@cache
def abbreviations() -> frozenset[str]:
    """Abbreviations whose period does not end a sentence (``lexicons/abbreviations.txt``)."""
    return frozenset(load_lexicon("abbreviations"))


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``dot`` closes an abbreviation or an initial."""
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    token = text[start:dot]
    if not token:
        return False
    if token in abbreviations():
        return True
    # Initials such as "J." in "John F. Kennedy" or "U.S" style dotted acronyms.
    return (len(token) == 1 and token.isupper()) or bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token))


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, trimmed of surrounding whitespace.

    Line breaks always end a sentence: in scraped news a line is a paragraph,
    a heading or a widget, never half a sentence.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    # One pass over candidate boundaries (line breaks and sentence-final punctuation).
    for m in _BOUNDARY.finditer(text, start, end):
        ms, me = m.span()
        if text[ms] == "\n":
            spans.append((cursor, ms))
            cursor = me
            continue
        punct = m.group()
        if punct[0] == "." and len(punct.rstrip(_CLOSERS)) == 1 and _is_abbreviation(text, ms):
            continue
        nxt = me
        while nxt < end and text[nxt] in _INLINE_SPACE:
            nxt += 1
        # A lower-case continuation after "..." or "?" inside a quote is not a new sentence.
        if nxt < end and text[nxt].islower():
            continue
        spans.append((cursor, me))
        cursor = me
    spans.append((cursor, end))
    return [_trim(text, s, e) for s, e in spans if not text[s:e].isspace() and s < e]


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


class Doc:
    """An article's text with tokens computed lazily and at most once.

    Scorers accept either a ``str`` or a ``Doc``; :func:`as_doc` turns the first
    into the second so that ``score_text`` tokenises once for all scorers.
    """

    __slots__ = ("__dict__", "text")

    def __init__(self, text: str) -> None:
        if not isinstance(text, str):
            raise TypeError(f"expected the article text as str, got {type(text).__name__}")
        self.text = text

    @cached_property
    def _split(self) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]:
        # One regex pass: splitting on a capturing word pattern yields gap, word, gap, word ...,
        # and running sums of the piece lengths give every word's offsets without match objects.
        parts = _WORD_SPLIT.split(self.text)
        bounds = list(accumulate(map(len, parts)))
        return tuple(parts[1::2]), tuple(bounds[0:-1:2]), tuple(bounds[1::2])

    @cached_property
    def words(self) -> tuple[str, ...]:
        """Every word token, in order (letters and digits, joined by inner apostrophes or hyphens)."""
        return self._split[0]

    @property
    def word_starts(self) -> tuple[int, ...]:
        return self._split[1]

    @property
    def word_ends(self) -> tuple[int, ...]:
        return self._split[2]

    @cached_property
    def word_spans(self) -> tuple[tuple[int, int], ...]:
        """``(start, end)`` of each word in :attr:`words`."""
        return tuple(zip(self._split[1], self._split[2], strict=True))

    @cached_property
    def lower_words(self) -> tuple[str, ...]:
        return tuple(map(str.lower, self.words))

    @cached_property
    def sentences(self) -> tuple[tuple[int, int], ...]:
        """Sentence spans, trimmed; see :func:`split_sentences`."""
        return tuple(split_sentences(self.text))

    @cached_property
    def lines(self) -> tuple[tuple[int, int], ...]:
        """Every line's span without its newline, blank lines included."""
        out = []
        pos = 0
        text = self.text
        while True:
            nl = text.find("\n", pos)
            if nl < 0:
                out.append((pos, len(text)))
                break
            out.append((pos, nl))
            pos = nl + 1
        return tuple(out)


def as_doc(text: str | Doc) -> Doc:
    """Accept either raw text or an already tokenised :class:`Doc`."""
    return text if isinstance(text, Doc) else Doc(text)
