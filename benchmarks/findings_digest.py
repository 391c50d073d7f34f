"""A digest of everything score_text returns for a folder of JSONL texts, to prove a refactor changes no finding.

Usage: ``python benchmarks/findings_digest.py ../shared/data/dev [--dump out.jsonl]``. It prints one sha256 per file
and one over all of them; run it before and after a change and compare. ``--dump`` writes each text's scores as one
JSON line, so a difference can be found with ``diff``. Texts are read, never copied into the project.
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import annotate


def scores_of(text: str) -> dict[str, Any]:
    """Every finding (all its fields) and every number on one text's score, in a stable JSON-ready form."""
    score = annotate.score_text(text)
    return {
        "findings": [dataclasses.asdict(f) for f in score.findings],
        "numbers": score.numbers(),
        "speakers": list(score.speakers),
    }


def text_of(record: dict[str, Any]) -> str:
    """The text of one JSONL record: an article's ``text``, or a hedge corpus's ``sentence``."""
    for key in ("text", "sentence"):
        if isinstance(record.get(key), str):
            return str(record[key])
    raise ValueError(f"record {record.get('id')!r} has neither a 'text' nor a 'sentence'")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder of *.jsonl files with a 'text' (or 'sentence') per line")
    parser.add_argument("--dump", type=Path, help="also write every text's scores here, one JSON line each")
    args = parser.parse_args(argv)
    files = sorted(args.folder.glob("*.jsonl"))
    if not files:
        parser.error(f"{args.folder}: no *.jsonl files")
    overall = hashlib.sha256()
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    texts = 0
    try:
        for path in files:
            digest = hashlib.sha256()
            with path.open(encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    if not line.strip():
                        continue
                    record = json.loads(line)
                    encoded = json.dumps({"file": path.name, "line": n, **scores_of(text_of(record))},
                                         sort_keys=True, ensure_ascii=False)
                    digest.update(encoded.encode("utf-8"))
                    overall.update(encoded.encode("utf-8"))
                    texts += 1
                    if dump:
                        dump.write(encoded + "\n")
            print(f"{path.name:24} {digest.hexdigest()}")
    finally:
        if dump:
            dump.close()
    print(f"{'all ' + str(texts) + ' texts':24} {overall.hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
