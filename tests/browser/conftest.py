"""Real servers and a real browser for tests/browser: JupyterLab and the Voilà team app, headless Chromium."""
from __future__ import annotations

import csv
import itertools
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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from annotate import ReviewApp

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "02_review_framing.ipynb"
SCREENSHOTS = ROOT / "build" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
CODEBOOK = "policy-frames"
#: A laptop screen: the layout must hold at this size.
LAPTOP = {"width": 1366, "height": 768}
#: Bounds, generous for a loaded CI machine; measured here: server ~3 s, kernel ~2 s, panel ~3 s.
SERVER_START_S = 60
PANEL_READY_S = 60
SAVE_S = 30
STOP_S = 20
#: Set to 1 (CI does) to turn a missing browser into a failure instead of a skip.
REQUIRE_ENV = "ANNOTATE_REQUIRE_BROWSER"
#: The notebook's kernel is connected and idle (a kernel that is only "starting" would drop run-all).
KERNEL_READY_JS = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}"""
_names = itertools.count(1)


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


@dataclass
class Workspace:
    """A throwaway copy of what the notebook and the app need, laid out as in the repository."""

    root: Path  # holds notebooks/ and seeds/ (the notebook reads ../seeds)
    labels: Path  # ANNOTATE_LABELS_DIR for every kernel
    env: dict[str, str]
    logs: Path

    def csv_path(self, reviewer: str) -> Path:
        return self.labels / CODEBOOK / f"{reviewer}.csv"

    def rows(self, reviewer: str) -> list[dict[str, str]]:
        """The reviewer's label file as a spreadsheet would read it ([] while there is none)."""
        path = self.csv_path(reviewer)
        if not path.exists():
            return []
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))


@pytest.fixture(scope="session")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    tmp = tmp_path_factory.mktemp("browser")
    root = tmp / "root"
    (root / "notebooks").mkdir(parents=True)
    shutil.copytree(ROOT / "seeds", root / "seeds")
    jupyter = tmp / "jupyter"
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
    labels = tmp / "labels"
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
    env.pop("ANNOTATE_APP_TOKEN", None)
    return Workspace(root, labels, env, tmp / "logs")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """A server process, stopped by PID with SIGTERM (so it shuts its kernels down), then SIGKILL."""

    def __init__(self, name: str, args: list[str], workspace: Workspace, port: int,
                 env: dict[str, str] | None = None) -> None:
        workspace.logs.mkdir(exist_ok=True)
        self.log_path = workspace.logs / f"{name}-{port}.log"
        self.port = port
        self.token = ""
        self.started = time.monotonic()
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(args, cwd=workspace.root, env=env or workspace.env,
                                         stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def log_tail(self, chars: int = 3000) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]

    def wait_until(self, ready: Callable[[], bool], what: str, timeout: float = SERVER_START_S) -> float:
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


def http_status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except (urllib.error.URLError, OSError):
        return None


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="session")
def lab(workspace: Workspace) -> Iterator[Server]:
    """One JupyterLab for the session, on the workspace, with a token; each test opens its own notebook."""
    port, token = free_port(), secrets.token_hex(16)
    server = Server("lab", [
        sys.executable, "-m", "jupyterlab", "--allow-root", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--ServerApp.token={token}", f"--ServerApp.root_dir={workspace.root}",
        "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
    ], workspace, port)
    server.token = token
    try:
        server.wait_until(lambda: http_status(f"http://127.0.0.1:{port}/api/status?token={token}") == 200,
                          "JupyterLab start")
        yield server
    finally:
        server.stop()


def start_app(workspace: Workspace, *extra: str, env: dict[str, str] | None = None) -> Server:
    """`annotate app` exactly as `make app` runs it (the launcher, its page template, its environment)."""
    port = free_port()
    server = Server("app", [sys.executable, "-m", "annotate.cli", "app", "--corpus", "seeds",
                            "--port", str(port), *extra], workspace, port, env)
    server.wait_until(lambda: port_open(port), "Voilà start")
    return server


@pytest.fixture(scope="session")
def app(workspace: Workspace) -> Iterator[Server]:
    """One review app (Voilà) for the session: every page load is a new visitor with a new kernel."""
    server = start_app(workspace)
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Visit:
    """A reviewer's page: where the panel is (JupyterLab or the app), their name, and the page itself."""

    host: str
    reviewer: str
    page: Any
    context: Any


