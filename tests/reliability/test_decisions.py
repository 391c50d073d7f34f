"""Decisions on edge cases, each proven: labels saved on an article's earlier text stay out of the export."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from annotate import Article, LabelStore
from annotate.cli import commands as cli
from annotate.report.export import export_report, report_frame

OLD, NEW = "Budget talks\n\nThe council cut taxes.", "Budget talks\n\nThe council raised taxes."
CALM = "Weather\n\nIt rained on Tuesday."


def _labelled_then_edited(tmp_path: Path) -> tuple[Path, Path]:
    """r1 and a gold label on budget's old text, r2 on its new text; r1 on calm; then budget is edited."""
    corpus, labels = tmp_path / "corpus", tmp_path / "labels"
    corpus.mkdir()
    old, new, calm = (Article.from_text(t, i) for t, i in ((OLD, "budget"), (NEW, "budget"), (CALM, "calm")))
    r1, r2 = LabelStore(labels, "policy-frames", "r1"), LabelStore(labels, "policy-frames", "r2")
    r1.save(old, {"primary_frame": "Economic", "tone": "positive", "notes": "cuts"})
    LabelStore(labels, "policy-frames", "chief").save(old, {"primary_frame": "Economic", "notes": "old text"},
                                                      action="adjudicate")
    r2.save(new, {"primary_frame": "Political", "tone": "negative", "notes": "raises"})
    r1.save(calm, {"primary_frame": "Political"})
    (corpus / "budget.txt").write_text(NEW, encoding="utf-8")
    (corpus / "calm.txt").write_text(CALM, encoding="utf-8")
    return corpus, labels


def test_export_leaves_out_labels_saved_on_an_earlier_text(tmp_path: Path) -> None:
    corpus, labels = _labelled_then_edited(tmp_path)
    frame = report_frame(corpus, labels, "policy-frames")
    budget = frame.set_index("id").loc["budget"]
    # Only r2 labelled the text in the corpus: r1's label and the gold label judged another text.
    assert (budget["primary_frame"], budget["primary_frame_reason"]) == ("Political", "single")
    assert (budget["n_reviewers"], budget["reviewers"], budget["disagree"]) == (1, "r2", False)
    assert frame.set_index("id").loc["calm", "reviewers"] == "r1"  # an unchanged text keeps its label
    assert budget["notes"] == "r2: raises"  # the stale labels' notes judged another text too
    assert frame.attrs["stale_labels"] == 2 and frame.attrs["stale_articles"] == ["budget"]


def test_an_article_whose_every_label_is_stale_says_stale_not_unlabelled(tmp_path: Path) -> None:
    """Decision: the export tells "labelled on an older text, review again" from "never labelled" in its rows."""
    corpus, labels = _labelled_then_edited(tmp_path)
    (corpus / "calm.txt").write_text(CALM + " Then it stopped.", encoding="utf-8")
    (corpus / "quiet.txt").write_text("Nothing\n\nNobody labelled this.", encoding="utf-8")
    frame = report_frame(corpus, labels, "policy-frames").set_index("id")
    calm = frame.loc["calm"]
    assert (calm["n_reviewers"], calm["n_stale"], calm["primary_frame"], calm["tone_reason"]) == (0, 1, "", "stale")
    assert (frame.loc["quiet", "n_stale"], frame.loc["quiet", "tone_reason"]) == (0, "unlabelled")
    # budget: r2's label is current, r1's and the gold label are stale; its reasons come from r2.
    assert (frame.loc["budget", "n_stale"], frame.loc["budget", "primary_frame_reason"]) == (2, "single")
    assert frame.attrs["stale_labels"] == 3 and frame.attrs["stale_articles"] == ["budget", "calm"]
    assert frame["n_stale"].sum() == frame.attrs["stale_labels"]


def test_a_current_gold_label_over_stale_labels_leaves_its_empty_fields_stale(tmp_path: Path) -> None:
    corpus, labels = _labelled_then_edited(tmp_path)
    new = Article.from_text(NEW, "budget")
    LabelStore(labels, "policy-frames", "chief").save(new, {"primary_frame": "Political"}, action="adjudicate")
    LabelStore(labels, "policy-frames", "r2").save(new, None, action="retract")  # r2's label withdrawn
    budget = report_frame(corpus, labels, "policy-frames").set_index("id").loc["budget"]
    assert (budget["primary_frame"], budget["primary_frame_reason"], budget["n_stale"]) == ("Political", "gold", 1)
    assert (budget["tone"], budget["tone_reason"], budget["n_reviewers"]) == ("", "stale", 0)


