"""Export at scale: peak memory and time of `annotate export` on a small and a large corpus, same labels.

Usage: ``python benchmarks/bench_export.py [--articles 100000] [--jobs 1]``. Both corpora are generated; the
first 2,000 articles are labelled by three reviewers in both, so only the corpus size differs. The reference
runs are `annotate export` on 2,000 articles, `annotate score` on the large corpus (the time an export of the
corpus cannot go below: it scores every article; its table then feeds `export --scores`), and the whole-table
library export (``export_report``, which holds every score row at once) on the large corpus. Absolute figures
depend on the machine; the ratios are the result. Exits 1 when a target is missed.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import uuid
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotate.corpus import iter_corpus  # noqa: E402
from annotate.labels import load_codebook  # noqa: E402
from annotate.labels.columns import columns_for, label_path  # noqa: E402
from annotate.labels.format import csv_line  # noqa: E402
from benchmarks.bench_scale import _PEAK  # noqa: E402
from benchmarks.synth import write_corpus  # noqa: E402

#: Peak memory of the large export over the small one: `annotate score`'s own target (bench_scale), since the
#: export now streams as it does.
MAX_GROWTH = 1.3
#: Export time over `annotate score` time on the same corpus: the export scores every article and adds label
#: columns; 1.3 leaves room for those columns and the final-label work per part.
MAX_SLOWER = 1.3
LABELLED = 2_000
FRAMES = ("Economic", "Political", "Morality", "Public opinion")
TONES = ("negative", "neutral", "positive")


def write_labels(labels: Path, corpus: Path) -> None:
    """Three reviewers' files over the corpus's first LABELLED articles; they differ on one article in five."""
    book = load_codebook("policy-frames")
    columns = columns_for(book.field_names)
    articles = list(islice(iter_corpus(corpus, warn=False), LABELLED))
    for r, reviewer in enumerate(("ana", "bo", "cy")):
        path = label_path(labels, book.id, reviewer)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as fh:
            fh.write(csv_line(columns))
            for i, article in enumerate(articles):
                values = {"label_id": str(uuid.UUID(int=r * LABELLED + i + 1)), "saved_at": "2026-12-01T10:00:00Z",
                          "reviewer": reviewer, "article_id": article.id, "article_sha256": article.sha256,
                          "codebook": book.id, "codebook_version": book.version, "action": "label",
                          "primary_frame": FRAMES[(i + (r if i % 5 == 0 else 0)) % 4], "tone": TONES[i % 3],
                          "notes": f"note {i}" if r == 0 and i % 7 == 0 else "", "seconds_on_article": "12.0"}
                fh.write(csv_line(values.get(c, "") for c in columns))


def run(command: list[str]) -> tuple[float, float]:
    """(peak resident MB of the largest process, seconds) of one command in a fresh parent."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK, *command], check=True, cwd=ROOT, capture_output=True,
                          text=True)
    return int(done.stdout.split()[-1]) / 1024, time.perf_counter() - started


def export(corpus: Path, labels: Path, out: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "annotate.cli", "export", "--corpus", str(corpus), "--labels", str(labels),
            "-o", str(out), "--jobs", str(jobs), "--no-progress"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000, help="articles in the large corpus")
    parser.add_argument("--jobs", type=int, default=1, help="processes for export and score")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small, big = write_corpus(folder / "s.jsonl", LABELLED), write_corpus(folder / "b.jsonl", args.articles)
        write_labels(folder / "labels", big)  # the same seed: the small corpus is the large one's first articles
        small_mb, _ = run(export(small, folder / "labels", folder / "s.csv", args.jobs))
        big_mb, big_s = run(export(big, folder / "labels", folder / "b.csv", args.jobs))
        scores = folder / "scores.parquet"
        _, score_s = run([sys.executable, "-m", "annotate.cli", "score", str(big), "-o", str(scores),
                          "--jobs", str(args.jobs), "--no-progress"])
        from_scores = [sys.executable, "-m", "annotate.cli", "export", "--scores", str(scores), "--labels",
                       str(folder / "labels"), "-o", str(folder / "f.csv")]
        table_mb, table_s = run(from_scores)
        whole = ("import sys; from annotate.report.export import export_report; "
                 "export_report(sys.argv[1], sys.argv[2], 'policy-frames', sys.argv[3])")
        whole_mb, whole_s = run([sys.executable, "-c", whole, str(big), str(folder / "labels"), str(folder / "w.csv")])
        same = (folder / "b.csv").read_bytes() == (folder / "w.csv").read_bytes() == (folder / "f.csv").read_bytes()
    print(f"annotate export, 3 reviewers x {LABELLED:,} articles, --jobs {args.jobs} "
          "(absolute figures machine-dependent):")
    print(f"  peak memory: {LABELLED:,} articles {small_mb:.0f} MB; {args.articles:,} articles {big_mb:.0f} MB; "
          f"ratio {big_mb / small_mb:.2f}x (target <= {MAX_GROWTH}x)")
    print(f"  time on {args.articles:,} articles: export {big_s:.1f} s, annotate score {score_s:.1f} s; "
          f"ratio {big_s / score_s:.2f}x (target <= {MAX_SLOWER}x)")
    print(f"  whole-table export_report on {args.articles:,} articles: {whole_mb:.0f} MB, {whole_s:.1f} s; "
          f"streamed over whole: memory {big_mb / whole_mb:.2f}x, time {big_s / whole_s:.2f}x; "
          f"same file: {same}")
    print(f"  export --scores (the Parquet table annotate score wrote) on {args.articles:,} articles: "
          f"{table_mb:.0f} MB, {table_s:.1f} s; {table_s / big_s:.3f}x the time of export --corpus")
    ok = big_mb / small_mb <= MAX_GROWTH and big_s / score_s <= MAX_SLOWER and same
    print("all targets met" if ok else "a target was missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
