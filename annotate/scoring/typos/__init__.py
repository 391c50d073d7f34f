"""Typos: unknown words with a close, much more frequent dictionary word ("Accordint" → "According")."""
from annotate.scoring.typos.detect import detect_typos

__all__ = ["detect_typos"]
