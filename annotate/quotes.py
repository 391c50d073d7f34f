"""TEMPORARY interface placeholder for quotes (being written now)."""
from __future__ import annotations

from dataclasses import dataclass

from .findings import Finding
from .text import Doc


@dataclass(frozen=True, slots=True)
class QuoteScore:
    findings: tuple[Finding, ...]
    quote_share: float
    n_direct_quotes: int
    n_scare_quotes: int
    speakers: tuple[str, ...]

    @property
    def n_speakers(self) -> int:
        return len(self.speakers)


def score_quotes(text: str | Doc) -> QuoteScore:
    return QuoteScore((), 0.0, 0, 0, ())
