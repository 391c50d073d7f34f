"""Find encoding and markup residue: mojibake, HTML entities and tags, Markdown, invisible characters."""
from __future__ import annotations

import html.entities
import re
import unicodedata
from functools import cache, lru_cache

import ftfy
import ftfy.bad_codecs  # registers the sloppy-windows-125x codecs used below
from ftfy.chardata import C1_CONTROL_RE, UTF8_DETECTOR_RE

from annotate.resources import ResourceError, load_patterns, load_word_set
from annotate.scoring.findings import Finding
from annotate.scoring.text import PLAIN_CHARS, Doc

PATTERNS = "encoding_patterns"

# Mojibake is UTF-8 read as a one-byte code page.  These are the code pages whose misreadings
# we look for (ftfy fixes more); chosen because Western and Central European pages are where
# English and European news text gets garbled.  Adding one only widens the cheap prefilter.
MOJIBAKE_ENCODINGS: tuple[str, ...] = ("latin-1", "sloppy-windows-1252", "sloppy-windows-1250")
# Token cache size: tokens repeat across an article (names), a few thousand cover a batch.
TOKEN_CACHE = 4096
# Rows with outer pipes needed to call a block a table when it has no |---| separator:
# one such line is too often a navigation bar, two stacked ones are a table.
MIN_TABLE_ROWS = 2
# Pipes a row needs (two cells) to count as a table row without a separator line.
MIN_ROW_PIPES = 3
# A regex that is one bracketed character class, which matches one character at a time.
_ONE_CLASS = re.compile(r"\[[^\[\]]*\]")
_TOKEN_BREAKS = " \t\n\r\f\v"  # not NBSP: "Ã\xa0" is the mojibake of "à"
# Reported rows that only run when the @invisible prefilter finds a character.
INVISIBLE_LABELS = frozenset({"replacement-char", "zero-width", "control-char"})


@cache
def _rules() -> dict[str, re.Pattern[str]]:
    """Every rule of the pattern file by label (file order kept for the reported ones)."""
    rules: dict[str, re.Pattern[str]] = {}
    for label, regex in load_patterns(PATTERNS):
        if label in rules:
            raise ResourceError(f"annotate/lexicons/{PATTERNS}.txt: label {label!r} is defined twice")
        rules[label] = regex
    for needed in ("@html-entity", "@html-tag", "@table-separator", "@table-row", "@markdown-heading", "@invisible"):
        if needed not in rules:
            raise ResourceError(f"annotate/lexicons/{PATTERNS}.txt: rule {needed!r} is missing")
    return rules


@cache
def _mojibake_chars() -> tuple[re.Pattern[str], frozenset[str]]:
    """UTF-8 lead bytes and continuation bytes as the code pages above show them.

    Derived from the codecs (ftfy registers the sloppy ones) rather than typed in.
    """
    leads = {bytes([b]).decode(enc) for enc in MOJIBAKE_ENCODINGS for b in range(0xC2, 0xF5)}
    conts = {bytes([b]).decode(enc) for enc in MOJIBAKE_ENCODINGS for b in range(0x80, 0xC0)}
    lead_class = "[" + "".join(re.escape(c) for c in sorted(leads)) + "]"
    return re.compile(lead_class), frozenset(conts)


@lru_cache(maxsize=TOKEN_CACHE)
def _mojibake_parts(token: str) -> tuple[tuple[int, int], ...]:
    """Spans of mojibake inside one whitespace-free token, or () when ftfy leaves it alone.

    ftfy decides: it only re-decodes text when that lowers its badness score, so accented
    words such as "café" or "Élysée" stay as they are.  The token is NFC-normalised first
    because some pipelines decompose the "Ã" of mojibake into "A" + a combining tilde.
    """
    nfc = unicodedata.normalize("NFC", token)
    if ftfy.fix_encoding(nfc) == nfc:
        return ()
    parts: list[tuple[int, int]] = []
    if nfc == token:
        for m in UTF8_DETECTOR_RE.finditer(token):
            if parts and m.start() <= parts[-1][1]:
                parts[-1] = (parts[-1][0], m.end())
            else:
                parts.append(m.span())
    if parts:
        return tuple(parts)
    # Offsets of a decomposed token do not map onto ftfy's view: take its non-ASCII stretch.
    wide = [i for i, ch in enumerate(token) if not ch.isascii()]
    start, end = wide[0], wide[-1] + 1
    if start > 0 and unicodedata.combining(token[start]):
        start -= 1
    return ((start, end),)


@cache
def _rare_only(regex: re.Pattern[str]) -> bool:
    """True when ``regex`` is one character class matching no character of PLAIN_CHARS: it then finds
    something in a text exactly when it finds something in the text's rare characters (``Doc.rare``)."""
    return _ONE_CLASS.fullmatch(regex.pattern) is not None and all(regex.match(c) is None for c in PLAIN_CHARS)


