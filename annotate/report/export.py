"""One report row per article: its scores, its final labels and whether reviewers disagree, as a safe CSV."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from annotate.corpus import Articles
from annotate.csvio import write_csv_atomic
from annotate.labels.codebooks import Codebook, load_codebook
from annotate.labels.merge import REVIEW_COLUMNS, final_labels, read_labels
from annotate.scoring.tables import score_corpus

# OWASP "CSV Injection": a spreadsheet runs a cell starting with one of these as a formula (tab and CR
# too, since some programs strip them before deciding); a leading single quote makes the cell text.
NEUTRALISE_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Reason of an article that no reviewer has a current label for; final_labels' own reasons are
# gold, majority, single and unresolved (reviewers labelled it but tie).
UNLABELLED = "unlabelled"


def neutralise(value: str) -> str:
    """``value`` with a leading ``'`` if a spreadsheet would take it for a formula; otherwise unchanged."""
    return "'" + value if value.startswith(NEUTRALISE_PREFIXES) else value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every string cell neutralised; numbers and booleans are left as they are."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):  # object or string dtype; bool counts as numeric
            out[column] = out[column].map(lambda v: neutralise(v) if isinstance(v, str) else v)
    return out


def label_columns(codebook: str | Path | Codebook) -> list[str]:
    """The report's label columns: each non-text field and its reason, then the review columns."""
    book = load_codebook(codebook)
    fields = [f.name for f in book.coded_fields]
    return [c for f in fields for c in (f, f"{f}_reason")] + list(REVIEW_COLUMNS)


def report_frame(corpus: Articles, labels_dir: str | Path, codebook: str | Path | Codebook,
                 disagree_on: str = "required") -> pd.DataFrame:
    """One row per corpus article, in corpus order: id, title, sha256, every score, then the final labels.

    Final labels come from :func:`annotate.labels.merge.final_labels` (gold, else a unique majority,
    else "unresolved"). An article nobody labelled gets empty values, reason "unlabelled",
    ``n_reviewers`` 0 and ``disagree`` False; ``disagree_on`` is passed to ``final_labels``. Labels of
    articles not in the corpus are left out and listed in ``frame.attrs["not_in_corpus"]``; unreadable label
    lines are in ``frame.attrs["problems"]``.
    """
    book = load_codebook(codebook)
    if not Path(labels_dir).is_dir():
        raise FileNotFoundError(f"{labels_dir}: no such labels folder")
    scores = score_corpus(corpus)
    labels = read_labels(labels_dir, book, include_gold=True)
    by_article = _final_by_article(final_labels(labels, book, disagree_on))
    fields = [f.name for f in book.coded_fields]
    rows = [_label_row(by_article.get(str(a)), fields) for a in scores["id"]]
    labelled = pd.DataFrame(rows, columns=label_columns(book), index=scores.index)
    labelled = labelled.astype({"n_reviewers": int, "disagree": bool})
    frame = pd.concat([scores, labelled], axis=1)
    frame.attrs["problems"] = list(labels.attrs.get("problems", []))
    frame.attrs["not_in_corpus"] = sorted(set(by_article) - set(scores["id"].astype(str)))
    return frame


def _final_by_article(final: pd.DataFrame) -> dict[str, dict[str, Any]]:
    return {str(r["article_id"]): {str(k): v for k, v in r.items()} for r in final.to_dict("records")}


def _label_row(final: dict[str, Any] | None, fields: list[str]) -> dict[str, object]:
    row: dict[str, object] = {}
    for f in fields:
        row[f] = "" if final is None else _text(final.get(f))
        row[f"{f}_reason"] = UNLABELLED if final is None else _text(final.get(f"{f}_reason"))
    if final is None:
        return {**row, "n_reviewers": 0, "reviewers": "", "disagree": False, "disagree_fields": ""}
    row["n_reviewers"] = int(final.get("n_reviewers") or 0)
    row["reviewers"] = _text(final.get("reviewers"))
    row["disagree"] = bool(final.get("disagree"))
    row["disagree_fields"] = _text(final.get("disagree_fields"))
    return row


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def export_report(corpus: Articles, labels_dir: str | Path, codebook: str | Path | Codebook,
                  path: str | Path, *, raw: bool = False, excel: bool = False, disagree_on: str = "required") -> Path:
    """Write :func:`report_frame` to ``path`` atomically, as UTF-8; returns the path written.

    Text cells a spreadsheet would run as a formula are neutralised (see :func:`neutralise`) unless
    ``raw``; ``excel`` adds a byte order mark so Excel reads the file as UTF-8.
    """
    return write_report(report_frame(corpus, labels_dir, codebook, disagree_on), path, raw=raw, excel=excel)


def write_report(frame: pd.DataFrame, path: str | Path, *, raw: bool = False, excel: bool = False) -> Path:
    """Write a :func:`report_frame` as :func:`export_report` does."""
    if not raw:
        frame = neutralise_frame(frame)
    return write_csv_atomic(frame, path, encoding="utf-8-sig" if excel else "utf-8")
