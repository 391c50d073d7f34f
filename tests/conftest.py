"""Shared fixtures: the seed articles, read straight from seeds/."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def seed_path(number: str) -> Path:
    """The seed whose file name starts with ``number`` (e.g. "003")."""
    (path,) = sorted(SEEDS.glob(f"{number}-*.txt"))
    return path


def seed_text(number: str) -> str:
    return seed_path(number).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    """Seed number ("000".."004") -> full text."""
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
