"""The review notebook in a real JupyterLab: no key pressed in the panel, end screen included, reaches the notebook."""
from __future__ import annotations

from typing import Any

import pytest

from .conftest import (
    LAPTOP,
    Server,
    Workspace,
    focus_panel,
    label_by_keys,
    new_reviewer,
    open_lab,
    screenshot,
    sign_in,
)

NOTEBOOK_STATE_JS = """() => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  return {active: nb.activeCellIndex, cells: nb.widgets.length, types: nb.widgets.map((c) => c.model.type).join(),
          top: Math.round(document.querySelector('.annotate-panel').getBoundingClientRect().top)};
}"""


@pytest.mark.browser
def test_keys_on_the_end_screen_stay_in_the_panel(browser: Any, lab: Server, workspace: Workspace) -> None:
    from playwright.sync_api import expect

    context, page = open_lab(browser, lab, workspace, LAPTOP)
    reviewer = new_reviewer()
    try:
        sign_in(page, reviewer)
        page.locator(".annotate-panel").evaluate("el => el.scrollIntoView({block: 'start'})")
        focus_panel(page)
        label_by_keys(page, 5)
        expect(page.locator(".annotate-done")).to_contain_text("All 5 articles labelled")
        before = page.evaluate(NOTEBOOK_STATE_JS)
        # Notebook command-mode keys: move between cells, delete ("d d"), cut, change type, insert.
        for key in ("ArrowDown", "ArrowUp", "Home", "End", "PageDown", "d", "d", "x", "m", "a", "b", "Shift+Enter"):
            page.keyboard.press(key)
        assert page.evaluate(NOTEBOOK_STATE_JS) == before
        page.keyboard.press("ArrowLeft")  # Back works on the end screen, and the notebook stays put
        expect(page.locator(".annotate-source")).to_contain_text("Article 5 of 5")
        after = page.evaluate(NOTEBOOK_STATE_JS)
        assert (after["active"], after["cells"], after["types"]) == (before["active"], before["cells"], before["types"])
        assert abs(after["top"] - before["top"]) <= 2, (before, after)
        screenshot(page, "lab-end-screen-back.png")
        assert len(workspace.rows(reviewer)) == 5
    finally:
        context.close()
