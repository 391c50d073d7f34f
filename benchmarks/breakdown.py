"""Where score_text spends its time: each scorer's share, run in score_text's order on the same texts."""
from __future__ import annotations

import time
from collections.abc import Callable

from annotate.scoring.boilerplate.detect import detect_boilerplate
from annotate.scoring.citations import detect_citations
from annotate.scoring.encoding import detect_encoding
from annotate.scoring.hedging import score_hedging
from annotate.scoring.quotes import score_quotes
from annotate.scoring.readability import score_readability
from annotate.scoring.text import Doc
from annotate.scoring.typos.detect import detect_typos


def _tokens(doc: Doc) -> object:
    return doc.words, doc.lower_words, doc.sentences, doc.lines


#: score_text's steps in its order; each later step finds the tokens the earlier ones computed, as it does there.
STEPS: tuple[tuple[str, Callable[[Doc], object]], ...] = (
    ("tokens (words, sentences, lines)", _tokens),
    ("citations", detect_citations),
    ("encoding", detect_encoding),
    ("boilerplate", detect_boilerplate),
    ("typos", detect_typos),
    ("hedging", score_hedging),
    ("quotes", score_quotes),
    ("readability", score_readability),
)


def breakdown(texts: list[str], repeats: int = 3) -> dict[str, float]:
    """Milliseconds per article of each step: the best of ``repeats`` passes over ``texts``."""
    best = {name: float("inf") for name, _ in STEPS}
    for _ in range(repeats):
        spent = dict.fromkeys(best, 0.0)
        for text in texts:
            doc = Doc(text)
            for name, step in STEPS:
                started = time.perf_counter()
                step(doc)
                spent[name] += time.perf_counter() - started
        best = {name: min(best[name], spent[name]) for name in best}
    return {name: seconds * 1000 / len(texts) for name, seconds in best.items()}


def print_breakdown(texts: list[str], repeats: int = 3) -> None:
    per_step = breakdown(texts, repeats)
    total = sum(per_step.values())
    print(f"per article, by step (ms; machine-dependent; {total:.2f} ms in all):")
    for name, ms in per_step.items():
        print(f"  {name:34}{ms:7.3f}  {ms / total:5.1%}")
