"""A widget-free review session: article order, resume position, timed saves and skips."""
from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from .codebooks import Codebook
from .corpus import Article, Corpus, load_corpus
from .findings import ARTIFACT_KINDS
from .labels import LABEL, RETRACT, SKIP, LabelStore
from .scoring import ArticleScore, score_text

#: Article orders a session accepts; "corpus" keeps the loader's (sorted, stable) order.
ORDERS: tuple[str, ...] = ("corpus", "shuffle", "findings")
#: Kinds counted by the "findings" order: junk and hedging are what a reviewer should see first,
#: quotes and boosters are style rather than problems.
ORDER_KINDS: frozenset[str] = frozenset((*ARTIFACT_KINDS, "hedge"))
#: Actions that give an article a current row in a labelling session, so resuming passes over it.
DONE_ACTIONS: frozenset[str] = frozenset((LABEL, SKIP))


class MissingFieldsError(ValueError):
    """A label was saved with required fields left empty; nothing was written."""

    def __init__(self, codebook: Codebook, names: list[str]) -> None:
        self.names = tuple(names)
        labels = ", ".join(codebook.field(n).label or n for n in names)
        super().__init__(f"Required: {labels} (nothing saved)")


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


class ReviewSession:
    """One reviewer going through a corpus with one codebook.

    ``index`` runs from 0 to ``total``; ``index == total`` is the end of the list
    (no current article).  A save or skip appends a row through :class:`LabelStore`
    and only then moves on, so a failed write leaves the session where it was.
    A subclass changes the article list (``_select``), the action a save writes and the
    actions that count as done (see :class:`annotate.adjudication.AdjudicationSession`).
    """

    save_action: str = LABEL
    done_actions: frozenset[str] = DONE_ACTIONS
    #: How the panel words the progress count ("3 of 5 labelled").
    done_word: str = "labelled"

    def __init__(
        self,
        corpus: str | Path | Corpus,
        reviewer: str,
        labels_dir: str | Path = "labels",
        codebook: str | Path | Codebook = "policy-frames",
        order: str = "corpus",
        seed: int | str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.corpus = corpus if isinstance(corpus, Corpus) else load_corpus(corpus)
        self.labels_dir = Path(labels_dir)
        self.store = LabelStore(labels_dir, codebook, reviewer)
        self.codebook: Codebook = self.store.codebook
        self.reviewer = reviewer
        self.order = order
        if seed is None:
            self.seed = reviewer_seed(reviewer)
        else:
            self.seed = seed if isinstance(seed, int) else reviewer_seed(str(seed))
        self._clock = clock
        self._scores: dict[str, ArticleScore] = {}
        ordered = order_articles(self.corpus, order, self.seed, self.score)
        self.articles: tuple[Article, ...] = tuple(self._select(ordered))
        self._actions: dict[str, str] = {}
        self.reload()
        self.index = 0
        self.go_to(self.first_open())

    def _select(self, articles: list[Article]) -> list[Article]:
        """The articles this session steps through, in review order: all of them."""
        return articles

    # -- state -----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read the reviewer's current rows from disk (e.g. after another kernel wrote)."""
        ids = {a.id for a in self.articles}
        self._actions = {aid: row["action"] for aid, row in self.current_rows().items() if aid in ids}

    def current_rows(self) -> dict[str, dict[str, str]]:
        """The latest row per article among this session's actions, retracted ones removed.

        Rows of other actions in the same file are passed over: an adjudicator who also labels keeps
        gold rows and own labels in one file, and neither hides the other.
        """
        latest: dict[str, dict[str, str]] = {}
        for record in self.store.history().to_dict("records"):
            if record["action"] in self.done_actions or record["action"] == RETRACT:
                latest[str(record["article_id"])] = {str(k): "" if pd.isna(v) else str(v)
                                                     for k, v in record.items()}
        return {aid: row for aid, row in latest.items() if row["action"] != RETRACT}

    @property
    def total(self) -> int:
        return len(self.articles)

    @property
    def article(self) -> Article | None:
        """The article on screen, or None at the end of the list."""
        return self.articles[self.index] if self.index < self.total else None

    def action(self, article: Article) -> str | None:
        """"label", "skip" or None: what this reviewer's current row for the article says."""
        return self._actions.get(article.id)

    @property
    def n_labelled(self) -> int:
        """Articles whose current row is this session's save action (labelled, or adjudicated)."""
        return sum(a == self.save_action for a in self._actions.values())

    @property
    def n_skipped(self) -> int:
        return sum(a == SKIP for a in self._actions.values())

    @property
    def n_done(self) -> int:
        return len(self._actions)

    @property
    def all_done(self) -> bool:
        return self.n_done == self.total

    def first_open(self, start: int = 0) -> int:
        """Index of the first article from ``start`` on with no current row; ``total`` if none."""
        for i in range(start, self.total):
            if self.articles[i].id not in self._actions:
                return i
        return self.total

    def score(self, article: Article | None = None) -> ArticleScore:
        """The machine's score for an article (the current one by default), computed once."""
        article = article or self.article
        if article is None:
            raise IndexError("no current article: the end of the list is reached")
        if article.id not in self._scores:
            self._scores[article.id] = score_text(article.text)
        return self._scores[article.id]

    def prefetch(self) -> None:
        """Score the articles "next" and "forward" would show, so moving on does not wait for it.

        The first score of a session can take seconds (scorers build indexes lazily); a widget calls
        this after drawing the current article, while the reviewer reads.
        """
        for i in {self.index + 1, self.first_open(self.index + 1)}:
            if i < self.total:
                self.score(self.articles[i])

    def stored(self, article: Article | None = None) -> dict[str, str] | None:
        """The reviewer's current row for an article (label or skip), read from the store."""
        article = article or self.article
        return None if article is None else self.current_rows().get(article.id)

    def prefill(self, stored: dict[str, str] | None) -> dict[str, str] | None:
        """The values the inputs show for a stored row: a label's own values; nothing for a skip."""
        return stored if stored and stored.get("action") == self.save_action else None

    def seconds_on_article(self) -> float:
        return max(0.0, self._clock() - self._shown_at)

    # -- moving ----------------------------------------------------------------------------------

    def go_to(self, index: int) -> None:
        """Show article ``index`` (clamped to 0..total) and restart its clock."""
        self.index = max(0, min(index, self.total))
        self.mark_shown()

    def mark_shown(self) -> None:
        """Restart the current article's clock: a widget calls this once the article is on screen."""
        self._shown_at = self._clock()

    def back(self) -> bool:
        """Go to the previous article; False when already at the first."""
        if self.index == 0:
            return False
        self.go_to(self.index - 1)
        return True

    def forward(self) -> bool:
        """Go to the next article (or the end of the list); False when already at the end."""
        if self.index >= self.total:
            return False
        self.go_to(self.index + 1)
        return True

    def _advance(self) -> None:
        # "Next" is the next article still to do: after a re-save of an earlier article that is where the
        # reviewer left off, and at the end of the list it picks up articles passed over with "forward".
        nxt = self.first_open(self.index + 1)
        self.go_to(nxt if nxt < self.total else self.first_open())

    # -- writing ---------------------------------------------------------------------------------

    def save(self, values: Mapping[str, object]) -> dict[str, str]:
        """Append a label row for the current article, then move on; returns the row written.

        Raises :class:`MissingFieldsError` (nothing written) when a required field is
        empty; any error from the store propagates and the session stays on the article.
        """
        article = self._require_article()
        missing = self.codebook.missing_required(dict(values))
        if missing:
            raise MissingFieldsError(self.codebook, missing)
        return self._write(article, values, self.save_action)

    def skip(self) -> dict[str, str]:
        """Append a skip row for the current article (no field values), then move on."""
        return self._write(self._require_article(), None, SKIP)

    def _require_article(self) -> Article:
        if self.article is None:
            raise IndexError("no current article: the end of the list is reached")
        return self.article

    def _write(self, article: Article, values: Mapping[str, object] | None, action: str) -> dict[str, str]:
        row = self.store.save(article, values, action=action, seconds_on_article=self.seconds_on_article())
        self._actions[article.id] = action
        self._advance()
        return row
