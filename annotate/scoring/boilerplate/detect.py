"""Web boilerplate in scraped articles: comment forms, share bars, bylines, menus, footers."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate, compress
from operator import add, itemgetter, sub

from annotate.scoring.boilerplate.finder import finder_lines, folded, lines_containing, needles, text_is_plain
from annotate.scoring.boilerplate.patterns import BULLET
from annotate.scoring.boilerplate.rules import LONG, PREFIXES, SHORT, call_to_action, rule_set
from annotate.scoring.findings import Finding
from annotate.scoring.text import Doc, split_sentences

KIND = "boilerplate"

# All thresholds below were measured on the dev set (line precision / recall / share of content
# characters flagged, the Issue 5 targets being >= 0.97 / >= 0.80 / <= 1%); the chosen values give
# 0.991 / 0.851 / 0.77%.  Each comment names what its neighbours cost.
#
# A line at least this long (stripped) is body text, never a navigation candidate.  100 loses
# 3 points of recall; 150 flags 1.3% of content (teaser blurbs are 80-150 chars, body paragraphs
# mostly longer).
GOOD_LINE_CHARS = 120
# A shorter line still counts as body text when it reads like a sentence: at least this long,
# ending in . ! or ?, and with at most CAPITALISED_SHARE of its words capitalised (headlines of
# other stories are Title Case).  Without this rule precision falls to 0.975 and 2.9% of content
# is flagged; 20-45 chars and a share of 0.6-0.8 all score alike, 0.5 flags 1.4% of content.
SENTENCE_LINE_CHARS = 30
CAPITALISED_SHARE = 0.6
# Navigation comes in runs: a lone short line between paragraphs is kept (jusText's context
# idea).  2 and 3 score the same on dev; 3 is the more cautious.
MIN_NAV_RUN = 3
# jusText-style heading: a short line at most HEADING_LINES lines (rule-flagged lines such as a
# byline do not count) and HEADING_CHARS characters before a body line is a heading, not a menu.
# 2 lines keeps a title plus a subtitle (seed 001); 1 line would gain 2 points of recall, 3 lose 2.
# 100-300 chars score alike.
HEADING_LINES = 2
HEADING_CHARS = 200
# A short line with this many separate numbers is a table row (standings, prices), not a menu.
# Without it precision is 0.987 and 1.06% of content is flagged; 4 scores like 3.
TABLE_ROW_NUMBERS = 3
# boilerplate_rules.txt describes short widgets (its longest rule, a copyright line, allows ~230
# characters); longer lines are only tried against boilerplate_long_rules.txt, which keeps the
# many rules off body paragraphs.  Lines beyond MAX_RULE_LINE_CHARS (past the ~850 characters a
# cookie banner rule allows) are never tried.
SHORT_RULE_LINE_CHARS = 240
# A run of short lines that opens with item 1 of a numbered list counting on ("1) ...", "2) ...") holds a
# listicle's items, which are the article; menus are not numbered, and a "Most read" list opens with its
# heading.  The list ends one item's worth of lines after its last item (the link under each product).
# Written for a page of dev half B (half A has no numbered list), so B does not check it independently.
MIN_LIST_ITEMS = 3
MAX_RULE_LINE_CHARS = 900

_EMPHASIS = "*_"  # Markdown's emphasis marks, around a whole line
_NUMBER = re.compile(r"(?<![\w:/.-])\d[\d.,%]*(?![\w:/-])")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?$")
_SENTENCE_LAST_CHARS = frozenset(".!?\"'”’)")  # a line _SENTENCE_END can match ends so
# A line from its first non-space character.  Splitting on it (captured) yields gap, line, gap,
# line ..., whose running lengths give every line's offsets in one pass.
# A line: its list bullet, if any (perhaps empty), then its text from the first non-space on.
_LINE_SPLIT = re.compile(rf"((?:{BULLET}[^\S\n]+(?=\S))?)(\S[^\n]*)")
_DIGIT = re.compile(r"\d")
_ITEM = re.compile(r"\(?(\d{1,3})[.)]\s")
# The attribution line under an embedded post ("— Jane Doe (@jdoe) November 18, 2019") belongs to the
# quoted post in the article body: on dev half A, 12 of 12 such lines are content.
_EMBED_BYLINE = re.compile(r"[—–]+ .{1,80}\(@\w{1,30}\) \w+ \d{1,2}, \d{4}$")
_SHORT_LENGTHS = range(1, SHORT_RULE_LINE_CHARS + 1)
_MID_LENGTHS = range(SENTENCE_LINE_CHARS, GOOD_LINE_CHARS)  # lines that may still read as a sentence
_NAV_RUN = re.compile(b"\\x00{%d,}" % MIN_NAV_RUN)  # over one byte per line, 1 = body text


def _is_call_to_action(text: str, start: int, end: int, lower: str) -> bool:
    """True when every sentence of the line is a reader-engagement prompt (seed 004's closer)."""
    cta = call_to_action()
    if cta.match(lower) is None:
        return False
    return all(cta.fullmatch(text[s:e].lower()) for s, e in split_sentences(text, start, end))


def _sentence_like(line: str) -> bool:
    if len(line) < SENTENCE_LINE_CHARS or _SENTENCE_END.search(line) is None:
        return False
    words = line.split()
    capitalised = sum(map(str.isupper, map(itemgetter(0), words)))
    return capitalised <= CAPITALISED_SHARE * len(words)


def _main_block(lengths: list[int], good: list[bool]) -> tuple[int, int]:
    """Line range with the most body text minus other text (maximum subarray, as in BTE).

    Kadane's scan in prefix sums: the best block ending at line j starts after the lowest
    prefix sum before it (the latest such on ties) and the first strictly best end wins.
    """
    prefix = list(accumulate([n if ok else -n for n, ok in zip(lengths, good, strict=True)], initial=0))
    lowest = list(accumulate(prefix[:-1], min))
    gains = list(map(sub, prefix[1:], lowest))
    best = max(gains, default=0)
    if best <= 0:
        return 0, 0
    end = gains.index(best)
    start = end - prefix[end::-1].index(lowest[end])
    return start, end + 1


def _navigation(lengths: list[int], good: list[bool], rule: dict[int, str], texts: list[str]) -> list[int]:
    """Indices of short lines that sit in a run of short lines outside the article body."""
    flags = bytes(good)
    runs = [m.span() for m in _NAV_RUN.finditer(flags)]
    if not runs or 1 not in flags:
        return []  # without any body text there is no context to judge a menu by
    body_start, body_end = _main_block(lengths, good)
    n = len(good)
    out: list[int] = []
    for i, j in runs:
        if body_start <= i and j <= body_end:
            continue
        # Lines just above a body line are a heading while few and short enough: walk up to them.
        top = j
        if j < n:
            chars = lines = 0
            while top > i:
                chars += lengths[top - 1]
                lines += (top - 1) not in rule
                if lines > HEADING_LINES or chars > HEADING_CHARS:
                    break
                top -= 1
        listed = _numbered_list(texts, i, top)
        menu = [k for k in range(i, top) if k not in rule and k not in listed
                and _EMBED_BYLINE.match(texts[k]) is None]
        digits = map(_DIGIT.search, map(texts.__getitem__, menu))
        out += [k for k, d in zip(menu, digits, strict=True)
                if d is None or len(_NUMBER.findall(texts[k])) < TABLE_ROW_NUMBERS]
    return out


def _numbered_list(texts: list[str], i: int, j: int) -> range:
    """Lines of ``texts[i:j]`` that are a numbered list opening the run (see MIN_LIST_ITEMS)."""
    first = _ITEM.match(texts[i])
    if first is None or first.group(1) != "1":
        return range(0)
    items = [i]
    for k in range(i + 1, j):
        m = _ITEM.match(texts[k])
        if m is not None:
            if int(m.group(1)) != len(items) + 1:
                break  # the numbering stops counting on: what follows is something else
            items.append(k)
    if len(items) < MIN_LIST_ITEMS:
        return range(0)
    return range(i, min(j, 2 * items[-1] - items[-2]))


def _rule_name(text: str, start: int, end: int, lower: str, prompt: bool = True) -> str | None:
    """The rule flagging the whole stripped line ``text[start:end]`` (``lower`` lower-cased), if any;
    ``prompt`` False skips reader prompts (the finder saw none open the line)."""
    if end - start > MAX_RULE_LINE_CHARS:
        return None
    line = text[start:end]
    hit = rule_set(SHORT).find(line, lower) if end - start <= SHORT_RULE_LINE_CHARS else None
    hit = hit or rule_set(LONG).find(line, lower)
    if hit is None and len(line) > 2 and line[0] in _EMPHASIS and line[-1] == line[0]:
        # A Markdown line in emphasis ("*By Jane Doe | Updated 10:32 a.m.*") is judged by what it says.
        inner = line.strip(line[0]).strip()
        hit = rule_set(SHORT).find(inner, inner.lower()) if len(inner) <= SHORT_RULE_LINE_CHARS else None
    if hit is not None:
        return hit[0]
    return "call-to-action" if prompt and _is_call_to_action(text, start, end, lower) else None


def _candidates(text: str, starts: list[int], ends: list[int],
                lengths: list[int]) -> tuple[set[int], set[int]]:
    """Lines some rule might flag, and among them those a reader prompt might open."""
    prompts, cased = finder_lines(text, text.lower(), starts)
    found = prompts | cased
    low = folded(text)
    found.update(lines_containing(low, needles(PREFIXES), starts, ends))
    long_hits = lines_containing(low, needles(LONG), starts, ends)
    found.update(k for k in long_hits if lengths[k] <= MAX_RULE_LINE_CHARS)
    # Short-line rules are sought in the short lines alone, mostly a small part of an article.
    short = list(compress(range(len(lengths)), map(_SHORT_LENGTHS.__contains__, lengths)))
    if short:
        pieces = [low[starts[k] : ends[k]] for k in short]
        piece_starts = list(accumulate([len(p) + 1 for p in pieces[:-1]], initial=0))
        piece_ends = list(map(add, piece_starts, map(len, pieces)))
        hits = lines_containing(b"\n".join(pieces), needles(SHORT), piece_starts, piece_ends)
        found.update(short[i] for i in hits)
    return found, prompts


def _without_citations(texts: list[str], starts: list[int], citations: Sequence[Finding]) -> dict[int, str]:
    """The lines that hold chatbot citation tokens, by index, with the tokens taken out.

    A report line ending in a token ("The plan adds two bus lines. :contentReference[oaicite:0]{index=0}") no
    longer ends like a sentence, so a few such lines in a row were flagged as a menu; judged without the
    token they read as the sentences they are.
    """
    clean: dict[int, str] = {}
    for c in citations:
        k = bisect_right(starts, c.start) - 1
        if k < 0:
            continue
        line = clean.get(k, texts[k])
        a, b = c.start - starts[k], c.end - starts[k]
        if b > len(texts[k]):
            continue  # a token across lines: leave both lines as they are
        # Blank the token out at its place (the same length keeps later tokens' offsets), then squeeze.
        clean[k] = line[:a] + "\0" * (b - a) + line[b:]
    return {k: " ".join(t.replace("\0", " ").split()) for k, t in clean.items()}


def detect_boilerplate(doc: Doc, citations: Sequence[Finding] = ()) -> list[Finding]:
    """Boilerplate lines of ``doc`` (the stripped line is the span; a desk tag alone is flagged).

    ``citations`` (the article's chatbot citation findings) are disregarded when judging whether a line
    reads as body text (see :func:`_without_citations`).
    """
    text = doc.text
    parts = _LINE_SPLIT.split(text)  # between lines, bullet, line text, between, bullet, line text, ...
    bounds = list(accumulate(map(len, parts)))
    texts = list(map(str.rstrip, parts[2::3]))
    starts = bounds[1:-1:3]
    ends = list(map(add, starts, map(len, texts)))
    lengths = list(map(len, texts))
    if text_is_plain(text):
        found, prompts = _candidates(text, starts, ends, lengths)
        # Lines wrapped in emphasis start with "*" or "_", where no rule's first characters are sought.
        found.update(k for k, line in enumerate(texts) if line[:1] in _EMPHASIS and len(line) > 2
                     and line[-1] == line[0])
        tried: list[int] = sorted(found)
    else:  # rare characters break the whole-text shortcuts: try every line
        tried = list(range(len(texts)))
        prompts = set(tried)
    findings: list[Finding] = []
    rule: dict[int, str] = {}
    prefixes = rule_set(PREFIXES)
    for k in tried:
        start, end = starts[k], ends[k]
        line_lower = texts[k].lower()
        name = _rule_name(text, start, end, line_lower, k in prompts)
        if name is not None:
            rule[k] = name
            findings.append(Finding.at(text, KIND, start, end, name))
        elif (tag := prefixes.find(texts[k], line_lower, whole=False)) is not None:
            findings.append(Finding.at(text, KIND, start, start + tag[1], tag[0]))
    good = list(map(GOOD_LINE_CHARS.__le__, lengths))
    for k in rule:
        good[k] = False
    # Reading like a sentence only turns short lines into body text: without a run of short
    # lines to begin with, there is no menu to find.
    if _NAV_RUN.search(bytes(good)):
        for k in compress(range(len(texts)), map(_MID_LENGTHS.__contains__, lengths)):
            if k not in rule and texts[k][-1] in _SENTENCE_LAST_CHARS:
                good[k] = _sentence_like(texts[k])
        for k, line in _without_citations(texts, starts, citations).items():
            if k not in rule and line:
                good[k] = len(line) >= GOOD_LINE_CHARS or (line[-1] in _SENTENCE_LAST_CHARS and _sentence_like(line))
        for k in _navigation(lengths, good, rule, texts):
            findings.append(Finding.at(text, KIND, starts[k], ends[k], "navigation"))
    findings.sort(key=lambda f: f.start)
    return findings
