"""Defects 1, 2 and 4 of the review panel, reproduced as a reviewer works, in JupyterLab and in the Voilà app."""
from __future__ import annotations

from typing import Any

import pytest

from .conftest import (
    SAVE_S,
    Visit,
    Workspace,
    active,
    count_is,
    focus_panel,
    label_by_keys,
    option,
    ready,
    screenshot,
)

FRAME = "Security and defense"  # key 8: not the first option, so a default or an off-by-one cannot pass
# A reviewer reads a question before answering it: label_form.js takes a "y" only CONFIRM_MIN_MS (500 ms) after
# the question opened, so a word typed into the panel ("system") cannot answer it.
READ_QUESTION_MS = 700


def answer_yes(page: Any) -> None:
    expect()(page.locator(".annotate-confirm")).to_be_visible()
    page.wait_for_timeout(READ_QUESTION_MS)
    page.keyboard.press("y")


def expect() -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


@pytest.mark.browser
def test_typing_in_notes_with_the_mouse_over_the_article_stays_text(visit: Visit, workspace: Workspace) -> None:
    page = visit.page
    option(page, "primary_frame", FRAME).click()
    notes = page.locator(".annotate-field-notes textarea")
    notes.click()
    page.keyboard.type("Cites ")
    page.locator(".annotate-text-box").hover()  # the mouse rests on the article while typing goes on
    page.keyboard.type("2 sources s")
    assert notes.input_value() == "Cites 2 sources s"
    assert active(page).startswith("TEXTAREA")  # hovering moved no focus
    page.locator(".annotate-kinds").hover()
    page.keyboard.type(" u?")  # undo and help keys type too
    assert notes.input_value() == "Cites 2 sources s u?"
    expect()(option(page, "primary_frame", FRAME)).to_have_attribute("aria-checked", "true")
    expect()(option(page, "primary_frame", "Capacity and resources")).to_have_attribute("aria-checked", "false")
    count_is(page, "0 of 5 labelled")
    assert workspace.rows(visit.reviewer) == [], "a key typed into Notes wrote a row"
    expect()(page.locator(".annotate-keys-state")).to_have_text("typing")
    page.keyboard.press("Escape")  # leaves the text box: keys are the panel's again, wherever the mouse is
    expect()(page.locator(".annotate-keys-state")).to_have_text("keys on")
    page.mouse.move(5, 5)  # far outside the panel
    page.keyboard.press("Enter")
    count_is(page, "1 of 5 labelled")
    (row,) = workspace.rows(visit.reviewer)
    assert (row["primary_frame"], row["notes"], row["action"]) == (FRAME, "Cites 2 sources s u?", "label")
    screenshot(page, f"{visit.host}-notes-typing.png")


