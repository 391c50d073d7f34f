"""ReviewPanel driven as the browser drives it (actions with the values on screen), checked against the CSV on disk."""
from __future__ import annotations

import ast
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
from annotate.review import ReviewSession
from annotate.widgets import panel as panel_module
from annotate.widgets.markup import explain, scores_html
from tests.conftest import act, fill

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


def current_id(panel: ReviewPanel) -> str:
    assert panel.session.article is not None
    return panel.session.article.id[:3]


def screen(panel: ReviewPanel) -> dict[str, object]:
    return dict(panel.form.screen)


def _walk(widget: object) -> list[object]:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found.extend(_walk(child))
    return found


def test_layout_and_form_spec(panel: ReviewPanel) -> None:
    classes = {c for w in _walk(panel.widget) for c in w._dom_classes}
    for name in ("annotate-panel", "annotate-article", "annotate-side", "annotate-text-box", "annotate-kinds",
                 "annotate-scores", "annotate-title", "annotate-source"):
        assert name in classes, name
    assert panel.form in _walk(panel.widget)
    assert panel._repr_mimebundle_()["text/plain"].startswith("VBox")
    spec = panel.form.spec
    assert [f["name"] for f in spec["fields"]] == list(panel.session.codebook.field_names)
    assert (spec["role"], spec["reviewer"], spec["can_skip"]) == ("Reviewer", "ana", True)
    keys = dict(spec["keys"])
    assert keys["1 2 3 4 5 6 7 8 9 0 q w e r t"].startswith("Primary frame")
    assert "⇧1 ⇧2" in next(k for k in keys if k.startswith("⇧1"))
    assert {"Enter", "s", "u", "?", "Esc"} <= set(keys)
    primary = spec["fields"][0]
    assert primary["tooltips"][0].startswith("Economic: costs") and primary["hotkeys"][9] == "0"
    assert spec["rules"][0]["kind"] == "distinct"
    s = screen(panel)
    assert s["progress"] == {"done": 0, "total": 5, "word": "labelled", "skipped": 0}
    assert s["can"] == {"edit": True, "refused": "", "back": False, "forward": True, "save": True, "skip": True,
                        "undo": False, "first_open": False, "undo_what": ""}
    assert s["end"] is False and s["values"]["secondary_frames"] == [] and s["suggestions"] == {}


def test_save_writes_exactly_the_values_sent_with_the_click(panel: ReviewPanel) -> None:
    f = frames(panel)
    fill(panel, tone="positive")  # what the kernel last knew; the click carries what the reviewer sees
    sha = panel.session.articles[0].sha256
    before = datetime.now().astimezone()
    token = panel.form.token
    status = act(panel, "save", {"primary_frame": f[6], "secondary_frames": [f[12], f[0]], "tone": "negative",
                                 "source_quality": "4", "confidence": "2", "notes": "close call\nbetween two"})
    (row,) = rows(panel)
    assert row["action"] == "label" and row["reviewer"] == "ana"
    assert row["article_id"] == "000-abu-dhabi-talks-wrap-up-second-day" and row["article_sha256"] == sha
    assert row["primary_frame"] == f[6]
    assert row["secondary_frames"] == f"{f[0]}|{f[12]}"  # option order, not click order
    assert (row["tone"], row["source_quality"], row["confidence"]) == ("negative", "4", "2")
    assert row["notes"] == "close call between two"
    assert uuid.UUID(row["label_id"]).version == 4
    saved = datetime.fromisoformat(row["saved_at"])
    assert before - timedelta(seconds=1) <= saved <= datetime.now().astimezone() + timedelta(seconds=1)
    assert SAVED_RE.fullmatch(str(status["text"])) and status["level"] == "ok"
    assert current_id(panel) == "001" and panel.form.token == token + 1
    s = screen(panel)
    assert s["progress"]["done"] == 1 and s["values"]["primary_frame"] == "" and s["values"]["tone"] == ""
    assert panel.last_save_seconds is not None and 0 < panel.last_save_seconds < 5


def test_an_action_made_on_an_earlier_screen_is_refused(panel: ReviewPanel) -> None:
    old = panel.form.token
    act(panel, "save", {"primary_frame": frames(panel)[0]})
    status = act(panel, "save", {"primary_frame": frames(panel)[1], "tone": "neutral"}, token=old)
    assert status["level"] == "error" and "earlier screen" in str(status["text"])
    assert len(rows(panel)) == 1 and current_id(panel) == "001"
    panel.form.receive({"kind": "action", "action": "explode", "token": panel.form.token, "seq": 999})
    assert panel.form.status["level"] == "error" and "Unknown request" in panel.form.status["text"]
    panel.form.receive("not a message")
    assert panel.form.status["ack"] == 999 and len(rows(panel)) == 1


