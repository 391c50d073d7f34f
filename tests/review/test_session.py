"""ReviewSession: article order, resume position, timed saves and skips, without widgets."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from annotate.corpus import Article, Corpus, load_corpus
from annotate.labels import LabelStore, LabelStoreError
from annotate.review import MissingFieldsError, ReviewSession, order_articles

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


class Clock:
    """A hand-driven monotonic clock, so seconds_on_article is exact."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_corpus_order_and_first_article(corpus_dir: Path, labels: Path) -> None:
    s = ReviewSession(corpus_dir, "ana", labels)
    assert [a.id[:3] for a in s.articles] == ["000", "001", "002", "003", "004"]
    assert s.index == 0 and s.article is not None and s.article.id.startswith("000")
    assert (s.n_labelled, s.n_done, s.total) == (0, 0, 5)


def test_save_appends_row_with_time_on_article_and_moves_on(corpus_dir: Path, labels: Path) -> None:
    clock = Clock()
    s = ReviewSession(corpus_dir, "ana", labels, clock=clock)
    frame = s.codebook.field("primary_frame").options[0]
    clock.now += 12.5
    row = s.save({"primary_frame": frame, "tone": "neutral"})
    assert s.index == 1
    (on_disk,) = rows(s.store.path)
    assert on_disk == row
    assert on_disk["action"] == "label" and on_disk["article_id"].startswith("000")
    assert on_disk["primary_frame"] == frame and on_disk["tone"] == "neutral"
    assert on_disk["seconds_on_article"] == "12.5"
    clock.now += 3.0
    s.skip()
    assert rows(s.store.path)[1]["seconds_on_article"] == "3.0"
    assert (s.n_labelled, s.n_skipped, s.n_done, s.index) == (1, 1, 2, 2)


def test_resume_at_first_article_without_a_current_row(corpus_dir: Path, labels: Path) -> None:
    s = ReviewSession(corpus_dir, "ana", labels)
    frame = s.codebook.field("primary_frame").options[1]
    s.save({"primary_frame": frame})
    s.skip()
    again = ReviewSession(corpus_dir, "ana", labels)
    assert again.index == 2 and again.article is not None and again.article.id.startswith("002")
    assert (again.n_labelled, again.n_skipped) == (1, 1)
    assert again.stored(again.articles[0]) is not None
    # Another reviewer's file is separate: they start at the top.
    assert ReviewSession(corpus_dir, "bob", labels).index == 0


def test_missing_required_field_writes_nothing(corpus_dir: Path, labels: Path) -> None:
    s = ReviewSession(corpus_dir, "ana", labels)
    with pytest.raises(MissingFieldsError, match="Primary frame") as info:
        s.save({"tone": "negative"})
    assert info.value.names == ("primary_frame",)
    assert s.index == 0
    assert not s.store.path.exists() or rows(s.store.path) == []


def test_failed_write_raises_and_keeps_the_article(corpus_dir: Path, labels: Path) -> None:
    s = ReviewSession(corpus_dir, "ana", labels)
    s.store.path.mkdir(parents=True)  # the CSV path is a folder: every append fails
    with pytest.raises((OSError, LabelStoreError)):
        s.save({"primary_frame": s.codebook.field("primary_frame").options[0]})
    assert s.index == 0 and s.n_done == 0


def test_back_forward_and_end_of_list(corpus_dir: Path, labels: Path) -> None:
    s = ReviewSession(corpus_dir, "ana", labels)
    assert s.back() is False and s.index == 0
    assert s.forward() is True and s.index == 1
    frame = s.codebook.field("primary_frame").options[0]
    for _ in range(4):  # label 001..004; article 000 was passed over
        s.save({"primary_frame": frame})
    # After the last article the session picks up the one passed over.
    assert s.index == 0 and not s.all_done
    s.skip()
    # 000 was the last one to do; "next" is the following article, already labelled: re-review goes on.
    assert s.index == 1 and s.all_done
    s.go_to(4)
    s.save({"primary_frame": frame})  # a re-save of the last article with nothing left to do: the end
    assert s.index == 5 and s.article is None and s.all_done
    assert s.forward() is False
    with pytest.raises(IndexError):
        s.skip()
    assert s.back() is True and s.article is not None and s.article.id.startswith("004")
    assert ReviewSession(corpus_dir, "ana", labels).index == 5


