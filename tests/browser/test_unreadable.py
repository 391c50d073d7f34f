"""An unreadable record of a large corpus in JupyterLab: shown as such, nothing can be chosen or saved, Skip goes on."""
from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any

import pytest

from .conftest import LAPTOP, SAVE_S, Workspace, count_is, focus_panel, open_lab, option, ready, screenshot


def review_notebook(folder: Path, corpus: Path, reviewer: str, labels: Path) -> Path:
    """A notebook that opens ``corpus`` through the index a large .jsonl gets, and shows the panel."""
    code = (f"from annotate import ReviewPanel\nfrom annotate.corpus import IndexedCorpus\n"
            f"panel = ReviewPanel(IndexedCorpus({str(corpus)!r}), reviewer={reviewer!r}, labels_dir={str(labels)!r})\n"
            "panel")
    cell: dict[str, object] = {"cell_type": "code", "execution_count": None, "id": "panel", "metadata": {},
                               "outputs": [], "source": code}
    notebook = {"cells": [cell], "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                                             "name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    path = folder / "unreadable-review.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


@pytest.mark.browser
def test_an_unreadable_record_takes_no_label_and_skip_goes_on(browser: Any, lab: Any, workspace: Workspace,
                                                               tmp_path: Path) -> None:
    from playwright.sync_api import expect

    corpus = tmp_path / "archive.jsonl"
    corpus.write_bytes(b'{"id": "a", "text": "Taxes rose."}\n{"id": "b", "text": "Caf\xe9 menu."}\n'
                       b'{"id": "c", "text": "Courts ruled."}\n')
    reviewer = f"u-{secrets.token_hex(2)}"
    context, page = open_lab(browser, lab, workspace, LAPTOP, review_notebook(tmp_path, corpus, reviewer,
                                                                              workspace.labels))
    try:
        expect(page.locator(".annotate-count")).to_contain_text(" of 3", timeout=SAVE_S * 2000)
        focus_panel(page)
        page.keyboard.press("1")
        page.keyboard.press("Enter")
        count_is(page, "1 of 3 labelled")
        ready(page)
        expect(page.locator(".annotate-text-box")).to_contain_text("This record cannot be read")
        expect(page.locator(".annotate-save")).to_be_disabled()
        page.keyboard.press("2")  # a frame key takes nothing, and says why
        expect(option(page, "primary_frame", "Capacity and resources")).to_have_attribute("aria-checked", "false")
        expect(page.locator(".annotate-status")).to_contain_text("cannot be labelled: skip it (s)")
        page.keyboard.press("Enter")
        expect(page.locator(".annotate-status")).to_contain_text("cannot be labelled")
        screenshot(page, "lab-unreadable.png")
        page.keyboard.press("s")  # no "changes not saved" question: nothing could be changed
        count_is(page, "1 of 3 labelled · 1 skipped")
        expect(page.locator(".annotate-confirm")).to_be_hidden()
        assert [(r["article_id"], r["action"]) for r in workspace.rows(reviewer)] == [("a", "label"), ("b", "skip")]
    finally:
        context.close()
