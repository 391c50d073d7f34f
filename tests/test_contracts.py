"""The import contracts in pyproject.toml hold, and each one fails when an import breaks it."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` on a project folder (its pyproject.toml, its annotate/), as `make test` runs it."""
    env = {"PATH": str(LINT_IMPORTS.parent), "PYTHONPATH": str(project), "HOME": str(project)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=project, env=env, capture_output=True,
                          text=True, timeout=120)


def test_the_contracts_hold() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "6 kept, 0 broken" in done.stdout


@pytest.mark.parametrize(("module", "line", "broken"), [
    ("scoring/text.py", "import annotate.labels.store", "Scoring imports nothing of labels"),
    ("scoring/text.py", "import annotate.widgets.panel", "Layers: scoring, labels, review"),
    ("labels/store.py", "import ipywidgets", "Only annotate.widgets imports ipywidgets"),
    ("report/export.py", "import anywidget", "Only annotate.widgets imports ipywidgets"),
    ("review/session.py", "import annotate.cli.commands", "Nothing imports annotate.cli"),
    # The package's own __init__ is covered too: it must stay free of widgets and of the command line.
    ("__init__.py", "import ipywidgets", "Only annotate.widgets imports ipywidgets"),
    ("__init__.py", "import annotate.cli.commands", "Nothing imports annotate.cli"),
    ("widgets/markup.py", "import annotate.report.export", "Layers: scoring, labels, review"),
    # A type-only import makes a cycle too: highlight would need article, which needs highlight.
    ("scoring/highlight.py", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
     "    from annotate.scoring.article import ArticleScore", "No import cycles"),
])
def test_a_broken_contract_fails(tmp_path: Path, module: str, line: str, broken: str) -> None:
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "annotate", tmp_path / "annotate", ignore=shutil.ignore_patterns("__pycache__"))
    path = tmp_path / "annotate" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    done = lint_imports(tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    verdicts = [line.rsplit(" ", 1)[1] for line in done.stdout.splitlines()
                if line.startswith(broken) and line.endswith(("KEPT", "BROKEN"))]
    assert verdicts == ["BROKEN"], done.stdout
