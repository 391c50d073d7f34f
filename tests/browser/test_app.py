"""The Voilà team app (`make app`): sign-in, nothing fetched from outside, a token beyond this machine, adjudication."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from annotate import LabelStore, load_corpus

from .conftest import (
    CODEBOOK,
    LAPTOP,
    PANEL_READY_S,
    Server,
    Workspace,
    count_is,
    focus_panel,
    new_reviewer,
    ready,
    screenshot,
    sign_in,
    start_app,
)

LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")


def visitor(browser: Any, server: Server, requests: list[str], errors: list[str], query: str = "") -> Any:
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"http://127.0.0.1:{server.port}/{query}", wait_until="commit", timeout=PANEL_READY_S * 1000)
    return context, page


@pytest.mark.browser
def test_one_server_serves_a_team_offline(browser: Any, app: Server, workspace: Workspace) -> None:
    from playwright.sync_api import expect

    requests: list[str] = []
    errors: list[str] = []
    names = [new_reviewer(), new_reviewer()]
    contexts = []
    try:
        for name in names:
            context, page = visitor(browser, app, requests, errors)
            contexts.append(context)
            sign_in(page, name)
            assert "Run All" not in page.inner_text("body") and "run all cells" not in page.inner_text("body").lower()
            expect(page.locator(".jp-InputArea-editor")).to_have_count(0)  # no code, no notebook instructions
            focus_panel(page)
            page.keyboard.press("3")
            page.keyboard.press("Enter")
            count_is(page, "1 of 5 labelled")
        screenshot(page, "app-team.png")
        for name in names:
            (row,) = workspace.rows(name)
            assert (row["reviewer"], row["primary_frame"]) == (name, "Morality")
        outside = [url for url in requests if not url.startswith(LOCAL)]
        assert outside == [], f"the app asked hosts outside this machine: {outside}"
        assert errors == [], f"browser console errors: {errors}"
    finally:
        for context in contexts:
            context.close()


@pytest.mark.browser
def test_sign_in_checks_the_name(browser: Any, app: Server, workspace: Workspace) -> None:
    from playwright.sync_api import expect

    context, page = visitor(browser, app, [], [])
    try:
        message = page.locator(".annotate-signin-message")
        name = page.locator(".annotate-signin-name input")
        name.wait_for(timeout=PANEL_READY_S * 1000)
        for bad in ("../x", "two words", ""):
            name.fill(bad)
            page.locator(".annotate-signin-start").click()
            expect(message).to_contain_text("Not started: reviewer name")
        existing = new_reviewer()
        corpus = load_corpus(workspace.root / "seeds")
        LabelStore(workspace.labels, CODEBOOK, existing).save(corpus[0], {"primary_frame": "Economic"})
        name.fill(existing.upper())
        page.locator(".annotate-signin-start").click()
        expect(message).to_contain_text(f"sign in as '{existing}'")
        assert not workspace.csv_path(existing.upper()).exists()
        screenshot(page, "app-sign-in-refused.png")
    finally:
        context.close()


@pytest.mark.browser
def test_serving_the_network_requires_a_token(browser: Any, workspace: Workspace) -> None:
    from playwright.sync_api import expect

    server = start_app(workspace, "--ip", "0.0.0.0")
    try:
        server.wait_until(lambda: "?token=" in server.log_tail(), "the printed address")
        token = re.search(r"\?token=([\w-]+)", server.log_tail())
        assert token is not None and len(token.group(1)) >= 32
        context, page = visitor(browser, server, [], [])
        try:
            page.wait_for_url(re.compile(r"/login"), timeout=PANEL_READY_S * 1000)
            expect(page.locator(".annotate-signin-name")).to_have_count(0)
            page.goto(f"http://127.0.0.1:{server.port}/?token={token.group(1)}", wait_until="commit")
            page.locator(".annotate-signin-name input").wait_for(timeout=PANEL_READY_S * 1000)
        finally:
            context.close()
    finally:
        server.stop()


@pytest.mark.browser
def test_adjudication_saves_suggestions_only_when_confirmed(browser: Any, workspace: Workspace,
                                                             tmp_path: Path) -> None:
    from playwright.sync_api import expect

    corpus = load_corpus(workspace.root / "seeds")
    article = corpus[4]
    a, b, c, lead = new_reviewer(), new_reviewer(), new_reviewer(), new_reviewer()
    for name, frame, note in ((a, "Economic", "op-ed, not news"), (b, "Economic", ""), (c, "Political", "budget row")):
        # Two secondary frames each make a row of two lines: the table outgrows its box, as real labels do.
        LabelStore(tmp_path, CODEBOOK, name).save(article, {"primary_frame": frame, "tone": "negative", "notes": note,
                                                            "secondary_frames": ["Morality", "Public opinion"]})
    app = start_app(workspace, "--labels", str(tmp_path))  # its own labels: these three reviewers only
    context, page = visitor(browser, app, [], [])
    try:
        sign_in(page, lead, task="Adjudicate disagreements")
        expect(page.locator(".annotate-reviewer")).to_have_text(f"Adjudicator: {lead}")
        expect(page.locator(".annotate-reviews-table")).to_contain_text("Political")
        frame = page.locator(".annotate-field-primary_frame")
        expect(frame.locator(".af-suggest")).to_contain_text("suggested: Economic (2 of 3 reviewers)")
        # The reviewers' notes say why: they follow the disputed fields, inside the short table at 1366x768
        # (in codebook order they were below its edge).
        side, notes = page.locator(".annotate-reviews").bounding_box(), page.locator(
            ".annotate-reviews-table tr", has_text="op-ed, not news").bounding_box()
        assert side is not None and notes is not None and notes["y"] + notes["height"] <= side["y"] + side["height"]
        focus_panel(page)
        page.keyboard.press("Enter")  # the majority's values are not the adjudicator's until confirmed
        expect(page.locator(".annotate-status")).to_contain_text("Confirm or change the suggested values first")
        assert not (tmp_path / CODEBOOK / f"{lead}.csv").exists()
        screenshot(page, "app-adjudicate.png")
        frame.locator(".annotate-accept").click()
        page.locator(".annotate-accept-all").click()
        page.keyboard.press("Enter")
        ready(page)
        path = tmp_path / CODEBOOK / f"{lead}.csv"
        expect(page.locator(".annotate-done")).to_contain_text("The article is adjudicated")
        (row,) = LabelStore(tmp_path, CODEBOOK, lead).rows()
        assert (row["action"], row["article_id"], row["primary_frame"], row["tone"]) == (
            "adjudicate", article.id, "Economic", "negative"), path
    finally:
        context.close()
        app.stop()


@pytest.mark.browser
def test_a_closed_page_gives_its_kernel_back(browser: Any, workspace: Workspace) -> None:
    """Voilà cannot shut a closed tab's kernel down; the app culls it, and never a kernel whose page is open."""
    import subprocess
    import time

    def kernels(server: Server) -> int:
        found = subprocess.run(["pgrep", "-P", str(server.proc.pid), "-f", "ipykernel_launcher"],
                               capture_output=True, text=True, check=False)
        return len(found.stdout.split())

    server = start_app(workspace, "--cull-after", "3")
    try:
        contexts = [visitor(browser, server, [], []) for _ in range(2)]
        for _, page in contexts:
            page.locator(".annotate-signin-name input").wait_for(timeout=PANEL_READY_S * 1000)
        assert kernels(server) == 2
        contexts[0][0].close()
        server.wait_until(lambda: kernels(server) == 1, "the closed page's kernel culled", timeout=60)
        time.sleep(5)  # longer than the idle limit: the open page's kernel stays
        assert kernels(server) == 1
        name = new_reviewer()
        page = contexts[1][1]
        sign_in(page, name)
        focus_panel(page)
        page.keyboard.press("2")
        page.keyboard.press("Enter")
        count_is(page, "1 of 5 labelled")
        contexts[1][0].close()
    finally:
        server.stop()
    assert subprocess.run(["pgrep", "-P", str(server.proc.pid)], capture_output=True, check=False).stdout == b""


