"""The report's charts: findings against source quality says in words when there is nothing to plot."""
from __future__ import annotations

import warnings

import pandas as pd

from annotate.labels import read_labels
from annotate.report.plots import findings_vs_quality
from tests.conftest import ROOT

DEMO = ROOT / "labels" / "demo"
REPORT = pd.DataFrame({"id": ["a", "b"], "n_artifacts": [3, 0]})


def _texts(fig: object) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]  # type: ignore[attr-defined]


def test_no_rating_yet_is_said_in_words_without_a_warning() -> None:
    labels = pd.DataFrame({"article_id": ["a", "b"], "reviewer": ["r1", "r1"], "source_quality": ["", None]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warned: "No artists with labels found to put in legend"
        fig = findings_vs_quality(REPORT, labels)
    assert _texts(fig) == ["No reviewer has rated source_quality on these articles yet: nothing to plot."]


def test_a_codebook_without_source_quality_is_said_in_words() -> None:
    labels = pd.DataFrame({"article_id": ["a"], "reviewer": ["r1"], "dominant_frame": ["Conflict"]})
    fig = findings_vs_quality(REPORT, labels)  # raised KeyError: 'source_quality'
    assert _texts(fig) == ["This codebook has no source_quality field: nothing to plot."]


def test_ratings_are_plotted_per_reviewer() -> None:
    labels = read_labels(DEMO, "policy-frames")
    ids = sorted(set(labels["article_id"]))
    report = pd.DataFrame({"id": ids, "n_artifacts": range(len(ids))})
    fig = findings_vs_quality(report, labels)
    (ax,) = fig.axes
    assert ax.get_legend() is not None and len(ax.collections) == labels["reviewer"].nunique()