def test_save_after_going_back_moves_to_the_following_article(corpus_dir: Path, labels: Path) -> None:
    s = ReviewSession(corpus_dir, "ana", labels)
    frame = s.codebook.field("primary_frame").options[0]
    for _ in range(3):
        s.save({"primary_frame": frame})
    s.back()
    s.back()
    s.back()
    assert s.index == 0
    s.save({"primary_frame": frame})  # unchanged: the label stands, no second identical row
    assert s.index == 1 and len(rows(s.store.path)) == 3
    s.back()
    s.save({"primary_frame": frame, "tone": "neutral"})  # re-review: the next article is 001 (labelled), not 003
    assert s.index == 1 and len(rows(s.store.path)) == 4
    s.skip(replace=True)
    assert s.index == 2 and s.action(s.articles[1]) == "skip"


def test_shuffle_is_stable_per_reviewer_and_differs_between_reviewers(corpus_dir: Path, labels: Path) -> None:
    def ids(reviewer: str, seed: int | None = None) -> list[str]:
        session = ReviewSession(corpus_dir, reviewer, labels, order="shuffle", seed=seed)
        return [a.id for a in session.articles]

    ana, bob = ids("ana"), ids("bob")
    assert ana == ids("ana")
    assert ana != bob
    assert sorted(ana) == sorted(bob) == [a.id for a in load_corpus(corpus_dir)]
    assert ids("ana", seed=7) == ids("bob", seed=7)


def test_findings_order_most_artifacts_and_hedges_first_ties_by_corpus_order(labels: Path) -> None:
    texts = {
        "a": "The sky is blue today.",
        "b": "It might rain. Perhaps it will snow.",
        "c": "It might rain. Perhaps it will hail.",
        "d": "Perhaps it will rain soon.",
    }
    corpus = Corpus([Article.from_text(t, i) for i, t in texts.items()])
    s = ReviewSession(corpus, "ana", labels, order="findings")
    assert [a.id for a in s.articles] == ["b", "c", "d", "a"]
    assert [a.id for a in s.articles] == [
        a.id for a in order_articles(corpus, "findings", 0, s.score)
    ]


def test_findings_order_on_seeds_follows_counts(corpus_dir: Path, labels: Path) -> None:
    s = ReviewSession(corpus_dir, "ana", labels, order="findings")
    kinds = {"citation", "boilerplate", "typo", "encoding", "hedge"}
    counts = [sum(f.kind in kinds for f in s.score(a).findings) for a in s.articles]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]


def test_scores_are_cached_and_prefetched(corpus_dir: Path, labels: Path) -> None:
    s = ReviewSession(corpus_dir, "ana", labels)
    assert s.score() is s.score(s.articles[0])
    assert s.articles[0] in s.scored and len(s.scored) == 1
    s.prefetch()
    assert s.articles[1] in s.scored and len(s.scored) == 2


def test_bad_order_and_reviewer_are_refused(corpus_dir: Path, labels: Path) -> None:
    with pytest.raises(ValueError, match="order must be one of corpus, shuffle, findings"):
        ReviewSession(corpus_dir, "ana", labels, order="random")
    with pytest.raises(LabelStoreError):
        ReviewSession(corpus_dir, "../x", labels)
    assert not (labels.parent / "x.csv").exists()


def test_session_sees_rows_written_by_the_store(corpus_dir: Path, labels: Path) -> None:
    corpus = load_corpus(corpus_dir)
    store = LabelStore(labels, "policy-frames", "ana")
    frame = store.codebook.field("primary_frame").options[0]
    for article in corpus[:3]:
        store.save(article, {"primary_frame": frame})
    store.save(corpus[1], None, action="retract")
    s = ReviewSession(corpus, "ana", labels)
    assert s.index == 1 and s.n_labelled == 2


def test_skip_over_a_label_needs_confirmation(corpus_dir: Path, labels: Path) -> None:
    from annotate.review import ReplaceError

    s = ReviewSession(corpus_dir, "ana", labels)
    frame = s.codebook.field("primary_frame").options[0]
    s.save({"primary_frame": frame})
    s.back()
    with pytest.raises(ReplaceError, match="a skip would replace it"):
        s.skip()
    assert s.index == 0 and len(rows(s.store.path)) == 1 and s.action(s.articles[0]) == "label"
    s.skip(replace=True)
    assert s.index == 1 and s.action(s.articles[0]) == "skip" and s.n_labelled == 0
    s.back()
    s.skip()  # a skip over a skip replaces nothing: no confirmation needed, and no second row
    assert len(rows(s.store.path)) == 2 and s.index == 1


