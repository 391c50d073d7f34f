"""The score_text contract that the evaluator and the notebooks rely on, checked on every seed."""
from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from annotate import KINDS, ArticleScore, Finding, findings_frame, load_corpus, score_corpus, score_text
from annotate.scoring.article import NUMBER_FIELDS, PARTS, number_names
from tests.conftest import SEEDS

CITATION_FAMILIES = {"oaicite", "oai_citation", "citeturn", "filecite", "lenticular", "utm", "gemini"}


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_contract_holds_on_seed(seeds: dict[str, str], number: str) -> None:
    text = seeds[number]
    score = score_text(text)
    assert isinstance(score, ArticleScore)
    assert isinstance(score.findings, tuple)
    starts = [f.start for f in score.findings]
    assert starts == sorted(starts)
    for f in score.findings:
        assert isinstance(f, Finding)
        assert f.kind in KINDS
        assert 0 <= f.start < f.end <= len(text)
        assert f.text == text[f.start:f.end]
        assert f.detail is None or isinstance(f.detail, str)
        if f.kind == "citation":
            assert f.detail in CITATION_FAMILIES
        if f.kind in ("boilerplate", "typo", "encoding", "hedge", "booster"):
            assert f.detail, f
    counts = {k: sum(f.kind == k for f in score.findings) for k in KINDS}
    assert score.n_citations == counts["citation"]
    assert score.n_boilerplate == counts["boilerplate"]
    assert score.n_typos == counts["typo"]
    assert score.n_encoding == counts["encoding"]
    assert score.n_artifacts == sum(counts[k] for k in ("citation", "boilerplate", "typo", "encoding"))
    assert score.n_hedges == counts["hedge"]
    assert score.n_boosters == counts["booster"]
    assert score.n_direct_quotes == counts["quote"]
    assert score.n_scare_quotes == counts["scare_quote"]
    quoted = sum(f.end - f.start for f in score.findings if f.kind == "quote")
    assert score.quote_share == pytest.approx(quoted / len(text))
    assert score.hedges_per_100_words == pytest.approx(100 * score.n_hedges / score.n_words)
    assert score.n_speakers == len(set(score.speakers))
    assert score.n_words > 0 and score.n_sentences > 0
    for name, value in score.numbers().items():
        assert isinstance(value, (int, float)) and math.isfinite(value), name


def test_score_is_frozen_and_numbers_are_complete(seeds: dict[str, str]) -> None:
    score = score_text(seeds["001"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        score.n_words = 0  # type: ignore[misc]
    assert tuple(score.numbers()) == NUMBER_FIELDS
    for required in ("quote_share", "flesch_reading_ease", "flesch_kincaid_grade", "hedges_per_100_words",
                     "boosters_per_100_words", "n_direct_quotes", "n_scare_quotes", "n_speakers"):
        assert required in NUMBER_FIELDS


def test_empty_and_whitespace_text() -> None:
    for text in ("", "   \n\n "):
        score = score_text(text)
        assert score.findings == ()
        assert score.n_words == 0
        assert score.quote_share == 0.0
        assert score.hedges_per_100_words == 0.0


def test_non_str_input_is_a_clear_error() -> None:
    with pytest.raises(TypeError, match="expected the article text as str, got bytes"):
        score_text(b"bytes")  # type: ignore[arg-type]


def test_score_corpus_and_findings_frame() -> None:
    corpus = load_corpus(SEEDS)
    frame = score_corpus(corpus)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["id", "title", "sha256", *NUMBER_FIELDS]
    assert list(frame["id"]) == [a.id for a in corpus]
    for article, row in zip(corpus, frame.itertuples(index=False), strict=True):
        assert row.n_words == score_text(article.text).n_words
    from_path = score_corpus(str(SEEDS))
    pd.testing.assert_frame_equal(frame, from_path)
    found = findings_frame(corpus)
    assert list(found.columns) == ["article_id", "kind", "start", "end", "text", "detail"]
    total = sum(len(score_text(a.text).findings) for a in corpus)
    assert len(found) == total
    one = score_text(corpus[3].text)
    assert len(findings_frame(one)) == len(one.findings)
    assert len(findings_frame({"x": one})) == len(one.findings)


def test_repr_html_shows_highlighted_text(seeds: dict[str, str]) -> None:
    score = score_text(seeds["003"])
    page = score._repr_html_()
    assert '<mark class="annotate-citation"' in page
    assert "quote_share" in page


#: The score table's columns before the parts were gathered automatically: exports must keep this order.
COLUMNS_BEFORE_THE_LAYOUT = (
    "n_words", "n_sentences", "n_citations", "n_boilerplate", "n_typos", "n_encoding", "n_artifacts",
    "n_hedges", "n_boosters", "hedges_per_100_words", "boosters_per_100_words", "quote_share",
    "n_direct_quotes", "n_scare_quotes", "n_speakers", "flesch_reading_ease", "flesch_kincaid_grade",
    "gunning_fog", "smog_index", "coleman_liau_index", "automated_readability_index",
)


def test_the_columns_keep_their_names_and_order() -> None:
    assert NUMBER_FIELDS == COLUMNS_BEFORE_THE_LAYOUT


def test_a_metric_is_declared_once_on_its_part() -> None:
    """A part's int and float fields and its properties are its numbers; tuples and findings are not."""

    @dataclasses.dataclass(frozen=True)
    class Part:
        findings: tuple[Finding, ...]
        n_widgets: int
        widget_rate: float
        names: tuple[str, ...]

        @property
        def n_names(self) -> int:
            return len(self.names)

    assert number_names(Part) == ("n_widgets", "widget_rate", "n_names")


def test_every_number_reads_through_to_its_part() -> None:
    score = score_text('"It may rain," said Ana. Clearly it will. Accordint to us.')
    for name in NUMBER_FIELDS:
        value = getattr(score, name)
        parts = [getattr(score, p) for p in PARTS if hasattr(getattr(score, p), name)]
        assert (parts == [] and name in ("n_words", "n_sentences")) or value == getattr(parts[0], name), name
    assert score.n_hedges == score.hedging.n_hedges and score.speakers == score.quotes.speakers == ("Ana",)
    with pytest.raises(AttributeError, match="no attribute 'n_gadgets'"):
        _ = score.n_gadgets
