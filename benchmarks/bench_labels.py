"""Save & next in the review panel with 10 rows in the reviewer's file against 100,000 rows.

Usage: ``python benchmarks/bench_labels.py [--rows 100000] [--saves 60]``. Both runs use the same generated
corpus and save the same articles; only the length of the label file differs. Prints the median time of
one Save & next (machine-dependent) and their ratio (the result). Exits 1 when the ratio is over 1.5.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotate.corpus import Corpus, load_corpus  # noqa: E402
from annotate.labels import load_codebook  # noqa: E402
from annotate.labels.columns import columns_for, label_path  # noqa: E402
from annotate.labels.format import csv_line  # noqa: E402
from annotate.widgets import ReviewPanel  # noqa: E402
from benchmarks.synth import write_corpus  # noqa: E402

#: The issue's target: a long file may cost at most this much more per Save & next.
MAX_RATIO = 1.5
ARTICLES = 2_000
FRAMES = ("Economic", "Political", "Morality", "Public opinion")


def write_history(labels: Path, corpus: Corpus, rows: int, open_articles: int) -> None:
    """A reviewer's file with ``rows`` label rows over all but the last ``open_articles`` articles."""
    book = load_codebook("policy-frames")
    columns = columns_for(book.field_names)
    done = list(corpus)[: len(corpus) - open_articles]
    path = label_path(labels, book.id, "ana")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(csv_line(columns))
        for i in range(rows):
            article = done[i % len(done)]
            values = {"label_id": str(uuid.UUID(int=i + 1)), "saved_at": "2026-12-01T10:00:00Z", "reviewer": "ana",
                      "article_id": article.id, "article_sha256": article.sha256, "codebook": book.id,
                      "codebook_version": book.version, "action": "label", "primary_frame": FRAMES[i % 4],
                      "seconds_on_article": "12.0"}
            fh.write(csv_line(values.get(c, "") for c in columns))


def median_save(corpus: Corpus, labels: Path, saves: int) -> float:
    panel = ReviewPanel(corpus, reviewer="ana", labels_dir=labels)
    times = []
    for i in range(saves):
        panel.form.values = {**panel.form.values, "primary_frame": FRAMES[i % 4]}
        started = time.perf_counter()
        assert panel.save(), panel.status_text
        times.append(time.perf_counter() - started)
    return statistics.median(times[5:])  # the first saves warm caches


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--saves", type=int, default=60)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = load_corpus(write_corpus(folder / "c.jsonl", ARTICLES))
        results = {}
        for rows in (10, args.rows):
            labels = folder / f"labels-{rows}"
            write_history(labels, corpus, rows, open_articles=args.saves + 10)
            results[rows] = median_save(corpus, labels, args.saves)
            ms = results[rows] * 1000
            print(f"  {rows:>7} rows in the file: Save & next {ms:6.2f} ms (median; machine-dependent)")
    ratio = results[args.rows] / results[10]
    print(f"  ratio {args.rows} rows / 10 rows: {ratio:.2f}x (target <= {MAX_RATIO}x)")
    return 0 if ratio <= MAX_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