def new_reviewer() -> str:
    return f"r{next(_names)}-{secrets.token_hex(2)}"


def open_lab(browser: Any, lab: Server, workspace: Workspace, viewport: dict[str, int],
             notebook: Path = NOTEBOOK) -> Any:
    """A fresh copy of a notebook (the review notebook unless told; its own kernel) in JupyterLab, all cells run."""
    from playwright.sync_api import expect

    name = f"{notebook.stem[:9]}-{secrets.token_hex(3)}.ipynb"
    shutil.copy2(notebook, workspace.root / "notebooks" / name)
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    # A workspace of its own, so JupyterLab does not reopen the notebooks of earlier tests beside it.
    page.goto(f"http://127.0.0.1:{lab.port}/lab/workspaces/{name[:-6]}/tree/notebooks/{name}?token={lab.token}")
    page.wait_for_function(KERNEL_READY_JS, timeout=PANEL_READY_S * 1000)
    # The toolbar too: the idle dot alone shows before the kernel is really attached.
    expect(page.locator(".jp-NotebookPanel-toolbar .jp-KernelName")).not_to_have_text(
        "No Kernel", timeout=PANEL_READY_S * 1000)
    # Not awaited: the command's promise settles only when every cell has run.
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    return context, page


def sign_in(page: Any, reviewer: str, codebook: str = CODEBOOK, task: str | None = None) -> None:
    """The sign-in form, as a visitor fills it; waits for the panel's first article."""
    from playwright.sync_api import expect

    name = page.locator(".annotate-signin-name input")
    name.wait_for(state="visible", timeout=PANEL_READY_S * 1000)
    name.fill(reviewer)
    page.locator(".annotate-signin-codebook select").select_option(label=ReviewApp._title(codebook))
    if task:
        page.locator(".annotate-signin-task button", has_text=task).click()
    page.locator(".annotate-signin-start").click()
    expect(page.locator(".annotate-count")).to_contain_text(" of ", timeout=PANEL_READY_S * 1000)
    expect(page.locator(".annotate-save")).to_be_enabled(timeout=SAVE_S * 1000)


@pytest.fixture(params=["lab", "app"])
def visit(request: pytest.FixtureRequest, browser: Any, workspace: Workspace) -> Iterator[Visit]:
    """A new reviewer signed in on a laptop-sized page, in JupyterLab and in the Voilà app."""
    reviewer = new_reviewer()
    if request.param == "lab":
        context, page = open_lab(browser, request.getfixturevalue("lab"), workspace, LAPTOP)
    else:
        server = request.getfixturevalue("app")
        context = browser.new_context(viewport=LAPTOP)
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.port}/", wait_until="commit", timeout=PANEL_READY_S * 1000)
    try:
        sign_in(page, reviewer)
        yield Visit(request.param, reviewer, page, context)
    finally:
        context.close()


def count_is(page: Any, text: str) -> None:
    from playwright.sync_api import expect

    expect(page.locator(".annotate-count")).to_have_text(text, timeout=SAVE_S * 1000)


def ready(page: Any) -> None:
    """The last action is answered: the inputs are enabled again."""
    from playwright.sync_api import expect

    expect(page.locator(".af.annotate-busy")).to_have_count(0, timeout=SAVE_S * 1000)


def label_by_keys(page: Any, articles: int) -> None:
    """Label the next ``articles`` articles from the keyboard: frame 1, 2, 3 ... then Enter, each confirmed."""
    for done in range(1, articles + 1):
        page.keyboard.press(str(done))
        page.keyboard.press("Enter")
        count_is(page, f"{done} of 5 labelled")
        ready(page)


def focus_panel(page: Any) -> None:
    """Click the article text once, as a reviewer does to give the panel the keys."""
    page.locator(".annotate-text-box").click(position={"x": 5, "y": 5})


def active(page: Any) -> str:
    """Where keys go now: the focused element's tag and classes."""
    return str(page.evaluate("() => { const a = document.activeElement; "
                             "return a ? a.tagName + ' ' + (a.className || '') : 'none'; }"))


def option(page: Any, field: str, value: str) -> Any:
    return page.locator(f".annotate-field-{field} .af-opt[data-option='{value}']")


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path))
    return path
