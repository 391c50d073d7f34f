"""TEMPORARY interface placeholder for the citations detector (being written now)."""
from __future__ import annotations

from .findings import Finding
from .text import Doc


def detect_citations(doc: Doc) -> list[Finding]:
    return []
