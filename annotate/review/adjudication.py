"""Widget-free adjudication: step through the articles reviewers disagree on and save gold labels."""
from __future__ import annotations

import html
from collections import Counter
from collections.abc import Mapping
from typing import Any

import pandas as pd

from annotate.corpus import Article
from annotate.labels.codebooks import MULTI_SEPARATOR, Codebook, Field
from annotate.labels.columns import ADJUDICATE, SKIP
from annotate.labels.merge import check_scope, differing_fields, disagreeing_fields, read_labels
from annotate.review.session import ReviewSession

#: Reviewers who must give the same value before it is offered to the adjudicator as a suggestion.
MIN_VOTES = 2


def others_labels(labels: pd.DataFrame, adjudicator: str) -> pd.DataFrame:
    """The other reviewers' current labels (``read_labels`` rows, gold left out), without the adjudicator's.

    The adjudicator's own labels are left out: they decide the case, they are not one of its votes.
    """
    if labels.empty or "reviewer" not in labels.columns:
        return labels
    return labels[labels["reviewer"] != adjudicator].reset_index(drop=True)


class AdjudicationSession(ReviewSession):
    """An adjudicator going through the articles where reviewers disagree.

    ``disagree_on`` chooses which fields count: "required" (the default) or "all" coded fields. The
    article list is fixed when the session starts (re-create it to pick up new labels). A save appends an
    ``adjudicate`` row to the adjudicator's own file; progress counts adjudicated articles. The reviewers'
    majority values are offered as suggestions, never filled in: a gold label holds only what the
    adjudicator chose or confirmed.
    """

    save_action = ADJUDICATE
    done_actions = frozenset((ADJUDICATE,))
    done_word = "adjudicated"
    role = "Adjudicator"
    task_title = "Adjudicate disagreements"
    options = frozenset({"disagree_on", "scores_file"})
    can_skip = False
    suggests = True

    def __init__(self, *args: Any, disagree_on: str = "required", **kwargs: Any) -> None:
        self.disagree_on = check_scope(disagree_on)
        super().__init__(*args, **kwargs)

    def _select(self, ids: list[str]) -> list[str]:
        # Once: every file is parsed (and warned about) once. Skips are kept only to say who passed an article over.
        read = read_labels(self.labels_dir, self.codebook, include_skips=True)
        skips = others_labels(read[read["action"] == SKIP], self.reviewer) if "action" in read else read.iloc[:0]
        self._skipped_by = {str(a): sorted(map(str, rows["reviewer"])) for a, rows in skips.groupby("article_id")}
        labels = read[read["action"] != SKIP] if "action" in read else read
        self.reviews = others_labels(labels, self.reviewer)
        self._own_labels = "reviewer" in labels.columns and bool((labels["reviewer"] == self.reviewer).any())
        self.disagreed: tuple[str, ...] = ()
        self._suggestions: dict[str, dict[str, dict[str, str]]] = {}
        self.optional_only = 0  # articles the reviewers differ on only in fields this scope leaves out
        if not self.reviews.empty:
            differ = disagreeing_fields(self.reviews, self.codebook)  # one pass over the labels for both scopes
            scope = {f.name for f in self.codebook.coded_fields if f.required or self.disagree_on == "all"}
            self.disagreed = tuple(a for a, names in differ.items() if scope.intersection(names))
            self.optional_only = len(differ) - len(self.disagreed)
            self._suggestions = _suggestions(self.reviews, self.codebook)
        wanted = set(self.disagreed)
        return [i for i in ids if i in wanted]

    def review_rows(self, article: Article | None = None) -> list[dict[str, str]]:
        """Each reviewer's current row for an article (the current one by default), by reviewer id."""
        article = article or self.article
        if article is None or self.reviews.empty:
            return []
        rows = self.reviews[self.reviews["article_id"] == article.id].sort_values("reviewer")
        return [{str(k): "" if pd.isna(v) else str(v) for k, v in r.items()} for r in rows.to_dict("records")]

    def suggestions(self, article: Article | None = None) -> dict[str, dict[str, str]]:
        """Per choice field, the reviewers' unique majority (or only) value and how it came about.

        ``{"primary_frame": {"value": "Economic", "note": "2 of 3 reviewers"}}``; a tie suggests nothing.
        """
        article = article or self.article
        return dict(self._suggestions.get(article.id, {})) if article is not None else {}

    def empty_message(self) -> str:
        scope = "required field" if self.disagree_on == "required" else "coded field"
        others = sorted(set(self.reviews["reviewer"])) if "reviewer" in self.reviews.columns else []
        names = html.escape(", ".join(others))
        if len(others) > 1:
            who = f"The other reviewers ({names}) agree on every {scope} of the articles they labelled."
        elif others:
            who = f"Only one other reviewer ({names}) has labels here: one reviewer alone cannot disagree."
        else:
            who = "No other reviewer has labels here."
        own = (f" Your own labels ({self.reviewer}) are not counted: an adjudicator settles the others' "
               "disagreements; to have yours compared with theirs, let someone else adjudicate."
               if self._own_labels else "")
        return f"<h3>No disagreements to adjudicate</h3><p>{who}{html.escape(own)}</p>{self.done_note()}"

    def done_note(self) -> str:
        """How many articles the reviewers differ on only in fields that are not required, which this list leaves
        out: the export lists them in disagree_fields, and nothing here said they exist."""
        if not self.optional_only:
            return ""
        n = self.optional_only
        optional = ", ".join(f.label or f.name for f in self.codebook.coded_fields if not f.required)
        return (f"<p class='annotate-optional-only'>{n:,} more article{'s' if n != 1 else ''} "
                f"{'differ' if n != 1 else 'differs'} only on fields that are not required "
                f"({html.escape(optional)}). To settle them too, adjudicate disagreements on every coded field "
                "(disagree_on=&quot;all&quot;).</p>")

    def left_open(self, values: Mapping[str, object]) -> list[str]:
        """The single choices and ratings the reviewers differ on that ``values`` leave empty: a gold label's empty
        one settles nothing, so the reviewers' tie stays unresolved (or one reviewer's value stands)."""
        if self.article is None or self.reviews.empty:
            return []
        differ = set(differing_fields(self.reviews[self.reviews["article_id"] == self.article.id], self.codebook))
        return [f.label or f.name for f in self.codebook.coded_fields
                if f.name in differ and f.type != "multi" and not str(values.get(f.name) or "").strip()]

    def skipped_by(self, article: Article | None = None) -> list[str]:
        """The other reviewers whose current row of the article is a skip: they saw it and passed it over."""
        article = article or self.article
        return list(self._skipped_by.get(article.id, [])) if article is not None else []

    def side_html(self) -> str:
        """The view beside the inputs: every reviewer's label of the article, side by side, and who skipped it."""
        if self.article is None:
            return ""
        skipped = self.skipped_by()
        said = (f"<p class='annotate-reviews-skipped'>Skipped by {html.escape(', '.join(skipped))}.</p>"
                if skipped else "")
        return reviews_html(self.review_rows(), self.codebook) + said


