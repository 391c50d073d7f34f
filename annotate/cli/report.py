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
    agree.add_argument("--corpus", help="leave out labels saved on an earlier text of an article of this corpus "
                                        f"(without it, articles labelled on different texts are named). {CORPUS_HELP}")


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
                codebook_dir(args.labels, book.id), "the export")
    path = write_report(frame, args.output, raw=args.raw, excel=args.excel)
    print(f"exported {len(frame)} articles -> {path}", file=sys.stderr)
    return 0


#: Article ids named in the warning about stale labels; the rest are counted ("and 12 more").
STALE_IDS_SHOWN = 10


def _shown(articles: list[str]) -> str:
    return ", ".join(articles[:STALE_IDS_SHOWN]) + (f" and {len(articles) - STALE_IDS_SHOWN} more"
                                                  if len(articles) > STALE_IDS_SHOWN else "")


def _warn_stale(count: int, articles: list[str], folder: Path, left_out_of: str) -> None:
    """Say how many labels judged an earlier text of their article, and which articles, in ``folder``.

    Only each reviewer's latest label of an article is read, so every one counted here still awaits review.
    """
    if not count:
        return
    _warn([f"{folder}: {count} label{'s were' if count != 1 else ' was'} saved on an earlier text of "
           f"{len(articles)} article{'s' if len(articles) != 1 else ''} ({_shown(articles)}); left out of "
           f"{left_out_of} (review those articles again to label their current text)"])


def _current_texts(corpus: str) -> dict[str, str] | str:
    """Each article id of ``corpus`` with the sha256 of its text (no scoring), or an error message."""
    from annotate.corpus import CorpusError, iter_corpus

    try:
        return {a.id: a.sha256 for a in iter_corpus(corpus, warn=False)}
    except (CorpusError, OSError) as exc:
        return str(exc)


def run_agreement(args: argparse.Namespace) -> int:
    from annotate.labels.codebooks import Codebook
    from annotate.labels.columns import codebook_dir
    from annotate.labels.merge import read_labels
    from annotate.report.agreement import agreement, cohen_kappa
    from annotate.report.export import mixed_texts, split_stale

    book = _check_inputs(args.labels, args.codebook)
    if not isinstance(book, Codebook):
        return _error(book)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        labels = read_labels(args.labels, book)
    _warn(labels.attrs.get("problems", []))
    folder = codebook_dir(args.labels, book.id)
    if args.corpus is not None:
        current = _current_texts(args.corpus)
        if isinstance(current, str):
            return _error(current)
        labels, stale = split_stale(labels, current)
        _warn_stale(len(stale), sorted(set(stale["article_id"].astype(str))), folder, "the agreement")
    elif mixed := mixed_texts(labels):
        # Without the corpus nobody can tell which text is current; comparing them silently would count a
        # change in the article as reviewers disagreeing.
        _warn([f"{folder}: {len(mixed)} article{'s were' if len(mixed) != 1 else ' was'} labelled on different "
               f"texts by different reviewers ({_shown(mixed)}); their labels are compared as they are "
               "(pass --corpus to leave out labels on earlier texts)"])
    if labels.empty:
        return _error(f"{folder}: no labels for codebook {book.id}")
    print(f"Agreement per field ({book.id}, {labels['reviewer'].nunique()} reviewers, "
          f"{labels['article_id'].nunique()} articles)")
    print(_table(agreement(labels, book)))
    print()
    print("Cohen's kappa per pair of reviewers (single-choice fields)")
    print(_table(cohen_kappa(labels, book)))
    return 0


def _table(frame: pd.DataFrame) -> str:
    return "(none)" if frame.empty else frame.to_string(index=False, float_format=FLOAT_FORMAT)
