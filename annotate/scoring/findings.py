"""The Finding record every scorer emits: a kind, a character span and a detail."""
from __future__ import annotations

from dataclasses import dataclass

#: Every kind a scorer may emit, in the order the highlighter's legend lists them.
KINDS: tuple[str, ...] = (
    "citation",
    "boilerplate",
    "typo",
    "encoding",
    "hedge",
    "booster",
    "quote",
    "scare_quote",
)

#: Kinds that count as artifacts (junk left in the text rather than style).
ARTIFACT_KINDS: tuple[str, ...] = ("citation", "boilerplate", "typo", "encoding")


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a scorer found: ``text == source[start:end]`` always holds."""

    kind: str
    start: int
    end: int
    text: str
    detail: str | None = None

    @classmethod
    def at(cls, source: str, kind: str, start: int, end: int, detail: str | None = None) -> Finding:
        """Build a finding whose ``text`` is cut from ``source`` so the invariant cannot drift."""
        return cls(kind, start, end, source[start:end], detail)


def sort_findings(findings: list[Finding] | tuple[Finding, ...]) -> tuple[Finding, ...]:
    """Order by start, then longest first, then kind, so output is stable across runs."""
    return tuple(sorted(findings, key=lambda f: (f.start, -f.end, f.kind)))
