"""Corpus loading: a bad byte spoils one record (named by its true offset), skipped files are named, size is bounded."""
from __future__ import annotations

import csv
import gzip
import io
import json
import os
import signal
import subprocess
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.corpus import CorpusError, IndexedCorpus, iter_corpus, load_corpus, open_corpus
from annotate.corpus.ranges import RangeNumbering
from annotate.limits import MAX_ARTICLE_CHARS

#: Good records around the bad one: the issue's figure (a bad byte lost 2,000 good records).
N_GOOD = 2_000
#: Where the deep bad byte goes: past the first chunk of any decoder or buffer (8 KB to 1 MB).
DEEP = 5_000_000
#: The single-record files whose reading must not hold them whole: 50 MB, as in the issue.
BIG_BYTES = 50_000_000
#: What reading such a file may add to a fresh process's peak memory. Bounded reading holds at most a record's
#: limit (13 MB for JSONL, 9 MB for CSV, nothing for a .txt refused by its size); reading whole holds the file
#: at least twice (bytes and text): 100 MB or more.
BIG_EXTRA_RSS_MB = 35
BAD_BYTE = b"\xe9"
BAD_E9 = repr(BAD_BYTE)
#: Longest wait for a reader that must not open a FIFO: opening one for reading waits for a writer forever.
HANG_S = 10


def jsonl_lines(n: int, bad_at: int | None = None) -> list[bytes]:
    lines = [json.dumps({"id": f"a{i}", "text": f"Article {i}. Some text here."}).encode() + b"\n" for i in range(n)]
    if bad_at is not None:
        lines[bad_at] = lines[bad_at].replace(b"Some", b"S\xffme")
    return lines


def problems_of(path: Path) -> tuple[int, list[str]]:
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        corpus = load_corpus(path)
    assert sorted(str(w.message) for w in warned) == sorted(f"skipped {p}" for p in corpus.problems)
    return len(corpus), [str(p) for p in corpus.problems]


