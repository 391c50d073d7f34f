"""Working copies of the tracked notebooks, so labelling in JupyterLab never dirties the repository."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

#: Where ``make lab`` puts the notebooks it opens; git ignores it. A sibling of notebooks/, so the
#: notebooks' relative paths (../seeds, ../labels) mean the same in the copy.
WORK_DIR = "work"


class WorkspaceError(ValueError):
    """A notebook cannot be copied (missing, or not a notebook); the message names it."""


def source_digest(notebook: Path) -> str:
    """sha256 of a notebook's cell sources and types: what its author wrote, not outputs or counts."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        text = json.dumps([[c["cell_type"], "".join(c["source"])] for c in cells])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise WorkspaceError(f"{notebook}: not a readable notebook ({exc})") from exc
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def working_copy(notebook: str | Path, work_dir: str | Path | None = None,
                 dry_run: bool = False) -> tuple[Path, str]:
    """The git-ignored copy of ``notebook`` to open, made or refreshed now, and a note for the user.

    A copy whose cells the user never edited follows the tracked notebook (outputs are not kept: labels
    live in the label files). A copy the user edited is never overwritten; the note says how to refresh.
    ``dry_run`` writes nothing: the note says what would be done.
    """
    source = Path(notebook)
    if not source.is_file():
        raise WorkspaceError(f"{source}: no such notebook")
    folder = Path(work_dir) if work_dir is not None else source.resolve().parent.parent / WORK_DIR
    copy = folder / source.name
    if dry_run:
        return copy, f"would open {copy} (made or refreshed from {source} when it runs)"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / f".{source.name}.sha256"  # the tracked sources the copy was made from
    tracked = source_digest(source)
    if not copy.exists():
        note = f"made {copy} from {source}"
    elif source_digest(copy) == tracked:
        stamp.write_text(tracked, encoding="utf-8")
        return copy, f"opening {copy}"
    elif stamp.exists() and stamp.read_text(encoding="utf-8").strip() == source_digest(copy):
        note = f"{source} changed: refreshed {copy} (your labels are in the label files, not the notebook)"
    else:
        return copy, (f"{source} differs from your edited copy {copy}, which is kept; "
                      "delete the copy to get the new version")
    shutil.copyfile(source, copy)
    stamp.write_text(tracked, encoding="utf-8")
    return copy, note
