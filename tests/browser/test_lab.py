"""The review notebook in a real JupyterLab: run all cells, label one article, find the row on disk."""
from __future__ import annotations

import time
from typing import Any

import pytest

from .conftest import KERNEL_READY_S, PANEL_READY_S, Server, Workspace, label_first_article, only_row, screenshot

#: The notebook's kernel is connected and idle (a kernel that is only "starting" would drop run-all).
KERNEL_READY_JS = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}"""


@pytest.mark.browser
def test_save_in_jupyterlab_appends_the_row(lab: tuple[Server, str], workspace: Workspace, page: Any) -> None:
    from playwright.sync_api import expect

    server, token = lab
    started = time.monotonic()
    page.goto(f"http://127.0.0.1:{server.port}/lab/tree/notebooks/{workspace.notebook.name}?token={token}")
    page.wait_for_function(KERNEL_READY_JS, timeout=KERNEL_READY_S * 1000)
    # The toolbar too: the idle dot alone shows before the kernel is really attached.
    kernel_name = page.locator(".jp-NotebookPanel-toolbar .jp-KernelName")
    expect(kernel_name).not_to_have_text("No Kernel", timeout=KERNEL_READY_S * 1000)
    kernel_s = time.monotonic() - started
    # Not awaited: the command's promise settles only when every cell has run; the panel is waited for below.
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    page.locator(".annotate-panel").wait_for(state="visible", timeout=PANEL_READY_S * 1000)
    panel_s = time.monotonic() - started
    save_s = label_first_article(page)
    row = only_row(workspace)
    shot = screenshot(page, "lab-save.png")
    print(f"kernel ready {kernel_s:.1f} s, panel {panel_s:.1f} s, save -> count {save_s:.2f} s")
    print(f"CSV row: {row}")
    print(f"screenshot: {shot}")
