"""Token-level rules that read a speaker's name around a quotation: cue verbs, name phrases, subjects."""
from __future__ import annotations

import re
from collections.abc import Callable

from annotate.resources import load_word_set
from annotate.scoring.text import abbreviations

# Words, abbreviations with dots ("G.K.", "Rep."), or single punctuation marks.
_TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}(?:[A-Za-z]\b)?|[A-Z]\.(?=\s)|[^\W_][\w’'\-]*\.?|[^\w\s]")
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_CONNECTORS = frozenset({"of", "de", "van", "von", "al", "bin", "la", "le", "del", "da", "der"})
# Words allowed between a subject and its cue verb ("Trump also said", "he later told").
_BRIDGE = frozenset({"also", "later", "then", "once", "has", "have", "had", "would", "will", "just",
                     "first", "again", "repeatedly", "previously", "recently", "publicly", "was"})
_MARK_TOKENS = frozenset('"“”„«»‹›')
_LEAD_DASHES = frozenset({",", "—", "–", "-", "―"})
_BYLINE_DASHES = frozenset({"—", "―", "–"})
#: Tokens an appositive may run between a name and its cue verb ("Kenneth Baer, a former ..., said");
#: measured on dev: 25 covers the long PolNeAR appositives without reaching a second clause.
APPOSITIVE_MAX_TOKENS = 25
#: Words of a common-noun speaker before a tail cue ("the New York businessman said"): 5 covers
#: determiner + three modifiers + noun, as in the dev data, without reaching into the next clause.
TAIL_NOUN_MAX_WORDS = 5
#: Words of a description and name before a tail cue ("panel Chairman Rep. Jason Chaffetz said"): 8 holds
#: a two-word description, two titles and a three-word name; past that the cue is another clause's.
TAIL_NAME_MAX_WORDS = 8
#: Tokens an introductory phrase may take before its comma ("In a pointed social media post,").
INTRO_MAX_TOKENS = 12


# Loaded once at import: these sets are read for every token looked at.
CUES = load_word_set("quotes_cues")
PRONOUNS = load_word_set("quotes_pronouns")
_TITLES = load_word_set("quotes_titles")
_NOT_SPEAKERS = load_word_set("quotes_not_speakers")
_INTRO = load_word_set("quotes_intro")
_CLAUSE_OPENERS = load_word_set("quotes_clause_openers")
#: Lower-case words without which no lead-in or tail can name a speaker (cues and "according").
CUE_WORDS = CUES | {"according"}
#: Words that may tie a lead-in to the quote after it: the cue words and "put" of "as X put it".
LEAD_WORDS = CUE_WORDS | {"put"}
#: Verbs that make a short quote somebody's words: the cues plus framing verbs ("criticized ... as").
FRAMING = CUES | load_word_set("quotes_framing")
#: Words right before a title-like quote that make it the name of a work ("his", "on").
WORK_LEAD = load_word_set("quotes_work_lead")
#: The bridge words ("also", "was"), read by framing.py between a framing verb and its subject.
BRIDGE = _BRIDGE


_TOKEN_BREAK = re.compile(r"[^\w’'\-.]")  # a character no token of _TOKEN_RE holds or looks past


def token_break(text: str, pos: int, end: int) -> int:
    """The first place from ``pos`` on (``end`` at most) right after a character no token holds or looks past,
    so that ``tokens(text, start, cut)`` are the first of ``tokens(text, start, end)``."""
    m = _TOKEN_BREAK.search(text, pos - 1, end)
    return end if m is None else m.end()


def tokens(text: str, start: int, end: int) -> list[str]:
    """Words and punctuation; a word keeps its period only when it is an abbreviation ("Rep.")."""
    toks = _TOKEN_RE.findall(text, start, end)
    if "." not in text[start:end]:
        return toks  # nothing to split: skip the per-token pass
    short = abbreviations()
    out: list[str] = []
    for tok in toks:
        if tok[-1] == "." and len(tok) > 2 and "." not in tok[:-1] and tok[:-1] not in short:
            out.extend((tok[:-1], "."))
        else:
            out.append(tok)
    return out


def _possessor(low: str) -> str:
    """A lower-case word without its possessive ending ("it’s" -> "it")."""
    return low[:-2] if low.endswith(("’s", "'s")) else low


def _pronoun(token: str) -> str:
    """The lower-case speaker pronoun a token is ("He", "she’s" -> "he", "she"), else ""."""
    low = token.lower()
    if low.endswith(("’s", "'s")):
        low = low[:-2]
    return low if low in PRONOUNS else ""


def np_forward(toks: list[str], i: int) -> tuple[list[str], int]:
    """Longest name phrase starting at ``i`` (titles, capitalised words, connectors).

    A name word is a capitalised word that is not a weekday or month, or a title ("spokesman").
    """
    titles, stop = _TITLES, _NOT_SPEAKERS
    if i < len(toks) and _pronoun(toks[i]):
        # A sentence-initial "He" is capitalised like a name but stands for the last named speaker.
        return [_pronoun(toks[i])], i + 1
    j = i
    if j < len(toks) and toks[j].lower() in {"the", "a", "an"}:
        j += 1
    words: list[str] = []
    while j < len(toks):
        t = toks[j]
        low = _possessor(t.lower().rstrip("."))
        if not ((t[0].isupper() and low not in stop) or (low in titles and t[0].isalpha()) or (
                low in _CONNECTORS and words and j + 1 < len(toks) and toks[j + 1][0].isupper())):
            break
        words.append(t)
        j += 1
    return words, j


def _np_backward(toks: list[str], j: int) -> list[str]:
    """Name phrase ending at token ``j`` (inclusive), skipping a parenthetical such as "(D-Wis.)"."""
    if j >= 0 and toks[j] == ")":
        while j >= 0 and toks[j] != "(":
            j -= 1
        j -= 1
    if j >= 0 and _pronoun(toks[j]):
        return [_pronoun(toks[j])]
    titles, stop = _TITLES, _NOT_SPEAKERS
    words: list[str] = []
    while j >= 0:
        t = toks[j]
        low = _possessor(t.lower().rstrip("."))
        if low in _DETERMINERS or not ((t[0].isupper() and low not in stop) or (
                low in titles and t[0].isalpha()) or (low in _CONNECTORS and words)):
            break
        words.append(t)
        j -= 1
    return words[::-1]


def title_phrase(toks: list[str], j: int) -> str | None:
    """A determiner and lower-case titles ending at token ``j`` ("the minister", "the press secretary"):
    a speaker named by office, resolved later to the holder named earlier in the article."""
    k = j
    while k >= 0 and toks[k] in _TITLES:  # lower-case only: a capitalised title is part of a name
        k -= 1
    if k == j or k < 0 or toks[k].lower() not in _DETERMINERS:
        return None
    return " ".join([toks[k].lower(), *toks[k + 1:j + 1]])


def clean_name(words: list[str]) -> str | None:
    """The name inside a phrase: its last run of capitalised words that are not titles."""
    if words and words[0] in PRONOUNS:
        return words[0]
    titles = _TITLES
    run: list[str] = []
    for w in reversed(words):
        low = w.lower().rstrip(".")
        if (w[0].isupper() and low not in titles) or (low in _CONNECTORS and run):
            run.append(w)
        elif run:
            break
    while run and run[-1].lower() in _CONNECTORS:
        run.pop()
    name = " ".join(reversed(run)).strip(".,")
    if name.endswith(("’s", "'s")):
        name = name[:-2]
    return name or None


def name_lead(words: list[str]) -> list[str]:
    """The capitalised words before a surname that can belong to its name: none before a sentence end (a
    period on a word that is no initial or abbreviation: "met Rutte. Peskov") or a word no name holds
    ("Later Peskov", "On Monday Peskov": sentence adverbs and weekdays capitalised at a sentence start)."""
    short, stop = abbreviations(), _NOT_SPEAKERS
    for i in range(len(words) - 1, -1, -1):
        bare = words[i].rstrip(".")
        if (bare != words[i] and len(bare) > 1 and bare not in short) or bare.lower() in stop:
            return words[i + 1:]
    return words


def subject(toks: list[str], complete: bool = True) -> tuple[bool, str | None]:
    """The name opening a sentence, after an introductory phrase ("In a post, Rutte ...").

    ``toks`` may be only the first tokens of the sentence (``complete`` false): the answer then comes
    with ``False`` when it could depend on the tokens left out, and the caller tokenises the rest.
    """
    i = 0
    if toks and toks[0] in _MARK_TOKENS and _MARK_TOKENS.isdisjoint(toks[1:]):
        if not complete:
            return False, None  # a mark later in the sentence would close it: read the whole part
        i = 1  # a block-quote paragraph opens with a mark that never closes ('"Trump walked ...')
    if i < len(toks) and toks[i].lower() in _INTRO:
        if "," not in toks[i:i + INTRO_MAX_TOKENS]:
            return complete or len(toks) >= i + INTRO_MAX_TOKENS, None
        i = toks.index(",", i) + 1
    words, j = np_forward(toks, i)
    if not complete and j + 1 >= len(toks):
        return False, None
    # A subject is followed by its verb or an appositive; "Ironically," or "NEWPORT NEWS, Va." is not.
    if not words or j >= len(toks):
        return True, None
    nxt = toks[j]
    appositive = nxt in {",", "("} and not words[0].endswith("ly") and not words[0].isupper()
    return True, clean_name(words) if nxt[0].islower() or appositive else None


def tail_speaker(toks: list[str], closed: bool) -> tuple[str | None, bool]:
    """Speaker after a quote (", said X", ", X said", ", X, an adviser, said", ", according to X")
    and whether a cue verb was found there at all ("the New York businessman said" has no name)."""
    cues = CUES
    i = 0
    while i < len(toks) and toks[i] in _LEAD_DASHES:
        i += 1
    if i >= len(toks):
        return None, False
    if i and toks[i - 1] in _BYLINE_DASHES:
        # A pull quote signed with a dash: “...” ― Sonya Herridge
        byline, j = np_forward(toks, i)
        if byline and (j == len(toks) or toks[j] in {".", ","}):
            return clean_name(byline), True
    first = toks[i].lower()
    if first in cues and not closed:
        words, _ = np_forward(toks, i + 1)
        return (clean_name(words) if words else None), True
    if first == "according" and i + 1 < len(toks) and toks[i + 1] == "to" and not closed:
        words, _ = np_forward(toks, i + 2)
        return (clean_name(words) if words else None), False
    words, j = np_forward(toks, i)
    if j < len(toks) and toks[j] == "(":
        while j < len(toks) and toks[j] != ")":
            j += 1
        j += 1
    bridged = 0
    while j < len(toks) and toks[j].lower() in _BRIDGE and bridged < 2:
        j, bridged = j + 1, bridged + 1
    if words and j < len(toks) and toks[j].lower() in cues:
        return clean_name(words) or title_phrase(toks, j - 1 - bridged), True
    if words and j < len(toks) and toks[j] == "," and not closed:
        for k in range(j + 1, min(len(toks), j + APPOSITIVE_MAX_TOKENS)):
            if toks[k].lower() in cues and toks[k - 1] == ",":
                return clean_name(words), True
            if toks[k] in {".", "“", '"', "”"}:
                break
    # A name after a description ("IMF chief economist Maury Obstfeld said", "panel Chairman Rep. Jason
    # Chaffetz (R-Utah) said"), or a common-noun speaker ("the New York businessman said").
    k = i
    n_words = 0 if first not in _CLAUSE_OPENERS else TAIL_NAME_MAX_WORDS + 1
    while k < len(toks) and n_words <= TAIL_NAME_MAX_WORDS:
        tok = toks[k]
        if tok == "(" and k > i:
            while k < len(toks) and toks[k] != ")":
                k += 1
            k += 1
            continue
        if not tok[0].isalnum():
            break
        if tok.lower() in cues and k > i:
            j = k - 1
            while j > i and toks[j].lower() in _BRIDGE:
                j -= 1
            name = clean_name(_np_backward(toks, j)) or title_phrase(toks, j)
            if name is not None and name not in PRONOUNS:
                return name, True
            return None, n_words <= TAIL_NOUN_MAX_WORDS
        n_words += 1
        k += 1
    return None, False


def lead_speaker(toks: list[str], sentence_subject: Callable[[], str | None]) -> tuple[str | None, bool]:
    """Speaker before a quote and whether a cue tied it tightly (a cue verb, not "according to").

    ``sentence_subject`` gives the subject of the quote's sentence; it is called only when needed.
    """
    cues = CUES
    for c in range(len(toks) - 1, -1, -1):
        low = toks[c].lower()
        if low == "according" and c + 1 < len(toks) and toks[c + 1] == "to":
            words, _ = np_forward(toks, c + 2)
            return (clean_name(words) if words else None), False
        if low == "put":
            if c + 1 >= len(toks) or toks[c + 1].lower() != "it" or "as" not in toks[max(0, c - 6):c]:
                continue  # only "as X put it" attributes ("they put it to a vote" does not)
        elif low not in cues:
            continue
        j = c - 1
        while j >= 0 and toks[j].lower() in _BRIDGE:
            j -= 1
        words = _np_backward(toks, j)
        if not words:
            words, _ = np_forward(toks, c + 1)
        name = (clean_name(words) if words else None) or title_phrase(toks, j)
        return (name or sentence_subject()), True
    if toks and toks[-1] == ":":
        return sentence_subject(), True
    return None, False


def stops_forward(word: str) -> bool:
    """True when :func:`np_forward` always stops at this word and never looks past it.

    A lower-case word that is not a title, a connector, an article or a pronoun ends any name phrase.
    """
    low = word.lower()
    return word[0].islower() and low not in _TITLES and low not in _CONNECTORS and low not in PRONOUNS \
        and low not in {"the", "a", "an"}


def stops_backward(word: str) -> bool:
    """True when :func:`lead_speaker`'s backward scans (bridge words, name phrase) always stop here.

    A lower-case word that is not a title, a connector or a bridge word ends any name phrase, so
    the tokens before it can never change the speaker found after it.
    """
    low = word.lower()
    return word[0].islower() and low not in _BRIDGE and low not in _CONNECTORS and low not in _TITLES