def test_opens_at_the_first_unlabelled_article(corpus_dir: Path, labels: Path) -> None:
    store = LabelStore(labels, "policy-frames", "ana")
    corpus = load_corpus(corpus_dir)
    store.save(corpus[0], {"primary_frame": store.codebook.field("primary_frame").options[0]})
    store.save(corpus[1], None, action="skip")
    panel = ReviewPanel(corpus_dir, reviewer="ana", labels_dir=labels)
    assert current_id(panel) == "002"
    assert screen(panel)["progress"] == {"done": 1, "total": 5, "word": "labelled", "skipped": 1}
    assert "Article 3 of 5" in panel.source.value
    assert screen(panel)["can"]["undo"] and "your skip of" in screen(panel)["can"]["undo_what"]


def test_back_shows_stored_values_and_saving_again_goes_to_the_following_article(panel: ReviewPanel) -> None:
    f = frames(panel)
    act(panel, "save", {"primary_frame": f[1], "secondary_frames": [f[2]], "tone": "positive", "confidence": "3"})
    act(panel, "save", {"primary_frame": f[3]})
    act(panel, "back")
    act(panel, "back")
    assert current_id(panel) == "000"
    s = screen(panel)
    assert s["values"]["primary_frame"] == f[1] and s["values"]["secondary_frames"] == [f[2]]
    assert s["values"]["tone"] == "positive" and s["values"]["source_quality"] == ""
    assert "a changed save adds a row" in str(s["note"]) and s["stored_action"] == "label"
    assert s["can"]["first_open"]  # re-reviewing: "First open article" takes the reviewer back to 002
    act(panel, "save", {**s["values"], "primary_frame": f[4]})  # type: ignore[dict-item]
    first, _, third = rows(panel)
    assert first["article_id"] == third["article_id"] == panel.session.articles[0].id
    assert (first["primary_frame"], third["primary_frame"]) == (f[1], f[4])
    assert current_id(panel) == "001"  # the following article, already labelled: re-review goes on
    act(panel, "first_open")
    assert current_id(panel) == "002" and not screen(panel)["can"]["first_open"]


