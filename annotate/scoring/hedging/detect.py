"""Hedges and boosters: lexicon phrases matched on the shared word tokens, vetoed by context rules."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from itertools import compress

from annotate.resources import ResourceError, load_lexicon, load_table, load_word_set
from annotate.scoring.findings import Finding
from annotate.scoring.hedging.modal import root_modal, sentence_span
from annotate.scoring.text import WORD_RE, Doc, as_doc

#: Characters between two words that end a sentence-internal phrase ("may. Not" is no phrase).
PHRASE_BREAKERS = frozenset(".!?;:\n")
#: Rule names understood in ``lexicons/hedging_rules.txt``.
RULES = ("not_before", "only_before", "not_after", "only_after", "not_capitalised_midsentence", "not_root_modal")
#: Rule words standing for a class of tokens rather than a word.
NUMBER_WORD, END_WORD = "<num>", "<end>"
#: An entry word starting with this names a lexicon: the slot matches any word in it.
SLOT_PREFIX = "@"


@dataclass(frozen=True, slots=True)
class HedgeScore:
    """Hedge and booster findings of one text and their rates per 100 words."""

    findings: tuple[Finding, ...]
    n_words: int
    n_hedges: int
    n_boosters: int
    hedges_per_100_words: float
    boosters_per_100_words: float


@dataclass(frozen=True, slots=True)
class _Rule:
    """One row of ``hedging_rules.txt``, compiled: which neighbour it reads and when it vetoes."""

    after: bool
    veto_on_hit: bool
    words: frozenset[str]
    number: bool
    capitalised: bool = False
    root_modal: bool = False


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: str
    text: str
    words: tuple[str, ...]
    rules: tuple[_Rule, ...]
    #: Per word after the first: the set of words accepted there (a slot's whole word class).
    slots: tuple[frozenset[str], ...] | None = None
    #: Words accepted right after the first one (empty for one-word entries): a cheap first test.
    second: frozenset[str] = frozenset()


def _slot(word: str) -> frozenset[str] | None:
    """An entry word "@name" stands for any word of ``lexicons/name.txt`` ("most @hedging_peacock")."""
    return load_word_set(word[1:]) if word.startswith(SLOT_PREFIX) else None


def _rule(rule: str, argument: str) -> _Rule:
    words = frozenset(argument.split()) - {"-"}
    return _Rule(after=rule.endswith("_after"), veto_on_hit=rule.startswith("not_"), words=words,
                 number=NUMBER_WORD in words, capitalised=rule == "not_capitalised_midsentence",
                 root_modal=rule == "not_root_modal")


@cache
def _index() -> dict[str, tuple[_Entry, ...]]:
    """First word -> entries starting with it, longest first, so the longest phrase wins."""
    rules: dict[str, list[_Rule]] = {}
    for name, rule, argument in load_table("hedging_rules", 3):
        if rule not in RULES:
            raise ResourceError(f"annotate/lexicons/hedging_rules.txt: unknown rule {rule!r} for {name!r}")
        rules.setdefault(name, []).append(_rule(rule, argument))
    by_first: dict[str, list[_Entry]] = {}
    for kind, name in (("hedge", "hedging_hedges"), ("booster", "hedging_boosters")):
        for text in load_lexicon(name):
            words = tuple(w if w.startswith(SLOT_PREFIX) else w.lower()
                          for w in re.findall(rf"{SLOT_PREFIX}\w+|{WORD_RE.pattern}", text))
            slots = tuple(_slot(w) or frozenset((w,)) for w in words[1:])
            has_slot = any(w.startswith(SLOT_PREFIX) for w in words)
            if words[0].startswith(SLOT_PREFIX):
                raise ResourceError(f"annotate/lexicons/{name}.txt: {text!r} starts with a slot")
            entry = _Entry(kind, text, words, tuple(rules.get(text, ())), slots if has_slot else None,
                           slots[0] if slots else frozenset())
            by_first.setdefault(words[0], []).append(entry)
    return {w: tuple(sorted(es, key=lambda e: -len(e.words))) for w, es in by_first.items()}


@cache
def _triggers() -> dict[str, tuple[int, ...]]:
    """Trigger word -> its offsets inside phrases: a phrase can only match where its trigger does.

    A phrase's trigger is its longest literal word (never a slot), the last of equally long ones
    ("doubt" for "there is no doubt"), since long words are rare and most phrases start with a
    common word ("to", "in", "it"); so only the few positions around triggers are tried, not
    every "to" and "in".
    """
    offsets: dict[str, set[int]] = {}
    for entries in _index().values():
        for entry in entries:
            literal = [j for j, w in enumerate(entry.words) if not w.startswith(SLOT_PREFIX)]
            k = max(literal, key=lambda j: (len(entry.words[j]), j))
            offsets.setdefault(entry.words[k], set()).add(k)
    return {w: tuple(sorted(ks)) for w, ks in offsets.items()}


@cache
def _trigger_set() -> frozenset[str]:
    """The trigger words alone: a frozenset's bound ``__contains__`` is the cheapest per-word test."""
    return frozenset(_triggers())


