"""Non-word typos: words no bundled English word list knows, with rules that spare names and jargon."""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import cache, lru_cache
from itertools import compress

from .findings import Finding
from .resources import load_lexicon
from .text import Doc, abbreviations
from .typos_dictionary import (
    count_at_rank,
    derived,
    edit_cost,
    known_words,
    one_edit_from_common,
    prefixes,
    suggest,
)

# Lowercase words this short are abbreviations and unit fragments ("nfl", "ist") far more often
# than typos, so they are only flagged when swapping two letters gives a top word ("teh", "adn").
MIN_LENGTH = 4
SHORT_MAX_RANK = 200
# A capitalised word at a sentence start is a typo only when one edit (same first letter) turns it
# into one of the 5,000 commonest words ("Accordint" -> "according", rank ~1,000); surnames sit
# further from common words (on dev, the rank limit keeps "Dunham" -> "Durham", rank ~5,100, and
# "Osama" -> "Osaka" out). Words of up to four letters need a top-200 word ("Ther" -> "the"), as
# short names ("Saed", "Fram") are one edit from many words; three-letter ones also need a swap.
CAPITAL_MAX_RANK = 5_000
SHORT_CAPITAL_LENGTH = 4
SHORT_CAPITAL_MAX_RANK = 200
# ...and only when that edit is a usual slip (weighted cost, see typos_dictionary): a left-out, doubled,
# extra or swapped letter, a vowel swap or a touching key ("Accordint": t for g). Names that merely
# resemble a word differ by other substitutions ("Georgiy" -> "Georgia", "Dunham" -> "Durham": 1.0).
CAPITAL_MAX_COST = 0.9
# Mid-sentence a capitalised unknown word is a name unless it is at least this long and one left-out
# letter from one of the CAPITAL_MAX_RANK commonest words ("Comittee", "Febuary"): leaving a letter out
# is the commonest slip, while names one letter short of a common word are rare (and "Cristian Garin"
# is spared as a first name before a surname).
MID_SENTENCE_MIN_LENGTH = 7
# A lowercase unknown word used this often in one article is deliberate (jargon, a site's name).
REPEATED_WORD = 3
# An article where at least this share of the words (and this many) is unknown, lowercase and prose
# (not URL or citation debris) is in another language, and so is a line past the LINE_ values: nothing
# in it is flagged. Measured on the dev sets: English articles, typos included, stay under 2 %; the
# Portuguese, Indonesian, Italian, German and Russian pages of the boilerplate set are at 9 % and more.
DOC_FOREIGN_SHARE = 0.05
DOC_FOREIGN_MIN_UNKNOWN = 10
LINE_FOREIGN_SHARE = 0.3
LINE_FOREIGN_MIN_UNKNOWN = 3

_APOSTROPHES = re.compile(r"['’]")
# A whitespace-delimited chunk like these is a URL, address, handle, hashtag, domain, file path,
# markup or mojibake, not prose.
_NON_PROSE_RE = re.compile(
    r"://|www\.|@|^[(\[\"'“‘]*#|[^\W_]\.[^\W\d_]{2,}|[^\W_]/[^\W_]"
    r"|[_={}<>&\\]|[ÃÂâ\ufffd\u0300-\u036f]"
)
# A contraction split by a space or a stray quote: "isn ‘t".
_CONTRACTION_RE = re.compile(r"\s?['’‘](?:t|s|re|ve|ll|d|m)\b")
_PREVIOUS_WORD_RE = re.compile(r"([^\W\d_]+)\.?[\s\"'“‘(]*$")
_NEXT_WORD_RE = re.compile(r"[ \t\"'“‘(]+([^\W\d_]+)")
_LOWER_WORD_RE = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")
# What may stand between a sentence boundary and its first word.
_OPENERS = frozenset(" \t\"'“‘([*•·–—-#>")


@cache
def _titles() -> frozenset[str]:
    return frozenset(w.lower() for w in load_lexicon("typos_name_titles"))


@cache
def _speech_verbs() -> frozenset[str]:
    return frozenset(w.lower() for w in load_lexicon("typos_speech_verbs"))