def test_changed_article_text_is_flagged_when_going_back(corpus_dir: Path, labels: Path) -> None:
    panel = ReviewPanel(corpus_dir, reviewer="ana", labels_dir=labels)
    act(panel, "save", {"primary_frame": frames(panel)[0]})
    first = sorted(corpus_dir.glob("000-*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nA correction.\n", encoding="utf-8")
    reopened = ReviewPanel(corpus_dir, reviewer="ana", labels_dir=labels)
    assert current_id(reopened) == "001"
    act(reopened, "back")
    assert "text has changed since" in str(screen(reopened)["note"])
    assert screen(reopened)["values"]["primary_frame"] == frames(reopened)[0]


def test_required_field_left_empty_blocks_the_save(panel: ReviewPanel) -> None:
    token = panel.form.token
    status = act(panel, "save", {"tone": "neutral", "notes": "forgot the frame"})
    assert rows(panel) == [] and status["level"] == "error"
    assert "Required: Primary frame" in str(status["text"]) and "nothing saved" in str(status["text"])
    assert status["invalid"] == ["primary_frame"]
    assert current_id(panel) == "000" and panel.form.token == token  # no new screen: the inputs stay as typed
    status = act(panel, "save", {"tone": "neutral", "primary_frame": frames(panel)[0]})
    assert len(rows(panel)) == 1 and SAVED_RE.fullmatch(str(status["text"]))


def test_codebook_rules_block_the_save_and_name_the_fields(panel: ReviewPanel) -> None:
    status = act(panel, "save", {"primary_frame": "Economic", "secondary_frames": ["Political", "Economic"]})
    assert status["invalid"] == ["primary_frame", "secondary_frames"] and rows(panel) == []
    assert "not also a secondary frame" in str(status["text"])
    status = act(panel, "save", {"primary_frame": "Other"})
    assert status["invalid"] == ["primary_frame", "notes"] and "say in Notes" in str(status["text"])
    act(panel, "save", {"primary_frame": "Other", "notes": "sport governance"})
    assert rows(panel)[0]["notes"] == "sport governance"


def test_failed_save_keeps_the_article_and_the_inputs(panel: ReviewPanel) -> None:
    panel.session.store.path.mkdir(parents=True)  # the CSV path is a folder: the append fails
    token = panel.form.token
    status = act(panel, "save", {"primary_frame": frames(panel)[2], "notes": "keep me"})
    assert status["level"] == "error" and str(status["text"]).startswith("Not saved:")
    assert current_id(panel) == "000" and panel.form.token == token and screen(panel)["progress"]["done"] == 0
    assert panel.form.values["notes"] == "keep me" and panel.last_save_seconds is None


def test_header_mismatch_is_reported_and_the_file_left_alone(panel: ReviewPanel) -> None:
    path = panel.session.store.path
    path.parent.mkdir(parents=True)
    path.write_text("label_id,saved_at,something_else\n", encoding="utf-8")
    status = act(panel, "save", {"primary_frame": frames(panel)[0]})
    assert "Not saved:" in str(status["text"]) and current_id(panel) == "000"
    assert path.read_text(encoding="utf-8") == "label_id,saved_at,something_else\n"


def test_skip_writes_a_skip_row_and_asks_before_replacing_a_label(panel: ReviewPanel) -> None:
    status = act(panel, "skip", {"tone": "neutral"})
    (row,) = rows(panel)
    assert row["action"] == "skip" and row["article_id"].startswith("000")
    assert all(row[name] == "" for name in panel.session.codebook.field_names)
    assert str(status["text"]).startswith("Skipped ") and current_id(panel) == "001"
    assert screen(panel)["progress"]["skipped"] == 1
    act(panel, "save", {"primary_frame": frames(panel)[0]})
    act(panel, "back")
    assert screen(panel)["stored_action"] == "label" and screen(panel)["stored_when"]
    status = act(panel, "skip", {"notes": "half a note"})  # the browser asks first; the kernel checks again
    assert status["level"] == "error" and "a skip would replace it" in str(status["text"])
    assert len(rows(panel)) == 2 and current_id(panel) == "001"
    act(panel, "skip", confirm=True)
    assert [r["action"] for r in rows(panel)] == ["skip", "label", "skip"] and current_id(panel) == "002"


def test_undo_appends_a_retract_and_shows_the_article_again(panel: ReviewPanel) -> None:
    f = frames(panel)
    act(panel, "save", {"primary_frame": f[5], "tone": "negative", "notes": "first go"})
    assert screen(panel)["can"]["undo"] and "your label of" in screen(panel)["can"]["undo_what"]
    status = act(panel, "undo")
    assert [r["action"] for r in rows(panel)] == ["label", "retract"]
    assert current_id(panel) == "000" and "Undone: your label of" in str(status["text"])
    values = screen(panel)["values"]
    assert (values["primary_frame"], values["tone"], values["notes"]) == (f[5], "negative", "first go")
    assert screen(panel)["progress"]["done"] == 0 and screen(panel)["stored_action"] == ""
    assert not screen(panel)["can"]["undo"]
    status = act(panel, "undo")
    assert "Nothing undone" in str(status["text"]) and len(rows(panel)) == 2


def test_end_of_the_list_and_back(panel: ReviewPanel) -> None:
    for number in range(5):
        act(panel, "save", {"primary_frame": frames(panel)[number]})
    assert len(rows(panel)) == 5
    s = screen(panel)
    assert s["end"] is True and panel.done.layout.display is None and panel.text.layout.display == "none"
    assert "All 5 articles labelled" in panel.done.value and "labels/policy-frames/ana.csv" in panel.done.value
    assert s["can"] == {"edit": True, "refused": "", "back": True, "forward": False, "save": False, "skip": False,
                        "undo": True, "first_open": False, "undo_what": s["can"]["undo_what"]}
    status = act(panel, "save", {"primary_frame": frames(panel)[0]})
    assert len(rows(panel)) == 5 and "Not saved" in str(status["text"])
    act(panel, "back")
    assert current_id(panel) == "004" and screen(panel)["values"]["primary_frame"] == frames(panel)[4]
    reopened = ReviewPanel(panel.session.corpus, reviewer="ana", labels_dir=panel.labels_dir)
    assert "All 5 articles labelled" in reopened.done.value


def test_order_reaches_the_panel(corpus_dir: Path, labels: Path) -> None:
    ana = ReviewPanel(corpus_dir, reviewer="ana", labels_dir=labels, order="shuffle")
    again = ReviewPanel(corpus_dir, reviewer="ana", labels_dir=labels, order="shuffle")
    bob = ReviewPanel(corpus_dir, reviewer="bob", labels_dir=labels, order="shuffle")
    assert ana.session.articles.ids == again.session.articles.ids != bob.session.articles.ids
    assert ana.title.value == again.title.value


def test_kind_toggles_change_the_rendered_text(panel: ReviewPanel) -> None:
    # Seed 000 has hedges and encoding residue (a Markdown table).
    assert 'class="annotate-hedge"' in panel.text.value and 'class="annotate-encoding"' in panel.text.value
    assert panel.kind_toggles["hedge"].description == "hedge (5)"
    panel.kind_toggles["hedge"].value = False
    assert 'class="annotate-hedge"' not in panel.text.value and "hedge" not in panel.shown_kinds()
    panel.kind_toggles["encoding"].value = False
    assert "<mark" not in panel.text.value
    panel.kind_toggles["hedge"].value = True
    act(panel, "forward")  # the choice of kinds carries over to the next article
    assert 'class="annotate-quote"' in panel.text.value and 'class="annotate-encoding"' not in panel.text.value
    swatches = panel.widget.children[0].value
    assert ".annotate-kind-hedge::before" in swatches and "#0072b2" in swatches  # the highlighter's colours


def test_scores_are_grouped_with_plain_names(panel: ReviewPanel) -> None:
    assert explain("flesch_reading_ease", 16.2) == (
        "Readability", "Flesch reading ease", "16: very hard to read (university graduates)")
    assert explain("quote_share", 0.125)[2] == "12% of the text is inside direct quotes"
    assert explain("smog_index", 14.0)[2] == "14.0: university level"
    assert explain("gunning_fog", float("nan"))[2] == "not defined for this text"
    html = scores_html(panel.session.score().numbers())
    summary = re.match(r"<details><summary title='([^']*)'>([^<]*)</summary>", html)
    assert summary is not None and summary[1] == summary[2]  # the whole line on hover, where it is cut
    assert summary[2].startswith("Flesch reading ease 16: very hard to read")
    groups = re.findall(r"class='annotate-score-group'><th colspan='2'>(\w+)</th>", html)
    assert groups == ["Size", "Artifacts", "Hedging", "Quotes", "Readability"]
    assert "smog index" not in html and "SMOG index" in html and panel.scores.value == html


def test_title_source_and_text_are_escaped(tmp_path: Path, labels: Path) -> None:
    corpus = tmp_path / "evil.jsonl"
    record = {"id": "x1", "title": "<script>alert(1)</script>", "source": "<img src=x onerror=alert(2)>",
              "text": "It might rain. <b>bold</b> & <i>more</i>"}
    corpus.write_text(json.dumps(record) + "\n", encoding="utf-8")
    panel = ReviewPanel(corpus, reviewer="ana", labels_dir=labels)
    assert panel.title.value == "<h3>&lt;script&gt;alert(1)&lt;/script&gt;</h3>"
    assert "&lt;img src=x onerror=alert(2)&gt;" in panel.source.value and "<img" not in panel.source.value
    body = re.sub(r"</?mark[^>]*>", "", panel.text.value)
    assert "It might rain. &lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;more&lt;/i&gt;</div>" in body
    assert set(re.findall(r"<(\w+)", panel.text.value)) == {"style", "div", "mark"}


def test_reviewer_is_required_and_checked(corpus_dir: Path, labels: Path) -> None:
    with pytest.raises(ValueError, match="reviewer='ana'"):
        ReviewPanel(corpus_dir, labels_dir=labels)
    with pytest.raises(ValueError, match=r"\.\./x"):
        ReviewPanel(corpus_dir, reviewer="../x", labels_dir=labels)
    with pytest.raises(ValueError, match="mode must be one of label, adjudicate"):
        ReviewPanel(corpus_dir, reviewer="ana", labels_dir=labels, mode="gold")


def test_labels_dir_defaults_to_the_environment(corpus_dir: Path, labels: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNOTATE_LABELS_DIR", str(labels))
    panel = ReviewPanel(corpus_dir, reviewer="ana")
    fill(panel, primary_frame=frames(panel)[0])
    assert panel.save()
    assert (labels / "policy-frames" / "ana.csv").is_file() and SAVED_RE.fullmatch(panel.status_text)


def test_python_methods_use_the_kernel_side_values(panel: ReviewPanel) -> None:
    fill(panel, tone="neutral")
    assert not panel.save() and "Required" in panel.status_text
    fill(panel, primary_frame=frames(panel)[2])
    assert panel.save() and rows(panel)[0]["tone"] == "neutral"
    assert panel.back() and not panel.skip() and panel.skip(confirm=True)
    assert panel.undo() and panel.session.action(panel.session.articles[0]) == "label"
    assert panel.forward() and panel.first_open() is False


def test_inputs_follow_another_codebook(corpus_dir: Path, labels: Path) -> None:
    panel = ReviewPanel(corpus_dir, reviewer="ana", labels_dir=labels, codebook="generic-frames")
    assert [f["name"] for f in panel.form.spec["fields"]] == list(panel.session.codebook.field_names)
    status = act(panel, "save", {"dominant_frame": "Conflict"})
    assert "Required: Responsibility" in str(status["text"])
    act(panel, "save", {"dominant_frame": "Conflict", "responsibility": "2", "human_interest": "0", "conflict": "4",
                        "morality": "0", "economic_consequences": "1"})
    (row,) = rows(panel)
    assert row["codebook"] == "generic-frames" and row["dominant_frame"] == "Conflict"
    assert (row["responsibility"], row["conflict"], row["confidence"]) == ("2", "4", "")


def test_resaving_unchanged_values_writes_nothing_and_another_tab_is_never_overwritten_unseen(
        corpus_dir: Path, labels: Path) -> None:
    tab_a = ReviewPanel(corpus_dir, reviewer="ana", labels_dir=labels)
    tab_b = ReviewPanel(corpus_dir, reviewer="ana", labels_dir=labels)
    act(tab_a, "save", {"primary_frame": "Economic", "tone": "neutral"})
    act(tab_a, "back")
    status = act(tab_a, "save", dict(screen(tab_a)["values"]))  # type: ignore[arg-type]
    assert str(status["text"]).startswith("No change: your label of") and len(rows(tab_a)) == 1
    assert current_id(tab_a) == "001"
    status = act(tab_b, "save", {"primary_frame": "Political"})  # tab B still shows article 000 unlabelled
    assert status["level"] == "error" and "labelled in another window or tab" in str(status["text"])
    assert len(rows(tab_b)) == 1 and current_id(tab_b) == "000"
    status = act(tab_b, "save", {"primary_frame": "Political"})  # told, and done again
    assert [r["primary_frame"] for r in rows(tab_b)] == ["Economic", "Political"]
    assert screen(tab_b)["progress"]["done"] == 1  # counts are read from disk at every drawing


def test_undo_withdraws_only_the_row_its_button_named(corpus_dir: Path, labels: Path) -> None:
    tab_a = ReviewPanel(corpus_dir, reviewer="ana", labels_dir=labels)
    act(tab_a, "save", {"primary_frame": "Economic"})
    tab_b = ReviewPanel(corpus_dir, reviewer="ana", labels_dir=labels)  # opens at 001
    act(tab_b, "save", {"primary_frame": "Political"})
    status = act(tab_a, "undo")  # tab A's button named its own label of 000, not B's newer one
    assert status["level"] == "error" and "your file changed in another window or tab" in str(status["text"])
    assert [r["action"] for r in rows(tab_a)] == ["label", "label"]
    assert "article 2" in screen(tab_a)["can"]["undo_what"]  # now the button names B's row: a second press
    act(tab_a, "undo")
    assert [r["action"] for r in rows(tab_a)][-1] == "retract" and current_id(tab_a) == "001"


class CheckingSession(ReviewSession):
    """A mode the panel has never heard of: everything it shows must come from the session."""

    role = "Checker"
    can_skip = False
    suggests = True

    def side_html(self) -> str:
        return "<p class='check'>second opinion</p>"


def test_the_panel_asks_its_session_what_to_show(corpus_dir: Path, labels: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(panel_module, "open_session", lambda mode, *args, **options: CheckingSession(*args))
    checking = ReviewPanel(corpus_dir, reviewer="cy", labels_dir=labels)
    spec = checking.form.spec
    assert (spec["role"], spec["can_skip"], spec["suggests"]) == ("Checker", False, True)
    assert "s" not in [key for key, _ in spec["keys"]]
    assert checking.form.screen["side_html"] == "<p class='check'>second opinion</p>"
    assert not checking.skip()  # the session refuses; the panel says so and writes nothing
    assert "no skip" in checking.status_text and not checking.session.store.path.exists()


def test_the_panel_has_no_mode_of_its_own() -> None:
    """Modes are sessions (annotate.review.modes): the widget code never branches on one."""
    tree = ast.parse(Path(panel_module.__file__).read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree) if isinstance(
        n, (ast.Module, ast.ClassDef, ast.FunctionDef)) and n.body and isinstance(n.body[0], ast.Expr)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            assert "adjudicat" not in node.value.lower(), node.lineno
        if isinstance(node, ast.Compare):
            names = {n.id if isinstance(n, ast.Name) else n.attr for n in ast.walk(node)
                     if isinstance(n, (ast.Name, ast.Attribute))}
            assert "mode" not in names, node.lineno
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "isinstance":
            assert "Session" not in ast.unparse(node), node.lineno


def test_an_unreadable_record_is_shown_as_such_and_can_only_be_skipped(tmp_path: Path, labels: Path) -> None:
    from annotate.corpus import IndexedCorpus

    path = tmp_path / "big.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Caf\xe9 <b>menu</b>"}\n{"id": "b", "text": "Taxes rose."}\n')
    panel = ReviewPanel(IndexedCorpus(path), reviewer="ana", labels_dir=labels)
    s = screen(panel)
    assert s["can"]["save"] is False and s["can"]["skip"] is True  # type: ignore[index]
    assert s["can"]["edit"] is False and "skip it (s)" in s["can"]["refused"]  # type: ignore[index]
    assert "This record cannot be read" in panel.text.value and "big.jsonl:1" in panel.text.value
    assert "not valid UTF-8" in panel.text.value and "<b>menu" not in panel.text.value
    assert panel.scores.value == "" and panel.kinds_box.layout.display == "none"  # no scores of an empty text
    status = act(panel, "save", {"primary_frame": frames(panel)[0]})
    assert status["level"] == "error" and "cannot be labelled" in str(status["text"]) and rows(panel) == []
    act(panel, "skip")
    assert [r["action"] for r in rows(panel)] == ["skip"] and current_id(panel) == "b"
    assert screen(panel)["can"]["save"] is True  # type: ignore[index]


def test_a_second_skip_says_the_first_stands_and_writes_nothing(panel: ReviewPanel) -> None:
    act(panel, "skip")
    act(panel, "back")
    status = act(panel, "skip")
    assert status["level"] != "error" and "No change: your skip of" in str(status["text"])
    assert [r["action"] for r in rows(panel)] == ["skip"] and current_id(panel) == "001"


def test_a_save_over_an_earlier_label_says_which_label_it_replaced(panel: ReviewPanel) -> None:
    f = frames(panel)
    first = act(panel, "save", {"primary_frame": f[1]})
    assert SAVED_RE.fullmatch(str(first["text"])), first  # a first save replaces nothing and says nothing of it
    act(panel, "back")
    (earlier,) = rows(panel)
    status = act(panel, "save", {**screen(panel)["values"], "primary_frame": f[4]})  # type: ignore[dict-item]
    assert re.fullmatch(r"Saved \d\d:\d\d:\d\d, replacing your label of \d\d:\d\d:\d\d → labels/policy-frames/ana\.csv",
                        str(status["text"])), status
    assert status["level"] == "ok" and len(rows(panel)) == 2
    act(panel, "back")
    status = act(panel, "skip", confirm=True)  # confirmed over the second label: the status names it too
    assert str(status["text"]).startswith("Skipped ") and ", replacing your label of " in str(status["text"])
    assert earlier["label_id"] != rows(panel)[-1]["label_id"]


def test_a_label_of_another_day_shows_its_date() -> None:
    from annotate.labels.format import local_time

    today = datetime.now().astimezone().date()
    stamp = datetime.now().astimezone().isoformat()
    assert re.fullmatch(r"\d\d:\d\d:\d\d", local_time(stamp))  # today's: the time alone
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", local_time(stamp, today=today - timedelta(days=1)))
    assert local_time("2025-03-01T09:15:00+00:00").startswith("2025-03-01 ") or \
        local_time("2025-03-01T09:15:00+00:00").startswith("2025-02-28 ")  # in this machine's time zone
    assert local_time("not a time") == "not a time"


def test_a_long_list_counts_with_thousands_separated(tmp_path: Path) -> None:
    """"Article 1 of 100000" is read digit by digit; the CLI already wrote 100,000."""
    from annotate import Article, Corpus

    corpus = Corpus([Article.from_text(f"Council report number {i}.", f"a{i}") for i in range(1_200)])
    panel = ReviewPanel(corpus, reviewer="ana", labels_dir=tmp_path)
    assert "Article 1 of 1,200 · a0" in panel.source.value
