"""Label store: append-only rows, torn and bad lines reported, concurrent writers and crashes lose nothing."""
from __future__ import annotations

import csv
import io
import os
import re
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import filelock
import pandas as pd
import pytest

import annotate.labels.store
from annotate.corpus import Article
from annotate.labels import LabelStore, LabelStoreError, labels_dir_from_env
from annotate.labels.columns import ACTIONS, BASE_COLUMNS
from annotate.labels.format import Problem
from annotate.labels.store import REVIEWER_RE

ROOT = Path(__file__).resolve().parents[2]
COLUMNS = [*BASE_COLUMNS, "primary_frame", "secondary_frames", "tone", "source_quality", "confidence",
           "notes", "seconds_on_article"]
SAVED_AT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
FIRST = Article.from_text("Taxes rose again this year.\nThe council blamed the budget.", id="first")
SECOND = Article.from_text("A court struck down the ban.", id="second")
THIRD = Article.from_text("Polls show support falling.", id="third")

# A child process: saves N rows (or forever when N is 0) and prints each label_id once save() returned.
CHILD = """
import sys, time
from pathlib import Path
from annotate.corpus import Article
from annotate.labels import LabelStore
folder, tag, n, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
store = LabelStore(folder, "policy-frames", "shared")
print("ready", flush=True)
while not go.exists():
    time.sleep(0.005)
i = 0
while n == 0 or i < n:
    article = Article.from_text(f"text {tag} {i}", id=f"{tag}-{i}")
    row = store.save(article, {"primary_frame": "Economic", "notes": tag * 3000}, seconds_on_article=i)
    print(row["label_id"], flush=True)
    i += 1
"""


def store_in(tmp_path: Path, reviewer: str = "alice", codebook: str = "policy-frames") -> LabelStore:
    return LabelStore(tmp_path / "labels", codebook, reviewer)


def csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_rows_written_exactly(tmp_path: Path) -> None:
    store = store_in(tmp_path)
    assert store.path == tmp_path / "labels" / "policy-frames" / "alice.csv"
    assert list(store.columns) == COLUMNS
    values = {"primary_frame": "Economic", "secondary_frames": ["Political", "Capacity and resources"],
              "tone": "negative", "source_quality": 4, "notes": 'says "cuts", then\nmore'}
    one = store.save(FIRST, values, seconds_on_article=12.34)
    two = store.save(SECOND, action="skip", seconds_on_article=3)
    rows = csv_rows(store.path)
    assert rows[0] == COLUMNS  # header written once, first
    assert rows[1:] == [[one[c] for c in COLUMNS], [two[c] for c in COLUMNS]]
    assert rows[1][3:] == ["first", FIRST.sha256, "policy-frames", "1.0", "label", "Economic",
                           "Capacity and resources|Political", "negative", "4", "", 'says "cuts", then more',
                           "12.3"]
    assert rows[2][7:] == ["skip", "", "", "", "", "", "", "3.0"]
    for row in (one, two):
        assert uuid.UUID(row["label_id"]).version == 4
        assert SAVED_AT.fullmatch(row["saved_at"]) and row["reviewer"] == "alice"
    assert store.path.read_text(encoding="utf-8").count("label_id") == 1
    assert store.save(THIRD, {"primary_frame": "Political"})["seconds_on_article"] == ""


def test_history_current_retract_and_skip(tmp_path: Path) -> None:
    store = store_in(tmp_path)
    first = store.save(FIRST, {"primary_frame": "Economic"})
    store.save(SECOND, {"primary_frame": "Morality"})
    relabel = store.save(FIRST, {"primary_frame": "Political", "confidence": 3})
    store.save(SECOND, action="retract")
    skip = store.save(THIRD, action="skip", seconds_on_article=1.25)
    history = store.history()
    assert list(history.columns) == COLUMNS
    assert list(history["action"]) == ["label", "label", "label", "retract", "skip"]
    assert list(history["article_id"]) == ["first", "second", "first", "second", "third"]
    assert history["label_id"].iloc[0] == first["label_id"]
    assert history["seconds_on_article"].iloc[4] == 1.2  # one decimal, as written
    assert pd.isna(history["seconds_on_article"].iloc[0])
    current = store.current()
    assert list(current["article_id"]) == ["first", "third"]  # second was retracted
    assert list(current["label_id"]) == [relabel["label_id"], skip["label_id"]]
    assert list(current["primary_frame"]) == ["Political", ""]
    assert list(current["action"]) == ["label", "skip"]
    assert store.latest("first") == relabel
    assert store.latest("second") is None and store.latest("nope") is None
    assert store.problems == ()
    store.save(SECOND, {"primary_frame": "Morality"})  # labelled again after the retract
    assert list(store.current()["article_id"]) == ["first", "third", "second"]


