"""HTML pieces of the review panel: grouped scores in plain words, kind swatches, save times and paths."""
from __future__ import annotations

import html
import math
import os
from collections.abc import Collection, Iterable, Mapping
from functools import cache
from pathlib import Path

from annotate.corpus import Article, Corpus
from annotate.labels.columns import ACTION_WORDS, LABEL
from annotate.labels.format import local_time
from annotate.resources import load_table
from annotate.review.session import ReviewSession
from annotate.scoring.findings import KINDS, Finding
from annotate.scoring.highlight import KIND_STYLES, highlight_html

#: At most this many findings are marked in the article, the first in the text; a note above the text says how
#: many of how many, and a line in the text shows where marking stops. Measured in JupyterLab (headless
#: Chromium, 1366x768) on a 1 MB article with 40,684 findings (10.4 MB of marked HTML, 119,060 marks): all
#: marked, it showed 4.8-12.1 s after the cell ran, a kind toggle took 1.4-2.8 s and froze the page up to
#: 1.2 s. Marking 0 / 1,000 / 2,500 / 5,000 / 10,000 / 20,000: shown in 2.9 / 2.9 / 3.3 / 3.8 / 3.9 / 4.6 s,
#: a toggle 0.4 / 0.5 / 0.7 / 0.8 / 0.9 / 1.4 s, longest freeze 0.18 / 0.28 / 0.35 / 0.41 / 0.53 / 0.68 s.
#: 5,000 stays under a second of the unmarked text, and is 140 times the seeds' most (36 in 9,282 characters).
MAX_MARKED_FINDINGS = 5_000
#: The skipped corpus entries named on the panel; the rest are counted ("and 12 more").
SKIPPED_SHOWN = 5

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
    # The line ends in an ellipsis where the panel is narrow (1366x768: 747 of its 1,065 px show); the title gives
    # the whole line on hover, and a click opens every score.
    return (f"<details><summary title='{html.escape(summary, quote=True)}'>{html.escape(summary)}</summary>"
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


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """"1 article", "2 articles", "12,000 findings": a count with its noun in the right number."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def article_html(text: str, findings: Iterable[Finding], kinds: Collection[str]) -> str:
    """The article with its findings of ``kinds`` marked: all of them, or the first MAX_MARKED_FINDINGS in the
    text, saying so above the text and where marking stops. The text itself is always shown whole.
    """
    shown = sorted((f for f in findings if f.kind in kinds), key=lambda f: (f.start, -f.end))
    if len(shown) <= MAX_MARKED_FINDINGS:
        return highlight_html(text, shown)
    stop = shown[MAX_MARKED_FINDINGS].start
    marked = [f for f in shown if f.start < stop]  # never half of the findings that start at one place
    # A mark of its own kind on one character: the front end draws the "no more marks" line before it.
    edge = Finding("unmarked", stop, min(stop + 1, len(text)), text[stop:stop + 1],
                   f"findings from here on are not marked ({len(shown) - len(marked):,} more)")
    note = (f"<div class='annotate-marked-note'>Marked: the first {counted(len(marked), 'finding')} of "
            f"{len(shown):,} in the text, up to {100 * stop // max(len(text), 1)} % of it; the rest of the "
            "article is shown whole, without marks. Hide some kinds to mark more of it.</div>")
    return note + highlight_html(text, [*marked, edge])


def done_html(s: ReviewSession, csv_path: str) -> str:
    """What the panel shows past the last article: all done (where the labels are), or how many are left."""
    if s.total == 0:
        return s.empty_message()
    if s.all_done:
        done = f"done: {s.n_labelled:,} {s.done_word}, {s.n_skipped:,} skipped" if s.n_skipped else s.done_word
        every = f"All {counted(s.total, 'article')}" if s.total > 1 else "The article is"
        return f"<h3>{every} {done}</h3><p>Labels are in {html.escape(csv_path)}.</p>{s.done_note()}"
    return (f"<h3>End of the list</h3><p>{s.total - s.n_done:,} of {s.total:,} not {s.done_word} yet: "
            "press “First open”, or go Back.</p>")


def skipped_html(corpus: Corpus) -> str:
    """What the panel says about corpus entries left out when the corpus was read: "" when none were.

    A reviewer who is not told would take the list for the whole corpus. The first SKIPPED_SHOWN are named,
    relative to the corpus folder, with why; the rest are counted (an indexed corpus keeps only some).
    """
    problems, root = corpus.problems, corpus.root
    n_problems = max(len(problems), int(getattr(corpus, "n_problems", 0)))
    if not n_problems:
        return ""
    items = "".join(f"<li><b>{html.escape(_relative(p.where, root))}</b>: {html.escape(p.message)}</li>"
                    for p in problems[:SKIPPED_SHOWN])
    more = n_problems - min(len(problems), SKIPPED_SHOWN)
    rest = f"<li>and {counted(more, 'more entry', 'more entries')}</li>" if more else ""
    return (f"<details><summary>{counted(n_problems, 'corpus entry', 'corpus entries')} could not be read "
            f"and {'is' if n_problems == 1 else 'are'} not in this list</summary><ul>{items}{rest}</ul></details>")


def _relative(where: str, root: str) -> str:
    """A problem's place without the server's path to the corpus ("bad.txt", "archive.jsonl:5")."""
    folder = root.rstrip(os.sep) + os.sep
    if root and where.startswith(folder):
        return where[len(folder):]
    return Path(where).name if root and where.startswith(root) else where
