"""HTML pieces of the review panel: grouped scores in plain words, kind swatches, save times and paths."""
from __future__ import annotations

import html
import math
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from annotate.corpus import Article
from annotate.labels.columns import ACTION_WORDS, LABEL
from annotate.labels.format import local_time
from annotate.resources import load_table
from annotate.scoring.findings import KINDS
from annotate.scoring.highlight import KIND_STYLES

#: The numbers the collapsed score line names, in this order: what a reviewer of sources looks at first.
SUMMARY_SCORES = ("flesch_reading_ease", "n_artifacts", "hedges_per_100_words", "quote_share")


@cache
def score_guide() -> tuple[tuple[str, str, str, str, str], ...]:
    """Rows of ``lexicons/score_guide.txt``: name, group, plain name, meaning template, band scale."""
    return tuple((r[0], r[1], r[2], r[3], r[4]) for r in load_table("score_guide", 5))


@cache
def score_bands() -> dict[str, tuple[tuple[float, str], ...]]:
    """``lexicons/score_bands.txt`` by scale: (exclusive upper bound, words), ascending."""
    bands: dict[str, list[tuple[float, str]]] = {}
    for scale, bound, words in load_table("score_bands", 3):
        bands.setdefault(scale, []).append((float(bound), words))
    return {scale: tuple(sorted(rows)) for scale, rows in bands.items()}


def band(scale: str, value: float) -> str:
    """The words for ``value`` on a band scale ("very hard to read")."""
    for bound, words in score_bands()[scale]:
        if value < bound:
            return words
    return ""


def explain(name: str, value: float | int) -> tuple[str, str, str]:
    """(group, plain name, one-line meaning) of one score, e.g. ("Readability", "Flesch reading ease",
    "16: very hard to read (university graduates)"); unknown names are shown as they are.
    """
    for row_name, group, label, meaning, scale in score_guide():
        if row_name == name:
            if isinstance(value, float) and not math.isfinite(value):
                return group, label, "not defined for this text"
            words = band(scale, float(value)) if scale != "-" else ""
            return group, label, meaning.format(v=value, band=words)
    return "Other", name.replace("_", " "), str(value)


def scores_html(numbers: dict[str, float | int]) -> str:
    """The scores as a collapsed line of the four that matter most, opening onto every score by group."""
    banded = {r[0] for r in score_guide() if r[4] != "-"}
    summary = " · ".join((f"{explain(n, numbers[n])[1]} " if n in banded else "") + explain(n, numbers[n])[2]
                         for n in SUMMARY_SCORES if n in numbers)
    rows: list[str] = []
    group = ""
    order = [r[0] for r in score_guide()]
    for name in sorted(numbers, key=lambda n: order.index(n) if n in order else len(order)):
        this_group, label, meaning = explain(name, numbers[name])
        if this_group != group:
            group = this_group
            rows.append(f"<tr class='annotate-score-group'><th colspan='2'>{html.escape(group)}</th></tr>")
        rows.append(f"<tr><th>{html.escape(label)}</th><td>{html.escape(meaning)}</td></tr>")
    return (f"<details><summary>{html.escape(summary)}</summary>"
            f"<table>{''.join(rows)}</table></details>")


def kind_swatch_css() -> str:
    """A colour swatch before each finding-kind toggle, in the highlighter's own colours (one source)."""
    rules = "".join(
        f".annotate-kind-{k}::before{{content:'';display:inline-block;width:.9em;height:.9em;"
        f"margin-right:.4em;vertical-align:-.1em;{KIND_STYLES[k]}}}" for k in KINDS)
    return f"<style>{rules}</style>"


def display_path(path: Path, labels_dir: Path) -> str:
    """``path`` relative to the parent of ``labels_dir`` ("labels/policy-frames/ana.csv") when it can be."""
    base = labels_dir.resolve()
    try:
        return (Path(base.name) / path.resolve().relative_to(base)).as_posix()
    except ValueError:
        return str(path)


def describe_row(row: dict[str, str] | None, positions: Mapping[str, int]) -> str:
    """A row as the Undo button names it: "your label of 12:03:01 (article 3)"; "" for none.

    ``positions`` gives each article's index in the session's list.
    """
    if row is None:
        return ""
    verb = ACTION_WORDS.get(row.get("action", ""), ACTION_WORDS[LABEL])[0]
    position = positions.get(row.get("article_id", ""))
    where = f" (article {position + 1})" if position is not None else ""
    return f"your {verb} of {local_time(row.get('saved_at', ''))}{where}"


def saved_words(verb: str, row: dict[str, str], earlier: dict[str, str] | None, path: object) -> str:
    """The status after a save or skip: "Saved 12:03:01 → path", naming the row it replaced, if any.

    A reviewer who changes an earlier label must be told that it was replaced, and which one.
    """
    replaced = ""
    if earlier is not None and earlier.get("label_id") != row.get("label_id"):
        replaced = f", replacing {describe_row(earlier, {})}"
    return f"{verb} {local_time(row.get('saved_at', ''))}{replaced} → {path}"


def stored_note(stored: dict[str, str] | None, sha256: str) -> str:
    """The line under the buttons about the article's standing row (plain text; "" when there is none)."""
    if stored is None:
        return ""
    verb = ACTION_WORDS.get(stored.get("action", ""), ACTION_WORDS[LABEL])[1].capitalize()
    note = f"{verb} at {local_time(stored.get('saved_at', ''))}; a changed save adds a row, an unchanged one nothing."
    if stored.get("article_sha256") not in (None, "", sha256):
        note += " The article's text has changed since."
    return note


def unreadable_html(article: Article) -> str:
    """What the panel shows in place of an article whose record could not be read."""
    problem, where = html.escape(article.problem or ""), html.escape(article.path or "")
    return (f"<div class='annotate-unreadable'><p><b>This record cannot be read.</b> {problem}</p><p>{where}</p>"
            "<p>Skip it to go on; once the line is fixed, open the corpus again to label it.</p></div>")
