"""Every command that writes a table checks where before any work: never over its input, never a false format."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from annotate.cli import commands as cli
from tests.conftest import SEEDS


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy2(path, folder / path.name)
    return folder


def _refused(argv: list[str], capsys: pytest.CaptureFixture[str], *says: str) -> None:
    assert cli.main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("annotate: error: ") and "Traceback" not in err, err
    for words in says:
        assert words in err, err


def test_score_never_writes_over_its_corpus_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.csv"
    path.write_text("id,text\na,Taxes rose.\n", encoding="utf-8")
    before = path.read_bytes()
    monkeypatch.chdir(tmp_path)
    _refused(["score", "c.csv", "-o", "c.csv"], capsys, "c.csv: -o is the corpus itself")
    _refused(["score", str(path), "-o", "./sub/../c.csv"], capsys, "is the corpus itself")
    _refused(["score", str(path), "-o", "s.csv", "--findings", str(path)], capsys, "--findings is the corpus itself")
    (tmp_path / "link.csv").symlink_to(path)
    _refused(["score", str(path), "-o", "link.csv"], capsys, "is the corpus itself")
    os.link(path, tmp_path / "hard.csv")
    _refused(["score", str(path), "-o", "hard.csv"], capsys, "is the corpus itself")
    assert path.read_bytes() == before


def test_score_never_writes_into_its_corpus_folder(corpus: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    _refused(["score", str(corpus), "-o", str(corpus / "out.csv")], capsys,
             f"{corpus / 'out.csv'}: -o lies inside the corpus folder {corpus}")
    _refused(["score", str(corpus), "-o", str(tmp_path / "s.csv"), "--findings", str(corpus / "deep" / "f.csv")],
             capsys, "--findings lies inside the corpus folder")
    (tmp_path / "alias").symlink_to(corpus)
    _refused(["score", str(tmp_path / "alias"), "-o", str(corpus / "s.parquet")], capsys, "inside the corpus folder")
    assert sorted(p.name for p in corpus.iterdir()) == sorted(p.name for p in sorted(SEEDS.glob("*.txt"))[:2])
    assert cli.main(["score", str(corpus), "-o", str(tmp_path / "s.csv"), "--no-progress"]) == 0


def test_score_refuses_a_format_it_cannot_write_and_one_file_for_two_tables(
        corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("x.xlsx", "x.json", "scores"):
        _refused(["score", str(corpus), "-o", str(tmp_path / name)], capsys, "-o takes a .csv or .parquet file")
    _refused(["score", str(corpus), "-o", str(tmp_path / "s.csv"), "--findings", str(tmp_path / "f.txt")], capsys,
             f"{tmp_path / 'f.txt'}: --findings takes a .csv or .parquet file, not a .txt file")
    _refused(["score", str(corpus), "-o", str(tmp_path / "s.csv"), "--findings", str(tmp_path / "s.csv")], capsys,
             "-o and --findings name the same file")
    assert list(tmp_path.iterdir()) == [corpus]
    assert cli.main(["score", str(corpus), "-o", str(tmp_path / "S.CSV"), "--no-progress"]) == 0


def test_export_output_errors_are_clean(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    labels = tmp_path / "labels"
    labels.mkdir()
    base = ["export", "--corpus", str(corpus), "--labels", str(labels), "-o"]
    _refused([*base, str(tmp_path)], capsys, f"{tmp_path}: is a folder, not a file to write")
    _refused([*base, str(tmp_path / "r.parquet")], capsys, "-o takes a .csv file, not a .parquet file")
    _refused([*base, str(tmp_path / "r.xlsx")], capsys, "-o takes a .csv file")
    _refused([*base, str(corpus / "r.csv")], capsys, "lies inside the corpus folder")
    _refused([*base, str(labels / "policy-frames" / "r.csv")], capsys, "lies inside the labels folder")
    (tmp_path / "file").write_text("", encoding="utf-8")
    _refused([*base, str(tmp_path / "file" / "r.csv")], capsys, "is a file, not a folder")
    table = tmp_path / "c.csv"
    table.write_text("id,text\na,Taxes rose.\n", encoding="utf-8")
    _refused(["export", "--corpus", str(table), "--labels", str(labels), "-o", str(table)], capsys,
             "-o is the corpus itself")
    assert table.read_text(encoding="utf-8") == "id,text\na,Taxes rose.\n"


def test_export_output_that_cannot_be_written_is_clean(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import annotate.csvio as csvio

    (tmp_path / "file").write_text("", encoding="utf-8")
    labels = tmp_path / "labels"
    labels.mkdir()
    base = ["export", "--corpus", str(corpus), "--labels", str(labels), "-o"]
    _refused([*base, str(tmp_path / "file" / "a" / "r.csv")], capsys,
             f"{tmp_path / 'file' / 'a' / 'r.csv'}: cannot be written: {tmp_path / 'file'} is a file, not a folder")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(csvio.tempfile, "mkstemp", denied)  # a read-only folder (tests may run as root)
    assert cli.main([*base, str(tmp_path / "r.csv")]) == 1
    assert f"annotate: error: {tmp_path / 'r.csv'}: cannot be written (Permission denied)" in capsys.readouterr().err


def test_a_folder_made_for_an_output_is_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Output folders are made as needed (notebook 03 writes ../build/report.csv); a mistyped one was made
    without a word. Now the run says so, and says nothing when the folder was there."""
    out = tmp_path / "bulid" / "scores.csv"
    assert cli.main(["score", str(SEEDS), "-o", str(out)]) == 0
    assert capsys.readouterr().err.strip().endswith(f"; made the folder {out.parent}")
    assert cli.main(["score", str(SEEDS), "-o", str(out.with_name("again.csv"))]) == 0
    assert "made the folder" not in capsys.readouterr().err
    report = tmp_path / "reports" / "r.csv"
    assert cli.main(["export", "--corpus", str(SEEDS), "--labels", str(SEEDS.parent / "labels" / "demo"),
                     "-o", str(report)]) == 0
    assert capsys.readouterr().err.strip().endswith(f"; made the folder {report.parent}")
