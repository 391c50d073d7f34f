"""Scale: scoring throughput on 1 process, on --jobs 2 and on a 2-worker Dask cluster; memory while streaming.

Usage: ``python benchmarks/bench_scale.py [--articles 20000] [--stream 100000]``. Throughput is measured side
by side in this one process after the scoring caches are warm, so the ratios compare like with like; the
end-to-end times (with the pool's or the cluster's start-up) are printed too. Peak memory is the
``annotate score`` command's own, streaming a generated corpus, against the same command on 2,000
articles. Absolute figures depend on the machine; the ratios are the result. Exits 1 when a target is missed.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotate.corpus import iter_corpus  # noqa: E402
from annotate.scoring.batch import Scored, score_stream, warm_up  # noqa: E402
from annotate.scoring.cluster import dask_client, score_jsonl_on_client  # noqa: E402
from benchmarks.synth import write_corpus  # noqa: E402

#: The issue's targets on a 2-core machine.
MIN_SPEEDUP = 1.6
MAX_STREAM_MB = 400
MAX_GROWTH = 1.3
#: The small run memory growth is measured against.
SMALL = 2_000


def consume(results: Iterable[Scored]) -> int:
    return sum(1 for item in results if item.numbers is not None)


def timed(label: str, run: Callable[[], int]) -> float:
    started = time.perf_counter()
    n = run()
    seconds = time.perf_counter() - started
    print(f"  {label:34} {n:>7} articles in {seconds:6.1f} s = {n / seconds:6.0f} articles/s (machine-dependent)")
    return n / seconds


def throughput(path: Path) -> dict[str, float]:
    warm_up()
    # The pool first: its workers are forked from this process, and must not inherit the word caches
    # (typo suggestions, syllables) that a 1-process run over the same texts would have filled.
    rates = {"--jobs 2": timed("--jobs 2 (pool start included)",
                               lambda: consume(score_stream(iter_corpus(path, warn=False), jobs=2)))}
    rates["1 process"] = timed("1 process", lambda: consume(score_stream(iter_corpus(path, warn=False))))
    started = time.perf_counter()
    with dask_client(workers=2) as client:
        print(f"  {'Dask LocalCluster start + warm-up':34} {time.perf_counter() - started:6.1f} s")
        # As `annotate score --engine dask` runs a .jsonl: each worker reads its own ranges of the file.
        rates["Dask, 2 workers"] = timed("Dask, 2 workers (cluster warm)",
                                         lambda: consume(score_jsonl_on_client(path, client)[1]))
    return rates


#: Runs one command and prints the peak resident memory of its process tree (KiB on Linux): a fresh parent,
#: so no earlier child of this benchmark (pool or cluster workers) is counted.
_PEAK = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def peak_mb(path: Path, out: Path, jobs: int) -> float:
    """Peak resident memory (MB) of `annotate score` on ``path``: the largest of its processes."""
    command = [sys.executable, "-m", "annotate.cli", "score", str(path), "-o", str(out), "--jobs", str(jobs),
               "--no-progress"]
    done = subprocess.run([sys.executable, "-c", _PEAK, *command], check=True, cwd=ROOT, capture_output=True,
                          text=True)
    return int(done.stdout.split()[-1]) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000, help="articles for the throughput runs")
    parser.add_argument("--stream", type=int, default=100_000, help="articles for the memory run")
    args = parser.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"throughput on {args.articles} generated articles:")
        rates = throughput(write_corpus(folder / "t.jsonl", args.articles))
        for name in ("--jobs 2", "Dask, 2 workers"):
            ratio = rates[name] / rates["1 process"]
            ok &= ratio >= MIN_SPEEDUP
            print(f"  ratio {name} / 1 process: {ratio:.2f}x (target >= {MIN_SPEEDUP}x)")
        print(f"peak memory of `annotate score` (one process), {SMALL} against {args.stream} articles:")
        small = peak_mb(write_corpus(folder / "s.jsonl", SMALL), folder / "s.csv", 1)
        big = peak_mb(write_corpus(folder / "b.jsonl", args.stream), folder / "b.csv", 1)
        print(f"  {SMALL} articles: {small:.0f} MB; {args.stream} articles: {big:.0f} MB (machine-dependent)")
        print(f"  ratio: {big / small:.2f}x (target <= {MAX_GROWTH}x); {big:.0f} MB (target <= {MAX_STREAM_MB} MB)")
        ok &= big <= MAX_STREAM_MB and big / small <= MAX_GROWTH
    print("all targets met" if ok else "a target was missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
