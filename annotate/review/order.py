"""The order a reviewer sees a corpus in: as loaded, shuffled per reviewer, or most findings first."""
from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Mapping
from pathlib import Path

from annotate.corpus import Article, Corpus
from annotate.scoring.article import ArticleScore
from annotate.scoring.findings import ARTIFACT_KINDS

#: Article orders a session accepts; "corpus" keeps the loader's (sorted, stable) order.
ORDERS: tuple[str, ...] = ("corpus", "shuffle", "findings")
#: Kinds counted by the "findings" order: junk and hedging are what a reviewer should see first,
#: quotes and boosters are style rather than problems.
ORDER_KINDS: frozenset[str] = frozenset((*ARTIFACT_KINDS, "hedge"))


def reviewer_seed(reviewer: str) -> int:
    """A seed that is the same for a reviewer on every machine (``hash()`` is salted per process)."""
    return int.from_bytes(hashlib.sha256(reviewer.encode("utf-8")).digest()[:8], "big")


#: Above this many articles the "findings" order is not computed here: at about 2 ms an article, 5,000 already
#: keep a reviewer waiting 10 s before the first article; the order is read from a scores file instead.
SCORE_HERE_MAX = 5_000
#: The score-table columns that count the findings of ORDER_KINDS.
ORDER_COLUMNS = ("n_artifacts", "n_hedges")


def order_articles(corpus: Corpus, order: str, seed: int,
                   scores: Callable[[Article], ArticleScore]) -> list[Article]:
    """The corpus in review order; ties in the "findings" order keep corpus order (sorted is stable)."""
    return [corpus[corpus.position(i)] for i in order_ids(corpus, order, seed, scores)]


def order_ids(corpus: Corpus, order: str, seed: int, scores: Callable[[Article], ArticleScore],
              counts: Mapping[str, int] | None = None) -> list[str]:
    """The ids of the corpus in review order, reading no article text unless "findings" must score them.

    ``counts`` (findings per article id, from a scores file) gives the "findings" order without scoring;
    missing articles count 0. Without it a corpus over SCORE_HERE_MAX articles is refused with a message.
    """
    ids = list(corpus.ids)
    if order == "shuffle":
        random.Random(seed).shuffle(ids)  # the same permutation as shuffling the articles themselves
    elif order == "findings":
        if counts is None:
            if len(ids) > SCORE_HERE_MAX:
                raise ValueError(f"the 'findings' order needs every article's score: {len(ids)} articles would "
                                 "take long to score here; give scores_file= a file made by `annotate score`")
            counts = {a.id: sum(f.kind in ORDER_KINDS for f in scores(a).findings) for a in corpus}
        ids.sort(key=lambda i: -counts.get(i, 0))
    elif order != "corpus":
        raise ValueError(f"order must be one of {', '.join(ORDERS)}, not {order!r}")
    return ids


def read_counts(path: str | Path) -> dict[str, int]:
    """Findings per article (artifacts and hedges) from a scores file made by `annotate score` (CSV or Parquet)."""
    import pandas as pd

    p = Path(path)
    columns = ["id", *ORDER_COLUMNS]
    try:
        frame = pd.read_parquet(p, columns=columns) if p.suffix.lower() == ".parquet" else \
            pd.read_csv(p, usecols=columns, dtype={"id": str}, keep_default_na=False, na_filter=False)
    except (OSError, ValueError) as exc:
        raise ValueError(f"{p}: not a scores file from `annotate score` ({exc})") from exc
    return dict(zip(frame["id"].astype(str), frame[list(ORDER_COLUMNS)].sum(axis=1).astype(int), strict=True))