def _matches_case(original: str, term: str) -> str:
    return term[:1].upper() + term[1:] if original[:1].isupper() else term


def _swapped(typo: str, best: tuple[str, int, int]) -> bool:
    """True when the correction is a top word with the same letters as ``typo`` ("teh" -> "the")."""
    return sorted(typo) == sorted(best[0]) and best[2] >= count_at_rank(SHORT_MAX_RANK)


def _sentence_initial(text: str, pos: int) -> bool:
    """True when ``pos`` starts a line or follows . ! ? that does not close an abbreviation."""
    i = pos - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    if i < 0 or text[i] in "\n!?…":
        return True
    if text[i] != ".":
        return False
    prev = _PREVIOUS_WORD_RE.search(text, max(0, i - 20), i + 1)
    if prev is None:
        return True
    word = prev.group(1)
    return not (word in abbreviations() or (len(word) == 1 and word.isupper()))


def _after_title(text: str, pos: int) -> bool:
    prev = _PREVIOUS_WORD_RE.search(text, max(0, pos - 30), pos)
    return prev is not None and prev.group(1).lower() in _titles()


class _Context:
    """Per-article facts the rules need, computed only when an unknown word asks for them."""

    def __init__(self, doc: Doc, skip: Sequence[tuple[int, int]]) -> None:
        self.text = doc.text
        self.lower_words = doc.lower_words
        self.skip = skip
        self.skip_starts = [s for s, _ in skip]
        self._foreign: dict[int, bool] = {}

    def skipped(self, s: int, e: int) -> bool:
        i = bisect.bisect_right(self.skip_starts, s) - 1
        if i >= 0 and self.skip[i][1] > s:
            return True
        return i + 1 < len(self.skip) and self.skip[i + 1][0] < e

    def non_prose(self, s: int, e: int) -> bool:
        """True inside a URL, address, handle, path, markup, mojibake or a split contraction."""
        text = self.text
        a = s
        while a > 0 and not text[a - 1].isspace():
            a -= 1
        b = e
        while b < len(text) and not text[b].isspace():
            b += 1
        return _NON_PROSE_RE.search(text[a:b]) is not None or _CONTRACTION_RE.match(text, e) is not None

    def foreign(self, pos: int) -> bool:
        """True when the prose of the line holding ``pos`` is mostly lowercase words no list knows."""
        start = self.text.rfind("\n", 0, pos) + 1
        if start not in self._foreign:
            end = self.text.find("\n", pos)
            line = self.text[start : len(self.text) if end < 0 else end]
            known = known_words()
            foreign = sum(w not in known for w in _LOWER_WORD_RE.findall(line)) >= LINE_FOREIGN_MIN_UNKNOWN
            if foreign:  # recount without URLs and the like, which only a line with 3+ unknowns can hide
                chunks = [c for c in line.split() if not _NON_PROSE_RE.search(c)]
                lower = [w for c in chunks for w in _LOWER_WORD_RE.findall(c)]
                unknown = sum(w not in known for w in lower)
                foreign = unknown >= max(LINE_FOREIGN_MIN_UNKNOWN, LINE_FOREIGN_SHARE * len(lower))
            self._foreign[start] = foreign
        return self._foreign[start]


def _check_capitalised(word: str, s: int, ctx: _Context) -> str | None:
    """Correction of a capitalised unknown word: a name unless every gate says typo."""
    text = ctx.text
    initial = _sentence_initial(text, s)
    if not initial and len(word) < MID_SENTENCE_MIN_LENGTH:
        return None  # capitalised mid-sentence: a proper name
    lw = word.lower()
    rank = SHORT_CAPITAL_MAX_RANK if len(word) <= SHORT_CAPITAL_LENGTH else CAPITAL_MAX_RANK
    term = one_edit_from_common(lw, rank)
    if term is None or term[0] != lw[0] or edit_cost(lw, term) > CAPITAL_MAX_COST:
        return None  # far from any common word, or only by an unusual edit: a name ("Georgiy")
    if not initial and len(term) != len(word) + 1:
        return None  # mid-sentence only a left-out letter counts
    if len(word) < MIN_LENGTH and sorted(term) != sorted(lw):
        return None  # three letters: only a swap ("Teh")
    nxt = _NEXT_WORD_RE.match(text, s + len(word))
    if (initial and nxt is None) or (nxt is not None and nxt.group(1)[0].isupper()):
        return None  # a label on its own, or a first name before a surname ("Keron Blair")
    if initial and nxt is not None and nxt.group(1) in _speech_verbs():
        return None  # a speaker opening the sentence: "Husted said"
    if _after_title(text, s) or len(re.findall(rf"(?<![^\W_]){word}(?![^\W_])", text)) > 1:
        return None  # "Minister Umerov"; and names recur in an article, typos rarely do
    return _matches_case(word, term)


