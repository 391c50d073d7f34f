"""Inter-reviewer agreement per codebook field: percent agreement, Krippendorff's alpha and Cohen's kappa."""
from __future__ import annotations

import math
from itertools import combinations
from pathlib import Path
from typing import Literal

import krippendorff
import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from annotate.labels.codebooks import MULTI_SEPARATOR, Codebook, CodebookError, Field, bundled_codebooks, load_codebook
from annotate.labels.merge import reviewer_rows

AGREEMENT_COLUMNS = ["field", "level", "items", "reviewers", "percent_agreement", "alpha"]
KAPPA_COLUMNS = ["field", "weights", "reviewer_a", "reviewer_b", "items", "kappa"]
#: Cohen's kappa weights per field type: a rating's near miss (4 against 5) is a smaller disagreement than a far
#: one (1 against 5), and quadratic weights are the usual choice for ordinal scales (Fleiss & Cohen 1973: then
#: kappa equals the intraclass correlation); single choices are nominal, every difference counts the same.
KAPPA_WEIGHTS = {"single": "none", "rating": "quadratic"}
LEVELS = {"single": "nominal", "multi": "nominal", "rating": "ordinal"}
Level = Literal["nominal", "ordinal", "interval", "ratio"]
KNOWN_LEVELS: tuple[Level, ...] = ("nominal", "ordinal", "interval", "ratio")


def krippendorff_alpha(reliability_data: ArrayLike, level: str) -> float:
    """Krippendorff's alpha of a reviewers x items matrix of numbers (NaN = no value), at ``level``.

    NaN where alpha is undefined: no item has two values, or all paired values are the same
    (no variation, so expected disagreement is 0), which the ``krippendorff`` package refuses.
    """
    if level not in KNOWN_LEVELS:
        raise ValueError(f"level {level!r} is not one of {', '.join(KNOWN_LEVELS)}")
    data = np.asarray(reliability_data, dtype=float)
    if data.ndim != 2:
        raise ValueError(f"reliability data must be 2-D (reviewers x items), got shape {data.shape}")
    pairable = data[:, (~np.isnan(data)).sum(axis=0) >= 2]
    if pairable.size == 0 or np.unique(pairable[~np.isnan(pairable)]).size < 2:
        return math.nan
    return float(krippendorff.alpha(reliability_data=pairable, level_of_measurement=level))


