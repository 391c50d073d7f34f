"""Real servers and a real browser for tests/browser: JupyterLab or Voilà on a temp copy, headless Chromium."""
from __future__ import annotations

import csv
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from annotate import load_codebook, load_corpus
from annotate.panel_inputs import FieldInput

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "02_review_framing.ipynb"
SCREENSHOTS = ROOT / "build" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
#: The notebook's REVIEWER and CODEBOOK: the file the panel must append to is <labels>/<codebook>/<reviewer>.csv.
REVIEWER = "demo"
CODEBOOK = "policy-frames"
#: The frame the tests choose: not the first option, so a default or an off-by-one cannot pass.
FRAME = "Security and defense"
#: Bounds, generous for a loaded CI machine; measured here: server ~3 s, kernel ~2 s, panel ~3 s.
SERVER_START_S = 60
KERNEL_READY_S = 60
PANEL_READY_S = 60
SAVE_S = 30
STOP_S = 20
#: Set to 1 (CI does) to turn a missing browser into a failure instead of a skip.
REQUIRE_ENV = "ANNOTATE_REQUIRE_BROWSER"


def _missing_browser() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"playwright is not importable ({exc})"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium through Playwright; skip (or fail under ANNOTATE_REQUIRE_BROWSER=1) without it."""
    missing = _missing_browser()
    if missing:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{REQUIRE_ENV}=1 but {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        yield context.new_page()
    finally:
        context.close()


@dataclass
class Workspace:
    """A throwaway copy of what the notebook needs, laid out as in the repository."""

    root: Path  # holds notebooks/02_review_framing.ipynb and seeds/ (the notebook reads ../seeds)
    notebook: Path
    labels: Path  # ANNOTATE_LABELS_DIR for the kernel
    env: dict[str, str]
    logs: Path

    @property
    def csv_path(self) -> Path:
        return self.labels / CODEBOOK / f"{REVIEWER}.csv"


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    root = tmp_path / "root"
    (root / "notebooks").mkdir(parents=True)
    notebook = Path(shutil.copy2(NOTEBOOK, root / "notebooks" / NOTEBOOK.name))
    shutil.copytree(ROOT / "seeds", root / "seeds")
    jupyter = tmp_path / "jupyter"
    dirs = {name: jupyter / name for name in ("config", "data", "runtime", "ipython")}
    for folder in dirs.values():
        folder.mkdir(parents=True)
    # The kernel runs this very interpreter, so it imports the annotate this test imports.
    kernel_dir = dirs["data"] / "kernels" / "python3"
    kernel_dir.mkdir(parents=True)
    (kernel_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3", "language": "python"}), encoding="utf-8")
    # No "get Jupyter news?" pop-up and no update check: they cover the panel in screenshots.
    notification = dirs["config"] / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True)
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
    labels = tmp_path / "labels"
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(dirs["config"]),
        "JUPYTER_DATA_DIR": str(dirs["data"]),
        "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]),
        "IPYTHONDIR": str(dirs["ipython"]),
        # In a venv jupyter_core looks in the venv before JUPYTER_DATA_DIR: this puts the kernelspec above first.
        "JUPYTER_PREFER_ENV_PATH": "0",
        "ANNOTATE_LABELS_DIR": str(labels),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    return Workspace(root, notebook, labels, env, tmp_path / "logs")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """A server process, stopped by PID with SIGTERM (so it shuts its kernels down), then SIGKILL."""

    def __init__(self, name: str, args: list[str], workspace: Workspace, port: int) -> None:
        workspace.logs.mkdir(exist_ok=True)
        self.log_path = workspace.logs / f"{name}.log"
        self.port = port
        self.started = time.monotonic()
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(args, cwd=workspace.root, env=workspace.env,
                                         stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def log_tail(self, chars: int = 3000) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]

    def wait_until(self, ready: Any, what: str, timeout: float = SERVER_START_S) -> float:
        """Poll ``ready()`` until true; fail with the server's log if it exits or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"{what}: server exited with {self.proc.returncode}\n{self.log_tail()}")
            if ready():
                return time.monotonic() - self.started
            time.sleep(0.2)
        pytest.fail(f"{what}: not ready after {timeout} s\n{self.log_tail()}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(STOP_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(STOP_S)


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def lab(workspace: Workspace) -> Iterator[tuple[Server, str]]:
    """A JupyterLab on the workspace; yields the server and its token."""
    port, token = free_port(), secrets.token_hex(16)
    server = Server("lab", [
        sys.executable, "-m", "jupyterlab", "--allow-root", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--ServerApp.token={token}", f"--ServerApp.root_dir={workspace.root}",
        "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
    ], workspace, port)
    try:
        took = server.wait_until(lambda: http_ok(f"http://127.0.0.1:{port}/api/status?token={token}"),
                                 "JupyterLab start")
        print(f"\nJupyterLab up in {took:.1f} s on port {port}")
        yield server, token
    finally:
        server.stop()


@pytest.fixture
def voila(workspace: Workspace) -> Iterator[Server]:
    """Voilà serving the workspace's notebook (it runs the notebook on each page load)."""
    port = free_port()
    server = Server("voila", [
        sys.executable, "-m", "voila", str(workspace.notebook), "--no-browser",
        f"--port={port}", "--Voila.port_retries=0", "--Voila.ip=127.0.0.1", "--show_tracebacks=True",
    ], workspace, port)
    try:
        took = server.wait_until(lambda: port_open(port), "Voilà start")
        print(f"\nVoilà up in {took:.1f} s on port {port}")
        yield server
    finally:
        server.stop()


def frame_option_value(frame: str = FRAME) -> str:
    """The dropdown's option value for ``frame``, as the panel builds it (label text, e.g. "8 · ...")."""
    widget = FieldInput(load_codebook(CODEBOOK).field("primary_frame")).input
    return next(label for label, value in widget.options if value == frame)


def label_first_article(page: Any) -> float:
    """In a rendered panel: choose FRAME, click Save & next, wait for the count; returns seconds to the count."""
    from playwright.sync_api import expect

    panel_ms = PANEL_READY_S * 1000
    page.locator("button.annotate-save").wait_for(state="visible", timeout=panel_ms)
    count = page.locator(".annotate-count")
    expect(count).to_contain_text("0 of 5 labelled", timeout=panel_ms)
    frame_select = page.locator(".annotate-field-primary_frame select")
    frame_select.select_option(value=frame_option_value())
    started = time.monotonic()
    page.locator("button.annotate-save").click()
    expect(count).to_contain_text("1 of 5 labelled", timeout=SAVE_S * 1000)
    took = time.monotonic() - started
    expect(page.locator(".annotate-status")).to_contain_text("Saved", timeout=SAVE_S * 1000)
    return took


def only_row(workspace: Workspace) -> dict[str, str]:
    """The label file's single row, checked against the first seed, FRAME, the codebook and the reviewer."""
    assert workspace.csv_path.exists(), f"no label file at {workspace.csv_path}"
    with workspace.csv_path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1, rows
    (row,) = rows
    first = load_corpus(workspace.root / "seeds")[0]
    codebook = load_codebook(CODEBOOK)
    assert row["action"] == "label"
    assert row["primary_frame"] == FRAME
    assert row["article_id"] == first.id
    assert row["article_sha256"] == first.sha256
    assert row["reviewer"] == REVIEWER
    assert row["codebook"] == CODEBOOK == codebook.id
    assert row["codebook_version"] == codebook.version
    assert float(row["seconds_on_article"]) >= 0
    return row


def screenshot(page: Any, name: str) -> Path:
    """Save build/browser/<name> with the panel at the top of the view (Lab and Voilà scroll inside an element)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.locator(".annotate-panel").evaluate("el => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(path))
    return path
