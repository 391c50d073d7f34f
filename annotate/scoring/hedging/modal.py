"""Root or epistemic "may": a generic subject states a general possibility, not the writer's doubt."""
from __future__ import annotations

import bisect

from annotate.resources import load_patterns, load_word_set
from annotate.scoring.text import Doc

#: Characters between the subject and the modal that break the subject-modal link ("fines, may").
LINK_BREAKERS = frozenset(".!?;:,\n()\"“”")


def _linked(doc: Doc, i: int, j: int) -> bool:
    """True when nothing but spaces (or hyphens) separates word ``i`` from the following word ``j``."""
    return LINK_BREAKERS.isdisjoint(doc.text[doc.word_ends[i] : doc.word_starts[j]])


def _generic_subject(doc: Doc, i: int) -> bool:
    """True when the word before the modal at ``i`` is a generic subject.

    Generic: a pronoun of general reference ("you may", "one may"), a bare plural ("symptoms
    may", "guests may") or a noun after an indefinite or distributive determiner ("a patient
    may", "each member may"). A definite or named subject ("the deal may", "Trump may") is specific.
    """
    if i == 0 or not _linked(doc, i - 1, i):
        return False
    words, prev = doc.lower_words, doc.lower_words[i - 1]
    if prev in load_word_set("hedging_modal_generic_pronouns"):
        return True
    before = words[i - 2] if i >= 2 and _linked(doc, i - 2, i - 1) else ""
    if before in load_word_set("hedging_modal_indefinites"):
        return True
    raw = doc.words[i - 1]
    if raw[0].isupper() and before:  # a capitalised word inside the sentence is a name
        return False
    return (
        prev.isalpha() and prev.endswith("s") and not prev.endswith("ss")
        and prev not in load_word_set("hedging_modal_not_plurals")
        and before not in load_word_set("hedging_modal_determiners")
    )


def _epistemic_next(doc: Doc, i: int) -> bool:
    """True when the modal goes on as only epistemic "may" does: "may have gone", "may well", "may or may not"."""
    words, skip = doc.lower_words, load_word_set("hedging_modal_skip")
    j = i + 1
    while j < len(words) and _linked(doc, j - 1, j) and (words[j] in skip or words[j].endswith("ly")):
        j += 1
    return j < len(words) and _linked(doc, j - 1, j) and words[j] in load_word_set("hedging_modal_epistemic_next")


def sentence_span(doc: Doc, pos: int) -> tuple[int, int]:
    """The span of the sentence holding ``pos`` (from the text's start when ``pos`` precedes every one)."""
    sentences = doc.sentences
    k = bisect.bisect_right(sentences, (pos, len(doc.text) + 1)) - 1
    return sentences[k] if k >= 0 else (0, len(doc.text))


def _time_reference(doc: Doc, start: int, times: dict[int, bool]) -> bool:
    """True when the modal's sentence names a particular time ("next week", "on Monday", "by 2030").

    ``times`` remembers the answer by sentence start: searching the whole sentence again for each of
    its modals took time growing with the square of a long sentence (issue 14).
    """
    s, e = sentence_span(doc, start)
    if s not in times:
        sentence = doc.text[s:e]
        times[s] = any(regex.search(sentence) for _, regex in load_patterns("hedging_modal_time"))
    return times[s]


def root_modal(doc: Doc, i: int, times: dict[int, bool] | None = None) -> bool:
    """True when the modal at word ``i`` states a general possibility or permission, not doubt.

    CoNLL-2010's guidelines count a modal as a cue only when it is speculative; "Symptoms may
    include fever" describes what happens in general. A generic subject is the sign, unless the
    modal reads as epistemic anyway: perfect "may have", "may well", or a particular time. ``times``
    is a memo the caller keeps for one article (see :func:`_time_reference`).
    """
    return _generic_subject(doc, i) and not (
        _epistemic_next(doc, i) or _time_reference(doc, doc.word_starts[i], {} if times is None else times)
    )
