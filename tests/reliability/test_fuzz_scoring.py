"""Fuzzing score_text: any text, and texts made of what the scorers react to, never raise or misplace a finding."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate import score_text
from annotate.scoring.findings import KINDS

# What the scorers react to, as whole pieces: quote marks, sentence ends, whitespace and line breaks,
# capitals and near-typos, names and cue verbs, citation-token fragments, handles, hashtags and dashes.
_PIECES = (
    '"', "'", "“", "”", "‘", "’", "«", "»", "„", "`",
    ".", "...", "…", "!", "?", ",", ":", ";",
    " ", "  ", "\t", "\n", "\n\n", "\r\n", "\u00a0", "\u2028", "\u3000",
    "A", "The", "Mr.", "U.S.", "J.", "Comittee", "Becuase", "teh", "Minister", "Ana Ruiz", "Rutte",
    "said", "he said", "told", "according to", "may", "possibly", "clearly",
    "oaicite", "oai_citation", "filecite", "citeturn0search1", "turn0news", "【", "】", "†", "[cite", "utm_source=",
    "chatgpt.com", ":contentReference[oaicite:0]{index=0}", "\ue200", "\ue202", "\ue201",
    "@", "#", "—", "–", "-", "(", ")", "[", "]", "{", "}", "*", "•", "|", "/", "http://", "www.", "&amp;",
    "â€™", "Ã©", "\ufffd", "Share this article", "Subscribe", "Advertisement", "Read more",
    "0", "42", "2024", "x", "é", "İ", "K", "ß",
)
adversarial = st.lists(st.sampled_from(_PIECES), max_size=120).map("".join)
any_unicode = st.text(max_size=400)

# The light profile (2 x 150 cases) runs in ``make test``; the slow one (10,000 cases per alphabet) with
# ANNOTATE_SLOW=1, as .ci/run sets.
LIGHT = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_findings(text: str) -> None:
    """Scoring ``text`` raises nothing, and every finding lies inside it, cut from it, of a known kind, in order."""
    score = score_text(text)
    keys = []
    for f in score.findings:
        assert 0 <= f.start < f.end <= len(text), f
        assert text[f.start:f.end] == f.text, f
        assert f.kind in KINDS, f
        keys.append((f.start, -f.end, f.kind))
    assert keys == sorted(keys), "findings are not in score_text's order (start, longest first, kind)"
    assert score.n_words >= 0 and score.n_sentences >= 0


@LIGHT
@given(any_unicode)
def test_any_unicode_text_scores_without_error(text: str) -> None:
    check_findings(text)


@LIGHT
@given(adversarial)
def test_texts_of_what_the_scorers_react_to_score_without_error(text: str) -> None:
    check_findings(text)


@pytest.mark.slow
@SLOW
@given(any_unicode)
def test_ten_thousand_unicode_texts(text: str) -> None:
    check_findings(text)


@pytest.mark.slow
@SLOW
@given(adversarial)
def test_ten_thousand_adversarial_texts(text: str) -> None:
    check_findings(text)