@pytest.mark.browser
def test_keys_work_wherever_the_mouse_is_once_the_panel_has_focus(visit: Visit, workspace: Workspace) -> None:
    page = visit.page
    focus_panel(page)
    for where, key, frame in ((".annotate-text-box", "8", FRAME), (".annotate-side", "1", "Economic"),
                              (".annotate-kinds", "8", FRAME)):
        page.locator(where).hover()
        page.keyboard.press(key)
        page.keyboard.press(key)  # pressed twice, or clicked again "to be sure": the choice stays
        expect()(option(page, "primary_frame", frame)).to_have_attribute("aria-checked", "true")
    page.locator(".annotate-field-primary_frame .af-clear").click()  # clearing is explicit
    expect()(option(page, "primary_frame", FRAME)).to_have_attribute("aria-checked", "false")
    page.mouse.move(1, 700)
    page.keyboard.press("t")  # frame 15 has a key too
    page.keyboard.down("Shift")  # Shift+1 on a US keyboard types "!": the same key ticks the secondary frame
    page.keyboard.press("!")
    page.keyboard.up("Shift")
    expect()(option(page, "primary_frame", "Other")).to_have_attribute("aria-checked", "true")
    expect()(option(page, "secondary_frames", "Economic")).to_have_attribute("aria-checked", "true")
    # An AZERTY keyboard types "&" on that key and needs Shift for "1": the digit is the primary frame there.
    page.evaluate("""() => {
      const root = document.querySelector('.annotate-panel');
      const key = (key, shiftKey) => root.dispatchEvent(new KeyboardEvent('keydown',
        {key, code: 'Digit2', shiftKey, bubbles: true, cancelable: true}));
      key('é', false);
      key('2', true);
    }""")
    expect()(option(page, "secondary_frames", "Capacity and resources")).to_have_attribute("aria-checked", "true")
    expect()(option(page, "primary_frame", "Capacity and resources")).to_have_attribute("aria-checked", "true")
    page.keyboard.press("t")
    page.keyboard.press("Enter")  # "Other" needs a note: the codebook's rule, with its message
    expect()(page.locator(".annotate-status")).to_contain_text('say in Notes which frame it is')
    assert workspace.rows(visit.reviewer) == []
    ready(page)
    page.locator(".annotate-kind-hedge").click()  # a highlight toggle clicked: Enter still means save
    page.locator(".annotate-field-notes textarea").fill("a sports federation")
    page.keyboard.press("Escape")
    page.locator(".annotate-kind-hedge").click()
    page.keyboard.press("Enter")
    count_is(page, "1 of 5 labelled")
    assert [r["primary_frame"] for r in workspace.rows(visit.reviewer)] == ["Other"]
    ready(page)
    page.keyboard.press("?")
    help_box = page.locator(".annotate-help")
    expect()(help_box).to_be_visible()
    expect()(help_box).to_contain_text("1 2 3 4 5 6 7 8 9 0 q w e r t")
    expect()(help_box).to_contain_text("undo your last save or skip")
    screenshot(page, f"{visit.host}-keys-help.png")
    page.keyboard.press("Escape")
    expect()(help_box).to_be_hidden()


@pytest.mark.browser
def test_a_skip_after_a_label_asks_first(visit: Visit, workspace: Workspace) -> None:
    page = visit.page
    focus_panel(page)
    page.keyboard.press("8")
    page.keyboard.press("Enter")
    count_is(page, "1 of 5 labelled")
    ready(page)
    page.keyboard.press("ArrowLeft")
    expect()(page.locator(".annotate-stored")).to_contain_text("Labelled at")
    ready(page)
    page.locator(".annotate-field-notes textarea").fill("edited note")
    page.keyboard.press("Escape")
    page.keyboard.press("s")
    confirm = page.locator(".annotate-confirm")
    expect()(confirm).to_be_visible()
    expect()(confirm).to_contain_text("a skip would replace it")
    assert len(workspace.rows(visit.reviewer)) == 1
    screenshot(page, f"{visit.host}-skip-confirm.png")
    page.keyboard.press("Escape")  # keep the label
    expect()(confirm).to_be_hidden()
    page.locator(".annotate-skip").click()  # the button asks too
    expect()(confirm).to_be_visible()
    page.locator(".annotate-confirm-no").click()
    assert [r["action"] for r in workspace.rows(visit.reviewer)] == ["label"]
    page.keyboard.press("s")
    answer_yes(page)  # confirmed: now the skip is recorded, and the reviewer knew
    count_is(page, "0 of 5 labelled · 1 skipped")
    assert [r["action"] for r in workspace.rows(visit.reviewer)] == ["label", "skip"]
    ready(page)
    page.keyboard.press("u")  # undo the skip: the label stands again
    count_is(page, "1 of 5 labelled")
    expect()(page.locator(".annotate-status")).to_contain_text("Undone: your skip")
    assert [r["action"] for r in workspace.rows(visit.reviewer)] == ["label", "skip", "retract"]


