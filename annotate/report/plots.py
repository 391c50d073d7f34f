"""Small matplotlib charts for the report: frame counts, findings by source quality, hedges and quotes."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Article ids can be long slugs; the axis shows this many characters of each.
ID_CHARS = 24
# Horizontal gap between reviewers' points at one rating: a third of the gap between ratings fits three.
DODGE = 0.12
# Points are named by the start of the article id: seed ids start with a three-digit number.
POINT_LABEL_CHARS = 3


def _figure(width: float, height: float) -> Figure:
    """A new figure; matplotlib is imported when a chart is drawn, never by ``import annotate``."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height))


def _short(ids: pd.Series) -> list[str]:
    return [i if len(i) <= ID_CHARS else i[:ID_CHARS - 1] + "…" for i in ids.astype(str)]


def frame_distribution(labels: pd.DataFrame, field: str = "primary_frame") -> Figure:
    """Horizontal stacked bars: how often each reviewer chose each value of ``field`` (read_labels rows)."""
    counts = pd.crosstab(labels[field], labels["reviewer"]).sort_index(ascending=False)
    fig = _figure(8, 0.45 * len(counts) + 1.2)
    ax = fig.subplots()
    counts.plot.barh(stacked=True, ax=ax, width=0.7)
    ax.set_xlabel("articles")
    ax.set_ylabel("")
    ax.set_title(f"{field} by reviewer")
    ax.legend(title="reviewer", loc="lower right")
    fig.tight_layout()
    return fig


def findings_vs_quality(report: pd.DataFrame, labels: pd.DataFrame, findings: str = "n_artifacts") -> Figure:
    """Each reviewer's source_quality rating of an article against the article's ``findings`` count.

    With no rating to plot (nobody rated source quality yet, or the codebook has no such field) the figure says
    so in words, instead of an empty chart and matplotlib's warning about a legend with nothing in it.
    """
    fig = _figure(7, 4)
    ax = fig.subplots()
    if "source_quality" not in labels.columns:
        return _says(fig, ax, "This codebook has no source_quality field: nothing to plot.")
    ratings = labels[["article_id", "reviewer", "source_quality"]].copy()
    ratings["source_quality"] = pd.to_numeric(ratings["source_quality"], errors="coerce")
    merged = ratings.dropna().merge(report[["id", findings]], left_on="article_id", right_on="id")
    if merged.empty:
        return _says(fig, ax, "No reviewer has rated source_quality on these articles yet: nothing to plot.")
    reviewers = sorted(merged["reviewer"].unique())
    for i, reviewer in enumerate(reviewers):
        rows = merged[merged["reviewer"] == reviewer]
        shift = (i - (len(reviewers) - 1) / 2) * DODGE  # side by side: equal ratings do not hide each other
        ax.scatter(rows["source_quality"] + shift, rows[findings], label=str(reviewer), alpha=0.85, s=50)
    for _, row in report.iterrows():
        ax.annotate(str(row["id"])[:POINT_LABEL_CHARS], (5.3, row[findings]), fontsize=8, va="center")
    ax.set_xticks(range(1, 6))
    ax.set_xlim(0.5, 5.7)
    ax.set_xlabel("source_quality (1 = no sources, 5 = primary sources)")
    ax.set_ylabel(findings)
    ax.set_title(f"{findings} against each reviewer's source_quality rating")
    ax.legend(title="reviewer")
    fig.tight_layout()
    return fig


def _says(fig: Figure, ax: Axes, message: str) -> Figure:
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", wrap=True)
    return fig


def hedging_and_quotes(report: pd.DataFrame) -> Figure:
    """Two panels per article: hedges per 100 words, and the share of text inside direct quotes."""
    fig = _figure(9, 0.4 * len(report) + 1.5)
    left, right = fig.subplots(1, 2, sharey=True)
    names = _short(report["id"])
    left.barh(names, report["hedges_per_100_words"], color="tab:orange")
    left.set_xlabel("hedges per 100 words")
    right.barh(names, report["quote_share"], color="tab:blue")
    right.set_xlabel("quote share (characters in direct quotes)")
    left.invert_yaxis()
    fig.tight_layout()
    return fig
