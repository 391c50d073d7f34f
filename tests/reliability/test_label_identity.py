"""Who a row belongs to: names that differ only in case, a copied file, and what a retract row may carry."""
from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest

from annotate.corpus import Article
from annotate.labels import LabelStore, LabelStoreError, final_labels, read_labels

A1 = Article.from_text("The council raised taxes.", id="a1")
A2 = Article.from_text("The court struck down the ban.", id="a2")


def folder_of(tmp_path: Path) -> Path:
    return tmp_path / "labels" / "policy-frames"


def read_quietly(labels_dir: Path) -> tuple[list[str], list[str]]:
    """read_labels' problems, and the warnings it gave (one per problem)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        labels = read_labels(labels_dir, "policy-frames", include_gold=True)
    return list(labels.attrs["problems"]), [str(w.message) for w in caught]


def test_a_name_in_another_case_is_refused_while_its_file_exists(tmp_path: Path) -> None:
    LabelStore(tmp_path / "labels", "policy-frames", "Ana").save(A1, {"primary_frame": "Economic"})
    with pytest.raises(LabelStoreError, match=r"'ana'.*Ana\.csv.*case"):
        LabelStore(tmp_path / "labels", "policy-frames", "ana")
    assert sorted(p.name for p in folder_of(tmp_path).glob("*.csv")) == ["Ana.csv"]
    again = LabelStore(tmp_path / "labels", "policy-frames", "Ana")  # the name as first written still works
    assert again.save(A2, {"primary_frame": "Political"})["reviewer"] == "Ana"


def test_two_files_for_one_name_in_two_cases_form_no_false_majority(tmp_path: Path) -> None:
    labels = tmp_path / "labels"
    LabelStore(labels, "policy-frames", "bob").save(A1, {"primary_frame": "Political"})
    LabelStore(labels, "policy-frames", "Ana").save(A1, {"primary_frame": "Economic"})
    # Made on a case-sensitive disk before names were compared without case (or copied in by hand).
    text = (folder_of(tmp_path) / "Ana.csv").read_text(encoding="utf-8")
    (folder_of(tmp_path) / "ana.csv").write_text(text.replace(",Ana,", ",ana,"), encoding="utf-8")
    problems, warned = read_quietly(labels)
    assert warned == problems
    assert any("Ana.csv" in p and "ana.csv" in p and "case" in p for p in problems), problems
    # Each file holds rows of its own: which one is ana cannot be decided, so neither is read, and it says so.
    assert all("none of them is read" in p for p in problems) and len(problems) == 2
    with pytest.warns(UserWarning, match="same name in another case"):
        merged = read_labels(labels, "policy-frames")
    final = final_labels(merged, "policy-frames").set_index("article_id")
    assert final.loc["a1", "primary_frame_reason"] != "majority"  # Ana and ana are not two votes against bob


def test_a_stray_copy_under_another_case_is_skipped_and_the_real_file_read(tmp_path: Path) -> None:
    """Decision: the store writes every row with its file's reviewer, so of "ana.csv" and a copy "Ana.csv" (rows
    naming 'ana'), the copy is the stray: it is left out with a warning naming both, and ana's labels count."""
    labels = tmp_path / "labels"
    LabelStore(labels, "policy-frames", "bob").save(A1, {"primary_frame": "Political"})
    LabelStore(labels, "policy-frames", "ana").save(A1, {"primary_frame": "Economic"})
    shutil.copy(folder_of(tmp_path) / "ana.csv", folder_of(tmp_path) / "Ana.csv")
    (folder_of(tmp_path) / "BOB.csv").write_bytes(b"")  # an empty file under another case: a stray too
    (folder_of(tmp_path) / "bOb.csv").write_bytes(b"id,frame\n")  # another codebook's: skipped for its header
    problems, warned = read_quietly(labels)
    assert warned == problems and len(problems) == 3
    assert any(p.startswith(str(folder_of(tmp_path) / "bOb.csv")) and "header does not match" in p for p in problems)
    stray = next(p for p in problems if p.startswith(str(folder_of(tmp_path) / "Ana.csv")))
    assert "differs from ana.csv only by case" in stray and "delete Ana.csv or move it out" in stray
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        merged = read_labels(labels, "policy-frames")
    assert sorted(merged["reviewer"]) == ["ana", "bob"]
    assert merged.attrs["skipped_files"] == sorted(str(folder_of(tmp_path) / n) for n in ("Ana.csv", "BOB.csv",
                                                                                           "bOb.csv"))


def test_rows_naming_another_reviewer_are_reported_and_not_counted_twice(tmp_path: Path) -> None:
    labels = tmp_path / "labels"
    LabelStore(labels, "policy-frames", "bob").save(A1, {"primary_frame": "Economic"})
    LabelStore(labels, "policy-frames", "alice").save(A1, {"primary_frame": "Political"})
    shutil.copy(folder_of(tmp_path) / "bob.csv", folder_of(tmp_path) / "carl.csv")  # bob's file under carl's name
    carl = LabelStore(labels, "policy-frames", "carl")
    assert carl.rows() == []
    (problem,) = carl.problems
    assert problem.line == 2 and "'bob'" in problem.message and "carl" in problem.message
    problems, _ = read_quietly(labels)
    assert problems == [str(problem)]
    with pytest.warns(UserWarning, match="'bob' is not 'carl'"):
        merged = read_labels(labels, "policy-frames")
    final = final_labels(merged, "policy-frames").set_index("article_id")
    # bob once against alice: a tie, not a majority
    assert final.loc["a1", ["primary_frame", "primary_frame_reason"]].tolist() == ["", "unresolved"]
    assert final.loc["a1", "reviewers"] == "alice|bob"


def test_a_retract_row_carries_no_coded_values(tmp_path: Path) -> None:
    """Decision: a retract only withdraws; coded values passed with it are refused, a note saying why is kept."""
    store = LabelStore(tmp_path / "labels", "policy-frames", "ana")
    store.save(A1, {"primary_frame": "Economic"})
    before = store.path.read_bytes()
    with pytest.raises(LabelStoreError, match=r"not saved: a retract .*primary_frame, tone"):
        store.save(A1, {"primary_frame": "Political", "tone": "negative"}, action="retract")
    assert store.path.read_bytes() == before
    row = store.save(A1, {"notes": "Labelled the wrong article."}, action="retract")
    assert row["notes"] == "Labelled the wrong article." and row["primary_frame"] == ""
    assert store.save(A2, None, action="retract")["action"] == "retract"
    assert store.latest("a1") is None


def test_a_copied_file_of_many_rows_gives_a_bounded_number_of_warnings(tmp_path: Path) -> None:
    from annotate.labels.merge import MAX_WARNED_PROBLEMS

    store = LabelStore(tmp_path / "labels", "policy-frames", "bob")
    for n in range(50):
        store.save(Article.from_text(f"Story number {n}.", id=f"s{n}"), {"primary_frame": "Economic"})
    folder = folder_of(tmp_path)
    shutil.copyfile(folder / "bob.csv", folder / "carl.csv")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = read_labels(tmp_path / "labels", "policy-frames")
    assert len(frame.attrs["problems"]) == 50  # every copied row is reported ...
    assert len(caught) == MAX_WARNED_PROBLEMS + 1  # ... in a bounded number of warnings
    assert "30 more problems" in str(caught[-1].message)
    assert len(frame) == 50  # and bob's labels count once
