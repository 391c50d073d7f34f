"""The scores score_corpus keeps for findings_frame are bounded by characters as well as by count."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from annotate.scoring import tables
from annotate.scoring.article import ArticleScore


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Texts score_text was really run on, with a stand-in score (the cache only keeps what it is given)."""
    calls: list[str] = []
    real = tables.score_text(".")

    def fake(text: str) -> ArticleScore:
        calls.append(text)
        return real

    monkeypatch.setattr(tables, "score_text", fake)
    return calls


def test_a_text_scored_again_is_read_from_the_cache(counted: list[str]) -> None:
    cache = tables._ScoreCache(max_items=4, max_chars=1_000)
    for text in ["one", "two", "one", "two", "one"]:
        cache.score(text)
    assert counted == ["one", "two"]


def test_long_texts_are_dropped_oldest_first_to_stay_under_the_character_bound(counted: list[str]) -> None:
    # 1,024 texts of the 2 M-character limit would have pinned gigabytes under a bound by count alone.
    cache = tables._ScoreCache(max_items=1024, max_chars=10_000)
    texts = [chr(ord("a") + i) * 3_000 for i in range(6)]
    for text in texts:
        cache.score(text)
        assert cache.chars <= 10_000
    assert len(cache) == 3 and cache.chars == 9_000
    cache.score(texts[-1])  # kept: no new scoring
    cache.score(texts[0])  # dropped first: scored again
    assert counted == [*texts, texts[0]]


def test_a_text_longer_than_the_whole_bound_is_scored_but_not_kept(counted: list[str]) -> None:
    cache = tables._ScoreCache(max_items=8, max_chars=100)
    cache.score("x" * 101)
    cache.score("short")
    assert len(cache) == 1 and cache.chars == 5


def test_the_count_bound_still_holds(counted: list[str]) -> None:
    cache = tables._ScoreCache(max_items=3, max_chars=10**9)
    for i in range(10):
        cache.score(str(i))
    assert len(cache) == 3 and cache.chars == 3


def test_threads_share_the_cache_without_losing_its_books(counted: list[str]) -> None:
    cache = tables._ScoreCache(max_items=50, max_chars=400)
    texts = [f"{i:04d}" * (1 + i % 7) for i in range(300)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(cache.score, texts * 4))
    assert cache.chars == sum(len(t) for t in cache._scores) <= 400
    assert len(cache) <= 50


def test_the_module_cache_has_both_bounds() -> None:
    assert tables._CACHE.max_items == tables.SCORE_CACHE_SIZE
    assert tables._CACHE.max_chars == tables.SCORE_CACHE_CHARS <= 20_000_000
