"""The label store's matrix: concurrent writers, killed writers and torn writes never lose an acknowledged save.

Each test prints its figures (run with ``-s`` to see them); the slow variants run with ANNOTATE_SLOW=1.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotate.corpus import Article
from annotate.labels import LabelStore
from annotate.labels.format import csv_line

ROOT = Path(__file__).resolve().parents[2]
BOOK, REVIEWER = "policy-frames", "shared"
#: Every this-many saves (the first included) a child writes a note past csv's default field limit (131,072).
LONG_NOTE_EVERY = 25

# A child: saves N rows (forever when N is 0) once the go file exists, and prints each label_id only after
# save() returned: what it printed is what was acknowledged.
CHILD = """
import sys, time
from pathlib import Path
from annotate.corpus import Article
from annotate.labels import LabelStore
folder, tag, n, go, every = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]), int(sys.argv[5])
store = LabelStore(folder, "policy-frames", "shared")
print("ready", flush=True)
while not go.exists():
    time.sleep(0.005)
i = 0
while n == 0 or i < n:
    note = tag * (200_000 if every and i % every == 0 else 300)
    article = Article.from_text(f"text {tag} {i}", id=f"{tag}-{i}")
    row = store.save(article, {"primary_frame": "Economic", "notes": note}, seconds_on_article=i + 0.5)
    print(row["label_id"], flush=True)
    i += 1
"""


def spawn(folder: Path, tag: str, n: int, go: Path, every: int = 0) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(folder), tag, str(n), str(go), str(every)],
                             stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None and child.stdout.readline() == "ready\n"
    return child


def concurrent_saves(tmp_path: Path, writers: int, saves: int) -> None:
    folder, go = tmp_path / "labels", tmp_path / "go"
    tags = [chr(ord("a") + k) for k in range(writers)]
    children = [spawn(folder, tag, saves, go) for tag in tags]
    started = time.perf_counter()
    go.touch()  # every writer starts at once
    printed: list[str] = []
    for child in children:
        out, _ = child.communicate(timeout=600)
        assert child.returncode == 0
        printed += out.split()
    elapsed = time.perf_counter() - started
    store = LabelStore(folder, BOOK, REVIEWER)
    rows = store.rows()
    assert store.problems == ()
    assert len(rows) == writers * saves and len({r["label_id"] for r in rows}) == len(rows)
    assert sorted(r["label_id"] for r in rows) == sorted(printed)  # every acknowledged row reads back
    for tag in tags:  # no interleaving: each writer's rows whole and in its order
        mine = [r for r in rows if r["article_id"].startswith(f"{tag}-")]
        assert [r["seconds_on_article"] for r in mine] == [f"{i + 0.5:.1f}" for i in range(saves)]
        assert all(r["notes"] == tag * 300 for r in mine)
    lines = store.path.read_bytes().split(b"\n")
    assert len(lines) == writers * saves + 2 and lines[-1] == b""
    print(f"\n{writers} x {saves} saves: {len(rows)} rows, 0 lost, {len(set(printed))} unique ids, "
          f"{1000 * elapsed / len(rows):.2f} ms/save over all writers")


def test_8_writers_x_40_saves(tmp_path: Path) -> None:
    concurrent_saves(tmp_path, 8, 40)


@pytest.mark.slow
def test_8_writers_x_500_saves(tmp_path: Path) -> None:
    concurrent_saves(tmp_path, 8, 500)


def killed_writers(tmp_path: Path, kills: int) -> None:
    folder, go = tmp_path / "labels", tmp_path / "go"
    go.touch()
    rng = random.Random(14)
    store = LabelStore(folder, BOOK, REVIEWER)
    acknowledged: list[str] = []
    inode = None
    for k in range(kills):
        before = store.path.read_bytes() if store.path.exists() else b""
        child = spawn(folder, f"k{k}", 0, go, LONG_NOTE_EVERY)
        assert child.stdout is not None
        acknowledged += [child.stdout.readline().strip() for _ in range(rng.randint(1, 40))]
        time.sleep(rng.uniform(0, 0.02))  # the kill lands anywhere, often inside a save
        os.kill(child.pid, signal.SIGKILL)
        rest, _ = child.communicate(timeout=60)
        assert child.returncode == -signal.SIGKILL
        acknowledged += rest.split()
        inode = inode or store.path.stat().st_ino
        assert store.path.stat().st_ino == inode and store.path.read_bytes().startswith(before)  # never rewritten
    fresh = LabelStore(folder, BOOK, REVIEWER)
    saved = {r["label_id"] for r in fresh.rows()}
    lost = set(acknowledged) - saved
    assert not lost
    assert all("torn" in p.message for p in fresh.problems), fresh.problems
    long_notes = sum(len(r["notes"]) > 131_072 for r in fresh.rows())
    assert long_notes >= kills  # each child's first save has one: they are among the rows that read back
    row = fresh.save(Article.from_text("after", id="after"), {"primary_frame": "Economic"})
    assert LabelStore(folder, BOOK, REVIEWER).latest("after") == row
    print(f"\n{kills} kills: {len(acknowledged)} acknowledged ({long_notes} with 200,000-character notes), "
          f"{len(lost)} lost, {len(saved) - len(acknowledged)} written unacknowledged, "
          f"{len(fresh.problems)} torn rows reported")


def test_3_killed_writers_lose_no_acknowledged_save(tmp_path: Path) -> None:
    killed_writers(tmp_path, 3)


@pytest.mark.slow
def test_20_killed_writers_lose_no_acknowledged_save(tmp_path: Path) -> None:
    killed_writers(tmp_path, 20)


def test_20_torn_writes_are_reported_and_never_accepted(tmp_path: Path) -> None:
    rng = random.Random(20)
    store = LabelStore(tmp_path / "labels", BOOK, REVIEWER)
    kept: list[str] = []
    torn_ids: list[str] = []
    torn_lines: list[int] = []
    for n in range(20):
        kept.append(store.save(Article.from_text(f"kept {n}", id=f"kept-{n}"), {"primary_frame": "Economic"},
                               seconds_on_article=n + 0.5)["label_id"])
        row = store.save(Article.from_text(f"torn {n}", id=f"torn-{n}"),
                         {"primary_frame": "Political", "notes": f"café ünïcode {n} " * rng.randint(0, 3)},
                         seconds_on_article=12.5)
        line = csv_line(row[c] for c in store.columns).encode("utf-8")
        cut = [1, 2, 5][n] if n < 3 else rng.randint(1, len(line) - 1)  # keep >= 1 byte, lose >= the newline
        with open(store.path, "r+b") as handle:  # what a crash during that save leaves
            handle.truncate(store.path.stat().st_size - cut)
        torn_ids.append(row["label_id"])
        torn_lines.append(3 + 2 * n)
        reader = LabelStore(tmp_path / "labels", BOOK, REVIEWER)
        assert [r["label_id"] for r in reader.rows()] == kept
        assert [p.line for p in reader.problems] == torn_lines
    last = store.save(Article.from_text("last", id="last"), {"primary_frame": "Economic"})
    data = store.path.read_bytes()
    assert data.endswith(b"\n" + csv_line(last[c] for c in store.columns).encode())  # on a fresh line
    reader = LabelStore(tmp_path / "labels", BOOK, REVIEWER)
    assert [r["label_id"] for r in reader.rows()] == [*kept, last["label_id"]]
    assert not set(torn_ids) & {r["label_id"] for r in reader.rows()}
    assert [p.line for p in reader.problems] == torn_lines
    assert all("torn" in p.message for p in reader.problems)
    print(f"\n20 torn writes: {len(reader.problems)} reported with their line, 0 accepted")
