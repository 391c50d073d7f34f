"""iter_corpus: every format read lazily, bad records failing alone with their line, memory not held."""
from __future__ import annotations

import gzip
import json
import warnings
from itertools import pairwise
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from annotate import load_corpus
from annotate.corpus import CorpusError, iter_corpus

RECORDS = [{"id": "a", "title": "A", "text": "Taxes rose.", "source": "wire"},
           {"id": "b", "text": "Courts ruled."},
           {"text": "No id here."}]


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["c.jsonl", "c.jsonl.gz", "c.csv", "c.parquet"])
def test_every_format_gives_the_same_articles(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if name == "c.jsonl":
        write_jsonl(path, [json.dumps(r) for r in RECORDS])
    elif name == "c.jsonl.gz":
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r) + "\n" for r in RECORDS)
    elif name == "c.csv":
        path.write_text("id,title,text,source\na,A,Taxes rose.,wire\nb,,Courts ruled.,\n,,No id here.,\n",
                        encoding="utf-8")
    else:
        pq.write_table(pa.Table.from_pylist(RECORDS), path)
    stream = iter_corpus(path)
    articles = list(stream)
    assert [(a.id, a.title, a.text, a.source) for a in articles] == [
        ("a", "A", "Taxes rose.", "wire"), ("b", "Courts ruled.", "Courts ruled.", None),
        ("c-3", "No id here.", "No id here.", None)]
    assert stream.problems == [] and stream.n_articles == 3
    assert [a.sha256 for a in articles] == [a.sha256 for a in load_corpus(path)]
    assert stream.total == (3 if name == "c.parquet" else None)


