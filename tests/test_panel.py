"""ReviewPanel driven as a reviewer would (inputs, clicks, keys), checked against the CSV rows on disk."""
from __future__ import annotations

import csv
import json
import re
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from annotate import ReviewPanel
from annotate.corpus import load_corpus
from annotate.labels import LabelStore
from tests.conftest import fill

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SAVED_RE = re.compile(r"Saved \d\d:\d\d:\d\d → labels/policy-frames/ana\.csv")


@pytest.fixture
def panel(corpus_dir: Path, labels: Path) -> ReviewPanel:
    return ReviewPanel(corpus_dir, reviewer="ana", labels_dir=labels)


def rows(panel: ReviewPanel) -> list[dict[str, str]]:
    path = panel.session.store.path
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def frames(panel: ReviewPanel) -> tuple[str, ...]:
    return panel.session.codebook.field("primary_frame").options


def key(panel: ReviewPanel, name: str, **extra: object) -> bool:
    return panel.handle_key({"type": "keydown", "key": name, **extra})


def current_id(panel: ReviewPanel) -> str:
    assert panel.session.article is not None
    return panel.session.article.id[:3]


def test_layout_has_the_classes_the_browser_test_selects(panel: ReviewPanel) -> None:
    classes = {c for w in _walk(panel.widget) for c in w._dom_classes}
    for name in ("annotate-panel", "annotate-save", "annotate-skip", "annotate-back", "annotate-progress",
                 "annotate-status", "annotate-field-primary_frame", "annotate-field-notes",
                 "annotate-article"):
        assert name in classes, name
    assert panel._repr_mimebundle_()["text/plain"].startswith("VBox")
    assert panel.reviewer_html.value == "Reviewer: <b>ana</b>"
    assert panel.count.value == "0 of 5 labelled"


def test_save_writes_the_exact_row_and_shows_the_next_article(panel: ReviewPanel) -> None:
    f = frames(panel)
    fill(panel, primary_frame=f[6], secondary_frames=[f[12], f[0]], tone="negative",
         source_quality="4", confidence="2", notes="close call\nbetween two")
    sha = panel.session.articles[0].sha256
    before = datetime.now().astimezone()
    panel.save_button.click()
    (row,) = rows(panel)
    assert row["action"] == "label" and row["reviewer"] == "ana"
    assert row["article_id"] == "000-abu-dhabi-talks-wrap-up-second-day" and row["article_sha256"] == sha
    assert (row["codebook"], row["codebook_version"]) == ("policy-frames", panel.session.codebook.version)
    assert row["primary_frame"] == f[6]
    assert row["secondary_frames"] == f"{f[0]}|{f[12]}"  # option order, not click order
    assert (row["tone"], row["source_quality"], row["confidence"]) == ("negative", "4", "2")
    assert row["notes"] == "close call between two"
    assert uuid.UUID(row["label_id"]).version == 4
    saved = datetime.fromisoformat(row["saved_at"])
    assert saved.utcoffset() == timedelta(0)
    assert before - timedelta(seconds=1) <= saved <= datetime.now().astimezone() + timedelta(seconds=1)
    assert float(row["seconds_on_article"]) >= 0
    assert SAVED_RE.fullmatch(panel.status.value)
    assert current_id(panel) == "001" and panel.count.value == "1 of 5 labelled" and panel.progress.value == 1
    assert panel.fields.values()["primary_frame"] == "" and panel.fields.values()["secondary_frames"] == []
    assert panel.last_save_seconds is not None and 0 < panel.last_save_seconds < 5


def test_opens_at_the_first_unlabelled_article(corpus_dir: Path, labels: Path) -> None:
    store = LabelStore(labels, "policy-frames", "ana")
    corpus = load_corpus(corpus_dir)
    store.save(corpus[0], {"primary_frame": store.codebook.field("primary_frame").options[0]})
    store.save(corpus[1], None, action="skip")
    panel = ReviewPanel(corpus_dir, reviewer="ana", labels_dir=labels)
    assert current_id(panel) == "002"
    assert panel.count.value == "1 of 5 labelled · 1 skipped" and panel.progress.value == 1
    assert "Article 3 of 5" in panel.source.value


def test_back_shows_stored_values_and_saving_again_appends(panel: ReviewPanel) -> None:
    f = frames(panel)
    fill(panel, primary_frame=f[1], secondary_frames=[f[2]], tone="positive", confidence="3")
    panel.save_button.click()
    panel.back_button.click()
    assert current_id(panel) == "000"
    values = panel.fields.values()
    assert values["primary_frame"] == f[1] and values["secondary_frames"] == [f[2]]
    assert values["tone"] == "positive" and values["confidence"] == "3" and values["source_quality"] == ""
    assert "saving again adds a new row" in panel.stored_note.value
    fill(panel, primary_frame=f[4])
    panel.save_button.click()
    first, second = rows(panel)
    assert first["article_id"] == second["article_id"] == panel.session.articles[0].id
    assert (first["primary_frame"], second["primary_frame"]) == (f[1], f[4])
    assert second["secondary_frames"] == f[2] and first["label_id"] != second["label_id"]
    assert current_id(panel) == "001" and panel.count.value == "1 of 5 labelled"


