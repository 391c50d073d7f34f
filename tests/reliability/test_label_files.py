"""Label files as other programs and crashes leave them: a BOM, NUL bytes, a header without newline, torn rows."""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from annotate.corpus import Article
from annotate.labels import LabelStore, LabelStoreError, read_labels
from annotate.labels.format import csv_line

FIRST = Article.from_text("Taxes rose again this year.", id="first")
SECOND = Article.from_text("A court struck down the ban.", id="second")
THIRD = Article.from_text("Polls show support falling.", id="third")
BOM = b"\xef\xbb\xbf"
#: A problem's message is shown in a warning and in the panel: this bounds it whatever the line held.
MAX_MESSAGE_CHARS = 1_200


def store_in(tmp_path: Path, reviewer: str = "alice") -> LabelStore:
    return LabelStore(tmp_path / "labels", "policy-frames", reviewer)


def header(store: LabelStore) -> bytes:
    return csv_line(store.columns).encode("utf-8")


def ids(store: LabelStore) -> list[str]:
    return [row["label_id"] for row in store.rows()]


def assert_readable(message: str) -> None:
    assert message.isprintable() and len(message) <= MAX_MESSAGE_CHARS, message


def test_a_bom_left_by_a_spreadsheet_is_read_and_appended_to(tmp_path: Path) -> None:
    store = store_in(tmp_path)
    kept = store.save(FIRST, {"primary_frame": "Economic"})
    store.path.write_bytes(BOM + store.path.read_bytes())  # "Save as CSV UTF-8" in a spreadsheet
    fresh = store_in(tmp_path)
    assert ids(fresh) == [kept["label_id"]] and fresh.problems == ()
    new = fresh.save(SECOND, {"primary_frame": "Political"})
    data = store.path.read_bytes()
    assert data.startswith(BOM + header(store)) and data.count(b"label_id,") == 1
    assert ids(store_in(tmp_path)) == [kept["label_id"], new["label_id"]]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the reviewer is neither dropped nor warned about
        labels = read_labels(tmp_path / "labels", "policy-frames")
    assert list(labels["reviewer"]) == ["alice", "alice"] and labels.attrs["problems"] == []


def test_a_foreign_header_message_shows_invisible_characters_and_is_bounded(tmp_path: Path) -> None:
    store = store_in(tmp_path)
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(BOM + BOM + b"label_id," + b"x" * 100_000 + b"\n")
    with pytest.raises(LabelStoreError) as info:
        store.save(FIRST, {"primary_frame": "Economic"})
    assert "\\ufefflabel_id" in str(info.value) and len(str(info.value)) < 2_000


def test_nul_bytes_are_reported_by_line_and_never_block_a_save(tmp_path: Path) -> None:
    store = store_in(tmp_path)
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(b"\x00" * 5_000)  # a crash on a delayed-allocation file system leaves zeros
    fresh = store_in(tmp_path)
    assert fresh.rows() == []
    (problem,) = fresh.problems
    assert problem.line == 1 and "NUL" in problem.message
    assert_readable(str(problem))
    row = fresh.save(FIRST, {"primary_frame": "Economic"})
    lines = store.path.read_bytes().split(b"\n")
    assert lines[-1] == b"" and lines[-2] == csv_line(row[c] for c in store.columns).encode().rstrip(b"\n")
    assert ids(store_in(tmp_path)) == [row["label_id"]]
    # Zeros after good rows, then a save: reported on their own line, the new row whole after them.
    with open(store.path, "ab") as handle:
        handle.write(b"\x00" * 700)
    tail = store_in(tmp_path)
    tail.rows()
    assert [p.line for p in tail.problems] == [1, 4] and "NUL" in tail.problems[1].message
    new = tail.save(SECOND, {"primary_frame": "Political"})
    again = store_in(tmp_path)
    assert ids(again) == [row["label_id"], new["label_id"]]
    assert [p.line for p in again.problems] == [1, 4]
    for problem in again.problems:
        assert "NUL" in problem.message
        assert_readable(str(problem))


def test_a_header_without_its_newline_gets_no_second_header(tmp_path: Path) -> None:
    store = store_in(tmp_path)
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(header(store).rstrip(b"\n"))
    fresh = store_in(tmp_path)
    assert fresh.rows() == [] and fresh.problems == ()
    row = fresh.save(FIRST, {"primary_frame": "Economic"})
    assert store.path.read_bytes() == header(store) + csv_line(row[c] for c in store.columns).encode()
    again = store_in(tmp_path)
    assert ids(again) == [row["label_id"]] and again.problems == ()


@pytest.mark.parametrize("cut", [1, 2, 3, 5], ids=["newline", "last-digit", "decimals", "after-comma"])
def test_a_torn_row_is_never_accepted_after_the_next_save(tmp_path: Path, cut: int) -> None:
    """A save of 12.5 cut short as "12." read back as 12.0 once the next save closed its line."""
    store = store_in(tmp_path)
    kept = store.save(FIRST, {"primary_frame": "Economic"}, seconds_on_article=3)
    store.save(SECOND, {"primary_frame": "Political"}, seconds_on_article=12.5)  # "...,12.5\n"
    data = store.path.read_bytes()
    store.path.write_bytes(data[:-cut])  # the crash left all but the last ``cut`` bytes
    fresh = store_in(tmp_path)
    assert ids(fresh) == [kept["label_id"]] and [p.line for p in fresh.problems] == [3]
    new = fresh.save(THIRD, {"primary_frame": "Morality"}, seconds_on_article=1)
    for reader in (fresh, store_in(tmp_path)):
        assert ids(reader) == [kept["label_id"], new["label_id"]]
        (problem,) = reader.problems
        assert problem.line == 3 and "torn" in problem.message
    assert store.path.read_bytes().endswith(b"\n" + csv_line(new[c] for c in store.columns).encode())


LEFTOVERS = {
    "bom-alone": BOM, "torn-header": b"label_id,saved_at,rev", "bom-torn-header": BOM + b"label_id,saved_at,rev",
    "header-no-newline": b"HEADER", "bom-header-no-newline": BOM + b"HEADER", "nuls": b"\x00" * 64,
    "nuls-line": b"\x00" * 64 + b"\n", "torn-header-line": b"label_id,saved_at,rev\n",
    "header-then-nuls": b"HEADER\n" + b"\x00" * 64, "crlf-header": b"HEADER\r\n",
}


@pytest.mark.parametrize("leftover", LEFTOVERS.values(), ids=LEFTOVERS.keys())
def test_whatever_a_crash_or_a_spreadsheet_leaves_the_next_saves_read_back(tmp_path: Path, leftover: bytes) -> None:
    store = store_in(tmp_path)
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(leftover.replace(b"HEADER", header(store).rstrip(b"\n")))
    saved = [store.save(article, {"primary_frame": "Economic"}) for article in (FIRST, SECOND)]
    reader = store_in(tmp_path)
    assert ids(reader) == [row["label_id"] for row in saved]
    assert store.path.read_bytes().count(b"seconds_on_article") == 1  # one header, never a second
    for problem in reader.problems:
        assert_readable(str(problem))
