"""AdjudicationSession without widgets: which articles it brings, what it suggests, and what it writes."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from annotate.corpus import Corpus, load_corpus
from annotate.labels import LabelStore, final_labels, read_labels
from annotate.review import AdjudicationSession, open_session
from annotate.review.adjudication import others_labels, reviews_html
from tests.adjudication_data import A0, A1, A2, CODEBOOK, SEEDS, write_disagreements


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    return load_corpus(shutil.copytree(SEEDS, tmp_path / "seeds"))


@pytest.fixture
def labels(tmp_path: Path, corpus: Corpus) -> Path:
    return write_disagreements(tmp_path / "labels", corpus)


def session(corpus: Corpus, labels: Path, **options: str) -> AdjudicationSession:
    opened = open_session("adjudicate", corpus, "ada", labels, CODEBOOK, **options)
    assert isinstance(opened, AdjudicationSession)
    return opened


def test_it_brings_exactly_the_disagreements_in_the_chosen_scope(corpus: Corpus, labels: Path) -> None:
    assert [a.id for a in session(corpus, labels).articles] == [A1, A2]
    # Every coded field: 000's tones differ too (negative, positive), so it comes in.
    assert [a.id for a in session(corpus, labels, disagree_on="all").articles] == [A0, A1, A2]


def test_a_majority_is_suggested_and_a_tie_is_not(corpus: Corpus, labels: Path) -> None:
    s = session(corpus, labels)
    assert s.suggestions(s.articles[0])["primary_frame"] == {"value": "Economic", "note": "2 of 3 reviewers"}
    assert "primary_frame" not in s.suggestions(s.articles[1])


def test_the_adjudicators_own_labels_are_no_vote(corpus: Corpus, labels: Path) -> None:
    everyone = read_labels(labels, CODEBOOK)
    assert "ada" in set(everyone["reviewer"]) and "ada" not in set(others_labels(everyone, "ada")["reviewer"])


def test_a_gold_label_is_one_adjudicate_row_and_there_is_no_skip(corpus: Corpus, labels: Path) -> None:
    s = session(corpus, labels)
    s.save({"primary_frame": "Economic"})
    (row,) = [r for r in LabelStore(labels, CODEBOOK, "ada").rows() if r["action"] == "adjudicate"]
    assert (row["article_id"], row["primary_frame"]) == (A1, "Economic")
    with pytest.raises(ValueError, match="adjudicators have no skip"):
        s.skip()


def test_reviews_html_escapes_reviewer_ids_and_handles_no_rows(corpus: Corpus, labels: Path) -> None:
    session = AdjudicationSession(corpus, "ada", labels, CODEBOOK)
    rows = [{"reviewer": "<x>", "primary_frame": "Economic", "notes": "a|b"}]
    html = reviews_html(rows, session.codebook)
    assert "<th>&lt;x&gt;</th>" in html and "<td>a|b</td>" in html  # notes are not split like a multi field
    assert "No reviewer labels" in reviews_html([], session.codebook)


def test_reviews_html_puts_what_to_settle_first_then_the_notes(corpus: Corpus, labels: Path) -> None:
    """In the panel's short table (9.5 lines at 1366x768) the notes row was below the edge: the rows the reviewers
    differ on come first, then notes someone wrote, then the fields they agree on, each group in codebook order."""
    book = AdjudicationSession(corpus, "ada", labels, CODEBOOK).codebook
    rows = [{"reviewer": "r1", "primary_frame": "Political", "tone": "negative", "confidence": "2", "notes": "op-ed"},
            {"reviewer": "r2", "primary_frame": "Political", "tone": "neutral", "confidence": "3", "notes": ""}]
    heads = re.findall(r"<tr(?: class='annotate-differs')?><th>([^<]*)</th>", reviews_html(rows, book))
    assert heads == ["", "Tone", "Confidence", "Notes", "Primary frame *", "Secondary frames", "Source quality"]
    quiet = [{**r, "notes": ""} for r in rows]  # nobody wrote a note: the empty row waits at the end
    assert re.findall(r"<th>([^<]*)</th>", reviews_html(quiet, book))[-1] == "Notes"


def test_secondary_frames_against_none_is_a_disagreement_on_every_field(corpus: Corpus, tmp_path: Path) -> None:
    """An empty multiple choice is an answer: one reviewer's secondary frame against two who saved none differ."""
    folder = tmp_path / "empty-set"
    by_id = {a.id: a for a in corpus}
    LabelStore(folder, CODEBOOK, "r1").save(by_id[A0], {"primary_frame": "Economic", "secondary_frames": ["Political"]})
    for reviewer in ("r2", "r3"):
        LabelStore(folder, CODEBOOK, reviewer).save(by_id[A0], {"primary_frame": "Economic"})
    assert [a.id for a in session(corpus, folder).articles] == []  # the required field agrees
    wide = session(corpus, folder, disagree_on="all")
    assert [a.id for a in wide.articles] == [A0]
    # Two of three saved none: that is no value to suggest (leaving the field empty gives it), and one is no majority.
    assert "secondary_frames" not in wide.suggestions(wide.articles[0])
    assert wide.suggestions(wide.articles[0])["primary_frame"]["note"] == "3 of 3 reviewers"


