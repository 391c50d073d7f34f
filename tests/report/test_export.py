"""The report export: one row per article with scores and final labels, safe to open in a spreadsheet."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from annotate import Article, LabelStore
from annotate.corpus import load_corpus
from annotate.labels import read_labels
from annotate.labels.demo import write_demo_labels
from annotate.labels.merge import disagreements
from annotate.report.export import NEUTRALISE_PREFIXES, export_report, neutralise, neutralise_frame, report_frame
from annotate.scoring.article import NUMBER_FIELDS
from tests.conftest import ROOT, SEEDS

DEMO = ROOT / "labels" / "demo"
LABEL_COLUMNS = ["primary_frame", "primary_frame_reason", "secondary_frames", "secondary_frames_reason",
                 "tone", "tone_reason", "source_quality", "source_quality_reason", "confidence",
                 "confidence_reason", "notes", "n_stale", "n_skipped", "n_reviewers", "reviewers", "disagree",
                 "disagree_fields"]
SEED_IDS = ["000-abu-dhabi-talks-wrap-up-second-day", "001-peace-talks-resume-in-abu-dhabi",
            "002-rokna-second-round-of-us-mediated-talks", "003-second-day-of-us-brokered-talks",
            "004-chief-editor-progress-on-ending-the-war"]


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_neutralise_each_prefix(prefix: str) -> None:
    assert neutralise(prefix + "SUM(A1:A9)") == "'" + prefix + "SUM(A1:A9)"


@pytest.mark.parametrize("value", ["", "plain", "a=b", " =1", "'=already", "1-2", "€=", "\n=x"])
def test_neutralise_leaves_other_text(value: str) -> None:
    assert neutralise(value) == value


def test_prefixes_are_owasps() -> None:
    assert NEUTRALISE_PREFIXES == ("=", "+", "-", "@", "\t", "\r")


def test_neutralise_frame_touches_strings_only() -> None:
    frame = pd.DataFrame({"text": ["=1+1", "ok", "-x"], "number": [-1.5, 2.0, -3.0],
                          "flag": [True, False, True]})
    out = neutralise_frame(frame)
    assert list(out["text"]) == ["'=1+1", "ok", "'-x"]
    assert list(out["number"]) == [-1.5, 2.0, -3.0]
    assert out["number"].dtype == float and out["flag"].dtype == bool
    assert list(frame["text"]) == ["=1+1", "ok", "-x"], "the input frame is not changed"


def test_report_frame_on_demo_labels() -> None:
    report = report_frame(SEEDS, DEMO, "policy-frames")
    assert list(report.columns) == ["id", "title", "sha256", *NUMBER_FIELDS, *LABEL_COLUMNS]
    assert list(report["id"]) == SEED_IDS
    rows = report.set_index("id")
    first = rows.loc[SEED_IDS[0]]
    assert (first["primary_frame"], first["primary_frame_reason"]) == ("Security and defense", "majority")
    assert (first["n_reviewers"], first["reviewers"], first["disagree"]) == (3, "r1|r2|r3", True)
    tie = rows.loc[SEED_IDS[2]]  # r2 retracted; r1 and r3 differ
    assert (tie["primary_frame"], tie["primary_frame_reason"], tie["reviewers"]) == ("", "unresolved", "r1|r3")
    blog = rows.loc[SEED_IDS[4]]  # r3 skipped
    assert (blog["primary_frame"], blog["n_reviewers"], blog["disagree"]) == ("Political", 2, False)
    # r1 gave a secondary frame, r2 saved none: the empty set against one frame is a tie, not r1's value alone.
    assert (blog["secondary_frames"], blog["secondary_frames_reason"]) == ("", "unresolved")
    assert "secondary_frames" in blog["disagree_fields"].split("|")
    assert list(report["n_stale"]) == [0] * 5
    assert list(report["n_skipped"]) == [0, 0, 0, 0, 1]  # r3 skipped the blog post
    assert list(report["disagree"]) == [True, False, True, True, False]
    assert report.attrs["not_in_corpus"] == [] and report.attrs["problems"] == []
    assert report.attrs["stale_labels"] == 0 and report.attrs["stale_articles"] == []  # demo labels: current texts
    # Every field reviewers differ on is listed, required or not; "all" widens the disagree column.
    fields = rows["disagree_fields"]
    assert fields[SEED_IDS[0]].split("|")[0] == "primary_frame"
    assert all(fields[i] for i in SEED_IDS if rows.loc[i, "disagree"])
    wide = report_frame(SEEDS, DEMO, "policy-frames", disagree_on="all").set_index("id")
    assert list(wide["disagree"]) == [bool(fields[i]) for i in SEED_IDS]
    assert wide["disagree"].sum() >= report["disagree"].sum()
    with pytest.raises(ValueError, match="disagree_on must be one of required, all"):
        report_frame(SEEDS, DEMO, "policy-frames", disagree_on="some")


def test_every_current_note_is_exported_with_its_author(tmp_path: Path) -> None:
    seeds = list(load_corpus(SEEDS))
    ana, bo, chief = (LabelStore(tmp_path, "policy-frames", r) for r in ("ana", "bo", "chief"))
    bo.save(seeds[0], {"primary_frame": "Economic", "notes": "Numbers only, no voices."})
    ana.save(seeds[0], {"primary_frame": "Political", "notes": "=HYPERLINK(\"x\") quoted from the page\nsecond line"})
    chief.save(seeds[0], {"primary_frame": "Political", "notes": "Political: the talks lead."}, action="adjudicate")
    ana.save(seeds[1], {"primary_frame": "Political", "notes": "withdrawn later"})
    ana.save(seeds[1], action="retract")
    bo.save(seeds[2], {"primary_frame": "Political"})  # no note
    report = report_frame(SEEDS, tmp_path, "policy-frames").set_index("id")
    # The store keeps a note on one line, so each line of the column is one label's note.
    assert report.loc[SEED_IDS[0], "notes"] == ("ana: =HYPERLINK(\"x\") quoted from the page second line\n"
                                                "bo: Numbers only, no voices.\n"
                                                "chief (adjudication): Political: the talks lead.")
    assert list(report["notes"])[1:] == ["", "", "", ""]  # a withdrawn label's note goes with it
    out = tmp_path / "report.csv"
    export_report(SEEDS, tmp_path, "policy-frames", out)
    written = pd.read_csv(out, keep_default_na=False).set_index("id")
    assert written.loc[SEED_IDS[0], "notes"] == report.loc[SEED_IDS[0], "notes"]  # starts with a name: no formula


def test_an_article_reviewers_only_skipped_says_skipped(tmp_path: Path) -> None:
    """A skip is a reviewer's decision (seen, passed over); the export showed such an article as never labelled."""
    seeds = list(load_corpus(SEEDS))
    LabelStore(tmp_path, "policy-frames", "ana").save(seeds[1], {"notes": "paywalled copy"}, action="skip")
    LabelStore(tmp_path, "policy-frames", "bo").save(seeds[1], action="skip")
    LabelStore(tmp_path, "policy-frames", "bo").save(seeds[0], {"primary_frame": "Political"})
    report = report_frame(SEEDS, tmp_path, "policy-frames").set_index("id")
    skipped = report.loc[SEED_IDS[1]]
    assert (skipped["n_skipped"], skipped["n_reviewers"], skipped["primary_frame_reason"]) == (2, 0, "skipped")
    assert skipped["notes"] == "ana (skipped): paywalled copy"
    assert report.loc[SEED_IDS[2], "primary_frame_reason"] == "unlabelled"  # nobody saw it
    assert (report.loc[SEED_IDS[0], "n_skipped"], report.loc[SEED_IDS[0], "primary_frame_reason"]) == (0, "single")


