"""Every value a save acknowledges reads back, whatever its size; a value no reader could take is refused."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotate.corpus import Article
from annotate.csvio import MAX_FIELD_CHARS
from annotate.labels import LabelStore, LabelStoreError

ROOT = Path(__file__).resolve().parents[2]
FIRST = Article.from_text("Taxes rose again this year.", id="first")
SECOND = Article.from_text("A court struck down the ban.", id="second")
#: Python's csv reader stops at 131,072 characters a field unless told otherwise; this is past it.
LONG_NOTE_CHARS = 200_000

# A fresh interpreter reads the store and prints the note's length and digest, and the problems.
READER = """
import hashlib, sys
from annotate.labels import LabelStore
store = LabelStore(sys.argv[1], "policy-frames", "ana")
row = store.latest("first")
note = row["notes"] if row else ""
print(len(note), hashlib.sha256(note.encode()).hexdigest(), len(store.problems))
"""


def test_a_200000_character_note_reads_back_also_in_a_fresh_process(tmp_path: Path) -> None:
    note = ("A long note, " * (LONG_NOTE_CHARS // 13 + 1))[:LONG_NOTE_CHARS].strip()
    store = LabelStore(tmp_path, "policy-frames", "ana")
    row = store.save(FIRST, {"primary_frame": "Economic", "notes": note})
    assert row["notes"] == note and len(note) > 131_072
    assert LabelStore(tmp_path, "policy-frames", "ana").latest("first") == row
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", READER, str(tmp_path)], capture_output=True, text=True,
                         env=env, timeout=120, check=True).stdout.split()
    assert out == [str(len(note)), hashlib.sha256(note.encode()).hexdigest(), "0"]


@pytest.mark.parametrize("field", ["notes", "article_id"])
def test_a_value_over_the_field_limit_is_refused_and_nothing_is_written(tmp_path: Path, field: str) -> None:
    store = LabelStore(tmp_path, "policy-frames", "ana")
    store.save(SECOND, {"primary_frame": "Economic"})
    before = store.path.read_bytes()
    huge = "n" * (MAX_FIELD_CHARS + 1)
    article = Article.from_text("Short text.", id=huge, title="t") if field == "article_id" else FIRST
    values = {"primary_frame": "Economic", **({"notes": huge} if field == "notes" else {})}
    with pytest.raises(LabelStoreError, match=rf"not saved: {field} .*{MAX_FIELD_CHARS:,}"):
        store.save(article, values)
    assert store.path.read_bytes() == before


@pytest.mark.slow
def test_a_note_of_exactly_the_field_limit_reads_back(tmp_path: Path) -> None:
    store = LabelStore(tmp_path, "policy-frames", "ana")
    row = store.save(FIRST, {"primary_frame": "Economic", "notes": "n" * MAX_FIELD_CHARS})
    fresh = LabelStore(tmp_path, "policy-frames", "ana")
    assert fresh.latest("first") == row and fresh.problems == ()
