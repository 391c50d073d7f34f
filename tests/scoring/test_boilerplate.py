"""Tests for annotate.scoring.boilerplate.detect: seed gold, every rule family, reporting negatives, headings."""
from __future__ import annotations

import re

import pytest

from annotate.scoring.boilerplate import detect_boilerplate
from annotate.scoring.findings import Finding
from annotate.scoring.text import Doc

BODY = (
    "The city council voted on Tuesday to expand the bus network, adding four routes that will "
    "link the northern suburbs with the hospital district by the end of next year."
)
BODY2 = (
    "Officials said the plan would cost about 40 million dollars, most of it covered by a state "
    "grant, and that fares would stay at their current level for at least two years."
)


def found(text: str) -> list[tuple[str, str | None]]:
    return [(f.text, f.detail) for f in detect_boilerplate(Doc(text))]


def texts(text: str) -> list[str]:
    return [f.text for f in detect_boilerplate(Doc(text))]


def in_article(line: str) -> str:
    """A line between two body paragraphs, so only the line rules can flag it."""
    return f"{BODY}\n{line}\n{BODY2}\n"


# --- seed gold -----------------------------------------------------------------------------

def test_seed_003_comment_form(seeds: dict[str, str]) -> None:
    assert found(seeds["003"]) == [
        ("Leave a Comment", "comment-form"),
        ("Your email address will not be published. Required fields are marked *", "email-notice"),
    ]


def test_seed_002_send_comments_and_desk_tag_only(seeds: dict[str, str]) -> None:
    result = detect_boilerplate(Doc(seeds["002"]))
    assert [(f.text, f.detail) for f in result] == [
        ("Rokna Political Desk:", "desk-tag"),
        ("Send Comments", "send-comments"),
    ]
    tag = result[0]
    # Only the tag: the paragraph it opens is reporting.
    assert seeds["002"][tag.end :].startswith(" Negotiators from Ukraine and Russia")


# Seed 004 closes with a paragraph addressed to the site's readers: a question to them, an
# invitation to the comment box, a pointer to "our other articles" and a newsletter plug.  No
# sentence of it reports anything, so it is flagged (detail "call-to-action").  The detector
# only does so when EVERY sentence of the line is such a prompt (see the mixed case below).
SEED_004_CTA = (
    "What are your thoughts on the potential for a peaceful resolution to the conflict in Ukraine? "
    "Share your insights in the comments below. For more in-depth analysis of geopolitical trends, "
    "explore our other articles on international security and conflict resolution. Subscribe to our "
    "newsletter for regular updates and expert commentary."
)


def test_seed_004_byline_related_comment_form(seeds: dict[str, str]) -> None:
    assert found(seeds["004"]) == [
        ("by Chief Editor", "byline"),
        (SEED_004_CTA, "call-to-action"),
        ("You may also like", "related"),
        ("Leave a Comment", "comment-form"),
    ]


@pytest.mark.parametrize("number", ["000", "001"])
def test_clean_seeds_have_no_boilerplate(seeds: dict[str, str], number: str) -> None:
    assert found(seeds[number]) == []


def test_findings_are_cut_from_the_source(seeds: dict[str, str]) -> None:
    for text in seeds.values():
        for f in detect_boilerplate(Doc(text)):
            assert isinstance(f, Finding)
            assert f.kind == "boilerplate"
            assert f.text == text[f.start : f.end] == f.text.strip()


# --- seed headings are never boilerplate --------------------------------------------------

