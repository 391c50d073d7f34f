"""Shared fixtures: the seed articles, a writable copy of them, and a panel input helper."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from annotate import ReviewPanel

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


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SEEDS, tmp_path / "seeds"))


@pytest.fixture
def labels(tmp_path: Path) -> Path:
    return tmp_path / "labels"


def fill(panel: ReviewPanel, **values: object) -> None:
    """Set panel inputs the way a reviewer would: widget values, checkbox by checkbox for multi fields."""
    for name, value in values.items():
        field = panel.fields.inputs[name]
        if field.field.type == "multi":
            assert isinstance(value, list)
            for option, box in zip(field.field.options, field._checkboxes, strict=True):
                box.value = option in value
        else:
            field.input.value = value
