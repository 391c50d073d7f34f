"""The export in bounded memory: articles scored a part at a time and their report rows written as they come."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

import pandas as pd

from annotate.csvio import AtomicTable
from annotate.report.export import ReportRows
from annotate.scoring.article import NUMBER_FIELDS
from annotate.scoring.batch import Scored
from annotate.scoring.tables import ARTICLE_COLUMNS, NUMBER_DTYPES

#: Articles in one part of the export. A part's labels are picked from all of them with one vectorised lookup,
#: so fewer, larger parts are cheaper; 5,000 score rows and their label columns are a few MB, against the
#: 2 GB that the whole table of 100,000 articles held when the export built it at once.
PART_ARTICLES = 5_000


def score_parts(results: Iterable[Scored], failed: Callable[[Scored], None],
                size: int = PART_ARTICLES) -> Iterator[pd.DataFrame]:
    """``score_corpus`` tables of up to ``size`` articles each, from :func:`annotate.scoring.batch.score_stream`'s
    results in order; an article that could not be scored is handed to ``failed`` and left out."""
    if size < 1:
        raise ValueError(f"size must be at least 1, not {size}")
    it = iter(results)
    while items := list(islice(it, size)):
        rows = []
        for item in items:
            if item.numbers is None:
                failed(item)
            else:
                rows.append((item.article_id, item.title, item.sha256, *item.numbers))
        if rows:
            yield pd.DataFrame.from_records(rows, columns=[*ARTICLE_COLUMNS, *NUMBER_FIELDS]).astype(NUMBER_DTYPES)


def export_parts(parts: Iterable[pd.DataFrame], rows: ReportRows, path: str | Path, *, raw: bool = False,
                 excel: bool = False) -> int:
    """Write the report rows of each score table in ``parts`` to ``path`` as it comes; returns how many.

    The file is the one :func:`annotate.report.export.export_report` writes for the same articles: it
    appears whole, fsynced, when the last part is written, and not at all when an error stops the run or no
    part came (then 0 is returned and an existing ``path`` is left as it was).
    """
    table = AtomicTable(path, [*ARTICLE_COLUMNS, *NUMBER_FIELDS, *rows.columns],
                        encoding="utf-8-sig" if excel else "utf-8", defer=True, neutralise=not raw)
    with table:
        for scores in parts:
            table.write_frame(rows.add(scores))
    if table.rows == 0:
        table.discard()
        return 0
    table.commit()
    return table.rows


def read_score_parts(path: str | Path, size: int = PART_ARTICLES) -> Iterator[pd.DataFrame]:
    """The score table ``annotate score`` wrote (.csv or .parquet), ``size`` rows at a time, as
    :func:`score_parts` gives it: an export from it scores nothing again. ValueError naming the file when it
    is not such a table (a column missing, a number that is not one).

    A CSV score table keeps the ``'`` its writer put before a title a spreadsheet would run (unless it was
    written ``--raw``); the export, neutralising, writes those titles as the corpus export does.
    """
    columns = [*ARTICLE_COLUMNS, *NUMBER_FIELDS]
    source = Path(path)
    batches: Iterable[pd.DataFrame]
    try:
        if source.suffix.lower() == ".parquet":
            import pyarrow.parquet as pq  # only Parquet input pays for pyarrow

            table = pq.ParquetFile(source)
            _check_columns(source, table.schema_arrow.names, columns)
            batches = (b.to_pandas() for b in table.iter_batches(batch_size=size, columns=columns))
        else:
            with source.open(encoding="utf-8-sig", newline="") as fh:
                _check_columns(source, fh.readline().rstrip("\r\n").split(","), columns)
            # Ids and titles stay text ("001" is no number); round_trip reads back the very floats written.
            batches = pd.read_csv(source, usecols=columns, dtype=dict.fromkeys(ARTICLE_COLUMNS, str),
                                  keep_default_na=False, float_precision="round_trip", chunksize=size,
                                  encoding="utf-8-sig")
        for frame in batches:
            yield frame[columns].astype(NUMBER_DTYPES)
    except (ValueError, UnicodeDecodeError) as exc:
        if str(exc).startswith(str(source)):
            raise
        raise ValueError(f"{source}: not a score table written by annotate score ({exc})") from exc


def _check_columns(path: Path, found: list[str], wanted: list[str]) -> None:
    missing = [c for c in wanted if c not in found]
    if missing:
        raise ValueError(f"{path}: not a score table written by annotate score (no column "
                         f"{', '.join(missing[:3])}{' ...' if len(missing) > 3 else ''}); make one with "
                         "`annotate score CORPUS -o scores.parquet`")
