"""The ``annotate export`` and ``annotate agreement`` sub-commands: final labels and agreement."""
from __future__ import annotations

import argparse
import sys
import warnings
from itertools import islice
from pathlib import Path

import pandas as pd

from annotate.cli.common import (
    StreamProblems,
    check_outputs,
    error,
    new_folders,
    plural,
    positive,
    read_corpus,
    tell,
    warn,
)
from annotate.cli.score import CORPUS_HELP, auto_jobs, progress
from annotate.labels.codebooks import DEFAULT_CODEBOOK


def three_decimals(value: float) -> str:
    """Three decimals: enough to tell 0.743 from 0.750 without implying a precision five coders do not have. A
    value that rounds to zero is 0.000, not the -0.000 that a kappa of -1e-17 (float noise) printed."""
    return f"{round(value, 3) + 0.0:.3f}"
#: What --codebook says in both commands' help.
CODEBOOK_HELP = f"bundled codebook id or YAML file (default: {DEFAULT_CODEBOOK})"
#: The one format the export writes (annotate.report.export.write_report).
EXPORT_SUFFIXES = (".csv",)
#: Reviewers it takes to agree or disagree: with one, every agreement figure is undefined (NaN).
MIN_REVIEWERS = 2


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``export`` and ``agreement`` on the main parser's sub-commands."""
    export = sub.add_parser("export", help="write one CSV row per article: scores and final labels",
                            description="Write one row per article: its scores, final labels and reasons, "
                                        "reviewers and whether they disagree. A corpus record that cannot be "
                                        "read is named and left out, and the exit status is 1.")
    source = export.add_mutually_exclusive_group(required=True)
    source.add_argument("--corpus", help=f"the articles, scored as they are exported: {CORPUS_HELP}")
    source.add_argument("--scores", help="instead of --corpus: the .parquet or .csv table `annotate score` wrote, "
                                         "so nothing is scored again (a million articles export in minutes)")
    export.add_argument("--labels", required=True, help="labels folder (holds <codebook-id>/<reviewer>.csv)")
    export.add_argument("--codebook", help=CODEBOOK_HELP)
    export.add_argument("-o", "--output", required=True, help="the .csv file to write")
    export.add_argument("--raw", action="store_true",
                        help="keep cells starting with = + - @ tab or CR unchanged (unsafe in spreadsheets)")
    export.add_argument("--excel", action="store_true", help="start the file with a UTF-8 BOM for Excel")
    export.add_argument("--disagree-on", choices=("required", "all"), default="required",
                        help="fields whose differences set the disagree column: required ones (default) or all "
                             "coded fields (disagree_fields always lists every field reviewers differ on)")
    export.add_argument("-j", "--jobs", type=positive, default=None,
                        help="processes to score on (default: every core for a corpus over 8 MB, else 1)")
    bar = export.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="always show the progress bar (by default only on a terminal)")
    bar.add_argument("--no-progress", dest="progress", action="store_false", help="never show the progress bar")
    agree = sub.add_parser("agreement", help="print agreement per field and Cohen's kappa per reviewer pair",
                           description="Print percent agreement and Krippendorff's alpha per field, "
                                       "and Cohen's kappa per pair of reviewers (two reviewers or more).")
    agree.add_argument("labels", help="labels folder (holds <codebook-id>/<reviewer>.csv)")
    agree.add_argument("--codebook", help=CODEBOOK_HELP)
    agree.add_argument("--corpus", help="leave out labels saved on an earlier text of an article of this corpus "
                                        f"(without it, articles labelled on different texts are named). {CORPUS_HELP}")


def _check_inputs(labels: str, codebook: str) -> object:
    """The loaded codebook, or an error message naming the path that is wrong."""
    from annotate.labels.codebooks import CodebookError, load_codebook

    if not Path(labels).is_dir():
        return f"{labels}: no such labels folder"
    misplaced = _not_a_labels_folder(Path(labels))
    if misplaced is not None:
        return misplaced
    try:
        return load_codebook(codebook)
    except CodebookError as exc:
        return exc


#: Entries of a folder looked at to tell a corpus from a labels folder (a corpus may hold a million files).
PEEK_ENTRIES = 1_000