@pytest.mark.browser
def test_a_dead_kernel_is_said_and_nothing_pretends_to_save(browser: Any, workspace: Workspace) -> None:
    import os
    import signal
    import subprocess

    from playwright.sync_api import expect

    server = start_app(workspace)
    try:
        context, page = visitor(browser, server, [], [])
        name = new_reviewer()
        sign_in(page, name)
        focus_panel(page)
        page.keyboard.press("2")
        page.keyboard.press("Enter")
        count_is(page, "1 of 5 labelled")
        ready(page)
        found = subprocess.run(["pgrep", "-P", str(server.proc.pid), "-f", "ipykernel_launcher"],
                               capture_output=True, text=True, check=False).stdout.split()
        assert len(found) == 1
        os.kill(int(found[0]), signal.SIGKILL)
        page.keyboard.press("3")
        page.keyboard.press("Enter")
        expect(page.locator(".annotate-status")).to_contain_text(
            re.compile(r"connection to the kernel is lost|No answer from the kernel"), timeout=40_000)
        expect(page.locator(".annotate-status")).to_contain_text("Reload the page")
        assert [r["primary_frame"] for r in workspace.rows(name)] == ["Capacity and resources"]
        screenshot(page, "app-dead-kernel.png")
        context.close()
    finally:
        server.stop()


@pytest.mark.browser
def test_the_page_names_the_corpus_entries_it_skipped(browser: Any, workspace: Workspace, tmp_path: Path) -> None:
    # D9: load_corpus warned about them, but the app's page said nothing: the list looked like the whole corpus.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in sorted((workspace.root / "seeds").glob("*.txt"))[:2]:
        (corpus / seed.name).write_bytes(seed.read_bytes())
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "latin1.txt").write_bytes(b"Caf\xe9 menu\n")
    server = start_app(workspace, "--corpus", str(corpus))
    context = browser.new_context(viewport=LAPTOP)
    try:
        from playwright.sync_api import expect

        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.port}/", wait_until="commit", timeout=PANEL_READY_S * 1000)
        sign_in(page, new_reviewer())
        skipped = page.locator(".annotate-skipped")
        expect(skipped).to_contain_text("2 corpus entries could not be read and are not in this list")
        skipped.locator("summary").click()
        expect(skipped.locator("li")).to_have_text(["empty.txt: empty file", re.compile(
            r"^latin1\.txt: not valid UTF-8 \(byte 3 of the file is b'\\xe9'\); it may be Latin-1")])
        screenshot(page, "app-skipped.png")
    finally:
        context.close()
        server.stop()
