"""LabelLog reads only what was appended, and always agrees with reading the whole file from scratch."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate.labels import load_codebook
from annotate.labels.columns import UNREADABLE, columns_for
from annotate.labels.format import TORN_MARK, csv_line, current_rows, parse_label_file, standing_rows
from annotate.labels.log import LabelLog, read_from

BOOK = load_codebook("policy-frames")
COLUMNS = columns_for(BOOK.field_names)
ARTICLES = ("a", "b", "c")


def row_line(n: int, article: str, action: str, frame: str = "Economic") -> bytes:
    values = {"label_id": str(uuid.UUID(int=n + 1)), "saved_at": "2026-12-01T10:00:00Z", "reviewer": "ana",
              "article_id": article, "article_sha256": "0" * 64, "codebook": BOOK.id,
              "codebook_version": BOOK.version, "action": action,
              "primary_frame": frame if action in ("label", "adjudicate") else ""}
    return csv_line(values.get(c, "") for c in COLUMNS).encode("utf-8")


#: What a history appends at a time: a row, a torn row completed later, a hand-edited bad line, and a row of the
#: reviewer that cannot be read (an option its codebook lacks), which stands as the article's latest row.
chunks = st.lists(st.one_of(
    st.tuples(st.just("row"), st.sampled_from(ARTICLES), st.sampled_from(["label", "skip", "retract", "adjudicate"])),
    st.tuples(st.just("bad"), st.sampled_from(ARTICLES), st.sampled_from(["label", "adjudicate"])),
    st.tuples(st.just("torn"), st.sampled_from(ARTICLES), st.just("label")),
    st.tuples(st.just("junk"), st.just(""), st.just("")),
), max_size=25)


def full(path: Path) -> tuple[list[dict[str, str]], list[str], dict[str, dict[str, str]]]:
    rows, problems = parse_label_file(path, path.read_bytes(), BOOK)
    return rows, [str(p) for p in problems], current_rows(rows)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=chunks)
def test_reading_by_appends_equals_reading_everything(tmp_path: Path, history: list[tuple[str, str, str]]) -> None:
    path = tmp_path / str(uuid.uuid4()) / "ana.csv"  # the reviewer the rows name, so they are read
    path.parent.mkdir()
    path.write_bytes(csv_line(COLUMNS).encode("utf-8"))
    log = LabelLog(path, BOOK)
    assert log.refresh(read_from) is None  # the first read is a full one
    for n, (kind, article, action) in enumerate(history):
        with path.open("ab") as fh:
            if kind == "row":
                fh.write(row_line(n, article, action) + b"\n")
            elif kind == "bad":
                fh.write(row_line(n, article, action, frame="Sports") + b"\n")
            elif kind == "torn":  # half a row now (a crash), then what the store's next save closes it with
                fh.write(row_line(n, article, action)[:20])
            else:
                fh.write(b"not,a,row\n")
        if kind == "torn":
            changed = log.refresh(read_from)
            with path.open("ab") as fh:
                fh.write(TORN_MARK + b"\n")
        changed = log.refresh(read_from)
        assert changed is not None
        rows, problems, current = full(path)
        assert log.rows == rows and [str(p) for p in log.problems] == problems
        assert log.current_rows() == current
        stacks = standing_rows(rows)
        tops = [stack[-1] for stack in stacks.values() if stack and stack[-1][1]["action"] != UNREADABLE]
        latest = max(tops, key=lambda entry: entry[0])[1] if tops else None
        assert log.latest_top(lambda row: True) == latest
        for aid in ARTICLES:
            assert log.current(aid) == current.get(aid)
            top = stacks.get(aid, [])[-1:]
            if top and top[0][1]["action"] == UNREADABLE:  # the latest row cannot be read: no earlier one counts
                assert aid not in current and log.current(aid, {"label", "skip", "adjudicate"}) is None


def test_a_replaced_or_rewritten_file_is_read_again_from_the_start(tmp_path: Path) -> None:
    path = tmp_path / "ana.csv"
    path.write_bytes(csv_line(COLUMNS).encode("utf-8") + row_line(0, "a", "label") + b"\n")
    log = LabelLog(path, BOOK)
    log.refresh(read_from)
    assert [r["article_id"] for r in log.rows] == ["a"]
    # Rewritten in place (a hand edit), same length: its modification time moved, so nothing is trusted.
    data = path.read_bytes().replace(b",a,", b",b,")
    stamp = path.stat().st_mtime_ns
    with path.open("r+b") as fh:
        fh.write(data)
    os.utime(path, ns=(stamp + 10**9, stamp + 10**9))  # a second later, whatever the clock's resolution
    assert log.refresh(read_from) is None and [r["article_id"] for r in log.rows] == ["b"]
    # Replaced by another file (a new inode), even a longer one.
    other = tmp_path / "other.csv"
    other.write_bytes(csv_line(COLUMNS).encode("utf-8") + row_line(5, "c", "skip") + b"\n" + row_line(6, "a", "label")
                      + b"\n")
    os.replace(other, path)
    assert log.refresh(read_from) is None and [r["article_id"] for r in log.rows] == ["c", "a"]
    path.unlink()
    assert log.refresh(read_from) is None and log.rows == [] and log.problems == []


def test_a_full_read_reads_the_file_once_and_rows_handed_out_are_copies(tmp_path: Path) -> None:
    path = tmp_path / "ana.csv"
    path.write_bytes(csv_line(COLUMNS).encode("utf-8") + row_line(0, "a", "label") + b"\n" + row_line(1, "b", "skip")
                     + b"\n")
    reads: list[int] = []

    def counted(p: Path, start: int) -> tuple[tuple[int, int, int, int], bytes]:
        reads.append(start)
        return read_from(p, start)

    log = LabelLog(path, BOOK)
    assert log.refresh(counted) is None and reads == [0]  # the first read is the full read: not read twice
    assert log.current_actions({"label", "skip"}) == {"a": "label", "b": "skip"}
    assert log.current_actions({"label"}) == {"a": "label"}
    mine = log.current("a")
    assert mine is not None
    mine["primary_frame"] = "changed by a caller"
    for handed in (log.current_rows()["a"], log.latest_top(lambda row: row["article_id"] == "a")):
        assert handed is not None and handed["primary_frame"] == "Economic"
    assert log.rows[0]["primary_frame"] == "Economic"


def test_rows_appended_by_another_process_are_read_in(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "ana.csv"
    path.write_bytes(csv_line(COLUMNS).encode("utf-8") + row_line(0, "a", "label") + b"\n")
    log = LabelLog(path, BOOK)
    log.refresh(read_from)
    line = row_line(1, "b", "skip") + b"\n"
    # Another kernel appends (as the store does: one write of whole lines, to the end).
    subprocess.run([sys.executable, "-c", "import sys; open(sys.argv[1], 'ab').write(bytes.fromhex(sys.argv[2]))",
                    str(path), line.hex()], check=True, timeout=60)
    assert log.refresh(read_from) == {"b"}
    assert [r["article_id"] for r in log.rows] == ["a", "b"] and log.current_actions({"skip"}) == {"b": "skip"}
