"""The annotate export and annotate agreement commands: output, options and errors that name the path."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from annotate.cli import commands as cli
from tests.conftest import ROOT, SEEDS

DEMO = ROOT / "labels" / "demo"


def test_export_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.csv"
    args = ["export", "--corpus", str(SEEDS), "--labels", str(DEMO), "--codebook", "policy-frames",
            "-o", str(out)]
    assert cli.main(args) == 0
    assert f"exported 5 articles -> {out}" in capsys.readouterr().err
    data = out.read_bytes()
    assert data.startswith(b"id,title,sha256,n_words,")
    frame = pd.read_csv(out, keep_default_na=False)
    assert len(frame) == 5 and frame["id"].is_unique
    assert list(frame.columns[-4:]) == ["n_reviewers", "reviewers", "disagree", "disagree_fields"]
    reasons = ["majority", "majority", "unresolved", "majority", "majority"]
    assert list(frame["primary_frame_reason"]) == reasons
    assert list(tmp_path.iterdir()) == [out], "the atomic write leaves no temporary file"


def test_export_excel_and_raw(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("@SUM(1+1)\n\nBody text.", encoding="utf-8")
    labels = tmp_path / "labels"
    labels.mkdir()
    base = ["export", "--corpus", str(corpus), "--labels", str(labels), "-o"]
    assert cli.main([*base, str(tmp_path / "safe.csv"), "--excel"]) == 0
    safe = (tmp_path / "safe.csv").read_bytes()
    assert safe.startswith(b"\xef\xbb\xbfid,") and b",'@SUM(1+1)," in safe
    assert cli.main([*base, str(tmp_path / "raw.csv"), "--raw"]) == 0
    raw = (tmp_path / "raw.csv").read_bytes()
    assert raw.startswith(b"id,") and b",@SUM(1+1)," in raw


def test_export_missing_labels_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing, out = tmp_path / "no-labels", tmp_path / "r.csv"
    assert cli.main(["export", "--corpus", str(SEEDS), "--labels", str(missing), "-o", str(out)]) == 1
    assert f"annotate: error: {missing}: no such labels folder" in capsys.readouterr().err
    assert not out.exists()


def test_export_unknown_codebook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.csv"
    args = ["export", "--corpus", str(SEEDS), "--labels", str(DEMO), "--codebook", "nope-frames",
            "-o", str(out)]
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert "annotate: error: nope-frames: no such codebook file" in err and "policy-frames" in err
    assert not out.exists()


def test_export_missing_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["export", "--corpus", str(tmp_path / "none"), "--labels", str(DEMO),
            "-o", str(tmp_path / "r.csv")]
    assert cli.main(args) == 1
    assert f"annotate: error: {tmp_path / 'none'}: no such file or folder" in capsys.readouterr().err


def test_agreement_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["agreement", str(DEMO), "--codebook", "policy-frames"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Agreement per field (policy-frames, 3 reviewers, 5 articles)\n")
    header = out.splitlines()[1].split()
    assert header == ["field", "level", "items", "reviewers", "percent_agreement", "alpha"]
    # primary_frame: 6 of 11 pairs agree (000: 1/3, 001: 3/3, 002: 0/1, 003: 1/3, 004: 1/1)
    assert re.search(r"^ +primary_frame nominal +5 +3 +0\.545 +-?\d\.\d{3}$", out, re.M)
    assert re.search(r"^ +source_quality ordinal +5 +3 +\d\.\d{3} +-?\d\.\d{3}$", out, re.M)
    assert "secondary_frames (mean)" in out and "secondary_frames=Security and defense" in out
    assert "Cohen's kappa per pair of reviewers" in out
    assert re.search(r"^ *primary_frame +none +r1 +r2 +4 +-?\d\.\d{3}$", out, re.M)
    assert re.search(r"^ *source_quality +quadratic +r1 +r2 +\d +-?\d\.\d{3}$", out, re.M)
    assert "-0.000" not in out
    assert "notes" not in out, "text fields have no agreement"


def test_agreement_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["agreement", str(tmp_path / "gone")]) == 1
    assert f"annotate: error: {tmp_path / 'gone'}: no such labels folder" in capsys.readouterr().err
    assert cli.main(["agreement", str(DEMO), "--codebook", "nope-frames"]) == 1
    assert "annotate: error: nope-frames: no such codebook file" in capsys.readouterr().err
    assert cli.main(["agreement", str(tmp_path)]) == 1
    assert f"annotate: error: {tmp_path / 'policy-frames'}: no labels for codebook policy-frames" \
        in capsys.readouterr().err


def _corpus_with_bad_files(tmp_path: Path, n_bad: int = 3) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Budget talks\n\nThe council cut taxes.", encoding="utf-8")
    (corpus / "calm.txt").write_text("Weather\n\nIt rained on Tuesday.", encoding="utf-8")
    for i in range(n_bad):
        (corpus / f"bad{i:02d}.txt").write_bytes(b"Caf\xe9")
    return corpus


def _label(labels: Path, corpus: Path, codebook: str, *reviewers: str) -> None:
    """Each reviewer labels every article, with the same values."""
    from annotate import LabelStore, load_corpus

    values = {"primary_frame": "Economic"} if codebook == "policy-frames" else {
        "dominant_frame": "None", **dict.fromkeys(("responsibility", "human_interest", "conflict", "morality",
                                                   "economic_consequences"), "0")}
    for article in load_corpus(corpus):
        for reviewer in reviewers:
            LabelStore(labels, codebook, reviewer).save(article, values)


def test_export_names_the_records_it_could_not_read_and_exits_1(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    corpus, labels, out = _corpus_with_bad_files(tmp_path), tmp_path / "labels", tmp_path / "r.csv"
    with pytest.warns(UserWarning):
        _label(labels, corpus, "policy-frames", "r1", "r2")
    assert cli.main(["export", "--corpus", str(corpus), "--labels", str(labels), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    for i in range(3):  # in the words `annotate score` uses, and with its exit status
        assert f"annotate: failed: {corpus / f'bad{i:02d}.txt'}: not valid UTF-8 (byte 3" in err
    assert err.endswith(f"exported 2 articles -> {out}; 3 corpus records failed (left out)\n"), err
    assert list(pd.read_csv(out)["id"]) == ["calm", "good"]  # the report is still written


def test_export_of_a_jsonl_corpus_names_each_bad_record_the_first_ones_only(tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    from annotate.cli.common import PROBLEMS_SHOWN

    corpus = tmp_path / "c.jsonl"
    lines = ['{"id": "a", "text": "Taxes rose."}', '{"id": "a", "text": "Again."}', '{"id": "b"}', "{oops"]
    corpus.write_text("\n".join(lines + ["{bad"] * PROBLEMS_SHOWN) + "\n", encoding="utf-8")
    (tmp_path / "labels").mkdir()
    assert cli.main(["export", "--corpus", str(corpus), "--labels", str(tmp_path / "labels"),
                     "-o", str(tmp_path / "r.csv")]) == 1
    err = capsys.readouterr().err
    assert f"annotate: failed: {corpus}:2: id 'a' repeats an earlier record's id" in err
    assert f"{corpus}:3: missing or empty 'text'" in err and f"{corpus}:4: not valid JSON" in err
    assert err.count("annotate: failed: ") == PROBLEMS_SHOWN + 1
    assert "annotate: failed: ... and 3 more corpus records could not be read" in err
    assert "exported 1 article -> " in err and "23 corpus records failed" in err


def test_agreement_with_a_corpus_names_its_bad_records_and_exits_1(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    corpus, labels = _corpus_with_bad_files(tmp_path, 1), tmp_path / "labels"
    with pytest.warns(UserWarning):
        _label(labels, corpus, "policy-frames", "r1", "r2")
    assert cli.main(["agreement", str(labels), "--corpus", str(corpus)]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("Agreement per field (policy-frames, 2 reviewers, 2 articles)")
    assert f"annotate: failed: {corpus / 'bad00.txt'}: not valid UTF-8" in err
    assert "1 corpus record could not be read" in err


def test_export_with_labels_of_another_codebook_only_is_an_error(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    corpus, labels, out = _corpus_with_bad_files(tmp_path, 0), tmp_path / "labels", tmp_path / "r.csv"
    _label(labels, corpus, "generic-frames", "r1")
    assert cli.main(["export", "--corpus", str(corpus), "--labels", str(labels), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert (f"annotate: error: {labels / 'policy-frames'}: no labels for codebook policy-frames (the default); it has "
            "labels for generic-frames: pass --codebook with one of them" in err), err
    assert "e.g. --codebook generic-frames" in err and not out.exists()
    assert cli.main(["agreement", str(labels)]) == 1
    assert "it has labels for generic-frames" in capsys.readouterr().err
    assert cli.main(["export", "--corpus", str(corpus), "--labels", str(labels), "--codebook", "generic-frames",
                     "-o", str(out)]) == 0


def test_export_before_anyone_labelled_warns_that_every_article_is_unlabelled(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus, labels, out = _corpus_with_bad_files(tmp_path, 0), tmp_path / "labels", tmp_path / "r.csv"
    labels.mkdir()
    assert cli.main(["export", "--corpus", str(corpus), "--labels", str(labels), "--codebook", "policy-frames",
                     "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert (f"annotate: warning: {labels / 'policy-frames'}: no labels for codebook policy-frames yet: every article "
            "is exported unlabelled" in err), err
    assert set(pd.read_csv(out)["primary_frame_reason"]) == {"unlabelled"}


def test_a_codebook_folder_or_the_corpus_given_as_labels_is_an_error(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """One level too deep ("--labels labels/policy-frames"), the export wrote every article unlabelled and
    exited 0; the corpus given as labels did the same."""
    corpus, labels, out = _corpus_with_bad_files(tmp_path, 0), tmp_path / "labels", tmp_path / "r.csv"
    for reviewer in ("ed1", "ed2"):
        _label(labels, corpus, "policy-frames", reviewer)
    deep = labels / "policy-frames"
    assert cli.main(["export", "--corpus", str(corpus), "--labels", str(deep), "-o", str(out)]) == 1
    assert (f"annotate: error: {deep}: holds label files itself (ed1.csv, ed2.csv), so it is a codebook's folder: "
            f"give the labels folder above it, {labels}" in capsys.readouterr().err) and not out.exists()
    assert cli.main(["agreement", str(deep)]) == 1
    assert "holds label files itself" in capsys.readouterr().err
    assert cli.main(["export", "--corpus", str(corpus), "--labels", str(corpus), "-o", str(out)]) == 1
    assert f"annotate: error: {corpus}: holds articles, not labels" in capsys.readouterr().err
    (deep / "notes.csv").write_text("who,what\nme,a list\n", encoding="utf-8")  # another CSV is no label file
    assert cli.main(["export", "--corpus", str(corpus), "--labels", str(labels), "-o", str(out)]) == 0


@pytest.mark.parametrize("command", ["export", "agreement"])
def test_help_names_the_default_codebook(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main([command, "--help"])
    assert "(default:policy-frames)" in re.sub(r"\s+", "", capsys.readouterr().out)  # however it wraps


def test_agreement_needs_two_reviewers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from annotate import Article, LabelStore

    corpus, labels = _corpus_with_bad_files(tmp_path, 0), tmp_path / "labels"
    _label(labels, corpus, "policy-frames", "ana")
    LabelStore(labels, "policy-frames", "lead").save(Article.from_text("Other.", "good"), {"primary_frame": "Economic"},
                                                     action="adjudicate")
    assert cli.main(["agreement", str(labels)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert (f"annotate: error: {labels / 'policy-frames'}: agreement needs labels from 2 reviewers or more, and "
            "1 reviewer gave labels (ana.csv: 2 labels; lead.csv: 0 labels; gold labels, skips and withdrawn labels "
            "do not count)" in err), err
