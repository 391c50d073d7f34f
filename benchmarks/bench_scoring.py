"""Throughput of score_text against textstat's flesch_reading_ease and a bare str.split, same articles."""
from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import textstat

import annotate
from annotate.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent
# The target: score_text does far more than one readability formula yet must be this much faster.
TARGET_RATIO_VS_TEXTSTAT = 3.0
SENTENCES_PER_ARTICLE = (20, 60)
# textstat 0.7.13's lru_cache size for every per-text function (textstat.backend.utils.constants).
TEXTSTAT_CACHE_SIZE = 128


def synthetic_articles(n: int, seed: int = 20261122) -> list[str]:
    """``n`` distinct articles built by sampling seed paragraphs' sentences, so no text repeats."""
    from annotate.scoring.text import Doc

    sentences: list[str] = []
    for article in load_corpus(ROOT / "seeds"):
        doc = Doc(article.text)
        sentences += [article.text[s:e] for s, e in doc.sentences]
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        k = rng.randint(*SENTENCES_PER_ARTICLE)
        picked = rng.sample(sentences, k)
        paragraphs = [" ".join(picked[i:i + 4]) for i in range(0, k, 4)]
        out.append("\n\n".join(paragraphs))
    return out


def corpus_articles(paths: list[str], n: int) -> list[str]:
    """The distinct texts of the given corpora, cycled in order up to ``n`` articles.

    Cycling a set larger than textstat's per-text cache (128 entries) in order means
    textstat never gets a cache hit; annotate's per-word-type caches do warm up,
    which is what they are for.
    """
    texts: list[str] = []
    for p in paths:
        texts += [a.text for a in load_corpus(p)]
    texts = list(dict.fromkeys(texts))
    return [texts[i % len(texts)] for i in range(n)]


def default_corpora() -> list[str]:
    """Real news when the shared development data sits beside the repository (read, never copied)."""
    dev = ROOT.parent / "shared" / "data" / "dev"
    names = ("citations.jsonl", "typos.jsonl", "quotes.jsonl", "boilerplate.jsonl")
    return [str(dev / n) for n in names if (dev / n).is_file()]


def throughput(fn: Callable[[str], object], texts: list[str], repeats: int) -> float:
    """Best articles-per-second over ``repeats`` passes (the least disturbed run)."""
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for text in texts:
            fn(text)
        best = min(best, time.perf_counter() - t0)
    return len(texts) / best


def peak_kib(fn: Callable[[str], object], texts: list[str]) -> float:
    tracemalloc.start()
    for text in texts:
        fn(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=1000, help="articles (default 1000)")
    parser.add_argument("--corpus", action="append", default=[],
                        help="score these corpora instead of synthetic articles built from seeds/")
    parser.add_argument("--synthetic", action="store_true",
                        help="use articles assembled from seeds/ sentences even when real news is available")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)

    import warnings

    corpora = args.corpus or ([] if args.synthetic else default_corpora())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        texts = corpus_articles(corpora, args.n) if corpora else synthetic_articles(args.n)
    source = f"{len(set(texts))} distinct texts from {', '.join(corpora)}" if corpora else "synthetic, from seeds/"
    # Warm-up on a text outside the measured set: loading dictionaries happens once per process.
    warm = "Warm-up. Officials said it may rain; “We are ready,” she said. Accordint to reports."
    annotate.score_text(warm)
    textstat.flesch_reading_ease(warm)

    chars = sum(map(len, texts)) / len(texts)
    rate_split = throughput(str.split, texts, args.repeats)
    # Both get the best of the same number of passes. textstat's per-text cache (TEXTSTAT_CACHE_SIZE)
    # never hits when more distinct texts than that are cycled in order, so later passes only warm
    # its per-word caches, as later passes warm annotate's. A single textstat pass (as this script
    # did until 2026-11-22) counted textstat's cold start and flattered score_text by about 1.5x.
    if len(set(texts)) <= TEXTSTAT_CACHE_SIZE:
        print(f"warning: {len(set(texts))} distinct texts fit textstat's per-text cache; use more", file=sys.stderr)
    rate_fre = throughput(textstat.flesch_reading_ease, texts, args.repeats)
    rate_score = throughput(annotate.score_text, texts, args.repeats)
    mem_fre = peak_kib(textstat.flesch_reading_ease, texts[:100])
    mem_score = peak_kib(annotate.score_text, texts[:100])

    ratio = rate_score / rate_fre
    print(f"articles: {len(texts)} (mean {chars:,.0f} chars; {source})")
    print(f"{'':34}{'articles/s':>12}")
    print(f"{'str.split':34}{rate_split:12,.0f}")
    print(f"{'textstat.flesch_reading_ease':34}{rate_fre:12,.0f}")
    print(f"{'annotate.score_text':34}{rate_score:12,.0f}")
    print(f"score_text / flesch_reading_ease throughput: {ratio:.2f}x (target >= {TARGET_RATIO_VS_TEXTSTAT}x)")
    print(f"score_text / str.split throughput:           {rate_score / rate_split:.4f}x")
    print(f"peak traced memory over 100 articles: score_text {mem_score:,.0f} KiB, "
          f"flesch_reading_ease {mem_fre:,.0f} KiB ({mem_score / mem_fre:.2f}x)")
    return 0 if ratio >= TARGET_RATIO_VS_TEXTSTAT else 1


if __name__ == "__main__":
    sys.exit(main())
