"""Find chatbot citation tokens (oaicite, citeturn, 【†】, utm_source=chatgpt.com ...) left in text."""
from __future__ import annotations

import re
from functools import cache

from annotate.resources import ResourceError, load_lexicon, load_table
from annotate.scoring.findings import Finding
from annotate.scoring.text import Doc

PATTERNS = "citations_patterns"
_MACRO_REF = re.compile(r"\{@(\w+)\}")

# Brackets a chatbot (or a copy-paste) may leave glued around any token; they belong to it.
OPENERS = "【"
CLOSERS = "】"


def _expand(body: str, macros: dict[str, str], where: str) -> str:
    """Replace every ``{@NAME}`` in ``body`` by the macro's (already expanded) text."""

    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in macros:
            raise ResourceError(f"annotate/lexicons/{PATTERNS}.txt: {where}: unknown macro {{@{name}}}")
        return macros[name]

    return _MACRO_REF.sub(one, body)


@cache
def _compiled() -> tuple[tuple[tuple[str, re.Pattern[str]], ...], re.Pattern[str]]:
    """(family, regex) rows in file order, and the regex of one private-use separator."""
    sources = sorted(load_lexicon("citations_utm_sources"), key=len, reverse=True)
    macros = {"UTM_SOURCES": "|".join(re.escape(s) for s in sources)}
    rows: list[tuple[str, re.Pattern[str]]] = []
    for label, body in load_table(PATTERNS, 2):
        expanded = _expand(body, macros, label)
        if label.startswith("@"):
            macros[label[1:]] = expanded
            continue
        try:
            rows.append((label, re.compile(expanded)))
        except re.error as exc:
            raise ResourceError(f"annotate/lexicons/{PATTERNS}.txt: rule {label!r}: bad regex: {exc}") from exc
    if "SEP" not in macros:
        raise ResourceError(f"annotate/lexicons/{PATTERNS}.txt: the @SEP macro is missing")
    return tuple(rows), re.compile(macros["SEP"])


@cache
def _triggers() -> tuple[tuple[str, str], ...]:
    """(literal, family) pairs: a family is only searched when one of its literals occurs."""
    return tuple((literal, family) for family, literal in load_table("citations_triggers", 2))


def _widen(text: str, start: int, end: int, sep: re.Pattern[str]) -> tuple[int, int]:
    """Take in the private-use separators and a 【 】 glued around a token (spaces allowed inside)."""
    while start > 0 and sep.fullmatch(text[start - 1]):
        start -= 1
    back = start
    while back > 0 and text[back - 1] in " \t":
        back -= 1
    if back > 0 and text[back - 1] in OPENERS:
        start = back - 1
    n = len(text)
    while end < n and sep.fullmatch(text[end]):
        end += 1
    ahead = end
    while ahead < n and text[ahead] in " \t":
        ahead += 1
    if ahead < n and text[ahead] in CLOSERS:
        end = ahead + 1
    return start, end


def find_citations(text: str) -> list[Finding]:
    """Citation findings of ``text``; a chain of adjacent tokens is one finding."""
    families = {family for literal, family in _triggers() if literal in text}
    if not families:
        return []
    rows, sep = _compiled()
    # Every row scans on its own (a literal first character lets the engine skip ahead);
    # the leftmost match wins, then the earlier row, as one big alternation would do.
    hits = sorted(
        (m.start(), order, m.end(), family)
        for order, (family, regex) in enumerate(rows)
        if family in families
        for m in regex.finditer(text)
        if m.end() > m.start()
    )
    chains: list[tuple[int, int, str]] = []  # a chain is named after its first token's family
    last_end = -1
    for start, _, end, family in hits:
        if start < last_end:
            continue  # inside a token already taken, e.g. the utm URL of an oai_citation link
        last_end = end
        start, end = _widen(text, start, end, sep)
        if chains and (start <= chains[-1][1] or not sep.sub("", text[chains[-1][1] : start])):
            chains[-1] = (chains[-1][0], max(end, chains[-1][1]), chains[-1][2])
        else:
            chains.append((start, end, family))
    return [Finding.at(text, "citation", s, e, family) for s, e, family in chains]


def detect_citations(doc: Doc) -> list[Finding]:
    """Chatbot citation tokens of ``doc``, detail = token family (oaicite, utm, gemini ...)."""
    return find_citations(doc.text)
