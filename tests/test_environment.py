"""environment.yml (conda) and pyproject.toml (pip) declare the same dependencies."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _norm(requirement: str) -> tuple[str, str]:
    m = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    assert m, requirement
    name = re.sub(r"[-_.]+", "-", m.group(1)).lower()
    spec = m.group(2).split(";")[0].replace(" ", "")
    # pip's extras ("dask[dataframe]") have no conda spelling: conda-forge's dask package carries them all.
    spec = re.sub(r"^\[[^\]]*\]", "", spec)
    # conda's single "=" pin means the same as pip's "=="
    spec = re.sub(r"(?<![<>=!~])=(?!=)", "==", spec)
    return name, ",".join(sorted(filter(None, spec.split(","))))


def test_environment_yml_matches_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pip_side = dict(_norm(r) for r in [*project["dependencies"], *project["optional-dependencies"]["dev"]])
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    deps = env["dependencies"]
    assert deps[-1] == {"pip": ['-e ".[dev]"']}, "environment.yml must end by installing the project"
    conda_side = dict(_norm(d) for d in deps if isinstance(d, str) and not d.startswith(("python", "pip")))
    assert conda_side == pip_side
    python = next(d for d in deps if isinstance(d, str) and d.startswith("python"))
    assert _norm(python)[1] == _norm("python" + project["requires-python"])[1]