SEED_HEADINGS = {
    "000": [
        "Ukraine and Russia Wrap Up Second Day of US-Led Abu Dhabi Peace Talks",
        "Strategic Motivations and Stakeholder Dynamics",
        "| Stakeholder | Before Talks | After Talks | Impact |",
        "|---|---|---|---|",
        "The Broader Context: Global Implications",
        "Projected Outcomes: Future Developments to Monitor",
        "In the coming weeks, several key developments should be on the radar:",
    ],
    "001": [
        "Ukraine, Russia, and the U.S. Resume Peace Talks in Abu Dhabi",
        "A Second Chance at Diplomacy Amid Ongoing Conflict",
        "Russia Shatters the Truce with Devastating Attacks",
        "Different Perspectives on Legitimate Targets",
        "The Major Obstacles to Achieving Peace",
        "Military Minds Meet to Work Out Technical Details",
        "Cautious Hope Amid Deep Skepticism",
    ],
    "002": ["Ukraine and Russia Launch Second Round of US-Mediated Peace Talks in Abu Dhabi"],
    "003": [
        "Russia and Ukraine Hold a Second Day of U.S.\u2011Brokered Peace Talks in Abu Dhabi",
        "Talks Resume for Second Day in UAE Capital",
        "Focus on Ending War Amid Ongoing Fighting",
        "Progress and Positive Signals Reported",
        "U.S. Role and International Support",
        "Key Sticking Points and Future Outlook",
    ],
    "004": [
        "US, Russia & Ukraine Talks: Progress on Ending the War?",
        "Ukraine Peace Talks: A Shift in Geopolitical Strategy?",
        "The Role of the US and the Trump Administration",
        "The Importance of American Oversight and Security Guarantees",
        "Potential Future Trends: Multi-Polar Mediation and Shifting Alliances",
        "The Role of Non-State Actors and Information Warfare",
        "FAQ",
        "Q: What is the main goal of these peace talks?",
        "Q: Why is American involvement considered so important?",
        "Q: Are these talks likely to succeed?",
    ],
}
ALL_HEADINGS = [(n, h) for n, hs in SEED_HEADINGS.items() for h in hs]


@pytest.mark.parametrize(("number", "heading"), ALL_HEADINGS)
def test_seed_heading_not_flagged_in_its_seed(seeds: dict[str, str], number: str, heading: str) -> None:
    text = seeds[number]
    assert f"\n{heading}\n" in f"\n{text}\n"  # the list above is copied exactly
    flagged = [f for f in detect_boilerplate(Doc(text)) if f.text == heading]
    assert flagged == []


@pytest.mark.parametrize(("number", "heading"), ALL_HEADINGS)
def test_seed_heading_matches_no_rule(number: str, heading: str) -> None:
    assert found(heading) == []
    assert found(in_article(heading)) == []


# --- rule families ---------------------------------------------------------------------------

RULE_CASES = [
    ("Leave a Reply", "comment-form"),
    ("Leave a Comment", "comment-form"),
    ("View Comments", "comment-form"),
    ("12 Comments", "comment-form"),
    ("Cancel reply", "comment-form"),
    ("Your email address will not be published.", "email-notice"),
    ("Required fields are marked *", "email-notice"),
    ("Send Comments", "send-comments"),
    ("Subscribe to our newsletter", "newsletter"),
    ("Sign up for our daily briefing newsletter", "newsletter"),
    ("Subscribe", "newsletter"),
    ("Share this article", "share"),
    ("Share on Facebook", "share"),
    ("Facebook Twitter Email", "share"),
    ("Follow us on Twitter", "follow"),
    ("Follow Jane Doe on Twitter", "follow"),
    ("You may also like", "related"),
    ("Related", "related"),
    ("Related articles", "related"),
    ("READ MORE: Markets slide as rates rise", "related"),
    ("Read more", "read-more"),
    ("Continue reading", "read-more"),
    ("Advertisement", "advertisement"),
    ("Story continues below advertisement", "advertisement"),
    ("By Jane Doe", "byline"),
    ("by Chief Editor", "byline"),
    ("By Jane Doe and John Roe | Reuters", "byline"),
    ("© 2019 Example Media Ltd.", "copyright"),
    ("Copyright 2024 Example News Group. All Rights Reserved.", "copyright"),
    ("Example Media Group, Inc. All rights reserved.", "copyright"),
    ("Privacy Policy", "navigation"),
    ("Skip to content", "navigation"),
    ("Tags: transport, city council", "navigation"),
    ("November 20, 2019", "timestamp"),
    ("Updated 3 hours ago", "timestamp"),
    ("Nov. 19, 2019 8:03 am ET", "timestamp"),
    ("Photo: Jane Doe/Reuters", "photo-credit"),
    ("Jane Doe / Getty Images", "photo-credit"),
    ("5 min read", "reading-time"),
    (
        "We use cookies to give you the best experience on our website. By continuing to browse, "
        "you agree to our use of cookies.",
        "cookie",
    ),
    ("Accept all cookies", "cookie"),
]