def test_empty_store(tmp_path: Path) -> None:
    store = store_in(tmp_path)
    assert store.history().empty and list(store.current().columns) == COLUMNS
    assert list(store.current([FIRST]).columns) == [*COLUMNS, "in_corpus", "text_changed"]
    assert not store.path.exists() and not store.path.parent.exists()  # reading creates nothing


def test_save_refusals_write_nothing(tmp_path: Path) -> None:
    store = store_in(tmp_path)
    with pytest.raises(LabelStoreError, match=r"required field.*primary_frame"):
        store.save(FIRST, {"tone": "neutral"})
    with pytest.raises(LabelStoreError, match="field 'tone': 'angry' is not one of negative, neutral"):
        store.save(FIRST, {"primary_frame": "Economic", "tone": "angry"})
    with pytest.raises(LabelStoreError, match="unknown action 'approve'"):
        store.save(FIRST, {"primary_frame": "Economic"}, action="approve")
    with pytest.raises(LabelStoreError, match="seconds_on_article -1"):
        store.save(FIRST, {"primary_frame": "Economic"}, seconds_on_article=-1)
    assert not store.path.exists()
    assert ACTIONS == ("label", "skip", "retract", "adjudicate")


def test_old_bytes_are_never_rewritten(tmp_path: Path) -> None:
    store = store_in(tmp_path)
    store.save(FIRST, {"primary_frame": "Economic"})
    for article, action in ((SECOND, "skip"), (FIRST, "retract"), (THIRD, "label")):
        before = store.path.read_bytes()
        store.save(article, {"primary_frame": "Political"} if action == "label" else None, action=action)
        after = store.path.read_bytes()
        assert after.startswith(before) and len(after) > len(before)
        store.history()
        store.current([FIRST])
        assert store.path.read_bytes() == after  # reading leaves the file alone


def test_torn_last_line(tmp_path: Path) -> None:
    store = store_in(tmp_path)
    kept = store.save(FIRST, {"primary_frame": "Economic"})
    with open(store.path, "ab") as handle:  # a save cut short by a crash: no newline at the end
        handle.write(b"0b6f3f5e-6d5b-4c1e-9d8a-2f3c4b5a6978,2026-01-01T00:00:00Z,alice,second,ab")
    torn = store.path.read_bytes()
    assert list(store.history()["label_id"]) == [kept["label_id"]]
    (problem,) = store.problems
    assert (problem.path, problem.line) == (str(store.path), 3) and "torn last line" in problem.message
    assert str(problem).startswith(f"{store.path}:3: torn last line")
    assert store.path.read_bytes() == torn
    new = store.save(SECOND, {"primary_frame": "Morality"})
    # The torn line is closed with a mark, so it stays torn wherever it ends up; the new row starts a fresh line.
    assert store.path.read_bytes().startswith(torn + b"<torn>\n")
    assert list(store.history()["label_id"]) == [kept["label_id"], new["label_id"]]
    (problem,) = store.problems
    assert problem.line == 3 and "torn line (a save was interrupted" in problem.message
    assert csv_rows(store.path)[3] == [new[c] for c in COLUMNS]


def test_torn_header_recovers(tmp_path: Path) -> None:
    store = store_in(tmp_path)
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(b"label_id,saved_at,rev")  # the very first save was cut short
    assert store.history().empty and store.problems[0].line == 1
    row = store.save(FIRST, {"primary_frame": "Economic"})
    assert list(store.history()["label_id"]) == [row["label_id"]]
    assert [(p.line, "torn header" in p.message) for p in store.problems] == [(1, True)]


def test_hand_edited_bad_rows_are_reported(tmp_path: Path) -> None:
    store = store_in(tmp_path)
    rows = [store.save(a, {"primary_frame": "Economic"}) for a in (FIRST, SECOND, THIRD)]
    lines = store.path.read_text(encoding="utf-8").splitlines(keepends=True)
    bad = [
        lines[1].replace(rows[0]["label_id"], "not-a-uuid"),
        lines[2].replace(",label,", ",approve,"),
        lines[1].replace(",Economic,", ",Sports,").replace(rows[0]["label_id"], str(uuid.uuid4())),
        "only,three,fields\n",
        '"unbalanced,quote\n',
    ]
    store.path.write_text("".join([*lines[:2], *bad, *lines[2:], lines[1]]), encoding="utf-8")
    edited = store.path.read_bytes()
    history = store.history()
    assert list(history["label_id"]) == [r["label_id"] for r in rows]
    messages = {p.line: p.message for p in store.problems}
    assert sorted(messages) == [3, 4, 5, 6, 7, 10]
    assert "label_id 'not-a-uuid' is not a UUID" in messages[3]
    assert "unknown action 'approve'" in messages[4]
    assert "field 'primary_frame': 'Sports' is not one of" in messages[5]
    assert "expected 15 fields, found 3" in messages[6]
    assert "not a readable CSV row" in messages[7]
    assert f"label_id {rows[0]['label_id']} repeats line 2" in messages[10]
    assert store.path.read_bytes() == edited


