"""Non-word typos: words no bundled English word list knows, with rules that spare names and jargon."""
from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache
from itertools import compress

from annotate.scoring.findings import Finding
from annotate.scoring.text import Doc, abbreviations
from annotate.scoring.typos.capitals import (
    capital_run_starts,
    check_capitalised,
    inside_name,
    named_somewhere,
    run_counts,
)
from annotate.scoring.typos.dictionary import MIN_LENGTH, flaggable, pieces, short_slip, suggest
from annotate.scoring.typos.words import known_words

# A lowercase unknown word used this often in one article is deliberate (jargon, a site's name).
REPEATED_WORD = 3
# An article where at least this share of the words (and this many) is unknown, lowercase and prose
# (not URL or citation debris) is in another language, and so is a line past the LINE_ values: nothing
# in it is flagged. Measured on the dev sets: English articles, typos included, stay under 2 %; the
# Portuguese, Indonesian, Italian, German and Russian pages of the boilerplate set are at 9 % and more.
DOC_FOREIGN_SHARE = 0.05
DOC_FOREIGN_MIN_UNKNOWN = 10
LINE_FOREIGN_SHARE = 0.3
LINE_FOREIGN_MIN_UNKNOWN = 3
# Token spellings whose verdict is remembered across articles (see _learned); past this many learned
# ones the memory is emptied, so endless input cannot grow it without bound (~200k short strings, ~30 MB).
MAX_LEARNED_SPELLINGS = 200_000
# Up to this many suspect spellings are located with str.find, beyond that one pass over every token is
# cheaper (measured on the dev articles: a find costs about a tenth of a pass over ~1,000 tokens).
FIND_MAX_SPELLINGS = 8
# A token longer than this is a blob (base64, a run-together URL or list), not a word: the longest on dev are
# run-together menus of 155 and 276 characters. Checking it cost a copy in each word cache, where a stream of
# articles with blobs of 200 KB grew memory by 0.5 MB an article (issue 14).
MAX_WORD_CHARS = 100
# Up to this many lower-case words are counted one by one (tuple.count), beyond that all of them at once:
# a Counter costs about five counts on the dev articles, and counting per word made an article with
# thousands of different slips take time growing with its square (issue 14).
COUNT_MAX_WORDS = 5

# A whitespace-delimited chunk like these is a URL, address, handle, hashtag, domain, file path,
# markup or mojibake, not prose.
_NON_PROSE_RE = re.compile(
    r"://|www\.|@|^[(\[\"'“‘]*#|[^\W_]\.[^\W\d_]{2,}|[^\W_]/[^\W_]"
    r"|[_={}<>&\\]|[ÃÂâ\ufffd\u0300-\u036f]"
)
# A contraction split by a space or a stray quote: "isn ‘t".
_CONTRACTION_RE = re.compile(r"\s?['’‘](?:t|s|re|ve|ll|d|m)\b")
_CHUNK_END_RE = re.compile(r"\S*")
_LOWER_WORD_RE = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")


