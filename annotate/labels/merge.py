"""Merge reviewers' label files: current labels per reviewer, and one final label per article and field."""
from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from annotate.labels.codebooks import Codebook, Field, load_codebook
from annotate.labels.columns import ADJUDICATE, LABEL, SKIP, columns_for, label_files, reviewer_of
from annotate.labels.format import LabelStoreError
from annotate.labels.store import LabelStore, check_reviewer

UNRESOLVED = "unresolved"
#: No reviewer gave the field a value: a single choice or rating everyone left empty (an empty multiple choice is
#: an answer, the empty set, so it is never unanswered while a reviewer labelled the article).
UNANSWERED = "unanswered"
#: Why a final value is what it is. A tie ("unresolved") and "unanswered" leave the value empty, so that no
#: reason word is ever read as a value (an option may well be named "unresolved").
REASONS = ("gold", "majority", "single", UNRESOLVED, UNANSWERED)
#: Which coded fields count when deciding that reviewers disagree on an article: the required ones
#: (what adjudication must settle) or every coded field (tone, ratings and secondary frames too).
#: The columns final_labels adds after each field's value and reason: who reviewed, and whether they differ.
REVIEW_COLUMNS = ("n_reviewers", "reviewers", "disagree", "disagree_fields")
DISAGREE_SCOPES = ("required", "all")


#: Problems warned about one by one when reading labels; the rest are counted in one warning (all of them are in
#: ``frame.attrs["problems"]``). 20 lines fit a notebook cell's output without scrolling past the result.
MAX_WARNED_PROBLEMS = 20


def read_labels(labels_dir: str | Path, codebook: str | Path | Codebook, history: bool = False,
                include_gold: bool = False, include_skips: bool = False) -> pd.DataFrame:
    """All reviewers' labels under ``labels_dir/<codebook id>/``: one current row per reviewer and article.

    Retracted labels are removed; skips are dropped unless ``include_skips`` and gold labels (action
    "adjudicate") unless ``include_gold``. ``history=True`` returns every row of every file instead, sorted by
    saved_at, then reviewer. Lines the store skipped are listed in ``frame.attrs["problems"]`` and each one is
    warned about; files left out entirely are in ``frame.attrs["skipped_files"]`` (see ``_stores`` for names in
    two cases).
    """
    book = load_codebook(codebook)
    frames: list[pd.DataFrame] = []
    stores, problems, skipped = _stores(labels_dir, book)
    for store in stores:
        try:
            frame = store.history() if history else store.current()
        except LabelStoreError as exc:  # a foreign header: skip the file
            problems.append(f"{store.path}: skipped: {str(exc).removeprefix(f'{store.path}: ')}")
            skipped.append(str(store.path))
            continue
        problems.extend(str(p) for p in store.problems)
        frames.append(frame)
    columns = list(columns_for(book.field_names))
    rows = [f for f in frames if not f.empty]
    labels = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=columns, dtype=object)
    labels = labels[columns]
    if history:
        labels = labels.sort_values(["saved_at", "reviewer"], kind="stable")
    else:
        keep = [LABEL] + [ADJUDICATE] * include_gold + [SKIP] * include_skips
        labels = labels[labels["action"].isin(keep)].sort_values(["article_id", "reviewer"], kind="stable")
    labels = labels.reset_index(drop=True)
    for problem in problems[:MAX_WARNED_PROBLEMS]:
        warnings.warn(problem, stacklevel=2)
    if len(problems) > MAX_WARNED_PROBLEMS:  # a copied file of 5,000 rows must not print 5,000 warnings
        warnings.warn(f"{len(problems) - MAX_WARNED_PROBLEMS:,} more problems with the label files; "
                      "frame.attrs['problems'] lists them all", stacklevel=2)
    labels.attrs["problems"] = problems
    labels.attrs["skipped_files"] = sorted(skipped)
    return labels