def _found_in(regex: re.Pattern[str], doc: Doc) -> bool:
    """``regex.search(doc.text) is not None``, searched in the text's few rare characters when that is the same."""
    rare = doc.rare
    return regex.search(doc.text if rare is None or not _rare_only(regex) else rare) is not None


def _candidates(doc: Doc, c1_possible: bool) -> list[int]:
    """Positions where mojibake may sit: a UTF-8 lead byte followed by a continuation byte
    as the code pages show them, or a C1 control character (a stray byte of UTF-8)."""
    text = doc.text
    lead_re, conts = _mojibake_chars()
    n = len(text)
    hits = [i for m in lead_re.finditer(text) if (i := m.start()) + 1 < n and text[i + 1] in conts] \
        if _found_in(lead_re, doc) else []
    if c1_possible:
        hits += [m.start() for m in C1_CONTROL_RE.finditer(text)]
        hits.sort()
    return hits


def _mojibake(doc: Doc, c1_possible: bool) -> list[Finding]:
    text = doc.text
    if text.isascii():
        return []
    out: list[Finding] = []
    done = 0
    n = len(text)
    for i in _candidates(doc, c1_possible):
        if i < done:
            continue
        start, end = i, i + 1
        while start > 0 and text[start - 1] not in _TOKEN_BREAKS:
            start -= 1
        while end < n and text[end] not in _TOKEN_BREAKS:
            end += 1
        done = end
        for a, b in _mojibake_parts(text[start:end]):
            out.append(Finding.at(text, "encoding", start + a, start + b, "mojibake"))
    return out


def _is_entity(match: str) -> bool:
    """True for a numeric reference or a name HTML5 defines ("&amp;quot;" is judged by "quot;")."""
    name = match[1:]
    while name.startswith("amp;") and len(name) > 4:
        name = name[4:]
    return name.startswith("#") or name in html.entities.html5


def _tags(text: str, regex: re.Pattern[str]) -> list[Finding]:
    out = []
    known = load_word_set("encoding_html_tags")
    for m in regex.finditer(text):
        closing, name, attrs, self_closing = m.groups()
        if name.lower() in known or (
            name.islower() and (closing or self_closing or '="' in attrs or "='" in attrs)
        ):
            out.append(Finding.at(text, "encoding", m.start(), m.end(), "html-tag"))
    return out


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _markdown_lines(doc: Doc, rules: dict[str, re.Pattern[str]]) -> list[Finding]:
    """Pipe-table lines (one finding per line) and "## heading" lines."""
    text = doc.text
    has_pipe, has_hash = "|" in text, "#" in text
    if not (has_pipe or has_hash):
        return []
    sep_re, row_re, head_re = rules["@table-separator"], rules["@table-row"], rules["@markdown-heading"]
    out: list[Finding] = []
    block: list[tuple[int, int, str]] = []  # consecutive lines holding a pipe: (start, end, role)

    def close_block() -> None:
        seps = sum(role == "sep" for _, _, role in block)
        rows = sum(role == "row" for _, _, role in block)
        if seps or rows >= MIN_TABLE_ROWS:
            for s, e, role in block:
                if seps or role == "row":
                    out.append(Finding.at(text, "encoding", s, e, "markdown-table"))
        block.clear()

    for ls, le in doc.lines:
        s, e = _strip(text, ls, le)
        if has_pipe and text.find("|", s, e) >= 0:
            if sep_re.fullmatch(text, s, e):
                role = "sep"
            elif row_re.fullmatch(text, s, e) and text.count("|", s, e) >= MIN_ROW_PIPES:
                role = "row"
            else:
                role = "loose"
            block.append((s, e, role))
            continue
        if block:
            close_block()
        if has_hash and text.startswith("#", s) and head_re.fullmatch(text, s, e):
            out.append(Finding.at(text, "encoding", s, e, "markdown-heading"))
    if block:
        close_block()
    return out


def _drop_nested(findings: list[Finding]) -> list[Finding]:
    """Keep the outer finding when one lies inside another (an entity inside a tag)."""
    kept: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if kept and f.end <= kept[-1].end:
            continue
        kept.append(f)
    return kept


def detect_encoding(doc: Doc) -> list[Finding]:
    """Encoding and markup residue in ``doc``; detail names what was found (e.g. "mojibake")."""
    text = doc.text
    rules = _rules()
    check_invisible = _found_in(rules["@invisible"], doc)
    found = _mojibake(doc, check_invisible)
    if "&" in text:
        for m in rules["@html-entity"].finditer(text):
            if _is_entity(m.group()):
                found.append(Finding.at(text, "encoding", m.start(), m.end(), "html-entity"))
    if "<" in text:
        found += _tags(text, rules["@html-tag"])
    found += _markdown_lines(doc, rules)
    for label, regex in rules.items():
        if label.startswith("@"):
            continue
        if label in INVISIBLE_LABELS and not check_invisible:
            continue
        found += [Finding.at(text, "encoding", m.start(), m.end(), label) for m in regex.finditer(text)]
    return _drop_nested(found)