class _Context:
    """Per-article facts the rules need, computed only when a suspect word asks for them."""

    def __init__(self, doc: Doc, skip: Sequence[tuple[int, int]]) -> None:
        self.doc = doc
        self.text = doc.text
        self.skip = skip
        self.skip_starts = [s for s, _ in skip]
        self._foreign: dict[int, bool] = {}
        self._line_starts: list[int] | None = None
        self._chunks: dict[int, bool] = {}
        self._chunk = (-1, -1)  # the last chunk's span: a chunk's end was sought once per word in it (n^2)
        self._counts: dict[str, int] = {}
        self._counted_all = False
        self._runs: dict[str, int] | None = None
        self._capital_starts: dict[str, list[int]] | None = None
        self._name_like: dict[str, bool] = {}
        self._foreign_doc: bool | None = None
        self.unknown: set[str] = set()  # spellings of the article's tokens whose lowercase no list knows

    def skipped(self, s: int, e: int) -> bool:
        i = bisect.bisect_right(self.skip_starts, s) - 1
        if i >= 0 and self.skip[i][1] > s:
            return True
        return i + 1 < len(self.skip) and self.skip[i + 1][0] < e

    def count(self, word: str) -> int:
        """How many tokens are ``word`` once lowercased."""
        if word not in self._counts and not self._counted_all:
            if len(self._counts) < COUNT_MAX_WORDS:
                self._counts[word] = self.doc.lower_words.count(word)
            else:  # many words asked about: count every token once, not the whole text per word
                self._counts, self._counted_all = Counter(self.doc.lower_words), True
        return self._counts.get(word, 0)

    def repeated(self, word: str) -> bool:
        """True when the capitalised ``word`` recurs as a name does: more than once as a whole token, and
        once where a name stands (see :func:`named_somewhere`). Counted once per article; positions are
        looked at only for the few words that recur, each once."""
        if self._runs is None:
            self._runs = run_counts(self.text)
        if self._runs.get(word, 0) <= 1:
            return False
        if word not in self._name_like:
            if self._capital_starts is None:
                self._capital_starts = capital_run_starts(self.text)
            self._name_like[word] = named_somewhere(self.text, word, self._capital_starts.get(word, []))
        return self._name_like[word]

    def non_prose(self, s: int, e: int) -> bool:
        """True inside a URL, address, handle, path, markup, mojibake or a split contraction."""
        if _CONTRACTION_RE.match(self.text, e) is not None:
            return True
        a, b = self._chunk
        if not a <= s <= e <= b:  # not in the last chunk: words come in order, so this is once per chunk
            b = _CHUNK_END_RE.match(self.text, e).end()  # type: ignore[union-attr]  # \S* always matches
            text, a = self.text, s
            while a > 0 and not text[a - 1].isspace():
                a -= 1
            self._chunk = a, b
        if b not in self._chunks:  # the whitespace-delimited chunk ending at b
            self._chunks[b] = _NON_PROSE_RE.search(self.text[a:b]) is not None
        return self._chunks[b]

    def foreign(self, pos: int) -> bool:
        """True when the prose of the line holding ``pos`` is mostly lowercase words no list knows."""
        if self._line_starts is None:  # bisected, not searched: a search per word costs a long line's length
            self._line_starts = [s for s, _ in self.doc.lines]
        start, end = self.doc.lines[bisect.bisect_right(self._line_starts, pos) - 1]
        if start not in self._foreign:
            line = self.text[start:end]
            is_known = known_words().__contains__
            lower = _LOWER_WORD_RE.findall(line)
            foreign = len(lower) - sum(map(is_known, lower)) >= LINE_FOREIGN_MIN_UNKNOWN
            if foreign:  # recount without URLs and the like, which only a line with 3+ unknowns can hide
                chunks = [c for c in line.split() if not _NON_PROSE_RE.search(c)]
                lower = [w for c in chunks for w in _LOWER_WORD_RE.findall(c)]
                # Different unknown words: one slip made three times ("teh ... teh ... teh") is no language.
                unknown = len({w for w in lower if not is_known(w)})
                foreign = unknown >= max(LINE_FOREIGN_MIN_UNKNOWN, LINE_FOREIGN_SHARE * len(lower))
            self._foreign[start] = foreign
        return self._foreign[start]

    def foreign_doc(self) -> bool:
        """True when the article is in another language (see DOC_FOREIGN_SHARE); computed once."""
        if self._foreign_doc is None:
            self._foreign_doc = self._mostly_unknown()
        return self._foreign_doc

    def _mostly_unknown(self) -> bool:
        words = self.doc.words
        limit = max(DOC_FOREIGN_MIN_UNKNOWN, DOC_FOREIGN_SHARE * len(words))
        lowercase = set(filter(str.isalpha, filter(str.islower, self.unknown)))
        if not lowercase:
            return False
        hits = _positions(self.doc, lowercase)
        if len(hits) < limit:
            return False
        starts, ends = self.doc.word_starts, self.doc.word_ends
        prose, left = 0, len(hits)
        for i in hits:  # stop as soon as the outcome is settled
            left -= 1
            if not (self.skipped(starts[i], ends[i]) or self.non_prose(starts[i], ends[i])):
                prose += 1
                if prose >= limit:
                    return True
            elif prose + left < limit:
                return False
        return False


