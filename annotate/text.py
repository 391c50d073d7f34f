"""Tokenise an article once (words, sentences, lines) so every scorer shares the work."""
from __future__ import annotations

import re
from functools import cache, cached_property

from .resources import load_lexicon

WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# A sentence ends at . ! ? (or an ellipsis), optionally followed by closing quotes
# or brackets, then whitespace.  Abbreviations are filtered out afterwards.
_SENTENCE_END = re.compile(r"(?:[.!?]+|…)[\"'”’)\]]*(?=\s)")
_LINE_RE = re.compile(r"[^\n]*")


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
    for line in _LINE_RE.finditer(text, start, end):
        ls, le = line.span()
        if ls == le:
            continue
        cursor = ls
        for m in _SENTENCE_END.finditer(text, ls, le):
            punct = m.group()
            if punct.startswith(".") and len(punct.rstrip("\"'”’)]")) == 1 and _is_abbreviation(text, m.start()):
                continue
            nxt = m.end()
            while nxt < le and text[nxt].isspace():
                nxt += 1
            # A lower-case continuation after "..." or "?" inside a quote is not a new sentence.
            if nxt < le and text[nxt].islower():
                continue
            spans.append((cursor, m.end()))
            cursor = m.end()
        spans.append((cursor, le))
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


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
    def words(self) -> tuple[str, ...]:
        """Every word token, in order (letters and digits, joined by inner apostrophes or hyphens)."""
        return tuple(WORD_RE.findall(self.text))

    @cached_property
    def word_spans(self) -> tuple[tuple[int, int], ...]:
        """``(start, end)`` of each word in :attr:`words`.

        Found with ``str.find`` from the previous word's end: between two tokens there is
        no letter or digit, so the next occurrence is the token itself.  This is about
        four times cheaper than keeping regex match objects.
        """
        spans = []
        find = self.text.find
        pos = 0
        for word in self.words:
            start = find(word, pos)
            pos = start + len(word)
            spans.append((start, pos))
        return tuple(spans)

    @cached_property
    def lower_words(self) -> tuple[str, ...]:
        return tuple(w.lower() for w in self.words)

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
