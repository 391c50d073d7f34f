"""The machine's scores of the articles a session shows, each computed once and a bounded number kept."""
from __future__ import annotations

from collections import OrderedDict

from annotate.corpus import Article
from annotate.scoring.article import ArticleScore, score_text

#: Scores kept: the article shown, the one ahead, and enough behind for Back. One score of a 5 KB article
#: with its findings is tens of KB; a reviewer moving through thousands of articles in one sitting must not
#: keep them all. Scoring one again costs about 2 ms.
KEPT_SCORES = 256


class Scores:
    """Scores by article id, least recently used dropped first; an article whose text changed is scored anew."""

    def __init__(self, kept: int = KEPT_SCORES) -> None:
        self.kept = kept
        self._scores: OrderedDict[tuple[str, str], ArticleScore] = OrderedDict()

    def __call__(self, article: Article) -> ArticleScore:
        key = (article.id, article.sha256)
        score = self._scores.get(key)
        if score is None:
            score = self._scores[key] = score_text(article.text)
            while len(self._scores) > self.kept:
                self._scores.popitem(last=False)
        else:
            self._scores.move_to_end(key)
        return score

    def __len__(self) -> int:
        return len(self._scores)

    def __contains__(self, article: object) -> bool:
        return isinstance(article, Article) and (article.id, article.sha256) in self._scores
