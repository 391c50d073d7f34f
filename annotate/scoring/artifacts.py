"""Artifacts: chatbot citation tokens, web boilerplate, typos and encoding residue."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from annotate.scoring.boilerplate.detect import detect_boilerplate
from annotate.scoring.citations import detect_citations
from annotate.scoring.encoding import detect_encoding
from annotate.scoring.findings import Finding, sort_findings
from annotate.scoring.text import Doc, as_doc
from annotate.scoring.typos.detect import detect_typos

#: Encoding findings that are whole Markdown lines (lexicons/encoding_patterns.txt).
MARKDOWN_LINES = frozenset({"markdown-heading", "markdown-table"})


def _within(finding: Finding, spans: list[tuple[int, int]]) -> bool:
    """Whether ``finding`` lies inside one of ``spans`` (sorted, not overlapping one another)."""
    k = bisect_right(spans, (finding.start, finding.end + 1)) - 1  # the last span starting at or before it
    return k >= 0 and spans[k][0] <= finding.start and finding.end <= spans[k][1]


@dataclass(frozen=True, slots=True)
class ArtifactScore:
    """Artifact findings of one text and a count per kind."""

    findings: tuple[Finding, ...]
    n_citations: int
    n_boilerplate: int
    n_typos: int
    n_encoding: int

    @property
    def n_artifacts(self) -> int:
        return self.n_citations + self.n_boilerplate + self.n_typos + self.n_encoding


def score_artifacts(text: str | Doc) -> ArtifactScore:
    """Find citation tokens, boilerplate lines, typos and encoding residue in ``text``."""
    doc = as_doc(text)
    citations = detect_citations(doc)
    encoding = detect_encoding(doc)
    boilerplate = detect_boilerplate(doc, citations)  # a line is judged without its citation tokens
    # A Markdown heading or table row in a run of short lines is Markdown residue, which says more than
    # "navigation": counted once, as encoding (a 69-word article with a table counted every row twice).
    markdown = sorted((f.start, f.end) for f in encoding if f.detail in MARKDOWN_LINES)
    if markdown:
        boilerplate = [f for f in boilerplate if f.detail != "navigation" or not _within(f, markdown)]
    # Typos are not looked for inside citation tokens or markup: "oaicite" is not a misspelling.
    skip = sorted((f.start, f.end) for f in (*citations, *encoding))
    typos = detect_typos(doc, skip)
    return ArtifactScore(
        findings=sort_findings([*citations, *boilerplate, *typos, *encoding]),
        n_citations=len(citations),
        n_boilerplate=len(boilerplate),
        n_typos=len(typos),
        n_encoding=len(encoding),
    )