@pytest.mark.parametrize(("line", "rule"), RULE_CASES)
def test_rule_flags_the_stripped_line(line: str, rule: str) -> None:
    text = in_article(f"  {line}  ")
    result = detect_boilerplate(Doc(text))
    assert [(f.text, f.detail) for f in result] == [(line, rule)]
    assert result[0].start == text.index(line)


def test_desk_tag_flags_the_tag_only() -> None:
    text = f"Example Economic Desk: {BODY}\n{BODY2}\n"
    assert found(text) == [("Example Economic Desk:", "desk-tag")]


# --- reporting that mentions the same words is content ---------------------------------------

REPORTING = [
    "The senator said in a newsletter to constituents that taxes would rise.",
    "Sign up for the newsletter, the mayor urged residents at the meeting.",
    "By Monday, the deal was done.",
    "Regulators said the website uses cookies to track users without consent.",
    "By using cookies, advertisers can follow readers from site to site, the report found.",
    "Readers were asked to share their thoughts with the council before Friday.",
    "Leave a comment, he told reporters, and we will look at it.",
    "Copyright lawyers for the studio said the case would go to trial in May.",
    "Related charges were filed against two other men on Tuesday.",
]


@pytest.mark.parametrize("line", REPORTING)
def test_reporting_is_not_boilerplate(line: str) -> None:
    assert found(in_article(line)) == []
    assert found(line) == []


def test_call_to_action_needs_every_sentence_to_be_a_prompt() -> None:
    mixed = (
        "What are your thoughts on the plan? The council will vote again in March after a "
        "public hearing on the routes."
    )
    assert found(in_article(mixed)) == []
    prompt = "What do you think? Share your thoughts in the comments below."
    assert found(in_article(prompt)) == [(prompt, "call-to-action")]


# --- context: menus, headings, tables ----------------------------------------------------------

MENU = ["World", "Politics", "Business", "Technology", "Science", "Sport", "Culture"]
OTHER_HEADLINES = [
    "Storm closes schools across the region",
    "Rail strike talks collapse again",
    "New museum opens in former power station",
    "Local team wins cup after penalty shoot-out",
]


def page(title: str = "Council Backs Bigger Bus Network") -> str:
    return "\n".join([*MENU, title, BODY, "Funding and Fares", BODY2, BODY, *OTHER_HEADLINES]) + "\n"


def test_menus_and_headline_lists_outside_the_body_are_navigation() -> None:
    result = found(page())
    # The last menu item sits within HEADING_LINES (2) of the body, where a title plus a
    # subtitle would be, so it is kept: headings win over recall.
    assert result == [(line, "navigation") for line in MENU[:-1] + OTHER_HEADLINES]


def test_title_and_section_heading_before_paragraphs_are_kept() -> None:
    flagged = texts(page())
    assert "Council Backs Bigger Bus Network" not in flagged
    assert "Funding and Fares" not in flagged
    assert BODY not in flagged and BODY2 not in flagged


def test_short_lines_inside_the_article_body_are_kept() -> None:
    steps = ["Buy a ticket online", "Board at the front", "Show the code to the driver"]
    text = "\n".join([BODY, *steps, BODY2, BODY]) + "\n"
    assert found(text) == []


