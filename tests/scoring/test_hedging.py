"""Hedging: lexicon phrases, context vetoes (the month May, "could not") and exact rates."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.scoring.findings import Finding
from annotate.scoring.hedging import score_hedging
from annotate.scoring.hedging.detect import _sentence_initial
from annotate.scoring.hedging.modal import sentence_span
from annotate.scoring.text import Doc


def spans(text: str, kind: str) -> list[tuple[str, str | None]]:
    return [(f.text, f.detail) for f in score_hedging(text).findings if f.kind == kind]


def test_may_the_month_is_not_a_hedge() -> None:
    text = "The vote was held in May. It may rain on May 5. Theresa May spoke. May 2016 was wet."
    result = score_hedging(text)
    assert result.findings == (Finding.at(text, "hedge", 29, 32, "may"),)


def test_sentence_initial_may_is_a_hedge() -> None:
    text = "May the plan work? “May it,” he said."
    assert [(f.start, f.end) for f in score_hedging(text).findings] == [(0, 3), (20, 23)]


def test_could_not_is_not_a_hedge_but_could_is() -> None:
    text = "Police could not confirm the report, but it could be true. They cannot say."
    result = score_hedging(text)
    assert [(f.start, f.text, f.detail) for f in result.findings] == [(44, "could", "could")]


def test_multi_word_phrases_win_over_their_first_word() -> None:
    text = "It is believed that the plan leaked, and some observers say it is thought to be old."
    found = [(f.start, f.end, f.text, f.detail) for f in score_hedging(text).findings]
    assert found == [
        (0, 14, "It is believed", "it is believed"),
        (41, 55, "some observers", "some observers"),
        (60, 73, "it is thought", "it is thought"),
    ]


def test_phrases_do_not_cross_a_sentence_end() -> None:
    # "it is said" would match without the full stop.
    assert spans("That is what it is. Said to me, it was.", "hedge") == []
    assert spans("That is what it is said to mean.", "hedge") == [("it is said", "it is said")]


def test_booster_versus_hedge() -> None:
    text = "She clearly won, and there is no doubt about it, though critics suggest otherwise."
    assert spans(text, "booster") == [("clearly", "clearly"), ("there is no doubt", "there is no doubt")]
    assert spans(text, "hedge") == [("critics", "critics"), ("suggest", "suggest")]


def test_will_is_not_a_booster_and_deontic_must_is_not_either() -> None:
    assert score_hedging("Voters will decide. Visitors must register online.").findings == ()
    assert spans("He must have known.", "booster") == [("must", "must")]


def test_appeared_on_tv_versus_appeared_to() -> None:
    assert spans("She appeared on TV and appears in court today.", "hedge") == []
    assert spans("She appeared to agree.", "hedge") == [("appeared", "appeared")]


def test_claim_as_a_noun_and_military_might() -> None:
    assert spans("The claim was rejected; with all his might he pushed.", "hedge") == []
    assert spans("He claims that the vote was rigged.", "hedge") == [("claims", "claims")]


def test_rates_per_100_words_are_exact() -> None:
    # 17 words: hedges "may" and "possibly", booster "clearly".
    text = "The senator may possibly resign next week, aides said, but the party clearly wants her to stay."
    result = score_hedging(text)
    assert result.n_words == 17
    assert (result.n_hedges, result.n_boosters) == (2, 1)
    assert result.hedges_per_100_words == 100 * 2 / 17
    assert result.boosters_per_100_words == 100 * 1 / 17


def test_empty_text_and_doc_input() -> None:
    empty = score_hedging("")
    assert (empty.n_words, empty.hedges_per_100_words, empty.findings) == (0, 0.0, ())
    text = "Perhaps it rains."
    assert score_hedging(Doc(text)) == score_hedging(text)


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_findings_on_seeds_are_cut_from_the_text(seeds: dict[str, str], number: str) -> None:
    text = seeds[number]
    result = score_hedging(text)
    assert all(text[f.start : f.end] == f.text for f in result.findings)
    assert all(f.kind in {"hedge", "booster"} and f.detail for f in result.findings)
    assert result.n_hedges + result.n_boosters == len(result.findings)


def test_phrases_found_through_a_later_trigger_word() -> None:
    # Only positions near each phrase's rarest-looking word are tried; the result must not change.
    text = "It is said to be, to a certain extent, true; there is no doubt, of course."
    found = [(f.start, f.end, f.text, f.kind) for f in score_hedging(text).findings]
    assert found == [
        (0, 10, "It is said", "hedge"),
        (18, 37, "to a certain extent", "hedge"),
        (45, 62, "there is no doubt", "booster"),
        (64, 73, "of course", "booster"),
    ]


def test_phrase_split_by_a_full_stop_falls_back_to_its_words() -> None:
    text = "There is no. Doubt remains, to a certain. Extent unknown."
    found = [(f.start, f.end, f.text) for f in score_hedging(text).findings]
    assert found == [(13, 18, "Doubt"), (33, 40, "certain")]


def test_superlative_most_and_most_of_are_not_hedges() -> None:
    text = "It won the most votes in town. Most of the time it is closed. Most analysts doubt it."
    assert [(f.start, f.text) for f in score_hedging(text).findings if f.detail == "most"] == [(62, "Most")]


def test_may_be_stays_a_hedge_in_news() -> None:
    text = "The agreement may be signed next week, and it may also slip."
    assert [(f.start, f.detail) for f in score_hedging(text).findings] == [(14, "may"), (46, "may")]


def test_vague_groups_and_quantities_are_weasels() -> None:
    text = "A number of historians disagree, and others call it a few votes."
    findings = score_hedging(text).findings
    assert [(f.text, f.kind) for f in findings] == [
        ("A number of", "hedge"), ("historians", "hedge"), ("others", "hedge"), ("few", "hedge")]


def test_superlative_of_an_evaluative_adjective_is_a_weasel() -> None:
    text = "She is one of the most influential singers, and the band won the most awards in 2010."
    found = [(f.start, f.end, f.text, f.detail) for f in score_hedging(text).findings]
    assert found == [(18, 34, "most influential", "most @hedging_peacock")]


def test_slot_entries_need_every_word_and_stop_at_a_sentence_end() -> None:
    # "most" alone after "the" stays vetoed; a slot word in the next sentence does not complete it.
    assert score_hedging("They won the most. Famous people came.").findings == ()
    assert spans("It was the most famous.", "hedge") == [("most famous", "most @hedging_peacock")]


def test_manner_clearly_is_not_a_booster() -> None:
    text = "She spoke clearly. The exit was clearly marked and he explained it very clearly."
    assert spans(text, "booster") == []
    assert spans("Clearly, the plan failed, and she clearly knew it.", "booster") == [
        ("Clearly", "clearly"), ("clearly", "clearly")]


def test_appears_with_a_frequency_adverb_counts_events_but_often_considered_is_a_weasel() -> None:
    assert spans("The word appears often in the text; she appeared twice.", "hedge") == []
    text = "The song is often considered his best, and it appears that he agreed."
    assert spans(text, "hedge") == [("considered", "considered"), ("appears", "appears")]


def test_almost_certain_is_a_hedge_and_best_known_a_weasel() -> None:
    text = "It is almost certain that he left; he almost certainly knew. His best-known work sold well."
    assert [(f.kind, f.text) for f in score_hedging(text).findings] == [
        ("hedge", "almost certain"), ("hedge", "almost certainly"), ("hedge", "best-known")]
    assert spans("He certainly knew.", "booster") == [("certainly", "certainly")]


@pytest.mark.parametrize("text", [
    "Symptoms may include fever and a cough.",
    "Guests may bring their own food.",
    "You may not enter the building.",
    "Each member may vote once.",
])
def test_may_with_a_generic_subject_states_a_general_possibility(text: str) -> None:
    assert spans(text, "hedge") == []


@pytest.mark.parametrize("text", [
    "The deal may collapse.",
    "Trump may veto the bill.",
    "Residents may lose power next week.",
    "A patient may have caught the virus earlier.",
    "Officials may well resign.",
    "Tariffs may rise by 2027.",
    "The fines, officials said, may be waived.",
])
def test_may_stays_a_hedge_when_particular_or_epistemic(text: str) -> None:
    assert spans(text, "hedge") == [("may", "may")]


def test_weasel_naming_vague_quantity_and_open_questions() -> None:
    text = ("The city is referred to as the capital. He is reported to have fled. It is not clear why. "
            "A variety of groups joined. It was one of the best albums.")
    assert [d for _, d in spans(text, "hedge")] == [
        "referred to as", "reported to", "not clear", "a variety of", "one of the best"]


def test_reported_to_a_place_is_not_a_hedge() -> None:
    assert spans("The theft was reported to the police on Monday.", "hedge") == []


def test_possible_over_a_range_or_negated_is_not_a_hedge() -> None:
    for text in ("They searched every possible route.", "It was the best possible outcome.",
                 "Among the other possible causes, rain was ruled out.", "A refund is not possible."):
        assert spans(text, "hedge") == [], text
    assert spans("A possible cause is the heat.", "hedge") == [("possible", "possible")]
    assert spans("It is possible that the heat caused it.", "hedge") != []



def test_sort_of_after_a_determiner_names_a_type() -> None:
    text = "It was a sort of protest, and this kind of deal is rare."
    assert spans(text, "hedge") == []
    assert spans("The plan sort of worked, and they kind of agreed.", "hedge") == [
        ("sort of", "sort of"), ("kind of", "kind of")]

@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" .!?\n\"“—-aB1²_", max_size=40))
def test_a_word_opens_its_sentence_when_no_word_starts_before_it_in_the_sentence(text: str) -> None:
    doc = Doc(text)
    for i, start in enumerate(doc.word_starts):
        # Before issue 14: every character from the sentence's start to the word, read again for each word.
        lead = text[sentence_span(doc, start)[0]:start]
        assert _sentence_initial(doc, i) == (not any(ch.isalnum() for ch in lead))
