"""A session's scores: each computed once, a bounded number kept, a changed text scored anew."""
from __future__ import annotations

from annotate.corpus import Article
from annotate.review.scores import Scores
from annotate.scoring.article import score_text


def test_scores_are_computed_once_kept_within_bounds_and_follow_the_text() -> None:
    scores = Scores(kept=3)
    articles = [Article.from_text(f"Article {i} may say so.", f"a{i}") for i in range(5)]
    first = scores(articles[0])
    assert first == score_text(articles[0].text) and scores(articles[0]) is first  # computed once
    for article in articles[1:]:
        scores(article)
    assert len(scores) == 3 and scores(articles[0]) is not first  # dropped, least recently used first
    kept = scores(articles[3])  # used again: kept over the older ones
    scores(articles[1])  # scored anew, and the least recently used (articles[4]) dropped
    assert scores(articles[3]) is kept and articles[4] not in scores
    edited = Article.from_text("Article 0 now says nothing.", "a0")
    assert scores(edited).n_hedges == 0 and scores(articles[0]).n_hedges == 1  # same id, other text
