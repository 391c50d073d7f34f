"""A speaker named after a description behind the verb ("said utility spokesman Tom Reed")."""
from __future__ import annotations

from annotate.resources import load_word_set
from annotate.scoring.quotes.phrases import CUES, clean_name, np_forward

#: Lower-case words a description may put before the title or after the organisation ("utility", "press",
#: "deputy chief"): more than this is a clause ("said in a statement on Friday"), not a description.
DESCRIPTION_MAX_WORDS = 3
_ARTICLES = frozenset({"the", "a", "an"})


def _plain(tok: str) -> bool:
    return tok.isalpha() and tok.islower()


def described_speaker(toks: list[str]) -> str | None:
    """The speaker a quote's tail names after its cue verb and a description, or None.

    ``toks`` are the tail's tokens (:func:`phrases.tokens`), the cue verb first ("said" opens it, after any dash
    or comma). Only two shapes are read, each ending the sentence or clause with the name, so that nothing
    else is taken for one: lower-case words before a title and a name ("utility spokesman Tom Reed"), and an
    organisation or title with its description, then a comma and the name ("the White House press secretary,
    Karine Jean-Pierre").
    """
    titles = load_word_set("quotes_titles")
    i = 0
    while i < len(toks) and toks[i] in {",", "—", "–", "-", "―"}:
        i += 1
    if i >= len(toks) or toks[i].lower() not in CUES:
        return None
    j = i + 1 + (i + 1 < len(toks) and toks[i + 1].lower() in _ARTICLES)
    words, end = np_forward(toks, j)
    described = not words
    if described:  # "said utility spokesman Tom Reed": plain words, then a title and the name
        k = j
        while k < len(toks) and k - j < DESCRIPTION_MAX_WORDS and _plain(toks[k]) and toks[k] not in titles:
            k += 1
        words, end = np_forward(toks, k) if k > j else ([], k)
        if not words or words[0].lower() not in titles:
            return None  # "said on Twitter": no title, so no description of a person
    # A description ending in a title, then the name: "the White House press secretary, Karine Jean-Pierre".
    if words[-1].lower() in titles and end < len(toks) and toks[end] == ",":
        name, after = np_forward(toks, end + 1)
        if name and _closes(toks, after):
            return clean_name(name)
    return clean_name(words) if described and _closes(toks, end) else None


def _closes(toks: list[str], at: int) -> bool:
    """The name ends the sentence or its clause there."""
    return at >= len(toks) or toks[at] in {".", ",", ";", "!", "?"}