def test_changed_article_text_is_flagged_when_going_back(corpus_dir: Path, labels: Path) -> None:
    panel = ReviewPanel(corpus_dir, reviewer="ana", labels_dir=labels)
    assert key(panel, "1") and key(panel, "Enter")
    first = sorted(corpus_dir.glob("000-*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nA correction.\n", encoding="utf-8")
    reopened = ReviewPanel(corpus_dir, reviewer="ana", labels_dir=labels)
    assert current_id(reopened) == "001" and key(reopened, "ArrowLeft")
    assert "text has changed since" in reopened.stored_note.value
    assert reopened.fields.values()["primary_frame"] == frames(reopened)[0]


def test_required_field_left_empty_blocks_the_save(panel: ReviewPanel) -> None:
    fill(panel, tone="neutral", notes="forgot the frame")
    panel.save_button.click()
    assert rows(panel) == []
    assert "Required: Primary frame" in panel.status.value and "nothing saved" in panel.status.value
    assert "annotate-missing" in panel.fields.inputs["primary_frame"].widget._dom_classes
    assert current_id(panel) == "000"
    assert panel.fields.values()["notes"] == "forgot the frame"
    fill(panel, primary_frame=frames(panel)[0])
    panel.save_button.click()
    assert len(rows(panel)) == 1 and SAVED_RE.fullmatch(panel.status.value)


def test_failed_save_keeps_the_article_and_the_inputs(panel: ReviewPanel) -> None:
    panel.session.store.path.mkdir(parents=True)  # the CSV path is a folder: the append fails
    f = frames(panel)
    fill(panel, primary_frame=f[2], tone="negative", notes="keep me")
    panel.save_button.click()
    assert panel.status.value.startswith("<span") and "Not saved:" in panel.status.value
    assert current_id(panel) == "000" and panel.count.value == "0 of 5 labelled"
    values = panel.fields.values()
    assert (values["primary_frame"], values["tone"], values["notes"]) == (f[2], "negative", "keep me")
    assert panel.last_save_seconds is None


def test_header_mismatch_is_reported_and_the_file_left_alone(panel: ReviewPanel) -> None:
    path = panel.session.store.path
    path.parent.mkdir(parents=True)
    path.write_text("label_id,saved_at,something_else\n", encoding="utf-8")
    fill(panel, primary_frame=frames(panel)[0])
    panel.save_button.click()
    assert "Not saved:" in panel.status.value and current_id(panel) == "000"
    assert path.read_text(encoding="utf-8") == "label_id,saved_at,something_else\n"


def test_skip_writes_a_skip_row(panel: ReviewPanel) -> None:
    fill(panel, tone="neutral")
    panel.skip_button.click()
    (row,) = rows(panel)
    assert row["action"] == "skip" and row["article_id"].startswith("000")
    assert all(row[name] == "" for name in panel.session.codebook.field_names)
    assert panel.status.value.startswith("Skipped ") and current_id(panel) == "001"
    assert panel.count.value == "0 of 5 labelled · 1 skipped"


def test_hotkeys(panel: ReviewPanel) -> None:
    f = frames(panel)
    assert key(panel, "3") and panel.fields.values()["primary_frame"] == f[2]
    assert key(panel, "9") and panel.fields.values()["primary_frame"] == f[8]
    assert not key(panel, "0") and panel.fields.values()["primary_frame"] == f[8]
    assert key(panel, "Enter")
    written = [(r["action"], r["article_id"][:3], r["primary_frame"]) for r in rows(panel)]
    assert written == [("label", "000", f[8])]
    assert current_id(panel) == "001"
    assert key(panel, "s") and current_id(panel) == "002"
    assert key(panel, "ArrowLeft") and current_id(panel) == "001"
    assert panel.fields.values()["primary_frame"] == ""  # a skip has no values to show
    assert key(panel, "ArrowRight") and current_id(panel) == "002"
    assert not key(panel, "Enter") and len(rows(panel)) == 2  # no frame chosen: blocked
    assert "Required" in panel.status.value
    # Keys typed into the notes box, into a select, with Ctrl, or Enter on a button are not shortcuts.
    assert not key(panel, "1", target={"tagName": "TEXTAREA"})
    assert not key(panel, "2", target={"tagName": "SELECT"})
    assert not key(panel, "s", ctrlKey=True)
    assert not key(panel, "Enter", target={"tagName": "BUTTON"})
    assert panel.fields.values()["primary_frame"] == "" and current_id(panel) == "002"
    assert not panel.handle_key({"type": "keyup", "key": "3"})
    assert [r["action"] for r in rows(panel)] == ["label", "skip"]


def test_all_labelled_message_and_back_still_works(panel: ReviewPanel) -> None:
    for number in range(5):
        assert key(panel, str(number + 1)) and key(panel, "Enter")
    assert len(rows(panel)) == 5
    assert panel.done.layout.display is None and panel.body.layout.display == "none"
    assert "All 5 articles labelled" in panel.done.value
    assert "labels/policy-frames/ana.csv" in panel.done.value
    assert panel.count.value == "5 of 5 labelled" and panel.progress.value == 5
    assert panel.save_button.disabled and not key(panel, "Enter") and not key(panel, "s")
    assert key(panel, "ArrowLeft") and current_id(panel) == "004"
    assert panel.body.layout.display is None and panel.fields.values()["primary_frame"] == frames(panel)[4]
    reopened = ReviewPanel(panel.session.corpus, reviewer="ana", labels_dir=panel.labels_dir)
    assert "All 5 articles labelled" in reopened.done.value


def test_order_reaches_the_panel(corpus_dir: Path, labels: Path) -> None:
    ana = ReviewPanel(corpus_dir, reviewer="ana", labels_dir=labels, order="shuffle")
    again = ReviewPanel(corpus_dir, reviewer="ana", labels_dir=labels, order="shuffle")
    bob = ReviewPanel(corpus_dir, reviewer="bob", labels_dir=labels, order="shuffle")
    assert ana.session.articles == again.session.articles != bob.session.articles
    assert ana.title.value == again.title.value


def test_kind_toggles_change_the_rendered_text(panel: ReviewPanel) -> None:
    # Seed 000 has hedges and encoding residue (a Markdown table).
    assert 'class="annotate-hedge"' in panel.text.value and 'class="annotate-encoding"' in panel.text.value
    assert panel.kind_toggles["hedge"].description == "hedge (5)"
    assert panel.kind_toggles["quote"].description == "quote (0)"
    panel.kind_toggles["hedge"].value = False
    assert 'class="annotate-hedge"' not in panel.text.value
    assert 'class="annotate-encoding"' in panel.text.value
    assert "hedge" not in panel.shown_kinds()
    panel.kind_toggles["encoding"].value = False
    assert "<mark" not in panel.text.value
    panel.kind_toggles["hedge"].value = True
    assert 'class="annotate-hedge"' in panel.text.value
    # The choice of kinds carries over to the next article.
    assert key(panel, "ArrowRight") and 'class="annotate-quote"' in panel.text.value
    assert 'class="annotate-encoding"' not in panel.text.value


def test_title_source_and_text_are_escaped(tmp_path: Path, labels: Path) -> None:
    corpus = tmp_path / "evil.jsonl"
    record = {"id": "x1", "title": "<script>alert(1)</script>", "source": "<img src=x onerror=alert(2)>",
              "text": "It might rain. <b>bold</b> & <i>more</i>"}
    corpus.write_text(json.dumps(record) + "\n", encoding="utf-8")
    panel = ReviewPanel(corpus, reviewer="ana", labels_dir=labels)
    assert panel.title.value == "<h3>&lt;script&gt;alert(1)&lt;/script&gt;</h3>"
    assert "&lt;img src=x onerror=alert(2)&gt;" in panel.source.value and "<img" not in panel.source.value
    # The tags are findings (encoding residue) so marks wrap them; inside the marks all is escaped.
    body = re.sub(r"</?mark[^>]*>", "", panel.text.value)
    assert "It might rain. &lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;more&lt;/i&gt;</div>" in body
    assert set(re.findall(r"<(\w+)", panel.text.value)) == {"style", "div", "mark"}


def test_reviewer_is_required_and_checked(corpus_dir: Path, labels: Path) -> None:
    with pytest.raises(ValueError, match="reviewer='ana'"):
        ReviewPanel(corpus_dir, labels_dir=labels)
    with pytest.raises(ValueError, match=r"\.\./x"):
        ReviewPanel(corpus_dir, reviewer="../x", labels_dir=labels)


def test_labels_dir_defaults_to_the_environment(corpus_dir: Path, labels: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNOTATE_LABELS_DIR", str(labels))
    panel = ReviewPanel(corpus_dir, reviewer="ana")
    assert key(panel, "1") and key(panel, "Enter")
    assert (labels / "policy-frames" / "ana.csv").is_file() and SAVED_RE.fullmatch(panel.status.value)


def _walk(widget: object) -> list[object]:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found.extend(_walk(child))
    return found


def test_inputs_follow_another_codebook(corpus_dir: Path, labels: Path) -> None:
    panel = ReviewPanel(corpus_dir, reviewer="ana", labels_dir=labels, codebook="generic-frames")
    assert list(panel.fields.inputs) == list(panel.session.codebook.field_names)
    assert key(panel, "3") and panel.fields.values()["dominant_frame"] == "Conflict"
    assert not key(panel, "Enter")  # the five frame ratings are required too
    assert "Required: Responsibility" in panel.status.value
    fill(panel, responsibility="2", human_interest="0", conflict="4", morality="0", economic_consequences="1")
    assert key(panel, "Enter")
    (row,) = rows(panel)
    assert row["codebook"] == "generic-frames" and row["dominant_frame"] == "Conflict"
    assert (row["responsibility"], row["conflict"], row["confidence"]) == ("2", "4", "")
    assert panel.session.store.path == labels / "generic-frames" / "ana.csv"
