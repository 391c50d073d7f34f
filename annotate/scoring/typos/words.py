"""The typo detector's word lists and indexes: built once, then read back from the user cache."""
from __future__ import annotations

import gzip
import importlib.util
import json
from functools import cache
from pathlib import Path
from typing import Any

from annotate.diskcache import cached_table
from annotate.resources import lexicon_paths, load_lexicon

# symspellpy ships this word-frequency list (Google Books n-grams intersected with SCOWL; MIT).
SYMSPELL_FILE = "frequency_dictionary_en_82_765.txt"
# pyspellchecker's list (MIT) adds the US spellings the first lacks ("labor", "honored", "centers").
PYSPELL_FILE = "resources/en.json.gz"
# Only words at least this frequent (the 37,589 commonest) are offered as corrections: rarer entries
# are still "known", but they make poor suggestions ("experance" -> "esperance"), and the delete index
# over all 82,765 words takes about 10 s and 130 MB to build instead of about 1.5 s and 70 MB.
SUGGEST_MIN_COUNT = 300_000
MAX_EDIT_DISTANCE = 2
#: SymSpell's prefix length: the index keys on a word's first seven letters (symspellpy's default).
PREFIX_LENGTH = 7


def _package_file(package: str, name: str) -> Path | None:
    """A data file of an installed package, found without importing it; None when it is not installed."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations)), name)
    return path if path.is_file() else None


def _sources() -> tuple[Path, ...]:
    """What the tables are built from: the two word lists, the extra words and this module's code."""
    lists = [_package_file("symspellpy", SYMSPELL_FILE), _package_file("spellchecker", PYSPELL_FILE)]
    return (*(p for p in lists if p is not None), *lexicon_paths("typos_extra_words"), Path(__file__))


def _read_symspell_counts() -> dict[str, int]:
    path = _package_file("symspellpy", SYMSPELL_FILE)
    if path is None:
        raise RuntimeError("symspellpy's word list is missing; reinstall annotate (pip install -e .)")
    counts: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, count = line.partition(" ")
        counts[word] = int(count)
    return counts


@cache
def symspell_counts() -> dict[str, int]:
    """Word -> count from the frequency list bundled with symspellpy."""
    return cached_table("symspell-counts", _sources(), _read_symspell_counts)


def _pyspell_words() -> set[str]:
    path = _package_file("spellchecker", PYSPELL_FILE)
    if path is None:
        return set()  # optional: without it some US spellings are flagged
    words: dict[str, int] = json.loads(gzip.decompress(path.read_bytes()))
    return set(words)


def _build_known_words() -> frozenset[str]:
    extra = {w.lower() for w in load_lexicon("typos_extra_words")}
    return frozenset(symspell_counts().keys() | _pyspell_words() | extra)


@cache
def known_words() -> frozenset[str]:
    """Every lowercase word accepted as correctly spelled."""
    return cached_table("known-words", _sources(), _build_known_words)


@cache
def prefixes() -> tuple[str, ...]:
    return tuple(p.lower() for p in load_lexicon("typos_prefixes"))


@cache
def count_at_rank(rank: int) -> int:
    """Corpus count of the ``rank``-th commonest dictionary word."""
    counts = sorted(symspell_counts().values(), reverse=True)
    return counts[min(rank, len(counts)) - 1]


def _build_speller() -> Any:
    from symspellpy import SymSpell

    speller = SymSpell(max_dictionary_edit_distance=MAX_EDIT_DISTANCE, prefix_length=PREFIX_LENGTH)
    for word, count in symspell_counts().items():
        if count >= SUGGEST_MIN_COUNT:
            speller.create_dictionary_entry(word, count)
    # The index holds ~265,000 lists, and the garbage collector rescans every list on each full
    # collection, which halved the speed of unrelated code in the same kernel (measured: textstat
    # 620 -> 300 articles/s). Tuples of strings are untracked after one collection; lookups only read.
    deletes = speller._deletes
    for key, words in deletes.items():
        deletes[key] = tuple(words)
    return speller


SpellerTable = tuple[dict[str, tuple[str, ...]], dict[str, int], int]


def _speller_table() -> SpellerTable:
    built = _build_speller()
    return dict(built._deletes), dict(built._words), built._max_length


@cache
def speller() -> Any:
    """SymSpell's delete index over the frequent words, built on first use and kept in the user cache.

    Building it takes 1.5-1.9 s; reading it back about 0.3-0.45 s. The index is kept as plain data
    (marshal, as every cached table; no pickle, which would run code) and set on a new SymSpell as
    symspellpy's own ``load_pickle`` sets it: its delete lists, its words and their longest length.
    The key covers symspellpy's code, so another version of it builds its own index.
    """
    from symspellpy import SymSpell

    sources = (*_sources(), *(p for p in [_package_file("symspellpy", "symspellpy.py")] if p is not None))
    deletes, words, max_length = cached_table("symspell-index", sources, _speller_table)
    loaded = SymSpell(max_dictionary_edit_distance=MAX_EDIT_DISTANCE, prefix_length=PREFIX_LENGTH)
    loaded._deletes, loaded._words, loaded._max_length = deletes, words, max_length
    return loaded


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _build_common_index(max_rank: int) -> dict[str, tuple[str, ...]]:
    counts, floor = symspell_counts(), count_at_rank(max_rank)
    index: dict[str, list[str]] = {}
    for word, count in counts.items():
        if count >= floor:
            for key in _deletes(word) | {word}:
                index.setdefault(key, []).append(word)
    return {key: tuple(words) for key, words in index.items()}


@cache
def common_index(max_rank: int) -> dict[str, tuple[str, ...]]:
    """The ``max_rank`` commonest words, filed under themselves and each one-letter deletion.

    Two words one edit apart share a key (SymSpell's symmetric deletion), so a lookup tries about
    ten keys instead of the ~500 strings one edit from a word (Norvig 2007).
    """
    return cached_table(f"common-index-{max_rank}", _sources(), lambda: _build_common_index(max_rank))