@pytest.mark.parametrize("others", [[["Political"], []], [["Political"], ["Political"], []]],
                         ids=["a tie of a frame against none", "a majority for the frame"])
def test_an_adjudicator_who_ticks_no_secondary_frame_decides_none(corpus: Corpus, tmp_path: Path,
                                                                   others: list[list[str]]) -> None:
    """Unticking the reviewers' one frame is a decision ("no secondary frame"): the final label says so, where it
    said 'unresolved' after a tie and brought the majority's frame back after a majority."""
    folder = tmp_path / "untick"
    by_id = {a.id: a for a in corpus}
    for n, frames in enumerate(others):
        LabelStore(folder, CODEBOOK, f"r{n}").save(by_id[A0], {"primary_frame": "Economic",
                                                               "secondary_frames": frames})
    s = session(corpus, folder, disagree_on="all")
    assert [a.id for a in s.articles] == [A0]
    s.save({"primary_frame": "Economic", "secondary_frames": []})
    final = final_labels(read_labels(folder, CODEBOOK, include_gold=True), CODEBOOK).set_index("article_id")
    assert final.loc[A0, ["secondary_frames", "secondary_frames_reason"]].tolist() == ["", "gold"]
    # A single choice or rating the adjudicator left empty is no answer: the reviewers' values still decide it.
    assert final.loc[A0, "tone_reason"] == "unanswered"


@pytest.mark.parametrize("adjudicate_first", [True, False], ids=["labelled after adjudicating", "adjudicated after"])
def test_one_person_labelling_and_adjudicating_an_article_keeps_both(corpus: Corpus, labels: Path,
                                                                     adjudicate_first: bool) -> None:
    """A lead who adjudicates an article and labels it as a reviewer (in either order) has a gold label and a
    label of it: the later row withdrew the earlier one in read_labels, so the export lost the gold decision (or
    the lead's vote) while the panel still showed both."""
    s = session(corpus, labels)
    article = s.article
    assert article is not None
    gold, own = {"primary_frame": "Security and defense"}, {"primary_frame": "Political"}

    def adjudicate() -> None:
        s.save(gold)

    def label() -> None:
        LabelStore(labels, CODEBOOK, "ada").save(article, own)

    for step in ((adjudicate, label) if adjudicate_first else (label, adjudicate)):
        step()
    current = read_labels(labels, CODEBOOK, include_gold=True)
    mine = current[(current["reviewer"] == "ada") & (current["article_id"] == article.id)]
    assert sorted(zip(mine["action"], mine["primary_frame"], strict=True)) == [
        ("adjudicate", "Security and defense"), ("label", "Political")]
    final = final_labels(current, CODEBOOK).set_index("article_id").loc[article.id]
    assert (final["primary_frame"], final["primary_frame_reason"]) == ("Security and defense", "gold")
    assert "ada" in final["reviewers"].split("|")  # as a reviewer, the lead's label is a vote like any other
    # The adjudication session still counts the article adjudicated, and the labelling session labelled.
    assert open_session("adjudicate", corpus, "ada", labels, CODEBOOK).stored(article)["action"] == "adjudicate"
    assert open_session("label", corpus, "ada", labels, CODEBOOK).stored(article)["action"] == "label"