def _stores(labels_dir: str | Path, book: Codebook) -> tuple[list[LabelStore], list[str], list[str]]:
    """A read-only store per label file to read, the problems of the files left out, and those files.

    Names in two cases ("ana.csv" and "Ana.csv") are one reviewer, whose labels must not count twice. The store
    writes every row with its file's reviewer, so a file none of whose rows names its own reviewer (a copy made
    with ``cp ana.csv Ana.csv``, or an empty file) is a stray: it is left out and its twin is read. When two or
    more of the twins hold rows of their own, which one counts cannot be decided: all of them are left out.
    """
    problems: list[str] = []
    skipped: list[str] = []
    groups: dict[str, list[LabelStore]] = {}
    for path in label_files(labels_dir, book.id):
        try:
            store = LabelStore(labels_dir, book, check_reviewer(reviewer_of(path)), read_only=True)
        except LabelStoreError as exc:  # a file name that is no reviewer
            problems.append(f"{path}: skipped: {str(exc).removeprefix(f'{path}: ')}")
            skipped.append(str(path))
            continue
        groups.setdefault(path.name.lower(), []).append(store)
    stores: list[LabelStore] = []
    for group in groups.values():
        unreadable = {s.path: _unreadable(s) for s in group} if len(group) > 1 else {}
        own = [s for s in group if len(group) == 1 or (not unreadable[s.path] and s.names_itself())]
        kept = own[0] if len(own) == 1 else None
        for store in group:
            if store is kept:
                stores.append(store)
                continue
            skipped.append(str(store.path))
            why = unreadable.get(store.path) or _twin_problem(store, group, kept)
            problems.append(f"{store.path}: skipped: {why}")
    return stores, problems, skipped


def _twin_problem(store: LabelStore, group: list[LabelStore], kept: LabelStore | None) -> str:
    """Why a label file whose name differs from another's only by case is left out, and what to do."""
    if kept is not None:
        return (f"its name differs from {kept.path.name} only by case, and none of its rows names its reviewer "
                f"{store.reviewer!r}, as every row the store writes does: a stray copy (of {kept.path.name}?). "
                f"{kept.path.name} is read; delete {store.path.name} or move it out of the folder")
    names = " and ".join(s.path.name for s in group)
    return (f"{names} are label files for the same name in another case, which is one reviewer, and more than "
            "one of them holds rows of its own, so which one counts cannot be decided: none of them is read. "
            "Merge them into one file (rows from another file need its name in their reviewer column) and move "
            "the others out of the folder")


def _unreadable(store: LabelStore) -> str:
    """Why a label file cannot be read at all (a foreign header), "" when it can."""
    try:
        store.refresh()
    except LabelStoreError as exc:
        return str(exc).removeprefix(f"{store.path}: ")
    return ""


def _coded_fields(book: Codebook) -> list[Field]:
    return list(book.coded_fields)


def answers(field: Field, values: Iterable[object]) -> list[str]:
    """The answers among reviewers' stored values of one field, as the agreement counts them.

    A multiple choice is answered by its whole set, and an empty one is an answer too: the empty set ("no
    secondary frame"), as in its per-option alpha. A single choice or a rating left empty is no answer (missing,
    as in its alpha): it has no option meaning "none", so empty says the reviewer did not judge it.
    """
    stored = ["" if v is None or (isinstance(v, float) and v != v) else str(v) for v in values]
    return stored if field.type == "multi" else [v for v in stored if v]


def _values(rows: pd.DataFrame, field: Field) -> list[str]:
    return answers(field, rows[field.name])


def _final(values: list[str]) -> tuple[str, str]:
    """(value, reason) from reviewers' answers; a tie or no answer leaves the value empty."""
    if not values:
        return "", UNANSWERED
    if len(values) == 1:
        return values[0], "single"
    counts = Counter(values).most_common()
    if len(counts) > 1 and counts[0][1] == counts[1][1]:
        return "", UNRESOLVED
    return counts[0][0], "majority"


def check_scope(disagree_on: str) -> str:
    if disagree_on not in DISAGREE_SCOPES:
        raise ValueError(f"disagree_on must be one of {', '.join(DISAGREE_SCOPES)}, not {disagree_on!r}")
    return disagree_on


def differing_fields(rows: pd.DataFrame, book: Codebook) -> list[str]:
    """The coded fields to which the reviewers of one article gave different values, in codebook order."""
    return [f.name for f in _coded_fields(book) if len(set(_values(rows, f))) > 1]


def _disagree(rows: pd.DataFrame, book: Codebook, disagree_on: str = "required") -> bool:
    scope = {f.name for f in _coded_fields(book) if f.required or disagree_on == "all"}
    return any(name in scope for name in differing_fields(rows, book))


