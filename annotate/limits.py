"""Size limits every layer shares, so that no single input can hang a run or exhaust memory."""
from __future__ import annotations

#: The longest article text scored, in characters. Scoring is close to linear (tests/reliability): 2 million
#: characters of news prose take about 0.6 s and peak at 280 MB RSS in a fresh process, the worst shapes of
#: benchmarks/bench_bounded.py up to 5.5 s and 425 MB (issue 14). The longest news articles run to 100,000
#: characters: 2,000,000 is twenty times that, so only a wrong file (a book, a dump, a log) is refused, with a message.
MAX_ARTICLE_CHARS = 2_000_000


class ArticleTooLong(ValueError):
    """An article text over MAX_ARTICLE_CHARS: refused whole, never truncated silently."""

    def __init__(self, n_chars: int) -> None:
        super().__init__(
            f"the text has {n_chars:,} characters, over the limit of {MAX_ARTICLE_CHARS:,} "
            "(annotate.limits.MAX_ARTICLE_CHARS): split it, or check that the file is an article"
        )
        self.n_chars = n_chars
