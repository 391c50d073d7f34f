"""Shared fixtures: the seed articles, a writable copy of them, and a panel input helper."""
from __future__ import annotations

import getpass
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from annotate import ReviewPanel

ROOT = Path(__file__).resolve().parent.parent
# The tests (and the kernels and subprocesses they start) keep the scoring tables in a cache of their own,
# never the user's: a developer's cache cannot feed the tests, nor the tests fill it. It is kept between runs
# (each table is keyed by the files it was built from) so a run does not rebuild them. CI may point it elsewhere.
TEST_CACHE = Path(tempfile.gettempdir()) / f"annotate-test-cache-{getpass.getuser()}"
os.environ.setdefault("ANNOTATE_CACHE_DIR", str(TEST_CACHE))

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
    """Set panel inputs as Python code does: the form's kernel-side values (lists for multi fields)."""
    panel.form.values = {**panel.form.values, **values}


def act(panel: ReviewPanel, action: str, values: dict[str, object] | None = None, confirm: bool = False,
        token: int | None = None) -> dict[str, object]:
    """Send the message the browser sends for a click or key: the action, the values on screen, its token.

    Returns the status the panel answers with (its ``ack`` is this message's sequence number).
    """
    act.seq = getattr(act, "seq", 0) + 1  # type: ignore[attr-defined]
    panel.form.receive({"kind": "action", "action": action, "confirm": confirm, "seq": act.seq,  # type: ignore[attr-defined]
                        "token": panel.form.token if token is None else token,
                        "values": dict(panel.form.values if values is None else values)})
    status = dict(panel.form.status)
    assert status["ack"] == act.seq  # type: ignore[attr-defined]
    return status


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` run only with ANNOTATE_SLOW=1 (``.ci/run`` sets it); ``make test`` runs the light ones."""
    if os.environ.get("ANNOTATE_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow variant: set ANNOTATE_SLOW=1 to run it (.ci/run does)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
