"""A session's progress: which of its articles have a current row, kept up to date one article at a time."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence


class Progress:
    """The action of each article's current row, counts per action, and the first article still open.

    Updating one article costs the same whatever the number of labels: a session re-reads its file after
    every save, so nothing here may walk every row or every article.
    """

    def __init__(self, ids: Sequence[str]) -> None:
        self.ids = list(ids)
        self.positions = {article_id: i for i, article_id in enumerate(self.ids)}
        self.actions: dict[str, str] = {}
        self.counts: Counter[str] = Counter()
        self._floor = 0  # every article before this index has a current row

    def reset(self, current: Mapping[str, str]) -> None:
        """Start again from every article's current action (after a full read of the file)."""
        self.actions, self.counts, self._floor = {}, Counter(), 0
        self.update(current.items())

    def update(self, changes: Iterable[tuple[str, str | None]]) -> None:
        """Set each article's current action (None: it has no current row any more)."""
        for article_id, action in changes:
            if article_id not in self.positions:
                continue
            old = self.actions.pop(article_id, None)
            if old is not None:
                self.counts[old] -= 1
            if action is None:
                self._floor = min(self._floor, self.positions[article_id])
            else:
                self.actions[article_id] = action
                self.counts[action] += 1

    def first_open(self, start: int = 0) -> int:
        """Index of the first article from ``start`` on with no current row; the number of articles if none."""
        i = max(start, self._floor)
        while i < len(self.ids) and self.ids[i] in self.actions:
            i += 1
        if start <= self._floor:
            self._floor = i  # all before i are done: the next search starts there
        return i
