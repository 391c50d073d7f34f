"""The ``annotate`` command line: score, export a report, print agreement, open the lab or the team app."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

from . import cli_app, cli_report
from .csvio import write_csv_atomic as write_csv_atomic


def _version() -> str:
    try:
        return version("annotate")
    except PackageNotFoundError:
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="annotate", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
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
    cli_report.add_parsers(sub)
    cli_app.add_parsers(sub)
    return parser


def _score(args: argparse.Namespace) -> int:
    import warnings

    from .corpus import CorpusError, load_corpus
    from .tables import findings_frame, frame_from_scores, score_articles

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


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "score":
        return _score(args)
    if args.command == "export":
        return cli_report.run_export(args)
    if args.command == "agreement":
        return cli_report.run_agreement(args)
    if args.command == "lab":
        return cli_app.run_lab(args)
    if args.command == "app":
        return cli_app.run_app(args)
    return 2  # unreachable: argparse enforces the sub-command


if __name__ == "__main__":
    sys.exit(main())
