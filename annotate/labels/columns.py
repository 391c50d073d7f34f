"""The one home of the label files' shape: their columns, their actions, and where each file lives."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

#: Columns every label file starts with, before the codebook's fields.
BASE_COLUMNS = ("label_id", "saved_at", "reviewer", "article_id", "article_sha256",
                "codebook", "codebook_version", "action")
#: The column after the codebook's fields: how long the reviewer had the article open.
SECONDS_COLUMN = "seconds_on_article"
TRAILING_COLUMNS = (SECONDS_COLUMN,)
#: Columns that reading adds (LabelStore.current): whether the article's text changed, and is still there.
DERIVED_COLUMNS = ("text_changed", "in_corpus")
#: Names a codebook field may not take: they would collide with a column above.
RESERVED_NAMES = frozenset(BASE_COLUMNS + TRAILING_COLUMNS + DERIVED_COLUMNS)

LABEL, SKIP, RETRACT, ADJUDICATE = "label", "skip", "retract", "adjudicate"
#: Every action except RETRACT makes a row the article's current one; ADJUDICATE rows are gold labels.
#: A RETRACT row withdraws the latest standing row of its article (an undo): the row before it stands again.
#: It carries no coded values (the store refuses them); a note may say why.
ACTIONS = (LABEL, SKIP, RETRACT, ADJUDICATE)
#: The two roles one file may hold rows of: a reviewer's labelling (a label or a skip) and an adjudicator's gold
#: labels. Each has its own current row per article, so a person who both labels and adjudicates an article keeps
#: both: labelling it after adjudicating it must not withdraw the gold label, nor the reverse.
ROLES: tuple[frozenset[str], ...] = (frozenset((LABEL, SKIP)), frozenset((ADJUDICATE,)))
#: Not an action, and never written: what reading puts in the replay of a label file for a line that names the
#: file's reviewer and an article but cannot be read as a row (a value its codebook no longer has, a hand edit).
#: It stands as that reviewer's latest row of the article: while it is the latest, the reviewer has no current
#: row for the article, and an earlier row never counts in its place. A retract withdraws it like any row.
UNREADABLE = "unreadable"
#: Each action in words, (noun, past participle): "your skip of 12:03:01", "Skipped at 12:03:01".
ACTION_WORDS = {LABEL: ("label", "labelled"), SKIP: ("skip", "skipped"), RETRACT: ("withdrawal", "withdrawn"),
                ADJUDICATE: ("gold label", "adjudicated")}
#: UTC to the second, with "Z"; rows saved within one second keep their order in the file.
SAVED_AT_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
#: A label file's suffix: the reviewer's name is the rest of the file name.
SUFFIX = ".csv"


def columns_for(field_names: Iterable[str]) -> tuple[str, ...]:
    """A label file's header for a codebook with these fields."""
    return (*BASE_COLUMNS, *field_names, SECONDS_COLUMN)


def codebook_dir(labels_dir: str | Path, codebook_id: str) -> Path:
    """The folder of every reviewer's labels under one codebook: ``<labels_dir>/<codebook-id>``."""
    return Path(labels_dir) / codebook_id


def label_path(labels_dir: str | Path, codebook_id: str, reviewer: str) -> Path:
    """Where one reviewer's labels under one codebook live: ``<labels_dir>/<codebook-id>/<reviewer>.csv``."""
    return codebook_dir(labels_dir, codebook_id) / f"{reviewer}{SUFFIX}"


def label_files(labels_dir: str | Path, codebook_id: str) -> list[Path]:
    """Every reviewer's label file under one codebook, sorted by name ([] while there is none)."""
    return sorted(codebook_dir(labels_dir, codebook_id).glob(f"*{SUFFIX}"))


def reviewer_of(path: Path) -> str:
    """The reviewer a label file belongs to (its name without ``.csv``); not yet checked as a name."""
    return path.name.removesuffix(SUFFIX)
