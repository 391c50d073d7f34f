"""Small HTML helpers of the review panel: the scores table, save times and label-file paths."""
from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path

#: Score numbers are shown to two decimals: more digits are noise at a glance.
SCORE_DIGITS = 2


def display_path(path: Path, labels_dir: Path) -> str:
    """``path`` relative to the parent of ``labels_dir`` ("labels/policy-frames/ana.csv") when it can be."""
    base = labels_dir.resolve()
    try:
        return (Path(base.name) / path.resolve().relative_to(base)).as_posix()
    except ValueError:
        return str(path)


def scores_html(numbers: dict[str, float | int]) -> str:
    rows = "".join(
        f"<tr><th>{html.escape(k.replace('_', ' '))}</th>"
        f"<td>{f'{v:.{SCORE_DIGITS}f}' if isinstance(v, float) else v}</td></tr>"
        for k, v in numbers.items()
    )
    return f"<table>{rows}</table>"


def local_time(saved_at: str) -> str:
    """HH:MM:SS in local time of a row's UTC ``saved_at`` (now, if the stamp does not parse)."""
    try:
        stamp = datetime.fromisoformat(saved_at).astimezone()
    except ValueError:
        stamp = datetime.now()
    return stamp.strftime("%H:%M:%S")
