"""Synthetic news corpora of any size, built from the seed articles' sentences so that no text repeats."""
from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from annotate.corpus import load_corpus
from annotate.scoring.text import Doc

ROOT = Path(__file__).resolve().parents[1]
#: Sentences per generated article: the seeds' own range (about 2,000 to 6,000 characters).
SENTENCES_PER_ARTICLE = (20, 60)


@cache
def seed_sentences() -> tuple[str, ...]:
    sentences: list[str] = []
    for article in load_corpus(ROOT / "seeds"):
        sentences += [article.text[s:e] for s, e in Doc(article.text).sentences]
    return tuple(sentences)


def synthetic_texts(n: int, seed: int = 20261122) -> Iterator[str]:
    """``n`` distinct articles, lazily: sampled seed sentences in paragraphs of four (caches cannot cheat)."""
    sentences = seed_sentences()
    rng = random.Random(seed)
    for _ in range(n):
        k = rng.randint(*SENTENCES_PER_ARTICLE)
        picked = rng.sample(sentences, k)
        yield "\n\n".join(" ".join(picked[i:i + 4]) for i in range(0, k, 4))


def write_corpus(path: Path, n: int, seed: int = 20261122) -> Path:
    """A corpus of ``n`` synthetic articles as .jsonl, .jsonl.gz or .parquet (by the name), written as it goes."""
    records = ({"id": f"synth-{i:07d}", "title": f"Synthetic article {i}", "text": text}
               for i, text in enumerate(synthetic_texts(n, seed)))
    if path.name.endswith(".parquet"):
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema([("id", pa.string()), ("title", pa.string()), ("text", pa.string())])
        with pq.ParquetWriter(path, schema) as writer:
            batch: list[dict[str, str]] = []
            for record in records:
                batch.append(record)
                if len(batch) == 1000:
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                    batch = []
            if batch:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
        return path
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
