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
    assert re.search(r"^primary_frame +r1 +r2 +4 +-?\d\.\d{3}$", out, re.M)
    assert "notes" not in out, "text fields have no agreement"


def test_agreement_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["agreement", str(tmp_path / "gone")]) == 1
    assert f"annotate: error: {tmp_path / 'gone'}: no such labels folder" in capsys.readouterr().err
    assert cli.main(["agreement", str(DEMO), "--codebook", "nope-frames"]) == 1
    assert "annotate: error: nope-frames: no such codebook file" in capsys.readouterr().err
    assert cli.main(["agreement", str(tmp_path)]) == 1
    assert f"annotate: error: {tmp_path / 'policy-frames'}: no labels for codebook policy-frames" \
        in capsys.readouterr().err
