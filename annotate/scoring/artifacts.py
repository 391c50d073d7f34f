"""Artifacts: chatbot citation tokens, web boilerplate, typos and encoding residue."""
from __future__ import annotations

from dataclasses import dataclass

from annotate.scoring.boilerplate.detect import detect_boilerplate
from annotate.scoring.citations import detect_citations
from annotate.scoring.encoding import detect_encoding
from annotate.scoring.findings import Finding, sort_findings
from annotate.scoring.text import Doc, as_doc
from annotate.scoring.typos.detect import detect_typos


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
