"""Direct quotations, scare quotes and their speakers, found from the quote marks of a news article."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .findings import Finding, sort_findings
from .quotes_speakers import Attributor
from .resources import load_patterns
from .text import WORD_RE, Doc, as_doc

_MARK_RE = re.compile(r'["“”„«»‹›]')
_MARKS = '"“”„«»‹›'
_OPEN_GLYPHS = "“„«‹"
_CLOSE_GLYPHS = "”»›"
# After these a mark opens a quotation even without a space ("(“", "—“", ": “").
_OPEN_AFTER = frozenset("([{—–-/:;…" + _MARKS)


@cache
def _transcript_turn() -> re.Pattern[str]:
    return dict(load_patterns("quotes_patterns"))["transcript_turn"]


def _role(text: str, i: int) -> int:
    """+1 when the mark at ``i`` opens, -1 when it closes, 0 when only its glyph could tell."""
    prev = text[i - 1] if i else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if prev == "\n" or i == 0:
        return 1  # a mark opening a paragraph opens, whatever its glyph ("” … what I learned")
    can_open = not nxt.isspace() and (prev.isspace() or prev in _OPEN_AFTER)
    can_close = not prev.isspace() and (nxt.isspace() or not nxt.isalnum())
    if can_open and not can_close:
        return 1
    if can_close and not can_open:
        return -1
    ch = text[i]
    return 1 if ch in _OPEN_GLYPHS else -1 if ch in _CLOSE_GLYPHS else 0


def find_quote_spans(text: str, lines: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """Spans of outermost double-quoted passages, marks included.

    A paragraph that ends inside a quotation continues it when the next paragraph reopens
    with a mark (news style); the span then runs to the final closing mark, as the dev gold
    segments do.  An outer quotation that never closes is dropped, but the quotations nested
    inside it are kept (a transcript or a stray mark must not swallow a whole article).
    """
    paras = [(s, e) for s, e in lines if not text[s:e].isspace() and s < e]
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    inner_open: list[int] = []
    inner: list[tuple[int, int]] = []
    skip = -1
    turn = _transcript_turn()
    for k, (ps, pe) in enumerate(paras):
        lead = ps + len(text[ps:pe]) - len(text[ps:pe].lstrip())
        if turn.match(text, lead):
            skip = lead
        for m in _MARK_RE.finditer(text, ps, pe):
            pos = m.start()
            if pos == skip:
                continue
            role = _role(text, pos)
            if open_at is None:
                if role >= 0:
                    open_at, inner_open, inner = pos, [], []
            elif inner_open:
                if role <= 0:
                    inner.append((inner_open.pop(), pos + 1))
                else:
                    inner_open.append(pos)
            elif role <= 0:
                spans.append((open_at, pos + 1))
                open_at = None
            else:
                inner_open.append(pos)
        if open_at is None:
            continue
        if k + 1 < len(paras):
            ns, ne = paras[k + 1]
            nlead = ns + len(text[ns:ne]) - len(text[ns:ne].lstrip())
            if text[nlead] in _MARKS and _role(text, nlead) >= 0 and not turn.match(text, nlead):
                skip = nlead
                inner_open = []
                continue
        spans.extend(inner)
        open_at, inner_open, inner = None, [], []
    if open_at is not None:
        spans.extend(inner)
    return sorted(spans)


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


def _is_title(words: list[str]) -> bool:
    """Title-cased phrase ("Fox News Sunday"): a name of a work, not speech."""
    return len(words) > 1 and words[0][0].isupper() and all(
        w[0].isupper() or w.lower() in _TITLE_SMALL or not w[0].isalpha() for w in words
    )


def _is_utterance(src: str, start: int, end: int) -> bool:
    """A short quote that is a whole sentence ("Neither do I.") is speech, not a scare quote."""
    inner = src[start + 1:end - 1].strip()
    return len(inner) > 1 and inner[0].isupper() and inner[-1] in ".!?" and not _is_title(
        WORD_RE.findall(inner))


def score_quotes(text: str | Doc) -> QuoteScore:
    """Find direct quotations (with speakers) and scare quotes in an article."""
    doc = as_doc(text)
    src = doc.text
    if not _MARK_RE.search(src):
        return QuoteScore((), 0.0, 0, 0, ())
    attributor = Attributor(src, doc.sentences, doc.lines)
    findings: list[Finding] = []
    speakers: dict[str, None] = {}
    quoted = n_direct = n_scare = 0
    for start, end in find_quote_spans(src, doc.lines):
        words = WORD_RE.findall(src, start, end)
        if not words:
            continue
        if (start and src[start - 1] == "=") or (len(words) <= TITLE_MAX_WORDS and _is_title(words)):
            continue  # a markup attribute value, or the name of a work: neither is speech
        speaker, tight = attributor.speaker(start, end)
        if len(words) <= SCARE_MAX_WORDS and not tight and not _is_utterance(src, start, end):
            attributor.commit(None, end)
            findings.append(Finding.at(src, "scare_quote", start, end))
            n_scare += 1
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
