"""`annotate lab` opens a git-ignored working copy on 127.0.0.1; `annotate app` needs a token beyond this machine."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from annotate.cli import commands as cli
from annotate.cli.app import TOKEN_ENV, app_command, app_env, app_token, is_loopback, lab_command
from annotate.cli.workspace import WorkspaceError, source_digest, working_copy

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "02_review_framing.ipynb"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "notebooks").mkdir()
    shutil.copy2(NOTEBOOK, tmp_path / "notebooks" / NOTEBOOK.name)
    return tmp_path


def edit(path: Path, **outputs: object) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell.update(outputs)
    path.write_text(json.dumps(nb), encoding="utf-8")


def test_working_copy_is_made_then_followed_but_never_overwritten_once_edited(project: Path) -> None:
    tracked = project / "notebooks" / NOTEBOOK.name
    copy, note = working_copy(tracked)
    assert copy == project / "work" / NOTEBOOK.name and note.startswith("made ")
    assert copy.read_bytes() == tracked.read_bytes()
    edit(copy, execution_count=7, outputs=[{"output_type": "stream", "name": "stdout", "text": "x"}])
    assert working_copy(tracked) == (copy, f"opening {copy}")  # outputs are not edits
    tracked.write_text(tracked.read_text(encoding="utf-8").replace("REVIEWER = ", "REVIEWER  = "), encoding="utf-8")
    again, note = working_copy(tracked)  # the tracked notebook changed, the copy's cells did not: follow it
    assert "refreshed" in note and source_digest(again) == source_digest(tracked)
    nb = json.loads(again.read_text(encoding="utf-8"))
    nb["cells"][1]["source"] = ["my own cell"]
    again.write_text(json.dumps(nb), encoding="utf-8")
    tracked.write_text(tracked.read_text(encoding="utf-8").replace("REVIEWER  = ", "REVIEWER = "), encoding="utf-8")
    kept, note = working_copy(tracked)
    assert "is kept" in note and json.loads(kept.read_text(encoding="utf-8"))["cells"][1]["source"] == ["my own cell"]
    with pytest.raises(WorkspaceError, match="no such notebook"):
        working_copy(project / "nope.ipynb")
    (project / "bad.ipynb").write_text("{", encoding="utf-8")
    with pytest.raises(WorkspaceError, match="not a readable notebook"):
        working_copy(project / "bad.ipynb")


def test_labelling_leaves_the_checkout_clean() -> None:
    """What `make lab` and the panel write (work/ copies, labels, gold labels beside the demo) git ignores."""
    import subprocess

    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    written = ["work/02_review_framing.ipynb", "work/.02_review_framing.ipynb.sha256",
               "labels/policy-frames/ana.csv", "labels/policy-frames/ana.csv.lock",
               "labels/demo/policy-frames/lead.csv", "labels/generic-frames/bob.csv"]
    kept = ["labels/README.md", "labels/demo/README.md", "labels/demo/policy-frames/r1.csv",
            "notebooks/02_review_framing.ipynb"]

    def ignored(path: str) -> bool:
        return subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT, check=False).returncode == 0
    assert [p for p in written if not ignored(p)] == []
    assert [p for p in kept if ignored(p)] == []


def test_lab_listens_on_this_machine_with_a_token_off_the_command_line(
        project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    assert cli.main(["lab", "--dry-run"]) == 0
    out = capsys.readouterr()
    assert f"would open {project / 'work' / NOTEBOOK.name}" in out.err
    assert not (project / "work").exists()  # a dry run writes nothing
    command = out.out.split()
    assert "--ServerApp.ip=127.0.0.1" in command and str(project / "work" / NOTEBOOK.name) in command
    # The token travels through the environment and a config file (tests/security/test_server_settings.py
    # reads the running server): no command line shows it, turns it off or sets a password.
    assert not [c for c in command if "token" in c.lower() or "password" in c.lower()]
    assert lab_command(Path("x.ipynb"), project)[:3][1:] == ["-m", "jupyterlab"]


def test_app_binds_this_machine_and_needs_a_token_beyond_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("pc.local")
    assert app_token("127.0.0.1") is None
    generated = app_token("0.0.0.0")
    assert generated is not None and len(generated) >= 32 and generated != app_token("0.0.0.0")
    monkeypatch.setenv(TOKEN_ENV, "chosen-token")
    assert app_token("0.0.0.0") == app_token("127.0.0.1") == "chosen-token"
    command = app_command("127.0.0.1", 8866)
    assert "--Voila.ip=127.0.0.1" in command and "--template=annotate" in command
    assert not any("chosen-token" in c for c in command)  # never on the command line (`ps` shows it)
    env = app_env("seeds", None, ["policy-frames", "mine.yaml"], "chosen-token")
    assert env[TOKEN_ENV] == "chosen-token" and Path(env["ANNOTATE_CORPUS"]).is_absolute()
    assert env["ANNOTATE_CODEBOOKS"].split(":")[0] == "policy-frames"
    assert Path(env["ANNOTATE_CODEBOOKS"].split(":")[1]).is_absolute()
    template = Path(env["JUPYTER_PATH"].split(":")[0]) / "voila" / "templates" / "annotate" / "index.html.j2"
    assert template.is_file() and "cdn.jsdelivr.net" in template.read_text(encoding="utf-8")


def test_app_dry_run_prints_where_it_serves(capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    assert cli.main(["app", "--dry-run"]) == 0
    err = capsys.readouterr().err
    assert "on this machine only: http://127.0.0.1:8866/\n" in err
    assert cli.main(["app", "--dry-run", "--ip", "0.0.0.0", "--port", "9000"]) == 0
    err = capsys.readouterr().err
    assert "on the network" in err and ":9000/?token=" in err


def test_app_checks_what_it_would_serve_before_serving(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """In a dry run as in a real one (which would stop here, before Voilà starts)."""
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    (tmp_path / "file").write_text("", encoding="utf-8")
    for argv, says in ((["--corpus", str(tmp_path / "nope")], f"--corpus {tmp_path / 'nope'}: no such file or folder"),
                       (["--corpus", str(tmp_path / "file")], "not a folder, .jsonl"),
                       (["--codebook", "nope"], "--codebook nope: no such codebook file (bundled codebooks: "),
                       (["--labels", str(tmp_path / "file")], "is a file, not a labels folder")):
        for dry in (["--dry-run"], []):
            assert cli.main(["app", *dry, *argv]) == 1
            out = capsys.readouterr()
            assert out.err.startswith("annotate: error: ") and says in out.err, out.err
            assert "serving" not in out.err and out.out == ""
    for port in ("0", "99999", "http"):
        with pytest.raises(SystemExit):
            cli.main(["app", "--dry-run", "--port", port])
        assert f"argument --port: invalid port: '{port}' (a number from 1 to 65535)" in capsys.readouterr().err
    assert cli.main(["app", "--dry-run", "--port", "65535", "--codebook", "generic-frames"]) == 0
