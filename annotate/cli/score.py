"""The ``annotate score`` sub-command: one CSV row of numbers per article, and optionally one per finding."""
from __future__ import annotations

import argparse
import sys

from annotate.csvio import write_csv_atomic


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``score`` on the main parser's sub-commands."""
    score = sub.add_parser("score", help="score every article of a corpus",
                           description="Score a folder of .txt/.md files, a .jsonl or a .csv corpus.")
    score.add_argument("corpus", help="folder of .txt/.md files, or a .jsonl or .csv file")
    score.add_argument("-o", "--output", required=True, help="CSV with one row per article")
    score.add_argument("--findings", help="also write a CSV with one row per finding")
    bar = score.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="always show the progress bar")
    bar.add_argument("--no-progress", dest="progress", action="store_false",
                     help="never show the progress bar")


def run_score(args: argparse.Namespace) -> int:
    """Score every article of ``args.corpus``; a bad article fails alone and is reported."""
    import warnings

    from annotate.corpus import CorpusError, load_corpus
    from annotate.scoring.tables import findings_frame, frame_from_scores, score_articles

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # problems are printed below, once, in our own words
        try:
            corpus = load_corpus(args.corpus)
        except CorpusError as exc:
            print(f"annotate: error: {exc}", file=sys.stderr)
            return 1
        scores, failures = score_articles(corpus, progress=args.progress, on_error="skip")
        ok = [a for a in corpus if a.id in scores]
        write_csv_atomic(frame_from_scores(ok, scores), args.output)
        if args.findings:
            write_csv_atomic(findings_frame({a.id: scores[a.id] for a in ok}), args.findings)
    for problem in [*corpus.problems, *failures]:
        print(f"annotate: failed: {problem}", file=sys.stderr)
    bad = len(corpus.problems) + len(failures)
    print(f"scored {len(ok)} articles -> {args.output}"
          + (f" (findings -> {args.findings})" if args.findings else "")
          + (f"; {bad} failed" if bad else ""), file=sys.stderr)
    return 1 if bad else 0
