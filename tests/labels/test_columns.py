"""The label files' shape has one home: columns, actions and file paths are defined in annotate.labels.columns."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import annotate
from annotate.corpus import Article
from annotate.labels import LabelStore, load_codebook, read_labels
from annotate.labels.columns import (
    ACTIONS,
    BASE_COLUMNS,
    RESERVED_NAMES,
    SECONDS_COLUMN,
    columns_for,
    label_files,
    label_path,
    reviewer_of,
)

PACKAGE = Path(annotate.__file__).parent
HOME = PACKAGE / "labels" / "columns.py"
#: The names that define the files' shape: assigning one anywhere else would make a second home.
SHAPE_NAMES = {"BASE_COLUMNS", "SECONDS_COLUMN", "TRAILING_COLUMNS", "DERIVED_COLUMNS", "RESERVED_NAMES",
               "ACTIONS", "LABEL", "SKIP", "RETRACT", "ADJUDICATE", "SAVED_AT_FORMAT"}


def test_the_shape_is_assigned_only_in_columns() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == HOME:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
                node, ast.AnnAssign) else []
            flat = [e for t in targets for e in (t.elts if isinstance(t, ast.Tuple) else [t])]
            names = {n.id for n in flat if isinstance(n, ast.Name)}
            assert not names & SHAPE_NAMES, f"{path}:{node.lineno} defines {names & SHAPE_NAMES}"


def test_label_file_paths_are_built_only_in_columns() -> None:
    built_here = re.compile(r"""glob\(\s*["'][^"']*\.csv|\.csv["']\s*$|}\.csv""", re.M)
    for path in sorted(PACKAGE.rglob("*.py")):
        if path != HOME:
            assert not built_here.search(path.read_text(encoding="utf-8")), path


def test_the_store_and_the_merge_use_the_one_path(tmp_path: Path) -> None:
    store = LabelStore(tmp_path, "policy-frames", "ana")
    assert store.path == label_path(tmp_path, "policy-frames", "ana") == tmp_path / "policy-frames" / "ana.csv"
    store.save(Article.from_text("Taxes rose.", id="a"), {"primary_frame": "Economic"})
    LabelStore(tmp_path, "policy-frames", "bo").save(Article.from_text("Taxes rose.", id="a"), None, "skip")
    assert [reviewer_of(p) for p in label_files(tmp_path, "policy-frames")] == ["ana", "bo"]
    assert list(read_labels(tmp_path, "policy-frames")["reviewer"]) == ["ana"]  # the skip is dropped
    assert label_files(tmp_path, "generic-frames") == []


def test_a_header_is_the_columns_around_the_fields() -> None:
    book = load_codebook("policy-frames")
    columns = columns_for(book.field_names)
    assert columns[: len(BASE_COLUMNS)] == BASE_COLUMNS and columns[-1] == SECONDS_COLUMN
    assert "action" in BASE_COLUMNS and set(ACTIONS) == {"label", "skip", "retract", "adjudicate"}
    assert not set(book.field_names) & RESERVED_NAMES
