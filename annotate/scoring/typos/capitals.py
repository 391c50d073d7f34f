"""Capitalised words: names are spared, slips of common words and of sentence-opening words are not."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from annotate.resources import load_word_set
from annotate.scoring.text import abbreviations
from annotate.scoring.typos.dictionary import CAPITAL_MAX_COST, MIN_LENGTH, capital_term, edit_cost, opener_slip

# Mid-sentence a capitalised unknown word is a name unless it is at least this long and one left-out
# letter from one of the CAPITAL_MAX_RANK commonest words ("Comittee", "Febuary"): leaving a letter out
# is the commonest slip, while names one letter short of a common word are rare (and "Cristian Garin"
# is spared as a first name before a surname).
MID_SENTENCE_MIN_LENGTH = 7
# A sentence-initial slip of a function word followed by a comma is a typo from this length ("Howver,");
# shorter ones are first names as often ("Evan, 32, said").
OPENER_COMMA_MIN_LENGTH = 5

_PREVIOUS_WORD_RE = re.compile(r"([^\W\d_]+)\.?[\s\"'“‘(]*$")
_NEXT_WORD_RE = re.compile(r"[ \t\"'“‘(]+([^\W\d_]+)")
# What may stand between a sentence boundary and its first word.
_OPENERS = frozenset(" \t\"'“‘([*•·–—-#>")


def _matches_case(original: str, term: str) -> str:
    return term[:1].upper() + term[1:] if original[:1].isupper() else term


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
    return prev is not None and prev.group(1).lower() in load_word_set("typos_name_titles")


def check_capitalised(word: str, s: int, text: str, repeated: Callable[[str], bool]) -> str | None:
    """Correction of a capitalised unknown word: a name unless every gate says typo.

    ``repeated(word)`` says whether the word recurs in ``text`` as a name does: more than once, and once
    where a name stands (see :func:`run_counts` and :func:`named_somewhere`).
    """
    initial = _sentence_initial(text, s)
    if not initial and len(word) < MID_SENTENCE_MIN_LENGTH:
        return None  # capitalised mid-sentence: a proper name
    lw = word.lower()
    if initial and (fix := _opener_fix(word, s, text, repeated)) is not None:
        return fix
    term = capital_term(lw, initial)
    if term is None or term[0] != lw[0] or edit_cost(lw, term) > CAPITAL_MAX_COST:
        return None  # far from any common word, or only by an unusual edit: a name ("Georgiy")
    if not initial and len(term) != len(word) + 1:
        return None  # mid-sentence only a left-out letter counts
    if len(word) < MIN_LENGTH and sorted(term) != sorted(lw):
        return None  # three letters: only a swap ("Teh")
    nxt = _NEXT_WORD_RE.match(text, s + len(word))
    if initial and nxt is None and not (text.startswith(",", s + len(word)) and term.endswith("ly")):
        return None  # a label on its own; but "Finaly, ..." opens a sentence with an adverb
    if nxt is not None and nxt.group(1)[0].isupper() and term not in load_word_set("typos_name_titles"):
        return None  # a first name before a surname ("Keron Blair"); but "Presidnet Obama" is a title
    if initial and nxt is not None and nxt.group(1) in load_word_set("typos_speech_verbs"):
        return None  # a speaker opening the sentence: "Husted said"
    if _after_title(text, s) or repeated(word):
        return None  # "Minister Umerov"; and names recur in an article, typos rarely do
    return _matches_case(word, term)


def _opener_fix(word: str, s: int, text: str, repeated: Callable[[str], bool]) -> str | None:
    """Correction of a sentence-initial word one slip from a function word ("Becuase", "Hte", "Tehy").

    A long word or a swap of two letters is no name ("Becuase Trump won", "Tehy said"). Otherwise the
    name gates hold: not before another capitalised word or a speech verb ("Manu Fernandez", "Evan
    said"), and before a comma only when the word is long enough to be no first name ("Howver, ...").
    """
    lw = word.lower()
    term = opener_slip(lw)
    if term is None or repeated(word):
        return None
    if len(word) >= MIN_LENGTH and (len(word) >= MID_SENTENCE_MIN_LENGTH or sorted(term) == sorted(lw)):
        return _matches_case(word, term)
    nxt = _NEXT_WORD_RE.match(text, s + len(word))
    if nxt is None:
        if not (text.startswith(",", s + len(word)) and len(word) >= OPENER_COMMA_MIN_LENGTH):
            return None
    elif nxt.group(1)[0].isupper() or nxt.group(1) in load_word_set("typos_speech_verbs"):
        return None
    return _matches_case(word, term)


def inside_name(text: str, s: int, e: int) -> bool:
    """True between two capitalised words: a particle of a name ("Porte des Morts", "Abd al Aziz")."""
    prev, nxt = _PREVIOUS_WORD_RE.search(text, max(0, s - 30), s), _NEXT_WORD_RE.match(text, e)
    return prev is not None and nxt is not None and prev.group(1)[0].isupper() and nxt.group(1)[0].isupper()


_RUN = re.compile(r"[^\W_]+")


def capital_run_starts(text: str) -> dict[str, list[int]]:
    """Where each run of letters and digits that starts with a capital begins, found in one pass."""
    starts: dict[str, list[int]] = {}
    for m in _RUN.finditer(text):
        if m.group()[0].isupper():
            starts.setdefault(m.group(), []).append(m.start())
    return starts


def named_somewhere(text: str, word: str, starts: list[int]) -> bool:
    """True when one of the occurrences of ``word`` at ``starts`` stands where a name does: mid-sentence,
    before a capitalised word or a verb of saying, or after a title ("said Somone", "Somone said").
    A writer's repeated slip ("Accordint to ..." twice) stands nowhere like that."""
    speech = load_word_set("typos_speech_verbs")
    for p in starts:
        if not _sentence_initial(text, p) or _after_title(text, p):
            return True
        nxt = _NEXT_WORD_RE.match(text, p + len(word))
        if nxt is not None and (nxt.group(1)[0].isupper() or nxt.group(1) in speech):
            return True
    return False


def run_counts(text: str) -> dict[str, int]:
    """How often each run of letters and digits occurs in ``text``, counted in one pass.

    Names recur in an article and typos rarely do. A word of letters occurs as a whole token exactly
    where a run equals it, so ``run_counts(text)[word] > 1`` is what searching ``text`` for the word
    between non-alphanumerics found, without searching the whole text again for every occurrence of
    every word (a capitalised slip repeated through 1 MB took 272 s that way; issue 14).
    """
    return Counter(_RUN.findall(text))
