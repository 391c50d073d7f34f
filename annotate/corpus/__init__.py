"""Corpora: Article and Corpus, read lazily (iter_corpus) or whole (load_corpus) from every supported format."""
from annotate.corpus.article import (
    Article,
    Articles,
    Corpus,
    CorpusError,
    CorpusView,
    Problem,
    first_line,
    sha256_text,
    slugify,
)
from annotate.corpus.index import IndexedCorpus, open_corpus
from annotate.corpus.stream import CorpusStream, iter_corpus, load_corpus

__all__ = [
    "Article",
    "Articles",
    "Corpus",
    "CorpusError",
    "CorpusStream",
    "CorpusView",
    "IndexedCorpus",
    "Problem",
    "first_line",
    "iter_corpus",
    "load_corpus",
    "open_corpus",
    "sha256_text",
    "slugify",
]