def _not_a_labels_folder(folder: Path) -> str | None:
    """Why ``folder`` is surely no labels folder: it holds label files itself (one level too deep, the slip
    that exported every article as unlabelled), or it holds articles (the corpus given twice)."""
    from annotate.corpus.files import TEXT_SUFFIXES
    from annotate.labels.columns import BASE_COLUMNS

    entries = list(islice(folder.iterdir(), PEEK_ENTRIES))
    header = ",".join(BASE_COLUMNS[:3])
    logs = sorted(p.name for p in entries if p.suffix == ".csv" and _first_line(p).startswith(header))
    if logs:
        return (f"{folder}: holds label files itself ({', '.join(logs[:3])}{', ...' if len(logs) > 3 else ''}), "
                f"so it is a codebook's folder: give the labels folder above it, {folder.parent} (label files are "
                "<labels>/<codebook id>/<reviewer>.csv)")
    if not any(p.is_dir() for p in entries) and any(p.suffix.lower() in (*TEXT_SUFFIXES, ".jsonl") for p in entries):
        return f"{folder}: holds articles, not labels (label files are <labels>/<codebook id>/<reviewer>.csv)"
    return None


def _first_line(path: Path) -> str:
    try:
        with path.open("rb") as fh:
            return fh.readline(4096).decode("utf-8", errors="replace").lstrip("\ufeff")
    except OSError:
        return ""


def _warn_label_problems(problems: list[str]) -> None:
    tell("warning", problems, len(problems), "problems with the label files")


def _labelled_codebooks(labels: str) -> list[str]:
    """The codebook ids that have label files in ``labels`` (its sub-folders holding a .csv)."""
    from annotate.labels.columns import label_files

    return sorted(p.name for p in Path(labels).iterdir() if p.is_dir() and label_files(labels, p.name))


def _no_labels(labels: str, codebook_id: str, defaulted: bool) -> str:
    """Why ``labels`` has nothing for this codebook, and which codebooks it has labels for."""
    from annotate.labels.columns import codebook_dir

    which = f"codebook {codebook_id}" + (" (the default)" if defaulted else "")
    others = _labelled_codebooks(labels)
    where = (f"; it has labels for {', '.join(others)}: pass --codebook with one of them (a bundled codebook's "
             f"id, or the codebook's YAML file), e.g. --codebook {others[0]}" if others else "")
    return f"{codebook_dir(labels, codebook_id)}: no labels for {which}{where}"