@pytest.mark.browser
def test_fast_clicks_after_save_land_on_the_article_they_were_made_on(visit: Visit, workspace: Workspace) -> None:
    page = visit.page
    option(page, "primary_frame", FRAME).click()
    option(page, "tone", "negative").click()
    # Save, then click "neutral" at once, before the next article can be drawn: the inputs are already
    # disabled, so the click cannot land on either article.
    page.evaluate("""() => {
      document.querySelector('.annotate-save').click();
      const neutral = document.querySelector(".annotate-field-tone .af-opt[data-option='neutral']");
      window.__disabledAfterSave = neutral.disabled;
      neutral.click();
    }""")
    assert page.evaluate("() => window.__disabledAfterSave") is True
    count_is(page, "1 of 5 labelled")
    (first,) = workspace.rows(visit.reviewer)
    assert (first["primary_frame"], first["tone"]) == (FRAME, "negative")
    ready(page)
    expect()(option(page, "tone", "neutral")).to_have_attribute("aria-checked", "false")
    # The moment the next article is drawn, a click lands on it, and saves with it.
    page.evaluate("""() => new Promise((resolve) => {
      const count = document.querySelector('.annotate-count');
      new MutationObserver((_m, observer) => {
        if (!count.textContent.startsWith('2 of')) return;
        observer.disconnect();
        const neutral = () => document.querySelector(".annotate-field-tone .af-opt[data-option='neutral']");
        const wait = () => neutral().disabled ? requestAnimationFrame(wait) : (neutral().click(), resolve());
        wait();
      }).observe(count, {childList: true, characterData: true, subtree: true});
      document.querySelector(".annotate-field-primary_frame .af-opt[data-option='Economic']").click();
      document.querySelector('.annotate-save').click();
    })""")
    expect()(option(page, "tone", "neutral")).to_have_attribute("aria-checked", "true", timeout=SAVE_S * 1000)
    option(page, "primary_frame", "Political").click()
    page.keyboard.press("Enter")
    count_is(page, "3 of 5 labelled")
    rows = workspace.rows(visit.reviewer)
    assert [(r["primary_frame"], r["tone"]) for r in rows] == [
        (FRAME, "negative"), ("Economic", ""), ("Political", "neutral")]
    # Keys pressed while a save is on its way are refused, and never act on the next article.
    page.evaluate("""() => {
      const root = document.querySelector('.annotate-panel');
      const key = (k) => root.dispatchEvent(new KeyboardEvent('keydown', {key: k, code: 'Digit' + k, bubbles: true}));
      document.querySelector(".annotate-field-primary_frame .af-opt[data-option='Economic']").click();
      document.querySelector('.annotate-save').click();
      key('2');
      window.__statusWhileBusy = document.querySelector('.annotate-status').textContent;
    }""")
    assert "Wait: the last action is still being saved" in page.evaluate("() => window.__statusWhileBusy")
    count_is(page, "4 of 5 labelled")
    ready(page)
    assert len(workspace.rows(visit.reviewer)) == 4
    # After the answer the status says both: saved, and that the refused key was not applied (it once went
    # blank when the next article was drawn after the answer).
    status = page.locator(".annotate-status")
    expect()(status).to_contain_text("Saved ")
    expect()(status).to_contain_text("was not applied: do it again")
    expect()(option(page, "primary_frame", "Capacity and resources")).to_have_attribute("aria-checked", "false")


@pytest.mark.browser
def test_mouse_clicks_keep_the_keys_and_nothing_moves_under_the_mouse(visit: Visit, workspace: Workspace) -> None:
    page = visit.page
    focus_panel(page)
    label_by_keys(page, 3)
    back = page.locator(".annotate-back")
    where = back.bounding_box()
    for article in (3, 2, 1):  # each click counts, however the status, notes and badges change meanwhile
        back.click()
        expect()(page.locator(".annotate-source")).to_contain_text(f"Article {article} of 5")
        ready(page)
        assert back.bounding_box() == where
        expect()(page.locator(".annotate-keys-state")).to_have_text("keys on")  # a clicked button keeps the keys
    page.locator(".annotate-save").click()  # unchanged: no row is written, and the keys still work after it
    expect()(page.locator(".annotate-status")).to_contain_text("No change: your label of")
    ready(page)
    page.keyboard.press("u")
    expect()(page.locator(".annotate-status")).to_contain_text("Undone: your label of")
    assert [r["action"] for r in workspace.rows(visit.reviewer)] == ["label", "label", "label", "retract"]


