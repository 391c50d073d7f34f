"""Tokenise an article once (words, sentences, lines) so every scorer shares the work."""
from __future__ import annotations

import re
from functools import cache, cached_property
from itertools import accumulate

from annotate.resources import load_lexicon

WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# WORD_RE for splitting: possessive, as nothing follows that could make the engine back off (same matches).
_WORD_SPLIT = re.compile(r"([^\W_]++(?:['’\-][^\W_]++)*+)")
# The same on a text whose only letters and digits are ASCII (most news: its other characters are curly
# quotes and dashes), where an ASCII class equals [^\W_] and the engine tests it ~30% faster.
_ASCII_WORD_SPLIT = re.compile(r"([A-Za-z0-9]++(?:['’\-][A-Za-z0-9]++)*+)")
_ALNUM = re.compile(r"[^\W_]")
#: Printable ASCII, tab, line feed and carriage return: the characters :attr:`Doc.rare` leaves out.
PLAIN_CHARS = "\t\n\r" + "".join(map(chr, range(32, 127)))
_PLAIN_BYTES = PLAIN_CHARS.encode()
# A sentence ends at . ! ? (or an ellipsis), optionally followed by closing quotes or brackets,
# then whitespace; a line break always ends one.  Every branch starts with a literal, so the
# regex engine skips ahead to the next candidate character instead of trying each position.
# A run followed by a lower-case ASCII letter continues the sentence ("... and then", "?" inside a
# quote), so the regex rules it out; other lower-case letters and abbreviations are checked in Python.
# The group takes the whitespace after the boundary, so the next sentence starts trimmed.
# A run of . ! ? is tried from its first mark only (_FIRST, a lookbehind put after the literal so that
# the engine still seeks the literal fast): from a later mark the run ends at the same place and fails
# or matches alike, and trying every mark of a run of n took n^2/2 steps (issue 14).
_FIRST = "(?<![.!?].)"
_CLOSE = "[\"'”’)\\]]*+(?=\\s)(?![ \\t\\r\\f\\v\\u00a0]*+[a-z])"
_BOUNDARY = re.compile(
    rf"(?:\n|\.{_FIRST}[.!?]*+{_CLOSE}|!{_FIRST}[.!?]*+{_CLOSE}|\?{_FIRST}[.!?]*+{_CLOSE}|…{_CLOSE})(\s*)"
)
_LEADING_SPACE = re.compile(r"\s*")
_RUN = frozenset(".!?")
_INLINE_SPACE = " \t\r\f\v\u00a0"


@cache
def abbreviations() -> frozenset[str]:
    """Abbreviations whose period does not end a sentence (``lexicons/abbreviations.txt``)."""
    return frozenset(load_lexicon("abbreviations"))


@cache
def _abbreviation_ends() -> tuple[frozenset[str], frozenset[str]]:
    """One-letter abbreviations, and the last two letters of longer ones: a cheap first test."""
    short = abbreviations()
    return frozenset(a for a in short if len(a) == 1), frozenset(a[-2:] for a in short if len(a) > 1)


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


def rare_chars(text: str) -> str | None:
    """The characters of ``text`` outside :data:`PLAIN_CHARS`, in order; None when it holds a lone surrogate.

    Its UTF-8 bytes without the plain ones are those characters, whole (UTF-8 never puts an ASCII byte
    inside a character): a few dozen curly quotes and dashes in most news, found in C in a few
    microseconds, so a search for rare characters need not scan the whole text.
    """
    try:
        return text.encode().translate(None, _PLAIN_BYTES).decode()
    except UnicodeEncodeError:  # a lone surrogate cannot be encoded: callers scan the text instead
        return None


def word_splitter(rare: str | None) -> re.Pattern[str]:
    """The capturing word pattern to split a text with rare characters ``rare`` (see :func:`rare_chars`).

    Where those hold no letter or digit, every letter and digit is ASCII and the ASCII pattern finds the
    same words; its ``findall`` gives the words alone.
    """
    return _ASCII_WORD_SPLIT if rare is not None and _ALNUM.search(rare) is None else _WORD_SPLIT


def _trimmed_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, trimmed of surrounding whitespace.

    Line breaks always end a sentence: in scraped news a line is a paragraph,
    a heading or a widget, never half a sentence.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    append = spans.append
    # Every sentence starts where a boundary's trailing whitespace ends, so only the first
    # needs its leading whitespace skipped; only those ending at a line break or at ``end``
    # can carry trailing whitespace.
    leading = _LEADING_SPACE.match(text, start, end) if start < end else None
    if leading is None:
        return spans
    cursor = leading.end()
    one_letter, last_two = _abbreviation_ends()
    for m in _BOUNDARY.finditer(text, cursor, end):
        (ms, me), (stop, _) = m.regs
        mark = text[ms]
        if mark == "\n":
            e = _trimmed_end(text, cursor, ms) if text[ms - 1].isspace() else ms
            if e > cursor:
                append((cursor, e))
            cursor = me
            continue
        # A lone period may close an abbreviation.  The full test only runs when the word before
        # it ends like a listed abbreviation, is a capital initial or follows a dot.
        last = text[ms - 1] if ms else " "
        if mark == "." and (last.isalpha() or last == ".") and text[ms + 1] not in _RUN and (
            last in one_letter or last.isupper() or text[ms - 2 : ms] in last_two
            or (ms > 1 and text[ms - 2] == ".")
        ) and _is_abbreviation(text, ms):
            # Not a sentence end, but a line break in the whitespace after it still is one.
            newline = text.find("\n", stop, me)
            if newline >= 0:
                append((cursor, _trimmed_end(text, cursor, newline)))
                cursor = me
            continue
        # A lower-case continuation after "..." or "?" inside a quote is not a new sentence
        # (the regex already ruled out ASCII letters after spaces and tabs).
        if me < end and text[me].islower() and not text[stop:me].strip(_INLINE_SPACE):
            continue
        append((cursor, stop))
        cursor = me
    e = _trimmed_end(text, cursor, end)
    if e > cursor:
        append((cursor, e))
    return spans


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
        parts = word_splitter(self.rare).split(self.text)
        bounds = list(accumulate(map(len, parts)))
        return tuple(parts[1::2]), tuple(bounds[0:-1:2]), tuple(bounds[1::2])

    @cached_property
    def rare(self) -> str | None:
        """The text's characters other than printable ASCII, tab, LF and CR; see :func:`rare_chars`."""
        return rare_chars(self.text)

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
