"""What the panel tells a reviewer besides the article: findings left unmarked, entries skipped, counts in words."""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from annotate import ReviewApp, ReviewPanel
from annotate.corpus import load_corpus
from annotate.widgets import markup
from tests.conftest import act

MARK_RE = re.compile(r'<mark class="annotate-(?!unmarked)')


def _visible(markup_html: str) -> str:
    """The article's characters as the page shows them: tags and the note above the text left out."""
    body = markup_html.split('<div class="annotate-text">', 1)[1]
    return html.unescape(re.sub(r"<[^>]+>", "", body))


@pytest.fixture
def many_findings(tmp_path: Path) -> Path:
    folder = tmp_path / "big"
    folder.mkdir()
    text = "Headline\n\n" + "Officials reportedly act. They clearly will. " * 150
    (folder / "big.txt").write_text(text, encoding="utf-8")
    return folder


def test_a_huge_article_marks_the_first_findings_and_says_how_many_of_how_many(
        many_findings: Path, labels: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A 1 MB article of 40,684 findings made 10 MB of marks and 7-12 s before the page showed it (D8).
    monkeypatch.setattr(markup, "MAX_MARKED_FINDINGS", 100, raising=False)  # raising: absent before
    panel = ReviewPanel(many_findings, reviewer="ana", labels_dir=labels)
    article = panel.session.article
    assert article is not None
    total = len(panel.session.score().findings)
    assert total == 300  # 150 hedges, 150 boosters
    value = panel.text.value
    assert len(MARK_RE.findall(value)) == 100
    assert f"Marked: the first 100 findings of {total:,}" in value and "shown whole, without marks" in value
    assert value.count('data-kind="unmarked"') == 1  # the line where marking stops
    assert _visible(value) == article.text  # every character of the article, none left out or added
    # The toggles still count every finding; hiding a kind marks more of the others.
    assert panel.kind_toggles["hedge"].description == "hedge (150)"
    panel.kind_toggles["booster"].value = False
    assert "Marked: the first 100 findings of 150" in panel.text.value
    assert 'data-kind="booster"' not in panel.text.value


def test_an_article_under_the_cap_is_marked_whole_without_a_note(many_findings: Path, labels: Path) -> None:
    panel = ReviewPanel(many_findings, reviewer="ana", labels_dir=labels)
    assert len(MARK_RE.findall(panel.text.value)) == 300
    assert "annotate-marked-note" not in panel.text.value and "unmarked" not in panel.text.value


def test_the_note_counts_in_words() -> None:
    from annotate.widgets.markup import counted

    assert (counted(1, "article"), counted(2, "article"), counted(12_000, "finding")) == (
        "1 article", "2 articles", "12,000 findings")
    assert counted(1, "more entry", "more entries") == "1 more entry"
    assert counted(3, "more entry", "more entries") == "3 more entries"


def _with_bad_entries(corpus_dir: Path, extra: int = 0) -> Path:
    (corpus_dir / "empty.txt").write_bytes(b"")
    (corpus_dir / "blank.txt").write_bytes(b"  \n\n ")
    (corpus_dir / "latin1.txt").write_bytes(b"Caf\xe9 menu\n")
    for i in range(extra):
        (corpus_dir / f"zz-empty-{i}.txt").write_bytes(b"")
    return corpus_dir


@pytest.mark.filterwarnings("ignore:skipped")
def test_corpus_entries_that_could_not_be_read_are_named_on_the_panel(corpus_dir: Path, labels: Path) -> None:
    # D9: load_corpus warned, but the app's page (and the panel in JupyterLab) said nothing about them.
    panel = ReviewPanel(_with_bad_entries(corpus_dir), reviewer="ana", labels_dir=labels)
    assert panel.skipped.layout.display is None
    text = html.unescape(panel.skipped.value)
    assert "3 corpus entries could not be read and are not in this list" in text
    assert "<b>empty.txt</b>: empty file" in text and "<b>blank.txt</b>: only whitespace: no text to read" in text
    assert "<b>latin1.txt</b>: not valid UTF-8 (byte 3 of the file is b'\\xe9'); it may be Latin-1" in text
    assert str(corpus_dir) not in text  # the server's path says nothing to a reviewer
    assert panel.skipped in panel.article_box.children


@pytest.mark.filterwarnings("ignore:skipped")
def test_many_skipped_entries_name_the_first_few_then_count_the_rest(corpus_dir: Path, labels: Path) -> None:
    panel = ReviewPanel(_with_bad_entries(corpus_dir, extra=10), reviewer="ana", labels_dir=labels)
    text = html.unescape(panel.skipped.value)
    assert "13 corpus entries could not be read" in text
    shown = getattr(markup, "SKIPPED_SHOWN", 5)
    assert text.count("<li><b>") == shown
    assert f"and {13 - shown} more entries" in text


def test_a_corpus_read_whole_shows_no_skipped_line(corpus_dir: Path, labels: Path) -> None:
    panel = ReviewPanel(corpus_dir, reviewer="ana", labels_dir=labels)
    assert (panel.skipped.value, panel.skipped.layout.display) == ("", "none")


@pytest.mark.filterwarnings("ignore:skipped")
def test_the_app_shows_the_skipped_entries_after_sign_in(corpus_dir: Path, labels: Path) -> None:
    (corpus_dir / "empty.txt").write_bytes(b"")
    app = ReviewApp(corpus_dir, labels_dir=labels, reviewer="ana")
    assert app.panel is not None
    assert "1 corpus entry could not be read and is not in this list" in app.panel.skipped.value


def test_one_article_done_is_not_counted_in_the_plural(tmp_path: Path, labels: Path) -> None:
    # "All 1 articles adjudicated" (walk-through).
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy2(sorted((Path(__file__).parents[2] / "seeds").glob("*.txt"))[0], folder / "a.txt")
    panel = ReviewPanel(folder, reviewer="ana", labels_dir=labels)
    assert len(load_corpus(folder)) == 1
    act(panel, "save", {"primary_frame": "Economic"})
    assert panel.done.value.startswith("<h3>The article is labelled</h3>")