def test_unlabelled_articles_and_labels_outside_the_corpus(tmp_path: Path) -> None:
    stranger = Article.from_text("An article that is not in the seeds.", "elsewhere")
    LabelStore(tmp_path, "policy-frames", "r1").save(stranger, {"primary_frame": "Economic"})
    report = report_frame(SEEDS, tmp_path, "policy-frames")
    assert list(report["id"]) == SEED_IDS
    assert set(report["primary_frame"]) == {""} and set(report["tone_reason"]) == {"unlabelled"}
    assert list(report["n_reviewers"]) == [0] * 5 and not report["disagree"].any()
    assert report.attrs["not_in_corpus"] == ["elsewhere"]


def test_missing_labels_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nowhere: no such labels folder"):
        report_frame(SEEDS, tmp_path / "nowhere", "policy-frames")


def _formula_corpus(tmp_path: Path) -> tuple[Path, Path]:
    corpus, labels = tmp_path / "corpus", tmp_path / "labels"
    corpus.mkdir()
    (corpus / "evil.txt").write_text("=HYPERLINK(\"http://x\")\n\nA short report.", encoding="utf-8")
    (corpus / "calm.txt").write_text("Talks resume\n\nNegotiators met again on Thursday.", encoding="utf-8")
    article = Article.from_text((corpus / "evil.txt").read_text(encoding="utf-8"), "evil")
    LabelStore(labels, "policy-frames", "-r9").save(article, {"primary_frame": "Political"})
    return corpus, labels


