"""Project plumbing: the Makefile bootstrap is idempotent, lexicons load, CI calls the README's command."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from annotate.resources import ResourceError, load_lexicon, load_patterns, load_table

ROOT = Path(__file__).resolve().parent.parent
LEXICONS = sorted((ROOT / "annotate" / "lexicons").glob("*.txt"))


def test_readme_opens_with_the_two_commands() -> None:
    lines = [ln for ln in (ROOT / "README.md").read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert lines[1] == "```sh"
    assert lines[2].startswith("make lab")
    assert lines[3].startswith("make test")


def test_ci_runs_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in script.splitlines()[-1]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_second_bootstrap_does_not_reinstall() -> None:
    stamp = ROOT / ".venv" / ".installed"
    if not stamp.exists():
        pytest.skip("run through `make test`, which creates .venv/.installed")
    # `make -q` exits 0 only when the target is up to date, i.e. nothing would be reinstalled.
    done = subprocess.run(["make", "-q", ".venv/.installed"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, "make would reinstall although pyproject.toml did not change"


@pytest.mark.parametrize("path", LEXICONS, ids=[p.stem for p in LEXICONS])
def test_every_lexicon_loads_and_has_entries(path: Path) -> None:
    entries = load_lexicon(path.stem)
    assert entries, f"{path.name} has no entries"


def test_bad_lexicon_names_the_file() -> None:
    with pytest.raises(ResourceError, match=r"annotate/lexicons/no-such-list\.txt: no such bundled file"):
        load_lexicon("no-such-list")
    # abbreviations.txt has one field per row: asking for two must name the file and the entry.
    with pytest.raises(ResourceError, match=r"abbreviations\.txt: entry 1 .* expected 2"):
        load_table("abbreviations", 2)
    with pytest.raises(ResourceError, match=r"abbreviations\.txt"):
        load_patterns("abbreviations")


def test_readme_adjudication_snippet_runs_in_the_report_notebook() -> None:
    """The README's adjudication line is the report notebook's cell, which nbval runs (paths from notebooks/)."""
    import json

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippet = next(line.strip() for line in readme.splitlines() if 'mode="adjudicate")' in line)
    cells = json.loads((ROOT / "notebooks" / "03_report.ipynb").read_text(encoding="utf-8"))["cells"]
    sources = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    assert any(snippet in source for source in sources), snippet
