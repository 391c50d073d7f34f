"""TEMPORARY interface placeholder for hedging (being written now)."""
from __future__ import annotations

from dataclasses import dataclass

from .findings import Finding
from .text import Doc, as_doc


@dataclass(frozen=True, slots=True)
class HedgeScore:
    findings: tuple[Finding, ...]
    n_words: int
    n_hedges: int
    n_boosters: int
    hedges_per_100_words: float
    boosters_per_100_words: float


def score_hedging(text: str | Doc) -> HedgeScore:
    doc = as_doc(text)
    return HedgeScore((), len(doc.words), 0, 0, 0.0, 0.0)