def test_undo_appends_a_retract_and_shows_the_article_again(corpus_dir: Path, labels: Path) -> None:
    from annotate.review import NothingToUndoError

    s = ReviewSession(corpus_dir, "ana", labels)
    frames = s.codebook.field("primary_frame").options
    with pytest.raises(NothingToUndoError):
        s.undo()
    first = s.save({"primary_frame": frames[0]})
    s.save({"primary_frame": frames[1]})
    s.back()
    s.skip(replace=True)  # 001's label is replaced by a skip
    assert s.undoable() is not None and s.undoable()["action"] == "skip"  # type: ignore[index]
    undone = s.undo()
    assert undone["action"] == "skip" and s.index == 1
    assert s.action(s.articles[1]) == "label" and s.stored()["primary_frame"] == frames[1]  # type: ignore[index]
    s.undo()  # the label of 001
    assert s.index == 1 and s.action(s.articles[1]) is None and s.n_labelled == 1
    again = ReviewSession(corpus_dir, "ana", labels)  # undo works across sessions: the file is the history
    assert again.undo() == first and again.index == 0 and again.n_done == 0
    assert [r["action"] for r in rows(s.store.path)] == ["label", "label", "skip", "retract", "retract",
                                                         "retract"]
    with pytest.raises(NothingToUndoError):
        again.undo()


def test_invalid_label_names_its_fields(corpus_dir: Path, labels: Path) -> None:
    from annotate.review import InvalidLabelError

    s = ReviewSession(corpus_dir, "ana", labels)
    with pytest.raises(InvalidLabelError, match=r"untick it under Secondary frames\. \(nothing saved\)") as info:
        s.save({"primary_frame": "Economic", "secondary_frames": ["Economic", "Political"]})
    assert info.value.names == ("primary_frame", "secondary_frames")
    assert not s.store.path.exists() and s.index == 0


def test_a_row_written_elsewhere_is_never_replaced_unseen(corpus_dir: Path, labels: Path) -> None:
    from annotate.review import ChangedElsewhereError

    tab_a = ReviewSession(corpus_dir, "ana", labels)
    tab_b = ReviewSession(corpus_dir, "ana", labels)  # the same reviewer in a second tab
    frames = tab_a.codebook.field("primary_frame").options
    tab_a.save({"primary_frame": frames[0]})
    with pytest.raises(ChangedElsewhereError, match="labelled in another window or tab at"):
        tab_b.save({"primary_frame": frames[1]})
    assert len(rows(tab_b.store.path)) == 1 and tab_b.index == 0 and tab_b.n_labelled == 1
    tab_b.save({"primary_frame": frames[1]})  # told, and done again: now it replaces
    assert [r["primary_frame"] for r in rows(tab_b.store.path)] == [frames[0], frames[1]]
    tab_a.back()
    tab_b.back()
    tab_a.skip(replace=True)
    with pytest.raises(ChangedElsewhereError, match="skipped in another window"):
        tab_b.skip(replace=True)


def test_a_mode_is_a_kind_of_session(corpus_dir: Path, labels: Path) -> None:
    from annotate.review import MODES, AdjudicationSession, open_session

    assert list(MODES) == ["label", "adjudicate"] and MODES["adjudicate"] is AdjudicationSession
    labelling = open_session("label", corpus_dir, "ana", labels)
    assert type(labelling) is ReviewSession and labelling.can_skip and not labelling.suggests
    gold = open_session("adjudicate", corpus_dir, "lead", labels, disagree_on="all")
    assert isinstance(gold, AdjudicationSession) and not gold.can_skip and gold.suggests
    assert (gold.role, gold.disagree_on) == ("Adjudicator", "all")
    with pytest.raises(ValueError, match="mode must be one of label, adjudicate, not 'review'"):
        open_session("review", corpus_dir, "ana", labels)


def test_skipping_a_skipped_article_writes_no_second_row(corpus_dir: Path, labels: Path) -> None:
    s = ReviewSession(corpus_dir, "ana", labels)
    first = s.skip()
    assert s.index == 1 and s.back()
    assert s.skip() == first and s.index == 1  # moved on, as an unchanged save does
    assert [r["action"] for r in s.store.history().to_dict("records")] == ["skip"]