def _suggestions(reviews: pd.DataFrame, codebook: Codebook) -> dict[str, dict[str, dict[str, str]]]:
    """Per article and choice field, the unique most common reviewer value with its count; ties give none."""
    names = [f.name for f in codebook.coded_fields if f.name in reviews.columns]
    result: dict[str, dict[str, dict[str, str]]] = {}
    for article_id, rows in reviews.groupby("article_id", sort=True):
        found: dict[str, dict[str, str]] = {}
        for name in names:
            # An empty multiple choice is an answer (merge.answers) and counts among len(rows), but is never
            # suggested: leaving the field empty already gives it (a gold empty multiple choice is the empty set).
            counts = Counter(v for v in rows[name].fillna("").astype(str) if v).most_common()
            # A suggestion is a true majority of the article's reviewers, and at least MIN_VOTES of them:
            # one reviewer's value is no consensus, and 2 of 4 is a plurality, not a majority.
            if counts and counts[0][1] >= MIN_VOTES and 2 * counts[0][1] > len(rows):
                value, votes = counts[0]
                found[name] = {"value": value, "note": f"{votes} of {len(rows)} reviewers"}
        result[str(article_id)] = found
    return result


def reviews_html(rows: list[dict[str, str]], codebook: Codebook) -> str:
    """The reviewers' labels side by side: one column per reviewer, one row per field (all escaped).

    A row where the reviewers' values differ is marked with the class ``annotate-differs``.
    """
    if not rows:
        return "<p class='annotate-reviews-empty'>No reviewer labels for this article.</p>"
    head = "".join(f"<th>{html.escape(r.get('reviewer', ''))}</th>" for r in rows)
    ranked: list[tuple[int, str]] = []
    for field in codebook.fields:
        values = [r.get(field.name, "") for r in rows]
        differs = len(set(values)) > 1 and field.coded
        cells = "".join(f"<td>{_cell(field, v)}</td>" for v in values)
        mark = " class='annotate-differs'" if differs else ""
        required = " *" if field.required else ""
        name = html.escape(field.label or field.name)
        # What the adjudicator settles comes first, then the notes that say why, then what the reviewers agree on:
        # in the panel's short table (9.5 lines at 1366x768) the notes were below its edge.
        rank = 0 if differs else 1 if not field.coded and any(values) else 2
        ranked.append((rank, f"<tr{mark}><th>{name}{required}</th>{cells}</tr>"))
    body = [row for _, row in sorted(ranked, key=lambda pair: pair[0])]
    return f"<table class='annotate-reviews-table'><tr><th></th>{head}</tr>{''.join(body)}</table>"


def _cell(field: Field, value: str) -> str:
    """A stored value for display: multi choices one per line, empty as a dash."""
    if not value:
        return "<span style='color:#999'>–</span>"
    parts = value.split(MULTI_SEPARATOR) if field.type == "multi" else [value]
    return "<br>".join(html.escape(v) for v in parts)
