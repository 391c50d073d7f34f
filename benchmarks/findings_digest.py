"""A digest of everything score_text returns for a folder of texts, to prove a refactor changes no finding.

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


def folder_texts(folder: Path) -> list[tuple[str, list[tuple[int, str]]]]:
    """(file name, [(line, text), ...]) for each *.jsonl of ``folder``, or for each .txt/.md file (the seeds)."""
    files = sorted(folder.glob("*.jsonl"))
    if files:
        out = []
        for path in files:
            with path.open(encoding="utf-8") as fh:
                lines = [(n, text_of(json.loads(line))) for n, line in enumerate(fh, 1) if line.strip()]
            out.append((path.name, lines))
        return out
    return [(p.name, [(1, p.read_text(encoding="utf-8"))]) for p in sorted(folder.iterdir())
            if p.suffix in (".txt", ".md")]


def digests(folder: Path, dump: Any = None) -> tuple[list[tuple[str, str]], str, int]:
    """(file, sha256) per file, the sha256 over all of them, and the number of texts."""
    overall, per_file, texts = hashlib.sha256(), [], 0
    for name, items in folder_texts(folder):
        digest = hashlib.sha256()
        for n, text in items:
            encoded = json.dumps({"file": name, "line": n, **scores_of(text)}, sort_keys=True, ensure_ascii=False)
            digest.update(encoded.encode("utf-8"))
            overall.update(encoded.encode("utf-8"))
            texts += 1
            if dump:
                dump.write(encoded + "\n")
        per_file.append((name, digest.hexdigest()))
    return per_file, overall.hexdigest(), texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder of *.jsonl files with a 'text' (or 'sentence') per line, "
                        "or of .txt/.md articles (seeds/)")
    parser.add_argument("--dump", type=Path, help="also write every text's scores here, one JSON line each")
    args = parser.parse_args(argv)
    if not folder_texts(args.folder):
        parser.error(f"{args.folder}: no *.jsonl, .txt or .md files")
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    try:
        per_file, overall, texts = digests(args.folder, dump)
    finally:
        if dump:
            dump.close()
    for name, digest in per_file:
        print(f"{name:24} {digest}")
    print(f"{'all ' + str(texts) + ' texts':24} {overall}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
