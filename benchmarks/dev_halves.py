"""Split the dev data into two halves by document and run the shared evaluator on each half and on the whole.

Usage: ``python benchmarks/dev_halves.py ../shared/data/dev [--json OUT.json]``.

Rules are tuned on half A and checked on half B: a change that helps A but not B fits the dev documents,
not news, and is left out.  The split is fixed and written down here so anyone can reproduce it:

* a record's document is its ``id`` (a PolNeAR article, a web page, a CoNLL sentence);
* the document goes to half A when the first byte of ``sha256(id)`` is even, to half B otherwise.

The same PolNeAR article therefore lands in the same half in citations, typos and quotes.  The halves are
written to a temporary folder that is removed afterwards: dev text is read, never copied into the project.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

EVALUATOR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "evaluate.py"
#: The metrics the table shows, per file, in the evaluator's JSON (file -> [(key, label)]).
ROWS: dict[str, list[tuple[str, str]]] = {
    "citations": [("exact_recall", "citations exact recall"), ("fp_per_100_docs", "citations FP / 100 docs")],
    "boilerplate": [("line_precision", "boilerplate line precision"), ("line_recall", "boilerplate line recall"),
                    ("content_chars_flagged_share", "boilerplate content share")],
    "typos": [("recall", "typos recall"), ("fp_per_1k_tokens", "typos FP / 1k tokens"),
              ("suggestion_accuracy", "typos suggestion accuracy")],
    "hedges": [("precision", "hedges precision"), ("recall", "hedges recall"), ("f1", "hedges F1")],
    "quotes": [("recall", "quotes recall"), ("precision", "quotes precision"),
               ("speaker_accuracy", "quotes speaker accuracy"), ("share_mae", "quotes share MAE")],
}


def half_of(record_id: str) -> str:
    """'A' or 'B': the half a document belongs to."""
    return "A" if hashlib.sha256(record_id.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def split(dev: Path, out: Path) -> dict[str, dict[str, int]]:
    """Write out/A and out/B, one JSONL per dev file; return the record counts per half and file."""
    counts: dict[str, dict[str, int]] = {"A": {}, "B": {}}
    for half in counts:
        (out / half).mkdir()
    for path in sorted(dev.glob("*.jsonl")):
        lines = {"A": [], "B": []}  # type: dict[str, list[str]]
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                lines[half_of(json.loads(line)["id"])].append(line)
        for half, kept in lines.items():
            (out / half / path.name).write_text("\n".join(kept) + "\n", encoding="utf-8")
            counts[half][path.stem] = len(kept)
    return counts


def evaluate(folder: Path) -> dict[str, Any]:
    """The evaluator's JSON report for one folder, run as CI and the holdout run it."""
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        subprocess.run([sys.executable, str(EVALUATOR), str(folder), "--json", report.name],
                       check=True, stdout=subprocess.DEVNULL)
        result: dict[str, Any] = json.loads(Path(report.name).read_text(encoding="utf-8"))
    return result


def metric(report: dict[str, Any], file: str, key: str) -> str:
    value = report.get(f"{file}.{key}")  # the evaluator's JSON is flat: "typos.recall"
    return "-" if value is None else f"{value:.4f}" if isinstance(value, float) else str(value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev", type=Path)
    parser.add_argument("--json", type=Path, help="also write the three reports here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        counts = split(args.dev, Path(tmp))
        reports = {"A (tune)": evaluate(Path(tmp) / "A"), "B (check)": evaluate(Path(tmp) / "B"),
                   "whole dev": evaluate(args.dev)}
    print("records per half: " + "; ".join(
        f"{half}: " + ", ".join(f"{n} {file}" for file, n in c.items()) for half, c in counts.items()))
    print(f"{'metric':32}" + "".join(f"{name:>12}" for name in reports))
    for file, rows in ROWS.items():
        for key, label in rows:
            print(f"{label:32}" + "".join(f"{metric(r, file, key):>12}" for r in reports.values()))
    if args.json:
        args.json.write_text(json.dumps(reports, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