@pytest.mark.browser
def test_unsaved_changes_are_never_dropped_without_asking(visit: Visit, workspace: Workspace) -> None:
    page = visit.page
    focus_panel(page)
    page.keyboard.press("6")
    page.keyboard.press("Shift+r")
    page.locator(".annotate-field-notes textarea").fill("half a thought")
    page.keyboard.press("Escape")
    confirm = page.locator(".annotate-confirm")
    for key in ("ArrowRight", "s"):
        page.keyboard.press(key)
        expect()(confirm).to_be_visible()
        expect()(confirm).to_contain_text("Your changes to this article are not saved (Primary frame, "
                                          "Secondary frames, Notes).")
        page.keyboard.press("Escape")
        expect()(confirm).to_be_hidden()
    assert page.locator(".annotate-field-notes textarea").input_value() == "half a thought"
    expect()(option(page, "secondary_frames", "External regulation and reputation")).to_have_attribute(
        "aria-checked", "true")
    assert workspace.rows(visit.reviewer) == []
    page.keyboard.press("ArrowRight")
    answer_yes(page)  # told, and confirmed: now the changes go
    expect()(page.locator(".annotate-source")).to_contain_text("Article 2 of 5")
    ready(page)
    page.keyboard.press("ArrowRight")  # nothing changed here: no question
    expect()(page.locator(".annotate-source")).to_contain_text("Article 3 of 5")


@pytest.mark.browser
def test_a_click_on_the_article_while_typing_keeps_every_key_in_notes(visit: Visit, workspace: Workspace) -> None:
    page = visit.page
    option(page, "primary_frame", FRAME).click()
    notes = page.locator(".annotate-field-notes textarea")
    notes.click()
    page.keyboard.type("Quote: ")
    page.locator(".annotate-text-box").dblclick(position={"x": 200, "y": 60})  # select a word to copy it
    page.keyboard.press("Control+c")
    expect()(page.locator(".annotate-keys-state")).to_have_text("typing")
    page.keyboard.type("they say yes 1")  # "s" then "y" once skipped the article and dropped the label
    page.keyboard.press("Enter")
    page.keyboard.type("u")
    assert notes.input_value() == "Quote: they say yes 1 u"
    expect()(page.locator(".annotate-confirm")).to_be_hidden()
    expect()(option(page, "primary_frame", FRAME)).to_have_attribute("aria-checked", "true")
    count_is(page, "0 of 5 labelled")
    assert workspace.rows(visit.reviewer) == [], "a key meant for Notes wrote a row"
    page.keyboard.press("Escape")  # the one way to give the keys back to the panel
    expect()(page.locator(".annotate-keys-state")).to_have_text("keys on")
    page.keyboard.press("Enter")
    count_is(page, "1 of 5 labelled")
    (row,) = workspace.rows(visit.reviewer)
    assert (row["action"], row["primary_frame"], row["notes"]) == ("label", FRAME, "Quote: they say yes 1 u")


