"""IndexedCorpus: a big JSONL opened by offsets and ids, each article read when asked for, same as loading it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotate.cli import commands as cli
from annotate.corpus import CorpusError, IndexedCorpus, iter_corpus, load_corpus, open_corpus
from annotate.review import ReviewSession
from benchmarks.synth import write_corpus

RECORDS = [
    {"id": "a\"1", "text": "Say \"id\": 3, then stop.", "title": "Quoted"},
    {"meta": {"id": "inner"}, "id": "b", "text": "Nested id before the real one."},
    {"text": "No id: the line number gives one."},
    {"id": 42, "text": "A number as id."},
    {"id": 1.5, "text": "Not 1."}, {"id": 1.7, "text": "Not 1 either."}, {"id": True, "text": "A boolean."},
    {"id": None, "text": "Null is no id."}, {"id": "  ", "text": "Spaces are no id."},
]


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_an_index_gives_what_loading_gives(tmp_path: Path) -> None:
    path = write(tmp_path / "c.jsonl", [json.dumps(r) for r in RECORDS])
    indexed, loaded = IndexedCorpus(path), load_corpus(path)
    assert list(indexed.ids) == [a.id for a in loaded] == ['a"1', "b", "c-3", "42", "1.5", "1.7", "True", "c-8", "c-9"]
    assert list(indexed) == list(loaded) and indexed[1] == loaded[1] and indexed[-1] == loaded[-1]
    assert indexed.get("42") == loaded.get("42") and indexed.get("nope") is None
    assert indexed.position("c-3") == 2 and len(indexed) == 9


def test_records_without_text_and_repeated_ids_are_problems_with_their_line(tmp_path: Path) -> None:
    path = write(tmp_path / "c.jsonl", ['{"id": "a", "text": "One."}', '{"id": "b", "body": "x"}', "",
                                        '{"id": "a", "text": "Again."}', '{"id": "c", "text": "Three."}'])
    with pytest.warns(UserWarning):
        corpus = IndexedCorpus(path)
    assert list(corpus.ids) == ["a", "c"]
    assert [str(p) for p in corpus.problems] == [f"{path}:2: missing 'text'",
                                                 f"{path}:4: id 'a' repeats an earlier record's id"]
    assert corpus[1].path == f"{path}:5"


def test_a_record_that_turns_out_unreadable_stands_in_the_list_and_a_changed_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "c.jsonl", ['{"id": "a", "text": "One."}', '{"id": "b", "text": "Two." oops}'])
    corpus = IndexedCorpus(path)
    assert corpus[0].text == "One." and corpus[0].problem is None
    assert (corpus[1].id, corpus[1].text, corpus[1].path) == ("b", "", f"{path}:2")
    assert corpus[1].problem is not None and corpus[1].problem.startswith("not valid JSON")
    opened = IndexedCorpus(path)  # nothing read yet; then the file is rewritten under it
    write(path, ['{"id": "z", "text": "Replaced."}', '{"id": "b", "text": "Two."}'])
    with pytest.raises(CorpusError, match="changed since it was opened"):
        opened[0]


def test_a_reviewer_skips_an_unreadable_record_and_cannot_label_it(tmp_path: Path) -> None:
    from annotate.review.errors import InvalidLabelError

    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"id": "a", "text": "One."}\n{"id": "b", "text": "Caf\xe9"}\n{"id": "c", "text": "Three."}\n')
    session = ReviewSession(IndexedCorpus(path), "ana", labels_dir=tmp_path / "labels")
    session.save({"primary_frame": "Economic"})
    assert session.article is not None and session.article.id == "b"
    with pytest.raises(InvalidLabelError, match=r"c\.jsonl:2: not valid UTF-8 .*cannot be labelled"):
        session.save({"primary_frame": "Economic"})
    assert session.skip()["action"] == "skip"
    assert session.article is not None and session.article.text == "Three."


def test_big_jsonl_files_are_indexed_and_the_rest_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import annotate.corpus.index as index

    path = write(tmp_path / "c.jsonl", [json.dumps(r) for r in RECORDS])
    assert type(open_corpus(path)).__name__ == "Corpus"
    monkeypatch.setattr(index, "INDEX_MIN_BYTES", 1)
    assert isinstance(open_corpus(path), IndexedCorpus)


def test_the_findings_order_on_a_big_corpus_comes_from_a_scores_file(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import annotate.review.order as order

    corpus = write_corpus(tmp_path / "c.jsonl", 40)
    monkeypatch.setattr(order, "SCORE_HERE_MAX", 10)
    with pytest.raises(ValueError, match="give scores_file= a file made by `annotate score`"):
        ReviewSession(IndexedCorpus(corpus), "ana", tmp_path / "labels", order="findings")
    scores = tmp_path / "s.csv"
    assert cli.main(["score", str(corpus), "-o", str(scores), "--no-progress"]) == 0
    session = ReviewSession(IndexedCorpus(corpus), "ana", tmp_path / "labels", order="findings", scores_file=scores)
    monkeypatch.setattr(order, "SCORE_HERE_MAX", 1000)
    scored_here = ReviewSession(load_corpus(corpus), "ana", tmp_path / "labels", order="findings")
    assert session.articles.ids == scored_here.articles.ids  # the file gives the order scoring here gives


def test_the_panel_takes_the_scores_file_for_the_findings_order(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import annotate.corpus.index as index
    import annotate.review.order as order
    from annotate import ReviewPanel

    corpus = write_corpus(tmp_path / "c.jsonl", 30)
    scores = tmp_path / "s.csv"
    assert cli.main(["score", str(corpus), "-o", str(scores), "--no-progress"]) == 0
    monkeypatch.setattr(index, "INDEX_MIN_BYTES", 1)
    monkeypatch.setattr(order, "SCORE_HERE_MAX", 10)
    panel = ReviewPanel(corpus, reviewer="ana", labels_dir=tmp_path / "l", order="findings", scores_file=scores)
    assert isinstance(panel.session.corpus, IndexedCorpus)
    assert list(panel.session.articles.ids) == order.order_ids(load_corpus(corpus), "findings", 0, lambda a: None,
                                                               order.read_counts(scores))
    gold = ReviewPanel(corpus, reviewer="lead", labels_dir=tmp_path / "l", mode="adjudicate", order="findings",
                       scores_file=scores)
    assert gold.session.total == 0  # nobody disagrees yet; the scores file was taken, not refused


def test_ids_na_and_null_in_a_scores_file_stay_ids(tmp_path: Path) -> None:
    from annotate.review.order import read_counts

    path = tmp_path / "s.csv"
    path.write_text("id,n_artifacts,n_hedges\nNA,1,1\nnull,0,3\n", encoding="utf-8")
    assert read_counts(path) == {"NA": 2, "null": 3}


def test_lines_cut_short_empty_texts_and_bad_ids_are_problems_not_articles(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Fine."}\n{"id": "b", "text": "Cut sh\n{"id": "c", "text": "  \\n "}\n'
                     b'{"id": "d\\q", "text": "Bad escape in the id."}\n{"id": "e", "text": "Also fine."}\n')
    with pytest.warns(UserWarning):
        corpus = IndexedCorpus(path)
    assert list(corpus.ids) == ["a", "e"] and [a.text for a in corpus] == ["Fine.", "Also fine."]
    assert [p.where.rsplit(":", 1)[1] for p in corpus.problems] == ["2", "3", "4"]
    assert "cut short" in corpus.problems[0].message and "empty 'text'" in corpus.problems[1].message


def test_a_folder_of_jsonl_shards_is_indexed_as_one_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from annotate.corpus import index

    archive = tmp_path / "archive"
    archive.mkdir()
    write(archive / "2024.jsonl", ['{"id": "a", "text": "One."}', '{"text": "No id."}', "{cut"])
    write(archive / "2025.jsonl", ['{"text": "Two."}', '{"id": "a", "text": "Repeats a."}', '{"id": "z", "text": "Z"}'])
    with pytest.warns(UserWarning):
        indexed = IndexedCorpus(archive)
    loaded = load_corpus(archive)
    assert list(indexed.ids) == [a.id for a in loaded] == ["a", "2024-2", "2025-1", "z"]
    assert list(indexed) == list(loaded) and indexed[2].path == f"{archive / '2025.jsonl'}:1"
    assert [p.where for p in indexed.problems] == [p.where for p in loaded.problems]  # the index looks cheaply
    monkeypatch.setattr(index, "INDEX_MIN_BYTES", 10)
    assert isinstance(open_corpus(archive), IndexedCorpus)
    (archive / "note.txt").write_text("Text files make it a folder of articles.", encoding="utf-8")
    with pytest.warns(UserWarning, match="2024.jsonl: not read: this folder holds .txt or .md files"):
        assert not isinstance(open_corpus(archive), IndexedCorpus)  # and its shards are named, not read
    with pytest.raises(CorpusError, match=r"holds \.jsonl shards"):
        IndexedCorpus(archive)


def test_odd_but_valid_records_are_indexed_as_the_stream_reads_them(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"id": "a", "text": "One."}\n'
                     b'\r{"id": "b", "text": "A line that starts with a carriage return."}\n'
                     b'{"meta": {"text": ""}, "id": "c", "text": "A nested empty text before the real one."}\n'
                     b'{"id": {"doc": 17}, "text": "An object as id."}\n'
                     b'{"id": "x", "id": "y", "text": "A repeated id key: JSON takes the last."}\n'
                     b'{"id": "s\\ud83d", "text": "Half an emoji in the id."}\n'
                     b'{"id": "t", "text": "Half an emoji \\ud83d in the text."}\n')
    with pytest.warns(UserWarning):
        indexed = IndexedCorpus(path)
    streamed = list(iter_corpus(path, warn=False))
    assert [a.id for a in streamed] == ["a", "b", "c", "{'doc': 17}", "y"]
    assert list(indexed.ids) == ["a", "b", "c", "{'doc': 17}", "x", "t"]
    assert [indexed.get(i) for i in ["a", "b", "c", "{'doc': 17}"]] == streamed[:4]
    # What only a full read can tell stands in the list as unreadable, and says why: nothing raises.
    repeated, surrogate = indexed.get("x"), indexed.get("t")
    assert repeated is not None and repeated.problem is not None and "given twice" in repeated.problem
    assert surrogate is not None and surrogate.problem == "not valid Unicode (a lone surrogate '\\ud83d')"
    assert [p.where.rsplit(":", 1)[1] for p in indexed.problems] == ["6"]  # the id that no file can hold


def test_ids_read_without_a_parser_are_the_ids_the_stream_reads(tmp_path: Path) -> None:
    """The index reads a plain string id and a top-level key by shortcuts; escapes and braces take the long way."""
    path = tmp_path / "c.jsonl"
    path.write_bytes('{"id": "  padded  ", "text": "Spaces round the id."}\n'
                     '{"id": "\u00e9t\u00e9", "text": "An escaped id."}\n'
                     '{"id": "café", "text": "A plain id beyond ASCII."}\n'
                     '{"id": "say \\"hi\\"", "text": "Quotes in the id."}\n'
                     '{"title": "a { brace", "id": "brace", "text": "A brace in a string before the id."}\n'
                     '{"title": "}", "meta": {"id": "inner"}, "id": "outer", "text": "A nested id first."}\n'
                     '{"id": 7, "text": "A number."}\n'.encode())
    streamed = list(iter_corpus(path, warn=False))
    assert [a.id for a in streamed] == ["padded", "été", "café", 'say "hi"', "brace", "outer", "7"]
    assert list(IndexedCorpus(path).ids) == [a.id for a in streamed]
    tab = tmp_path / "tab.jsonl"
    tab.write_bytes(b'{"id": "a\tb", "text": "A raw tab in the id: not JSON."}\n{"id": "ok", "text": "Fine."}\n')
    with pytest.warns(UserWarning):
        indexed = IndexedCorpus(tab)
    assert list(indexed.ids) == ["ok"] and [p.where.rsplit(":", 1)[1] for p in indexed.problems] == ["1"]


def test_problems_kept_by_an_index_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from annotate.corpus import stream

    monkeypatch.setattr(stream, "MAX_KEPT_PROBLEMS", 3)  # the one cap every reader keeps problems under
    path = write(tmp_path / "c.jsonl", ['{"id": "a", "text": "One."}', *['{"body": "x"}'] * 10])
    with pytest.warns(UserWarning) as warned:
        indexed = IndexedCorpus(path)
    assert len(indexed.problems) == 3 and indexed.n_problems == 10
    assert len(warned) == 4 and "skipped 7 more records" in str(warned[-1].message)


def test_a_corpus_opened_again_reads_its_index_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new kernel opening the same corpus reads the index back; a changed file is indexed again."""
    from annotate import diskcache

    monkeypatch.setenv(diskcache.CACHE_ENV, str(tmp_path / "cache"))
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "a", "text": "One."}\n{"id": "a", "text": "Again."}\n{"id": "b", "text": "Two."}\n',
                    encoding="utf-8")
    with pytest.warns(UserWarning, match="repeats"):
        first = IndexedCorpus(path)

    def no_indexing(*args: object) -> None:
        raise AssertionError("indexed again")

    monkeypatch.setattr(IndexedCorpus, "_index", no_indexing)
    with pytest.warns(UserWarning, match="repeats"):  # its problems are still reported
        again = IndexedCorpus(path)
    assert list(again.ids) == list(first.ids) == ["a", "b"] and again.problems == first.problems
    assert again.get("b") == first.get("b") and again.position("b") == 1
    monkeypatch.undo()
    monkeypatch.setenv(diskcache.CACHE_ENV, str(tmp_path / "cache"))
    with path.open("a", encoding="utf-8") as fh:
        fh.write('{"id": "c", "text": "Three."}\n')
    with pytest.warns(UserWarning, match="repeats"):
        assert list(IndexedCorpus(path).ids) == ["a", "b", "c"]
