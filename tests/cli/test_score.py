"""`annotate score` as a stream: any format in, CSV or Parquet out, on one process or several, same bytes."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd
import pytest

from annotate.cli import commands as cli
from annotate.scoring.article import NUMBER_FIELDS
from benchmarks.synth import write_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("score") / "c.jsonl", 300)


def score(*args: str) -> int:
    return cli.main(["score", *args, "--no-progress"])


def test_jobs_give_the_same_bytes_in_input_order(corpus: Path, tmp_path: Path) -> None:
    outputs = {}
    for jobs in ("1", "2", "1"):
        out, found = tmp_path / f"s{jobs}.csv", tmp_path / f"f{jobs}.csv"
        assert score(str(corpus), "-o", str(out), "--findings", str(found), "--jobs", jobs) == 0
        outputs.setdefault(jobs, []).append((out.read_bytes(), found.read_bytes()))
    assert outputs["1"][0] == outputs["1"][1] == outputs["2"][0]  # and a re-run gives the same bytes
    frame = pd.read_csv(tmp_path / "s1.csv")
    assert list(frame["id"]) == [f"synth-{i:07d}" for i in range(300)]
    assert list(frame.columns) == ["id", "title", "sha256", *NUMBER_FIELDS]


def test_parquet_out_holds_the_csv_values(corpus: Path, tmp_path: Path) -> None:
    assert score(str(corpus), "-o", str(tmp_path / "s.csv"), "--findings", str(tmp_path / "f.parquet")) == 0
    assert score(str(corpus), "-o", str(tmp_path / "s.parquet")) == 0
    from_csv, from_parquet = pd.read_csv(tmp_path / "s.csv"), pd.read_parquet(tmp_path / "s.parquet")
    pd.testing.assert_frame_equal(from_csv, from_parquet)
    assert from_parquet["n_words"].dtype == "int64" and from_parquet["quote_share"].dtype == "float64"
    assert len(pd.read_parquet(tmp_path / "f.parquet")) > 300


def test_bad_records_fail_alone_and_are_told_with_their_line(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "a", "text": "Taxes rose."}\n{oops\n{"id": "b", "text": ""}\n'
                    '{"id": "c", "text": "Courts ruled."}\n', encoding="utf-8")
    assert score(str(path), "-o", str(tmp_path / "s.csv")) == 1
    err = capsys.readouterr().err
    assert f"annotate: failed: {path}:2: not valid JSON" in err and f"{path}:3: missing or empty 'text'" in err
    assert "scored 2 articles" in err and "2 failed" in err
    assert list(pd.read_csv(tmp_path / "s.csv")["id"]) == ["a", "c"]


def test_a_run_that_breaks_leaves_no_output_and_keeps_the_old_one(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.csv"
    out.write_text("yesterday's scores\n", encoding="utf-8")
    path = tmp_path / "c.jsonl.gz"  # cut short: its first records read, then the file ends mid-stream
    whole = gzip.compress(b"".join(b'{"id": "%d", "text": "Fine %d."}\n' % (i, i) for i in range(5_000)))
    path.write_bytes(whole[:len(whole) // 2])
    assert score(str(path), "-o", str(out), "--findings", str(tmp_path / "f.csv")) == 1
    assert "not a readable gzip file" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "yesterday's scores\n"
    assert not (tmp_path / "f.csv").exists() and [p.name for p in tmp_path.iterdir() if ".tmp" in p.name] == []


def test_nothing_readable_is_an_error_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"title": "no text"}) + "\n", encoding="utf-8")
    assert score(str(path), "-o", str(tmp_path / "s.csv")) == 1
    assert "no article could be loaded" in capsys.readouterr().err and not (tmp_path / "s.csv").exists()


def test_the_progress_bar_estimates_the_total_of_a_jsonl_corpus(corpus: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["score", str(corpus), "-o", str(tmp_path / "s.csv"), "--progress"]) == 0
    err = capsys.readouterr().err
    # JSONL gives no count up front: the total is estimated from the bytes read (so there is an ETA), and
    # says so with "≈"; at the end it is the count.
    assert "scoring ≈" in err and "300/300" in err and "article/s" in err


def test_bad_options_are_refused(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["score", str(corpus), "-o", str(tmp_path / "s.csv"), "--jobs", "0"])
    assert "must be 1 or more" in capsys.readouterr().err
    assert cli.main(["score", str(corpus), "-o", str(tmp_path / "s.csv"), "--scheduler", "tcp://x:1"]) == 2


def test_outputs_appear_together_with_a_new_files_permissions(corpus: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    import os
    import stat

    (tmp_path / "taken").mkdir()
    assert score(str(corpus), "-o", str(tmp_path / "s.csv"), "--findings", str(tmp_path / "taken")) == 1
    assert "is a folder" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]  # no scores without their findings, no temp
    assert score(str(corpus), "-o", str(tmp_path / "s.csv")) == 0
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE((tmp_path / "s.csv").stat().st_mode) == 0o666 & ~mask


def test_a_damaged_or_tiny_gzip_is_named_in_the_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    whole = gzip.compress(b"".join(b'{"id": "%d", "text": "Report %d."}\n' % (i, i) for i in range(2_000)))
    damaged = whole[:40] + bytes(b ^ 0xFF for b in whole[40:60]) + whole[60:]
    for name, data in (("empty.jsonl.gz", b""), ("two.jsonl.gz", b"ab"), ("damaged.jsonl.gz", damaged)):
        (tmp_path / name).write_bytes(data)
        assert score(str(tmp_path / name), "-o", str(tmp_path / "s.csv")) == 1
        err = capsys.readouterr().err
        assert f"{tmp_path / name}: not a readable gzip file" in err or "no article could be loaded" in err, err
        assert "Traceback" not in err and not (tmp_path / "s.csv").exists()
