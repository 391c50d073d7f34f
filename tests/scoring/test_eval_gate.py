"""Evaluation gate: per-kind must-flag recall and must-not-flag violations on project-owned cases."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from annotate import KINDS, Finding, score_text
from tests.conftest import seed_text

GATE = Path(__file__).resolve().parent / "eval_gate"
CASES = GATE / "cases.jsonl"
FLOORS = GATE / "floors.json"


@dataclass(frozen=True)
class Failure:
    case: str
    kind: str
    expectation: str
    found: str

    def __str__(self) -> str:
        return f"  [{self.case}] {self.kind}: {self.expectation}\n      found: {self.found}"


@cache
def load_cases() -> tuple[dict[str, Any], ...]:
    lines = CASES.read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line) for line in lines if line.strip())


def load_floors() -> dict[str, dict[str, float]]:
    floors: dict[str, dict[str, float]] = json.loads(FLOORS.read_text(encoding="utf-8"))
    return {kind: floor for kind, floor in floors.items() if not kind.startswith("_")}


def case_text(case: dict[str, Any]) -> str:
    return seed_text(case["seed"]) if "seed" in case else str(case["text"])


@cache
def findings_of(text: str) -> tuple[Finding, ...]:
    """Score each distinct text once: several cases share a seed."""
    return score_text(text).findings


def spans_of(text: str, needle: str, occurrence: int | None) -> list[tuple[int, int]]:
    """Every (or only the n-th, 1-based) place ``needle`` occurs in ``text``."""
    spans, at = [], text.find(needle)
    while at >= 0:
        spans.append((at, at + len(needle)))
        at = text.find(needle, at + 1)
    if occurrence is not None:
        return spans[occurrence - 1 : occurrence]
    return spans


def describe(findings: list[Finding]) -> str:
    shown = [f"{f.text!r} ({f.detail}) @{f.start}" for f in findings]
    return "; ".join(shown) if shown else "nothing of this kind"


def near(findings: list[Finding], start: int, end: int) -> list[Finding]:
    """Findings of one kind near a span, so a failure shows what the scorer did there instead."""
    return [f for f in findings if f.start < end + 40 and f.end > start - 40]


def check_case(case: dict[str, Any]) -> tuple[Counter[str], Counter[str], Counter[str], list[Failure]]:
    """Score one case: (must-flag totals, hits, must-not-flag violations, failures), counted per kind."""
    text = case_text(case)
    found = findings_of(text)
    by_kind: dict[str, list[Finding]] = {}
    for f in found:
        by_kind.setdefault(f.kind, []).append(f)
    totals: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    violations: Counter[str] = Counter()
    failures: list[Failure] = []
    for exp in case.get("must_flag", []):
        kind, needle, occurrence = exp["kind"], exp["text"], exp.get("occurrence")
        totals[kind] += 1
        spans = spans_of(text, needle, occurrence)
        wanted = [f for f in by_kind.get(kind, []) if (f.start, f.end) in spans]
        if "detail" in exp:
            wanted = [f for f in wanted if f.detail == exp["detail"]]
        if wanted:
            hits[kind] += 1
            continue
        start, end = spans[0] if spans else (0, len(text))
        failures.append(Failure(case["id"], kind, f"must flag {json.dumps(exp, ensure_ascii=False)}",
                                describe(near(by_kind.get(kind, []), start, end))))
    for exp in case.get("must_not_flag", []):
        kind = exp["kind"]
        spans = spans_of(text, exp["text"], exp.get("occurrence"))
        bad = [f for f in by_kind.get(kind, []) for s, e in spans if f.start < e and f.end > s]
        if bad:
            violations[kind] += 1
            failures.append(Failure(case["id"], kind, f"must not flag {json.dumps(exp, ensure_ascii=False)}",
                                    describe(bad)))
    return totals, hits, violations, failures


@dataclass(frozen=True)
class GateResult:
    totals: Counter[str]
    hits: Counter[str]
    violations: Counter[str]
    failures: tuple[Failure, ...]

    def recall(self, kind: str) -> float:
        return self.hits[kind] / self.totals[kind] if self.totals[kind] else 1.0


@pytest.fixture(scope="module")
def gate() -> GateResult:
    totals: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    violations: Counter[str] = Counter()
    failures: list[Failure] = []
    for case in load_cases():
        t, h, v, f = check_case(case)
        totals += t
        hits += h
        violations += v
        failures += f
    return GateResult(totals, hits, violations, tuple(failures))


def kinds_with_cases() -> set[str]:
    return {exp["kind"] for case in load_cases() for key in ("must_flag", "must_not_flag")
            for exp in case.get(key, [])}


def test_cases_are_well_formed() -> None:
    ids = [case["id"] for case in load_cases()]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    for case in load_cases():
        assert ("seed" in case) != ("text" in case), case["id"]
        text = case_text(case)
        expectations = [*case.get("must_flag", []), *case.get("must_not_flag", [])]
        assert expectations, f"{case['id']}: no expectations"
        for exp in expectations:
            assert exp["kind"] in KINDS, (case["id"], exp)
            # An expectation on text the case does not contain would pass (or fail) vacuously.
            assert spans_of(text, exp["text"], exp.get("occurrence")), (case["id"], exp)


def test_floors_cover_every_kind_with_cases() -> None:
    floors = load_floors()
    assert set(floors) <= set(KINDS), set(floors) - set(KINDS)
    missing = kinds_with_cases() - set(floors)
    assert not missing, f"floors.json has no floor for {sorted(missing)}"
    for kind, floor in floors.items():
        assert set(floor) == {"min_recall", "max_violations"}, kind


def test_gate_meets_floors(gate: GateResult) -> None:
    floors = load_floors()
    broken = []
    for kind, floor in floors.items():
        recall, violations = gate.recall(kind), gate.violations[kind]
        if recall < floor["min_recall"] or violations > floor["max_violations"]:
            broken.append(f"{kind}: recall {recall:.3f} (floor {floor['min_recall']}), "
                          f"violations {violations} (ceiling {floor['max_violations']})")
    if broken:
        pytest.fail("eval gate below its floors:\n" + "\n".join(broken) + "\nfailed expectations:\n"
                    + "\n".join(str(f) for f in gate.failures if f.kind in floors), pytrace=False)