@pytest.mark.browser
def test_an_option_clicked_mid_note_leaves_the_keys_typing_in_the_note(visit: Visit, workspace: Workspace) -> None:
    """Writing a note, a reviewer clicks the tone and types on: the words go on into Notes. The click once gave the
    keys back to the panel, "s" asked to skip and the "y" of "yes" answered: label and note were lost."""
    page = visit.page
    option(page, "primary_frame", FRAME).click()
    notes = page.locator(".annotate-field-notes textarea")
    notes.click()
    page.keyboard.type("the minister ")
    option(page, "tone", "neutral").click()
    expect()(page.locator(".annotate-keys-state")).to_have_text("typing")
    page.keyboard.type("said yes to talks 2")
    assert notes.input_value() == "the minister said yes to talks 2"
    expect()(page.locator(".annotate-confirm")).to_be_hidden()
    expect()(option(page, "tone", "neutral")).to_have_attribute("aria-checked", "true")
    expect()(option(page, "primary_frame", FRAME)).to_have_attribute("aria-checked", "true")
    assert workspace.rows(visit.reviewer) == [], "a key meant for Notes wrote a row"
    page.locator(".annotate-skip").click()  # an action, not a value: the keys are the panel's again
    expect()(page.locator(".annotate-confirm")).to_be_visible()
    page.keyboard.press("Escape")
    expect()(page.locator(".annotate-keys-state")).to_have_text("keys on")
    # With the keys on the panel, a word typed by mistake ("system") asks to skip and its "y" comes at typing
    # speed: too soon to be an answer, so it is a "no", and the next letters are no answer either.
    page.keyboard.type("sy", delay=120)
    expect()(page.locator(".annotate-confirm")).to_be_hidden()
    expect()(page.locator(".annotate-status")).to_contain_text('Nothing done: "y" came too soon')
    page.keyboard.press("s")
    page.keyboard.type("t", delay=120)
    expect()(page.locator(".annotate-confirm")).to_be_hidden()
    expect()(page.locator(".annotate-status")).to_contain_text('Nothing done: "t" came while a question was open')
    assert workspace.rows(visit.reviewer) == []
    assert notes.input_value() == "the minister said yes to talks 2"
    page.keyboard.press("Enter")
    count_is(page, "1 of 5 labelled")
    (row,) = workspace.rows(visit.reviewer)
    assert (row["action"], row["tone"], row["notes"]) == ("label", "neutral", "the minister said yes to talks 2")


@pytest.mark.browser
def test_enter_in_notes_types_a_space_and_tab_keeps_the_keys_there(visit: Visit, workspace: Workspace) -> None:
    page = visit.page
    notes = page.locator(".annotate-field-notes textarea")
    notes.click()
    page.keyboard.type("line one")
    page.keyboard.press("Enter")
    page.keyboard.type("line two")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("three")
    assert notes.input_value() == "line one line two three"  # stored as shown: words never run together
    page.keyboard.press("Tab")
    assert active(page).startswith("TEXTAREA"), active(page)
    expect()(page.locator(".annotate-keys-state")).to_have_text("typing")
    page.keyboard.type(" s")
    assert notes.input_value() == "line one line two three s"
    assert workspace.rows(visit.reviewer) == []


@pytest.mark.browser
def test_leaving_the_page_with_unsaved_changes_asks_first(visit: Visit, workspace: Workspace) -> None:
    page = visit.page
    focus_panel(page)
    page.keyboard.press("5")  # a choice not saved yet
    with page.expect_event("dialog", timeout=SAVE_S * 1000) as asked:
        page.close(run_before_unload=True)
    assert asked.value.type == "beforeunload"
    # (JupyterLab also asks on its own while the notebook has unsaved outputs: the app is where this bites.)
    asked.value.dismiss()  # stay: the choice is still on screen
    expect()(option(page, "primary_frame", "Legality, constitutionality and jurisprudence")).to_have_attribute(
        "aria-checked", "true")
    if visit.host == "app":
        # Voilà shuts the page's kernel down on leaving, asked or not: the panel says at once what that means.
        expect()(page.locator(".annotate-status")).to_contain_text("cannot be saved here", timeout=SAVE_S * 1000)
        assert workspace.rows(visit.reviewer) == []
        return
    focus_panel(page)  # the dialog may have taken the focus with it
    page.keyboard.press("Enter")
    count_is(page, "1 of 5 labelled")
    (row,) = workspace.rows(visit.reviewer)
    assert row["action"] == "label"
