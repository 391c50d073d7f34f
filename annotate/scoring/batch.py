"""Score a stream of articles in bounded memory, on one process or several, and hand back rows in input order."""
from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice

from annotate.corpus import Article
from annotate.scoring.article import NUMBER_FIELDS, score_text
from annotate.scoring.typos import dictionary as typos_dictionary

#: Articles sent to a worker at once. 200 generated news articles are 1.1 MB of text: pickling them there
#: and back took 2.9 ms here, against about 400 ms to score them, and memory holds only a few such chunks.
CHUNK_ARTICLES = 200
#: Chunks queued per worker, so that each finds its next chunk waiting while the parent writes rows.
QUEUED_PER_JOB = 3
#: Text that wakes every cache a scorer builds on first use (CMUdict, the typo index and its suggestions,
#: the boilerplate finder, the quote rules), so forked workers start warm instead of each paying ~5 s.
WARM_UP_TEXT = ('Accordint to officials, the talks "may resume soon," said Ana Lopez.\n'
                "Share this article\nClearly, the economy grew 3% in the third quarter.")

NumberRow = tuple[float | int, ...]
FindingRow = tuple[str, int, int, str, str | None]


@dataclass(frozen=True, slots=True)
class Scored:
    """One article's outcome: its numbers (in ``NUMBER_FIELDS`` order) and findings, or why it failed."""

    article_id: str
    title: str
    sha256: str
    where: str
    numbers: NumberRow | None
    findings: tuple[FindingRow, ...]
    error: str | None = None


def warm_up() -> None:
    """Build every lazily built scoring cache now (a process that forks workers calls it first)."""
    score_text(WARM_UP_TEXT)  # CMUdict, the boilerplate finder, the lexicons, the quote rules
    typos_dictionary.warm()  # the suggestion index is built only at the first hard typo otherwise


def default_jobs() -> int:
    """Every core this process may use (the container's share where the OS says so)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


Outcome = tuple[NumberRow | None, tuple[FindingRow, ...], str | None]


def score_texts(texts: list[str], with_findings: bool) -> list[Outcome]:
    """Score texts; a failing article is reported and the rest go on. Runs in a worker."""
    out: list[Outcome] = []
    for text in texts:
        try:
            score = score_text(text)
        except Exception as exc:  # one bad article must not stop a million-article run
            out.append((None, (), f"{type(exc).__name__}: {exc}"))
            continue
        numbers = tuple(getattr(score, name) for name in NUMBER_FIELDS)
        found = tuple((f.kind, f.start, f.end, f.text, f.detail) for f in score.findings) if with_findings else ()
        out.append((numbers, found, None))
    return out


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while chunk := list(islice(it, size)):
        yield chunk


def _scored(chunk: list[Article], results: list[Outcome]) -> Iterator[Scored]:
    for article, (numbers, found, error) in zip(chunk, results, strict=True):
        yield Scored(article.id, article.title, article.sha256, article.path or article.id, numbers, found, error)


def score_stream(articles: Iterable[Article], *, jobs: int = 1, findings: bool = False,
                 chunk_size: int = CHUNK_ARTICLES, executor: Executor | None = None) -> Iterator[Scored]:
    """Score ``articles`` lazily, in input order, on ``jobs`` processes; memory holds a few chunks at most.

    ``executor`` (a Dask client's ``get_executor()``, say, whose workers have run :func:`warm_up`) scores
    the chunks instead, ``jobs`` of them at a time. Results are the same whatever runs them: each article
    is scored by the same pure function.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if executor is not None:
        yield from _in_order(articles, executor, jobs * QUEUED_PER_JOB, chunk_size, findings)
    elif jobs == 1:
        for chunk in _chunks(articles, chunk_size):
            yield from _scored(chunk, score_texts([a.text for a in chunk], findings))
    else:
        warm_up()  # before the fork: the workers inherit the caches instead of building one each
        # fork where there is one (Linux): warm caches are shared copy-on-write; elsewhere spawn, which re-imports.
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method), initializer=start_worker,
                                 initargs=(method == "spawn",)) as pool:
            try:
                yield from _in_order(articles, pool, jobs * QUEUED_PER_JOB, chunk_size, findings)
            finally:  # a run stopped early (SIGTERM, Ctrl-C, an error) must not wait for the chunks it queued
                pool.shutdown(wait=True, cancel_futures=True)


def start_worker(warm: bool) -> None:
    """A pool worker's start: the parent alone decides when a run stops, and stops its workers itself.

    Ctrl-C reaches every process of the terminal's group: a worker that died of it would break the pool
    under the parent, which is cleaning up. A handler the parent set for SIGTERM (the CLI's) is for the parent
    only; a worker sent SIGTERM on its own just ends.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if warm:  # spawned, not forked: nothing is inherited, so the caches are built here
        warm_up()


def _in_order(articles: Iterable[Article], executor: Executor, window: int, chunk_size: int,
              findings: bool) -> Iterator[Scored]:
    """Chunks out to ``executor``, at most ``window`` at a time; results back in the order they went out."""
    queued: deque[tuple[list[Article], Future[list[Outcome]]]] = deque()
    for chunk in _chunks(articles, chunk_size):
        queued.append((chunk, executor.submit(score_texts, [a.text for a in chunk], findings)))
        while len(queued) >= window:
            done, future = queued.popleft()
            yield from _scored(done, future.result())
    while queued:
        done, future = queued.popleft()
        yield from _scored(done, future.result())
