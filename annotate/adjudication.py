"""Widget-free adjudication: step through the articles reviewers disagree on and save gold labels."""
from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from .codebooks import MULTI_SEPARATOR, Codebook, Field
from .corpus import Article
from .labels import ADJUDICATE
from .report_labels import disagreements, final_labels, read_labels
from .review import ReviewSession

#: Final-label reasons whose value is a fair starting point for the adjudicator's inputs; a tie
#: ("unresolved") prefills nothing, so the adjudicator has to decide.
PREFILL_REASONS = frozenset(("majority", "single"))


def reviewer_labels(labels_dir: str | Path, codebook: Codebook, adjudicator: str) -> pd.DataFrame:
    """Every other reviewer's current labels (gold rows left out, as ``read_labels`` does by default).

    The adjudicator's own labels are left out too: they decide the case, they are not one of its votes.
    """
    labels = read_labels(labels_dir, codebook)
    if labels.empty or "reviewer" not in labels.columns:
        return labels
    return labels[labels["reviewer"] != adjudicator].reset_index(drop=True)


class AdjudicationSession(ReviewSession):
    """An adjudicator going through the articles where reviewers disagree on a required field.

    The article list is fixed when the session starts (re-create it to pick up new labels). A save
    appends an ``adjudicate`` row to the adjudicator's own file; progress counts adjudicated articles.
    """

    save_action = ADJUDICATE
    done_actions = frozenset((ADJUDICATE,))
    done_word = "adjudicated"

    def _select(self, articles: list[Article]) -> list[Article]:
        self.reviews = reviewer_labels(self.labels_dir, self.codebook, self.reviewer)
        self.disagreed: tuple[str, ...] = ()
        self._majority: dict[str, dict[str, str]] = {}
        if not self.reviews.empty:
            self.disagreed = tuple(disagreements(self.reviews, self.codebook))
            self._majority = _prefill_values(final_labels(self.reviews, self.codebook), self.codebook)
        wanted = set(self.disagreed)
        return [a for a in articles if a.id in wanted]

    def review_rows(self, article: Article | None = None) -> list[dict[str, str]]:
        """Each reviewer's current row for an article (the current one by default), by reviewer id."""
        article = article or self.article
        if article is None or self.reviews.empty:
            return []
        rows = self.reviews[self.reviews["article_id"] == article.id].sort_values("reviewer")
        return [{str(k): "" if pd.isna(v) else str(v) for k, v in r.items()} for r in rows.to_dict("records")]

    def majority(self, article: Article | None = None) -> dict[str, str]:
        """The reviewers' unique majority (or only) value per choice field; "" where they tie."""
        article = article or self.article
        return dict(self._majority.get(article.id, {})) if article is not None else {}

    def prefill(self, stored: dict[str, str] | None) -> dict[str, str] | None:
        """The adjudicator's gold label if there is one, else the reviewers' majority values."""
        if stored and stored.get("action") == ADJUDICATE:
            return stored
        return self.majority() or None

    def skip(self) -> dict[str, str]:
        # A skip row in the adjudicator's file would hide their own label of the article, if they have one.
        raise ValueError("adjudication has no skip: use → to pass over an article")


def _prefill_values(final: pd.DataFrame, codebook: Codebook) -> dict[str, dict[str, str]]:
    if "article_id" in final.columns:
        final = final.set_index("article_id")
    names = [f.name for f in codebook.fields if f.type != "text" and f.name in final.columns]
    result: dict[str, dict[str, str]] = {}
    for article_id, row in final.iterrows():
        result[str(article_id)] = {
            n: str(row[n]) if str(row.get(f"{n}_reason", "")) in PREFILL_REASONS else "" for n in names}
    return result


def reviews_html(rows: list[dict[str, str]], codebook: Codebook) -> str:
    """The reviewers' labels side by side: one column per reviewer, one row per field (all escaped).

    A row where the reviewers' values differ is marked with the class ``annotate-differs``.
    """
    if not rows:
        return "<p class='annotate-reviews-empty'>No reviewer labels for this article.</p>"
    head = "".join(f"<th>{html.escape(r.get('reviewer', ''))}</th>" for r in rows)
    body = []
    for field in codebook.fields:
        values = [r.get(field.name, "") for r in rows]
        differs = len(set(values)) > 1 and field.type != "text"
        cells = "".join(f"<td>{_cell(field, v)}</td>" for v in values)
        mark = " class='annotate-differs'" if differs else ""
        required = " *" if field.required else ""
        name = html.escape(field.label or field.name)
        body.append(f"<tr{mark}><th>{name}{required}</th>{cells}</tr>")
    return f"<table class='annotate-reviews-table'><tr><th></th>{head}</tr>{''.join(body)}</table>"


def _cell(field: Field, value: str) -> str:
    """A stored value for display: multi choices one per line, empty as a dash."""
    if not value:
        return "<span style='color:#999'>–</span>"
    parts = value.split(MULTI_SEPARATOR) if field.type == "multi" else [value]
    return "<br>".join(html.escape(v) for v in parts)
