"""Merge reviewers' label files: current labels per reviewer, and one final label per article and field."""
from __future__ import annotations

import warnings
from collections import Counter
from pathlib import Path

import pandas as pd

from annotate.labels.codebooks import Codebook, Field, load_codebook
from annotate.labels.columns import ADJUDICATE, LABEL, columns_for, label_files, reviewer_of
from annotate.labels.format import LabelStoreError
from annotate.labels.store import LabelStore, check_reviewer

UNRESOLVED = "unresolved"
REASONS = ("gold", "majority", "single", UNRESOLVED)
#: Which coded fields count when deciding that reviewers disagree on an article: the required ones
#: (what adjudication must settle) or every coded field (tone, ratings and secondary frames too).
#: The columns final_labels adds after each field's value and reason: who reviewed, and whether they differ.
REVIEW_COLUMNS = ("n_reviewers", "reviewers", "disagree", "disagree_fields")
DISAGREE_SCOPES = ("required", "all")


#: Problems warned about one by one when reading labels; the rest are counted in one warning (all of them are in
#: ``frame.attrs["problems"]``). 20 lines fit a notebook cell's output without scrolling past the result.
MAX_WARNED_PROBLEMS = 20


def read_labels(labels_dir: str | Path, codebook: str | Path | Codebook, history: bool = False,
                include_gold: bool = False) -> pd.DataFrame:
    """All reviewers' labels under ``labels_dir/<codebook id>/``: one current row per reviewer and article.

    Retracted labels are removed and skips dropped; gold labels (action "adjudicate") are left out unless
    ``include_gold``. ``history=True`` returns every row of every file instead, sorted by saved_at, then
    reviewer. Lines the store skipped are listed in ``frame.attrs["problems"]`` and each one is warned about.
    """
    book = load_codebook(codebook)
    frames: list[pd.DataFrame] = []
    problems: list[str] = []
    for path in label_files(labels_dir, book.id):
        try:
            store = LabelStore(labels_dir, book, check_reviewer(reviewer_of(path)))
            frame = store.history() if history else store.current()
        except LabelStoreError as exc:
            # A foreign header, a file name that is no reviewer, or one name in two cases ("Ana.csv" beside
            # "ana.csv" is one reviewer: neither file counts, lest they form a false majority): skip the file.
            problems.append(f"{path}: skipped: {str(exc).removeprefix(f'{path}: ')}")
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
        keep = [LABEL, ADJUDICATE] if include_gold else [LABEL]
        labels = labels[labels["action"].isin(keep)].sort_values(["article_id", "reviewer"], kind="stable")
    labels = labels.reset_index(drop=True)
    for problem in problems[:MAX_WARNED_PROBLEMS]:
        warnings.warn(problem, stacklevel=2)
    if len(problems) > MAX_WARNED_PROBLEMS:  # a copied file of 5,000 rows must not print 5,000 warnings
        warnings.warn(f"{len(problems) - MAX_WARNED_PROBLEMS:,} more problems with the label files; "
                      "frame.attrs['problems'] lists them all", stacklevel=2)
    labels.attrs["problems"] = problems
    return labels


def _coded_fields(book: Codebook) -> list[Field]:
    return list(book.coded_fields)


def _values(rows: pd.DataFrame, name: str) -> list[str]:
    """The non-empty values of one field (a multi field's whole "|"-joined set counts as one value)."""
    return [v for v in rows[name].fillna("").astype(str) if v]


def _final(values: list[str]) -> tuple[str, str]:
    if not values:
        return UNRESOLVED, UNRESOLVED
    if len(values) == 1:
        return values[0], "single"
    counts = Counter(values).most_common()
    if len(counts) > 1 and counts[0][1] == counts[1][1]:
        return UNRESOLVED, UNRESOLVED
    return counts[0][0], "majority"


def check_scope(disagree_on: str) -> str:
    if disagree_on not in DISAGREE_SCOPES:
        raise ValueError(f"disagree_on must be one of {', '.join(DISAGREE_SCOPES)}, not {disagree_on!r}")
    return disagree_on


def differing_fields(rows: pd.DataFrame, book: Codebook) -> list[str]:
    """The coded fields to which the reviewers of one article gave different values, in codebook order."""
    return [f.name for f in _coded_fields(book) if len(set(_values(rows, f.name))) > 1]


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
    fills; otherwise the unique most common value among reviewers ("single" when only one reviewer gave
    one); a tie, or no value at all, is "unresolved". ``disagree`` says whether reviewers differ on a
    required field (``disagree_on="all"``: on any coded field); ``disagree_fields`` always lists every
    coded field they differ on, joined by "|", so a tone tie is never hidden.
    """
    check_scope(disagree_on)
    book = load_codebook(codebook)
    fields = _coded_fields(book)
    reviewers = reviewer_rows(labels)
    gold = labels[labels["action"] == ADJUDICATE] if "action" in labels.columns else labels.iloc[:0]
    gold = gold.sort_values("saved_at", kind="stable") if "saved_at" in gold.columns else gold
    records: list[dict[str, object]] = []
    for article_id in sorted(set(reviewers["article_id"]) | set(gold["article_id"])):
        rows = reviewers[reviewers["article_id"] == article_id]
        gold_rows = gold[gold["article_id"] == article_id]
        latest = gold_rows.iloc[-1] if len(gold_rows) else None
        record: dict[str, object] = {"article_id": article_id}
        for f in fields:
            gold_value = "" if latest is None or pd.isna(latest[f.name]) else str(latest[f.name])
            value, reason = (gold_value, "gold") if gold_value else _final(_values(rows, f.name))
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
    reviewers = reviewer_rows(labels)
    return sorted(str(a) for a, rows in reviewers.groupby("article_id", sort=True)
                  if _disagree(rows, book, disagree_on))

