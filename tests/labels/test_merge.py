"""Reading reviewers' label files together, final labels with their reasons, and disagreements."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from annotate.corpus import Article
from annotate.labels import LabelStore, LabelStoreError, final_labels, read_labels
from annotate.labels.merge import disagreements

ARTICLES = {i: Article.from_text(f"Article {i} about the council budget.", id=i)
            for i in ("a1", "a2", "a3", "a4", "a5")}


@pytest.fixture
def labels_dir(tmp_path: Path) -> Path:
    """Three reviewers, an adjudicator, a retraction, a skip, a torn line and a stray file."""
    folder = tmp_path / "labels"
    saves: list[tuple[str, str, dict[str, object], str]] = [
        ("r1", "a1", {"primary_frame": "Economic", "tone": "negative", "source_quality": 4}, "label"),
        ("r2", "a1", {"primary_frame": "Economic", "tone": "positive"}, "label"),
        ("r3", "a1", {"primary_frame": "Political"}, "label"),
        ("r1", "a2", {"primary_frame": "Political", "secondary_frames": ["Economic"]}, "label"),
        ("r2", "a2", {"primary_frame": "Morality", "secondary_frames": ["Political", "Economic"]}, "label"),
        ("r3", "a2", {"primary_frame": "Morality", "secondary_frames": "Economic|Political"}, "label"),
        ("r1", "a3", {"primary_frame": "Economic"}, "label"),
        ("r2", "a3", {"primary_frame": "Morality"}, "label"),
        ("r1", "a3", {}, "retract"),
        ("r1", "a4", {}, "skip"),
        ("r1", "a5", {"primary_frame": "Economic"}, "label"),
        ("r2", "a5", {"primary_frame": "Political"}, "label"),
        ("judge", "a1", {"primary_frame": "Political", "notes": "The vote decides it."}, "adjudicate"),
    ]
    for reviewer, article, values, action in saves:
        LabelStore(folder, "policy-frames", reviewer).save(ARTICLES[article], values, action=action)
    with open(folder / "policy-frames" / "r2.csv", "ab") as handle:
        handle.write(b"0c4e,2024-01-01T00:00:00Z,r2,a9")  # a save cut short by a crash
    (folder / "policy-frames" / "not a reviewer.csv").write_text("x\n", encoding="utf-8")
    return folder


def read(labels_dir: Path, **kwargs: bool) -> pd.DataFrame:
    with pytest.warns(UserWarning) as caught:
        labels = read_labels(labels_dir, "policy-frames", **kwargs)
    assert [str(w.message) for w in caught] == labels.attrs["problems"]
    return labels


def test_adjudicate_needs_the_required_fields(tmp_path: Path) -> None:
    store = LabelStore(tmp_path, "policy-frames", "judge")
    with pytest.raises(LabelStoreError, match=r"required field.*primary_frame"):
        store.save(ARTICLES["a1"], {"tone": "neutral"}, action="adjudicate")
    row = store.save(ARTICLES["a1"], {"primary_frame": "Political"}, action="adjudicate")
    assert row["action"] == "adjudicate"


def test_current_labels_apply_retractions_and_drop_skips_and_gold(labels_dir: Path) -> None:
    labels = read(labels_dir)
    pairs = list(zip(labels["article_id"], labels["reviewer"], strict=True))
    assert pairs == [("a1", "r1"), ("a1", "r2"), ("a1", "r3"), ("a2", "r1"), ("a2", "r2"), ("a2", "r3"),
                     ("a3", "r2"), ("a5", "r1"), ("a5", "r2")]
    assert set(labels["action"]) == {"label"}
    assert labels.columns[0] == "label_id" and "seconds_on_article" in labels.columns
    assert labels.loc[6, "primary_frame"] == "Morality"
    problems = labels.attrs["problems"]
    assert len(problems) == 2
    assert "not a reviewer.csv: skipped" in problems[0]
    assert problems[1].endswith(
        "r2.csv:6: torn last line (no newline at the end: a save was interrupted); skipped")


def test_gold_rows_on_request(labels_dir: Path) -> None:
    labels = read(labels_dir, include_gold=True)
    assert len(labels) == 10
    gold = labels[labels["action"] == "adjudicate"]
    assert list(gold["reviewer"]) == ["judge"] and list(gold["notes"]) == ["The vote decides it."]


def test_history_has_every_row_sorted_by_time_then_reviewer(labels_dir: Path) -> None:
    labels = read(labels_dir, history=True)
    assert len(labels) == 13
    counts = labels["action"].value_counts().to_dict()
    assert counts == {"label": 10, "retract": 1, "skip": 1, "adjudicate": 1}
    keys = list(zip(labels["saved_at"], labels["reviewer"], strict=True))
    assert keys == sorted(keys)


def test_empty_folder(tmp_path: Path) -> None:
    labels = read_labels(tmp_path, "policy-frames")
    assert labels.empty and labels.attrs["problems"] == []
    assert "primary_frame" in labels.columns
    assert final_labels(labels, "policy-frames").empty


def test_final_labels_and_reasons(labels_dir: Path) -> None:
    final = final_labels(read(labels_dir, include_gold=True), "policy-frames").set_index("article_id")
    assert list(final.index) == ["a1", "a2", "a3", "a5"]  # a4 was only skipped
    assert list(final.columns) == [
        "primary_frame", "primary_frame_reason", "secondary_frames", "secondary_frames_reason", "tone",
        "tone_reason", "source_quality", "source_quality_reason", "confidence", "confidence_reason",
        "n_reviewers", "reviewers", "disagree", "disagree_fields"]
    # a1: the gold label overrides the Economic majority; it leaves tone empty, where the reviewers tie: a tie
    # leaves the value empty and says so only in the reason, so no reason is ever read as a value.
    assert final.loc["a1", ["primary_frame", "primary_frame_reason"]].tolist() == ["Political", "gold"]
    assert final.loc["a1", ["tone", "tone_reason"]].tolist() == ["", "unresolved"]
    # No reviewer ticked a secondary frame, nor did the adjudicator: their empty set is the gold answer.
    assert final.loc["a1", ["secondary_frames", "secondary_frames_reason"]].tolist() == ["", "gold"]
    assert final.loc["a1", ["source_quality", "source_quality_reason"]].tolist() == ["4", "single"]
    # The adjudicator is not one of the reviewers.
    assert final.loc["a1", ["n_reviewers", "reviewers"]].tolist() == [3, "r1|r2|r3"]
    # a2: 2 of 3; multi values compare as whole sets, whatever order they were given in.
    assert final.loc["a2", ["primary_frame", "primary_frame_reason"]].tolist() == ["Morality", "majority"]
    assert final.loc["a2", "secondary_frames"] == "Economic|Political"
    assert final.loc["a2", "secondary_frames_reason"] == "majority"
    # a3: r1 retracted, so r2 alone; a5: one each -> tie.
    assert final.loc["a3", ["primary_frame", "primary_frame_reason", "n_reviewers"]].tolist() == [
        "Morality", "single", 1]
    assert final.loc["a5", ["primary_frame", "primary_frame_reason"]].tolist() == ["", "unresolved"]
    # An optional rating nobody gave is unanswered, not a tie to settle.
    assert final.loc["a3", ["confidence", "confidence_reason"]].tolist() == ["", "unanswered"]
    assert final["disagree"].tolist() == [True, True, False, True]
    assert final["disagree"].dtype == bool


def test_disagreements_are_on_required_fields_only(labels_dir: Path) -> None:
    labels = read(labels_dir, include_gold=True)
    assert disagreements(labels, "policy-frames") == ["a1", "a2", "a5"]
    # Differing optional fields (tone on a1, secondary frames on a2) alone are no disagreement.
    agreed = labels.assign(primary_frame="Economic")
    assert disagreements(agreed, "policy-frames") == []
    # The adjudicator can widen the scope to every coded field: then a tone tie is a disagreement too.
    tone_only = agreed.loc[agreed["article_id"] == "a1"]
    assert disagreements(tone_only, "policy-frames", disagree_on="all") == ["a1"]
    final = final_labels(tone_only, "policy-frames").set_index("article_id")
    assert (bool(final.loc["a1", "disagree"]), final.loc["a1", "tone_reason"]) == (False, "unresolved")
    assert final.loc["a1", "tone"] == ""
    assert "tone" in final.loc["a1", "disagree_fields"].split("|")  # never hidden from the report
    assert bool(final_labels(tone_only, "policy-frames", "all").set_index("article_id").loc["a1", "disagree"])


TINY = """id: tiny
version: "1.0"
fields:
  - {name: frame, type: single, required: true, options: [A, B, unresolved]}
  - {name: tags, type: multi, options: [x, y, z]}
  - {name: tone, type: single, options: [neg, pos]}
  - {name: rating, type: rating, options: [1, 2, 3]}
