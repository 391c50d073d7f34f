"""Speaker attribution for direct quotations: cue verbs, colon lead-ins, pronouns and continuations."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from annotate.scoring.quotes.described import described_speaker
from annotate.scoring.quotes.known import KnownNames
from annotate.scoring.quotes.marks import ends_with_colon, only_space
from annotate.scoring.quotes.names import name_char
from annotate.scoring.quotes.phrases import (
    CUE_WORDS,
    LEAD_WORDS,
    PRONOUNS,
    clean_name,
    lead_speaker,
    np_forward,
    stops_backward,
    stops_forward,
    subject,
    tail_speaker,
    token_break,
    tokens,
)
from annotate.scoring.text import Doc

#: Words of lead-in allowed between the end of a quote and its tail cue ("," he said): beyond this the
#: cue belongs to another clause.  Same bound as the appositive (25 tokens), plus the name itself.
TAIL_MAX_TOKENS = 25 + 8
TAIL_MAX_CHARS = 400  # ample room for TAIL_MAX_TOKENS tokens; bounds tokenising cost per quote
#: Characters between a quote and a quote opening the next paragraph for it to continue the speaker's
#: words: 200 spans a short "he said." tail, not a narrative paragraph (dev: "“A,” he said.\n\n“B”").
CONTINUATION_MAX_GAP = 200
#: Sentences searched backwards for the name a "he said" stands for; 3 reaches the indirect-speech
#: sentence that usually introduces a quote block without crossing into an unrelated paragraph.
PRONOUN_LOOKBACK_SENTENCES = 3
#: Words searched back from a lead-in's cue verb for one that ends any name phrase, so that only the
#: clause from there on is tokenised; 12 covers "NATO Secretary General Mark Rutte ... said", and when
#: none is found the whole lead-in is tokenised (same answer, only slower).
LEAD_STOP_SEARCH_WORDS = 12
#: Words tokenised first when looking for a sentence's subject: 14 hold the 12 tokens an introductory
#: phrase may take, a name and its verb in most sentences; when they do not decide it the rest is
#: tokenised (same answer, only slower).
SUBJECT_FIRST_WORDS = 14

# A tail that opens with dashes may be a pull quote's signature ("” ― Sonya Herridge").
_TAIL_DASHES = re.compile(r"[\s,—–\-―]*")
# A source named later in the sentence ("..., according to the organizers") owns its quoted words.
_ACCORDING = "according to "


class Attributor:
    """Walks an article's quotes in order, remembering the last speaker for pronouns and continuations."""

    def __init__(self, doc: Doc) -> None:
        self.text = doc.text
        self.sentences = doc.sentences
        self.sent_starts = [s for s, _ in self.sentences]
        self.lines = doc.lines
        self.line_starts = [s for s, _ in self.lines]
        self.words = doc.words
        # Word offsets as two int tuples: bisecting ints is faster than bisecting (start, end) pairs, and
        # the Doc has them without building the pairs.
        self.word_starts = doc.word_starts
        self.word_ends = doc.word_ends
        self.lower_words = doc.lower_words
        self.last: str | None = None
        self.last_end = -1
        self.direct_end = -1
        self.names = KnownNames(self.text)
        self._according_at: list[int] | None = None
        self._recent: dict[int, str | None] = {}

    def line_start(self, pos: int) -> int:
        """Start of the line (paragraph) holding ``pos``."""
        return self.lines[self._line_of(pos)][0]

    def _line_of(self, pos: int) -> int:
        return max(0, bisect_right(self.line_starts, pos) - 1)

    def canonical(self, name: str, before: int) -> str:
        """Map "Rutte" to an earlier "Mark Rutte" (a speaker or a mention) so one person is one speaker."""
        return self.names.canonical(name, before)

    def _according(self, start: int, end: int) -> int:
        """``text.find(_ACCORDING, start, end)``, from where the phrase occurs in the text (found once): a
        search per quote to the end of its sentence took time growing with the square of a long one."""
        if self._according_at is None:
            self._according_at = [m.start() for m in re.finditer(_ACCORDING, self.text)]
        i = bisect_left(self._according_at, start)
        at = self._according_at[i] if i < len(self._according_at) else -1
        return at if 0 <= at <= end - len(_ACCORDING) else -1

    def subject_of(self, start: int, end: int, hi: int) -> str | None:
        """The subject of the sentence part ``text[start:end]`` (see :meth:`_subject`)."""
        return self._subject(start, end, hi)

    def _subject(self, start: int, end: int, hi: int) -> str | None:
        """:func:`subject` of ``text[start:end]``, tokenising its first words only when they decide it.

        ``hi`` is the index of the first word at or after ``end``.
        """
        if start >= end:
            return None  # the quote opens its sentence
        text, starts = self.text, self.word_starts
        first = bisect_left(starts, start, max(0, hi - (end - start + 1) // 2 - 1), hi)
        cut_word = first + SUBJECT_FIRST_WORDS
        if cut_word < len(starts):
            # Cut where no token is split: a cut only after a space left every quote of a sentence
            # without spaces ('"a" "b" ...' has none after its marks) tokenising from its start (issue 14).
            cut = token_break(text, starts[cut_word], end)
            if cut < end:
                decided, name = subject(tokens(text, start, cut), complete=False)
                if decided:
                    return name
        return subject(tokens(text, start, end))[1]

    def _tail(self, end: int, post_end: int, lo: int, closed: bool) -> tuple[str | None, bool]:
        """:func:`tail_speaker` after the quote ending at ``end``; ``lo`` is the first word after it."""
        text, lower = self.text, self.lower_words
        hi = bisect_left(self.word_starts, post_end, lo,
                         min(len(self.word_starts), lo + (post_end - end + 1) // 2 + 1))
        if CUE_WORDS.isdisjoint(lower[lo:hi]):
            # Without a cue word only a dash signature can name the speaker.
            dashes = _TAIL_DASHES.match(text, end, post_end)
            lead = dashes.group().rstrip() if dashes is not None else ""
            if not lead or lead[-1] not in "—―–":
                return None, False
        toks = tokens(text, end, post_end)[:TAIL_MAX_TOKENS]
        name, cued = tail_speaker(toks, closed)
        described = None if closed else described_speaker(toks)  # "said utility spokesman Tom Reed"
        return (described, True) if described else (name, cued)

    def _lead(self, start: int, end: int, hi: int, sentence_subject: Callable[[], str | None],
              ) -> tuple[str | None, bool]:
        """:func:`lead_speaker` over ``text[start:end]``, tokenising only the clause of its last cue word.

        ``hi`` is the index of the first word at or after ``end``.
        """
        text = self.text
        starts, ends, lower = self.word_starts, self.word_ends, self.lower_words
        lo = bisect_left(starts, start, max(0, hi - (end - start + 1) // 2 - 1), hi)
        if LEAD_WORDS.isdisjoint(lower[lo:hi]):
            # No cue word: only a colon right before the quote ties the sentence's subject to it.
            return (sentence_subject(), True) if ends_with_colon(text, start, end) else (None, False)
        c = hi - 1
        while lower[c] not in LEAD_WORDS:
            c -= 1
        cs, ce = starts[c], ends[c]
        # The cue must be a token of its own (not "x_said") for the clause around it to be cut out.
        if lower[c] != "according" and (cs == start or not name_char(text[cs - 1])) and (
                ce == end or not name_char(text[ce])):
            for i in range(c - 1, max(lo, c - LEAD_STOP_SEARCH_WORDS), -1):
                ws, we = starts[i], ends[i]
                if text[ws - 1].isspace() and text[we].isspace() and stops_backward(self.words[i]):
                    if ")" not in text[ws:cs]:  # a "(D-Wis.)" skip could reach back past the stop word
                        start = ws
                    break
            # After the cue only a name phrase is read ("said Mayor Ana Lopez"): stop after its end.
            for i in range(c + 1, min(hi, c + LEAD_STOP_SEARCH_WORDS)):
                ws, we = starts[i], ends[i]
                if we < end and text[ws - 1].isspace() and text[we].isspace() and stops_forward(
                        self.words[i]):
                    end = we + 1
                    break
        return lead_speaker(tokens(text, start, end), sentence_subject)

    def speaker(self, start: int, end: int, first_word: int, after_word: int) -> tuple[str | None, bool]:
        """Speaker of the quote ``text[start:end]`` and whether a cue verb tied it to the quote.

        ``first_word`` and ``after_word`` index the article's first word inside the quote and after it.
        """
        text, lines = self.text, self.lines
        sentences, sent_starts = self.sentences, self.sent_starts
        n_sent = len(sent_starts)
        if not n_sent:
            return None, False  # no sentence at all (a quote mark always makes one; defensive)
        k = max(0, bisect_right(sent_starts, start) - 1)
        ss, se = sentences[k]
        pre_from = self.last_end if ss < self.last_end <= start else ss
        line = self._line_of(start)
        ls, le = lines[line]
        if le < end - 1:
            le = lines[self._line_of(end - 1)][1]
        if k + 1 < n_sent and sent_starts[k + 1] <= end:
            k = bisect_right(sent_starts, end) - 1
            se = sentences[k][1]
        if se <= end and k + 1 < n_sent and sent_starts[k + 1] <= end + 1:
            se = sentences[k + 1][1]
        post_end = min(le if le > end else end, se if se > end else end)
        found: list[str | None] = []

        def sentence_subject() -> str | None:
            if not found:
                found.append(self._subject(ss, start, first_word))
            return found[0]

        # A quote closed by a full stop ends its sentence: only a bare "X said." may follow it.
        closed = text[end - 2:end - 1] in {".", "…"}
        name, tight = self._tail(end, min(post_end, end + TAIL_MAX_CHARS), after_word, closed)
        if name is None and not tight:
            name, tight = self._lead(pre_from, start, first_word, sentence_subject)
        if name is None and not tight and not closed:
            # "... a nationwide “walk-in” at 2,000 schools, according to the organizers": the sentence's
            # source owns its quoted words too.
            at = self._according(end, post_end)
            if at >= 0:
                at += len(_ACCORDING)
                words, _ = np_forward(tokens(text, at, min(post_end, at + TAIL_MAX_CHARS)), 0)
                name, tight = (clean_name(words) if words else None), True
        if name is None and line > 0 and only_space(text, ls, start):
            prev = line - 1
            while prev > 0 and not text[slice(*lines[prev])].strip():
                prev -= 1
            ps, pe = lines[prev]
            if ends_with_colon(text, ps, pe):
                pss = sentences[max(0, bisect_right(sent_starts, pe - 1) - 1)][0]
                toks = tokens(text, pss, pe)
                name, tight = lead_speaker(toks, lambda: subject(toks)[1])
        if name is None and not tight and self.last is not None and self._continues(start):
            # Same sentence as the last direct quote: its list goes on ("a “bully” and “sick”").
            return self.last, self._same_sentence(start)
        if name is None and not tight:
            # "Cruz called Trump a “bully”": the sentence's named subject owns the quoted words.
            name = sentence_subject()
            tight = name is not None
        if name in PRONOUNS:
            own = sentence_subject()
            name = (own if own not in PRONOUNS else None) or self._recent_subject(ss) or self.last
        return (self.canonical(name, start) if name is not None else None), tight

    def commit(self, name: str | None, end: int, direct: bool = True) -> None:
        """Record a quote so that pronouns and continuations after it can use its speaker."""
        if name is not None:
            self.last = name
        self.last_end = end
        if direct:
            self.direct_end = end

    def spans_sentences(self, start: int, end: int) -> bool:
        """True when a sentence starts inside the quote ("“The Boss. Big Man.”"): speech, not a title."""
        i = bisect_right(self.sent_starts, start + 1)
        return i < len(self.sent_starts) and self.sent_starts[i] < end - 1

    def stands_alone(self, start: int, end: int) -> bool:
        """True when the quote ``text[start:end]`` fills its paragraph(s), bar a closing full stop."""
        text = self.text
        ls = self.line_start(start)
        le = self.lines[self._line_of(end - 1)][1]
        return not text[ls:start].strip() and not text[end:le].strip(" .\t\u00a0")

    def follows_direct(self, start: int) -> bool:
        """True when a direct quote came earlier in the sentence of ``start`` ("a “long and costly scheme” in which
        it “hid losses”"): a short quote after it goes on quoting the same source."""
        return self.direct_end > 0 and bisect_right(self.sent_starts, start) == bisect_right(
            self.sent_starts, self.direct_end - 1)

    def _recent_subject(self, ss: int) -> str | None:
        """Speaker of a cue verb a few sentences before ``ss`` ("X suggested ... . He said")."""
        k = bisect_right(self.sent_starts, ss) - 1
        for back in range(1, PRONOUN_LOOKBACK_SENTENCES + 1):
            if k - back < 0:
                break
            name = self._sentence_speaker(k - back)
            if name is not None:
                return name
        return None

    def _sentence_speaker(self, k: int) -> str | None:
        """The named speaker a cue verb (or a colon) ties to sentence ``k`` (cached per sentence)."""
        if k not in self._recent:
            s, e = self.sentences[k]
            hi = bisect_left(self.word_starts, e)
            found: list[str | None] = []

            def sentence_subject() -> str | None:
                if not found:
                    found.append(self._subject(s, e, hi))
                return found[0]

            name, tight = self._lead(s, e, hi, sentence_subject)
            self._recent[k] = name if tight and name not in PRONOUNS else None
        return self._recent[k]

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