def run_export(args: argparse.Namespace) -> int:
    """Stream the corpus through scoring and write each part's report rows as it comes: memory holds the labels
    and one part (annotate.report.stream), so a million-article archive exports like five articles."""
    from annotate.corpus import CorpusError, iter_corpus
    from annotate.labels.codebooks import Codebook
    from annotate.labels.columns import codebook_dir, label_files
    from annotate.report.export import ReportRows
    from annotate.report.stream import export_parts, read_score_parts, score_parts
    from annotate.scoring.batch import score_stream

    book = _check_inputs(args.labels, args.codebook or DEFAULT_CODEBOOK)
    if not isinstance(book, Codebook):
        return error(book)
    given = ("scores", args.scores) if args.scores else ("corpus", args.corpus)
    problem = check_outputs([(args.output, "-o")], EXPORT_SUFFIXES, [given, ("labels", args.labels)])
    if problem is not None:
        return error(problem)
    if args.scores and not Path(args.scores).is_file():
        return error(f"{args.scores}: no such score table (make one with `annotate score CORPUS -o scores.parquet`)")
    if not label_files(args.labels, book.id):
        if _labelled_codebooks(args.labels):  # labels of another codebook: surely the wrong --codebook
            return error(_no_labels(args.labels, book.id, args.codebook is None))
        # A labels folder with no labels at all: a project before anyone labelled. Its export (the scores, and
        # empty label columns to fill) is legitimate, but must not pass for a report on labels.
        warn([f"{_no_labels(args.labels, book.id, args.codebook is None)} yet: every article is exported unlabelled"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # problems are printed below, once, in our own words
        try:
            stream = None if args.scores else iter_corpus(args.corpus, warn=False)
            rows = ReportRows(args.labels, book, args.disagree_on)
        except (CorpusError, OSError, ValueError) as exc:
            return error(exc)
        _warn_label_problems(rows.read.attrs.get("problems", []))
        made = new_folders([args.output])
        failed = StreamProblems(stream) if stream is not None else None
        try:
            if failed is None:
                parts = read_score_parts(args.scores)
            else:
                jobs = args.jobs or auto_jobs(Path(args.corpus))
                results = progress(score_stream(failed.readable(), jobs=jobs), failed.stream, args.progress,
                                   "exporting")
                parts = score_parts(failed.telling(results), failed.unscored)
            written = export_parts(parts, rows, args.output, raw=args.raw, excel=args.excel)
        except (CorpusError, ValueError) as exc:  # the corpus broke before its first article; a bad score table
            return error(exc)
        except OSError as exc:
            return error(f"{args.output}: cannot be written ({exc.strerror or exc})")
    n_failed = 0
    if failed is not None:
        failed.tell_rest()
        n_failed = failed.count
    if not written:
        return error(f"{args.scores}: no score rows" if stream is None else
                     f"{args.corpus}: no article could be loaded" if not stream.n_articles
                     else f"{args.corpus}: no article could be scored")
    attrs = rows.attrs()
    missing = [f"{i}: labelled but not in the corpus; left out" for i in attrs["not_in_corpus"]]
    tell("warning", missing, len(missing), "labelled articles not in the corpus")
    _warn_stale(attrs["stale_labels"], attrs["stale_articles"], codebook_dir(args.labels, book.id), "the export")
    print(f"exported {plural(written, 'article')} -> {args.output}"
          + (f"; {plural(n_failed, 'corpus record')} failed (left out)" if n_failed else "") + made,
          file=sys.stderr)
    return 1 if n_failed else 0  # as `annotate score`: the report is written, and the run says it is short


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
    warn([f"{folder}: {count} label{'s were' if count != 1 else ' was'} saved on an earlier text of "
          f"{len(articles)} article{'s' if len(articles) != 1 else ''} ({_shown(articles)}); left out of "
          f"{left_out_of} (review those articles again to label their current text)"])


def _reviewer_files(labels: pd.DataFrame, folder: Path) -> str:
    """Each label file of ``folder`` with the labels it gave that count: "ana.csv: 3 labels; lead.csv: none"."""
    from annotate.labels.columns import label_files, reviewer_of

    counts = labels["reviewer"].astype(str).value_counts()
    files = label_files(folder.parent, folder.name)
    return "; ".join(f"{f.name}: {plural(int(counts.get(reviewer_of(f), 0)), 'label')}" for f in files) or "none"


def run_agreement(args: argparse.Namespace) -> int:
    from annotate.corpus import CorpusError
    from annotate.labels.codebooks import Codebook
    from annotate.labels.columns import codebook_dir
    from annotate.labels.merge import read_labels
    from annotate.report.agreement import agreement, cohen_kappa
    from annotate.report.export import mixed_texts, split_stale

    book = _check_inputs(args.labels, args.codebook or DEFAULT_CODEBOOK)
    if not isinstance(book, Codebook):
        return error(book)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        labels = read_labels(args.labels, book)
    _warn_label_problems(labels.attrs.get("problems", []))
    folder = codebook_dir(args.labels, book.id)
    if labels.empty:
        return error(_no_labels(args.labels, book.id, args.codebook is None))
    failed = 0
    if args.corpus is not None:
        try:
            read = read_corpus(args.corpus, lambda article: (article.id, article.sha256))
        except (CorpusError, OSError) as exc:
            return error(exc)
        read.tell()
        failed = read.failed  # their labels cannot be checked against a text: they are kept, as the run says
        labels, stale = split_stale(labels, dict(read.items))
        _warn_stale(len(stale), sorted(set(stale["article_id"].astype(str))), folder, "the agreement")
    elif mixed := mixed_texts(labels):
        # Without the corpus nobody can tell which text is current; comparing them silently would count a
        # change in the article as reviewers disagreeing.
        warn([f"{folder}: {len(mixed)} article{'s were' if len(mixed) != 1 else ' was'} labelled on different "
              f"texts by different reviewers ({_shown(mixed)}); their labels are compared as they are "
              "(pass --corpus to leave out labels on earlier texts)"])
    reviewers = labels["reviewer"].nunique()
    if reviewers < MIN_REVIEWERS:
        current = " on the corpus's current texts" if args.corpus is not None else ""
        return error(f"{folder}: agreement needs labels from {MIN_REVIEWERS} reviewers or more, and "
                     f"{plural(reviewers, 'reviewer')} gave labels{current} ({_reviewer_files(labels, folder)}; "
                     "gold labels, skips and withdrawn labels do not count)")
    print(f"Agreement per field ({book.id}, {plural(reviewers, 'reviewer')}, "
          f"{plural(labels['article_id'].nunique(), 'article')})")
    print(_table(agreement(labels, book)))
    print()
    print("Cohen's kappa per pair of reviewers (single choices unweighted, ratings with quadratic weights)")
    print(_table(cohen_kappa(labels, book)))
    if failed:
        warn([f"{args.corpus}: {plural(failed, 'corpus record')} could not be read (named above); labels of "
              "their articles, if any, were compared without checking their text"])
    return 1 if failed else 0  # as `annotate score`: the work is done, and the run says it is short


def _table(frame: pd.DataFrame) -> str:
    return "(none)" if frame.empty else frame.to_string(index=False, float_format=three_decimals)
