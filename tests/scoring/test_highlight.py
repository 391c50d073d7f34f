"""highlight_html escapes everything and marks each finding by kind, nesting overlaps."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from annotate import Finding, highlight_html, score_text


class _Checker(HTMLParser):
    """Collects text and checks that tags nest properly."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)
        self.in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if not self.in_style:
            self.text.append(data)


def _visible(markup: str) -> str:
    checker = _Checker()
    checker.feed(markup)
    checker.close()
    assert checker.stack == []
    return "".join(checker.text)


def test_text_is_escaped_and_kept_whole() -> None:
    text = 'Ads <script>alert("x")</script> & "quoted" text'
    out = highlight_html(text, [Finding.at(text, "quote", 34, 42, None)])
    assert "<script>" not in out
    assert "&lt;script&gt;" in out
    assert _visible(out) == text


def test_overlapping_findings_nest() -> None:
    text = 'He said "it may rain" today.'
    findings = [Finding.at(text, "quote", 8, 21, "He"), Finding.at(text, "hedge", 12, 15, "may")]
    out = highlight_html(text, findings)
    assert _visible(out) == text
    assert re.search(r'<mark class="annotate-hedge"[^>]*><mark class="annotate-quote"', out) or re.search(
        r'<mark class="annotate-quote"[^>]*><mark class="annotate-hedge"', out)
    assert 'title="quote: He"' in out and 'title="hedge: may"' in out


def test_kind_filter_and_attribute_escaping() -> None:
    text = "Accordint to reports"
    f = Finding.at(text, "typo", 0, 9, 'acc"ording')
    assert "<mark" not in highlight_html(text, [f], kinds={"hedge"})
    out = highlight_html(text, [f])
    assert 'title="typo: acc&quot;ording"' in out


def test_seed_roundtrip(seeds: dict[str, str]) -> None:
    for text in seeds.values():
        out = highlight_html(text, score_text(text).findings)
        assert _visible(out) == text
        assert html.unescape(out).count("<mark") >= 0