def test_reverting_a_text_brings_back_the_labels_made_on_it(tmp_path: Path) -> None:
    corpus, labels = _labelled_then_edited(tmp_path)
    (corpus / "budget.txt").write_text(OLD, encoding="utf-8")  # back to the text r1 and the chief saw
    frame = report_frame(corpus, labels, "policy-frames").set_index("id")
    assert (frame.loc["budget", "primary_frame"], frame.loc["budget", "primary_frame_reason"]) == ("Economic", "gold")
    assert frame.loc["budget", "reviewers"] == "r1" and frame.attrs["stale_labels"] == 1


def test_the_cli_export_warns_how_many_labels_are_stale_and_where(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    corpus, labels = _labelled_then_edited(tmp_path)
    out = tmp_path / "report.csv"
    assert cli.main(["export", "--corpus", str(corpus), "--labels", str(labels), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert (f"annotate: warning: {labels / 'policy-frames'}: 2 labels were saved on an earlier text of 1 article "
            "(budget); left out" in err), err
    assert pd.read_csv(out).set_index("id").loc["budget", "reviewers"] == "r2"
    export_report(corpus, labels, "policy-frames", out)  # the library function drops them too
    assert pd.read_csv(out).set_index("id").loc["budget", "n_reviewers"] == 1


def _two_reviewers_on_two_texts(tmp_path: Path) -> tuple[Path, Path]:
    """r1 labelled budget's old text, r2 its new one; both gave calm the same frame; then budget is edited."""
    corpus, labels = tmp_path / "corpus", tmp_path / "labels"
    corpus.mkdir()
    old, new, calm = (Article.from_text(t, i) for t, i in ((OLD, "budget"), (NEW, "budget"), (CALM, "calm")))
    r1, r2 = LabelStore(labels, "policy-frames", "r1"), LabelStore(labels, "policy-frames", "r2")
    r1.save(old, {"primary_frame": "Economic"})
    r2.save(new, {"primary_frame": "Political"})
    for store in (r1, r2):
        store.save(calm, {"primary_frame": "Political"})
    (corpus / "budget.txt").write_text(NEW, encoding="utf-8")
    (corpus / "calm.txt").write_text(CALM, encoding="utf-8")
    return corpus, labels


def _primary_frame_row(out: str) -> list[str]:
    return next(line.split() for line in out.splitlines() if line.split()[:1] == ["primary_frame"])


def test_agreement_with_the_corpus_leaves_out_labels_on_an_earlier_text(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    corpus, labels = _two_reviewers_on_two_texts(tmp_path)
    assert cli.main(["agreement", str(labels), "--corpus", str(corpus)]) == 0
    out, err = capsys.readouterr()
    assert (f"annotate: warning: {labels / 'policy-frames'}: 1 label was saved on an earlier text of 1 article "
            "(budget); left out of the agreement (review those articles again to label their current text)" in err), err
    # Only calm is coded by both on the same text, and they agree on it: one item, full agreement.
    assert _primary_frame_row(out)[2:5] == ["1", "2", "1.000"], out


def test_agreement_without_the_corpus_names_articles_labelled_on_different_texts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, labels = _two_reviewers_on_two_texts(tmp_path)
    assert cli.main(["agreement", str(labels)]) == 0
    out, err = capsys.readouterr()
    assert (f"annotate: warning: {labels / 'policy-frames'}: 1 article was labelled on different texts by different "
            "reviewers (budget); their labels are compared as they are (pass --corpus" in err), err
    assert _primary_frame_row(out)[2:5] == ["2", "2", "0.500"], out  # budget's two texts count as a disagreement


def test_agreement_with_a_corpus_that_cannot_be_read_is_an_error(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    _, labels = _two_reviewers_on_two_texts(tmp_path)
    assert cli.main(["agreement", str(labels), "--corpus", str(tmp_path / "nowhere")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("annotate: error:") and "nowhere" in err, err