def percent_agreement(reliability_data: ArrayLike) -> float:
    """Share of equal pairs among all pairs of values two reviewers gave the same item (NaN if none)."""
    data = np.asarray(reliability_data, dtype=float)
    agree = pairs = 0
    for column in data.T:
        values = column[~np.isnan(column)]
        m = values.size
        if m < 2:
            continue
        counts = np.unique(values, return_counts=True)[1]
        agree += int((counts * (counts - 1)).sum() // 2)
        pairs += m * (m - 1) // 2
    return agree / pairs if pairs else math.nan


def _resolve(labels: pd.DataFrame, codebook: str | Path | Codebook | None, caller: str) -> Codebook | None:
    """The codebook given, else the one the labels name: it must be bundled, since a label row holds only an id."""
    if codebook is not None:
        return load_codebook(codebook)
    names = sorted(set(labels["codebook"].dropna())) if "codebook" in labels.columns else []
    if len(names) > 1:
        raise CodebookError(f"labels come from several codebooks ({', '.join(names)}); pass codebook=")
    if not names:
        if labels.empty:
            return None
        raise CodebookError("labels have no 'codebook' column; pass codebook=")
    if names[0] not in bundled_codebooks():
        raise CodebookError(
            f"the labels are of codebook {names[0]!r}, which is not bundled (bundled codebooks: "
            f"{', '.join(bundled_codebooks())}): pass your codebook as codebook=, the YAML file you gave read_labels "
            f"(or the Codebook it loads), e.g. {caller}(labels, codebook=\"path/to/codebook.yaml\")")
    return load_codebook(names[0])


def _matrix(rows: pd.DataFrame, name: str,
            code: dict[str, float]) -> tuple[NDArray[np.float64], list[str]]:
    """Reviewers x articles matrix of ``code[value]``; NaN where a reviewer gave no value."""
    reviewers = sorted(str(r) for r in set(rows["reviewer"]))
    articles = {a: i for i, a in enumerate(sorted(set(rows["article_id"])))}
    where = {r: i for i, r in enumerate(reviewers)}
    data = np.full((len(reviewers), len(articles)), np.nan)
    for reviewer, article, value in zip(rows["reviewer"], rows["article_id"], rows[name], strict=True):
        coded = code.get(value, math.nan) if isinstance(value, str) else math.nan
        data[where[str(reviewer)], articles[article]] = coded
    return data, reviewers


def _row(name: str, level: str, data: NDArray[np.float64]) -> dict[str, object]:
    has_value = ~np.isnan(data)
    return {"field": name, "level": level, "items": int((has_value.sum(axis=0) >= 2).sum()),
            "reviewers": int(has_value.any(axis=1).sum()),
            "percent_agreement": percent_agreement(data), "alpha": krippendorff_alpha(data, level)}


def _codes(field: Field) -> dict[str, float]:
    if field.type == "rating":  # ordinal on the ratings' own numbers
        return {o: float(o) for o in field.options}
    return {o: float(i) for i, o in enumerate(field.options)}


def _multi_rows(rows: pd.DataFrame, field: Field) -> list[dict[str, object]]:
    """One binary (chosen or not) row per option, then their mean; a label row with the field empty
    chose no option, so it counts as "absent" for every option."""
    result: list[dict[str, object]] = []
    for option in field.options:
        present = rows.assign(**{field.name: [
            "1" if option in str(v).split(MULTI_SEPARATOR) else "0" for v in rows[field.name].fillna("")]})
        data, _ = _matrix(present, field.name, {"0": 0.0, "1": 1.0})
        result.append(_row(f"{field.name}={option}", "nominal", data))
    mean = pd.DataFrame(result)
    result.append({"field": f"{field.name} (mean)", "level": "nominal",
                   "items": int(mean["items"].max()), "reviewers": int(mean["reviewers"].max()),
                   "percent_agreement": _nanmean(mean["percent_agreement"]),
                   "alpha": _nanmean(mean["alpha"])})
    return result


def _nanmean(values: pd.Series) -> float:
    """Mean over the defined values (an option nobody ever chose has no alpha); NaN if none is defined."""
    defined = values.dropna()
    return float(defined.mean()) if len(defined) else math.nan


def agreement(labels: pd.DataFrame, codebook: str | Path | Codebook | None = None) -> pd.DataFrame:
    """Agreement per coded field of ``read_labels(...)``: items, reviewers, percent agreement and alpha.

    Single-choice fields are nominal, ratings ordinal on their numbers; a multiple-choice field gets a
    binary row per option ("field=option") plus "field (mean)". Text fields are skipped.
    """
    book = _resolve(labels, codebook, "agreement")
    if book is None:
        return pd.DataFrame(columns=AGREEMENT_COLUMNS)
    rows = reviewer_rows(labels)
    result: list[dict[str, object]] = []
    for field in book.fields:
        if field.type == "multi":
            result.extend(_multi_rows(rows, field))
        elif field.type in LEVELS:
            data, _ = _matrix(rows, field.name, _codes(field))
            result.append(_row(field.name, LEVELS[field.type], data))
    frame = pd.DataFrame(result, columns=AGREEMENT_COLUMNS)
    return frame.astype({"items": int, "reviewers": int, "percent_agreement": float, "alpha": float})


def _kappa(a: NDArray[np.float64], b: NDArray[np.float64]) -> float:
    """Cohen's kappa of two raters' codes on the same items: (p_o - p_e) / (1 - p_e)."""
    p_o = float(np.mean(a == b))
    categories = np.union1d(a, b)
    p_e = float(sum(np.mean(a == c) * np.mean(b == c) for c in categories))
    return (p_o - p_e) / (1 - p_e) if p_e < 1 else math.nan


def _quadratic_kappa(a: NDArray[np.float64], b: NDArray[np.float64]) -> float:
    """Cohen's kappa with quadratic weights of two raters' numbers on the same n items: 1 - D_o / D_e, where
    D_o is the mean squared difference on each item and D_e the mean over all n^2 pairs of one rater's value
    with the other's (chance). Both are kept as sums over n^2 pairs, which on whole-number ratings are exact
    integers, so a kappa of 0 prints 0.000, not the -0.000 of float noise. NaN when D_e is 0 (one value)."""
    n = a.size
    observed = n * float(np.sum((a - b) ** 2))
    expected = n * float(np.sum(a * a)) + n * float(np.sum(b * b)) - 2 * float(np.sum(a)) * float(np.sum(b))
    return 1 - observed / expected if expected > 0 else math.nan


def cohen_kappa(labels: pd.DataFrame, codebook: str | Path | Codebook | None = None) -> pd.DataFrame:
    """Cohen's kappa for every pair of reviewers on every single-choice field (unweighted) and every rating
    (quadratic weights, see KAPPA_WEIGHTS), on the items both coded; ``weights`` says which."""
    book = _resolve(labels, codebook, "cohen_kappa")
    result: list[dict[str, object]] = []
    rows = reviewer_rows(labels)
    for field in book.fields if book is not None else ():
        if field.type not in KAPPA_WEIGHTS:
            continue
        kappa_of = _kappa if field.type == "single" else _quadratic_kappa
        data, reviewers = _matrix(rows, field.name, _codes(field))
        if np.isnan(data).all():  # nobody gave it a value (an optional rating left alone): nothing to compare
            continue
        for (i, a), (j, b) in combinations(enumerate(reviewers), 2):
            both = ~np.isnan(data[i]) & ~np.isnan(data[j])
            kappa = kappa_of(data[i, both], data[j, both]) if both.any() else math.nan
            result.append({"field": field.name, "weights": KAPPA_WEIGHTS[field.type], "reviewer_a": a,
                           "reviewer_b": b, "items": int(both.sum()), "kappa": kappa})
    frame = pd.DataFrame(result, columns=KAPPA_COLUMNS)
    return frame.astype({"items": int, "kappa": float})