def test_a_folder_streams_its_text_files(tmp_path: Path) -> None:
    for name, text in (("b.txt", "Second."), ("a.md", "# First\nBody."), ("notes.pdf", "x")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    stream = iter_corpus(tmp_path)
    assert stream.total == 2
    assert [(a.id, a.title) for a in stream] == [("a", "First"), ("b", "Second.")]


def test_bad_records_fail_alone_with_their_line_as_they_are_met(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", ['{"id": "a", "text": "One."}', "{not json", '{"id": "a", "text": "Two."}',
                                             "[1, 2]", '{"id": "b", "text": ""}', '{"id": "c", "text": "Three."}',
                                             '{"id": "d", "text": "cut'])
    stream = iter_corpus(path, warn=False)
    first = next(stream)
    assert first.id == "a" and stream.problems == []  # nothing read ahead of the article asked for
    assert next(stream).id == "c"
    assert [str(p) for p in stream.problems] == [
        f"{path}:2: not valid JSON (Expecting property name enclosed in double quotes at column 2)",
        f"{path}:3: id 'a' repeats an earlier record's id",
        f"{path}:4: expected a JSON object, got list",
        f"{path}:5: missing or empty 'text'"]
    assert list(stream) == []
    assert str(stream.problems[-1]) == f"{path}:7: not valid JSON (Unterminated string starting at column 21)"
    with pytest.warns(UserWarning) as warned:
        list(iter_corpus(path))
    assert [str(w.message) for w in warned] == [f"skipped {p}" for p in stream.problems]
    assert {Path(w.filename).name for w in warned} == {Path(__file__).name}  # it points at the caller


def test_a_bad_byte_spoils_its_own_record_with_its_line_and_file_offset(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    good = b'{"text": "x"}\n' * 20_000
    path.write_bytes(b'{"id": "a", "text": "Fine."}\n' + good + b'{"id": "z", "text": "\xff"}\n'
                     b'{"id": "y", "text": "After."}\n')
    stream = iter_corpus(path, warn=False)
    assert next(stream).id == "a" and stream.problems == []  # read lazily: the fault is not met yet
    rest = list(stream)
    assert rest[-1].id == "y" and stream.n_articles == 20_002
    bad = stream.problems
    offset = len(b'{"id": "a", "text": "Fine."}\n' + good + b'{"id": "z", "text": "')
    assert [str(p) for p in bad] == [f"{path}:20002: not valid UTF-8 (byte {offset:,} of the file is b'\\xff')"]
    assert path.read_bytes()[offset:offset + 1] == b"\xff"


def test_a_bad_byte_in_a_csv_spoils_its_own_row(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(b'id,text\na,Fine.\nb,"Caf\xe9 society"\nc,After.\n')
    stream = iter_corpus(path, warn=False)
    assert [a.id for a in stream] == ["a", "c"]
    assert [str(p) for p in stream.problems] == [
        f"{path}:3: not valid UTF-8 (byte 22 of the file is b'\\xe9', in the 'text' column)"]
    assert path.read_bytes()[22:23] == b"\xe9"


def test_unusable_paths_are_refused_at_once(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no such file or folder"):
        iter_corpus(tmp_path / "missing.jsonl")
    (tmp_path / "c.xlsx").write_text("x", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"not a folder, \.jsonl, \.jsonl\.gz, \.csv, \.parquet"):
        iter_corpus(tmp_path / "c.xlsx")
    (tmp_path / "broken.jsonl.gz").write_bytes(b"not gzip at all")
    with pytest.raises(CorpusError, match="not a readable gzip file"):
        list(iter_corpus(tmp_path / "broken.jsonl.gz"))
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 nonsense")
    with pytest.raises(CorpusError, match="not a readable Parquet file"):
        list(iter_corpus(tmp_path / "broken.parquet"))
    pq.write_table(pa.Table.from_pylist([{"body": "x"}]), tmp_path / "notext.parquet")
    with pytest.raises(CorpusError, match="needs a 'text' column"):
        list(iter_corpus(tmp_path / "notext.parquet"))


def test_kept_problems_are_capped_but_all_are_counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import annotate.corpus.stream as stream_module

    monkeypatch.setattr(stream_module, "MAX_KEPT_PROBLEMS", 3)
    path = write_jsonl(tmp_path / "c.jsonl", ["{bad"] * 10 + ['{"text": "ok"}'])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        stream = iter_corpus(path)
        assert len(list(stream)) == 1
    assert (len(stream.problems), stream.n_problems) == (3, 10)


def test_byte_ranges_cover_the_file_at_line_starts(tmp_path: Path) -> None:
    from annotate.corpus.ranges import line_ranges, read_range

    lines = [json.dumps({"id": str(i), "text": "x" * (i % 37)}) for i in range(300)] + ["", "{bad"]
    path = write_jsonl(tmp_path / "c.jsonl", lines)
    spans = line_ranges(path, size=500)
    data = path.read_bytes()
    assert spans[0][0] == 0 and spans[-1][1] == len(data) and len(spans) > 10
    assert all(a[1] == b[0] and data[b[0] - 1:b[0]] == b"\n" for a, b in pairwise(spans))
    records, count = [], 0
    for start, end in spans:
        found, lines_in_range = read_range(path, start, end)
        records += [(count + n, obj, problem) for n, obj, problem in found]
        count += lines_in_range
    assert count == len(lines) and len(records) == 301  # the blank line is no record
    assert records[-1] == (302, None, "not valid JSON (Expecting property name enclosed in double quotes at column 2)")
    assert [obj["id"] for _, obj, _ in records[:-1]] == [str(i) for i in range(300)]


def test_every_reader_numbers_and_names_records_alike(tmp_path: Path) -> None:
    """A lone CR inside a line is text, and an id of spaces is no id, for the stream, the index and the ranges."""
    from annotate.corpus import IndexedCorpus
    from annotate.corpus.ranges import read_range

    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"id": "  ", "text": "One.\\r"}\r\n{"text":\r"Two."}\n\n{"id": "x", "text": "3"}\n')
    streamed = list(iter_corpus(path))
    assert [a.id for a in streamed] == ["c-1", "c-2", "x"]
    assert list(IndexedCorpus(path).ids) == ["c-1", "c-2", "x"]
    records, lines = read_range(path, 0, path.stat().st_size)
    assert lines == 4 and [n for n, _, _ in records] == [1, 2, 4]


AWKWARD = (b'\xef\xbb\xbf\n'                          # a BOM alone on the first line: blank
           b'\xc2\xa0 \t\r\n'                           # no-break and other spaces only: blank
           b'{"text": "One."}\n'
           b'\xef\xbb\xbf{"text": "A BOM mid-file."}\n'     # not blank: a record that is not JSON
           b'{"text": "Caf\xe9"}\n'                      # not UTF-8
           b'{"text": "' + b'long ' * 40 + b'"}\n'          # over the (lowered) line limit
           b'{"id": "  ", "text": "Two.\\r"}\r\n'
           b'{"text": "Three."}')                         # no final line break


def test_every_reader_agrees_on_awkward_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The stream, the index and the byte ranges see the same blank lines, problems, ids and line numbers."""
    from annotate.corpus import IndexedCorpus, records
    from annotate.corpus.ranges import RangeNumbering, line_ranges, read_range
    from annotate.corpus.stream import article_from_record

    monkeypatch.setattr(records, "MAX_LINE_BYTES", 120)
    monkeypatch.setattr(records, "SKIP_BYTES", 7)  # an over-long line is passed over in small steps
    path = tmp_path / "c.jsonl"
    path.write_bytes(AWKWARD)
    stream = iter_corpus(path, warn=False)
    assert [(a.id, a.path) for a in stream] == [("c-1", f"{path}:3"), ("c-5", f"{path}:7"), ("c-6", f"{path}:8")]
    assert [(p.where.rsplit(":", 1)[1], p.message.split(" (")[0].split(" than")[0]) for p in stream.problems] == [
        ("4", "not valid JSON"), ("5", "not valid UTF-8"), ("6", "a line longer")]
    with pytest.warns(UserWarning):
        indexed = IndexedCorpus(path)
    assert list(indexed.ids) == ["c-1", "c-2", "c-3", "c-5", "c-6"]  # cheap checks only: the rest when shown
    assert [indexed[i].problem is not None for i in range(5)] == [False, True, True, False, False]
    assert [indexed.get(a.id) for a in load_corpus(path)] == list(iter_corpus(path, warn=False))
    assert [str(p).split(" than")[0] for p in indexed.problems] == [f"{path}:6: a line longer"]
    numbering, ids = RangeNumbering(path), []
    spans = line_ranges(path, size=30)
    for start, end in spans:
        found, lines = read_range(path, start, end)
        for local, obj, problem in found:
            record = numbering.next_record()
            if problem:
                numbering.problem(local, problem)
            else:  # as a Dask worker reads a record (score_range), and the client names it (_assemble)
                assert obj is not None
                article = article_from_record(obj, "", "")
                assert not isinstance(article, str)
                ids.append(numbering.article_id(article.id, record, local))
        numbering.end_range(lines, end)
        assert numbering.fraction_read() == end / len(AWKWARD)
    assert numbering.problems == stream.problems and numbering.n_articles == 3 and len(spans) > 3
    assert ids == ["c-1", "c-5", "c-6"]


@pytest.mark.parametrize("name", ["c.jsonl", "c.jsonl.gz", "c.csv"])
def test_a_stream_says_how_far_through_its_file_it_is(tmp_path: Path, name: str) -> None:
    import random

    rng = random.Random(5)  # varied text, so that gzip cannot squeeze it to nothing
    texts = [" ".join(rng.choice(["tax", "rose", "courts", "ruled", "may", "said"]) for _ in range(80))
             for _ in range(4_000)]
    path = tmp_path / name
    if name == "c.csv":
        pd.DataFrame({"id": range(4_000), "text": texts}).to_csv(path, index=False)
    else:
        data = "".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts)).encode()
        path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    stream = iter_corpus(path)
    assert stream.fraction_read() is None  # nothing opened yet
    for _ in range(2_000):
        next(stream)
    fraction = stream.fraction_read()
    assert fraction is not None and 0.4 < fraction < 0.6, fraction
    # The progress bar's estimate of the total: records read over the share of the file read.
    assert 3_600 < (stream.n_articles + stream.n_problems) / fraction < 4_400
    assert len(list(stream)) == 2_000 and stream.fraction_read() == 1.0
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text("One article.", encoding="utf-8")
    assert iter_corpus(tmp_path / "texts").fraction_read() is None  # a folder of texts knows its total instead


def test_the_size_that_decides_on_parallel_scoring_is_the_uncompressed_one(tmp_path: Path) -> None:
    from annotate.corpus.records import text_bytes

    data = "".join(json.dumps({"id": str(i), "text": f"Taxes rose {i} times. " * 20}) + "\n"
                   for i in range(2_000)).encode()
    (tmp_path / "c.jsonl").write_bytes(data)
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress(data))
    assert (tmp_path / "c.jsonl.gz").stat().st_size * 10 < len(data)  # it compresses well...
    assert text_bytes(tmp_path / "c.jsonl.gz") == text_bytes(tmp_path / "c.jsonl") == len(data)  # ...and counts whole
    frame = pd.read_json(tmp_path / "c.jsonl", lines=True, dtype={"id": str})
    frame.to_parquet(tmp_path / "c.parquet")
    assert text_bytes(tmp_path / "c.parquet") > 0.8 * frame["text"].str.len().sum()
    shards = tmp_path / "shards"
    shards.mkdir()
    (shards / "a.jsonl.gz").write_bytes(gzip.compress(data))
    assert text_bytes(shards) == len(data)  # a folder of shards: theirs, uncompressed
    (tmp_path / "notes.txt").write_text("x" * 100, encoding="utf-8")
    assert text_bytes(tmp_path) == 100  # a folder: its text files


def test_a_folder_of_shards_is_one_corpus(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "2024.jsonl").write_text('{"id": "a", "text": "One."}\n{"text": "No id."}\n{oops\n', encoding="utf-8")
    with gzip.open(archive / "2025.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write('{"text": "Zipped."}\n{"id": "a", "text": "Repeats a."}\n')
    pd.DataFrame({"id": ["p1"], "text": ["From Parquet."]}).to_parquet(archive / "2026-part-0.parquet")
    (archive / "README").write_text("not a shard", encoding="utf-8")
    stream = iter_corpus(archive, warn=False)
    assert stream.format == "shards" and stream.total is None
    assert [(a.id, Path(a.path or "").name) for a in stream] == [
        ("a", "2024.jsonl:1"), ("2024-2", "2024.jsonl:2"), ("2025-1", "2025.jsonl.gz:1"),
        ("p1", "2026-part-0.parquet:row 1")]
    assert [str(p).replace(str(archive), "") for p in stream.problems] == [
        "/2024.jsonl:3: not valid JSON (Expecting property name enclosed in double quotes at column 2)",
        "/2025.jsonl.gz:2: id 'a' repeats an earlier record's id"]
    assert stream.fraction_read() == 1.0
    # A folder with text files is read as one article per file, as before: its data files are not shards.
    (archive / "note.txt").write_text("A text article.", encoding="utf-8")
    assert [a.id for a in iter_corpus(archive, warn=False)] == ["note"]


def test_shards_beside_text_files_are_named_not_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A text article.", encoding="utf-8")
    (tmp_path / "more.jsonl").write_text('{"id": "m", "text": "Dropped in later."}\n', encoding="utf-8")
    (tmp_path / "extra.csv").write_text("id,text\nx,An article in a table.\n", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("id,file,title\na,a.txt,A\n", encoding="utf-8")  # metadata: no text
    with pytest.warns(UserWarning, match="more.jsonl: not read: this folder holds .txt or .md files"):
        stream = iter_corpus(tmp_path)
        assert [a.id for a in stream] == ["a"]
    assert [(Path(p.where).name, p.message.split(":")[0]) for p in stream.problems] == [
        ("extra.csv", "not read"), ("more.jsonl", "not read")]
    with pytest.warns(UserWarning, match="extra.csv: not read"):
        assert [a.id for a in load_corpus(tmp_path)] == ["a"]


def test_a_stream_of_shards_says_how_far_through_them_it_is(tmp_path: Path) -> None:
    for n in range(4):
        lines = (json.dumps({"text": f"Shard {n}, article {i}. " * 30}) + "\n" for i in range(500))
        (tmp_path / f"part-{n}.jsonl").write_text("".join(lines), encoding="utf-8")
    stream = iter_corpus(tmp_path, warn=False)
    assert stream.fraction_read() is not None and stream.fraction_read() < 0.01
    for _ in range(1_000):
        next(stream)
    fraction = stream.fraction_read()
    assert fraction is not None and 0.45 < fraction < 0.6, fraction
    assert len(list(stream)) == 1_000 and stream.fraction_read() == 1.0


def test_a_lone_surrogate_spoils_its_own_record(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Fine."}\n{"id": "b", "text": "Cut emoji \\ud83d"}\n'
                     b'{"id": "c", "title": "\\udc00", "text": "A bad title."}\n{"id": "d", "text": "After."}\n')
    stream = iter_corpus(path, warn=False)
    assert [a.id for a in stream] == ["a", "d"]
    assert [str(p) for p in stream.problems] == [f"{path}:2: not valid Unicode (a lone surrogate '\\ud83d')",
                                                 f"{path}:3: not valid Unicode (a lone surrogate '\\udc00')"]


def test_a_shard_that_cannot_be_read_fails_alone(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("id,body\nx,no text column\n", encoding="utf-8")
    (tmp_path / "b.parquet").write_bytes(b"PAR1 nonsense")
    (tmp_path / "c.jsonl").write_text('{"id": "c", "text": "Readable."}\n', encoding="utf-8")
    stream = iter_corpus(tmp_path, warn=False)
    assert [a.id for a in stream] == ["c"]
    assert [(Path(p.where).name, p.message.split(" (")[0]) for p in stream.problems] == [
        ("a.csv", "a CSV corpus needs a 'text' column"), ("b.parquet", "not a readable Parquet file")]


def test_a_text_that_is_not_a_string_is_named_for_what_it_is(tmp_path: Path) -> None:
    """``"text": 12`` was reported as "missing or empty 'text'", which sends the reader looking for a gap."""
    from annotate.corpus import IndexedCorpus
    from annotate.corpus.stream import not_a_string

    values = ["12", "-1.5", "[\"a\"]", "{\"p\": 1}", "true", "null", "\"  \""]
    path = write_jsonl(tmp_path / "c.jsonl", [f'{{"id": "r{i}", "text": {v}}}' for i, v in enumerate(values)]
                       + ['{"id": "ok", "text": "Taxes rose."}'])
    stream = iter_corpus(path, warn=False)
    assert [a.id for a in stream] == ["ok"]
    said = [str(p).split(": ", 1)[1] for p in stream.problems]
    kinds = ["a number", "a number", "a list", "an object", "true or false"]
    assert said == [f"'text' is {k}, not a string (an article's text goes in quotes)" for k in kinds] + [
        "missing or empty 'text'"] * 2
    with pytest.warns(UserWarning):
        indexed = IndexedCorpus(path)
    assert [str(p).split(": ", 1)[1] for p in indexed.problems] == said  # the panel's index says the same
    pq.write_table(pa.Table.from_pylist([{"id": "n", "text": 3.5}]), tmp_path / "n.parquet")
    numbers = iter_corpus(tmp_path / "n.parquet", warn=False)
    assert list(numbers) == [] and str(numbers.problems[0]).endswith("'text' is a number, not a string (an "
                                                                     "article's text goes in quotes)")
    assert not_a_string("float") == "'text' is a number, not a string (an article's text goes in quotes)"
