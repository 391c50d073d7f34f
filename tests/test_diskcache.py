"""Tables kept in the user cache: read back when their sources are unchanged, rebuilt when anything is off."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotate import diskcache
from annotate.diskcache import cached_table

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This environment's folder of the cache (the cache holds one per Python and package location)."""
    monkeypatch.setenv(diskcache.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache" / diskcache._ENVIRONMENT


def counting_build(calls: list[int]) -> dict[str, int]:
    calls.append(1)
    return {"word": 2, "café": 3}


def test_a_table_is_built_once_and_then_read_back(tmp_path: Path, folder: Path) -> None:
    source, calls = tmp_path / "source.txt", []
    source.write_text("data", encoding="utf-8")
    first = cached_table("t", [source], lambda: counting_build(calls))
    again = cached_table("t", [source], lambda: counting_build(calls))
    assert first == again == {"word": 2, "café": 3} and len(calls) == 1
    assert [p.name.split("-")[0] for p in folder.iterdir()] == ["t"]


def test_a_changed_source_rebuilds_and_the_old_table_goes(tmp_path: Path, folder: Path) -> None:
    source, calls = tmp_path / "source.txt", []
    source.write_text("data", encoding="utf-8")
    cached_table("t", [source], lambda: counting_build(calls))
    old = list(folder.iterdir())
    source.write_text("new data", encoding="utf-8")
    cached_table("t", [source], lambda: counting_build(calls))
    assert len(calls) == 2 and len(list(folder.iterdir())) == 1 and list(folder.iterdir()) != old


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "garbage"])
def test_a_damaged_table_is_rebuilt_not_trusted(tmp_path: Path, folder: Path, damage: str) -> None:
    source, calls = tmp_path / "source.txt", []
    source.write_text("data", encoding="utf-8")
    cached_table("t", [source], lambda: counting_build(calls))
    (path,) = folder.iterdir()
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[-3] ^= 0xFF
    elif damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "empty":
        data = bytearray()
    else:
        data = bytearray(os.urandom(len(data)))
    path.write_bytes(bytes(data))
    assert cached_table("t", [source], lambda: counting_build(calls)) == {"word": 2, "café": 3}
    assert len(calls) == 2
    assert cached_table("t", [source], lambda: counting_build(calls)) == {"word": 2, "café": 3}
    assert len(calls) == 2  # the rebuilt copy replaced the damaged one


def test_a_folder_that_cannot_be_written_still_gives_the_table(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(diskcache.CACHE_ENV, str(blocker / "cache"))
    calls: list[int] = []
    assert cached_table("t", [blocker], lambda: counting_build(calls)) == {"word": 2, "café": 3}


RACE = """
import sys, time
from pathlib import Path
from annotate.diskcache import cached_table

def build():
    time.sleep(0.3)  # every process is building at the same time
    return {str(i): i for i in range(200_000)}

table = cached_table("race", [Path(sys.argv[1])], build)
assert table == {str(i): i for i in range(200_000)}
print("ok")
"""


def test_processes_building_at_once_leave_one_whole_table(tmp_path: Path, folder: Path) -> None:
    source = tmp_path / "source.txt"
    source.write_text("data", encoding="utf-8")
    env = {**os.environ, diskcache.CACHE_ENV: str(folder.parent)}
    runs = [subprocess.Popen([sys.executable, "-c", RACE, str(source)], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0] * 4, outputs
    assert [p.name.split("-")[0] for p in folder.iterdir()] == ["race"]  # no temporary file left
    calls: list[int] = []
    assert cached_table("race", [source], lambda: counting_build(calls)) == {str(i): i for i in range(200_000)}
    assert calls == []


def test_two_environments_sharing_a_cache_keep_their_own_tables(tmp_path: Path, folder: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    source, calls = tmp_path / "source.txt", []
    source.write_text("data", encoding="utf-8")
    cached_table("t", [source], lambda: counting_build(calls))
    monkeypatch.setattr(diskcache, "_ENVIRONMENT", "another-venv")
    cached_table("t", [source], lambda: counting_build(calls))
    monkeypatch.undo()
    monkeypatch.setenv(diskcache.CACHE_ENV, str(folder.parent))
    cached_table("t", [source], lambda: counting_build(calls))
    assert len(calls) == 2  # the third call read the first environment's table: the second did not remove it
    assert sorted(p.name for p in folder.parent.iterdir()) == sorted([folder.name, "another-venv"])


def test_files_edited_while_a_process_runs_leave_no_table_behind(tmp_path: Path, folder: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The process builds with the code it loaded; stored under the new files' key, that would be stale."""
    source, calls = tmp_path / "source.txt", []
    source.write_text("data", encoding="utf-8")
    monkeypatch.setattr(diskcache, "_package_stamp", lambda: "the files as they are now")
    assert cached_table("t", [source], lambda: counting_build(calls)) == {"word": 2, "café": 3}
    assert not folder.exists() or not list(folder.iterdir())


def test_temporary_files_of_killed_writers_are_removed_once_old(tmp_path: Path, folder: Path) -> None:
    source, calls = tmp_path / "source.txt", []
    source.write_text("data", encoding="utf-8")
    folder.mkdir(parents=True)
    old, recent = folder / ".t-killed", folder / ".t-writing"
    old.write_bytes(b"half a table")
    recent.write_bytes(b"a table being written")
    os.utime(old, (0, 0))
    cached_table("t", [source], lambda: counting_build(calls))
    assert not old.exists() and recent.exists()


def test_folders_of_environments_long_gone_are_removed(tmp_path: Path, folder: Path) -> None:
    source, calls = tmp_path / "source.txt", []
    source.write_text("data", encoding="utf-8")
    names = ("0123456789ab", "ba9876543210", "not-an-env", "abcdefabcdef")
    gone, recent, other, mixed = (folder.parent / name for name in names)
    for old in (gone, recent, other, mixed):
        old.mkdir(parents=True)
        (old / "t-1.marshal").write_bytes(b"a table")
    (mixed / "notes.txt").write_text("someone's file", encoding="utf-8")
    for old in (gone / "t-1.marshal", other / "t-1.marshal", mixed / "t-1.marshal", mixed / "notes.txt"):
        os.utime(old, (0, 0))
    cached_table("t", [source], lambda: counting_build(calls))
    # Only a folder that is an environment's, holding only tables, all old, goes.
    assert not gone.exists() and recent.exists() and other.exists() and (mixed / "notes.txt").exists()


def test_a_family_keeps_only_the_tables_used_last(tmp_path: Path, folder: Path) -> None:
    sources = []
    for n in range(4):
        sources.append(tmp_path / f"corpus-{n}.txt")
        sources[-1].write_text(f"corpus {n}", encoding="utf-8")
    calls: list[int] = []
    for n in range(3):
        cached_table(f"index-{n}", [sources[n]], lambda: counting_build(calls), family="index", keep=2)
        for table in folder.glob("index-*.marshal"):  # written one after another, minutes apart
            os.utime(table, (table.stat().st_mtime - 600, table.stat().st_mtime - 600))
    assert sorted(p.name.split("-")[1] for p in folder.glob("index-*.marshal")) == ["1", "2"]
    cached_table("index-1", [sources[1]], lambda: counting_build(calls), family="index", keep=2)  # read: used now
    cached_table("index-3", [sources[3]], lambda: counting_build(calls), family="index", keep=2)
    assert sorted(p.name.split("-")[1] for p in folder.glob("index-*.marshal")) == ["1", "3"]
    assert len(calls) == 4
