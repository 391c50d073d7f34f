"""The order a reviewer sees a corpus in: as loaded, shuffled per reviewer, or most findings first."""
from __future__ import annotations

import hashlib
import random
from collections.abc import Callable

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


def order_articles(corpus: Corpus, order: str, seed: int,
                   scores: Callable[[Article], ArticleScore]) -> list[Article]:
    """The corpus in review order; ties in the "findings" order keep corpus order (sorted is stable)."""
    articles = list(corpus)
    if order == "shuffle":
        random.Random(seed).shuffle(articles)
    elif order == "findings":
        articles.sort(key=lambda a: -sum(f.kind in ORDER_KINDS for f in scores(a).findings))
    elif order != "corpus":
        raise ValueError(f"order must be one of {', '.join(ORDERS)}, not {order!r}")
    return articles
