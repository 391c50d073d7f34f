"""The people an article has named so far, looked up by index so that each new name costs no pass over them all."""
from __future__ import annotations

import re
from bisect import bisect_right

from annotate.scoring.quotes.names import full_name, name_after, name_char
from annotate.scoring.quotes.phrases import clean_name, name_lead

#: Known names are indexed by every piece of up to this many characters: a name inside a known one holds
#: its pieces, so only the known names holding its rarest piece are read. 3 keeps the index at about
#: three entries per character, while most three-letter pieces of real names are rare.
PIECE = 3
#: Up to this many known names are scanned in order, as before issue 14; past it they are indexed. No dev
#: article names more than 24 people, so they score as fast as ever, while a text naming thousands takes
#: time in proportion to its length.
SCANNED_NAMES = 32
#: Surnames whose full name is searched for in the text; past this many, the text's words are indexed once
#: instead. Indexing a median dev article (4 KB) costs as much as 250 searches (241 us against 0.9 us).
SEARCHED_SURNAMES = 100
# A run of letters and digits right after whitespace: where a name's first word may start.
_RUN_AFTER_SPACE = re.compile(r"(?<=\s)[^\W_]+")
_RUN = re.compile(r"[^\W_]+")


def _pieces(name: str, size: int) -> set[str]:
    return {name[i:i + size] for i in range(len(name) - size + 1)}


class KnownNames:
    """Speakers and people named in an article, in order of appearance; one person is one name.

    :meth:`canonical` maps "Rutte" to an earlier "Mark Rutte": the first known name with the same last
    word or containing the name, as a scan of every known name in order finds it. Scanning cost the
    number of names for each new one, so a long text naming a new speaker in every sentence took time
    growing with its square (issue 14); indexes by last word and by pieces find the same name directly.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.names: list[str] = []
        self._first_with_last: dict[str, int] = {}
        self._with_piece: dict[str, list[int]] = {}
        self._canonical: dict[str, str] = {}
        self._run_starts: dict[str, list[int]] | None = None
        self._sought = 0
        self._titled: dict[str, tuple[int, list[int], list[tuple[int, str]]]] = {}

    def canonical(self, name: str, before: int) -> str:
        """Map "Rutte" to an earlier "Mark Rutte" (a speaker or a mention) so one person is one speaker."""
        if name in self._canonical:
            return self._canonical[name]
        last = name.split()[-1]
        if name[0].islower():
            # A speaker named by office ("the minister"): the holder named before, else the office.
            holder = self._holder(last, before)
            return self.canonical(holder, before) if holder is not None else name
        known = self._first_match(name, last)
        if known is not None:
            # Names are only ever added after the others, so this stays the first match: remember it.
            self._canonical[name] = known
            return known
        found = name
        if " " not in name:
            lead = full_name(self.text, name, before, self._starts_of(name))
            if lead is not None:
                found = clean_name([*name_lead(lead.split()), name]) or name
        self._add(found)
        if found.split()[-1] == last or name in found:
            self._canonical[name] = found
        return found

    def _holder(self, title: str, before: int) -> str | None:
        """``names.title_holder(text, title, before)``, from the places where the capitalised title precedes
        a name, found once per title: searching back through the text for each quote that a "the minister
        said" closes took time growing with the square of the text."""
        if title not in self._titled:
            cap = title[:1].upper() + title[1:] + " "
            starts: list[int] = []
            holders: list[tuple[int, str]] = []
            for m in re.finditer(re.escape(cap), self.text):
                name = name_after(self.text, m.end())
                if name is not None and (m.start() == 0 or not name_char(self.text[m.start() - 1])):
                    starts.append(m.start())
                    holders.append((m.end(), name))
            self._titled[title] = len(cap), starts, holders
        size, starts, holders = self._titled[title]
        # The last title before ``before`` that names somebody there: a name that runs past ``before``
        # is cut there (as the search up to it did), which may leave too little of it.
        i = bisect_right(starts, before - size)
        while i > 0:
            i -= 1
            at, name = holders[i]
            cut = name if at + len(name) <= before else name_after(self.text, at, before)
            if cut is not None:
                return cut
        return None

    def _first_match(self, name: str, last: str) -> str | None:
        """The first known name whose last word is ``last`` or that contains ``name``."""
        if len(self.names) <= SCANNED_NAMES:
            return next((k for k in self.names if k.split()[-1] == last or name in k), None)
        if not self._with_piece:  # past SCANNED_NAMES: index the names known so far, then each new one
            for i, known in enumerate(self.names):
                self._index(known, i)
        best = self._first_with_last.get(last)
        pieces = _pieces(name, min(PIECE, len(name)))
        holding = min((self._with_piece.get(p, []) for p in pieces), key=len)
        for i in holding:  # in order: the first known name that contains ``name`` holds its rarest piece
            if best is not None and i >= best:
                break
            if name in self.names[i]:
                best = i
                break
        return None if best is None else self.names[best]

    def _add(self, name: str) -> None:
        self.names.append(name)
        if self._with_piece:
            self._index(name, len(self.names) - 1)

    def _index(self, name: str, i: int) -> None:
        self._first_with_last.setdefault(name.split()[-1], i)
        for size in range(1, PIECE + 1):
            for piece in _pieces(name, size):
                self._with_piece.setdefault(piece, []).append(i)

    def _starts_of(self, surname: str) -> list[int] | None:
        """Where a word starting like ``surname`` follows whitespace: the only places :func:`full_name` can
        find a first name before it. None for the first SEARCHED_SURNAMES surnames, which it searches for."""
        self._sought += 1
        if self._sought <= SEARCHED_SURNAMES:
            return None
        if self._run_starts is None:
            self._run_starts = {}
            for m in _RUN_AFTER_SPACE.finditer(self.text):
                self._run_starts.setdefault(m.group(), []).append(m.start())
        head = _RUN.match(surname)
        return self._run_starts.get(head.group(), []) if head is not None else []
