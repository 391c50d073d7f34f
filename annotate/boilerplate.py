"""TEMPORARY interface placeholder for the boilerplate detector (being written now)."""
from __future__ import annotations

from .findings import Finding
from .text import Doc


def detect_boilerplate(doc: Doc) -> list[Finding]:
    return []
