"""Agreement: Krippendorff's worked example, degenerate cases, ratings, multi options, Cohen's kappa."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from annotate.labels.codebooks import Codebook, parse_codebook
from annotate.report.agreement import agreement, cohen_kappa, krippendorff_alpha, percent_agreement

NAN = math.nan
# Krippendorff, K. (2011), "Computing Krippendorff's Alpha-Reliability", Annenberg School for
# Communication, University of Pennsylvania, section C: 4 observers x 12 units, nominal data with
# missing values ("." in the paper); alpha = 0.743 (nominal), 0.815 (ordinal) there.
KRIPPENDORFF_2011 = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    "C": [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
}
TEST_CODEBOOK = """
id: agreement-test
version: "1"
fields:
  - {name: value, type: single, options: ["1", "2", "3", "4", "5"], required: true}
  - {name: score, type: rating, options: [1, 2, 3, 4, 5]}
  - {name: topics, type: multi, options: [A, B, C]}
  - {name: notes, type: text}
"""


@pytest.fixture(scope="module")
def book() -> Codebook:
    return parse_codebook(TEST_CODEBOOK, "test")


def frame(rows: list[tuple[str, str, dict[str, str]]], action: str = "label") -> pd.DataFrame:
    """A labels table as read_labels returns it, from (reviewer, article_id, values) triples."""
    records = [{"reviewer": r, "article_id": a, "action": action, "codebook": "agreement-test",
                "value": "", "score": "", "topics": "", "notes": "", **values} for r, a, values in rows]
    return pd.DataFrame(records, dtype=object)


def example_rows(field: str) -> list[tuple[str, str, dict[str, str]]]:
    return [(coder, f"u{unit:02d}", {field: str(int(v))})
            for coder, values in KRIPPENDORFF_2011.items()
            for unit, v in enumerate(values, start=1) if not math.isnan(v)]


def row(table: pd.DataFrame, field: str) -> pd.Series:
    (index,) = table.index[table["field"] == field]
    return table.loc[index]


def test_krippendorff_example_directly() -> None:
    data = np.array(list(KRIPPENDORFF_2011.values()))
    assert round(krippendorff_alpha(data, "nominal"), 3) == 0.743
    assert round(krippendorff_alpha(data, "ordinal"), 3) == 0.815


def test_krippendorff_example_through_agreement(book: Codebook) -> None:
    labels = frame(example_rows("value"))
    # A skipped or gold row is not a reviewer's coding and must not change the result.
    gold = frame([("E", "u06", {"value": "1"})], action="adjudicate")
    labels = pd.concat([labels, gold], ignore_index=True)
    table = agreement(labels, book)
    value = row(table, "value")
    assert value["level"] == "nominal"
    assert round(value["alpha"], 3) == 0.743
    # Units 1-11 have >= 2 values (unit 12 only B's). Equal pairs per unit:
    # 3/3, 3/6, 6/6, 6/6, 6/6, 0/6, 6/6, 3/6, 6/6, 3/3, 1/1 -> 43 of 55 pairs.
    assert (value["items"], value["reviewers"]) == (11, 4)
    assert value["percent_agreement"] == pytest.approx(43 / 55)
    assert list(table["field"]) == ["value", "score", "topics=A", "topics=B", "topics=C", "topics (mean)"]


def test_ratings_are_ordinal(book: Codebook) -> None:
    table = agreement(frame(example_rows("score")), book)
    score = row(table, "score")
    assert score["level"] == "ordinal"
    assert round(score["alpha"], 3) == 0.815


def test_small_ordinal_by_hand(book: Codebook) -> None:
    # Two reviewers, units (1,1), (2,3), (3,3): n1=2, n2=1, n3=3, n=6. Ordinal distances
    # d(c,k) = (sum_{g=c..k} n_g - (n_c+n_k)/2)^2: d12=2.25, d23=4, d13=12.25.
    # Do = 2*4/6, De = 2*(2*1*2.25 + 1*3*4 + 2*3*12.25)/(6*5) = 6 -> alpha = 1 - (8/6)/6 = 7/9.
    # Nominal on the same data: Do = 2/6, De = 2*(2+3+6)/30 -> 6/11.
    rows = [("r1", "a", {"score": "1"}), ("r2", "a", {"score": "1"}), ("r1", "b", {"score": "2"}),
            ("r2", "b", {"score": "3"}), ("r1", "c", {"score": "3"}), ("r2", "c", {"score": "3"})]
    assert row(agreement(frame(rows), book), "score")["alpha"] == pytest.approx(7 / 9)
    assert krippendorff_alpha([[1, 2, 3], [1, 3, 3]], "nominal") == pytest.approx(6 / 11)


def test_one_reviewer_has_no_items_and_no_alpha(book: Codebook) -> None:
    labels = frame([("solo", a, {"value": v, "score": v}) for a, v in (("a", "1"), ("b", "2"), ("c", "3"))])
    table = agreement(labels, book)
    assert (table["items"] == 0).all()
    assert table["alpha"].isna().all()
    assert table["percent_agreement"].isna().all()
    assert row(table, "value")["reviewers"] == 1
    assert math.isnan(krippendorff_alpha([[1.0, 2.0, NAN]], "nominal"))
    assert math.isnan(krippendorff_alpha([[1.0, NAN], [NAN, 2.0]], "nominal"))  # no unit has 2 values


def test_complete_agreement(book: Codebook) -> None:
    values = {"a": "1", "b": "2", "c": "2", "d": "5"}
    labels = frame([(r, a, {"value": v, "score": v}) for r in ("r1", "r2", "r3") for a, v in values.items()])
    table = agreement(labels, book)
    for field in ("value", "score"):
        result = row(table, field)
        assert (result["items"], result["reviewers"]) == (4, 3)
        assert result["alpha"] == 1.0
        assert result["percent_agreement"] == 1.0
    # No variation at all: expected disagreement is 0, alpha undefined (0/0), not 1.
    assert math.isnan(krippendorff_alpha([[2, 2], [2, 2]], "nominal"))
    assert percent_agreement([[2, 2], [2, 2]]) == 1.0


def test_multi_field_one_binary_row_per_option_and_mean(book: Codebook) -> None:
    # Option A: r1 1,1,0,0 and r2 1,0,0,0 -> n1=3, n0=5, n=8; one disagreeing unit gives o01=o10=1:
    # Do = 2/8, De = 2*3*5/(8*7) = 30/56 -> alpha = 1 - (2/8)/(30/56) = 16/30.
    # Option B: r1 and r2 agree (1 on d only) -> 1.0.
    # Option C: never chosen -> undefined, left out of the mean.
    rows = [("r1", "a", {"topics": "A"}), ("r2", "a", {"topics": "A"}),
            ("r1", "b", {"topics": "A"}), ("r2", "b", {"topics": ""}),
            ("r1", "c", {"topics": ""}), ("r2", "c", {"topics": ""}),
            ("r1", "d", {"topics": "B"}), ("r2", "d", {"topics": "B"})]
    table = agreement(frame(rows), book)
    assert row(table, "topics=A")["alpha"] == pytest.approx(16 / 30)
    assert row(table, "topics=A")["percent_agreement"] == pytest.approx(3 / 4)
    assert row(table, "topics=B")["alpha"] == 1.0
    assert math.isnan(row(table, "topics=C")["alpha"])
    mean = row(table, "topics (mean)")
    assert mean["alpha"] == pytest.approx((16 / 30 + 1.0) / 2)
    assert mean["percent_agreement"] == pytest.approx((3 / 4 + 1 + 1) / 3)
    assert (mean["items"], mean["reviewers"], mean["level"]) == (4, 2, "nominal")
    assert "notes" not in set(table["field"])


def test_codebook_defaults_to_the_labels_column() -> None:
    rows = [("r1", "a", {"tone": "negative"}), ("r2", "a", {"tone": "negative"}),
            ("r1", "b", {"tone": "neutral"}), ("r2", "b", {"tone": "positive"})]
    labels = pd.DataFrame([{"reviewer": r, "article_id": a, "action": "label", "codebook": "policy-frames",
                            **v} for r, a, v in rows])
    labels = labels.reindex(columns=[*labels.columns, "primary_frame", "secondary_frames", "source_quality",
                                     "confidence", "notes"], fill_value="")
    table = agreement(labels)
    assert row(table, "tone")["percent_agreement"] == 0.5
    assert row(table, "primary_frame")["items"] == 0
    assert "secondary_frames (mean)" in set(table["field"])
    assert agreement(labels.iloc[:0]).empty


def test_a_custom_codebook_the_labels_name_is_asked_for_by_its_argument(book: Codebook) -> None:
    from annotate.labels.codebooks import CodebookError

    labels = frame([("r1", "a", {"value": "1"}), ("r2", "a", {"value": "2"})])
    for function in (agreement, cohen_kappa):
        with pytest.raises(CodebookError, match=rf"codebook 'agreement-test', which is not bundled .*pass your "
                                                rf"codebook as codebook=.*{function.__name__}\(labels, codebook="):
            function(labels)
    assert row(agreement(labels, book), "value")["percent_agreement"] == 0.0


def test_cohen_kappa_known_value(book: Codebook) -> None:
    # 10 items, r1 and r2 code "1" (yes) or "2" (no): both yes 4, r1 yes/r2 no 2, r1 no/r2 yes 1, both no 3.
    # p_o = 7/10; r1 says yes 6/10, r2 5/10: p_e = 0.6*0.5 + 0.4*0.5 = 0.5; kappa = (0.7-0.5)/(1-0.5) = 0.4.
    pairs = [("1", "1")] * 4 + [("1", "2")] * 2 + [("2", "1")] + [("2", "2")] * 3
    rows = [(r, f"i{i}", {"value": v}) for i, (a, b) in enumerate(pairs) for r, v in (("r1", a), ("r2", b))]
    rows += [("r3", "i0", {"value": "1"}), ("r3", "extra", {"value": "3"})]  # r3 shares one item with each
    table = cohen_kappa(frame(rows), book)
    assert list(table.columns) == ["field", "weights", "reviewer_a", "reviewer_b", "items", "kappa"]
    assert list(zip(table["reviewer_a"], table["reviewer_b"], table["items"], strict=True)) == [
        ("r1", "r2", 10), ("r1", "r3", 1), ("r2", "r3", 1)]
    assert table.loc[0, "kappa"] == pytest.approx(0.4)
    assert table.loc[1:, "kappa"].isna().all()  # one shared item, one category: p_e = 1, kappa undefined
    assert set(table["field"]) == {"value"}  # nobody rated: no rating rows
    assert set(table["weights"]) == {"none"}


def test_a_ratings_kappa_is_quadratic_weighted(book: Codebook) -> None:
    """Ratings had no pairwise figure at all. Worked by hand: r1 1 1 2 2, r2 1 2 2 3. D_o = mean((a - b)^2) =
    (0 + 1 + 0 + 1) / 4 = 0.5; D_e over the joint table: r1 gives 1 or 2 half the time each, r2 1, 2, 3 a
    quarter, a half, a quarter: 0.5 * (0.5 * 1 + 0.25 * 4) + 0.5 * (0.25 * 1 + 0.25 * 1) = 1.0; kappa 0.5."""
    pairs = [("1", "1"), ("1", "2"), ("2", "2"), ("2", "3")]
    rows = [(r, f"i{i}", {"score": v}) for i, (a, b) in enumerate(pairs) for r, v in (("r1", a), ("r2", b))]
    table = cohen_kappa(frame(rows), book)
    scored = table[table["field"] == "score"].reset_index(drop=True)
    assert (scored.loc[0, "weights"], scored.loc[0, "items"]) == ("quadratic", 4)
    assert scored.loc[0, "kappa"] == pytest.approx(0.5)
    # The same number of differences, one step against four: the near misses agree far more.
    near = [("1", "2"), ("2", "3"), ("3", "4"), ("4", "5"), ("5", "5"), ("1", "1")]
    far = [("1", "5"), ("5", "1"), ("3", "3"), ("4", "4"), ("5", "5"), ("1", "1")]
    kappas = []
    for pairs in (near, far):
        rows = [(r, f"i{i}", {"score": v}) for i, (a, b) in enumerate(pairs) for r, v in (("r1", a), ("r2", b))]
        kappas.append(cohen_kappa(frame(rows), book).set_index("field").loc["score", "kappa"])
    assert kappas[0] > 0.8 and kappas[1] < 0.1
    same = [(r, f"i{i}", {"score": "3"}) for i in range(3) for r in ("r1", "r2")]
    assert math.isnan(cohen_kappa(frame(same), book).set_index("field").loc["score", "kappa"])  # no variation
