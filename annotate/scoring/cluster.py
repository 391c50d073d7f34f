"""Scoring on Dask: a corpus stream through a cluster's workers, or a lazy Dask DataFrame of texts."""
from __future__ import annotations

import logging
import math
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from annotate.corpus import Article, CorpusError
from annotate.corpus.ranges import RangeNumbering, check_stamp, file_stamp, line_ranges, read_range
from annotate.corpus.records import corpus_format, record_stem, records
from annotate.corpus.stream import article_from_record, shard_problem
from annotate.scoring.article import NUMBER_FIELDS, NUMBER_TYPES
from annotate.scoring.batch import QUEUED_PER_JOB, FindingRow, NumberRow, Scored, score_stream, score_texts, warm_up

#: The columns of a scored Dask DataFrame: as score_corpus gives them.
SCORE_COLUMNS = ("id", "title", "sha256", *NUMBER_FIELDS)
#: Articles per Dask task: each task costs the client, scheduler and worker a few milliseconds of bookkeeping on
#: top of the text it carries. Measured on 20,000 generated articles, 2 workers on 2 cores: 1,000 per task took
#: 22.3 s, 200 per task 24.2 s (the process pool's 200 suit it: its tasks cost almost nothing).
DASK_CHUNK_ARTICLES = 1_000
_DTYPES = {"str": "object", "int": "int64", "float": "float64"}


@contextmanager
def dask_client(scheduler: str | None = None, workers: int = 2) -> Iterator[Any]:
    """A Dask client on ``scheduler`` (``tcp://host:port``), or on a LocalCluster of ``workers`` processes.

    Every worker builds the scoring caches once, all at the same time, before any article is sent.
    """
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler)
        cluster = None
    else:
        # One thread per worker: scoring is pure Python, so threads would only queue for the GIL. For the same
        # reason the workers' statistical profiler is off: it samples the scoring thread every 10 ms and takes
        # the GIL to do it. Measured on 5,000 generated articles, 2 workers, 3 runs each in two alternations:
        # profiler on 693 and 720 articles/s (medians), off 883 and 1,130.
        with dask.config.set({"distributed.worker.profile.enabled": False}):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                                   silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        client.run(warm_up)
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def score_on_client(articles: Iterable[Article], client: Any, findings: bool = False) -> Iterator[Scored]:
    """Score a stream of articles on the client's workers; rows come back in input order."""
    workers = max(1, len(client.scheduler_info()["workers"]))
    return score_stream(articles, jobs=workers, findings=findings, executor=client.get_executor(),
                        chunk_size=DASK_CHUNK_ARTICLES)


def score_files_on_client(path: Path, client: Any, findings: bool = False,
                          shards: Sequence[Path] = ()) -> tuple[RangeNumbering, Iterator[Scored]]:
    """Score a .jsonl, or the shards of an archive, on the client's workers, which read the files themselves.

    A .jsonl is read in byte ranges; any other shard (.jsonl.gz, .csv, .parquet) by one worker, whole. The
    workers must see the files at the same paths. Returns the numbering (problems and counts, as a
    CorpusStream has them) and the results, in input order: the same rows a local run gives, without the
    text passing through this process.
    """
    files = list(shards) or [path]
    numbering = RangeNumbering(path, files)  # problems name the paths as given, as a local run does
    window = max(1, len(client.scheduler_info()["workers"])) * QUEUED_PER_JOB

    def tasks() -> Iterator[tuple[Path, int, int, Any]]:
        """(file, bytes of the files before it, end of the part in its file, future), in file order."""
        base = 0
        for f in files:
            # Workers may run elsewhere, in another folder: they get the absolute path, and check it is this file.
            target, stamp, size = str(f.resolve()), file_stamp(f), f.stat().st_size
            if corpus_format(f) == "jsonl":
                for start, end in line_ranges(f):
                    yield f, base, end, client.submit(score_range, target, start, end, findings, stamp, pure=False)
            else:
                yield f, base, size, client.submit(score_file, target, findings, stamp, pure=False)
            base += size

    def results() -> Iterator[Scored]:
        queued: deque[tuple[Path, int, int, Any]] = deque()
        current = files[0]

        def take() -> Iterator[Scored]:
            nonlocal current
            f, base, end, future = queued.popleft()
            if f != current:  # the first part of the next file: its lines and default ids start again
                numbering.start_file(f, base)
                current = f
            yield from _assemble(numbering, future.result(), end)

        for task in tasks():
            queued.append(task)
            while len(queued) >= window:
                yield from take()
        while queued:
            yield from take()

    return numbering, results()


#: (record's line within its part, problem, id, title, sha256, numbers, findings, error, where in its file): the
#: last is None for a JSONL range, whose line numbers the client counts; else "12" or "row 12".
RangeRow = tuple[int, str | None, str, str, str, NumberRow | None, tuple[FindingRow, ...], str | None, str | None]


