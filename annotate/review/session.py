"""A widget-free review session: article order, resume position, timed saves, skips and undo."""
from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path

from annotate.corpus import Article, Corpus, CorpusView, open_corpus
from annotate.labels.codebooks import Codebook
from annotate.labels.columns import LABEL, RETRACT, ROLES, SKIP
from annotate.labels.store import LabelStore
from annotate.review.errors import (
    ChangedElsewhereError,
    InvalidLabelError,
    MissingFieldsError,
    NothingToUndoError,
    ReplaceError,
)
from annotate.review.order import order_ids, read_counts, reviewer_seed
from annotate.review.progress import Progress
from annotate.review.scores import Scores
from annotate.review.views import ModeViews
from annotate.scoring.article import ArticleScore

#: Actions that give an article a current row in a labelling session, so resuming passes over it.
DONE_ACTIONS: frozenset[str] = ROLES[0]


class ReviewSession(ModeViews):
    """One reviewer going through a corpus with one codebook.

    ``index`` runs from 0 to ``total``; ``index == total`` is the end of the list
    (no current article).  A save or skip appends a row through :class:`LabelStore`
    and only then moves on, so a failed write leaves the session where it was.
    A subclass changes the article list (``_select``), the action a save writes and the
    actions that count as done (see :class:`annotate.review.adjudication.AdjudicationSession`).
    """

    save_action: str = LABEL
    done_actions: frozenset[str] = DONE_ACTIONS
    #: How the panel words the progress count ("3 of 5 labelled") and who is working.
    done_word: str = "labelled"
    role: str = "Reviewer"
    #: The task as a reviewer chooses it (the team app's sign-in lists every mode's).
    task_title: str = "Label articles"
    #: Keyword options this kind of session takes beyond the common ones (see ``review.modes.open_session``).
    options: frozenset[str] = frozenset({"scores_file"})
    #: Whether the session records skips (an adjudicator passes over an article with → instead).
    can_skip: bool = True
    #: Whether the session offers values (``suggestions``) that the reviewer must confirm before they count.
    suggests: bool = False

    def __init__(
        self,
        corpus: str | Path | Corpus,
        reviewer: str,
        labels_dir: str | Path = "labels",
        codebook: str | Path | Codebook = "policy-frames",
        order: str = "corpus",
        seed: int | str | None = None,
        clock: Callable[[], float] = time.monotonic,
        *,
        scores_file: str | Path | None = None,
    ) -> None:
        # A large .jsonl is opened through an index: each article is read when it is shown.
        self.corpus = corpus if isinstance(corpus, Corpus) else open_corpus(corpus)
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
        self.scored = Scores()  # the scores computed so far, a bounded number kept
        counts = read_counts(scores_file) if scores_file is not None else None
        ordered = order_ids(self.corpus, order, self.seed, self.score, counts)
        self.articles = CorpusView(self.corpus, self._select(ordered))
        self.progress = Progress(self.articles.ids)
        self.reload()
        self.index = 0
        self.go_to(self.first_open())

    def _select(self, ids: list[str]) -> list[str]:
        """The ids of the articles this session steps through, in review order: all of them."""
        return ids

    # -- state -----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Take in the rows written since the last read (by this session, another tab or another kernel).

        Only the bytes appended since are read, so this costs the same with 10 rows or 100,000.
        """
        changed = self.store.refresh()
        if changed is None:  # a first or full read
            self.progress.reset(self.store.current_actions_as_read(self.done_actions))
        else:
            self.progress.update((aid, self._current_action(aid)) for aid in changed)

    def _current_action(self, article_id: str) -> str | None:
        row = self.store.current_row(article_id, self.done_actions)
        return None if row is None else row["action"]

    def current_rows(self) -> dict[str, dict[str, str]]:
        """The current row per article among this session's actions, as on disk now.

        Rows of other actions in the same file are passed over: an adjudicator who also labels keeps
        gold rows and own labels in one file, and neither hides the other.
        """
        self.reload()
        return self.store.current_rows_as_read(self.done_actions)

    @property
    def positions(self) -> Mapping[str, int]:
        """Each article's index in this session's list, by id."""
        return self.progress.positions

    @property
    def path(self) -> Path:
        """The label file this session appends to."""
        return self.store.path

    @property
    def total(self) -> int:
        return len(self.articles)

    @property
    def article(self) -> Article | None:
        """The article on screen, or None at the end of the list."""
        return self.articles[self.index] if self.index < self.total else None

    def action(self, article: Article) -> str | None:
        """"label", "skip" or None: what this reviewer's current row for the article says."""
        return self.progress.actions.get(article.id)

    @property
    def n_labelled(self) -> int:
        """Articles whose current row is this session's save action (labelled, or adjudicated)."""
        return self.progress.counts[self.save_action]

    @property
    def n_skipped(self) -> int:
        return self.progress.counts[SKIP]

    @property
    def n_done(self) -> int:
        return len(self.progress.actions)

    @property
    def all_done(self) -> bool:
        return self.n_done == self.total

    def first_open(self, start: int = 0) -> int:
        """Index of the first article from ``start`` on with no current row; ``total`` if none."""
        return self.progress.first_open(start)

    def score(self, article: Article | None = None) -> ArticleScore:
        """The machine's score for an article (the current one by default), computed once."""
        article = article or self.article
        if article is None:
            raise IndexError("no current article: the end of the list is reached")
        return self.scored(article)

    def prefetch(self) -> None:
        """Score the article "next" would show, so moving on does not wait for it.

        The first score of a session can take seconds (scorers build indexes lazily); a widget calls
        this after drawing the current article, while the reviewer reads.
        """
        nxt = self.next_index()
        if nxt < self.total:
            self.score(self.articles[nxt])

    def stored(self, article: Article | None = None) -> dict[str, str] | None:
        """The reviewer's current row for an article (label or skip), read from the store."""
        article = article or self.article
        if article is None:
            return None
        self.reload()  # as on disk now: another tab may have written
        return self.store.current_row(article.id, self.done_actions)

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
        """Restart the current article's clock and note its row: a widget calls this once it is on screen."""
        self._shown_at = self._clock()
        stored = self.stored()
        self.shown_row_id = stored["label_id"] if stored else ""

    def _check_not_changed_elsewhere(self, article: Article) -> dict[str, str] | None:
        """The article's current row; ChangedElsewhereError if it is not the one shown (the retry proceeds)."""
        stored = self.stored(article)
        now = stored["label_id"] if stored else ""
        if now != self.shown_row_id:
            self.shown_row_id = now
            self.reload()
            raise ChangedElsewhereError.about(stored)
        return stored

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

    def next_index(self) -> int:
        """Where "next" goes after a save or skip: the following article, whether or not it is done.

        A reviewer who went Back to re-review keeps going in order. After the last article, the first
        article still to do (passed over with →), else the end of the list.
        """
        return self.index + 1 if self.index + 1 < self.total else self.first_open()

    # -- writing ---------------------------------------------------------------------------------

    def save(self, values: Mapping[str, object]) -> dict[str, str]:
        """Append a label row for the current article, then move on; returns the row written.

        Raises :class:`MissingFieldsError` or another :class:`InvalidLabelError` (nothing written) when a
        required field is empty or a codebook rule is broken; any error from the store propagates and the
        session stays on the article.
        """
        article = self._require_article()
        if article.problem:
            raise InvalidLabelError(f"{article.path}: {article.problem}. An unreadable record cannot be labelled: "
                                    "skip it, or fix the file and open it again (nothing saved)", ())
        missing = self.codebook.missing_required(dict(values))
        if missing:
            raise MissingFieldsError(self.codebook, missing)
        broken = self.codebook.broken_rules(dict(values))
        if broken:
            raise InvalidLabelError(f"{broken[0].message} (nothing saved)", broken[0].fields)
        stored = self._check_not_changed_elsewhere(article)
        if stored is not None and stored.get("action") == self.save_action \
                and self.codebook.repeats(stored, values) and stored.get("article_sha256") == article.sha256:
            self.go_to(self.next_index())  # re-review: the label stands as it is, no second identical row
            return stored
        return self._write(article, values, self.save_action)

    def skip(self, replace: bool = False) -> dict[str, str]:
        """Append a skip row for the current article (none if it is skipped already), then move on.

        Over the reviewer's label it raises :class:`ReplaceError` unless ``replace=True`` (confirmed).
        """
        article = self._require_article()
        if not self.can_skip:
            raise ValueError(f"{self.role.lower()}s have no skip: use → to pass over an article")
        stored = self._check_not_changed_elsewhere(article)
        if not replace and stored is not None and stored.get("action") == self.save_action:
            raise ReplaceError("This article has your label: a skip would replace it. Confirm to skip anyway.")
        if stored is not None and stored.get("action") == SKIP:
            self.go_to(self.next_index())  # skipped already: as an unchanged save, no second row
            return stored
        return self._write(article, None, SKIP)

    def undoable(self) -> dict[str, str] | None:
        """The row "undo" would withdraw: the last row of this session's actions that still stands."""
        self.reload()
        return self.store.latest_top(lambda row: row["article_id"] in self.positions
                                     and row["action"] in self.done_actions)

    def undo(self) -> dict[str, str]:
        """Withdraw the last standing action with a retract row and go back to its article.

        Returns the withdrawn row. The row the article had before it, if any, stands again.
        """
        row = self.undoable()
        if row is None:
            raise NothingToUndoError("Nothing to undo: none of your actions in this list still stands")
        article = self.articles[self.positions[row["article_id"]]]
        self.store.save(article, None, action=RETRACT)
        self.reload()
        self.go_to(self.positions[article.id])
        return row

    def _require_article(self) -> Article:
        if self.article is None:
            raise IndexError("no current article: the end of the list is reached")
        return self.article

    def _write(self, article: Article, values: Mapping[str, object] | None, action: str) -> dict[str, str]:
        row = self.store.save(article, values, action=action, seconds_on_article=self.seconds_on_article())
        self.progress.update([(article.id, action)])
        self.go_to(self.next_index())
        return row
