"""Word lists, spelling suggestions and context-free word checks for the typo detector, loaded once."""
from __future__ import annotations

import math
import re
from functools import lru_cache

from annotate.resources import load_word_set
from annotate.scoring.typos.words import (
    MAX_EDIT_DISTANCE,
    common_index,
    known_words,
    prefixes,
    speller,
    symspell_counts,
)

# Noisy-channel ranking: score = log10(count) - EDIT_WEIGHT * weighted edit cost, so one plain
# substitution costs as much as three orders of magnitude of frequency (Kernighan, Church & Gale 1990).
EDIT_WEIGHT = 3.0
# Edit costs: a left-out letter (the typo is missing one) and doubling slips are the commonest
# misspellings, then swapped letters, vowel swaps and touching keys; a changed first letter is rare
# (Yannakoudakis & Fawthrop 1983). On dev: suggestion accuracy 0.80, against 0.72 for SymSpell's own
# order (fewest edits, then most frequent).
COST_OMIT, COST_OMIT_DOUBLE = 0.7, 0.5
COST_EXTRA, COST_EXTRA_DOUBLE = 0.9, 0.5
COST_SUBSTITUTE, COST_SUBSTITUTE_NEAR, COST_FIRST_LETTER = 1.0, 0.8, 1.5
COST_TRANSPOSE = 0.7
# Regular derivations accepted without a dictionary entry: prefix + known word of at least this length.
PREFIXED_MIN_LENGTH = 5

# Lowercase words this short are abbreviations and unit fragments ("nfl", "mph") far more often
# than typos, so they are only flagged as a usual slip of one of the SHORT_MAX_RANK commonest words
# (see short_slip): "teh", "adn", "tht", "whn".
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
# Opening a sentence, words of CAPITAL_LONG_LENGTH letters or more may be one edit from any of the CAPITAL_LONG_MAX_RANK
# commonest words ("Hostilitues", "Demlcrats"): unknown names that long and one usual slip from a word
# are rare. Chosen on dev half A (injected sentence-initial slips, see benchmarks/inject_typos.py).
CAPITAL_LONG_LENGTH = 9
CAPITAL_LONG_MAX_RANK = 30_000
# ...and only when that edit is a usual slip (weighted cost, see edit_cost): a left-out, doubled,
# extra or swapped letter, a vowel swap or a touching key ("Accordint": t for g). Names that merely
# resemble a word differ by other substitutions ("Georgiy" -> "Georgia", "Dunham" -> "Durham": 1.0).
CAPITAL_MAX_COST = 0.9

# A capitalised word opening a sentence is a typo when one usual slip (cost as above, the first two letters
# may be swapped: "Hte") turns it into a word of lexicons/typos_openers.txt; three-letter ones only by a
# swap or a left-out letter ("Teh", "Ths"), since three-letter names one changed letter from "the" or
# "and" exist ("Tye", "Abd").
OPENER_SHORT_LENGTH = 3

_APOSTROPHES = re.compile(r"['’]")
_VOWELS = frozenset("aeiou")
_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbour_keys() -> frozenset[tuple[str, str]]:
    """Pairs of letters on touching QWERTY keys (rows are staggered half a key to the right)."""
    pairs: set[tuple[str, str]] = set()
    for r, row in enumerate(_KEY_ROWS):
        for i, key in enumerate(row):
            near = [row[i - 1] if i else "", row[i + 1] if i + 1 < len(row) else ""]
            if r:
                near += [_KEY_ROWS[r - 1][i], _KEY_ROWS[r - 1][i + 1]]
            if r + 1 < len(_KEY_ROWS):
                below = _KEY_ROWS[r + 1]
                near += [below[j] for j in (i - 1, i) if 0 <= j < len(below)]
            pairs.update((key, n) for n in near if n)
    return frozenset(pairs)


# Vowel swaps are misspellings, touching keys are typing slips: both cheaper than other substitutions.
_NEAR = _neighbour_keys() | {(a, b) for a in _VOWELS for b in _VOWELS}
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@lru_cache(maxsize=65536)
def derived(word: str) -> bool:
    """True for a regular plural or a prefixed form of a known word ("militaries", "unendorse")."""
    known = known_words()
    if word.endswith("ies") and word[:-3] + "y" in known:
        return True
    if word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")) and word[:-2] in known:
        return True
    if word.endswith("s") and not word.endswith("ss") and len(word) > 4 and word[:-1] in known:
        return True
    return any(
        word.startswith(p) and len(word) - len(p) >= PREFIXED_MIN_LENGTH and word[len(p) :] in known
        for p in prefixes()
    )