def test_header_mismatch_leaves_file_identical(tmp_path: Path) -> None:
    store = store_in(tmp_path)
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(b"label_id,saved_at,reviewer,old_field\r\nx,y,z,w\r\n")
    before = store.path.read_bytes()
    with pytest.raises(LabelStoreError) as info:
        store.save(FIRST, {"primary_frame": "Economic"})
    message = str(info.value)
    assert message.startswith(str(store.path)) and "label_id, saved_at, reviewer, old_field" in message
    assert "Expected columns: " + ", ".join(COLUMNS) in message
    with pytest.raises(LabelStoreError, match="header does not match"):
        store.history()
    assert store.path.read_bytes() == before


def test_changed_text_shows(tmp_path: Path) -> None:
    store = store_in(tmp_path)
    store.save(FIRST, {"primary_frame": "Economic"})
    store.save(SECOND, {"primary_frame": "Morality"})
    edited = Article.from_text(FIRST.text + " Corrected.", id="first")
    current = store.current([edited, SECOND]).set_index("article_id")
    assert current.loc["first", "text_changed"] and not current.loc["second", "text_changed"]
    assert current["text_changed"].dtype == bool and current["in_corpus"].all()
    current = store.current([SECOND]).set_index("article_id")
    assert not current.loc["first", "in_corpus"] and not current.loc["first", "text_changed"]


@pytest.mark.parametrize("reviewer", ["../x", "", "a/b", "..", ".", "a b", "x\n", "é"])
def test_unsafe_reviewer_names_refused(tmp_path: Path, reviewer: str) -> None:
    with pytest.raises(LabelStoreError, match=r"reviewer name .*(empty|not allowed).*letters, digits"):
        store_in(tmp_path, reviewer)
    assert not (tmp_path / "labels").exists()


def test_reviewer_names_allowed(tmp_path: Path) -> None:
    for name in ("alice", "A.Smith-2", "r_1"):
        assert REVIEWER_RE.match(name) and store_in(tmp_path, name).reviewer == name


def test_codebook_from_yaml_and_generic(tmp_path: Path) -> None:
    store = store_in(tmp_path, codebook="generic-frames")
    row = store.save(FIRST, {"dominant_frame": "Conflict", "responsibility": 2, "human_interest": 0,
                             "conflict": 4, "morality": 0, "economic_consequences": 1})
    assert store.path.parent.name == "generic-frames" and row["conflict"] == "4"
    assert store.current()["dominant_frame"].tolist() == ["Conflict"]


def test_labels_dir_from_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ANNOTATE_LABELS_DIR", raising=False)
    assert labels_dir_from_env() == Path("labels") and labels_dir_from_env("x") == Path("x")
    monkeypatch.setenv("ANNOTATE_LABELS_DIR", str(tmp_path))
    assert labels_dir_from_env() == tmp_path


def spawn(folder: Path, tag: str, n: int, go: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(folder), tag, str(n), str(go)],
                             stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None and child.stdout.readline() == "ready\n"
    return child


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    folder, go, n = tmp_path / "labels", tmp_path / "go", 50
    children = [spawn(folder, tag, n, go) for tag in "abcd"]
    go.touch()  # all four start saving at once
    printed = []
    for child in children:
        out, _ = child.communicate(timeout=120)
        assert child.returncode == 0
        printed += out.split()
    store = LabelStore(folder, "policy-frames", "shared")
    history = store.history()
    assert store.problems == ()
    assert len(history) == 4 * n and sorted(history["label_id"]) == sorted(printed)
    assert sorted(history["article_id"]) == sorted(f"{t}-{i}" for t in "abcd" for i in range(n))
    for tag in "abcd":  # each writer's rows keep its order, and each row is whole
        mine = history[history["article_id"].str.startswith(f"{tag}-")]
        assert list(mine["seconds_on_article"]) == [float(i) for i in range(n)]
        assert (mine["notes"] == tag * 3000).all()
    lines = store.path.read_bytes().split(b"\n")
    assert len(lines) == 4 * n + 2 and lines[-1] == b""


