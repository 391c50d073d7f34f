"""Chatbot citation tokens: exact spans, families, chains, glued tokens and clean prose."""
from __future__ import annotations

import pytest

from annotate.scoring.citations import detect_citations
from annotate.scoring.text import Doc

START, SEP, END = "\ue200", "\ue202", "\ue201"  # ChatGPT's raw private-use citation markers


def spans(text: str) -> list[tuple[int, int, str | None]]:
    return [(f.start, f.end, f.detail) for f in detect_citations(Doc(text))]


def test_seed_003_has_exactly_five_oaicite_tokens(seeds: dict[str, str]) -> None:
    text = seeds["003"]
    expected = []
    for n in range(5):
        token = f":contentReference[oaicite:{n}]{{index={n}}}"
        start = text.find(token)
        assert start >= 0, token
        expected.append((start, start + len(token), "oaicite"))
    found = detect_citations(Doc(text))
    assert len(found) == 5
    assert [(f.start, f.end, f.detail) for f in found] == expected
    assert all(f.kind == "citation" and f.text == text[f.start : f.end] for f in found)


@pytest.mark.parametrize("number", ["000", "001", "002", "004"])
def test_clean_seeds_have_no_citation(seeds: dict[str, str], number: str) -> None:
    assert detect_citations(Doc(seeds[number])) == []


# One token per family, in the shapes chatbots emit (written for this test, not copied).
FAMILY_TOKENS = [
    ("oaicite", ":contentReference[oaicite:0]{index=0}"),
    ("oaicite", ":contentReference[oaicite: 17]{index = 17}"),
    ("oaicite", "::contentReference[oaicite:4]{index=4}"),
    ("oai_citation", "[oai_citation:2‡Daily Bugle](https://bugle.example/city/1?utm_source=chatgpt.com)"),
    ("oai_citation", "[oai_citation_attribution:0‡Wiki](https://en.wikipedia.org/wiki/Foo_(bar))"),
    ("citeturn", "citeturn0search0"),
    ("citeturn", "citeturn4image11"),
    ("citeturn", f"{START}cite{SEP}turn0search0{SEP}turn0news12{END}"),
    ("citeturn", "【turn0search3】"),
    ("filecite", "fileciteturn0file6L35-L36"),
    ("filecite", "fileciteturn2file11"),
    ("filecite", f"{START}filecite{SEP}turn0file6{SEP}L35-L36{END}"),
    ("lenticular", "【27:2†notes.txt】"),
    ("lenticular", "【21†L5-L25】"),
    ("lenticular", "【19†source】"),
    ("lenticular", "【 8 † minutes.pdf 】"),
    ("gemini", "[cite_start]"),
    ("gemini", "[cite: 3, 32]"),
    ("gemini", "[cite:7]"),
    ("utm", "(https://www.example.org/markets/rates?utm_source=chatgpt.com)"),
    ("utm", "([example.org](https://www.example.org/markets?id=4&utm_source=openai))"),
    ("utm", "[example.org](https://example.org/a?utm_source=chatgpt.com)"),
    ("utm", "https://example.org/a/b?utm_source=perplexity&utm_medium=referral"),
]


@pytest.mark.parametrize(("family", "token"), FAMILY_TOKENS)
def test_each_family_exact_span(family: str, token: str) -> None:
    text = f"The council approved the budget on Monday {token} and adjourned.\nNext line."
    start = text.index(token)
    assert spans(text) == [(start, start + len(token), family)]


@pytest.mark.parametrize(("family", "token"), FAMILY_TOKENS)
def test_token_glued_to_previous_word_and_at_end_of_text(family: str, token: str) -> None:
    text = f"Rates rose sharply{token}"
    assert spans(text) == [(len("Rates rose sharply"), len(text), family)]


def test_bare_url_keeps_sentence_punctuation_out() -> None:
    url = "https://example.org/report?utm_source=chatgpt.com"
    text = f"Read it at {url}. Then vote."
    start = text.index(url)
    assert spans(text) == [(start, start + len(url), "utm")]


def test_wrapping_lenticular_brackets_belong_to_the_token() -> None:
    token = "【:contentReference[oaicite:3]{index=3}】"
    text = f"Prices fell the{token} next day."
    start = text.index(token)
    assert spans(text) == [(start, start + len(token), "oaicite")]


@pytest.mark.parametrize(
    ("chain", "family"),
    [
        ("citeturn0search0turn0news12", "citeturn"),
        (":contentReference[oaicite:8]{index=8}:contentReference[oaicite:9]{index=9}", "oaicite"),
        ("fileciteturn0file0L3-L29fileciteturn3file0", "filecite"),
        ("【4†source】【5:1†notes.txt】【9†L1-L4】", "lenticular"),
        ("[cite: 1][cite: 2, 5]", "gemini"),
        (f"{START}cite{SEP}turn0search0{END}{START}cite{SEP}turn1news2{END}", "citeturn"),
        (
            "[oai_citation:2‡Bugle](https://bugle.example/x?utm_source=chatgpt.com)"
            "[oai_citation:3‡Herald](https://herald.example/y)",
            "oai_citation",
        ),
    ],
)
def test_chain_of_adjacent_tokens_is_one_finding(chain: str, family: str) -> None:
    text = f"The mayor resigned.{chain} A new vote follows."
    start = text.index(chain)
    assert spans(text) == [(start, start + len(chain), family)]


def test_tokens_separated_by_text_are_separate_findings() -> None:
    text = "First claim [cite: 1] and second claim [cite: 2]."
    first, second = text.index("[cite: 1]"), text.index("[cite: 2]")
    assert spans(text) == [(first, first + 9, "gemini"), (second, second + 9, "gemini")]


@pytest.mark.parametrize(
    "text",
    [
        "The claim was disputed [citation needed] by several editors [1] and [2, 3].",
        "Subscribe via https://news.example.com/x?utm_source=newsletter&utm_medium=email today.",
        "See (https://example.com/page) and [our site](https://example.com/?utm_source=twitter).",
        "We will return to this turn of events in turn 3, said Lord Turner.",
        "He cited the report; cite: page 4. The index=0 value [0] {index=1}.",
        "The dagger † marks members who died in office, e.g. Smith † 1990 [4].",
        "【重要】 Tokyo markets opened higher.",
        "A [cite] tag and [Cite: Smith 2019] are ordinary brackets.",
        "x < y and A & B; file cite turn; contentReference is a word.",
        "",
    ],
)
def test_ordinary_prose_gives_no_finding(text: str) -> None:
    assert spans(text) == []


def test_findings_carry_their_text() -> None:
    text = "Growth slowed citeturn1view3 in May."
    (finding,) = detect_citations(Doc(text))
    assert finding.kind == "citation"
    assert finding.text == "citeturn1view3" == text[finding.start : finding.end]
