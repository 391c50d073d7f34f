"""Opening the review panel on 100,000 articles: time and memory, against the five seed articles.

Usage: ``python benchmarks/bench_panel.py [--articles 100000]``. Each open runs in a fresh process whose
scoring caches are already warm (their cold start is benchmarks/bench_scoring.py's concern), so what is
measured is what grows with the corpus: reading it, ordering it, and drawing the first article. Prints
seconds and peak resident memory (machine-dependent) and the ratio to the seed corpus. Exits 1 when the
big open takes over 2 s or 400 MB. Then, for information, the big open in a new process that has not warmed
its scorers, as a new kernel's first panel: the scorers' tables come from the user cache.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.synth import write_corpus  # noqa: E402

MAX_SECONDS = 2.0
MAX_MB = 400
#: Run in a fresh interpreter: warm the scorers, then open a panel on the corpus and report.
_OPEN = """
import json, resource, sys, tempfile, time
begun = time.perf_counter()
from annotate.scoring.batch import warm_up
from annotate.widgets import ReviewPanel
if sys.argv[2] == "warm":
    warm_up()
started = time.perf_counter()
panel = ReviewPanel(sys.argv[1], reviewer="ana", labels_dir=tempfile.mkdtemp())
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "total": panel.session.total, "with_import": time.perf_counter() - begun}))
"""


def open_panel(corpus: Path, caches: str = "warm") -> dict[str, float]:
    """Open a panel in a fresh interpreter: after warming the scorers ("warm"), or straight away ("cold")."""
    done = subprocess.run([sys.executable, "-c", _OPEN, str(corpus), caches], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        big = write_corpus(Path(tmp) / "big.jsonl", args.articles)
        small = open_panel(ROOT / "seeds")
        large = open_panel(big)
        cold = open_panel(big, "cold")
    for name, run in (("seeds", small), (f"{args.articles} articles", large)):
        print(f"  {name:>16}: {run['total']:>7.0f} articles, open {run['seconds']:.2f} s, peak {run['mb']:.0f} MB "
              "(machine-dependent)")
    print(f"  ratio: {large['seconds'] / small['seconds']:.1f}x the time, {large['mb'] / small['mb']:.2f}x the memory "
          f"of the seed corpus; targets: <= {MAX_SECONDS} s, <= {MAX_MB} MB")
    print(f"  a new kernel on {args.articles} articles (scorers not warmed; their tables read from the user cache): "
          f"open {cold['seconds']:.2f} s, {cold['with_import']:.2f} s with the imports, peak {cold['mb']:.0f} MB")
    return 0 if large["seconds"] <= MAX_SECONDS and large["mb"] <= MAX_MB else 1


if __name__ == "__main__":
    sys.exit(main())
