"""Encoding and markup residue: mojibake, HTML entities and tags, Markdown, invisible characters."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.scoring.encoding import _found_in, _mojibake_chars, _rare_only, _rules, detect_encoding
from annotate.scoring.text import Doc


def found(text: str) -> list[tuple[str, str | None]]:
    return [(f.text, f.detail) for f in detect_encoding(Doc(text))]


def test_seed_000_table_lines_are_markdown_table(seeds: dict[str, str]) -> None:
    text = seeds["000"]
    table_lines = [line for line in text.splitlines() if line.startswith("|")]
    assert len(table_lines) == 5
    assert "|---|---|---|---|" in table_lines
    findings = detect_encoding(Doc(text))
    expected = []
    for line in table_lines:
        start = text.index(line)
        expected.append((start, start + len(line), "markdown-table"))
    assert [(f.start, f.end, f.detail) for f in findings] == expected
    assert all(f.kind == "encoding" for f in findings)


@pytest.mark.parametrize("number", ["001", "002", "003", "004"])
def test_other_seeds_are_clean(seeds: dict[str, str], number: str) -> None:
    assert detect_encoding(Doc(seeds[number])) == []


@pytest.mark.parametrize(
    ("text", "residue"),
    [
        ("The minister said itâ€™s over.", "â€™"),
        ("Lunch at the cafÃ© was cheap.", "Ã©"),
        ("Talks with FranÃƒÂ§ois ended.", "ÃƒÂ§"),
        ("He called it â€œhistoricâ€\x9d and left.", "â€œ"),
    ],
)
def test_mojibake_is_found_with_ftfy(text: str, residue: str) -> None:
    result = found(text)
    assert result[0] == (residue, "mojibake")
    assert all(detail == "mojibake" for _, detail in result)


def test_decomposed_mojibake_is_one_finding() -> None:
    # "Ã" written as "A" + combining tilde, followed by a stray C1 byte.
    text = "President FranA\u0303\x83\u00c2\u00a7ois Hollande spoke."
    assert found(text) == [("A\u0303\x83\u00c2\u00a7", "mojibake")]


@pytest.mark.parametrize(
    "text",
    [
        "The café near the Élysée served crème brûlée in São Paulo and Zürich.",
        "“It’s over,” she said — and left… for good.",
        "A & B agreed that x < y and y > z, but 3 <4 is odd; a<b and c>d.",
        "Love it <3 :-> ;-) and AT&T; R&D; Q&A;",
        "Home | News | Sport\nPrivacy Policy | Terms & Conditions",
        "Ni** My** wrote: great show. Jo** Al**** agreed.",
        "Use <Name> as a placeholder and press <Enter>.",
        "#MeToo and #1 seeds trended.",
        "Der Not\u00adfall\u00addaten\u00adsatz bleibt; emoji 👩\u200d🚀 fine.",
        "",
    ],
)
def test_clean_text_gives_no_finding(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said &quot;no&quot; twice.", [("&quot;", "html-entity"), ("&quot;", "html-entity")]),
        ("Rock &amp; roll", [("&amp;", "html-entity")]),
        ("It&#8217;s &#x2019;done", [("&#8217;", "html-entity"), ("&#x2019;", "html-entity")]),
        ("Double &amp;quot;escaped", [("&amp;quot;", "html-entity")]),
        ("<p>Text</p><br/>", [("<p>", "html-tag"), ("</p>", "html-tag"), ("<br/>", "html-tag")]),
        ('See <a href="https://x.example/">this</a>.', [('<a href="https://x.example/">', "html-tag"),
                                                         ("</a>", "html-tag")]),
        ("End </div>\n<!-- ad slot -->", [("</div>", "html-tag"), ("<!-- ad slot -->", "html-tag")]),
        ('Embed <tweet tweet-id="42"> here </tweet>', [('<tweet tweet-id="42">', "html-tag"),
                                                       ("</tweet>", "html-tag")]),
        ("Lost \ufffd\ufffd byte", [("\ufffd\ufffd", "replacement-char")]),
        ("zero\u200bwidth and \ufeffbom", [("\u200b", "zero-width"), ("\ufeff", "zero-width")]),
        ("bell\x07 here", [("\x07", "control-char")]),
        ("The **key point** is cost.", [("**key point**", "markdown-bold")]),
        ("Intro\n## Key Takeaways\nBody", [("## Key Takeaways", "markdown-heading")]),
    ],
)
def test_named_residue(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_tag_entities_inside_a_tag_are_one_finding() -> None:
    text = 'Go <a href="/x?a=1&amp;b=2">here</a>'
    assert found(text) == [('<a href="/x?a=1&amp;b=2">', "html-tag"), ("</a>", "html-tag")]


def test_table_without_outer_pipes_needs_a_separator() -> None:
    table = "Name | Votes\n--- | ---\nSmith | 40"
    text = f"Results below.\n{table}\nThe end."
    assert found(text) == [
        ("Name | Votes", "markdown-table"),
        ("--- | ---", "markdown-table"),
        ("Smith | 40", "markdown-table"),
    ]


def test_single_piped_line_is_not_a_table() -> None:
    assert found("Intro\n| Home | About |\nText") == []


def test_spans_match_the_source() -> None:
    text = "A &lt;b&gt; tag\n| a | b |\n|---|---|\nitâ€™s"
    for f in detect_encoding(Doc(text)):
        assert f.kind == "encoding"
        assert text[f.start : f.end] == f.text


# Plain characters, ASCII controls, invisible ones, a mojibake lead ("Ã"), other rare ones, a lone surrogate.
_MIXED = "aZ \t\n\x0b\x00\x7f\x85\u200b\ufeff\ufffd\u00c3\u00a9\u2019\ud800"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_MIXED), max_size=30))
def test_rare_character_searches_say_what_searching_the_whole_text_says(text: str) -> None:
    doc = Doc(text)
    regexes = (_rules()["@invisible"], _mojibake_chars()[0])
    assert all(_rare_only(regex) for regex in regexes)  # the shortcut is taken for both
    for regex in regexes:
        assert _found_in(regex, doc) == (regex.search(text) is not None)


def test_a_markdown_line_in_a_run_of_short_lines_is_counted_once_as_markdown() -> None:
    """Markdown headings before the body were each a navigation line and a markdown-heading: every artifact twice."""
    from annotate.scoring.artifacts import score_artifacts

    body = ("Heavy winds tore through the county on Sunday night, leaving more than twelve thousand homes without "
            "power and closing three schools.")
    text = f"# Storm knocks out power\n\n## Live\n\n## Updated 10:32\n\n## Share\n\n{body}\n\n{body}\n"
    score = score_artifacts(text)
    assert [(f.kind, f.detail) for f in score.findings] == [("encoding", "markdown-heading")] * 4
    assert (score.n_boilerplate, score.n_encoding, score.n_artifacts) == (0, 4, 4)
    # Menu lines that are no Markdown are still navigation, and as Markdown headings they are counted once.
    menu = f"{body}\n\n{body}\n\nHome\n\nWorld news\n\nSport\n"
    assert [f.detail for f in score_artifacts(menu).findings] == ["navigation"] * 3
    marked = score_artifacts(menu.replace("Home", "## Home"))
    assert [f.detail for f in marked.findings] == ["markdown-heading", "navigation", "navigation"]
