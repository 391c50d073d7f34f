"""Speaker attribution for direct quotations: cue verbs, colon lead-ins, pronouns and continuations."""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache, lru_cache

from .resources import load_lexicon
from .text import abbreviations

# Words, abbreviations with dots ("G.K.", "Rep."), or single punctuation marks.
_TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}(?:[A-Za-z]\b)?|[A-Z]\.(?=\s)|[^\W_][\w’'\-]*\.?|[^\w\s]")
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_CONNECTORS = frozenset({"of", "de", "van", "von", "al", "bin", "la", "le", "del", "da", "der"})
# Words allowed between a subject and its cue verb ("Trump also said", "he later told").
_BRIDGE = frozenset({"also", "later", "then", "once", "has", "have", "had", "would", "will", "just",
                     "first", "again", "repeatedly", "previously", "recently", "publicly", "was"})
#: Tokens an appositive may run between a name and its cue verb ("Kenneth Baer, a former ..., said");
#: measured on dev: 25 covers the long PolNeAR appositives without reaching a second clause.
APPOSITIVE_MAX_TOKENS = 25
#: Words of lead-in allowed between the end of a quote and its tail cue ("," he said): beyond this the
#: cue belongs to another clause.  Same bound as the appositive, plus the name itself.
TAIL_MAX_TOKENS = APPOSITIVE_MAX_TOKENS + 8
TAIL_MAX_CHARS = 400  # ample room for TAIL_MAX_TOKENS tokens; bounds tokenising cost per quote
#: Characters between a quote and a quote opening the next paragraph for it to continue the speaker's
#: words: 200 spans a short "he said." tail, not a narrative paragraph (dev: "“A,” he said.\n\n“B”").
CONTINUATION_MAX_GAP = 200
#: Words of a common-noun speaker before a tail cue ("the New York businessman said"): 5 covers
#: determiner + three modifiers + noun, as in the dev data, without reaching into the next clause.
TAIL_NOUN_MAX_WORDS = 5
#: Tokens an introductory phrase may take before its comma ("In a pointed social media post,").
INTRO_MAX_TOKENS = 12
#: Sentences searched backwards for the name a "he said" stands for; 3 reaches the indirect-speech
#: sentence that usually introduces a quote block without crossing into an unrelated paragraph.
PRONOUN_LOOKBACK_SENTENCES = 3


@cache
def _lex(name: str) -> frozenset[str]:
    return frozenset(e.lower() for e in load_lexicon(name))


def _name_word(tok: str, low: str, titles: frozenset[str], stop: frozenset[str]) -> bool:
    """A capitalised word that can be part of a name, or a title word ("spokesman")."""
    return (tok[0].isupper() and low not in stop) or (low in titles and tok[0].isalpha())


def _tokens(text: str, start: int, end: int) -> list[str]:
    """Words and punctuation; a word keeps its period only when it is an abbreviation ("Rep.")."""
    out: list[str] = []
    short = abbreviations()
    for tok in _TOKEN_RE.findall(text, start, end):
        if tok.endswith(".") and len(tok) > 2 and "." not in tok[:-1] and tok[:-1] not in short:
            out.extend((tok[:-1], "."))
        else:
            out.append(tok)
    return out


def _np_forward(toks: list[str], i: int) -> tuple[list[str], int]:
    """Longest name phrase starting at ``i`` (titles, capitalised words, connectors)."""
    titles, stop = _lex("quotes_titles"), _lex("quotes_not_speakers")
    j = i
    if j < len(toks) and toks[j].lower() in {"the", "a", "an"}:
        j += 1
    words: list[str] = []
    while j < len(toks):
        t = toks[j]
        low = t.lower().rstrip(".")
        joins = low in _CONNECTORS and bool(words) and j + 1 < len(toks) and toks[j + 1][0].isupper()
        if not (_name_word(t, low, titles, stop) or joins):
            break
        words.append(t)
        j += 1
    if not words and i < len(toks) and toks[i].lower() in _lex("quotes_pronouns"):
        return [toks[i].lower()], i + 1
    return words, j


def _np_backward(toks: list[str], j: int) -> list[str]:
    """Name phrase ending at token ``j`` (inclusive), skipping a parenthetical such as "(D-Wis.)"."""
    if j >= 0 and toks[j] == ")":
        while j >= 0 and toks[j] != "(":
            j -= 1
        j -= 1
    if j >= 0 and toks[j].lower() in _lex("quotes_pronouns"):
        return [toks[j].lower()]
    titles, stop = _lex("quotes_titles"), _lex("quotes_not_speakers")
    words: list[str] = []
    while j >= 0:
        t = toks[j]
        low = t.lower().rstrip(".")
        if low in _DETERMINERS or not (_name_word(t, low, titles, stop) or (low in _CONNECTORS and words)):
            break
        words.append(t)
        j -= 1
    return words[::-1]


def clean_name(words: list[str]) -> str | None:
    """The name inside a phrase: its last run of capitalised words that are not titles."""
    if words and words[0] in _lex("quotes_pronouns"):
        return words[0]
    titles = _lex("quotes_titles")
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
    name = re.sub(r"[’']s$", "", name)
    return name or None


def _subject(toks: list[str]) -> str | None:
    """The name opening a sentence, after an introductory phrase ("In a post, Rutte ...")."""
    i = 0
    if toks and toks[0].lower() in _lex("quotes_intro"):
        if "," not in toks[:INTRO_MAX_TOKENS]:
            return None
        i = toks.index(",") + 1
    words, j = _np_forward(toks, i)
    # A subject is followed by its verb or an appositive; "Ironically," or "NEWPORT NEWS, Va." is not.
    if not words or j >= len(toks):
        return None
    nxt = toks[j]
    appositive = nxt in {",", "("} and not words[0].endswith("ly") and not words[0].isupper()
    return clean_name(words) if nxt[0].islower() or appositive else None


def tail_speaker(toks: list[str], closed: bool) -> tuple[str | None, bool]:
    """Speaker after a quote (", said X", ", X said", ", X, an adviser, said", ", according to X")
    and whether a cue verb was found there at all ("the New York businessman said" has no name)."""
    cues = _lex("quotes_cues")
    i = 0
    while i < len(toks) and toks[i] in {",", "—", "–", "-", "―"}:
        i += 1
    if i >= len(toks):
        return None, False
    if i and toks[i - 1] in {"—", "―", "–"}:
        # A pull quote signed with a dash: “...” ― Sonya Herridge
        byline, j = _np_forward(toks, i)
        if byline and (j == len(toks) or toks[j] in {".", ","}):
            return clean_name(byline), True
    first = toks[i].lower()
    if first in cues and not closed:
        words, _ = _np_forward(toks, i + 1)
        return (clean_name(words) if words else None), True
    if first == "according" and i + 1 < len(toks) and toks[i + 1] == "to" and not closed:
        words, _ = _np_forward(toks, i + 2)
        return (clean_name(words) if words else None), False
    words, j = _np_forward(toks, i)
    if j < len(toks) and toks[j] == "(":
        while j < len(toks) and toks[j] != ")":
            j += 1
        j += 1
    bridged = 0
    while j < len(toks) and toks[j].lower() in _BRIDGE and bridged < 2:
        j, bridged = j + 1, bridged + 1
    if words and j < len(toks) and toks[j].lower() in cues:
        return clean_name(words), True
    if words and j < len(toks) and toks[j] == "," and not closed:
        for k in range(j + 1, min(len(toks), j + APPOSITIVE_MAX_TOKENS)):
            if toks[k].lower() in cues and toks[k - 1] == ",":
                return clean_name(words), True
            if toks[k] in {".", "“", '"', "”"}:
                break
    # A common-noun speaker: "the New York businessman said", "one questioner asked".
    for k in range(i, min(len(toks), i + TAIL_NOUN_MAX_WORDS + 1)):
        if not toks[k][0].isalnum():
            break
        if toks[k].lower() in cues and k > i:
            return None, True
    return None, False


def lead_speaker(toks: list[str], sentence: list[str]) -> tuple[str | None, bool]:
    """Speaker before a quote and whether a cue tied it tightly (a cue verb, not "according to")."""
    cues = _lex("quotes_cues")
    for c in range(len(toks) - 1, -1, -1):
        low = toks[c].lower()
        if low == "according" and c + 1 < len(toks) and toks[c + 1] == "to":
            words, _ = _np_forward(toks, c + 2)
            return (clean_name(words) if words else None), False
        if low not in cues:
            continue
        j = c - 1
        while j >= 0 and toks[j].lower() in _BRIDGE:
            j -= 1
        words = _np_backward(toks, j)
        if not words:
            words, _ = _np_forward(toks, c + 1)
        name = clean_name(words) if words else None
        return (name or _subject(sentence)), True
    if toks and toks[-1] == ":":
        return _subject(sentence), True
    return None, False


@lru_cache(maxsize=512)
def _full_name_re(surname: str) -> re.Pattern[str]:
    """Capitalised words right before ``surname``: "NATO Secretary General Mark" before "Rutte"."""
    return re.compile(r"((?:[A-Z][\w’'\-.]*\s){1,3})" + re.escape(surname) + r"\b")


class Attributor:
    """Walks an article's quotes in order, remembering the last speaker for pronouns and continuations."""

    def __init__(self, text: str, sentences: tuple[tuple[int, int], ...],
                 lines: tuple[tuple[int, int], ...]) -> None:
        self.text = text
        self.sentences = sentences
        self.sent_starts = [s for s, _ in sentences]
        self.lines = lines
        self.line_starts = [s for s, _ in lines]
        self.last: str | None = None
        self.last_end = -1
        self.known: list[str] = []
        self._tok_cache: dict[int, list[str]] = {}

    def _sentence_of(self, pos: int) -> tuple[int, int]:
        k = max(0, bisect_right(self.sent_starts, pos) - 1)
        return self.sentences[k] if self.sentences else (0, len(self.text))

    def _line_of(self, pos: int) -> int:
        return max(0, bisect_right(self.line_starts, pos) - 1)

    def canonical(self, name: str, before: int) -> str:
        """Map "Rutte" to an earlier "Mark Rutte" (a speaker or a mention) so one person is one speaker."""
        last = name.split()[-1]
        for known in self.known:
            if known.split()[-1] == last or name in known:
                return known
        if " " not in name:
            full = _full_name_re(name).search(self.text, 0, before)
            if full:
                name = clean_name([*full.group(1).split(), name]) or name
        self.known.append(name)
        return name

    def speaker(self, start: int, end: int) -> tuple[str | None, bool]:
        """Speaker of the quote ``text[start:end]`` and whether a cue verb tied it to the quote."""
        text = self.text
        ss, _ = self._sentence_of(start)
        pre_from = max(ss, self.last_end if self.last_end <= start else ss)
        line = self._line_of(start)
        ls, _ = self.lines[line]
        le = self.lines[self._line_of(end - 1)][1]
        _, se = self._sentence_of(end)
        post_end = min(le if le > end else end, se if se > end else self._sentence_of(end + 1)[1])
        post = _tokens(text, end, min(post_end, end + TAIL_MAX_CHARS))
        sentence = _tokens(text, ss, start)
        # A quote closed by a full stop ends its sentence: only a bare "X said." may follow it.
        closed = text[end - 2:end - 1] in {".", "…"}
        name, tight = tail_speaker(post[:TAIL_MAX_TOKENS], closed)
        if name is None and not tight:
            name, tight = lead_speaker(_tokens(text, pre_from, start), sentence)
        if name is None and not text[ls:start].strip() and line > 0:
            prev = line - 1
            while prev > 0 and not text[slice(*self.lines[prev])].strip():
                prev -= 1
            ps, pe = self.lines[prev]
            if text[ps:pe].rstrip().endswith(":"):
                pss, _ = self._sentence_of(pe - 1)
                toks = _tokens(text, pss, pe)
                name, tight = lead_speaker(toks, toks)
        if name is None and not tight and self.last is not None and self._continues(start):
            # Same sentence as the last direct quote: its list goes on ("a “bully” and “sick”").
            return self.last, self._same_sentence(start)
        if name is None and not tight:
            # "Cruz called Trump a “bully”": the sentence's named subject owns the quoted words.
            name = _subject(sentence)
            tight = name is not None
        if name in _lex("quotes_pronouns"):
            name = _subject(sentence) or self._recent_subject(ss) or self.last
        return (self.canonical(name, start) if name is not None else None), tight

    def commit(self, name: str | None, end: int) -> None:
        """Record a direct quote so that pronouns and continuations after it can use its speaker."""
        if name is not None:
            self.last = name
        self.last_end = end

    def _recent_subject(self, ss: int) -> str | None:
        """Speaker of a cue verb a few sentences before ``ss`` ("X suggested ... . He said")."""
        k = bisect_right(self.sent_starts, ss) - 1
        for back in range(1, PRONOUN_LOOKBACK_SENTENCES + 1):
            if k - back < 0:
                break
            toks = self._sentence_tokens(k - back)
            name, tight = lead_speaker(toks, toks)
            if name is not None and tight and name not in _lex("quotes_pronouns"):
                return name
        return None

    def _sentence_tokens(self, k: int) -> list[str]:
        if k not in self._tok_cache:
            self._tok_cache[k] = _tokens(self.text, *self.sentences[k])
        return self._tok_cache[k]

    def _same_sentence(self, start: int) -> bool:
        return bisect_right(self.sent_starts, start) == bisect_right(self.sent_starts, self.last_end - 1)

    def _continues(self, start: int) -> bool:
        """True when the previous quote is in this paragraph or ends the paragraph just before."""
        if self.last_end < 0:
            return False
        here, before = self._line_of(start), self._line_of(self.last_end - 1)
        if here == before:
            k_here = bisect_right(self.sent_starts, start) - 1
            k_before = bisect_right(self.sent_starts, self.last_end - 1) - 1
            return k_here - k_before <= 1
        gap = self.text[self.last_end:start]
        return gap.strip() == "" or (here - before <= 2 and len(gap) < CONTINUATION_MAX_GAP and "\n" in gap
                                     and not self.text[self.lines[here][0]:start].strip())
