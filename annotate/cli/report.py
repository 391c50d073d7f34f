"""The ``annotate export`` and ``annotate agreement`` sub-commands: final labels and agreement."""
from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import pandas as pd

from annotate.cli.score import CORPUS_HELP

# Enough to tell 0.743 from 0.750 without implying a precision five coders do not have.
FLOAT_FORMAT = "{:.3f}".format


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``export`` and ``agreement`` on the main parser's sub-commands."""
    export = sub.add_parser("export", help="write one CSV row per article: scores and final labels",
                            description="Write one row per article: its scores, final labels and reasons, "
                                        "reviewers and whether they disagree.")
    export.add_argument("--corpus", required=True, help=CORPUS_HELP)
    export.add_argument("--labels", required=True, help="labels folder (holds <codebook-id>/<reviewer>.csv)")
    export.add_argument("--codebook", default="policy-frames", help="bundled codebook id or YAML file")
    export.add_argument("-o", "--output", required=True, help="CSV to write")
    export.add_argument("--raw", action="store_true",
                        help="keep cells starting with = + - @ tab or CR unchanged (unsafe in spreadsheets)")
    export.add_argument("--excel", action="store_true", help="start the file with a UTF-8 BOM for Excel")
    export.add_argument("--disagree-on", choices=("required", "all"), default="required",
                        help="fields whose differences set the disagree column: required ones (default) or all "
                             "coded fields (disagree_fields always lists every field reviewers differ on)")
    agree = sub.add_parser("agreement", help="print agreement per field and Cohen's kappa per reviewer pair",
                           description="Print percent agreement and Krippendorff's alpha per field, "
                                       "and Cohen's kappa per pair of reviewers.")
    agree.add_argument("labels", help="labels folder (holds <codebook-id>/<reviewer>.csv)")
    agree.add_argument("--codebook", default="policy-frames", help="bundled codebook id or YAML file")


def _error(message: object) -> int:
    print(f"annotate: error: {message}", file=sys.stderr)
    return 1


def _check_inputs(labels: str, codebook: str) -> object:
    """The loaded codebook, or an error message naming the path that is wrong."""
    from annotate.labels.codebooks import CodebookError, load_codebook

    if not Path(labels).is_dir():
        return f"{labels}: no such labels folder"
    try:
        return load_codebook(codebook)
    except CodebookError as exc:
        return exc


def _warn(messages: list[str]) -> None:
    for message in messages:
        print(f"annotate: warning: {message}", file=sys.stderr)


def run_export(args: argparse.Namespace) -> int:
    from annotate.corpus import CorpusError
    from annotate.labels.codebooks import Codebook
    from annotate.labels.columns import codebook_dir
    from annotate.report.export import report_frame, write_report

    book = _check_inputs(args.labels, args.codebook)
    if not isinstance(book, Codebook):
        return _error(book)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # problems are printed below, once, in our own words
        try:
            frame = report_frame(args.corpus, args.labels, book, args.disagree_on)
        except (CorpusError, RuntimeError, ValueError) as exc:
            return _error(exc)
    _warn(frame.attrs.get("problems", []))
    _warn([f"{i}: labelled but not in the corpus; left out" for i in frame.attrs.get("not_in_corpus", [])])
    _warn_stale(frame.attrs.get("stale_labels", 0), frame.attrs.get("stale_articles", []),
                codebook_dir(args.labels, book.id))
    path = write_report(frame, args.output, raw=args.raw, excel=args.excel)
    print(f"exported {len(frame)} articles -> {path}", file=sys.stderr)
    return 0


#: Article ids named in the warning about stale labels; the rest are counted ("and 12 more").
STALE_IDS_SHOWN = 10


def _warn_stale(count: int, articles: list[str], folder: Path) -> None:
    """Say how many labels judged an earlier text of their article, and which articles, in ``folder``."""
    if not count:
        return
    shown = ", ".join(articles[:STALE_IDS_SHOWN]) + (f" and {len(articles) - STALE_IDS_SHOWN} more"
                                                   if len(articles) > STALE_IDS_SHOWN else "")
    _warn([f"{folder}: {count} label{'s were' if count != 1 else ' was'} saved on an earlier text of "
           f"{len(articles)} article{'s' if len(articles) != 1 else ''} ({shown}); left out of the export "
           "(review those articles again to label their current text)"])


def run_agreement(args: argparse.Namespace) -> int:
    from annotate.labels.codebooks import Codebook
    from annotate.labels.columns import codebook_dir
    from annotate.labels.merge import read_labels
    from annotate.report.agreement import agreement, cohen_kappa

    book = _check_inputs(args.labels, args.codebook)
    if not isinstance(book, Codebook):
        return _error(book)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        labels = read_labels(args.labels, book)
    _warn(labels.attrs.get("problems", []))
    if labels.empty:
        return _error(f"{codebook_dir(args.labels, book.id)}: no labels for codebook {book.id}")
    print(f"Agreement per field ({book.id}, {labels['reviewer'].nunique()} reviewers, "
          f"{labels['article_id'].nunique()} articles)")
    print(_table(agreement(labels, book)))
    print()
    print("Cohen's kappa per pair of reviewers (single-choice fields)")
    print(_table(cohen_kappa(labels, book)))
    return 0


def _table(frame: pd.DataFrame) -> str:
    return "(none)" if frame.empty else frame.to_string(index=False, float_format=FLOAT_FORMAT)
