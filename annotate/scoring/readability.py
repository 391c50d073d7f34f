"""Readability grades equal to textstat's, computed in one pass with a per-word syllable cache."""
from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

from annotate.scoring.syllables import ensure_cmudict, syllable_table
from annotate.scoring.text import Doc

#: textstat's default locale; every constant, word list and syllable source below is textstat's for it.
LANG = "en_US"
#: Distinct lower-case word types whose syllable counts stay cached: a large news corpus has ~100k
#: types, and an entry costs ~200 bytes, so the cache stays under ~15 MB.
WORD_CACHE_SIZE = 1 << 16
#: Distinct raw whitespace tokens ("Trump's", "(AP)") whose packed counts stay cached before the
#: cache is emptied; raw tokens vary more than lower-case words, so twice the word cache.
TOKEN_CACHE_SIZE = 1 << 17
#: Words longer than this are never kept in the word cache, and the token cache is emptied once its tokens
#: longer than this hold LONG_TOKEN_CHARS characters: a blob (base64, a run-together URL) is one "word" no
#: other article repeats, and a cache bounded by count is not bounded in size. No English word comes close
#: (the longest in CMUdict have 20-odd letters); 10 million characters of blobs are 10 MB at most.
CACHED_WORD_CHARS = 100
LONG_TOKEN_CHARS = 10_000_000
#: textstat's LANG_CONFIGS["en"] values the formulas use (a test pins them to textstat's own): copied, because
#: importing anything of textstat imports NLTK, 0.45 s of a fresh process's first score.
TEXTSTAT_EN = {"fre_base": 206.835, "fre_sentence_length": 1.015, "fre_syll_per_word": 84.6,
               "syllable_threshold": 3.0}

# The text transformations below mirror textstat 0.7.x's backend source
# (transformations/_remove_punctuation.py, counts/_count_sentences.py, _count_letters.py,
# _count_chars.py); the scores must equal textstat's, so these are code, not tunable data.
# textstat.backend.utils.constants.RE_NONCONTRACTION_APOSTROPHE (a test pins the two together).
_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?!" + r"[tsd]|ve|ll|re" + ")")
_PUNCTUATION = re.compile(r"[^\w\s\']")
# Per-token counts are packed into one int, 40 bits per field: no article has 10^12 characters.
_FIELD_BITS = 40
_FIELD_MASK = (1 << _FIELD_BITS) - 1
# textstat's sentences are its regex's fragments ``\b[^.!?]+[.!?]*`` holding >= 3 words.  A fragment
# runs from the first word character of a stretch between runs of . ! ? to that stretch's end, and
# its words are its whitespace pieces with a word character.  So, once ! and ? read as ".", a
# sentence starts wherever a stretch (after a run's last ".", or at the text's start) has three
# pieces with a word character; a lookahead says so without scanning the rest of the stretch.
_THREE_WORD_STRETCH = r"[^.\w]*+\w[^.\s]*+\s[^.\w]*+\w[^.\s]*+\s[^.\w]*+\w"
_SENTENCE_AFTER_STOP = re.compile(r"\.(?=" + _THREE_WORD_STRETCH + ")")
_SENTENCE_AT_START = re.compile(_THREE_WORD_STRETCH)


@dataclass(frozen=True, slots=True)
class Readability:
    """textstat's six classic grades for one text (equal to its public functions' values)."""

    flesch_reading_ease: float
    flesch_kincaid_grade: float
    gunning_fog: float
    smog_index: float
    coleman_liau_index: float
    automated_readability_index: float


def _textstat_file(*parts: str) -> Path:
    """A data file of the installed textstat, found without importing it (its package imports NLTK: 0.45 s)."""
    spec = importlib.util.find_spec("textstat")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the 'textstat' package is not installed; reinstall annotate (pip install -e .)")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


@cache
def _english() -> tuple[Any, frozenset[str], dict[str, float]]:
    """textstat's pyphen object, easy words and constants for :data:`LANG`, loaded once."""
    from pyphen import Pyphen

    with _textstat_file("resources", "en", "easy_words.txt").open(encoding="utf-8") as fh:
        easy = frozenset(line.strip() for line in fh)  # as textstat's get_lang_easy_words reads it
    return Pyphen(lang=LANG), easy, dict(TEXTSTAT_EN)


def word_stats(word: str) -> tuple[int, bool, bool]:
    """Syllables, polysyllabic?, difficult? for one lower-case word, exactly as textstat counts them."""
    return _word_stats(word) if len(word) > CACHED_WORD_CHARS else _cached_word_stats(word)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _cached_word_stats(word: str) -> tuple[int, bool, bool]:
    return _word_stats(word)