def warm() -> None:
    """Build (or read from the user cache) every word table now, not at the first unknown word of some article."""
    known_words()
    for rank in (SHORT_CAPITAL_MAX_RANK, CAPITAL_MAX_RANK, CAPITAL_LONG_MAX_RANK):  # one-edit indexes
        common_index(rank)
    speller()


@lru_cache(maxsize=65536)
def edit_cost(typo: str, word: str) -> float:
    """Weighted optimal-string-alignment distance from ``typo`` to the intended ``word``."""
    n, m = len(typo), len(word)
    d = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        d[i][0] = d[i - 1][0] + COST_EXTRA
    for j in range(1, m + 1):
        d[0][j] = d[0][j - 1] + COST_OMIT
    for i in range(1, n + 1):
        a = typo[i - 1]
        for j in range(1, m + 1):
            b = word[j - 1]
            if a == b:
                d[i][j] = d[i - 1][j - 1]
                continue
            if i == 1 and j == 1:
                sub = COST_FIRST_LETTER
            else:
                sub = COST_SUBSTITUTE_NEAR if (a, b) in _NEAR else COST_SUBSTITUTE
            omit = COST_OMIT_DOUBLE if j > 1 and word[j - 2] == b else COST_OMIT
            extra = COST_EXTRA_DOUBLE if i > 1 and typo[i - 2] == a else COST_EXTRA
            best = min(d[i - 1][j - 1] + sub, d[i][j - 1] + omit, d[i - 1][j] + extra)
            if i > 1 and j > 1 and a == word[j - 2] and typo[i - 2] == b:
                best = min(best, d[i - 2][j - 2] + COST_TRANSPOSE)
            d[i][j] = best
    return d[n][m]


def _likeliest(typo: str, candidates: list[tuple[str, int, int]]) -> str:
    """The candidate (term, edit distance, count) with the best noisy-channel score.

    Each edit costs at least COST_OMIT_DOUBLE, so candidates are tried from the best bound down
    and the weighted distance is only computed while a candidate could still win.
    """
    def bound(c: tuple[str, int, int]) -> float:
        return math.log10(c[2]) - EDIT_WEIGHT * COST_OMIT_DOUBLE * c[1]

    best_term, best_score = "", -math.inf
    for term, distance, count in sorted(candidates, key=bound, reverse=True):
        if bound((term, distance, count)) <= best_score:
            break
        score = math.log10(count) - EDIT_WEIGHT * edit_cost(typo, term)
        if score > best_score:
            best_term, best_score = term, score
    return best_term


@lru_cache(maxsize=65536)
def suggest(word: str) -> tuple[str, int, int] | None:
    """Best correction of a lowercase word as (term, edit distance, count), or None within 2 edits."""
    from symspellpy import Verbosity

    found = speller().lookup(word, Verbosity.ALL, MAX_EDIT_DISTANCE)
    if not found:
        return None
    term = _likeliest(word, [(s.term, s.distance, s.count) for s in found])
    return next((term, s.distance, s.count) for s in found if s.term == term)


def _one_edit(word: str, term: str) -> bool:
    """True when ``term`` is ``word`` with one letter dropped, swapped, changed or added (a-z)."""
    n, m = len(word), len(term)
    i = 0
    while i < min(n, m) and word[i] == term[i]:
        i += 1
    if n == m:  # changed, or swapped with the next letter
        if i == n or (term[i] in _LETTERS and word[i + 1 :] == term[i + 1 :]):
            return True
        return i + 1 < n and word[i] == term[i + 1] and word[i + 1] == term[i] and word[i + 2 :] == term[i + 2 :]
    if m == n + 1:  # added
        return term[i] in _LETTERS and word[i:] == term[i + 1 :]
    return m == n - 1 and word[i + 1 :] == term[i:]  # dropped


