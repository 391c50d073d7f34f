"""Sentence splitting (exact spans around abbreviations, continuations, line breaks, sub-ranges) and words."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.scoring.text import _BOUNDARY, PLAIN_CHARS, WORD_RE, Doc, rare_chars, split_sentences


def sentences(text: str, start: int = 0, end: int | None = None) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, start, end)]


def test_abbreviations_initials_and_dotted_acronyms_do_not_end_sentences() -> None:
    text = "The U.S. Army. J. R. R. Tolkien wrote it. a.b.c. Done."
    assert sentences(text) == ["The U.S. Army.", "J. R. R. Tolkien wrote it. a.b.c. Done."]
    assert split_sentences("Mr. Smith left. He won.") == [(0, 15), (16, 23)]


def test_line_break_after_an_abbreviation_still_ends_the_sentence() -> None:
    text = "Mr. Smith met Dr.\nJones at 5 p.m. Then he left!  Really?! \"Yes.\" (Fine.) ok… and so… Wait."
    assert sentences(text) == [
        "Mr. Smith met Dr.",
        "Jones at 5 p.m. Then he left!",
        "Really?!",
        '"Yes."',
        "(Fine.) ok… and so…",
        "Wait.",
    ]


def test_lower_case_continuations_including_non_ascii_letters() -> None:
    text = "He said “why?” and left. É. Élan. école. Next.\r\nLine two   \n\n  Line three"
    assert sentences(text) == ["He said “why?” and left.", "É. Élan. école.", "Next.", "Line two", "Line three"]
    # A line break between the stop and the lower-case word ends the sentence after all.
    assert sentences("It ended.\nthen more") == ["It ended.", "then more"]
    assert sentences("Oh... é! x") == ["Oh... é! x"]


def test_whitespace_only_and_empty_inputs() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\t\n ") == []
    assert split_sentences("  x  ") == [(2, 3)]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [(0, None, [(0, 3), (4, 7), (8, 10)]), (2, 8, [(2, 3), (4, 7)]), (3, 4, []), (5, 2, [])],
)
def test_sub_ranges(start: int, end: int | None, expected: list[tuple[int, int]]) -> None:
    assert split_sentences("ab. Cd.\nEf", start, end) == expected


def test_doc_sentences_match_the_function(seeds: dict[str, str]) -> None:
    for text in seeds.values():
        doc = Doc(text)
        assert doc.sentences == tuple(split_sentences(text))
        assert all(text[s:e] == text[s:e].strip() and s < e for s, e in doc.sentences)


# The sentence-boundary regex before issue 14, which tried every mark of a run of . ! ? (n^2/2 steps).
_CLOSE_BEFORE = "[\"'”’)\\]]*+(?=\\s)(?![ \\t\\r\\f\\v\\u00a0]*+[a-z])"
_BOUNDARY_BEFORE = re.compile(
    rf"(?:\n|\.[.!?]*+{_CLOSE_BEFORE}|![.!?]*+{_CLOSE_BEFORE}|\?[.!?]*+{_CLOSE_BEFORE}|…{_CLOSE_BEFORE})(\s*)")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=".!?…\n \t\u00a0\"”)]aA", max_size=60))
def test_trying_a_run_of_marks_from_its_first_mark_only_finds_the_same_boundaries(text: str) -> None:
    assert [m.regs for m in _BOUNDARY.finditer(text)] == [m.regs for m in _BOUNDARY_BEFORE.finditer(text)]


def _words_by_word_re(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ09_'’- .\n“”—éÉß²٣\u00a0\ud800"), max_size=40))
def test_words_equal_word_re_on_both_the_ascii_and_the_general_path(text: str) -> None:
    doc = Doc(text)
    assert list(zip(doc.words, doc.word_starts, doc.word_ends, strict=True)) == _words_by_word_re(text)


@given(st.text(max_size=40))
def test_rare_characters_are_those_outside_plain_ascii_in_order(text: str) -> None:
    if any("\ud800" <= c <= "\udfff" for c in text):
        assert rare_chars(text) is None  # a lone surrogate: callers scan the text instead
    else:
        assert rare_chars(text) == "".join(c for c in text if c not in PLAIN_CHARS)
    assert rare_chars("“Quoted” — dash’s…\tcafé\x0b\n") == "“”—’…é\x0b"