def test_table_rows_are_not_navigation() -> None:
    rows = ["1 Jane Doe 2290 4 12", "2 John Roe 2274 3 10", "3 Ann Poe 2219 1 8"]
    text = "\n".join([BODY, BODY2, *rows]) + "\n"
    assert found(text) == []


def test_a_numbered_list_after_the_body_is_the_article() -> None:
    items = ["1) A folding bike for small flats", "https://shop.example/a1",
             "2) A kettle that keeps tea warm", "https://shop.example/b2",
             "3) Noise-cancelling headphones", "https://shop.example/c3"]
    text = "\n".join([BODY, BODY2, *items, *OTHER_HEADLINES]) + "\n"
    assert found(text) == [(line, "navigation") for line in OTHER_HEADLINES]


def test_a_numbered_list_under_a_heading_or_miscounted_stays_navigation() -> None:
    most_read = ["Most read", "1. Storm closes schools", "2. Rail strike talks collapse", "3. Museum opens"]
    assert texts("\n".join([BODY, BODY2, *most_read]) + "\n") == most_read
    miscounted = ["1) Home", "3) News", "4) Sport"]
    assert texts("\n".join([BODY, BODY2, *miscounted]) + "\n") == miscounted


def test_an_embedded_post_attribution_is_the_article() -> None:
    post = ["We will keep the library open all summer. pic.twitter.com/abc123",
            "— Springfield Council (@SpringfieldCC) June 3, 2024"]
    text = "\n".join([BODY, *post, *OTHER_HEADLINES[:2], BODY2]) + "\n"
    assert "— Springfield Council (@SpringfieldCC) June 3, 2024" not in texts(text)


def test_short_text_without_body_gets_rule_findings_only() -> None:
    text = "Breakfast\nLunch\nDinner\nLeave a Reply\n"
    assert found(text) == [("Leave a Reply", "comment-form")]


def test_empty_and_blank_text() -> None:
    assert found("") == []
    assert found("\n\n   \n") == []


# --- the whole-text shortcuts never change a result ---------------------------------------------

from annotate.scoring.boilerplate import detect as boilerplate  # noqa: E402
from annotate.scoring.boilerplate import finder as boilerplate_finder  # noqa: E402
from annotate.scoring.boilerplate.finder import UNUSUAL_CASES, derive, restrict  # noqa: E402
from annotate.scoring.boilerplate.patterns import first_chars, may_start  # noqa: E402
from annotate.scoring.boilerplate.rules import LONG, PREFIXES, SHORT, rule_set  # noqa: E402

TIMESTAMPS = [
    "2019-11-20T10:00Z",
    "Updated 12:30 p.m. EST",
    "Monday, November 18, 2019, 04:05 PM ET (09:05 GMT)",
    "Published 20191120 10:00",
    "7H ago",
]


def every_line(text: str, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str | None]]:
    """Findings with the finders and prefilter look-ups switched off: every line tried by every rule."""
    with monkeypatch.context() as m:
        m.setattr(boilerplate, "text_is_plain", lambda text: False)
        return found(text)


