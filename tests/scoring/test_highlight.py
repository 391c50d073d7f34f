"""highlight_html escapes everything and marks each finding by kind, nesting overlaps."""
from __future__ import annotations

import html
import re
import timeit
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

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


def _highlight_reference(text: str, findings: list[Finding]) -> str:
    """The first highlight_html: every finding asked about every piece (quadratic, plainly right)."""
    from itertools import pairwise

    from annotate.scoring.findings import KINDS
    from annotate.scoring.highlight import _STYLE, _mark

    shown = [f for f in findings if 0 <= f.start < f.end <= len(text)]
    cuts = sorted({0, len(text), *(f.start for f in shown), *(f.end for f in shown)})
    order = {k: i for i, k in enumerate(KINDS)}
    parts = [_STYLE, '<div class="annotate-text">']
    for a, b in pairwise(cuts):
        piece = html.escape(text[a:b])
        covering = sorted((f for f in shown if f.start <= a and b <= f.end),
                          key=lambda f: (order.get(f.kind, len(order)), f.start))
        for f in reversed(covering):
            piece = _mark(f, piece)
        parts.append(piece)
    parts.append("</div>")
    return "".join(parts)


_KIND = st.sampled_from(["quote", "hedge", "typo", "boilerplate", "booster"])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab <&\n", min_size=1, max_size=40).flatmap(lambda text: st.tuples(
    st.just(text),
    st.lists(st.tuples(_KIND, st.integers(0, len(text)), st.integers(0, len(text))), max_size=12))))
def test_the_sweep_marks_exactly_what_asking_every_finding_did(case: tuple[str, list[tuple[str, int, int]]]) -> None:
    # Overlapping, nested, identical and empty spans of several kinds, in any order.
    text, spans = case
    findings = [Finding(kind, a, b, text[a:b], None) for kind, a, b in spans if a < b]
    assert highlight_html(text, findings) == _highlight_reference(text, findings)


def test_an_article_with_many_findings_is_marked_in_time_close_to_linear() -> None:
    # An article of 42,511 findings took 60 s to show: each piece asked every finding whether it covered it.
    # Ratio of two sizes in this process (best of 3), never an absolute limit: linear work grows 4x from n to
    # 4n; the quadratic code grew 16x (2,800 -> 11,000 findings: 0.25 s -> 4.2 s), so 8x cannot pass it.
    def best_time(n: int) -> float:
        text = "teh may “quoted words” " * n
        findings = [Finding(kind, i * 23 + a, i * 23 + b, text[i * 23 + a:i * 23 + b], None)
                    for i in range(n) for kind, a, b in (("typo", 0, 3), ("hedge", 4, 7), ("quote", 8, 22))]
        return min(timeit.repeat(lambda: highlight_html(text, findings), number=1, repeat=3))

    small, large = best_time(1_000), best_time(4_000)
    assert large <= 8.0 * small, f"3,000 findings took {small:.4f} s, 12,000 took {large:.4f} s"