def reviewer_rows(labels: pd.DataFrame) -> pd.DataFrame:
    """Reviewers' labels only: skips, retractions and gold labels are not a reviewer's coding."""
    return labels[labels["action"] == LABEL] if "action" in labels.columns else labels


def final_labels(labels: pd.DataFrame, codebook: str | Path | Codebook,
                 disagree_on: str = "required") -> pd.DataFrame:
    """One row per article: the final value of every coded field and its reason, reviewers, and disagreement.

    ``labels`` is ``read_labels(..., include_gold=True)``. The latest gold label wins for each field it
    answers (its empty multiple choice answers the empty set; its empty single choice or rating settles
    nothing); otherwise the unique most common of the reviewers'
    ``answers`` ("single" when only one reviewer gave one); a tie is "unresolved" and no answer at all
    "unanswered", both with an empty value. An empty multiple choice is an answer (the empty set): reviewers
    who all left it empty agree on it. ``disagree`` says whether reviewers differ on a required field
    (``disagree_on="all"``: on any coded field); ``disagree_fields`` always lists every coded field they
    differ on, joined by "|", so a tone tie is never hidden.
    """
    check_scope(disagree_on)
    book = load_codebook(codebook)
    fields = _coded_fields(book)
    reviewers = reviewer_rows(labels)
    gold = labels[labels["action"] == ADJUDICATE] if "action" in labels.columns else labels.iloc[:0]
    gold = gold.sort_values("saved_at", kind="stable") if "saved_at" in gold.columns else gold
    records: list[dict[str, object]] = []
    # Each article's rows, grouped once: selecting them from the whole frame per article was quadratic.
    by_article = {str(a): rows for a, rows in reviewers.groupby("article_id", sort=False)}
    latest_gold = {str(a): rows.iloc[-1] for a, rows in gold.groupby("article_id", sort=False)}
    nobody = reviewers.iloc[:0]
    for article_id in sorted(set(by_article) | set(latest_gold)):
        rows = by_article.get(article_id, nobody)
        latest = latest_gold.get(article_id)
        record: dict[str, object] = {"article_id": article_id}
        for f in fields:
            gold_value = "" if latest is None or pd.isna(latest[f.name]) else str(latest[f.name])
            # An adjudicator's empty multiple choice is their answer, the empty set, as a reviewer's is: unticking
            # the reviewers' one tag must not bring it back. An empty single choice or rating is no answer.
            settled = bool(gold_value) or (latest is not None and f.type == "multi")
            value, reason = (gold_value, "gold") if settled else _final(_values(rows, f))
            record[f.name], record[f"{f.name}_reason"] = value, reason
        ids = sorted(set(rows["reviewer"]))
        record.update(n_reviewers=len(ids), reviewers="|".join(ids), disagree=_disagree(rows, book, disagree_on),
                      disagree_fields="|".join(differing_fields(rows, book)))
        records.append(record)
    columns = ["article_id", *[c for f in fields for c in (f.name, f"{f.name}_reason")], *REVIEW_COLUMNS]
    frame = pd.DataFrame(records, columns=columns)
    return frame.astype({"n_reviewers": int, "disagree": bool})


def disagreements(labels: pd.DataFrame, codebook: str | Path | Codebook, disagree_on: str = "required") -> list[str]:
    """Ids of the articles whose reviewers gave different values to a required (or, "all", any coded) field."""
    check_scope(disagree_on)
    book = load_codebook(codebook)
    scope = {f.name for f in _coded_fields(book) if f.required or disagree_on == "all"}
    return [a for a, names in disagreeing_fields(labels, book).items() if scope.intersection(names)]


def disagreeing_fields(labels: pd.DataFrame, codebook: str | Path | Codebook) -> dict[str, list[str]]:
    """Each article whose reviewers differ on any coded field, by id in order, with those fields: one pass that
    answers both scopes (an adjudication counts what its scope leaves out)."""
    book = load_codebook(codebook)
    reviewers = reviewer_rows(labels)
    found = {str(a): differing_fields(rows, book) for a, rows in reviewers.groupby("article_id", sort=True)}
    return {a: found[a] for a in sorted(found) if found[a]}

