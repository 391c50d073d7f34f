"""The export in parts: the file `annotate export` streams is the file the whole-table export writes."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from annotate import Article, LabelStore
from annotate.cli import commands as cli
from annotate.corpus import iter_corpus, load_corpus
from annotate.report.export import ReportRows, export_report
from annotate.report.stream import export_parts, score_parts
from annotate.scoring.batch import Scored, score_stream


def _project(tmp_path: Path) -> tuple[Path, Path]:
    """Seven articles and labels of every kind: votes that tie and agree, notes (one a formula), a skip, a gold
    label, a label on an earlier text (stale), a withdrawn label and a label of an article not in the corpus."""
    corpus, labels = tmp_path / "corpus", tmp_path / "labels"
    corpus.mkdir()
    texts = {f"a{i}": f"Title {i}\n\nThe council cut taxes by {i}%, officials said. It may rain." for i in range(7)}
    texts["a3"] = "=SUM(1+1)\n\n\"We will not wait,\" said Mayor Ana Lopez. Clearly the plan is sound."
    for name, text in texts.items():
        (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
    articles = {a.id: a for a in load_corpus(corpus)}
    ana, bo, chief = (LabelStore(labels, "policy-frames", r) for r in ("ana", "bo", "chief"))
    ana.save(articles["a0"], {"primary_frame": "Economic", "tone": "neutral", "notes": "-1 for the headline"})
    bo.save(articles["a0"], {"primary_frame": "Political", "tone": "neutral"})
    chief.save(articles["a0"], {"primary_frame": "Political", "notes": "the talks lead"}, action="adjudicate")
    ana.save(articles["a1"], {"primary_frame": "Economic", "secondary_frames": "Political|Morality"})
    bo.save(articles["a1"], {"primary_frame": "Economic", "secondary_frames": "Political"})
    ana.save(articles["a2"], {"notes": "paywalled"}, action="skip")
    bo.save(Article.from_text("An earlier text of a4.", "a4"), {"primary_frame": "Political"})  # stale
    ana.save(articles["a5"], {"primary_frame": "Political"})
    ana.save(articles["a5"], action="retract")
    bo.save(Article.from_text("Not in the corpus.", "elsewhere"), {"primary_frame": "Political"})
    ana.save(articles["a6"], {"primary_frame": "Morality"})
    return corpus, labels


@pytest.mark.parametrize("size", [1, 2, 3, 7, 100])
@pytest.mark.parametrize(("raw", "excel"), [(False, False), (True, False), (False, True)])
def test_the_file_written_in_parts_is_the_whole_tables_file(tmp_path: Path, size: int, raw: bool, excel: bool) -> None:
    corpus, labels = _project(tmp_path)
    whole, parts = tmp_path / "whole.csv", tmp_path / "parts.csv"
    export_report(corpus, labels, "policy-frames", whole, raw=raw, excel=excel)
    rows = ReportRows(labels, "policy-frames")
    failed: list[Scored] = []
    written = export_parts(score_parts(score_stream(iter_corpus(corpus)), failed.append, size), rows, parts,
                           raw=raw, excel=excel)
    assert (written, failed) == (7, [])
    assert parts.read_bytes() == whole.read_bytes()
    assert rows.attrs() == {"problems": [], "not_in_corpus": ["elsewhere"], "stale_labels": 1,
                            "stale_articles": ["a4"]}
    report = pd.read_csv(parts, keep_default_na=False, encoding="utf-8-sig").set_index("id")
    assert report.loc["a0", "primary_frame_reason"] == "gold" and report.loc["a2", "primary_frame_reason"] == "skipped"
    assert report.loc["a4", "primary_frame_reason"] == "stale" and report.loc["a5", "n_reviewers"] == 0


def test_the_command_streams_the_same_file_and_names_what_it_left_out(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    corpus, labels = _project(tmp_path)
    whole, out = tmp_path / "whole.csv", tmp_path / "out.csv"
    export_report(corpus, labels, "policy-frames", whole)
    assert cli.main(["export", "--corpus", str(corpus), "--labels", str(labels), "-o", str(out), "-j", "2"]) == 0
    err = capsys.readouterr().err
    assert out.read_bytes() == whole.read_bytes()
    assert "annotate: warning: elsewhere: labelled but not in the corpus; left out" in err
    assert "1 label was saved on an earlier text of 1 article (a4); left out of the export" in err
    assert err.endswith(f"exported 7 articles -> {out}\n"), err
    assert "exporting" not in err, "no progress bar when stderr is not a terminal"
    assert cli.main(["export", "--corpus", str(corpus), "--labels", str(labels), "-o", str(out), "--progress"]) == 0
    assert "exporting: 100%" in capsys.readouterr().err


def test_an_article_that_cannot_be_scored_is_named_and_left_out(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole-table export stopped at the first article scoring raised on; the stream leaves it out alone."""
    import annotate.scoring.batch as batch

    corpus, labels = _project(tmp_path)
    real = batch.score_text

    def fragile(text: str) -> object:
        if text.startswith("=SUM"):
            raise MemoryError("too much")
        return real(text)

    monkeypatch.setattr(batch, "score_text", fragile)
    out = tmp_path / "out.csv"
    assert cli.main(["export", "--corpus", str(corpus), "--labels", str(labels), "-o", str(out), "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert f"annotate: failed: {corpus / 'a3.txt'}: scoring failed: MemoryError: too much" in err
    assert err.endswith(f"exported 6 articles -> {out}; 1 corpus record failed (left out)\n"), err
    assert "a3" not in list(pd.read_csv(out, keep_default_na=False)["id"])


def test_nothing_scored_writes_nothing(tmp_path: Path) -> None:
    labels = _project(tmp_path)[1]
    out = tmp_path / "out.csv"
    out.write_text("the old report\n", encoding="utf-8")
    assert export_parts(iter([]), ReportRows(labels, "policy-frames"), out) == 0
    assert out.read_text(encoding="utf-8") == "the old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "labels", "out.csv"]


def test_a_part_size_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        list(score_parts(iter([]), print, 0))


@pytest.mark.parametrize(("table", "score_flags", "export_flags"), [
    ("scores.parquet", [], []), ("scores.csv", [], []), ("scores.csv", ["--raw"], ["--raw"]),
    ("scores.parquet", [], ["--excel"])])
def test_an_export_from_the_score_table_is_the_export_from_the_corpus(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], table: str, score_flags: list[str],
        export_flags: list[str]) -> None:
    """A million articles scored once need not be scored again to export their labels."""
    corpus, labels = _project(tmp_path)
    scores, whole, out = tmp_path / table, tmp_path / "whole.csv", tmp_path / "out.csv"
    assert cli.main(["score", str(corpus), "-o", str(scores), *score_flags]) == 0
    base = ["export", "--labels", str(labels), *export_flags, "-o"]
    assert cli.main([*base, str(whole), "--corpus", str(corpus)]) == 0
    capsys.readouterr()
    assert cli.main([*base, str(out), "--scores", str(scores)]) == 0
    err = capsys.readouterr().err
    assert out.read_bytes() == whole.read_bytes()
    assert "elsewhere: labelled but not in the corpus" in err and "(a4)" in err  # stale: the table's sha256
    assert err.endswith(f"exported 7 articles -> {out}\n")


def test_a_score_table_that_is_not_one_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus, labels = _project(tmp_path)
    base = ["export", "--labels", str(labels), "-o", str(tmp_path / "out.csv"), "--scores"]
    (tmp_path / "findings.csv").write_text("article_id,kind,start,end,text,detail\na1,typo,0,3,teh,the\n",
                                           encoding="utf-8")
    assert cli.main([*base, str(tmp_path / "findings.csv")]) == 1
    assert (f"annotate: error: {tmp_path / 'findings.csv'}: not a score table written by annotate score (no "
            "column id, title, sha256 ...)") in capsys.readouterr().err
    assert cli.main([*base, str(tmp_path / "none.parquet")]) == 1
    assert f"{tmp_path / 'none.parquet'}: no such score table" in capsys.readouterr().err
    scores = tmp_path / "scores.csv"
    assert cli.main(["score", str(corpus), "-o", str(scores)]) == 0
    lines = scores.read_text(encoding="utf-8").splitlines()
    broken = lines[1].split(",")
    broken[3] = "many"  # n_words
    scores.write_text("\n".join([lines[0], ",".join(broken), *lines[2:]]) + "\n", encoding="utf-8")
    assert cli.main([*base, str(scores)]) == 1
    err = capsys.readouterr().err
    assert f"annotate: error: {scores}: not a score table written by annotate score (" in err and "many" in err
    assert not (tmp_path / "out.csv").exists() and not list(tmp_path.glob(".*.tmp"))
    with pytest.raises(SystemExit):
        cli.main(["export", "--labels", str(labels), "-o", str(tmp_path / "o.csv"), "--scores", str(scores),
                  "--corpus", str(corpus)])
    assert "not allowed with argument" in capsys.readouterr().err
