"""Write the invented demo labels (three reviewers, real disagreements) that the report notebook shows."""
from __future__ import annotations

from pathlib import Path

from annotate.corpus import Articles, load_corpus
from annotate.labels.store import LabelStore
from annotate.resources import load_table

DEMO_CODEBOOK = "policy-frames"
DEMO_TABLE = "demo_labels"
DEMO_COLUMNS = ("reviewer", "article_id", "action", "primary_frame", "secondary_frames", "tone",
                "source_quality", "confidence", "seconds_on_article", "notes")
# The table cannot hold an empty cell (lexicon lines are stripped), so "-" stands for one.
EMPTY = "-"


def demo_rows() -> list[dict[str, str]]:
    """The demo table (``annotate/lexicons/demo_labels.txt``) as rows, in saving order, "" for empty."""
    return [{c: ("" if v == EMPTY else v) for c, v in zip(DEMO_COLUMNS, row, strict=True)}
            for row in load_table(DEMO_TABLE, len(DEMO_COLUMNS))]


def write_demo_labels(labels_dir: str | Path, corpus: Articles) -> list[Path]:
    """Save every demo row through :class:`LabelStore` into ``labels_dir``; returns the files written.

    ``corpus`` must hold the seed articles (their sha256 goes into each row). Label ids and times come
    from the store, so two runs differ in those columns only; existing files are never appended to.
    """
    articles = {a.id: a for a in (load_corpus(corpus) if isinstance(corpus, (str, Path)) else corpus)}
    rows = demo_rows()
    stores = {r: LabelStore(labels_dir, DEMO_CODEBOOK, r) for r in dict.fromkeys(x["reviewer"] for x in rows)}
    existing = [str(s.path) for s in stores.values() if s.path.exists()]
    if existing:
        raise FileExistsError(f"{', '.join(existing)}: demo labels exist already; delete them to rewrite")
    missing = sorted({r["article_id"] for r in rows} - set(articles))
    if missing:
        raise ValueError(f"demo labels need articles missing from the corpus: {', '.join(missing)}")
    for row in rows:
        values = {k: v for k, v in row.items() if k not in ("reviewer", "article_id", "action",
                                                             "seconds_on_article")}
        seconds = float(row["seconds_on_article"]) if row["seconds_on_article"] else None
        stores[row["reviewer"]].save(articles[row["article_id"]], values, row["action"], seconds)
    return [s.path for s in stores.values()]
