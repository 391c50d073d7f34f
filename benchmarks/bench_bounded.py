"""Bounded work: the time score_text takes on pathological inputs at 10 KB, 100 KB and 1 MB, and its growth per 10x.

Usage: ``python benchmarks/bench_bounded.py [--sizes 10000,100000,1000000] [--cap 60] [--shapes a,b]``. Each
shape is one kind of input that once made scoring grow with the square of its size (issue 14). Every
(shape, size) runs in a child process that warms the caches up and scores the text once, then times
score_text (the best of 3 runs or more, 1 when a run takes over a second); a run past ``--cap`` seconds
is stopped and the shape's larger sizes are skipped, since they would take longer still: nothing is
extrapolated. Linear work grows 10x per 10x; the table's ratios are the result, the absolute figures
depend on the machine and its load.
tests/reliability/test_bounded_work.py times the same shapes.
"""
from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import time
from collections.abc import Callable
from functools import cache
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # appended: a PYTHONPATH naming an older checkout keeps its annotate

_PROSE = "The council met on Tuesday and agreed to review the plan again next month. "
_HEX_LETTERS = str.maketrans("0123456789", "oltmfvsegn")  # ids spelled as letters, so each is a name


def _repeat(unit: str, n: int) -> str:
    """``unit`` repeated to at least ``n`` characters, whole units only."""
    return unit * max(1, -(-n // len(unit)))


def _numbered(template: str, n: int) -> str:
    """``template`` with a different made-up word ({w}: "Zqlox", "Zqltx" ...) each time, to ``n`` characters."""
    parts: list[str] = []
    size = i = 0
    while size < n:
        part = template.format(w=f"Zq{i:x}x".translate(_HEX_LETTERS))
        parts.append(part)
        size += len(part)
        i += 1
    return "".join(parts)


@cache
def _slips() -> tuple[str, ...]:
    """Different misspellings of common words ("abanoned"): a long word with its fourth letter left out."""
    from annotate.scoring.typos.words import known_words

    known = known_words()
    words = sorted(w for w in known if 8 <= len(w) <= 10 and w.isalpha() and w.islower())
    return tuple(slip for w in words if (slip := w[:3] + w[4:]) not in known)


def _slipped_prose(n: int, end: str) -> str:
    """Prose with a different slip every third sentence (rare enough for the text to read as English)."""
    slips, parts, size, i = _slips(), [], 0, 0
    while size < n:
        part = (_PROSE.rstrip() + end) * 2 + _PROSE.replace("plan", slips[i % len(slips)]).rstrip() + end
        parts.append(part)
        size += len(part)
        i += 1
    return "".join(parts)


#: Each pathological shape: what it is, and a text of about n characters of it.
SHAPES: dict[str, tuple[str, Callable[[int], str]]] = {
    "whitespace line": ("a line of only spaces (boilerplate line finder)",
                        lambda n: "Headline\n" + " " * n + "\nEnd."),
    "whitespace before a word": ("a line of spaces, then a word (boilerplate line finder)",
                                 lambda n: "Headline\n" + "\t " * (n // 2) + "word\nEnd."),
    "quotes in one sentence": ('"plan" "plan" ... without a full stop (speaker attribution: the subject)',
                               lambda n: _repeat('"plan" ', n) + "."),
    "single quotes in one sentence": ("'plan' 'plan' ... (speaker attribution: the subject)",
                                      lambda n: _repeat("'plan' ", n) + "."),
    "dot run": ("Wait.....x (sentence splitter)", lambda n: "Wait" + "." * n + "x"),
    "question marks": ("Why?????? x (sentence splitter)", lambda n: "Why" + "?" * n + " x"),
    "capitalised near-typo": ("the Comittee ... repeated in one line (typos: is the word repeated?)",
                              lambda n: _repeat("the Comittee agreed to it and ", n)),
    "sentence-opening near-typo": ("Becuase it rained. ... (typos: is the word repeated?)",
                                   lambda n: _repeat("Becuase it rained. ", n)),
    "different slips in paragraphs": ("a new misspelling every third sentence, a paragraph each (typos: counts)",
                                      lambda n: _slipped_prose(n, "\n")),
    "different slips in one line": ("the same without a line break (typos: the line of each word)",
                                    lambda n: _slipped_prose(n, " ")),
    "different slips without spaces": ("the same, words joined by commas (typos: the chunk of each word)",
                                       lambda n: _slipped_prose(n, ".").replace(" ", ",")),
    "distinct speakers": ('"We agree," said Zqlx. with a new name each time (speaker names)',
                          lambda n: _numbered('"We agree," said {w}. ', n)),
    "distinct two-word speakers": ('"We agree," said Ana Zqlx. (speaker names)',
                                   lambda n: _numbered('"We agree," said Ana {w}. ', n)),
    "speakers named by office": ('"Yes," the minister said. ... (the holder of a title)',
                                 lambda n: _repeat('"Yes," the minister said. ', n)),
    "modals in one sentence": ("Symptoms may include fever, and symptoms may ... (hedging: root modals)",
                               lambda n: "Symptoms may include fever" + _repeat(", and symptoms may include fever", n)),
    "months in one sentence": ("It was held in May and in May ... (hedging: a capitalised trigger)",
                               lambda n: "It was held " + _repeat("in May and ", n) + "then."),
    "run of quote marks": ('""""""... (quote marks)', lambda n: '"' * n),
    "long line of prose": ("sentences without a line break", lambda n: _repeat(_PROSE, n)),
    "many short lines": ("a\\na\\n... (line and boilerplate passes)", lambda n: _repeat("a\n", n)),
    "deep brackets": ("((((...)))) (tokens)", lambda n: "(" * (n // 2) + ")" * (n // 2)),
    "one long word": ("aaaa... (syllables and typos)", lambda n: "a" * n),
}

SIZES = (10_000, 100_000, 1_000_000)
#: Repeats per timing; the best is kept, as the other helpers' load only ever adds time.
REPEATS = 3
#: A run longer than this (seconds) is timed once (after the untimed first): repeating it would only cost time.
ONCE_OVER = 1.0
#: Short runs are repeated until they add up to this many seconds, at most MAX_REPEATS times.
BUSY_SECONDS = 0.3
MAX_REPEATS = 30
#: Seconds a child may take on top of ``--cap`` to start and warm up (about 2 s when idle; room for load).
WARM_UP_SECONDS = 20.0


def time_score(text: str, repeats: int = REPEATS, once_over: float = ONCE_OVER) -> float:
    """The best of at least ``repeats`` timings of score_text on ``text``, with the garbage collector paused.

    A first run is not timed: the scorers remember what they learn of each spelling across articles, so a
    text's first run costs more per new word than its next ones, and only like can be compared with like.
    A run over ``once_over`` seconds is not repeated; one under it is repeated until the runs add up to
    :data:`BUSY_SECONDS` (at most :data:`MAX_REPEATS` times): a few milliseconds are easily doubled by
    another process, their best is not.
    """
    from annotate import score_text

    score_text(text)
    best, spent, runs = float("inf"), 0.0, 0
    gc.collect()  # once: a full collection costs tens of milliseconds with every lexicon loaded
    gc.disable()
    try:
        while runs < repeats or (spent < BUSY_SECONDS and runs < MAX_REPEATS):
            start = time.perf_counter()
            score_text(text)
            took = time.perf_counter() - start
            best, spent, runs = min(best, took), spent + took, runs + 1
            if best > once_over:
                break
    finally:
        gc.enable()
    return best


def warm_up(shape: str) -> None:
    """Load every lexicon and cache the shape needs, so the first timing is not the odd one out."""
    from annotate import score_text

    score_text('Warm up. "Yes," he said.')
    score_text(SHAPES[shape][1](2_000))


def _child(shape: str, n: int) -> None:
    warm_up(shape)
    print(time_score(SHAPES[shape][1](n)))


def timed_in_child(shape: str, n: int, cap: float) -> float | None:
    """Seconds for one (shape, size) in a fresh process, or None when it runs past ``cap`` seconds."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", shape, str(n)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=2 * cap + WARM_UP_SECONDS, check=True)
    except subprocess.TimeoutExpired:
        return None
    return float(done.stdout.split()[-1])


def growth(times: list[float | None]) -> list[str]:
    """Each time over the one before it, as "12.3x" ("-" when either is missing)."""
    return ["-" if a is None or b is None else f"{b / a:.1f}x" for a, b in pairwise(times)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--cap", type=float, default=60.0, help="seconds after which a run is stopped")
    parser.add_argument("--shapes", default="", help="comma-separated shape names (default: all)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], int(args.child[1]))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    shapes = args.shapes.split(",") if args.shapes else list(SHAPES)
    head = [f"{n // 1000:,} KB" if n < 1_000_000 else f"{n // 1_000_000} MB" for n in sizes]
    print(f"{'shape':30}" + "".join(f"{h:>10}" for h in head) + "  growth per 10x")
    for shape in shapes:
        times: list[float | None] = []
        for n in sizes:
            seconds = None if times and times[-1] is None else timed_in_child(shape, n, args.cap)
            times.append(seconds)
        cells = "".join(f"{'> cap' if t is None else f'{t:.3f}s':>10}" for t in times)
        print(f"{shape:30}{cells}  {' '.join(growth(times))}", flush=True)


if __name__ == "__main__":
    main()
