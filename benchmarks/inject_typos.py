"""Inject short and sentence-initial slips into dev articles and measure how many the typo detector catches.

Usage: ``python benchmarks/inject_typos.py ../shared/data/dev [--half A|B] [--seed N]``.

The dev typo set holds no three-letter slips and few sentence-initial ones, the two kinds the sealed
holdout misses most, so they are made here: in each article of one half (see ``dev_halves.py``), a few
lowercase common words get one slip (two letters swapped, a letter left out, or a touching key for
another), and a few ordinary words opening a sentence get one too (names are left alone: a word
capitalised mid-sentence anywhere in the article is taken for one).  A slip that spells a known word is not used.
It prints the recall per kind and the typo findings that are not at an injected place (false alarms and
the article's own misspellings), before and after injection.  Dev text is read, never copied.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

import annotate
from annotate.scoring.typos.dictionary import _neighbour_keys
from annotate.scoring.typos.words import known_words

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.dev_halves import half_of

# The commonest short words of English news, whose slips the issue describes ("teh", "adn").
SHORT_TARGETS = ("the", "and", "that", "with", "from", "when", "they", "have", "this", "was", "for", "but",
                 "not", "are", "his", "her", "has", "had", "said", "will", "were", "been", "who", "its")
PER_ARTICLE = 3  # slips of each kind per article: few enough that they do not crowd each other
_NEAR = sorted(_neighbour_keys())


def slips(word: str, rng: random.Random) -> str | None:
    """One random usual slip of ``word`` that spells no known word, or None."""
    lower = word.lower()
    options = [lower[:i] + lower[i + 1] + lower[i] + lower[i + 2:] for i in range(len(lower) - 1)]
    options += [lower[:i] + lower[i + 1:] for i in range(1, len(lower))]
    options += [lower[:i] + b + lower[i + 1:] for i in range(1, len(lower)) for a, b in _NEAR if a == lower[i]]
    options = [o for o in options if len(o) >= 3 and o not in known_words() and o != lower]
    if not options:
        return None
    slip = rng.choice(options)
    return slip[:1].upper() + slip[1:] if word[:1].isupper() else slip


def inject(text: str, rng: random.Random) -> tuple[str, list[tuple[int, int, str]]]:
    """The text with slips put in, and where each went (start, end, kind)."""
    short = [m for m in re.finditer(r"(?<=[a-z,] )(" + "|".join(SHORT_TARGETS) + r")(?= [a-z])", text)]
    # Ordinary words only: known in lower case, and never capitalised mid-sentence in this article (a name).
    initial = [m for m in re.finditer(r"(?<=[a-z][.!?] )([A-Z][a-z]{3,})(?= [a-z])", text)
               if m.group(1).lower() in known_words() and not re.search(r"[a-z,] " + m.group(1) + r"\b", text)]
    chosen = [(m, "short") for m in rng.sample(short, min(PER_ARTICLE, len(short)))]
    chosen += [(m, "initial") for m in rng.sample(initial, min(PER_ARTICLE, len(initial)))]
    chosen.sort(key=lambda c: c[0].start())
    out, places, shift, last = [], [], 0, 0
    for m, kind in chosen:
        slip = slips(m.group(1), rng)
        if slip is None or m.start() < last:
            continue
        out.append(text[last:m.start()])
        start = m.start() + shift
        out.append(slip)
        places.append((start, start + len(slip), kind))
        shift += len(slip) - len(m.group(1))
        last = m.end()
    out.append(text[last:])
    return "".join(out), places


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev", type=Path)
    parser.add_argument("--half", choices=("A", "B"), default="B")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    caught = {"short": [0, 0], "initial": [0, 0]}
    other_before = other_after = 0
    missed: list[str] = []
    for line in (args.dev / "typos.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if half_of(record["id"]) != args.half:
            continue
        text = record["text"]
        other_before += sum(f.kind == "typo" for f in annotate.score_text(text).findings)
        new, places = inject(text, rng)
        found = [f for f in annotate.score_text(new).findings if f.kind == "typo"]
        for s, e, kind in places:
            hit = any(f.start == s and f.end == e for f in found)
            caught[kind][0] += hit
            caught[kind][1] += 1
            if not hit:
                missed.append(f"{kind}: {new[max(0, s - 25):e + 25]!r}")
        other_after += sum(not any(f.start == s for s, _, _ in places) for f in found)
    for kind, (hit, total) in caught.items():
        print(f"{kind:8} slips caught: {hit}/{total} = {hit / max(total, 1):.3f}")
    print(f"other typo findings: {other_before} before injection, {other_after} after")
    print("missed:\n  " + "\n  ".join(missed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
