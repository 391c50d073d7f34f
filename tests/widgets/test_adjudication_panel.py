"""ReviewPanel in adjudicate mode, driven without a browser and checked against the CSV rows on disk."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from annotate import ReviewPanel
from annotate.corpus import Corpus, load_corpus
from annotate.labels import LabelStore, LabelStoreError, final_labels, read_labels
from annotate.review import AdjudicationSession
from tests.adjudication_data import A0, A1, A2, CODEBOOK, SEEDS, write_disagreements
from tests.conftest import act


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    return load_corpus(shutil.copytree(SEEDS, tmp_path / "seeds"))


@pytest.fixture
def labels(tmp_path: Path, corpus: Corpus) -> Path:
    return write_disagreements(tmp_path / "labels", corpus)


def adjudicate(corpus: Corpus, labels: Path, reviewer: str = "ada", **kwargs: str) -> ReviewPanel:
    return ReviewPanel(corpus, reviewer=reviewer, labels_dir=labels, mode="adjudicate", **kwargs)


def file_rows(labels: Path, reviewer: str) -> list[dict[str, str]]:
    path = labels / CODEBOOK / f"{reviewer}.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def current_id(panel: ReviewPanel) -> str | None:
    return None if panel.session.article is None else panel.session.article.id


def test_steps_through_exactly_the_disagreed_articles(corpus: Corpus, labels: Path) -> None:
    panel = adjudicate(corpus, labels)
    assert isinstance(panel.session, AdjudicationSession)
    assert [a.id for a in panel.session.articles] == [A1, A2]
    assert panel.session.disagreed == (A1, A2)
    assert panel.form.screen["progress"] == {"done": 0, "total": 2, "word": "adjudicated", "skipped": 0}
    assert (panel.form.spec["role"], panel.form.spec["can_skip"]) == ("Adjudicator", False)
    assert not panel.form.screen["can"]["skip"]
    assert "s" not in dict(panel.form.spec["keys"])  # no skip key in the key table
    seen = []
    while panel.session.article is not None:
        seen.append(current_id(panel))
        act(panel, "save", {"primary_frame": "Political"})
    assert seen == [A1, A2]
    assert panel.form.screen["progress"]["done"] == 2
    assert panel.done.value.startswith("<h3>All 2 articles adjudicated</h3>")
    assert "labels/policy-frames/ada.csv" in panel.done.value


def test_every_coded_field_can_count_as_a_disagreement(corpus: Corpus, labels: Path) -> None:
    # 000: same primary frame, but r1 says negative and r2 positive: a disagreement only with "all".
    panel = adjudicate(corpus, labels, disagree_on="all")
    assert [a.id for a in panel.session.articles] == [A0, A1, A2]
    with pytest.raises(ValueError, match="disagree_on must be one of required, all"):
        adjudicate(corpus, labels, disagree_on="tone")


def test_side_by_side_table_shows_every_reviewer_escaped(corpus: Corpus, labels: Path) -> None:
    panel = adjudicate(corpus, labels)
    table = str(panel.form.screen["side_html"])
    assert "<tr><th></th><th>r1</th><th>r2</th><th>r3</th></tr>" in table
    assert ("<tr class='annotate-differs'><th>Primary frame *</th>"
            "<td>Economic</td><td>Economic</td><td>Political</td></tr>") in table
    assert "<td>Morality<br>Political</td>" in table  # r1's secondary frames, in option order
    dash = "<span style='color:#999'>–</span>"
    tone = f"<tr class='annotate-differs'><th>Tone</th><td>{dash}</td><td>neutral</td><td>{dash}</td></tr>"
    assert tone in table
    assert (f"<tr><th>Notes</th><td>&lt;b&gt;unsure&lt;/b&gt; &amp; &quot;close&quot;</td><td>plain</td>"
            f"<td>{dash}</td></tr>") in table
    assert "<b>unsure</b>" not in table
    assert "Skipped by" not in table
    act(panel, "forward")
    table = str(panel.form.screen["side_html"])
    assert "<tr><th></th><th>r1</th><th>r2</th></tr>" in table  # r3 skipped 002: no column, and a line says so
    assert table.endswith("<p class='annotate-reviews-skipped'>Skipped by r3.</p>")
    assert "<td>Morality</td><td>Political</td>" in table


def test_majority_values_are_suggested_never_filled_in(corpus: Corpus, labels: Path) -> None:
    panel = adjudicate(corpus, labels)
    screen = panel.form.screen
    assert screen["values"]["primary_frame"] == "" and screen["values"]["tone"] == ""  # nothing pre-filled
    suggested = screen["suggestions"]
    assert suggested["primary_frame"] == {"value": "Economic", "note": "2 of 3 reviewers"}
    # One reviewer's value is no majority (r1 alone gave secondary frames and a source quality).
    assert "secondary_frames" not in suggested and "source_quality" not in suggested
    assert "notes" not in suggested  # notes are the reviewers'
    act(panel, "forward")
    assert "primary_frame" not in panel.form.screen["suggestions"]  # Morality against Political: a tie
    act(panel, "back")
    # The browser sends only what the adjudicator chose or confirmed; unconfirmed suggestions go as empty.
    act(panel, "save", {"primary_frame": "Political", "secondary_frames": [], "tone": "negative",
                        "source_quality": "", "notes": "r3 is right"})
    (row,) = file_rows(labels, "ada")[-1:]
    assert (row["primary_frame"], row["tone"], row["source_quality"]) == ("Political", "negative", "")
    assert "Your own labels (ada) are not counted" not in panel.done.value
    act(panel, "back")
    assert current_id(panel) == A1 and "Adjudicated at" in str(panel.form.screen["note"])
    assert panel.form.screen["values"]["primary_frame"] == "Political"
    assert panel.form.screen["suggestions"] == {}  # a gold label is shown as it is, no suggestions over it
    reopened = adjudicate(corpus, labels)
    assert current_id(reopened) == A2 and reopened.form.screen["progress"]["done"] == 1


def test_save_appends_exactly_one_adjudicate_row(corpus: Corpus, labels: Path) -> None:
    others = {r: (labels / CODEBOOK / f"{r}.csv").read_bytes() for r in ("r1", "r2", "r3")}
    before = file_rows(labels, "ada")
    panel = adjudicate(corpus, labels)
    status = act(panel, "save", {"primary_frame": "Political", "secondary_frames": ["Economic"], "tone": "positive",
                                 "source_quality": "3", "confidence": "2", "notes": "gold,\n\"quoted\""})
    after = file_rows(labels, "ada")
    assert after[:len(before)] == before and len(after) == len(before) + 1
    row = after[-1]
    assert (row["action"], row["reviewer"], row["article_id"]) == ("adjudicate", "ada", A1)
    assert row["article_sha256"] == corpus.get(A1).sha256  # type: ignore[union-attr]
    assert (row["primary_frame"], row["secondary_frames"]) == ("Political", "Economic")
    assert (row["source_quality"], row["confidence"], row["notes"]) == ("3", "2", "gold, \"quoted\"")
    assert str(status["text"]).startswith("Saved ") and "labels/policy-frames/ada.csv" in str(status["text"])
    assert {r: (labels / CODEBOOK / f"{r}.csv").read_bytes() for r in others} == others
    gold = final_labels(read_labels(labels, CODEBOOK, include_gold=True), CODEBOOK).set_index("article_id")
    assert (gold.at[A1, "primary_frame"], gold.at[A1, "primary_frame_reason"]) == ("Political", "gold")
    act(panel, "undo")  # the gold label is withdrawn; the adjudicator's own label of 000 is untouched
    assert current_id(panel) == A1 and file_rows(labels, "ada")[-1]["action"] == "retract"
    assert AdjudicationSession(corpus, "ada", labels, CODEBOOK).n_done == 0


def test_required_fields_are_enforced(corpus: Corpus, labels: Path) -> None:
    panel = adjudicate(corpus, labels)
    act(panel, "forward")
    before = file_rows(labels, "ada")
    status = act(panel, "save", {"tone": "neutral"})  # the primary frame is still empty (a tie)
    assert file_rows(labels, "ada") == before and current_id(panel) == A2
    assert "Required: Primary frame" in str(status["text"]) and status["invalid"] == ["primary_frame"]
    store = LabelStore(labels, CODEBOOK, "ada")
    with pytest.raises(LabelStoreError, match="required field"):
        store.save(corpus[2], {"tone": "neutral"}, action="adjudicate")
    assert file_rows(labels, "ada") == before


def test_skip_writes_nothing(corpus: Corpus, labels: Path) -> None:
    panel = adjudicate(corpus, labels)
    before = file_rows(labels, "ada")
    status = act(panel, "skip")
    assert file_rows(labels, "ada") == before and current_id(panel) == A1
    assert "no skip" in str(status["text"])


def test_an_adjudicator_with_own_labels_is_told_why_they_do_not_count(corpus: Corpus, tmp_path: Path) -> None:
    folder = tmp_path / "two"
    LabelStore(folder, CODEBOOK, "ana").save(corpus[0], {"primary_frame": "Economic"})
    LabelStore(folder, CODEBOOK, "bob").save(corpus[0], {"primary_frame": "Political"})
    panel = adjudicate(corpus, folder, reviewer="ana")
    assert panel.session.total == 0
    assert "Only one other reviewer (bob) has labels here: one reviewer alone cannot disagree" in panel.done.value
    assert "Your own labels (ana) are not counted" in panel.done.value
    assert adjudicate(corpus, folder, reviewer="lead").session.total == 1


def test_no_disagreements(corpus: Corpus, tmp_path: Path) -> None:
    folder = tmp_path / "agreed"
    for reviewer in ("r1", "r2"):
        LabelStore(folder, CODEBOOK, reviewer).save(corpus[0], {"primary_frame": "Economic"})
    for where in (folder, tmp_path / "empty"):
        panel = adjudicate(corpus, where)
        assert panel.session.total == 0 and panel.form.screen["progress"]["total"] == 0
        assert panel.done.value.startswith("<h3>No disagreements to adjudicate</h3>")
        assert ("The other reviewers (r1, r2) agree on every required field" if where == folder
                else "No other reviewer has labels here") in panel.done.value
        assert panel.form.screen["end"] and not panel.form.screen["can"]["save"]
        assert panel.form.screen["side_html"] == ""


def test_label_mode_ignores_adjudicate_rows(corpus: Corpus, labels: Path) -> None:
    # ada labelled 000 (fixture); gold labels for 000 and 001 go into the same file.
    gold = LabelStore(labels, CODEBOOK, "ada")
    gold.save(corpus[0], {"primary_frame": "Morality"}, action="adjudicate")
    gold.save(corpus[1], {"primary_frame": "Economic"}, action="adjudicate")
    panel = ReviewPanel(corpus, reviewer="ada", labels_dir=labels)
    assert panel.mode == "label" and panel.form.spec["role"] == "Reviewer"
    assert panel.form.screen["progress"]["done"] == 1
    assert current_id(panel) == A1  # a gold row does not make 001 done
    act(panel, "back")
    assert panel.form.screen["values"]["primary_frame"] == "Political"  # the label, not the later gold row
    assert "Labelled at" in str(panel.form.screen["note"])
    # Undo in label mode never withdraws a gold row: 000's top row is gold, so nothing of label mode stands on top.
    assert panel.session.undoable() is None
    gold_rows = AdjudicationSession(corpus, "ada", labels, CODEBOOK).current_rows()
    assert gold_rows[A0]["primary_frame"] == "Morality"


def test_a_disputed_choice_left_empty_is_named_when_the_gold_label_is_saved(corpus: Corpus, labels: Path) -> None:
    """An empty single choice or rating in a gold label settles nothing: the end screen said "all adjudicated"
    while the tone tie stayed unresolved in the export, and nothing told the adjudicator."""
    panel = adjudicate(corpus, labels, disagree_on="all")
    assert current_id(panel) == A0  # r1 says negative, r2 positive
    status = act(panel, "save", {"primary_frame": "Political"})
    assert status["level"] == "warn" and str(status["text"]).startswith("Saved")
    assert str(status["text"]).endswith("Left empty, so not settled by this gold label: Tone (the reviewers' "
                                        "values still decide it).")
    final = final_labels(read_labels(labels, CODEBOOK, include_gold=True), CODEBOOK).set_index("article_id")
    assert final.loc[A0, "tone_reason"] == "unresolved"  # as the message said
    act(panel, "back")
    status = act(panel, "save", {"primary_frame": "Political", "tone": "neutral"})  # settled now
    assert status["level"] == "ok" and "Left empty" not in str(status["text"])


def test_the_end_says_how_many_articles_differ_only_on_optional_fields(corpus: Corpus, labels: Path) -> None:
    """With the default scope, 000 (a tone tie) is never offered; the export lists it in disagree_fields, and the
    panel said "All 2 articles adjudicated" as if nothing were left."""
    panel = adjudicate(corpus, labels)
    while panel.session.article is not None:
        act(panel, "save", {"primary_frame": "Political", "source_quality": "3"})
    assert panel.done.value.startswith("<h3>All 2 articles adjudicated</h3>")
    assert panel.done.value.endswith(
        "<p class='annotate-optional-only'>1 more article differs only on fields that are not required (Secondary "
        "frames, Tone, Source quality, Confidence). To settle them too, adjudicate disagreements on every coded field "
        "(disagree_on=&quot;all&quot;).</p>")
    wide = adjudicate(corpus, labels, reviewer="bea", disagree_on="all")
    assert "annotate-optional-only" not in wide.session.done_note() + wide.session.empty_message()
