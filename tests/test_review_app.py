"""ReviewApp's sign-in form: names checked as the store checks them, case clashes refused, the panel opened."""
from __future__ import annotations

import html
from pathlib import Path

from annotate import ReviewApp, ReviewPanel
from annotate.corpus import load_corpus
from annotate.labels import LabelStore
from annotate.review_app import name_clash


def start(app: ReviewApp, name: str, **choices: str) -> ReviewPanel | None:
    app.name.value = name
    for attr, value in choices.items():
        getattr(app, attr).value = value
    app.start_button.click()
    return app.panel


def test_sign_in_opens_the_panel_in_place_of_the_form(corpus_dir: Path, labels: Path) -> None:
    app = ReviewApp(corpus_dir, labels_dir=labels)
    assert app.widget.children == (app.form,) and app.codebook.value == "policy-frames"
    assert app.scope.layout.display == "none"  # only adjudicators choose what counts as a disagreement
    panel = start(app, "  ana ")  # surrounding spaces are not part of a name
    assert panel is not None and app.widget.children == (panel.widget,)
    assert panel.session.reviewer == "ana" and panel.session.codebook.id == "policy-frames"
    assert panel.session.store.path == labels / "policy-frames" / "ana.csv"


def test_bad_names_and_case_clashes_are_refused_with_a_reason(corpus_dir: Path, labels: Path) -> None:
    LabelStore(labels, "policy-frames", "Ana").save(load_corpus(corpus_dir)[0], {"primary_frame": "Economic"})
    app = ReviewApp(corpus_dir, labels_dir=labels)
    for bad, reason in (("", "reviewer name is empty"), ("../x", "is not allowed"), ("a b", "is not allowed"),
                        ("ana", "sign in as 'Ana'"), ("ANA", "sign in as 'Ana'")):
        assert start(app, bad) is None, bad
        shown = html.unescape(app.message.value)
        assert "Not started:" in shown and reason in shown, (bad, shown)
        assert app.widget.children == (app.form,)
    assert name_clash(labels, "policy-frames", "Ana") is None and name_clash(labels, "generic-frames", "ana") is None
    assert sorted(p.name for p in (labels / "policy-frames").iterdir() if p.suffix == ".csv") == ["Ana.csv"]
    assert start(app, "Ana") is not None


def test_codebook_task_and_scope_reach_the_panel(corpus_dir: Path, labels: Path) -> None:
    app = ReviewApp(corpus_dir, labels_dir=labels)
    panel = start(app, "lead", codebook="generic-frames", task="adjudicate", scope="all")
    assert panel is not None and panel.mode == "adjudicate"
    assert panel.session.codebook.id == "generic-frames" and panel.session.disagree_on == "all"  # type: ignore[attr-defined]
    assert app.scope.layout.display is None


def test_reviewer_given_skips_the_form_and_errors_stay_on_it(corpus_dir: Path, labels: Path, tmp_path: Path) -> None:
    app = ReviewApp(corpus_dir, labels_dir=labels, reviewer="bob", codebook="generic-frames")
    assert app.panel is not None and app.panel.session.codebook.id == "generic-frames"
    broken = ReviewApp(tmp_path / "missing", labels_dir=labels, reviewer="bob")
    assert broken.panel is None and "no such file or folder" in broken.message.value
    yaml = tmp_path / "mine.yaml"
    yaml.write_text("id: mine\nversion: '1'\nfields:\n  - {name: frame, type: single, options: [a, b]}\n",
                    encoding="utf-8")
    custom = ReviewApp(corpus_dir, labels_dir=labels, codebooks=["policy-frames", str(yaml)])
    assert [value for _, value in custom.codebook.options] == ["policy-frames", str(yaml)]
    assert custom.codebook.options[1][0] == "mine (mine)"
