"""Progress: counts and the first open article, kept right as rows come and go one article at a time."""
from __future__ import annotations

from annotate.review.progress import Progress


def test_counts_and_the_first_open_article_follow_every_change() -> None:
    p = Progress(["a", "b", "c", "d"])
    assert p.first_open() == 0
    p.update([("a", "label"), ("b", "skip"), ("x", "label")])  # an article not in the list is ignored
    assert (p.counts["label"], p.counts["skip"], len(p.actions)) == (1, 1, 2)
    assert p.first_open() == 2 and p.first_open(3) == 3
    p.update([("c", "label"), ("d", "label")])
    assert p.first_open() == 4  # none open
    p.update([("b", None)])  # b's skip withdrawn (undo): it is open again, before the floor
    assert p.first_open() == 1 and (p.counts["label"], p.counts["skip"]) == (3, 0)
    p.update([("b", "label"), ("b", "label")])  # the same row read twice counts once
    assert p.counts["label"] == 4 and p.first_open() == 4
    p.reset({"d": "skip"})
    assert p.first_open() == 0 and dict(p.actions) == {"d": "skip"} and p.counts["skip"] == 1
