"""The review notebook served by Voilà: label one article in the page, find the row on disk."""
from __future__ import annotations

import time
from typing import Any

import pytest

from .conftest import PANEL_READY_S, Server, Workspace, label_first_article, only_row, screenshot


@pytest.mark.browser
def test_save_in_voila_appends_the_row(voila: Server, workspace: Workspace, page: Any) -> None:
    started = time.monotonic()
    # Voilà runs the notebook while answering: do not wait for "load", wait for the panel.
    page.goto(f"http://127.0.0.1:{voila.port}/", wait_until="commit", timeout=PANEL_READY_S * 1000)
    page.locator(".annotate-panel").wait_for(state="visible", timeout=PANEL_READY_S * 1000)
    panel_s = time.monotonic() - started
    save_s = label_first_article(page)
    row = only_row(workspace)
    shot = screenshot(page, "voila-save.png")
    print(f"panel {panel_s:.1f} s, save -> count {save_s:.2f} s")
    print(f"CSV row: {row}")
    print(f"screenshot: {shot}")
