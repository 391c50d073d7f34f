"""One screen on a laptop: at 1366x768 the buttons, the progress, the required field and 15+ lines of article fit."""
from __future__ import annotations

import pytest

from .conftest import LAPTOP, Visit, screenshot

#: The issue's bar: at least this many lines of the article visible next to the inputs, without scrolling.
MIN_ARTICLE_LINES = 15


@pytest.mark.browser
def test_one_screen_at_1366x768(visit: Visit) -> None:
    page = visit.page
    if visit.host == "lab":  # in JupyterLab the notebook scrolls once, to bring the panel's cell up
        page.locator(".annotate-panel").evaluate("el => el.scrollIntoView({block: 'start'})")
    else:  # the app is a page of its own: nothing may need scrolling at all
        assert page.evaluate("() => document.scrollingElement.scrollTop") == 0
    height = LAPTOP["height"]
    boxes = {name: page.locator(selector).bounding_box() for name, selector in {
        "save": ".annotate-save", "skip": ".annotate-skip", "back": ".annotate-back",
        "progress": ".annotate-progress", "count": ".annotate-count",
        "required field": ".annotate-field-primary_frame", "article": ".annotate-text-box"}.items()}
    for name, box in boxes.items():
        assert box is not None, f"{name} is not drawn"
        if name != "article":
            assert box["y"] >= 0 and box["y"] + box["height"] <= height, f"{name} is off screen: {box}"
    article = boxes["article"]
    assert article is not None
    line = float(page.locator(".annotate-text").evaluate("el => parseFloat(getComputedStyle(el).lineHeight)"))
    visible = min(article["y"] + article["height"], height) - max(article["y"], 0)
    lines = visible / line
    scrolls = page.locator(".annotate-text-box").evaluate("el => el.scrollHeight > el.clientHeight")
    print(f"\n{visit.host} at {LAPTOP['width']}x{height}: save y={boxes['save']['y']:.0f}, "  # type: ignore[index]
          f"required field {boxes['required field']['y']:.0f}-"  # type: ignore[index]
          f"{boxes['required field']['y'] + boxes['required field']['height']:.0f}, "  # type: ignore[index]
          f"article {visible:.0f} px = {lines:.1f} lines of {line:.1f} px, scrolls in its own box: {scrolls}")
    assert lines >= MIN_ARTICLE_LINES, f"only {lines:.1f} lines of the article are visible"
    assert scrolls, "a seed article is longer than the box: it must scroll inside it"
    screenshot(page, f"{visit.host}-1366x768.png")
    page.locator(".annotate-scores summary").click()  # every score opens over the article, which stays put
    page.locator(".annotate-scores table").wait_for(state="visible")
    opened = page.locator(".annotate-text-box").bounding_box()
    assert opened is not None and (opened["y"], opened["height"]) == (article["y"], article["height"])
    screenshot(page, f"{visit.host}-scores-open.png")


@pytest.mark.browser
def test_the_reviewers_name_is_shown_whole_in_the_header(visit: Visit) -> None:
    # At 1366x768 in JupyterLab the header cut it to "Reviewer:…": reviewers must see whose file they write to.
    who = visit.page.locator(".annotate-reviewer")
    assert who.inner_text() == f"Reviewer: {visit.reviewer}"
    cut = who.evaluate("el => el.scrollWidth > el.clientWidth")
    box = who.bounding_box()
    print(f"\n{visit.host}: reviewer {box}, cut: {cut}")
    assert not cut, f"the reviewer's name is cut: {box}"
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= LAPTOP["width"]