@lru_cache(maxsize=65536)
def one_edit_from_common(word: str, max_rank: int) -> str | None:
    """The likeliest word among the ``max_rank`` commonest that is one edit from ``word``, if any.

    Cheaper than a SymSpell lookup for the many unknown names that only need this yes-or-no question.
    """
    found = _one_edit_candidates(word, max_rank)
    return _likeliest(word, found) if found else None


def _one_edit_candidates(word: str, max_rank: int) -> list[tuple[str, int, int]]:
    """(term, 1, count) for each of the ``max_rank`` commonest words one edit from ``word``, by term."""
    counts, index = symspell_counts(), common_index(max_rank)
    terms = {t for key in {word[:i] + word[i + 1:] for i in range(len(word))} | {word} for t in index.get(key, ())}
    return [(t, 1, counts[t]) for t in sorted(terms) if _one_edit(word, t)]


@lru_cache(maxsize=65536)
def short_slip(word: str) -> str | None:
    """Correction of a three-letter lowercase word: one usual slip from a top word ("teh", "tht", "byt").

    The usual slips are two letters swapped, a left-out letter or a touching key, from one of the
    SHORT_MAX_RANK commonest words and within CAPITAL_MAX_COST. A changed first letter costs more
    than that, so "nfl" or "mph" stay unflagged; so does an extra letter on a two-letter word.
    """
    found = [c for c in _one_edit_candidates(word, SHORT_MAX_RANK)
             if len(c[0]) >= len(word) and edit_cost(word, c[0]) <= CAPITAL_MAX_COST]
    return _likeliest(word, found) if found else None


@lru_cache(maxsize=65536)
def opener_slip(lw: str) -> str | None:
    """The sentence-opening word (lexicons/typos_openers.txt) one usual slip from ``lw``, if any."""
    counts = symspell_counts()
    found = [
        (term, 1, counts.get(term, 1)) for term in sorted(load_word_set("typos_openers"))
        if _one_edit(lw, term) and edit_cost(lw, term) <= CAPITAL_MAX_COST
        and (len(lw) > OPENER_SHORT_LENGTH or len(term) != len(lw) or sorted(term) == sorted(lw))
    ]
    return _likeliest(lw, found) if found else None


@lru_cache(maxsize=65536)
def capital_term(lw: str, initial: bool = True) -> str | None:
    """The common word a capitalised unknown word is one edit from, if any (see CAPITAL_MAX_RANK).

    Only a sentence's first word gets the longer list: mid-sentence, long capitalised words are
    parts of names as often ("Janssen Pharmaceutica").
    """
    term = one_edit_from_common(lw, capital_rank(lw))
    if term is None and initial and len(lw) >= CAPITAL_LONG_LENGTH:
        term = one_edit_from_common(lw, CAPITAL_LONG_MAX_RANK)
    return term


def capital_rank(lw: str) -> int:
    """How common a word must be to be offered for a capitalised unknown word of this length."""
    return SHORT_CAPITAL_MAX_RANK if len(lw) <= SHORT_CAPITAL_LENGTH else CAPITAL_MAX_RANK


@lru_cache(maxsize=65536)
def flaggable(piece: str) -> bool:
    """Whether the typo detector could correct ``piece`` in some context: its context-free gates only."""
    if piece[0].isupper():
        lw = piece.lower()
        if opener_slip(lw) is not None:
            return True
        term = capital_term(lw)
        return (
            term is not None
            and term[0] == lw[0]
            and edit_cost(lw, term) <= CAPITAL_MAX_COST
            and (len(lw) >= MIN_LENGTH or sorted(term) == sorted(lw))
        )
    if len(piece) < MIN_LENGTH:
        return short_slip(piece) is not None
    return suggest(piece) is not None


def _possible(piece: str, first: bool) -> bool:
    """Whether a piece could be misspelled at all, whatever its context."""
    if len(piece) < 3 or not piece.isascii() or not piece.isalpha() or (piece[0].isupper() and not first):
        return False  # short bits, foreign letters, digits; a capitalised tail ("Kremlin-Backed")
    lw = piece.lower()
    if lw in known_words() or derived(lw):
        return False
    return not any(ch.isupper() for ch in piece[1:])  # acronyms, ALL CAPS, mixed case ("xCloud")


@lru_cache(maxsize=65536)
def pieces(word: str) -> tuple[tuple[int, str], ...]:
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
