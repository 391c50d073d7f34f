"""ReviewApp's sign-in form: names checked as the store checks them, case clashes refused, the panel opened."""
from __future__ import annotations

from pathlib import Path

from annotate import ReviewApp, ReviewPanel
from annotate.corpus import load_corpus
from annotate.labels import LabelStore
from annotate.widgets.app import name_clash


def start(app: ReviewApp, name: str, codebook: str = "policy-frames", task: str = "label",
          scope: str = "required", seq: int = 1) -> ReviewPanel | None:
    """What the browser sends with Start (or Enter): everything the visitor filled in, in one message."""
    app.form.receive({"kind": "start", "seq": seq, "name": name, "codebook": codebook, "task": task, "scope": scope})
    assert app.form.status["ack"] == seq
    return app.panel


def test_sign_in_opens_the_panel_in_place_of_the_form(corpus_dir: Path, labels: Path) -> None:
    app = ReviewApp(corpus_dir, labels_dir=labels)
    spec = app.form.spec
    assert app.widget.children == (app.form,) and spec["codebook"] == "policy-frames"
    assert [value for _, value in spec["codebooks"]] == ["generic-frames", "policy-frames"]
    assert spec["codebooks"][1][0] == "Policy frames (Boydstun et al. 2014) (policy-frames)"
    assert (spec["task"], spec["scope"]) == ("label", "required") and spec["name"] == ""
    panel = start(app, "  ana ")  # surrounding spaces are not part of a name
    assert panel is not None and app.widget.children == (panel.widget,)
    assert panel.session.reviewer == "ana" and panel.session.codebook.id == "policy-frames"
    assert panel.session.store.path == labels / "policy-frames" / "ana.csv"
    assert app.form.status["level"] == "ok"


def test_bad_names_and_case_clashes_are_refused_with_a_reason(corpus_dir: Path, labels: Path) -> None:
    LabelStore(labels, "policy-frames", "Ana").save(load_corpus(corpus_dir)[0], {"primary_frame": "Economic"})
    app = ReviewApp(corpus_dir, labels_dir=labels)
    cases = (("", "reviewer name is empty"), ("../x", "is not allowed"), ("a b", "is not allowed"),
             ("José", "is not allowed"), ("ana", "sign in as 'Ana'"), ("ANA", "sign in as 'Ana'"))
    for seq, (bad, reason) in enumerate(cases, start=1):
        assert start(app, bad, seq=seq) is None, bad
        status = app.form.status
        assert status["level"] == "error" and status["text"].startswith("Not started:"), status
        assert reason in status["text"], (bad, status)
        assert app.widget.children == (app.form,)
    assert name_clash(labels, "policy-frames", "Ana") is None and name_clash(labels, "generic-frames", "ana") is None
    assert sorted(p.name for p in (labels / "policy-frames").iterdir() if p.suffix == ".csv") == ["Ana.csv"]
    assert start(app, "Ana", seq=9) is not None
    app.form.receive({"kind": "something else"})
    assert app.form.status["ack"] == 9


def test_codebook_task_and_scope_reach_the_panel(corpus_dir: Path, labels: Path) -> None:
    app = ReviewApp(corpus_dir, labels_dir=labels)
    panel = start(app, "lead", codebook="generic-frames", task="adjudicate", scope="all")
    assert panel is not None and panel.mode == "adjudicate"
    assert panel.session.codebook.id == "generic-frames" and panel.session.disagree_on == "all"  # type: ignore[attr-defined]
    other = ReviewApp(corpus_dir, labels_dir=labels)
    assert start(other, "lead", task="referee") is None
    assert "mode must be one of label, adjudicate" in other.form.status["text"]


def test_reviewer_given_skips_the_form_and_errors_stay_on_it(corpus_dir: Path, labels: Path, tmp_path: Path) -> None:
    app = ReviewApp(corpus_dir, labels_dir=labels, reviewer="bob", codebook="generic-frames")
    assert app.panel is not None and app.panel.session.codebook.id == "generic-frames"
    broken = ReviewApp(tmp_path / "missing", labels_dir=labels, reviewer="bob")
    assert broken.panel is None and "no such file or folder" in broken.form.status["text"]
    assert broken.widget.children == (broken.form,)
    yaml = tmp_path / "mine.yaml"
    yaml.write_text("id: mine\nversion: '1'\nfields:\n  - {name: frame, type: single, options: [a, b]}\n",
                    encoding="utf-8")
    custom = ReviewApp(corpus_dir, labels_dir=labels, codebooks=["policy-frames", str(yaml)])
    assert custom.form.spec["codebooks"][1] == ["mine (mine)", str(yaml)]
    assert start(custom, "cara", codebook=str(yaml)) is not None
