"""The latest row counts: when a reviewer's latest row of an article cannot be read, no earlier row stands in."""
from __future__ import annotations

import uuid
import warnings
from pathlib import Path

import pytest

from annotate.corpus import Article, Corpus
from annotate.labels import LabelStore, final_labels, read_labels
from annotate.report import agreement
from annotate.review import ReviewSession

BOOK = """id: tiny
version: "1.0"
fields:
  - {{name: frame, type: single, required: true, options: [{options}]}}
"""
A1 = Article.from_text("The council raised taxes.", id="a1")
A2 = Article.from_text("The court struck down the ban.", id="a2")


def codebooks(tmp_path: Path) -> tuple[Path, Path]:
    """The codebook the labels were saved with, and the same id and version with option A removed."""
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(BOOK.format(options="A, B, C"), encoding="utf-8")
    new.write_text(BOOK.format(options="B, C"), encoding="utf-8")
    return old, new


def read(labels: Path, book: Path) -> tuple[dict[tuple[str, str], str], list[str]]:
    """(reviewer, article) -> frame of read_labels, and its problems."""
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        frame = read_labels(labels, book)
    pairs = zip(frame["reviewer"], frame["article_id"], frame["frame"], strict=True)
    return {(r, a): f for r, a, f in pairs}, list(frame.attrs["problems"])


def test_an_option_removed_from_the_codebook_does_not_bring_back_a_replaced_label(tmp_path: Path) -> None:
    old, new = codebooks(tmp_path)
    labels = tmp_path / "labels"
    bob, ana = LabelStore(labels, old, "bob"), LabelStore(labels, old, "ana")
    bob.save(A2, {"frame": "C"})
    bob.save(A2, {"frame": "A"})  # replaces C; A is then removed from the codebook, which keeps its id and version
    ana.save(A2, {"frame": "B"})
    ana.save(A1, {"frame": "B"})
    bob.save(A1, {"frame": "B"})
    found, problems = read(labels, new)
    assert found == {("ana", "a1"): "B", ("bob", "a1"): "B", ("ana", "a2"): "B"}  # bob's C does not come back
    (problem,) = problems
    assert problem.startswith(f"{labels / 'tiny' / 'bob.csv'}:3: field 'frame': 'A' is not one of B, C; skipped")
    assert "bob's latest row for article a2, bob's label of it is left out" in problem
    with pytest.warns(UserWarning, match="left out"):
        merged = read_labels(labels, new, include_gold=True)
    final = final_labels(merged, new).set_index("article_id")
    assert final.loc["a2", ["frame", "frame_reason", "reviewers"]].tolist() == ["B", "single", "ana"]
    table = agreement(merged, new).set_index("field")
    assert (table.loc["frame", "items"], table.loc["frame", "percent_agreement"]) == (1, 1.0)


def test_a_retract_withdraws_the_unreadable_row_and_a_later_row_replaces_it(tmp_path: Path) -> None:
    old, new = codebooks(tmp_path)
    labels = tmp_path / "labels"
    bob = LabelStore(labels, old, "bob")
    bob.save(A1, {"frame": "C"})
    bob.save(A1, {"frame": "A"})
    bob.save(A1, None, action="retract")  # bob undid A while it could be read: C stands again
    bob.save(A2, {"frame": "A"})
    bob.save(A2, {"frame": "B"})  # a readable row after the unreadable one counts, and nothing is said about it
    found, problems = read(labels, new)
    assert found == {("bob", "a1"): "C", ("bob", "a2"): "B"}
    assert len(problems) == 2 and not any("left out" in p for p in problems)


def test_a_hand_added_row_that_cannot_be_read_is_the_latest_too(tmp_path: Path) -> None:
    labels = tmp_path / "labels"
    bob = LabelStore(labels, "policy-frames", "bob")
    bob.save(A1, {"primary_frame": "Economic"})
    bob.save(A2, {"primary_frame": "Economic"})
    lines = bob.path.read_text(encoding="utf-8").splitlines(keepends=True)
    with bob.path.open("a", encoding="utf-8") as fh:
        fh.write(lines[1].replace(lines[1].split(",")[0], "deadbeef").replace("Economic", "Political"))
        # A row of another reviewer is not bob's: it changes nothing.
        fh.write(lines[2].replace(lines[2].split(",")[0], str(uuid.uuid4())).replace(",bob,", ",carl,"))
    assert list(bob.current()["article_id"]) == ["a2"]
    assert [r["article_id"] for r in bob.rows()] == ["a1", "a2"]  # history holds the readable rows only
    messages = [str(p) for p in bob.problems]
    assert "label_id 'deadbeef' is not a UUID; skipped, and as it is bob's latest row for article a1" in messages[0]
    assert "'carl' is not 'bob'" in messages[1] and "latest" not in messages[1]


def test_a_torn_last_line_is_no_row_so_the_acknowledged_label_stands(tmp_path: Path) -> None:
    """Decision: a line with no newline was never acknowledged as saved (a crash, or a hand edit without its
    newline), and its article id may itself be cut short: it is reported, and the earlier label counts."""
    labels = tmp_path / "labels"
    bob = LabelStore(labels, "policy-frames", "bob")
    bob.save(A1, {"primary_frame": "Economic"})
    line = bob.path.read_text(encoding="utf-8").splitlines()[1].replace("Economic", "Political")
    with bob.path.open("a", encoding="utf-8") as fh:
        fh.write(line)
    assert bob.current()["primary_frame"].tolist() == ["Economic"]
    assert "torn last line" in str(bob.problems[0]) and "latest" not in str(bob.problems[0])


def test_the_panel_opens_an_article_whose_latest_row_cannot_be_read(tmp_path: Path) -> None:
    old, new = codebooks(tmp_path)
    labels = tmp_path / "labels"
    bob = LabelStore(labels, old, "bob")
    bob.save(A1, {"frame": "C"})
    bob.save(A1, {"frame": "A"})
    bob.save(A2, {"frame": "B"})
    session = ReviewSession(Corpus([A1, A2]), "bob", labels, new)
    assert session.n_labelled == 1 and session.article is not None and session.article.id == "a1"
    assert session.stored() is None  # not C: the reviewer labels a1 again
    assert session.undoable() is not None and session.undoable()["article_id"] == "a2"  # never the unreadable row
    session.save({"frame": "C"})
    found, problems = read(labels, new)
    assert found == {("bob", "a1"): "C", ("bob", "a2"): "B"} and "left out" not in problems[0]
