"""One report row per article: its scores, its final labels and whether reviewers disagree, as a safe CSV."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from annotate.corpus import Articles
from annotate.csvio import NEUTRALISE_PREFIXES as NEUTRALISE_PREFIXES  # now in csvio for every CSV writer;
from annotate.csvio import neutralise as neutralise  # both stay importable from here, where they began
from annotate.csvio import neutralise_frame, write_csv_atomic
from annotate.labels.codebooks import Codebook, load_codebook
from annotate.labels.columns import ADJUDICATE, SKIP
from annotate.labels.merge import REVIEW_COLUMNS, UNANSWERED, final_labels, read_labels, reviewer_rows
from annotate.scoring.tables import score_corpus

# Reason of an article that no reviewer has a current label for; final_labels' own reasons are
# gold, majority, single, unresolved (reviewers labelled it but tie) and unanswered (nobody gave a value).
UNLABELLED = "unlabelled"
# Reason of an article whose every label was saved on an earlier text of it: labelled, but due for review again.
STALE = "stale"
# The export's column counting an article's labels (gold ones too) left out as saved on an earlier text.
STALE_COLUMN = "n_stale"
# Reason of an article that reviewers only skipped (saw and passed over), and the column counting its skips.
SKIPPED = "skipped"
SKIPPED_COLUMN = "n_skipped"


def label_columns(codebook: str | Path | Codebook) -> list[str]:
    """The report's label columns: each coded field and its reason, each text field (the reviewers' notes), the
    stale count, then the review columns."""
    book = load_codebook(codebook)
    fields = [f.name for f in book.coded_fields]
    return [c for f in fields for c in (f, f"{f}_reason")] + [*_text_fields(book), STALE_COLUMN, SKIPPED_COLUMN,
                                                              *REVIEW_COLUMNS]


def _text_fields(book: Codebook) -> tuple[str, ...]:
    coded = {f.name for f in book.coded_fields}
    return tuple(name for name in book.field_names if name not in coded)


def collected_notes(labels: pd.DataFrame, book: Codebook) -> dict[str, dict[str, str]]:
    """Each article's text fields (notes), one line per current label that wrote one: "name: text", an
    adjudicator's as "name (adjudication): text", a skip's as "name (skipped): text". Reviewers come by name,
    adjudications after them by time.

    Notes are why a reviewer chose what they chose; a standards editor reading the export needs them beside
    the final label, and they are never merged into one value.
    """
    notes: dict[str, dict[str, str]] = {}
    names = _text_fields(book)
    if not names or labels.empty:
        return notes
    gold = labels["action"] == ADJUDICATE
    adjudications = labels[gold].sort_values("saved_at", kind="stable") if "saved_at" in labels else labels[gold]
    order = pd.concat([labels[~gold].sort_values("reviewer", kind="stable"), adjudications])
    order["_gold"] = order["action"] == ADJUDICATE
    for name in names:
        for row in order.loc[order[name].fillna("").astype(str).str.strip() != ""].to_dict("records"):
            who = f"{row['reviewer']} ({'adjudication' if row['_gold'] else 'skipped'})" \
                if row["_gold"] or row["action"] == SKIP else str(row["reviewer"])
            article, line = notes.setdefault(str(row["article_id"]), {}), f"{who}: {row[name]}"
            article[name] = f"{article[name]}\n{line}" if name in article else line
    return notes


def report_frame(corpus: Articles, labels_dir: str | Path, codebook: str | Path | Codebook,
                 disagree_on: str = "required") -> pd.DataFrame:
    """One row per corpus article, in corpus order: id, title, sha256, every score, then the final labels.

    Final labels come from :func:`annotate.labels.merge.final_labels` (gold, else a unique majority,
    else an empty value with the reason "unresolved" or "unanswered"). An article nobody labelled gets empty
    values, reason "unlabelled", ``n_reviewers`` 0 and ``disagree`` False; ``disagree_on`` is passed to
    ``final_labels``. Labels of articles not in the corpus are left out and listed in
    ``frame.attrs["not_in_corpus"]``; unreadable label lines are in ``frame.attrs["problems"]``. A label saved
    on an earlier text of its article (its ``article_sha256`` is not the text's in the corpus) judged another
    text: it is left out, gold labels too, and counted in the article's ``n_stale`` column, in
    ``frame.attrs["stale_labels"]``, their articles' ids in ``attrs["stale_articles"]``. An article whose every
    label is stale has the reason "stale" instead of "unlabelled": labelled, but to be reviewed again; one that
    reviewers only skipped has the reason "skipped", and ``n_skipped`` counts each article's skips. Each text
    field of the codebook (notes) is a column of every current label's note, named (see :func:`collected_notes`).
    """
    rows = ReportRows(labels_dir, codebook, disagree_on)
    frame = rows.add(score_corpus(corpus))
    frame.attrs.update(rows.attrs())
    return frame


class ReportRows:
    """:func:`report_frame`'s rows for score tables that come a part at a time, so that an export of a million
    articles holds one part and the labels, never the corpus.

    The labels are read once. An article's label columns depend on its own labels and its own sha256 only, so
    the rows of the parts, one after another, are the rows :func:`report_frame` gives for the whole corpus.
    """

    def __init__(self, labels_dir: str | Path, codebook: str | Path | Codebook,
                 disagree_on: str = "required") -> None:
        self.book = load_codebook(codebook)
        if not Path(labels_dir).is_dir():
            raise FileNotFoundError(f"{labels_dir}: no such labels folder")
        self.read = read_labels(labels_dir, self.book, include_gold=True, include_skips=True)
        self.disagree_on = disagree_on
        self._ids = self.read["article_id"].astype(str)
        self._unmet = set(self._ids)  # labelled articles not yet met in the corpus
        self._stale_labels = 0
        self._stale_articles: set[str] = set()

    @property
    def columns(self) -> list[str]:
        """The label columns that follow the score columns."""
        return label_columns(self.book)

    def add(self, scores: pd.DataFrame) -> pd.DataFrame:
        """The report rows of the articles in ``scores`` (a :func:`score_corpus` table), in its order."""
        book, ids = self.book, scores["id"].astype(str)
        read = self.read[self._ids.isin(set(ids))]
        self._unmet.difference_update(ids)
        skipping = read["action"] == SKIP
        # Ids are unique in a corpus, so one sha256 per id is the text every current label must name.
        current = dict(zip(ids, scores["sha256"].astype(str), strict=True))
        labels, stale = split_stale(read[~skipping], current)
        skips = split_stale(read[skipping], current)[0]
        n_skipped = skips["article_id"].astype(str).value_counts()
        by_article = _final_by_article(final_labels(labels, book, self.disagree_on))
        notes = collected_notes(pd.concat([labels, skips]), book)
        fields = [f.name for f in book.coded_fields]
        n_stale = stale["article_id"].astype(str).value_counts()
        rows = [{**_label_row(by_article.get(a), fields, int(n_stale.get(a, 0)), int(n_skipped.get(a, 0))),
                 **{name: notes.get(a, {}).get(name, "") for name in _text_fields(book)}} for a in ids]
        labelled = pd.DataFrame(rows, columns=self.columns, index=scores.index)
        labelled = labelled.astype({STALE_COLUMN: int, SKIPPED_COLUMN: int, "n_reviewers": int, "disagree": bool})
        self._stale_labels += len(stale)
        self._stale_articles.update(stale["article_id"].astype(str))
        return pd.concat([scores, labelled], axis=1)

    def attrs(self) -> dict[str, Any]:
        """What :func:`report_frame` puts in ``frame.attrs``, for the parts added so far."""
        unmet = self.read[self._ids.isin(self._unmet) & (self.read["action"] != SKIP)]
        return {"problems": list(self.read.attrs.get("problems", [])),
                "not_in_corpus": sorted(_final_by_article(final_labels(unmet, self.book, self.disagree_on))),
                "stale_labels": self._stale_labels, "stale_articles": sorted(self._stale_articles)}


def split_stale(labels: pd.DataFrame, current: Mapping[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(labels on an article's current text, labels on an earlier text of it).

    ``current`` maps each article id to the sha256 of its text now. A label without a sha256 (a hand-made
    row) cannot be checked and is kept; so is one of an article not in ``current``, which the caller
    reports as such.
    """
    pairs = zip(labels["article_id"].astype(str), labels["article_sha256"].fillna("").astype(str), strict=True)
    stale = pd.Series([bool(sha) and i in current and sha != current[i] for i, sha in pairs],
                      index=labels.index, dtype=bool)
    return labels[~stale], labels[stale]


def mixed_texts(labels: pd.DataFrame) -> list[str]:
    """Ids of articles whose reviewers' labels name more than one sha256: they judged different texts."""
    rows = reviewer_rows(labels)
    shas = rows.loc[rows["article_sha256"].fillna("").astype(str) != "", ["article_id", "article_sha256"]]
    counts = shas.astype(str).drop_duplicates().groupby("article_id").size()
    return sorted(str(i) for i in counts[counts > 1].index)


def _final_by_article(final: pd.DataFrame) -> dict[str, dict[str, Any]]:
    return {str(r["article_id"]): {str(k): v for k, v in r.items()} for r in final.to_dict("records")}


def _label_row(final: dict[str, Any] | None, fields: list[str], n_stale: int, n_skipped: int) -> dict[str, object]:
    row: dict[str, object] = {}
    nothing = STALE if n_stale else SKIPPED if n_skipped else UNLABELLED
    # Only a gold label counts (the reviewers' labels are stale): a field it leaves empty is stale, not unanswered.
    stale_only = final is not None and not final.get("n_reviewers") and n_stale
    for f in fields:
        row[f] = "" if final is None else _text(final.get(f))
        reason = nothing if final is None else _text(final.get(f"{f}_reason"))
        row[f"{f}_reason"] = STALE if stale_only and reason == UNANSWERED else reason
    row[STALE_COLUMN], row[SKIPPED_COLUMN] = n_stale, n_skipped
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
