"""CSV files the toolkit writes for people: formula cells neutralised by default, numbers left as numbers."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from annotate.cli import commands as cli
from annotate.csvio import NEUTRALISE_PREFIXES, AtomicTable
from annotate.scoring.article import NUMBER_FIELDS

# Formulas a spreadsheet would run, each as an article's id and as its first line (the title).
HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "@SUM(A1)", "-2+3"]
# Prose with slips and leftovers, so that every article has findings (rows whose article_id is hostile).
BODY = ("Teh minister said the plan would work. contentReference[oaicite:0]{index=0} "
        "Officials may possibly review it, sources suggested.")


def _corpus(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.jsonl"
    lines = [json.dumps({"id": formula, "text": f"{formula}\n\n{BODY}"}) for formula in HOSTILE]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _score(tmp_path: Path, *extra: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    scores, findings = tmp_path / "scores.csv", tmp_path / "findings.csv"
    assert cli.main(["score", str(_corpus(tmp_path)), "-o", str(scores), "--findings", str(findings),
                     "--no-progress", *extra]) == 0
    return _cells(scores), _cells(findings)


def _cells(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _formula_cells(rows: list[dict[str, str]], numeric: set[str]) -> list[str]:
    return [v for row in rows for k, v in row.items() if k not in numeric and v.startswith(NEUTRALISE_PREFIXES)]


def test_score_csvs_neutralise_every_formula_cell(tmp_path: Path) -> None:
    scores, findings = _score(tmp_path)
    assert len(scores) == len(HOSTILE) and len(findings) >= len(HOSTILE)
    assert _formula_cells(scores, set(NUMBER_FIELDS)) == []
    assert _formula_cells(findings, {"start", "end"}) == []
    assert [r["id"] for r in scores] == ["'" + h for h in HOSTILE]
    assert [r["title"] for r in scores] == ["'" + h for h in HOSTILE]
    assert {r["article_id"] for r in findings} == {"'" + h for h in HOSTILE}
    for row in scores:  # numbers stay bare numbers, whatever their sign
        assert all(float(row[name]) == float(row[name]) for name in NUMBER_FIELDS if row[name])
    assert all(int(r["start"]) >= 0 and not r["start"].startswith("'") for r in findings)


def test_score_raw_keeps_the_cells_verbatim(tmp_path: Path) -> None:
    scores, findings = _score(tmp_path, "--raw")
    assert [r["id"] for r in scores] == HOSTILE and [r["title"] for r in scores] == HOSTILE
    assert {r["article_id"] for r in findings} == set(HOSTILE)
    assert len(_formula_cells(scores, set(NUMBER_FIELDS))) == 2 * len(HOSTILE)


def test_parquet_output_is_typed_and_never_neutralised(tmp_path: Path) -> None:
    out = tmp_path / "scores.parquet"
    assert cli.main(["score", str(_corpus(tmp_path)), "-o", str(out), "--no-progress"]) == 0
    assert list(pd.read_parquet(out)["id"]) == HOSTILE


def test_a_negative_number_is_a_number_not_a_formula(tmp_path: Path) -> None:
    with AtomicTable(tmp_path / "t.csv", ["text", "n", "x"], ["str", "int", "float"], neutralise=True) as table:
        table.write([("-2+3", -2, -0.5), ("plain", 3, 1.0)])
    assert (tmp_path / "t.csv").read_text(encoding="utf-8") == "text,n,x\n'-2+3,-2,-0.5\nplain,3,1.0\n"


@pytest.mark.parametrize("raw", [False, True])
def test_export_neutralises_unless_raw(tmp_path: Path, raw: bool) -> None:
    labels = tmp_path / "labels"
    labels.mkdir()
    out = tmp_path / "report.csv"
    assert cli.main(["export", "--corpus", str(_corpus(tmp_path)), "--labels", str(labels), "-o", str(out),
                     *(["--raw"] if raw else [])]) == 0
    ids = [r["id"] for r in _cells(out)]
    assert ids == (HOSTILE if raw else ["'" + h for h in HOSTILE])
