"""The ``annotate score`` sub-command: one CSV row of numbers per article, and optionally one per finding."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from annotate.cli.common import check_outputs, error, new_folders, plural, positive
from annotate.csvio import AtomicTable

if TYPE_CHECKING:
    from annotate.corpus import Problem
    from annotate.scoring.batch import Scored

#: How every command names the corpus it takes (see annotate.corpus.iter_corpus).
CORPUS_HELP = "a folder of .txt/.md files or of shards, or a .jsonl, .jsonl.gz, .csv or .parquet file"
ARTICLE_COLUMNS, ARTICLE_TYPES = ("id", "title", "sha256"), ("str", "str", "str")
FINDING_COLUMNS = ("article_id", "kind", "start", "end", "text", "detail")
FINDING_TYPES = ("str", "str", "int", "int", "str", "str")
#: Below this input size one process is as fast as several: workers start with every cache built (about 4 s
#: here), which one process builds only as it needs them. Measured end to end on generated JSONL, 2 cores,
#: --jobs 1 against 2: 2.8 MB 7.08 s / 7.16 s; 5.6 MB 8.22 s / 8.36 s; 11 MB 11.45 s / 9.85 s. Compared with
#: the corpus's uncompressed size (corpus.records.text_bytes), so it holds for .jsonl.gz and Parquet too.
PARALLEL_MIN_BYTES = 8_000_000
ENGINES = ("local", "dask")
#: The table formats `score` writes (annotate.csvio.AtomicTable): anything else would be CSV under a false name.
OUTPUT_SUFFIXES = (".csv", ".parquet")


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``score`` on the main parser's sub-commands."""
    score = sub.add_parser("score", help="score every article of a corpus",
                           description="Score a corpus as a stream: memory stays flat at any size, rows come out in "
                                       "input order, and the output files appear when the run completes.")
    score.add_argument("corpus", help=CORPUS_HELP)
    score.add_argument("-o", "--output", required=True,
                       help="one row per article: a .csv, or a .parquet file")
    score.add_argument("--findings", help="also write one row per finding (.csv or .parquet)")
    score.add_argument("--raw", action="store_true",
                       help="in CSV output, keep text cells starting with = + - @ tab or CR unchanged (unsafe in "
                            "spreadsheets; by default they get a leading ' as in annotate export)")
    bar = score.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="always show the progress bar")
    bar.add_argument("--no-progress", dest="progress", action="store_false",
                     help="never show the progress bar")
    score.add_argument("-j", "--jobs", type=positive, default=None,
                       help="processes to score on (default: every core for a corpus over 8 MB, else 1); "
                            "with --engine dask and no --scheduler, the local cluster's workers")
    score.add_argument("--engine", choices=ENGINES, default="local",
                       help="local: this machine's processes (default); dask: a Dask cluster")
    score.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                       help="with --engine dask: an existing cluster's scheduler (default: start a local one)")


def run_score(args: argparse.Namespace) -> int:
    """Score every article of ``args.corpus`` as a stream; a bad record or article fails alone and is reported."""
    import warnings

    from annotate.corpus import CorpusError, iter_corpus
    from annotate.scoring.batch import default_jobs, score_stream

    if args.scheduler and args.engine != "dask":
        print("annotate: error: --scheduler needs --engine dask", file=sys.stderr)
        return 2
    # Before any work: a run of hours must not end in a name it cannot write, nor write over its own input.
    problem = check_outputs([(args.output, "-o"), (args.findings, "--findings")], OUTPUT_SUFFIXES,
                            [("corpus", args.corpus)])
    if problem is not None:
        return error(problem)
    made = new_folders([args.output, args.findings])
    try:
        stream = iter_corpus(args.corpus, warn=False)  # problems are printed below, in our own words
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if args.engine == "dask":
                from annotate.scoring.cluster import dask_client, score_files_on_client, score_on_client

                with dask_client(args.scheduler, args.jobs or default_jobs()) as client:
                    if stream.format in ("jsonl", "shards"):  # the workers read the file (ranges) or shards
                        numbering, results = score_files_on_client(stream.path, client, bool(args.findings),
                                                                   stream.shards)
                        outcome = _write(args, numbering, results)
                    else:
                        outcome = _write(args, stream, score_on_client(stream, client, findings=bool(args.findings)))
            else:
                jobs = args.jobs or auto_jobs(Path(args.corpus))
                outcome = _write(args, stream, score_stream(stream, jobs=jobs, findings=bool(args.findings)))
    except (CorpusError, OSError) as exc:  # an unreadable corpus, or an output that cannot be written
        return error(exc)
    if outcome is None:
        return error(f"{args.corpus}: no article could be loaded")
    scored, failed = outcome  # failed: records that could not be read, and articles that could not be scored
    print(f"scored {plural(scored, 'article')} -> {args.output}"
          + (f" (findings -> {args.findings})" if args.findings else "")
          + (f"; {failed} failed" if failed else "") + made, file=sys.stderr)
    return 1 if failed else 0