def _joined(doc: Doc, i: int, n: int) -> bool:
    """True when words i..i+n-1 are separated by nothing that ends a sentence or clause.

    Words never contain a breaker, so one slice from the end of the first word to the start of
    the last holds every gap between them.
    """
    return PHRASE_BREAKERS.isdisjoint(doc.text[doc.word_ends[i] : doc.word_starts[i + n - 1]])


def _sentence_initial(doc: Doc, i: int) -> bool:
    """True when no letter or digit precedes word ``i`` in its sentence (quotes and dashes may).

    Every letter or digit belongs to a word, and no word crosses a sentence's start, so this holds when
    no word starts between the two: a bisection, where reading the sentence up to the word took time
    growing with the square of a long sentence (issue 14).
    """
    starts = doc.word_starts
    return bisect_left(starts, sentence_span(doc, starts[i])[0], 0, i) == i


def _vetoed(doc: Doc, entry: _Entry, i: int, n: int, times: dict[int, bool]) -> bool:
    words = doc.lower_words
    for rule in entry.rules:
        if rule.root_modal:
            if root_modal(doc, i, times):
                return True
            continue
        if rule.capitalised:
            if doc.text[doc.word_starts[i]].isupper() and not _sentence_initial(doc, i):
                return True
            continue
        word: str | None
        if rule.after:
            word = words[i - 1] if i > 0 and _joined(doc, i - 1, 2) else None
        else:
            word = words[i + n] if i + n < len(words) and _joined(doc, i + n - 1, 2) else END_WORD
        hit = word in rule.words or (rule.number and word is not None and word.isdigit())
        if hit == rule.veto_on_hit:
            return True
    return False


def score_hedging(text: str | Doc) -> HedgeScore:
    """Find hedges ("may", "it is believed", "some observers") and boosters ("clearly") in ``text``.

    Matching runs left to right on ``doc.lower_words``; at each word the longest lexicon
    phrase that is not vetoed by a context rule wins and its words are consumed.
    """
    doc = as_doc(text)
    index, triggers = _index(), _triggers()
    words, starts, ends, source = doc.lower_words, doc.word_starts, doc.word_ends, doc.text
    n_words = len(words)
    findings: list[Finding] = []
    n_hedges = 0
    # One C-level pass finds the trigger words; phrases whose trigger is not their first word
    # add the earlier positions where they would start.
    hits = list(compress(range(n_words), map(_trigger_set().__contains__, words)))
    candidates = sorted({j - k for j in hits for k in triggers[words[j]]}) if hits else hits
    consumed = 0
    times: dict[int, bool] = {}  # whether each sentence names a time, for root_modal
    for i in candidates:
        if i < consumed or i < 0 or (entries := index.get(words[i])) is None:
            continue
        for entry in entries:
            n = len(entry.words)
            if n > 1:
                # Most phrases fail on their second word; test it before slicing the rest.
                if i + n > n_words or words[i + 1] not in entry.second:
                    continue
                if entry.slots is None:
                    if n > 2 and words[i + 2 : i + n] != entry.words[2:]:
                        continue
                elif not all(map(frozenset.__contains__, entry.slots, words[i + 1 : i + n])):
                    continue
                if not _joined(doc, i, n):
                    continue
            if entry.rules and _vetoed(doc, entry, i, n, times):
                continue
            findings.append(Finding.at(source, entry.kind, starts[i], ends[i + n - 1], entry.text))
            n_hedges += entry.kind == "hedge"
            consumed = i + n
            break
    n_boosters = len(findings) - n_hedges
    return HedgeScore(
        findings=tuple(findings),
        n_words=n_words,
        n_hedges=n_hedges,
        n_boosters=n_boosters,
        hedges_per_100_words=100 * n_hedges / n_words if n_words else 0.0,
        boosters_per_100_words=100 * n_boosters / n_words if n_words else 0.0,
    )