def _check(word: str, s: int, ctx: _Context) -> str | None:
    """The suggested correction of a piece :func:`_pieces` let through, or None if it passes."""
    if word[0].isupper():
        return _check_capitalised(word, s, ctx)
    if ctx.lower_words.count(word) >= REPEATED_WORD:
        return None  # deliberate: jargon or a site's name
    best = suggest(word)
    if best is None or (len(word) < MIN_LENGTH and not _swapped(word, best)):
        return None
    return best[0]


def _possible(piece: str, first: bool) -> bool:
    """Whether a piece could be misspelled at all, whatever its context."""
    if len(piece) < 3 or not piece.isascii() or not piece.isalpha() or (piece[0].isupper() and not first):
        return False  # short bits, foreign letters, digits; a capitalised tail ("Kremlin-Backed")
    lw = piece.lower()
    if lw in known_words() or derived(lw):
        return False
    return not any(ch.isupper() for ch in piece[1:])  # acronyms, ALL CAPS, mixed case ("xCloud")


@lru_cache(maxsize=65536)
def _pieces(word: str) -> tuple[tuple[int, str], ...]:
    """(offset, piece) of a token's parts that could be misspelled; () when none can be."""
    if "'" in word or "’" in word:
        parts = _APOSTROPHES.split(word)
        if len(parts) != 2 or parts[1].lower() != "s" or parts[0][:1].isupper():
            return ()  # contractions, O'Brien-style names and possessives of names
        word = parts[0]
    parts = word.split("-")
    if len(parts) > 1 and parts[0][:1].isupper() and parts[0].lower() not in known_words():
        return ()  # "Geun-hye", "Al-Sisi": hyphenated names
    out: list[tuple[int, str]] = []
    offset = 0
    for part in parts:
        # "neo-banks", "pre-election": a prefix before a hyphen is not a word of its own.
        if part.lower() not in prefixes() and _possible(part, offset == 0):
            out.append((offset, part))
        offset += len(part) + 1
    return tuple(out)


def detect_typos(doc: Doc, skip: Sequence[tuple[int, int]] = ()) -> list[Finding]:
    """Non-word misspellings in ``doc``; ``detail`` is the suggested correction.

    Nothing is reported inside the ``skip`` spans (sorted; e.g. citation tokens and markup).
    """
    lower = doc.lower_words
    unknown = set(lower).difference(known_words())
    if not unknown:
        return []
    hits = list(compress(range(len(lower)), map(unknown.__contains__, lower)))
    words, spans = doc.words, doc.word_spans
    ctx = _Context(doc, skip)
    limit = max(DOC_FOREIGN_MIN_UNKNOWN, DOC_FOREIGN_SHARE * len(lower))
    lowercase = [spans[i] for i in hits if words[i].isalpha() and words[i].islower()]
    if len(lowercase) >= limit:
        prose = sum(not (ctx.skipped(s, e) or ctx.non_prose(s, e)) for s, e in lowercase)
        if prose >= limit:
            return []  # an article in another language
    findings: list[Finding] = []
    for i in hits:
        pieces = _pieces(words[i])
        if not pieces:
            continue
        s, e = spans[i]
        if skip and ctx.skipped(s, e):
            continue
        for offset, piece in pieces:
            fix = _check(piece, s + offset, ctx)
            # Context checks come last: they cost more than the word checks that rule most tokens out.
            if fix is not None and not ctx.non_prose(s, e) and not ctx.foreign(s):
                findings.append(Finding.at(doc.text, "typo", s + offset, s + offset + len(piece), fix))
    return findings
