"""Every finding and number on the seeds, pinned: a speed change must not move one (issue 12)."""
from __future__ import annotations

from pathlib import Path

from benchmarks.findings_digest import digests

ROOT = Path(__file__).resolve().parents[2]
#: benchmarks/findings_digest.py seeds, on the code before the speed work (e469f73) and after it. A deliberate
#: change of what the scorers find updates this in its own commit, with its own measurement.
SEEDS_DIGEST = "e01810322af56cfcdb3291f2e02a40b311e307be3cf2674fad8c62f32b0f5f57"


def test_the_seeds_findings_are_unchanged() -> None:
    per_file, overall, texts = digests(ROOT / "seeds")
    assert texts == 5 and len(per_file) == 5
    assert overall == SEEDS_DIGEST, "a finding or number on the seeds changed: see findings_digest.py --dump"
