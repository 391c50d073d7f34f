"""The notebooks in a real JupyterLab: keys stay in the panel (end screen included); the README's adjudication runs."""
from __future__ import annotations

import shutil
from typing import Any

import pytest

from annotate import LabelStore

from .conftest import (
    CODEBOOK,
    LAPTOP,
    ROOT,
    Server,
    Workspace,
    focus_panel,
    label_by_keys,
    new_reviewer,
    open_lab,
    ready,
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


@pytest.mark.browser
def test_the_readme_adjudication_runs_in_the_report_notebook(browser: Any, lab: Server, workspace: Workspace) -> None:
    """Defect 5: the report notebook's adjudication cell (the README's snippet) opens on the demo labels and saves
    the majority's suggestion only once the lead confirms it."""
    from playwright.sync_api import expect

    demo = workspace.root / "labels" / "demo"
    shutil.rmtree(demo, ignore_errors=True)
    shutil.copytree(ROOT / "labels" / "demo", demo)
    context, page = open_lab(browser, lab, workspace, LAPTOP, ROOT / "notebooks" / "03_report.ipynb")
    try:
        panel = page.locator(".annotate-panel")
        expect(panel).to_be_visible(timeout=60_000)
        panel.evaluate("el => el.scrollIntoView({block: 'start'})")
        expect(page.locator(".annotate-reviewer")).to_have_text("Adjudicator: lead")
        # The demo's first disagreement: r1 and r3 chose "Security and defense", r2 "Political".
        expect(page.locator(".annotate-reviews-table")).to_contain_text("Political")
        frame = page.locator(".annotate-field-primary_frame")
        expect(frame.locator(".af-suggest")).to_contain_text("suggested: Security and defense (2 of 3 reviewers)")
        ready(page)
        focus_panel(page)
        page.keyboard.press("Enter")
        expect(page.locator(".annotate-status")).to_contain_text("Confirm or change the suggested values first")
        gold = LabelStore(demo, CODEBOOK, "lead")
        assert not gold.path.exists()
        page.locator(".annotate-accept-all").click()
        page.keyboard.press("Enter")
        ready(page)
        expect(page.locator(".annotate-count")).to_contain_text("1 of 3")
        screenshot(page, "lab-report-adjudicate.png")
        (row,) = gold.rows()
        assert (row["action"], row["article_id"], row["primary_frame"]) == (
            "adjudicate", "000-abu-dhabi-talks-wrap-up-second-day", "Security and defense")
    finally:
        context.close()