def test_export_neutralises_by_default(tmp_path: Path) -> None:
    corpus, labels = _formula_corpus(tmp_path)
    path = export_report(corpus, labels, "policy-frames", tmp_path / "out" / "report.csv")
    assert path == tmp_path / "out" / "report.csv"
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(path, keep_default_na=False)
    evil = frame.set_index("id").loc["evil"]
    assert evil["title"] == "'=HYPERLINK(\"http://x\")"
    assert evil["reviewers"] == "'-r9"
    assert frame.set_index("id").loc["calm", "title"] == "Talks resume"
    assert pd.api.types.is_float_dtype(frame["flesch_reading_ease"])
    assert list(tmp_path.glob("out/.*.tmp")) == [], "no temporary file is left behind"


def test_export_raw_and_excel(tmp_path: Path) -> None:
    corpus, labels = _formula_corpus(tmp_path)
    path = export_report(corpus, labels, "policy-frames", tmp_path / "r.csv", raw=True, excel=True)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,title,sha256,")
    frame = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False).set_index("id")
    assert frame.loc["evil", "title"] == "=HYPERLINK(\"http://x\")"
    assert frame.loc["evil", "reviewers"] == "-r9"


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.csv"
    target.write_text("old report\n", encoding="utf-8")

    def explode(self: pd.DataFrame, *args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", explode)
    with pytest.raises(OSError, match="disk full"):
        export_report(SEEDS, DEMO, "policy-frames", target)
    assert target.read_text(encoding="utf-8") == "old report\n"
    assert list(tmp_path.iterdir()) == [target]


def test_demo_labels_have_three_reviewers_who_disagree() -> None:
    labels = read_labels(DEMO, "policy-frames")
    assert sorted(labels["reviewer"].unique()) == ["r1", "r2", "r3"]
    assert set(labels["article_id"]) == set(SEED_IDS)
    assert len(labels) == 13  # 15 articles x reviewers, less r2's retraction and r3's skip
    assert disagreements(labels, "policy-frames") == [SEED_IDS[0], SEED_IDS[2], SEED_IDS[3]]
    history = read_labels(DEMO, "policy-frames", history=True)
    assert sorted(history["action"].value_counts().items()) == [("label", 14), ("retract", 1), ("skip", 1)]
    assert "demo labels" in (DEMO / "README.md").read_text(encoding="utf-8").lower()


def test_write_demo_labels_matches_the_shipped_files(tmp_path: Path) -> None:
    written = write_demo_labels(tmp_path, SEEDS)
    assert [p.name for p in written] == ["r1.csv", "r2.csv", "r3.csv"]
    volatile = ["label_id", "saved_at"]
    fresh = read_labels(tmp_path, "policy-frames", history=True).drop(columns=volatile)
    shipped = read_labels(DEMO, "policy-frames", history=True).drop(columns=volatile)
    pd.testing.assert_frame_equal(fresh.reset_index(drop=True), shipped.reset_index(drop=True))
    with pytest.raises(FileExistsError, match=r"r1\.csv"):
        write_demo_labels(tmp_path, SEEDS)
