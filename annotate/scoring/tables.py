"""Score many articles into pandas tables: one row per article, or one row per finding."""
from __future__ import annotations

import sys
import threading
import warnings
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

import pandas as pd

from annotate.corpus import Article, Articles, load_corpus
from annotate.scoring.article import NUMBER_FIELDS, NUMBER_TYPES, ArticleScore, score_text
from annotate.scoring.findings import Finding

if TYPE_CHECKING:
    from dask.dataframe import DataFrame as DaskFrame

ARTICLE_COLUMNS = ("id", "title", "sha256")
FINDING_COLUMNS = ("article_id", "kind", "start", "end", "text", "detail")
#: Each number column's pandas type, from its declared type: a table built a part at a time (the streamed
#: export) then prints every part's numbers as the whole table would, whatever values a part happens to hold.
NUMBER_DTYPES = {name: "int64" if kind == "int" else "float64" for name, kind in zip(NUMBER_FIELDS, NUMBER_TYPES,
                                                                                       strict=True)}
# Scores are kept for this many distinct texts so that score_corpus followed by
# findings_frame on the same corpus scores each article once; a review session
# rarely holds more than a few hundred articles at a time.
SCORE_CACHE_SIZE = 1024
# ... and for at most this many characters of text in all, because a score's findings grow with its text:
# 1,024 news articles of about 6,000 characters come to 6 M, while a count alone let 1,024 texts of the
# 2 M-character limit pin gigabytes. 20 M keeps every article of a long session and a few dumps.
SCORE_CACHE_CHARS = 20_000_000
# Below this many articles a progress bar is noise.
PROGRESS_MIN_ARTICLES = 50


@dataclass(frozen=True, slots=True)
class Failure:
    """An article that could not be scored."""

    article_id: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class _ScoreCache:
    """The scores of the texts used last, bounded by count and by characters; shared by threads."""

    def __init__(self, max_items: int, max_chars: int) -> None:
        self.max_items, self.max_chars = max_items, max_chars
        self.chars = 0
        self._scores: OrderedDict[str, ArticleScore] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._scores)

    def score(self, text: str) -> ArticleScore:
        with self._lock:
            if text in self._scores:
                self._scores.move_to_end(text)
                return self._scores[text]
        result = score_text(text)  # outside the lock: other threads score their own texts meanwhile
        with self._lock:
            if text not in self._scores and len(text) <= self.max_chars:
                self._scores[text] = result
                self.chars += len(text)
                while len(self._scores) > self.max_items or self.chars > self.max_chars:
                    self.chars -= len(self._scores.popitem(last=False)[0])
        return result


_CACHE = _ScoreCache(SCORE_CACHE_SIZE, SCORE_CACHE_CHARS)
_score_cached = _CACHE.score


def _articles(articles: Articles) -> list[Article]:
    if isinstance(articles, (str, Path)):
        return list(load_corpus(articles))
    return list(articles)


def score_articles(
    articles: Articles, *, progress: bool | None = None, on_error: str = "raise"
) -> tuple[dict[str, ArticleScore], list[Failure]]:
    """Score each article; with ``on_error="skip"`` a failing article is reported and the rest go on."""
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', not {on_error!r}")
    items = _articles(articles)
    show = len(items) >= PROGRESS_MIN_ARTICLES if progress is None else progress
    scores: dict[str, ArticleScore] = {}
    failures: list[Failure] = []
    for article in _progress(items, show):
        try:
            scores[article.id] = _score_cached(article.text)
        except Exception as exc:
            if on_error == "raise":
                raise RuntimeError(f"{article.path or article.id}: scoring failed: {exc}") from exc
            failures.append(Failure(article.id, article.path or article.id, f"{type(exc).__name__}: {exc}"))
    return scores, failures


def _progress(items: list[Article], show: bool) -> Iterable[Article]:
    if not show:
        return items
    from tqdm.auto import tqdm

    return tqdm(items, desc="scoring", unit="article")  # type: ignore[no-any-return]


@overload
def score_corpus(articles: Articles, *, progress: bool | None = None, on_error: str = "raise") -> pd.DataFrame: ...
@overload
def score_corpus(articles: DaskFrame, *, progress: bool | None = None, on_error: str = "raise") -> DaskFrame: ...
def score_corpus(articles: Articles | DaskFrame, *, progress: bool | None = None, on_error: str = "raise") -> Any:
    """One row per article: id, title, sha256 and one column per number on :class:`ArticleScore`.

    ``articles`` is a corpus path or any iterable of :class:`Article`.  With
    ``on_error="skip"`` failures are warned about, left out, and listed in
    ``frame.attrs["failures"]``.  Given a ``dask.dataframe.DataFrame`` with a ``text`` column (and
    ``id``, ``title``), it returns a lazy Dask DataFrame of the same columns, scored partition by
    partition where the data lives, ready to chain with the rest of a Dask pipeline (see
    :func:`annotate.scoring.cluster.score_dask_frame`; ``progress`` is Dask's to show there).
    """
    if _is_dask(articles):
        from annotate.scoring.cluster import score_dask_frame

        return score_dask_frame(articles, on_error=on_error)
    items = _articles(articles)
    scores, failures = score_articles(items, progress=progress, on_error=on_error)
    frame = frame_from_scores(items, scores)
    for failure in failures:
        warnings.warn(f"not scored: {failure}", stacklevel=2)
    frame.attrs["failures"] = [str(f) for f in failures]
    return frame


def _is_dask(articles: object) -> bool:
    """Whether ``articles`` is a Dask collection, without importing Dask for those that are not."""
    dask = sys.modules.get("dask")
    if dask is None or not dask.is_dask_collection(articles):
        return False
    if not hasattr(articles, "map_partitions") or not hasattr(articles, "columns"):
        raise TypeError(f"score_corpus takes a Dask DataFrame, not a {type(articles).__name__}")
    return True


def frame_from_scores(articles: Iterable[Article], scores: Mapping[str, ArticleScore]) -> pd.DataFrame:
    """The :func:`score_corpus` table for articles already scored (those without a score are left out)."""
    rows = [
        {"id": a.id, "title": a.title, "sha256": a.sha256, **scores[a.id].numbers()}
        for a in articles
        if a.id in scores
    ]
    return pd.DataFrame(rows, columns=[*ARTICLE_COLUMNS, *NUMBER_FIELDS]).astype(NUMBER_DTYPES)


def findings_frame(items: Articles | Mapping[str, ArticleScore] | ArticleScore) -> pd.DataFrame:
    """One row per finding: article_id, kind, start, end, text, detail.

    Accepts a corpus path, an iterable of :class:`Article`, a mapping of article
    id to :class:`ArticleScore`, or a single :class:`ArticleScore` (article_id "").
    """
    if isinstance(items, ArticleScore):
        pairs: Iterable[tuple[str, tuple[Finding, ...]]] = [("", items.findings)]
    elif isinstance(items, Mapping):
        pairs = [(aid, s.findings) for aid, s in items.items()]
    else:
        scores, _ = score_articles(items, on_error="skip")
        pairs = [(aid, s.findings) for aid, s in scores.items()]
    rows = [
        {"article_id": aid, "kind": f.kind, "start": f.start, "end": f.end, "text": f.text, "detail": f.detail}
        for aid, findings in pairs
        for f in findings
    ]
    return pd.DataFrame(rows, columns=list(FINDING_COLUMNS))