"""


def _tiny(tmp_path: Path, saves: list[tuple[str, str, dict[str, object]]]) -> tuple[Path, Path]:
    book = tmp_path / "tiny.yaml"
    book.write_text(TINY, encoding="utf-8")
    for reviewer, article, values in saves:
        LabelStore(tmp_path / "labels", book, reviewer).save(ARTICLES[article], values)
    return tmp_path / "labels", book


def test_an_empty_multiple_choice_is_an_answer_everywhere(tmp_path: Path) -> None:
    """Decision: a saved label with no option of a multiple choice ticked gives the empty set, as the per-option
    alpha counts it; a single choice or rating left empty is no answer (missing, as in its alpha)."""
    from annotate.report import agreement

    labels_dir, book = _tiny(tmp_path, [
        ("ana", "a1", {"frame": "A", "tags": ["x"], "tone": "neg"}), ("bob", "a1", {"frame": "A", "tags": []}),
        ("carl", "a1", {"frame": "A", "tags": []}),
        ("ana", "a2", {"frame": "A", "tags": ["x"]}), ("bob", "a2", {"frame": "A"}),
        ("ana", "a3", {"frame": "B"}), ("bob", "a3", {"frame": "B"}),
        ("ana", "a4", {"frame": "B"})])
    labels = read_labels(labels_dir, book, include_gold=True)
    final = final_labels(labels, book).set_index("article_id")
    # a1: 2 of 3 gave no tag, which the agreement sees too (tags=x: 1 of a1's 3 pairs, a2's 1 pair disagrees,
    # and a3's pair agrees on no x: 2 of 5).
    assert final.loc["a1", ["tags", "tags_reason"]].tolist() == ["", "majority"]
    assert final.loc["a1", "disagree_fields"] == "tags" and not final.loc["a1", "disagree"]
    assert agreement(labels, book).set_index("field").loc["tags=x", "percent_agreement"] == pytest.approx(2 / 5)
    # a1's tone: only ana judged it, bob and carl left it empty: one answer, no disagreement.
    assert final.loc["a1", ["tone", "tone_reason"]].tolist() == ["neg", "single"]
    # a2: x against nothing is a tie; a3: both ticked nothing, so they agree on the empty set; a4: one empty set.
    assert final.loc["a2", ["tags", "tags_reason", "disagree_fields"]].tolist() == ["", "unresolved", "tags"]
    assert final.loc["a3", ["tags", "tags_reason", "disagree_fields"]].tolist() == ["", "majority", ""]
    assert final.loc["a4", ["tags", "tags_reason"]].tolist() == ["", "single"]
    assert final.loc["a3", ["rating", "rating_reason", "tone_reason"]].tolist() == ["", "unanswered", "unanswered"]
    assert disagreements(labels, book) == []
    assert disagreements(labels, book, disagree_on="all") == ["a1", "a2"]
    assert final_labels(labels, book, "all").set_index("article_id")["disagree"].tolist() == [True, True, False,
                                                                                               False]


def test_an_option_named_like_a_reason_is_never_confused_with_one(tmp_path: Path) -> None:
    labels_dir, book = _tiny(tmp_path, [
        ("ana", "a1", {"frame": "unresolved"}), ("bob", "a1", {"frame": "unresolved"}),
        ("ana", "a2", {"frame": "A"}), ("bob", "a2", {"frame": "B"})])
    final = final_labels(read_labels(labels_dir, book), book).set_index("article_id")
    assert final.loc["a1", ["frame", "frame_reason"]].tolist() == ["unresolved", "majority"]
    assert final.loc["a2", ["frame", "frame_reason"]].tolist() == ["", "unresolved"]
