"""The public API is pinned: other tools (the evaluator, notebooks) rely on these names."""
from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
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
    "iter_corpus",
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


PACKAGE = Path(annotate.__file__).parent
#: Each module's size cap (lines): past it, split the module by concern.
MAX_LINES = 320


def modules() -> list[Path]:
    """Every Python file of the package, in every subpackage."""
    return sorted(PACKAGE.rglob("*.py"))


def test_the_walk_covers_every_module_python_can_import() -> None:
    """The size and docstring checks below see every module, however deep: a subpackage cannot slip past."""
    found = {m.name for m in pkgutil.walk_packages(annotate.__path__, "annotate.")}
    walked = {".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
              for p in modules()} - {"annotate"}
    assert found <= walked, sorted(found - walked)
    assert {"annotate.scoring.quotes.speakers", "annotate.labels.store", "annotate.widgets.panel"} <= walked


def _allowed(node: ast.stmt) -> bool:
    """What an ``__init__`` may hold: imports, ``__all__``, and names imported on first use (``_LAZY``)."""
    if isinstance(node, (ast.ImportFrom, ast.Import)):
        return True
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        return names in (["__all__"], ["_LAZY"])
    if isinstance(node, ast.If):  # `if TYPE_CHECKING:` imports, for type checkers only
        return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING" and all(
            isinstance(n, ast.ImportFrom) for n in node.body)
    return isinstance(node, ast.FunctionDef) and node.name in ("__getattr__", "__dir__")


def test_every_init_only_reexports() -> None:
    inits = sorted(PACKAGE.rglob("__init__.py"))
    assert len(inits) >= 10
    for path in inits:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body[1:]:  # after the docstring
            assert _allowed(node), f"{path}: {ast.dump(node)[:200]}"


def test_every_subpackage_exports_what_it_names() -> None:
    for path in sorted(PACKAGE.rglob("__init__.py")):
        name = ".".join(path.parent.relative_to(PACKAGE.parent).parts)
        module = importlib.import_module(name)
        assert module.__all__ == sorted(module.__all__, key=lambda n: (not n.isupper(), n[0].islower(), n)), name
        for exported in module.__all__:
            assert hasattr(module, exported), f"{name}.{exported}"


def test_every_module_has_a_one_line_docstring() -> None:
    for path in modules():
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc, f"{path} has no module docstring"
        assert "\n" not in doc.strip(), f"{path}: module docstring is not one line"


def test_modules_stay_small() -> None:
    for path in modules():
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= MAX_LINES, f"{path} has {lines} lines; split it by concern"


#: What scoring never needs: the widget packages, and matplotlib (loaded when a report chart is drawn).
NOT_FOR_SCORING = ("ipywidgets", "anywidget", "ipyevents", "matplotlib")


def _loaded_after(code: str) -> list[str]:
    """The modules of NOT_FOR_SCORING loaded once ``code`` has run in a fresh interpreter."""
    probe = f"{code}\nimport sys\nprint(sorted(m for m in sys.modules if m.split('.')[0] in {NOT_FOR_SCORING!r}))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                          cwd=PACKAGE.parent)
    assert done.returncode == 0, done.stderr
    return list(ast.literal_eval(done.stdout.strip().splitlines()[-1]))


def test_import_annotate_loads_no_widgets() -> None:
    assert _loaded_after("import annotate\nannotate.score_text('It may rain.')") == []


def test_scoring_a_text_loads_no_pandas() -> None:
    """A fresh process that scores one text pays for no table library (issue 12's cold start)."""
    probe = ("import sys, annotate\nannotate.score_text('It may rain.')\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pandas', 'numpy', 'pyarrow', 'dask')))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                          cwd=PACKAGE.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


LAZY_PROBE = """
import sys, annotate
assert "annotate.labels" not in sys.modules and "pandas" not in sys.modules
from annotate import LabelStore, agreement
from annotate import *
assert annotate.score_corpus.__module__ == "annotate.scoring.tables" and "pandas" in sys.modules
assert annotate.scoring.tables.findings_frame is annotate.findings_frame
assert annotate.corpus.iter_corpus is annotate.iter_corpus and annotate.report.export_report is export_report
assert {"score_corpus", "findings_frame"} <= set(dir(annotate.scoring))
assert not hasattr(annotate, "no_such_thing") and not hasattr(annotate.scoring, "no_such_thing")
print("ok")
"""


def test_every_name_and_subpackage_is_imported_on_first_use() -> None:
    done = subprocess.run([sys.executable, "-c", LAZY_PROBE], capture_output=True, text=True, timeout=120,
                          cwd=PACKAGE.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["ok"]


def test_the_score_command_loads_no_widgets(tmp_path: Path) -> None:
    seeds = PACKAGE.parent / "seeds"
    code = f"from annotate.cli import main\nmain(['score', {str(seeds)!r}, '-o', {str(tmp_path / 's.csv')!r}])"
    assert _loaded_after(code) == []
    assert (tmp_path / "s.csv").stat().st_size > 0


def test_review_panel_still_imports_from_annotate() -> None:
    loaded = _loaded_after("from annotate import ReviewApp, ReviewPanel\nassert ReviewPanel.__module__ == "
                           "'annotate.widgets.panel'")
    assert "ipywidgets" in loaded and "anywidget" in loaded