def test_a_bad_byte_spoils_only_its_record_with_line_and_true_offset(tmp_path: Path) -> None:
    data = b"".join(jsonl_lines(N_GOOD + 1, bad_at=1000))
    offset = data.index(b"\xff")
    (tmp_path / "c.jsonl").write_bytes(data)
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress(data))
    rows = [b"id,text\n"] + [f"a{i},Article {i}. Some text here.\n".encode() for i in range(N_GOOD + 1)]
    rows[1001] = rows[1001].replace(b"Some", b"S\xffme")
    csv_data = b"".join(rows)
    (tmp_path / "c.csv").write_bytes(csv_data)
    bad = r"b'\xff'"
    assert problems_of(tmp_path / "c.jsonl") == (
        N_GOOD, [f"{tmp_path / 'c.jsonl'}:1001: not valid UTF-8 (byte {offset:,} of the file is {bad})"])
    gz = tmp_path / "c.jsonl.gz"
    assert problems_of(gz) == (N_GOOD, [
        f"{gz}:1001: not valid UTF-8 (byte {offset:,} of the uncompressed file is {bad})"])
    at = csv_data.index(b"\xff")
    assert problems_of(tmp_path / "c.csv") == (N_GOOD, [
        f"{tmp_path / 'c.csv'}:1002: not valid UTF-8 (byte {at:,} of the file is {bad}, in the 'text' column)"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing to say when opened: the bad byte is met when its article is shown
        indexed = IndexedCorpus(tmp_path / "c.jsonl")
    assert len(indexed) == N_GOOD + 1
    assert indexed[1000].problem == f"not valid UTF-8 (byte {offset:,} of the file is {bad})"
    stream = iter_corpus(tmp_path / "c.csv", warn=False)
    assert sum(1 for _ in stream) == N_GOOD and stream.n_problems == 1


def test_offsets_stay_true_deep_in_a_large_file_and_rows_are_named_by_their_first_line(tmp_path: Path) -> None:
    # Rows of a line and lines of a kilobyte: 5,000 records past the first 5 MB, so the test stays quick.
    filler = "word " * 200
    head = b"id,text\n" + b"".join(f'r{i},"{filler}"\n'.encode() for i in range(DEEP // 1000))
    csv_data = head + b'bad,"Two lines:\nCaf\xe9."\n' + b'after,"Read."\n'
    (tmp_path / "c.csv").write_bytes(csv_data)
    stream = iter_corpus(tmp_path / "c.csv", warn=False)
    assert [a.id for a in stream][-1] == "after"
    row, at = head.count(b"\n") + 1, csv_data.index(b"\xe9")
    assert at > DEEP and [str(p) for p in stream.problems] == [
        f"{tmp_path / 'c.csv'}:{row}: not valid UTF-8 (byte {at:,} of the file is {BAD_E9}, in the 'text' column)"]
    lines = DEEP // 1000 + 1
    jsonl = f'{{"text": "{filler}"}}\n'.encode() * lines + b'{"text": "Caf\xe9"}\n{"text": "After."}\n'
    for name, payload in (("d.jsonl", jsonl), ("d.jsonl.gz", gzip.compress(jsonl))):
        (tmp_path / name).write_bytes(payload)
        stream = iter_corpus(tmp_path / name, warn=False)
        assert sum(1 for _ in stream) == lines + 1
        (problem,) = stream.problems
        at = jsonl.index(b"\xe9")
        assert at > DEEP and problem.where.endswith(f"{name}:{lines + 1}")
        assert f"(byte {at:,} of the" in problem.message
    bom = b"\xef\xbb\xbfTitle\nSome caf\xe9 text.\n"
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "bom.txt").write_bytes(bom)
    (tmp_path / "texts" / "ok.txt").write_text("Fine.", encoding="utf-8")
    stream = iter_corpus(tmp_path / "texts", warn=False)
    assert [a.id for a in stream] == ["ok"]
    assert [p.message for p in stream.problems] == [
        f"not valid UTF-8 (byte {bom.index(BAD_BYTE)} of the file is {BAD_E9}); it may be Latin-1 or Windows-1252: "
        "convert it to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8 FILE > NEW"]


def test_a_gzip_cut_short_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    packed = gzip.compress(b"".join(jsonl_lines(N_GOOD)))
    path = tmp_path / "c.jsonl.gz"
    path.write_bytes(packed[: len(packed) * 3 // 4])
    n, problems = problems_of(path)
    assert N_GOOD // 2 < n < N_GOOD and len(problems) == 1
    assert problems[0].startswith(f"{path}: not a readable gzip file")


@contextmanager
def no_hang() -> Iterator[None]:
    """Fail, instead of waiting forever, if the code inside blocks (as opening a FIFO for reading does)."""
    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still blocked after {HANG_S} s: a FIFO was opened")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(HANG_S)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def awkward_entries(folder: Path, suffix: str) -> dict[str, str]:
    """A broken link, a link loop, a FIFO and a folder, all named like corpus files: why each is skipped."""
    (folder / f"gone{suffix}").symlink_to(folder / "nowhere")
    (folder / f"loop{suffix}").symlink_to(folder / f"loop{suffix}")
    os.mkfifo(folder / f"pipe{suffix}")
    (folder / f"dir{suffix}").mkdir()
    (folder / f"self{suffix}").symlink_to(folder)  # a link to its own folder: must not be walked into
    return {f"gone{suffix}": "a broken symbolic link", f"loop{suffix}": "a symbolic link loop",
            f"pipe{suffix}": "a named pipe (FIFO)", f"dir{suffix}": "a folder", f"self{suffix}": "a folder"}


def test_every_skipped_file_is_reported_and_a_fifo_is_never_opened(tmp_path: Path) -> None:
    texts, shards = tmp_path / "texts", tmp_path / "shards"
    texts.mkdir()
    shards.mkdir()
    (texts / "good.txt").write_text("A good article.", encoding="utf-8")
    (shards / "good.jsonl").write_text('{"id": "g", "text": "A good record."}\n', encoding="utf-8")
    for folder, suffix in ((texts, ".txt"), (shards, ".jsonl")):
        expected = awkward_entries(folder, suffix)
        with no_hang(), warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            corpus = load_corpus(folder)
            indexed = IndexedCorpus(folder) if suffix == ".jsonl" else corpus
        assert len(corpus) == len(indexed) == 1
        said = {Path(p.where).name: p.message for p in corpus.problems}
        assert sorted(said) == sorted(expected)
        assert all(said[name].startswith(why) for name, why in expected.items()), said
        assert {str(w.message) for w in warned} == {f"skipped {p}" for p in corpus.problems}
        assert {str(p) for p in indexed.problems} == {str(p) for p in corpus.problems}
        if suffix == ".jsonl":  # and as a cluster run numbers the shards (--engine dask)
            numbering = RangeNumbering(folder, iter_corpus(folder).shards)
            assert {str(p) for p in numbering.problems} == {str(p) for p in corpus.problems}
    with no_hang():
        for name in ("pipe.txt", "pipe.jsonl"):
            with pytest.raises(CorpusError, match="a named pipe"):
                list(iter_corpus((texts if name.endswith(".txt") else shards) / name))
        with pytest.raises(CorpusError, match="a symbolic link loop"):
            load_corpus(texts / "loop.txt")
        with pytest.raises(CorpusError, match="a named pipe"):
            open_corpus(shards / "pipe.jsonl")


def test_an_article_over_the_size_limit_is_reported_and_skipped_by_every_reader(tmp_path: Path) -> None:
    long_text = "word " * (MAX_ARTICLE_CHARS // 5) + "over"
    assert len(long_text) > MAX_ARTICLE_CHARS
    records = [{"id": "a", "text": "Short."}, {"id": "long", "text": long_text}, {"id": "b", "text": "Short too."}]
    (tmp_path / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    (tmp_path / "c.csv").write_text("id,text\n" + "".join(f"{r['id']},{r['text']}\n" for r in records),
                                    encoding="utf-8")
    pq.write_table(pa.Table.from_pylist(records), tmp_path / "c.parquet")
    over = f"the text has {len(long_text):,} characters, over the limit of {MAX_ARTICLE_CHARS:,}"
    for name, where in (("c.jsonl", "2"), ("c.csv", "3"), ("c.parquet", "row 2")):
        n, problems = problems_of(tmp_path / name)
        assert n == 2 and len(problems) == 1 and problems[0].startswith(f"{tmp_path / name}:{where}: {over}"), problems
    with pytest.warns(UserWarning, match=f"c.jsonl:2: {over}"):
        indexed = IndexedCorpus(tmp_path / "c.jsonl")  # found when opened, not only when shown
    assert list(indexed.ids) == ["a", "b"]
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "long.txt").write_text(long_text, encoding="utf-8")
    (texts / "ok.txt").write_text("Fine.", encoding="utf-8")
    with (texts / "huge.txt").open("wb") as fh:  # its size alone refuses it (the memory test shows it is not read)
        fh.truncate(4 * MAX_ARTICLE_CHARS + 1)
    n, problems = problems_of(texts)
    assert n == 1 and sorted(p.split(": ", 1)[1].split(" (")[0] for p in problems) == [
        f"the file has {4 * MAX_ARTICLE_CHARS + 1:,} bytes, over {4 * MAX_ARTICLE_CHARS:,}", over]


PEAK_RSS = """
import resource, sys
from annotate.corpus import iter_corpus
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
stream = iter_corpus(sys.argv[1], warn=False)
n = sum(1 for _ in stream)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(n, stream.n_problems, (after - before) // 1024)
"""


@pytest.mark.parametrize("kind", ["txt", "jsonl", "csv"])
def test_a_50_mb_single_record_is_refused_without_being_held_whole(tmp_path: Path, kind: str) -> None:
    body = b"word " * (BIG_BYTES // 5)
    folder = tmp_path / "texts"
    folder.mkdir()
    path = {"txt": folder / "big.txt", "jsonl": tmp_path / "big.jsonl", "csv": tmp_path / "big.csv"}[kind]
    with path.open("wb") as fh:
        fh.write({"txt": b"", "jsonl": b'{"id": "big", "text": "', "csv": b'id,text\nbig,"'}[kind])
        fh.write(body)
        fh.write({"txt": b"", "jsonl": b'"}\n{"id": "small", "text": "Small."}\n', "csv": b'"\nsmall,Small.\n'}[kind])
    if kind == "txt":
        (folder / "small.txt").write_text("Small.", encoding="utf-8")
    # A fresh interpreter: a forked child's peak memory would include the test process's own.
    try:
        done = subprocess.run([sys.executable, "-c", PEAK_RSS, str(folder if kind == "txt" else path)],
                              capture_output=True, text=True, check=True, timeout=120)
    finally:
        path.unlink()  # pytest keeps the last runs' temporary folders: not 50 MB each
    n, problems, extra_mb = map(int, done.stdout.split())
    assert (n, problems) == (1, 1)
    assert extra_mb < BIG_EXTRA_RSS_MB, f"reading a {BIG_BYTES:,}-byte {kind} record took {extra_mb} MB more"


TRICKY = st.text(alphabet=['"', ",", "\r", "\n", "é", " ", "a", "\u2028", "\x0c"], max_size=30)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(TRICKY.filter(str.strip), min_size=1, max_size=8),
       ending=st.sampled_from(["\n", "\r\n", "\r"]), block=st.integers(1, 9), bom=st.booleans())
def test_csv_rows_read_as_pythons_csv_module_reads_them(texts: list[str], ending: str, block: int, bom: bool) -> None:
    """Rows, values and line numbers as csv.DictReader gives them, however the blocks cut lines, quotes and CRLFs."""
    from annotate.corpus import csvrows

    out = io.StringIO()
    writer = csv.writer(out, lineterminator=ending)
    writer.writerow(["id", "text"])
    writer.writerows([f"r{i}", text] for i, text in enumerate(texts))
    data = (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")
    expected, first_lines = [], []
    reader = csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline=""))
    assert next(reader) == ["id", "text"]
    before = reader.line_num
    for row in reader:  # as DictReader, with the line each row starts on
        if row:  # a blank line (csv.writer leaves a lone "\r" unquoted when lines end in "\n") is no row
            expected.append(dict(zip(["id", "text"], row + [None] * (2 - len(row)), strict=False)))
            first_lines.append(before + 1)
        before = reader.line_num
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csvrows, "BLOCK_BYTES", block)
        got = list(csvrows.csv_rows(Path("c.csv"), io.BytesIO(data)))
    assert [obj for _, obj, _ in got] == expected
    assert [where for where, _, _ in got] == [f"c.csv:{n}" for n in first_lines]


def test_an_over_long_csv_row_is_passed_over_to_where_its_quotes_close(monkeypatch: pytest.MonkeyPatch) -> None:
    from annotate.corpus import csvrows

    monkeypatch.setattr(csvrows, "MAX_ROW_BYTES", 60)
    monkeypatch.setattr(csvrows, "SKIP_BYTES", 8)  # passed over in small steps, never held whole
    monkeypatch.setattr(csvrows, "BLOCK_BYTES", 5)
    long_quoted = '"' + 'He said ""no"",\r\nthen left. ' * 9 + '"'  # quotes inside, doubled
    data = ("id,text\r\na,Short.\r\nlong," + long_quoted + "\r\nb,\"Two\rlines.\"\r\n" + "c," + "x" * 90 + "\r\n"
            + "d,Last.").encode("utf-8")
    got = list(csvrows.csv_rows(Path("c.csv"), io.BytesIO(data)))
    assert [(where, obj and obj["id"], problem and problem.split(":")[0]) for where, obj, problem in got] == [
        ("c.csv:2", "a", None), ("c.csv:3", None, "a row longer than 60 bytes"), ("c.csv:13", "b", None),
        ("c.csv:15", None, "a row longer than 60 bytes"), ("c.csv:16", "d", None)]
