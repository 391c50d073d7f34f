"""Scoring on a real Dask cluster (LocalCluster, two worker processes): the single-process results, exactly."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from annotate import score_corpus
from annotate.cli import commands as cli
from annotate.scoring.batch import warm_up
from benchmarks.synth import write_corpus

#: About the size the issue asks for: enough partitions and chunks that order and merging are exercised.
ARTICLES = 2_000


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("cluster") / "c.jsonl", ARTICLES)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.run(warm_up)
        yield client


@pytest.fixture(scope="module")
def single(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    out = tmp_path_factory.mktemp("single")
    assert cli.main(["score", str(corpus), "-o", str(out / "s.csv"), "--findings", str(out / "f.csv"),
                     "--jobs", "1", "--no-progress"]) == 0
    return (out / "s.csv").read_bytes(), (out / "f.csv").read_bytes()


def test_the_dask_engine_on_a_running_cluster_gives_the_same_bytes(corpus: Path, client: Any, tmp_path: Path,
                                                                    single: tuple[bytes, bytes]) -> None:
    address = client.scheduler.address
    before = client.run(lambda dask_worker: dask_worker.state.executed_count)
    assert cli.main(["score", str(corpus), "-o", str(tmp_path / "s.csv"), "--findings", str(tmp_path / "f.csv"),
                     "--engine", "dask", "--scheduler", address, "--no-progress"]) == 0
    assert ((tmp_path / "s.csv").read_bytes(), (tmp_path / "f.csv").read_bytes()) == single
    # The work really ran on the cluster's workers: each of them ran scoring tasks.
    after = client.run(lambda dask_worker: dask_worker.state.executed_count)
    assert len(after) == 2 and all(after[w] > before[w] for w in after), (before, after)


def test_score_corpus_takes_a_dask_dataframe_and_stays_lazy(corpus: Path, client: Any,
                                                           single: tuple[bytes, bytes]) -> None:
    import dask.dataframe as dd

    texts = dd.read_json(corpus, lines=True, blocksize=1_500_000)  # the workers read their own partitions
    lazy = score_corpus(texts)
    assert isinstance(lazy, dd.DataFrame) and lazy.npartitions == texts.npartitions > 1
    scored = lazy.compute().sort_values("id").reset_index(drop=True)
    expected = pd.read_csv(pd.io.common.BytesIO(single[0])).sort_values("id").reset_index(drop=True)
    pd.testing.assert_frame_equal(scored, expected, check_exact=True)


def test_bad_records_on_the_cluster_are_told_as_a_local_run_tells_them(client: Any, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str],
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from annotate.corpus import ranges

    lines = []
    for i in range(600):  # several ranges (their size is lowered below), with a fault every so often
        lines.append(json.dumps({"id": f"a{i}" if i % 7 else None, "text": f"Report {i}. It may rain."})
                     if i % 50 != 3 else ("{oops" if i % 100 == 3 else json.dumps({"id": "a1", "text": "Again."})))
    path = tmp_path / "c.jsonl"
    # ... and a byte that is not UTF-8, and a no-break-space line that every reader takes as blank.
    path.write_bytes(("\n".join(lines) + "\n").encode() + b'{"text": "Caf\xe9"}\n\xc2\xa0\n{"text": "Last."}\n\n')
    monkeypatch.setattr(ranges, "RANGE_BYTES", 2_000)  # many ranges, each read by a worker
    assert len(ranges.line_ranges(path)) > 10
    outputs = []
    for engine in (["--jobs", "1"], ["--engine", "dask", "--scheduler", client.scheduler.address]):
        out = tmp_path / f"s{len(outputs)}.csv"
        code = cli.main(["score", str(path), "-o", str(out), "--no-progress", *engine])
        outputs.append((code, out.read_bytes(), capsys.readouterr().err.replace(str(out), "OUT")))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 1 and f"{path}:4: not valid JSON" in outputs[0][2] and "repeats" in outputs[0][2]
    assert f"{path}:601: not valid UTF-8" in outputs[0][2] and b"\nc-602," in outputs[0][1]  # blank: no record


def test_workers_elsewhere_get_the_whole_path_and_refuse_another_file(corpus: Path, client: Any, tmp_path: Path,
                                                                     single: tuple[bytes, bytes],
                                                                     capsys: pytest.CaptureFixture[str],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from annotate.scoring import cluster

    # Workers that run in another folder (as on another machine) still find the file given by a relative path.
    monkeypatch.chdir(corpus.parent)
    worker_dirs = client.run(os.getcwd)
    client.run(os.chdir, "/")
    try:
        assert cli.main(["score", corpus.name, "-o", str(tmp_path / "s.csv"), "--engine", "dask",
                         "--scheduler", client.scheduler.address, "--no-progress"]) == 0
        assert (tmp_path / "s.csv").read_bytes() == single[0]
        # A worker that sees a different file at that path says so instead of scoring it.
        monkeypatch.setattr(cluster, "file_stamp", lambda path: "1:not-this-file")
        assert cli.main(["score", corpus.name, "-o", str(tmp_path / "t.csv"), "--engine", "dask",
                         "--scheduler", client.scheduler.address, "--no-progress"]) == 1
        assert "not the file that was cut into ranges" in capsys.readouterr().err
        assert not (tmp_path / "t.csv").exists()
    finally:
        for worker, folder in worker_dirs.items():
            client.run(os.chdir, folder, workers=[worker])


def test_a_dask_dataframe_is_read_as_records_are_and_bad_rows_fail_alone(client: Any) -> None:
    import dask.dataframe as dd

    from annotate import Article, score_text

    rows = pd.DataFrame({"id": ["a", " b ", None, "d", "e"], "title": [None, "B", "C", float("nan"), "E"],
                         "text": ["Line one.\r\nTwo.", "Courts ruled.", "No id.", "  ", "It may rain."]})
    frame = dd.from_pandas(rows, npartitions=2)
    with pytest.raises(ValueError, match=r"cannot score the row with id .* of its partition\): missing"):
        score_corpus(frame).compute()
    scored = score_corpus(frame, on_error="skip").compute()
    assert list(scored["id"]) == ["a", "b", "e"]  # stripped as a JSONL id is; no id, no text: left out
    assert list(scored["title"]) == ["Line one.", "B", "E"]
    # CRLF is read as "\n", as every corpus reader reads it, so the sha256 and offsets agree with a local run.
    assert scored["sha256"].iloc[0] == Article.from_text("Line one.\nTwo.", "a").sha256
    assert scored["n_hedges"].iloc[2] == score_text("It may rain.").n_hedges
    # Without an id column, the index gives the ids only when its divisions are known: the index of a frame
    # read with read_json or read_csv restarts in each partition and would repeat ids.
    with pytest.raises(ValueError, match="needs an 'id' column, or an index set with set_index"):
        score_corpus(frame.drop(columns="id").clear_divisions())
    indexed = dd.from_pandas(rows.dropna(subset=["id"]).assign(id=["a", "b", "d", "e"]).set_index("id"),
                             npartitions=2)
    assert list(score_corpus(indexed, on_error="skip").compute()["id"]) == ["a", "b", "e"]
    with pytest.raises(TypeError, match="takes a Dask DataFrame, not a Bag"):
        import dask.bag as db

        score_corpus(db.from_sequence(["x"]))


def test_without_a_scheduler_the_engine_starts_its_own_cluster(tmp_path: Path) -> None:
    import dask

    from annotate.scoring.cluster import dask_client

    small = write_corpus(tmp_path / "small.jsonl", 60)
    outputs = []
    for engine in (["--jobs", "1"], ["--engine", "dask", "--jobs", "2"]):  # a LocalCluster of 2 workers
        out = tmp_path / f"s{len(outputs)}.csv"
        assert cli.main(["score", str(small), "-o", str(out), "--no-progress", *engine]) == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    # Its workers run without Dask's statistical profiler, which takes the GIL from the scoring every 10 ms.
    with dask_client(workers=1) as client:
        assert list(client.run(lambda: dask.config.get("distributed.worker.profile.enabled")).values()) == [False]


def test_an_archive_in_shards_is_read_by_the_workers_as_a_local_run_reads_it(client: Any, tmp_path: Path,
                                                                            capsys: pytest.CaptureFixture[str],
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip
    import json

    from annotate.corpus import ranges

    archive = tmp_path / "archive"
    archive.mkdir()
    lines = [json.dumps({"text": f"Story {i}. Officials may act."}) for i in range(300)]
    lines[7], lines[250] = "{oops", json.dumps({"id": "p2", "text": "Repeats the Parquet shard's id."})
    (archive / "a-2024.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pd.DataFrame({"id": ["p1", "p2"], "text": ["From Parquet.", "Also."]}).to_parquet(archive / "0-part.parquet")
    (archive / "b.csv").write_bytes(b'id,text\nc1,Fine.\nc2,"Caf\xe9"\n,No id in a CSV.\n')
    with gzip.open(archive / "c.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write('{"text": "Zipped."}\n{"id": "c1", "text": "Repeats the CSV id."}\n')
    # Shards that cannot be read fail alone: one with no text column, one cut short after its first records.
    (archive / "d-notes.csv").write_text("id,body\nn1,no text column\n", encoding="utf-8")
    whole = gzip.compress(b"".join(b'{"id": "e%d", "text": "Report %d."}\n' % (i, i) for i in range(3_000)))
    (archive / "e.jsonl.gz").write_bytes(whole[:len(whole) // 2])
    monkeypatch.setattr(ranges, "RANGE_BYTES", 2_000)  # the JSONL shard in several ranges
    outputs = []
    for engine in (["--jobs", "1"], ["--engine", "dask", "--scheduler", client.scheduler.address]):
        out, found = tmp_path / f"s{len(outputs)}.csv", tmp_path / f"f{len(outputs)}.csv"
        code = cli.main(["score", str(archive), "-o", str(out), "--findings", str(found), "--no-progress", *engine])
        err = capsys.readouterr().err.replace(str(out), "OUT").replace(str(found), "FOUND")
        outputs.append((code, out.read_bytes(), found.read_bytes(), err))
    assert outputs[0] == outputs[1]
    code, scores, _, err = outputs[0]
    assert code == 1 and scores.count(b"\n") > 1 + 2 + 298 + 2 + 1 + 100  # header, parquet, jsonl, csv, gz, cut gz
    assert f"annotate: failed: {archive / 'd-notes.csv'}: a CSV corpus needs a 'text' column" in err
    assert f"annotate: failed: {archive / 'e.jsonl.gz'}: not a readable gzip file" in err
    assert f"{archive / 'a-2024.jsonl'}:8: not valid JSON" in err
    assert f"{archive / 'a-2024.jsonl'}:251: id 'p2' repeats" in err
    assert f"{archive / 'b.csv'}:3: not valid UTF-8" in err and f"{archive / 'c.jsonl.gz'}:2: id 'c1' repeats" in err
    assert b"\nb-3," in scores and b"\nc-1," in scores  # default ids name their shard
