"""The annotate CLI: scores a corpus to CSV, and a broken file fails alone with exit code 1."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from annotate.cli import commands as cli
from annotate.scoring import batch
from annotate.scoring.article import NUMBER_FIELDS
from tests.conftest import SEEDS


def test_score_seeds_to_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, found = tmp_path / "scores.csv", tmp_path / "findings.csv"
    assert cli.main(["score", str(SEEDS), "-o", str(out), "--findings", str(found)]) == 0
    scores = pd.read_csv(out)
    assert list(scores.columns) == ["id", "title", "sha256", *NUMBER_FIELDS]
    assert len(scores) == 5
    findings = pd.read_csv(found)
    assert list(findings.columns) == ["article_id", "kind", "start", "end", "text", "detail"]
    assert set(findings["article_id"]) <= set(scores["id"])
    assert "scored 5 articles" in capsys.readouterr().err
    assert not list(tmp_path.glob(".*.tmp")), "temporary files must not be left behind"


def test_unreadable_file_is_named_and_the_rest_scored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "broken.txt").write_bytes(b"\xff\xfe\x00garbage \xc3\x28")
    out = tmp_path / "scores.csv"
    assert cli.main(["score", str(corpus), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"annotate: failed: {corpus / 'broken.txt'}: not valid UTF-8" in err
    assert len(pd.read_csv(out)) == 5


def test_scoring_failure_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("A calm report.", encoding="utf-8")
    (corpus / "poison.txt").write_text("POISON", encoding="utf-8")
    real = batch.score_text

    def fragile(text: str):  # type: ignore[no-untyped-def]
        if text == "POISON":
            raise ValueError("scorer exploded")
        return real(text)

    monkeypatch.setattr(batch, "score_text", fragile)  # a small corpus is scored in this process
    out = tmp_path / "s.csv"
    assert cli.main(["score", str(corpus), "-o", str(out)]) == 1
    assert f"{corpus / 'poison.txt'}: ValueError: scorer exploded" in capsys.readouterr().err
    assert list(pd.read_csv(out)["id"]) == ["good"]


def test_missing_corpus_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["score", str(tmp_path / "nope"), "-o", str(tmp_path / "x.csv")]) == 1
    assert "no such file or folder" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_console_script_is_installed(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("annotate")
    assert exe.exists(), "pip install -e . should install the annotate console script"
    result = subprocess.run([str(exe), "score", str(SEEDS), "-o", str(tmp_path / "s.csv"), "--no-progress"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "s.csv").read_text(encoding="utf-8").startswith("id,title,sha256,n_words")


def test_counts_are_in_the_singular_for_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "A B.txt").write_text("One calm report.", encoding="utf-8")
    (corpus / "a-b.txt").write_text("Another calm report.", encoding="utf-8")
    assert cli.main(["score", str(corpus), "-o", str(tmp_path / "s.csv"), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert f"annotate: failed: {corpus / 'a-b.txt'}: id 'a-b' repeats the id of A B.txt (ids come from file " \
           "names: rename one of the two files)" in err
    assert f"scored 1 article -> {tmp_path / 's.csv'}; 1 failed" in err


def test_a_bad_number_of_jobs_says_what_it_must_be(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for value, says in (("abc", "invalid positive integer: 'abc'"), ("-2", "invalid positive integer: '-2'")):
        with pytest.raises(SystemExit):
            cli.main(["score", str(SEEDS), "-o", str(tmp_path / "s.csv"), "-j", value])
        err = capsys.readouterr().err
        assert f"argument -j/--jobs: {says}" in err and "_positive" not in err, err


@pytest.mark.parametrize("argv", [["agreement", "labels/demo"], ["--help"], ["app", "--dry-run"]])
def test_a_reader_that_stops_early_ends_the_command_quietly(argv: list[str]) -> None:
    """`annotate agreement ... | head -3`: no traceback, and the status a tool killed by SIGPIPE would have."""
    from annotate.cli.common import BROKEN_PIPE_EXIT

    proc = subprocess.Popen([sys.executable, "-m", "annotate.cli", *argv], cwd=SEEDS.parent,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before anything is written
    err = proc.stderr.read().decode()
    # argparse's --help swallows the failed write itself (and exits 0); every command's own output reports it.
    assert proc.wait(timeout=120) == (0 if argv == ["--help"] else BROKEN_PIPE_EXIT), err
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