def score_range(path: str, start: int, end: int, findings: bool,
                stamp: str | None = None) -> tuple[list[RangeRow], int]:
    """Read and score one byte range of a .jsonl (on a worker): a row per record, and the range's line count."""
    records, lines = read_range(Path(path), start, end, stamp)
    out: list[RangeRow] = []
    for local, obj, problem in records:
        # With no default id, the article's id is the record's own ("" when it has none): the client numbers it.
        article = article_from_record(obj, "", "") if obj is not None else problem or "unreadable record"
        out.append(_score_row(local, article, findings, None))
    return out, lines


def score_file(path: str, findings: bool, stamp: str | None = None) -> tuple[list[RangeRow], int]:
    """Read and score one whole shard (.jsonl.gz, .csv, .parquet) on a worker: a row per record, as a stream reads."""
    p = Path(path)
    check_stamp(p, stamp)
    stem, out = record_stem(p), list[RangeRow]()
    try:
        for index, (where, obj, problem) in enumerate(records(p, corpus_format(p)), start=1):
            article = article_from_record(obj, where, f"{stem}-{index}") if obj is not None else problem or "unreadable"
            # Where in the file, without the worker's own path to it: the client names the file as it was given.
            out.append(_score_row(index, article, findings, where[len(path) + 1:]))
    except CorpusError as exc:  # the shard fails alone, as a local run has it: "" names the file itself
        out.append((len(out) + 1, shard_problem(p, exc), "", "", "", None, (), None, ""))
    return out, 0


def _score_row(local: int, article: Article | str, findings: bool, where: str | None) -> RangeRow:
    if isinstance(article, str):
        return local, article, "", "", "", None, (), None, where
    ((numbers, found, error),) = score_texts([article.text], findings)
    return local, None, article.id, article.title, article.sha256, numbers, found, error, where


def _assemble(numbering: RangeNumbering, result: tuple[list[RangeRow], int], end: int) -> Iterator[Scored]:
    rows, lines = result
    for local, problem, given, title, sha256, numbers, found, error, suffix in rows:
        record = numbering.next_record()
        if suffix is None:  # a JSONL range: the client counts the lines
            where = numbering.where(local)
        else:  # a whole shard: "12", "row 12", or "" for the shard itself
            where = f"{numbering.path}:{suffix}" if suffix else str(numbering.path)
        if problem is not None:
            numbering.problem(local, problem, where)
            continue
        article_id = numbering.article_id(given, record, local, where)
        if article_id is not None:
            yield Scored(article_id, title, sha256, where, numbers, found, error)
    numbering.end_range(lines, end)


def score_dask_frame(frame: Any, on_error: str = "raise") -> Any:
    """A lazy Dask DataFrame of scores for a Dask DataFrame with a ``text`` column (and ``id``, ``title``).

    Each partition is scored where it lives, and each row is read as a JSONL record is (line breaks made
    "\\n", ids stripped). The ids come from the ``id`` column, else from the index when its divisions are
    known (``set_index``): a plain Dask index restarts in every partition, so it would repeat ids. A row with
    no text or no id raises ValueError naming it when computed, or is left out with ``on_error="skip"``.
    """
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', not {on_error!r}")
    if "text" not in frame.columns:
        raise ValueError(f"a Dask DataFrame to score needs a 'text' column (found {list(frame.columns)})")
    if "id" not in frame.columns and not frame.known_divisions:
        raise ValueError("a Dask DataFrame to score needs an 'id' column, or an index set with set_index: its "
                         "default index restarts in every partition, and ids must not repeat")
    meta = pd.DataFrame({c: pd.Series(dtype=_DTYPES[t]) for c, t in
                         zip(SCORE_COLUMNS, ("str", "str", "str", *NUMBER_TYPES), strict=True)})
    return frame.map_partitions(score_partition, on_error, meta=meta)


def score_partition(part: pd.DataFrame, on_error: str = "raise") -> pd.DataFrame:
    """Scores of one pandas partition: one row per readable text, in the partition's order."""
    ids = part["id"] if "id" in part.columns else part.index.to_series()
    columns = [c for c in ("title", "source", "url") if c in part.columns]
    articles = []
    for n, (given, *values) in enumerate(zip(ids, part["text"], *(part[c] for c in columns), strict=True)):
        record = {"id": None if _missing(given) else given, "text": values[0],
                  **{c: None if _missing(v) else v for c, v in zip(columns, values[1:], strict=True)}}
        article = article_from_record(record, f"row {n} of a partition", "")
        if isinstance(article, Article) and not article.id:
            article = "missing 'id'"
        if isinstance(article, str):
            if on_error == "raise":
                raise ValueError(f"cannot score the row with id {given!r} (row {n} of its partition): {article}")
            continue
        articles.append(article)
    rows = [(s.article_id, s.title, s.sha256, *(s.numbers or [float("nan")] * len(NUMBER_FIELDS)))
            for s in score_stream(articles)]
    return pd.DataFrame(rows, columns=list(SCORE_COLUMNS))


def _missing(value: object) -> bool:
    """None, NaN, NaT or pandas' NA: a cell with nothing in it."""
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))