def _check(word: str, s: int, ctx: _Context) -> str | None:
    """The suggested correction of a piece :func:`pieces` let through, or None if it passes."""
    if word[0].isupper():
        return check_capitalised(word, s, ctx.text, ctx.repeated)
    if ctx.count(word) >= REPEATED_WORD and short_slip(word) is None:
        # Deliberate: jargon or a site's name. A usual slip of one of the commonest words ("teh" three
        # times) is a writer's habit, not jargon: no term of art is one swapped letter from "the".
        return None
    if len(word) < MIN_LENGTH:
        if word in abbreviations() or inside_name(ctx.text, s, s + len(word)):
            return None
        return short_slip(word)
    best = suggest(word)
    return None if best is None else best[0]


@cache
def _learned() -> tuple[set[str], set[str], set[str]]:
    """Token spellings settled so far, shared by every article: (known, harmless, suspect).

    Known starts as the word list and learns its words' other spellings ("The"); harmless and suspect
    sort the unknown spellings once their context-free gates are worked out, so an article whose
    every spelling is settled costs one set difference.
    """
    return set(known_words()), set(), set()


def _suspects(doc: Doc, ctx: _Context) -> set[str] | None:
    """Spellings in ``doc`` some token of which may be a typo; None for an article in another language."""
    known, harmless, suspect = _learned()
    if len(known) + len(harmless) + len(suspect) > len(known_words()) + MAX_LEARNED_SPELLINGS:
        known.intersection_update(known_words())
        harmless.clear()
        suspect.clear()
    rest = set(doc.words).difference(known)
    if not rest:
        return rest
    found = rest.intersection(suspect)
    pending = []
    for word in rest.difference(harmless).difference(found):
        if len(word) > MAX_WORD_CHARS:
            continue  # a blob: never checked, and never kept in the caches (it counts as unknown)
        if word.lower() in known_words():
            known.add(word)  # a known word spelled with capitals ("The")
            rest.discard(word)
        elif pieces(word):
            pending.append(word)
        else:
            harmless.add(word)  # nothing checkable: names with "-", digits, acronyms
    ctx.unknown = rest
    # Suggestions cost up to a millisecond each, so they wait until the article is known to be English.
    if pending and ctx.foreign_doc():
        return None
    for word in pending:
        if any(flaggable(piece) for _, piece in pieces(word)):
            suspect.add(word)
            found.add(word)
        else:
            harmless.add(word)
    return found


def _positions(doc: Doc, spellings: set[str]) -> list[int]:
    """Indices of the tokens spelled as one of ``spellings``, in order."""
    words = doc.words
    if len(spellings) > FIND_MAX_SPELLINGS:
        return list(compress(range(len(words)), map(spellings.__contains__, words)))
    text, starts, out = doc.text, doc.word_starts, []
    for word in spellings:
        at, n = text.find(word), len(word)
        while at >= 0:
            # A letter or digit on either side makes this a part of a longer token ("ther" in "other").
            if not ((at and text[at - 1].isalnum()) or text[at + n : at + n + 1].isalnum()):
                i = bisect.bisect_left(starts, at)
                if i < len(starts) and starts[i] == at and words[i] == word:
                    out.append(i)
            at = text.find(word, at + 1)
    out.sort()
    return out


def detect_typos(doc: Doc, skip: Sequence[tuple[int, int]] = ()) -> list[Finding]:
    """Non-word misspellings in ``doc``; ``detail`` is the suggested correction.

    Nothing is reported inside the ``skip`` spans (sorted; e.g. citation tokens and markup).
    """
    ctx = _Context(doc, skip)
    suspects = _suspects(doc, ctx)
    if not suspects:
        return []
    words, starts, ends = doc.words, doc.word_starts, doc.word_ends
    findings: list[Finding] = []
    for i in _positions(doc, suspects):
        s, e = starts[i], ends[i]
        if skip and ctx.skipped(s, e):
            continue
        for offset, piece in pieces(words[i]):
            fix = _check(piece, s + offset, ctx)
            # Context checks come last: they cost more than the word checks that rule most tokens out.
            if fix is not None and not ctx.non_prose(s, e) and not ctx.foreign(s):
                findings.append(Finding.at(doc.text, "typo", s + offset, s + offset + len(piece), fix))
    # An article in another language has no typos; checked last, as it rarely matters.
    return [] if findings and ctx.foreign_doc() else findings