@pytest.mark.parametrize("line", [line for line, _ in RULE_CASES] + REPORTING + TIMESTAMPS)
def test_finders_miss_no_line(line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for variant in (line, line.upper(), line.lower(), f"\t {line} \u00a0"):
        for text in (in_article(variant), variant, f"{variant}\n{variant}\n"):
            assert found(text) == every_line(text, monkeypatch)


def test_timestamp_variants_are_flagged() -> None:
    for line in TIMESTAMPS:
        assert found(in_article(line)) == [(line, "timestamp")]


def test_long_digit_runs_are_not_slow() -> None:
    import time

    text = in_article("1911190522502661911190522502 66 12")
    start = time.perf_counter()
    assert found(text) == []
    assert time.perf_counter() - start < 0.05  # with \d{1,4} tokens this took seconds


def test_unusual_cases_are_all_of_unicode() -> None:
    # Characters whose lower case has another length, or is ASCII though they are not.
    unusual = [
        c for c in map(chr, range(0x110000))
        if len(c.lower()) != 1 or (not c.isascii() and c.lower().isascii())
    ]
    assert "".join(unusual) == UNUSUAL_CASES


def test_unusual_characters_fall_back_to_every_line() -> None:
    text = in_article("Share this article") + "K\u212aelvin \u0130stanbul\n"
    assert found(text) == [("Share this article", "share")]


RULE_LINES = [line.lower() for line, _ in RULE_CASES] + [h.lower() for _, h in ALL_HEADINGS]


@pytest.mark.parametrize("name", [SHORT, LONG, PREFIXES])
def test_first_characters_and_derivatives_agree_with_the_rules(name: str) -> None:
    for rule in rule_set(name).rules:
        pattern = rule.regex.pattern
        first = first_chars(pattern)
        for line in RULE_LINES + [line.title() for line in RULE_LINES]:
            matched = rule.regex.fullmatch(line) is not None
            if matched:
                assert may_start(first, line[0]), (rule.name, line)
            assert (re.fullmatch(restrict(pattern, line[0]), line) is not None) == matched
            rest = derive(pattern, line[0])
            if rest is not None:
                assert (re.fullmatch(rest, line[1:]) is not None) == matched, (rule.name, line)


def test_finders_compile() -> None:
    assert len(boilerplate_finder.finders()) == 2


def test_a_list_bullet_before_a_widget_line_does_not_hide_it() -> None:
    # HTML extractors write list items as "- item": a share bar or a read-more link in a list was missed,
    # because the rules match whole lines and the bullet made the line another one.
    for line, rule in (("- Read more", "read-more"), ("* Share on Twitter", "share"),
                       ("• Subscribe to our newsletter", "newsletter"), ("·  Share on Facebook", "share")):
        assert found(in_article(line)) == [(line.split(maxsplit=1)[1], rule)], line


def test_a_bulleted_sentence_stays_body_text_and_a_bare_dash_takes_no_line_with_it() -> None:
    assert found(in_article("- The first point of the plan is a ceasefire along the whole front line.")) == []
    text = in_article("-\nRead more")
    assert texts(text) == ["Read more"]


def test_report_lines_are_judged_without_their_citation_tokens() -> None:
    """Three short report lines, each ending in a chatbot token, no longer end like sentences, and were flagged as
    a menu; judged without the tokens they are the sentences they are. Without the citations the same lines
    still form a run (what detect_boilerplate alone sees)."""
    from annotate.scoring.citations import find_citations

    body = ("The county board met on Monday night to weigh the harbour dredging plan, which has waited four years "
            "for money from the state and the port authority.")
    text = (f"{body}\n\nThe work would deepen two berths. :contentReference[oaicite:0]{{index=0}}\n\n"
            "It would take a year and cost more. citeturn0search1\n\nA vote is due in May. [oaicite:1]{index=1}\n")
    doc = Doc(text)
    assert [f.detail for f in detect_boilerplate(doc)] == ["navigation"] * 3
    assert detect_boilerplate(doc, find_citations(text)) == []


def test_a_line_in_markdown_emphasis_is_judged_by_what_it_says() -> None:
    body = ("Heavy winds tore through the county on Sunday night, leaving more than twelve thousand homes without "
            "power and closing three schools.")
    for line, rule in (("*By Jane Doe | Updated 10:32 a.m.*", "byline"), ("_By Jane Doe_", "byline"),
                       ("*Subscribe to our newsletter*", "newsletter")):
        assert [(f.text, f.detail) for f in detect_boilerplate(Doc(f"{line}\n\n{body}\n"))] == [(line, rule)]
    assert detect_boilerplate(Doc(f"*The storm is the worst in a decade, officials say.*\n\n{body}\n")) == []
    assert detect_boilerplate(Doc(f"*By Jane Doe\n\n{body}\n")) == []  # one mark is no emphasis around the line
