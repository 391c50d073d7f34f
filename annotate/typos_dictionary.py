"""Word lists and spelling suggestions for the typo detector, loaded offline once and cached."""
from __future__ import annotations

import gzip
import json
import math
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from .resources import load_lexicon

# symspellpy ships this word-frequency list (Google Books n-grams intersected with SCOWL; MIT).
SYMSPELL_FILE = "frequency_dictionary_en_82_765.txt"
# pyspellchecker's list (MIT) adds the US spellings the first lacks ("labor", "honored", "centers").
PYSPELL_FILE = "resources/en.json.gz"
# Only words at least this frequent (the 37,589 commonest) are offered as corrections: rarer entries
# are still "known", but they make poor suggestions ("experance" -> "esperance"), and the delete index
# over all 82,765 words takes about 10 s and 130 MB to build instead of about 1.5 s and 70 MB.
SUGGEST_MIN_COUNT = 300_000
MAX_EDIT_DISTANCE = 2
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


@cache
def _symspell_counts() -> dict[str, int]:
    """Word -> count from the frequency list bundled with symspellpy."""
    text = resources.files("symspellpy").joinpath(SYMSPELL_FILE).read_text(encoding="utf-8")
    counts: dict[str, int] = {}
    for line in text.splitlines():
        word, _, count = line.partition(" ")
        counts[word] = int(count)
    return counts


def _pyspell_words() -> set[str]:
    try:
        raw = resources.files("spellchecker").joinpath(PYSPELL_FILE).read_bytes()
    except (ModuleNotFoundError, FileNotFoundError):
        return set()  # optional: without it some US spellings are flagged
    words: dict[str, int] = json.loads(gzip.decompress(raw))
    return set(words)


@cache
def known_words() -> frozenset[str]:
    """Every lowercase word accepted as correctly spelled."""
    extra = {w.lower() for w in load_lexicon("typos_extra_words")}
    return frozenset(_symspell_counts().keys() | _pyspell_words() | extra)


@cache
def prefixes() -> tuple[str, ...]:
    return tuple(p.lower() for p in load_lexicon("typos_prefixes"))


@cache
def count_at_rank(rank: int) -> int:
    """Corpus count of the ``rank``-th commonest dictionary word."""
    counts = sorted(_symspell_counts().values(), reverse=True)
    return counts[min(rank, len(counts)) - 1]


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


@cache
def _speller() -> Any:
    """SymSpell delete index over the frequent words only, built on first use."""
    from symspellpy import SymSpell

    speller = SymSpell(max_dictionary_edit_distance=MAX_EDIT_DISTANCE, prefix_length=7)
    for word, count in _symspell_counts().items():
        if count >= SUGGEST_MIN_COUNT:
            speller.create_dictionary_entry(word, count)
    return speller


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

    found = _speller().lookup(word, Verbosity.ALL, MAX_EDIT_DISTANCE)
    if not found:
        return None
    term = _likeliest(word, [(s.term, s.distance, s.count) for s in found])
    return next((term, s.distance, s.count) for s in found if s.term == term)


def _edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away (Norvig 2007)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {a + b[1:] for a, b in splits if b}
        | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        | {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
        | {a + c + b for a, b in splits for c in _LETTERS}
    )


@lru_cache(maxsize=65536)
def one_edit_from_common(word: str, max_rank: int) -> str | None:
    """The likeliest word among the ``max_rank`` commonest that is one edit from ``word``, if any.

    Cheaper than a SymSpell lookup (about 0.1 ms against 1 ms) for the many unknown names
    that only need this yes-or-no question answered.
    """
    counts, floor = _symspell_counts(), count_at_rank(max_rank)
    found = [(t, 1, counts[t]) for t in _edits1(word) if counts.get(t, 0) >= floor]
    return _likeliest(word, found) if found else None