def auto_jobs(corpus: Path) -> int:
    """Every core for a corpus big enough to gain from them; one process for a small one."""
    from annotate.corpus.records import text_bytes
    from annotate.scoring.batch import default_jobs

    # Uncompressed: a .jsonl.gz or a Parquet file holds several times its size in text.
    return default_jobs() if text_bytes(corpus) >= PARALLEL_MIN_BYTES else 1


#: Articles between two updates of an estimated total: often enough to follow, rarely enough to cost nothing.
ESTIMATE_EVERY = 50


class _Abort(Exception):
    """Nothing was scored: the output files are not created."""


class Source(Protocol):
    """Where the articles come from, as the writer reports it: a CorpusStream, or a cluster's numbering."""

    problems: list[Problem]
    n_problems: int
    n_articles: int
    total: int | None

    def fraction_read(self) -> float | None: ...


def _write(args: argparse.Namespace, stream: Source, results: Iterable[Scored]) -> tuple[int, int] | None:
    """Write the score rows (and finding rows) as they come; (scored, failed), or None when nothing was read.

    ``failed`` counts the records that could not be read and the articles that could not be scored.
    """
    from annotate.scoring.article import NUMBER_FIELDS, NUMBER_TYPES

    scored = failed = told = 0
    # Both tables are finished before either is put in place: a run that breaks leaves neither.
    # People open these in spreadsheets: text cells that would run as formulas are neutralised (not --raw).
    safe = not args.raw
    table = AtomicTable(args.output, [*ARTICLE_COLUMNS, *NUMBER_FIELDS], [*ARTICLE_TYPES, *NUMBER_TYPES],
                        defer=True, neutralise=safe)
    findings = (AtomicTable(args.findings, FINDING_COLUMNS, FINDING_TYPES, defer=True, neutralise=safe)
                if args.findings else None)
    tables = [t for t in (table, findings) if t is not None]
    try:
        with table, findings or nullcontext():
            for item in progress(results, stream, args.progress):
                told = _tell(stream, told)
                if item.numbers is None:
                    failed += 1
                    print(f"annotate: failed: {item.where}: {item.error}", file=sys.stderr)
                    continue
                scored += 1
                table.write([(item.article_id, item.title, item.sha256, *item.numbers)])
                if findings:
                    findings.write((item.article_id, *f) for f in item.findings)
            _tell(stream, told)
            if stream.n_articles == 0:
                raise _Abort
    except _Abort:
        for t in tables:
            t.discard()
        return None
    for t in tables:
        t.commit()
    return scored, failed + stream.n_problems


def _tell(stream: Source, told: int) -> int:
    """Print the stream's problems met since the last call; returns how many have been printed."""
    for problem in stream.problems[told:]:
        print(f"annotate: failed: {problem}", file=sys.stderr)
    return len(stream.problems)


def progress(results: Iterable[Scored], stream: Source, show: bool | None, desc: str = "scoring") -> Iterator[Scored]:
    """A progress bar with articles/s and an ETA; by default only on a terminal.

    Where the number of articles is not known up front (JSONL, CSV), it is estimated from how far through
    the file the reading is, and the bar says so ("≈").
    """
    from tqdm.auto import tqdm

    estimate = stream.total is None
    # disable=None: shown on a terminal only, so logs and pipes stay clean.
    with tqdm(total=stream.total, desc=desc, unit="article", smoothing=0.1,
              disable=None if show is None else not show) as bar:
        for item in results:
            yield item
            bar.update()
            if estimate and bar.n % ESTIMATE_EVERY == 0:
                fraction = stream.fraction_read()
                if fraction:  # records read (not scored: the reading runs chunks ahead) over the bytes read
                    bar.total = max(bar.n, round((stream.n_articles + stream.n_problems) / fraction))
                    bar.set_description(f"{desc} ≈", refresh=False)
        if estimate:
            bar.total = bar.n
            bar.set_description(desc, refresh=False)
