"""load_corpus: folders, JSONL and CSV, stable ids and hashes, and broken input failing alone."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from annotate import CorpusError, load_corpus
from tests.conftest import SEEDS


def test_seed_folder_loads_in_file_order() -> None:
    corpus = load_corpus(SEEDS)
    assert [a.id for a in corpus] == [
        "000-abu-dhabi-talks-wrap-up-second-day",
        "001-peace-talks-resume-in-abu-dhabi",
        "002-rokna-second-round-of-us-mediated-talks",
        "003-second-day-of-us-brokered-talks",
        "004-chief-editor-progress-on-ending-the-war",
    ]
    first = corpus[0]
    assert first.title == "Ukraine and Russia Wrap Up Second Day of US-Led Abu Dhabi Peace Talks"
    assert first.sha256 == hashlib.sha256(first.text.encode("utf-8")).hexdigest()
    assert corpus.problems == ()
    assert corpus.get(first.id) is first


def test_manifest_lists_every_seed() -> None:
    import csv

    with (SEEDS / "manifest.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    corpus = load_corpus(SEEDS)
    assert [r["id"] for r in rows] == [a.id for a in corpus]
    assert [r["title"] for r in rows] == [a.title for a in corpus]
    assert all((SEEDS / r["file"]).is_file() for r in rows)


def test_ids_are_stable_slugs(tmp_path: Path) -> None:
    (tmp_path / "Ünïcode Title (draft) #2.md").write_text("# Heading\n\nBody text.", encoding="utf-8")
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF")
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus] == ["unicode-title-draft-2"]
    assert corpus[0].title == "Heading"


def test_jsonl_with_and_without_ids(tmp_path: Path) -> None:
    path = tmp_path / "My Batch.jsonl"
    rows = [
        {"id": "a1", "text": "First line\nBody.", "title": "Given title", "source": "Wire", "url": "http://x"},
        {"text": "\n\n  Untitled start\nmore"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    corpus = load_corpus(path)
    assert [(a.id, a.title, a.source, a.url) for a in corpus] == [
        ("a1", "Given title", "Wire", "http://x"),
        ("my-batch-2", "Untitled start", None, None),
    ]


def test_broken_jsonl_line_fails_alone_and_is_named(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text('{"id": "ok", "text": "Fine."}\n{"id": "bad", "text": \n{"id": "x"}\n', encoding="utf-8")
    with pytest.warns(UserWarning) as caught:
        corpus = load_corpus(path)
    assert [str(w.message) for w in caught] == [f"skipped {p}" for p in corpus.problems]
    assert [a.id for a in corpus] == ["ok"]
    assert [str(p) for p in corpus.problems] == [
        f"{path}:2: not valid JSON (Expecting value at column 23)",
        f"{path}:3: missing or empty 'text'",
    ]


def test_csv_corpus(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text('id,title,text\nx,"T, quoted","He said ""hi"".\nSecond line."\n', encoding="utf-8")
    (article,) = load_corpus(path)
    assert (article.id, article.title, article.text) == ("x", "T, quoted", 'He said "hi".\nSecond line.')


def test_csv_without_text_column_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("id,body\n1,hello\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"c\.csv: a CSV corpus needs a 'text' column"):
        load_corpus(path)


def test_undecodable_and_empty_files_fail_alone(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Title\nText.", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 au lait".encode("latin-1"))
    (tmp_path / "blank.txt").write_text("  \n\t", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"\xef\xbb\xbf")  # a BOM alone
    (tmp_path / "utf16.txt").write_text("Hello", encoding="utf-16")  # starts with its byte order mark
    (tmp_path / "utf16be.txt").write_bytes(b"\xfe\xff" + "Hi".encode("utf-16-be"))
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    # UTF-8 with one stray byte: converting it from Windows-1252 would garble it (and iconv refuses 0x9d).
    (tmp_path / "stray.txt").write_bytes("It’s here, ".encode() + b"\x9d" + " and more’s.".encode())
    (tmp_path / "iso.txt").write_bytes(b"Caf\xe9 \x9d")  # 0x9d: no Windows-1252 character, so Latin-1
    with pytest.warns(UserWarning):
        corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus] == ["good"]
    messages = sorted(str(p) for p in corpus.problems)
    utf16 = "so it looks like UTF-16; convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8 FILE > NEW"
    assert messages == [
        f"{tmp_path / 'binary.txt'}: not valid UTF-8 (byte 0 of the file is b'\\x89'): it holds NUL bytes, so it "
        "looks like a binary file, not text",
        f"{tmp_path / 'blank.txt'}: only whitespace: no text to read",
        f"{tmp_path / 'empty.txt'}: empty file",
        f"{tmp_path / 'iso.txt'}: not valid UTF-8 (byte 3 of the file is b'\\xe9'); it may be Latin-1: convert it "
        "to UTF-8, e.g. iconv -f ISO-8859-1 -t UTF-8 FILE > NEW",
        f"{tmp_path / 'latin1.txt'}: not valid UTF-8 (byte 3 of the file is b'\\xe9'); it may be Latin-1 or "
        "Windows-1252: convert it to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8 FILE > NEW",
        f"{tmp_path / 'stray.txt'}: not valid UTF-8 (byte 13 of the file is b'\\x9d'); the rest reads as UTF-8, "
        "so this is a stray byte in a UTF-8 file: fix it in an editor, or drop stray bytes with iconv -c -f UTF-8 "
        "-t UTF-8 FILE > NEW",
        f"{tmp_path / 'utf16.txt'}: not valid UTF-8 (byte 0 of the file is b'\\xff'): it starts with a UTF-16 byte "
        f"order mark (b'\\xff\\xfe'), {utf16}",
        f"{tmp_path / 'utf16be.txt'}: not valid UTF-8 (byte 0 of the file is b'\\xfe'): it starts with a UTF-16 "
        f"byte order mark (b'\\xfe\\xff'), {utf16}",
    ]


def test_a_repeated_file_id_names_the_first_file_and_the_fix(tmp_path: Path) -> None:
    (tmp_path / "A B.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "a-b.txt").write_text("Two.", encoding="utf-8")
    with pytest.warns(UserWarning):
        corpus = load_corpus(tmp_path)
    assert [a.path for a in corpus] == [str(tmp_path / "A B.txt")]
    assert [str(p) for p in corpus.problems] == [
        f"{tmp_path / 'a-b.txt'}: id 'a-b' repeats the id of A B.txt (ids come from file names: rename one of the "
        "two files)"]


def test_crlf_and_bom_are_normalised(tmp_path: Path) -> None:
    (tmp_path / "win.txt").write_bytes("\ufeffTitle\r\nBody\r\n".encode())
    (article,) = load_corpus(tmp_path)
    assert article.text == "Title\nBody\n"


def test_missing_path_and_nothing_loadable(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no such file or folder"):
        load_corpus(tmp_path / "nope")
    with pytest.raises(CorpusError, match="no article could be loaded"):
        load_corpus(tmp_path)
    (tmp_path / "notes.docx").write_bytes(b"PK")
    with pytest.raises(CorpusError, match=r"notes\.docx: not a folder, \.jsonl, \.jsonl\.gz, \.csv, \.parquet"):
        load_corpus(tmp_path / "notes.docx")


def test_duplicate_ids_fail_alone(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text('{"id": "a", "text": "one"}\n{"id": "a", "text": "two"}\n', encoding="utf-8")
    with pytest.warns(UserWarning, match="id 'a' repeats an earlier record's id"):
        corpus = load_corpus(path)
    assert [a.text for a in corpus] == ["one"]