def test_killed_writer_loses_only_the_row_in_flight(tmp_path: Path) -> None:
    folder, go = tmp_path / "labels", tmp_path / "go"
    go.touch()
    child = spawn(folder, "k", 0, go)
    assert child.stdout is not None
    printed = [child.stdout.readline().strip() for _ in range(30)]
    os.kill(child.pid, signal.SIGKILL)
    rest, _ = child.communicate(timeout=30)
    printed += rest.split()
    assert child.returncode == -signal.SIGKILL
    store = LabelStore(folder, "policy-frames", "shared")
    saved = set(store.history()["label_id"])
    assert set(printed) <= saved  # every save that returned is in the file
    assert len(saved) - len(printed) <= 1  # at most the save in flight was written without being reported
    assert len(store.problems) <= 1
    if store.problems:
        assert "torn last line" in store.problems[0].message
    row = store.save(FIRST, {"primary_frame": "Economic"})
    assert store.latest("first") == row


def test_problem_str() -> None:
    assert str(Problem("a.csv", 7, "bad")) == "a.csv:7: bad"


def test_lock_held_elsewhere_refuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = store_in(tmp_path)
    store.save(FIRST, {"primary_frame": "Economic"})
    before = store.path.read_bytes()
    monkeypatch.setattr(annotate.labels.store, "LOCK_TIMEOUT_SECONDS", 0.2)
    with filelock.FileLock(f"{store.path}.lock"), pytest.raises(LabelStoreError, match="not saved: another"):
        store.save(SECOND, {"primary_frame": "Economic"})
    assert store.path.read_bytes() == before


def test_reading_shipped_labels_creates_no_lock_file(tmp_path: Path) -> None:
    writer = store_in(tmp_path)
    writer.save(FIRST, {"primary_frame": "Economic"})
    lock = Path(f"{writer.path}.lock")
    lock.unlink()  # as a fresh checkout of labels/demo has no lock files
    reader = store_in(tmp_path)
    assert list(reader.current()["primary_frame"]) == ["Economic"]
    assert not lock.exists(), "a read must not write beside the labels"
    reader.save(SECOND, {"primary_frame": "Political"})
    assert lock.exists()


def test_retract_withdraws_the_latest_standing_row(tmp_path: Path) -> None:
    store = store_in(tmp_path)
    first = store.save(FIRST, {"primary_frame": "Economic"})
    store.save(SECOND, {"primary_frame": "Morality"})
    store.save(FIRST, {"primary_frame": "Political"})
    store.save(FIRST, action="retract")  # undoes the re-label: the earlier label stands again
    assert store.latest("first") == first
    skip = store.save(FIRST, action="skip")
    assert store.latest("first") == skip
    store.save(FIRST, action="retract")  # undoes the skip
    assert store.latest("first") == first
    store.save(FIRST, action="retract")
    store.save(FIRST, action="retract")  # nothing left to withdraw: a no-op, never an error
    assert store.latest("first") is None
    assert list(store.current()["article_id"]) == ["second"]


def test_current_rows_filters_by_action() -> None:
    from annotate.labels.format import current_rows

    rows = [{"article_id": "a", "action": "label", "n": "1"}, {"article_id": "a", "action": "adjudicate", "n": "2"},
            {"article_id": "b", "action": "skip", "n": "3"}, {"article_id": "a", "action": "retract", "n": "4"}]
    assert {k: r["n"] for k, r in current_rows(rows).items()} == {"a": "1", "b": "3"}
    assert current_rows(rows, {"adjudicate"}) == {}
    assert list(current_rows(rows[:3], {"label", "skip"})) == ["a", "b"]
    assert current_rows(rows[:3], {"adjudicate"})["a"]["n"] == "2"


def test_rules_are_enforced_when_saving(tmp_path: Path) -> None:
    store = store_in(tmp_path)
    with pytest.raises(LabelStoreError, match="not saved: The primary frame is not also a secondary"):
        store.save(FIRST, {"primary_frame": "Economic", "secondary_frames": ["Economic"]})
    with pytest.raises(LabelStoreError, match='not saved: With the primary frame "Other"'):
        store.save(FIRST, {"primary_frame": "Other"}, action="adjudicate")
    assert not store.path.exists()
    store.save(FIRST, {"primary_frame": "Other", "notes": "sport"})
    store.save(FIRST, action="skip")  # a skip carries no values, so no rule applies
    assert [r["action"] for r in store.rows()] == ["label", "skip"]


def test_a_note_longer_than_the_csv_modules_default_limit_reads_back(tmp_path: Path) -> None:
    """Python's csv reader stops at 131,072 characters a field unless told otherwise: a long note would vanish."""
    store = LabelStore(tmp_path, "policy-frames", "ana")
    note = "long note " * 20_000  # 200,000 characters
    row = store.save(FIRST, {"primary_frame": "Economic", "notes": note})
    fresh = LabelStore(tmp_path, "policy-frames", "ana")
    assert fresh.latest(FIRST.id)["label_id"] == row["label_id"]
    assert fresh.latest(FIRST.id)["notes"] == note.strip() and fresh.problems == ()