def _word_stats(word: str) -> tuple[int, bool, bool]:
    pyphen, easy, constants = _english()
    syllables = syllable_table().get(word)
    if syllables is None:  # not in CMUdict: textstat falls back on pyphen's hyphenation points
        syllables = len(pyphen.positions(word)) + 1
        # pyphen keeps every word it ever hyphenated, with an object per point: word_stats' bounded cache
        # does that job, so pyphen's is emptied (a 200 KB blob of letters stayed there as 12 MB).
        pyphen.hd.cache.clear()
    poly = syllables >= 3
    difficult = word not in easy and syllables >= int(constants["syllable_threshold"])
    return syllables, poly, difficult


def _remove_punctuation(text: str) -> str:
    """textstat's ``remove_punctuation(text, rm_apostrophe=False)``."""
    return _PUNCTUATION.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text))


def _token_counts(token: str) -> int:
    """One whitespace token's counts, packed into one int so a text's totals are one C-level ``sum``.

    Fields, low to high: words (textstat keeps the token once punctuation is removed),
    syllables, polysyllables, difficult words, letters (word characters), characters.
    Removing punctuation never crosses whitespace, so doing it per token equals textstat's
    whole-text pass.
    """
    word = _remove_punctuation(token)
    counts = [0, 0, 0, 0, len(word) - word.count("'"), len(token)]
    if word:
        syllables, poly, difficult = word_stats(word.lower())
        counts[:4] = [1, syllables, int(poly), int(difficult)]
    return sum(count << (i * _FIELD_BITS) for i, count in enumerate(counts))


# A plain dict (cleared when full) rather than lru_cache: one ``itemgetter`` call looks every token
# up in C with no Python-level call per token, and this lookup runs once per token of every text.
_TOKEN_COUNTS: dict[str, int] = {}
_LONG_CHARS = 0  # characters of the tokens over CACHED_WORD_CHARS in _TOKEN_COUNTS


def _sum_counts(tokens: list[str]) -> int:
    cache = _TOKEN_COUNTS
    if len(tokens) < 2:  # itemgetter needs an item, and returns a bare value for one
        return sum(_token_counts(token) for token in tokens)
    lookup = itemgetter(*tokens)
    try:
        return sum(lookup(cache))
    except KeyError:
        global _LONG_CHARS
        if len(cache) > TOKEN_CACHE_SIZE or _LONG_CHARS > LONG_TOKEN_CHARS:
            cache.clear()
            _LONG_CHARS = 0
        for token in tokens:
            if token not in cache:
                cache[token] = _token_counts(token)
                if len(token) > CACHED_WORD_CHARS:
                    _LONG_CHARS += len(token)
        return sum(lookup(cache))


def _unpack(packed: int) -> list[int]:
    return [(packed >> (i * _FIELD_BITS)) & _FIELD_MASK for i in range(6)]


def _count_sentences(text: str) -> int:
    """textstat's ``count_sentences``: fragments of <= 2 words do not count, but at least one does."""
    if not text:
        return 0
    stops = text.replace("!", ".").replace("?", ".")
    found = len(_SENTENCE_AFTER_STOP.findall(stops)) + (_SENTENCE_AT_START.match(stops) is not None)
    return max(1, found)


def score_readability(text: str | Doc) -> Readability:
    """textstat's Flesch, Flesch-Kincaid, Fog, SMOG, Coleman-Liau and ARI for ``text``.

    The values equal ``textstat.<metric>(text)`` under textstat's defaults (en_US, no
    rounding), but every count comes from one split of the text, cached per token.
    """
    raw = text.text if isinstance(text, Doc) else text
    k = _english()[2]
    tokens = raw.split()
    n_words, syllables, polysyllables, difficult, n_letters, n_chars = _unpack(_sum_counts(tokens))
    n_sentences = _count_sentences(raw)
    n_tokens = len(tokens)  # ARI counts punctuation-only tokens as words, as textstat does

    # Same operations in the same order as textstat's backend/metrics, so floats match bit for bit.
    wps = n_words / n_sentences if n_sentences else 0.0
    spw = syllables / n_words if n_words else 0.0
    if wps == 0 or spw == 0:
        fre = fkg = 0.0
    else:
        fre = k["fre_base"] - k["fre_sentence_length"] * wps - k["fre_syll_per_word"] * spw
        fkg = (0.39 * wps) + (11.8 * spw) - 15.59
    fog = 0.4 * (wps + 100 * difficult / n_words) if n_words else 0.0
    smog = (1.043 * (30 * (polysyllables / n_sentences)) ** 0.5) + 3.1291 if n_sentences else 0.0
    letters = (n_letters / n_words if n_words else 0.0) * 100
    sentences = (n_sentences / n_words if n_words else 0.0) * 100
    cli = 0.0 if letters == 0 or sentences == 0 else (0.058 * letters) - (0.296 * sentences) - 15.8
    cpw = n_chars / n_tokens if n_tokens else 0.0
    ari = 0.0 if cpw == 0 or wps == 0 else (4.71 * cpw) + (0.5 * wps) - 21.43
    return Readability(fre, fkg, fog, smog, cli, ari)


if __name__ == "__main__":
    print(ensure_cmudict())
