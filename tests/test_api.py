"""The public API is pinned: other tools (the evaluator, notebooks) rely on these names."""
from __future__ import annotations

import ast
from pathlib import Path

import annotate

EXPECTED = [
    "KINDS",
    "Article",
    "ArticleScore",
    "ArtifactScore",
    "Codebook",
    "CodebookError",
    "Corpus",
    "CorpusError",
    "Finding",
    "HedgeScore",
    "LabelStore",
    "LabelStoreError",
    "QuoteScore",
    "Readability",
    "ReviewApp",
    "ReviewPanel",
    "agreement",
    "export_report",
    "final_labels",
    "findings_frame",
    "highlight_html",
    "load_codebook",
    "load_corpus",
    "read_labels",
    "score_artifacts",
    "score_corpus",
    "score_hedging",
    "score_quotes",
    "score_readability",
    "score_text",
]


def test_all_is_pinned() -> None:
    assert annotate.__all__ == EXPECTED
    for name in EXPECTED:
        assert hasattr(annotate, name), name


def test_init_only_reexports() -> None:
    tree = ast.parse(Path(annotate.__file__).read_text(encoding="utf-8"))
    body = tree.body[1:]  # after the docstring
    for node in body:
        assert isinstance(node, (ast.ImportFrom, ast.Assign)), ast.dump(node)
        if isinstance(node, ast.Assign):
            assert [t.id for t in node.targets if isinstance(t, ast.Name)] == ["__all__"]


def test_every_module_has_a_one_line_docstring() -> None:
    for path in sorted(Path(annotate.__file__).parent.glob("*.py")):
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc, f"{path.name} has no module docstring"
        assert "\n" not in doc.strip(), f"{path.name}: module docstring is not one line"


def test_modules_stay_small() -> None:
    for path in sorted(Path(annotate.__file__).parent.glob("*.py")):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= 320, f"{path.name} has {lines} lines; split it by concern"
