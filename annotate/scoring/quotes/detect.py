"""Direct quotations, scare quotes and their speakers, found from the quote marks of a news article."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from annotate.scoring.findings import Finding, sort_findings
from annotate.scoring.quotes.framing import framer
from annotate.scoring.quotes.marks import find_quote_spans, mark_positions, single_quote_spans
from annotate.scoring.quotes.speakers import Attributor
from annotate.scoring.text import Doc, as_doc

#: A quoted passage of at most this many words is a scare quote (or a title) unless a cue verb ties it
#: to a speaker.  Measured on dev: 1-3 word quotes are ~80% attributed material, 4+ words almost always
#: speech; 3 keeps "energy truce"-style terms apart without dropping attributed phrases.
SCARE_MAX_WORDS = 3
#: A title-cased quote of at most this many words is a name of a work ("The Steve Harvey Morning Show"),
#: not speech; 6 covers show and book titles in dev while real title-cased speech is rarer than that.
TITLE_MAX_WORDS = 6
#: Small words a title keeps lower-case ("Game of Thrones", "Shark Tank").
_TITLE_SMALL = frozenset({"of", "the", "a", "an", "and", "in", "on", "for", "to", "at", "with", "or"})


@dataclass(frozen=True, slots=True)
class QuoteScore:
    """Direct and scare quotes of one article, with the share of text inside direct quotes."""

    findings: tuple[Finding, ...]
    quote_share: float
    n_direct_quotes: int
    n_scare_quotes: int
    speakers: tuple[str, ...]

    @property
    def n_speakers(self) -> int:
        return len(self.speakers)


def _is_title(words: tuple[str, ...]) -> bool:
    """Title-cased phrase ("Morning Report"): a name of a work, not speech."""
    return len(words) > 1 and words[0][0].isupper() and all(
        w[0].isupper() or w.lower() in _TITLE_SMALL or not w[0].isalpha() for w in words
    )


def _is_utterance(src: str, start: int, end: int, words: tuple[str, ...]) -> bool:
    """A short quote that is a whole sentence ("Neither do I.") is speech, not a scare quote."""
    inner = src[start + 1:end - 1].strip()
    return len(inner) > 1 and inner[0].isupper() and inner[-1] in ".!?" and not _is_title(words)


def score_quotes(text: str | Doc) -> QuoteScore:
    """Find direct quotations (with speakers) and scare quotes in an article."""
    doc = as_doc(text)
    src = doc.text
    marks = mark_positions(src)
    quotes = find_quote_spans(src, marks) if marks else single_quote_spans(src)
    if not quotes:
        return QuoteScore((), 0.0, 0, 0, ())
    attributor = Attributor(doc)
    starts, all_words = doc.word_starts, doc.words
    findings: list[Finding] = []
    speakers: dict[str, None] = {}
    quoted = n_direct = n_scare = after = 0
    for start, end in quotes:
        # Words lie wholly inside the marks, so the article's word spans give them without re-tokenising.
        # Words are at least one character apart: a span of n characters holds at most (n + 1) // 2,
        # which keeps each search short.
        lo = bisect_left(starts, start, after)
        after = bisect_left(starts, end, lo, min(len(starts), lo + (end - start + 1) // 2 + 1))
        n_words = after - lo
        if not n_words:
            continue
        words = all_words[lo:lo + n_words] if n_words <= TITLE_MAX_WORDS else ()
        if start and src[start - 1] == "=":
            continue  # a markup attribute value
        # Too short (or too title-like) to be speech by itself, a quote is somebody's words only when a
        # cue or framing verb right before it says so ("Berg called her “Lady Budget”").
        title = bool(words) and _is_title(words) and not attributor.spans_sentences(start, end)
        framed, framed_by = framer(attributor, start, lo) if title else (True, None)
        if not framed:
            continue  # the name of a work ("Morning Report") is neither speech nor a scare quote
        speaker, tight = attributor.speaker(start, end, lo, lo + n_words)
        if n_words <= SCARE_MAX_WORDS and not tight and not _is_utterance(src, start, end, words):
            framed, framed_by = framer(attributor, start, lo)
            if not framed and not attributor.follows_direct(start):
                attributor.commit(None, end, direct=False)
                findings.append(Finding.at(src, "scare_quote", start, end))
                n_scare += 1
                continue
        speaker = speaker or framed_by
        if speaker is None and not tight and attributor.stands_alone(start, end):
            # A paragraph that is only a quotation, with no cue, colon lead-in or quote before it to
            # attribute it, is an epigraph, a pull quote or an embedded post: nobody is reported as
            # saying it, so it is no direct quote (dev: 3 of the 4 such paragraphs are not gold quotes).
            attributor.commit(None, end, direct=False)
            continue
        attributor.commit(speaker, end)
        findings.append(Finding.at(src, "quote", start, end, speaker))
        n_direct += 1
        quoted += end - start
        if speaker is not None and speaker not in _PRONOUN_DETAILS:
            speakers.setdefault(speaker)
    share = quoted / len(src) if src else 0.0
    return QuoteScore(sort_findings(findings), share, n_direct, n_scare, tuple(speakers))


_PRONOUN_DETAILS = frozenset({"he", "she", "they"})
