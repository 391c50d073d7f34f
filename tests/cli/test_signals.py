"""A run stopped by SIGTERM or Ctrl-C leaves no temporary file, no scoring process and no traceback.

SIGTERM's default used to kill the parent alone: a hidden ``.out.csv.*.tmp`` stayed beside the output, and
the pool's workers, orphaned, kept running (and kept the parent's stderr open) until killed by hand.
"""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotate.cli import commands as cli
from benchmarks.synth import write_corpus
from tests.conftest import ROOT, SEEDS

#: Enough generated articles that two processes are still scoring when the signal comes (about 8 s here).
ARTICLES = 6_000
#: A bound on waits, so that a regression fails instead of hanging the suite.
PATIENCE_S = 120


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
@pytest.mark.parametrize(("command", "signum"), [("score", signal.SIGTERM), ("export", signal.SIGINT),
                                                 ("export", signal.SIGTERM)])
def test_a_stopped_run_cleans_up_and_says_so(tmp_path: Path, command: str, signum: signal.Signals) -> None:
    corpus, out = write_corpus(tmp_path / "c.jsonl", ARTICLES), tmp_path / "out" / "r.csv"
    out.parent.mkdir()
    (tmp_path / "labels").mkdir()  # no labels yet: every article is exported unlabelled
    args = ([command, str(corpus)] if command == "score" else
            [command, "--corpus", str(corpus), "--labels", str(tmp_path / "labels")])
    run = subprocess.Popen([sys.executable, "-m", "annotate.cli", *args, "-o", str(out), "--jobs", "2",
                            "--no-progress"], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + PATIENCE_S
        # Scoring has begun: the temporary output exists and both workers run.
        while not (list(out.parent.glob(".*.tmp")) and len(_children(run.pid)) >= 2):
            assert run.poll() is None and time.monotonic() < deadline, "the run ended before it could be stopped"
            time.sleep(0.1)
        workers = _children(run.pid)
        run.send_signal(signum)
        err = run.communicate(timeout=PATIENCE_S)[1]
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == 128 + signum, err
    assert err.endswith(f"annotate: stopped by {signum.name}: no output file was written or changed\n"), err
    assert "Traceback" not in err
    assert list(out.parent.iterdir()) == [], "no output and no temporary file"
    assert not [w for w in workers if Path(f"/proc/{w}").exists()], "every worker has ended"


def test_the_callers_signal_handlers_are_put_back(tmp_path: Path) -> None:
    """main() is also called from Python (notebooks, tests): its handlers are for its own run only."""
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    assert cli.main(["score", str(SEEDS), "-o", str(tmp_path / "s.csv")]) == 0
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before
