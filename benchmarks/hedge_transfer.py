"""Does hedge precision tuned on dev half A carry over to half B?  Cue tables and two greedy searches.

Usage: ``python -m benchmarks.hedge_transfer ../shared/data/dev``.

Issue 13 asks for hedge precision >= 0.75 with F1 >= 0.80 on the held-back half B.  This script measures how
far rules chosen on half A (the split of ``benchmarks/dev_halves.py``) can take B, without writing any rule
into the project.  It starts from the hedge findings of ``annotate.score_text`` and, for each sentence,
counts it uncertain when any kept finding remains, exactly as ``../shared/eval/evaluate.py`` does:

1. every cue's true and false positives on A and on B;
2. greedy whole-cue removal chosen on A (drop the cue that raises A's precision most while A's F1 stays
   >= 0.80), each step checked on B;
3. greedy context vetoes chosen on A: a veto drops one cue next to one previous word, next word or next-word
   ending, the kind of rule ``lexicons/hedging_rules.txt`` holds; each step is checked on B.

Dev text is read, never copied into the project.
"""
from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from annotate import score_text
from benchmarks.dev_halves import half_of

_WORD = re.compile(r"[\w’'-]+")
#: Greedy steps shown for each search; past about 20 the A-chosen rules name single sentences.
STEPS = 20
#: The issue's F1 floor: a search step must keep A's F1 at or above it.
F1_FLOOR = 0.80

Veto = tuple[str, str, str]  # (cue, "any" | "prev" | "next" | "suffix", word): "any" drops the whole cue


@dataclass(frozen=True)
class Cue:
    """One hedge finding of a sentence and the context a veto may read."""

    text: str
    prev: str
    next: str


@dataclass(frozen=True)
class Sentence:
    half: str
    uncertain: bool
    cues: tuple[Cue, ...]


def load(dev: Path) -> list[Sentence]:
    out = []
    for line in (dev / "hedges.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        text = record["sentence"]
        cues = []
        for f in score_text(text).findings:
            if f.kind == "hedge":
                before, after = _WORD.findall(text[:f.start])[-1:], _WORD.findall(text[f.end:])[:1]
                cues.append(Cue(f.text.lower(), before[0].lower() if before else "<s>",
                                after[0].lower() if after else "<e>"))
        out.append(Sentence(half_of(record["id"]), bool(record["uncertain"]), tuple(cues)))
    return out


def vetoes_of(cue: Cue) -> set[Veto]:
    """Every veto that would drop this finding."""
    return {(cue.text, "any", ""), (cue.text, "prev", cue.prev), (cue.text, "next", cue.next),
            (cue.text, "suffix", cue.next[-2:] if len(cue.next) > 3 else "")}


def scores(sentences: list[Sentence], half: str, vetoed: set[Veto]) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``half`` with the vetoes applied."""
    tp = fp = fn = 0
    for s in sentences:
        if s.half != half:
            continue
        flagged = any(not (vetoes_of(c) & vetoed) for c in s.cues)
        tp += flagged and s.uncertain
        fp += flagged and not s.uncertain
        fn += s.uncertain and not flagged
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return p, r, 2 * p * r / max(1e-9, p + r)


def show(label: str, sentences: list[Sentence], vetoed: set[Veto]) -> None:
    a, b = (scores(sentences, h, vetoed) for h in "AB")
    print(f"  {label:42.42} A P {a[0]:.4f} R {a[1]:.4f} F1 {a[2]:.4f} | B P {b[0]:.4f} R {b[1]:.4f} F1 {b[2]:.4f}")


def greedy(sentences: list[Sentence], candidates: list[Veto]) -> None:
    """Add, one at a time, the candidate that raises A's precision most while A's F1 stays >= the floor."""
    vetoed: set[Veto] = set()
    show("as shipped", sentences, vetoed)
    for _ in range(STEPS):
        here = scores(sentences, "A", vetoed)
        best, best_p = None, here[0]
        for c in candidates:
            p, _, f1 = scores(sentences, "A", vetoed | {c})
            if p > best_p + 1e-12 and f1 >= min(F1_FLOOR, here[2]):
                best, best_p = c, p
        if best is None:
            break
        vetoed.add(best)
        show("+ " + " ".join(best), sentences, vetoed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev", type=Path)
    args = parser.parse_args()
    sentences = load(args.dev)
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: {"A": [0, 0], "B": [0, 0]})
    for s in sentences:
        for text in {c.text for c in s.cues}:
            counts[text][s.half][0 if s.uncertain else 1] += 1
    print("1. cues by false positives on A + B (true/false positives per half)")
    for text, c in sorted(counts.items(), key=lambda kv: -(kv[1]["A"][1] + kv[1]["B"][1]))[:25]:
        print(f"  {text:24} A {c['A'][0]:3}/{c['A'][1]:3}   B {c['B'][0]:3}/{c['B'][1]:3}")
    print("2. whole cues dropped, chosen on A")
    greedy(sentences, [(text, "any", "") for text in sorted(counts)])
    print("3. context vetoes, chosen on A")
    greedy(sentences, sorted({v for s in sentences if s.half == "A" for c in s.cues for v in vetoes_of(c)
                              if v[1] != "any"}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
