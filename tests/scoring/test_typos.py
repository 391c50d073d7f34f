"""Tests for the typo detector: seed gold, names left alone, and each rule on short passages."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.scoring.findings import Finding
from annotate.scoring.text import Doc
from annotate.scoring.typos import detect_typos
from annotate.scoring.typos.capitals import run_counts

# Names, places and acronyms from the seed articles: none is ever a typo.
SEED_NAMES = (
    "Zelenskyy", "Umerov", "Budanov", "Witkoff", "Kushner", "Kostyukov", "Sybiha", "Hnatov",
    "Dmitriev", "Tykhyi", "Peskov", "Rutte", "Sak", "DTEK", "Rokna", "Kyiv", "Kharkiv", "Donbas",
    "Rustem", "Kyrylo", "Andrii", "Georgiy", "Yuriy", "Volodymyr", "Jinping", "Emirati",
)


def typos(text: str, skip: tuple[tuple[int, int], ...] = ()) -> list[tuple[int, int, str, str | None]]:
    return [(f.start, f.end, f.text, f.detail) for f in detect_typos(Doc(text), skip)]


def test_seed_002_has_exactly_the_one_typo(seeds: dict[str, str]) -> None:
    text = seeds["002"]
    start = text.index("Accordint to Rokna")
    found = detect_typos(Doc(text))
    assert len(found) == 1
    (f,) = found
    assert (f.kind, f.start, f.end, f.text) == ("typo", start, start + 9, "Accordint")
    assert f.detail is not None and f.detail.lower() == "according"
    assert f.detail[0].isupper()  # the case of the original's first letter is kept
    assert f == Finding.at(text, "typo", start, start + 9, f.detail)


@pytest.mark.parametrize("number", ["000", "001", "003", "004"])
def test_other_seeds_have_no_typos(seeds: dict[str, str], number: str) -> None:
    assert typos(seeds[number]) == []


def test_seed_names_are_in_the_seeds_and_never_flagged(seeds: dict[str, str]) -> None:
    everything = "\n".join(seeds.values())
    for name in SEED_NAMES:
        assert name in everything
    flagged = {f.text for text in seeds.values() for f in detect_typos(Doc(text))}
    assert flagged == {"Accordint"}


@pytest.mark.parametrize("name", SEED_NAMES)
def test_names_are_not_flagged_in_any_position(name: str) -> None:
    passages = (
        f"{name} said the talks would resume.",  # sentence start, said once
        f"{name} captured the mood of the day.",  # sentence start, not a speech verb
        f"Officials said {name} would attend.",  # mid-sentence
        f"Officials praised {name}’s role and {name}'s team.",  # possessives
        f"“{name} emphasized progress,” he said.",  # after an opening quote
        f"Minister {name} spoke.",  # after a title
    )
    for passage in passages:
        assert typos(passage) == [], passage


def test_lowercase_misspelling_gets_a_suggestion_with_exact_span() -> None:
    text = "The goverment announced that it would recieve the delegation."
    assert typos(text) == [(4, 13, "goverment", "government"), (38, 45, "recieve", "receive")]


def test_capitalised_word_mid_sentence_is_a_name() -> None:
    assert typos("Officials in Brovary said the envoy Zabarov arrived with Hrytsenko.") == []


def test_mid_sentence_capital_with_a_left_out_letter_is_flagged() -> None:
    text = "The statement came in Febuary."
    assert typos(text) == [(22, 29, "Febuary", "February")]
    assert typos("The statement came from Senator Febuary.") == []  # a title introduces a name


def test_sentence_initial_typo_flagged_unless_it_recurs_like_a_name() -> None:
    assert typos("Somone knew the answer.") == [(0, 6, "Somone", "Someone")]
    assert typos("Somone knew the answer. Later Somone left.") == []
    assert typos("Somone said yes.") == []  # a word before a verb of saying is a speaker
    assert typos("Accordint to officials, the talks resumed.")[0][3] == "According"


def test_a_slip_that_opens_sentences_only_is_flagged_each_time_it_recurs() -> None:
    # A name recurs mid-sentence too ("said Somone"); a writer's habitual slip opens sentences only.
    text = "Accordint to officials, the talks resumed. Accordint to aides, they stalled."
    assert [(s, t, fix) for s, _, t, fix in typos(text)] == [(0, "Accordint", "According"),
                                                         (43, "Accordint", "According")]
    assert [t for _, _, t, _ in typos("Becuase it rained, we left.\nBecuase it snowed, we stayed.")] == ["Becuase"] * 2
    assert typos("Somone knew the answer. Later they thanked Somone.") == []  # mid-sentence once: a name
    assert typos("Somone knew the answer. Somone said so.") == []  # a speaker before a verb of saying


def test_first_name_before_surname_is_spared() -> None:
    assert typos("Keron Blair spoke to reporters.") == []


def test_short_words_only_as_a_usual_slip_of_a_top_word() -> None:
    assert typos("Teh talks went on adn then ended.") == [(0, 3, "Teh", "The"), (18, 21, "adn", "and")]
    # a left-out letter, a touching key, or a swap that an extra-letter reading ("by", "of") must not hide
    text = ("The deal tht he signed was long, byt he never read it. It sat in a drawer fof years, and the "
            "lawyers who wrote it have since moved on to other firms in the city.")
    assert [(w, fix) for _, _, w, fix in typos(text)] == [
        ("tht", "that"), ("byt", "but"), ("fof", "for")]
    # a changed first letter, an extra letter on a two-letter word, abbreviations and name particles
    assert typos("The nfl and the rss feed ran at 60 mph.") == []
    assert typos("The Porte des Morts passage and Abd al Aziz.") == []


def test_sentence_initial_slips_of_function_words() -> None:
    found = [(w, fix) for _, _, w, fix in typos(
        "It rained. Becuase Trump won, they left. Tehy said no. Hwoever, it ended. Hte end came.")]
    assert found == [("Becuase", "Because"), ("Tehy", "They"), ("Hwoever", "However"), ("Hte", "The")]


def test_first_names_one_slip_from_a_function_word_are_spared() -> None:
    text = "It rained. Evan said no. Evan Smith left. Manu Fernandez took it. Teh Hong Piow said so."
    assert typos(text) == []
    assert typos("It rained. Evan, 32, said no.") == []


def test_long_sentence_initial_slips_reach_rarer_words() -> None:
    assert typos("It rained. Hostilitues broke out again.")[0][3] == "Hostilities"
    assert typos("They met at Janssen Pharmaceutica in May.") == []  # mid-sentence: a name


def test_possessive_checks_the_stem_of_common_words_only() -> None:
    assert typos("The goverment’s plan failed.") == [(4, 13, "goverment", "government")]
    assert typos("Zelenskyy’s office and Umerov's aides.") == []


def test_all_caps_and_mixed_case_are_not_flagged() -> None:
    assert typos("The NATOO summit, the UNHCRR report, xCloud and iPhone.") == []


def test_urls_emails_handles_and_domains_are_skipped() -> None:
    text = "See https://www.exampel.com/recieve-news, www.recieve.org, press@recieve.net, @recieve, #recieve."
    assert typos(text) == []
    assert typos(text + " We beleive it.") == [(len(text) + 4, len(text) + 11, "beleive", "believe")]


def test_numbers_and_words_with_digits_are_skipped() -> None:
    assert typos("In 2022 the 3rd brigade and 45th unit lost 1,170 buildings; model X5rt.") == []


def test_contractions_with_straight_and_curly_apostrophes() -> None:
    text = "We don’t know, it’s late, we’ve gone and they're here; I’m sure you’ll see. It isn ‘t so."
    assert typos(text) == []


def test_hyphenated_compounds_check_each_part() -> None:
    assert typos("A state-designated, long-term, so-called plan for neo-banks.") == []
    assert typos("It is a well-knwon fact.") == [(13, 18, "knwon", "known")]


def test_skip_spans_are_honoured() -> None:
    text = "We recieve letters and recieve calls."
    assert [t[0] for t in typos(text)] == [3, 23]
    assert typos(text, skip=((3, 10),)) == [(23, 30, "recieve", "receive")]
    assert typos(text, skip=((0, 5), (20, 40))) == []


def test_extra_modern_words_are_known() -> None:
    assert typos("The ceasefire along the frontlines may reevaluate spillover and cybersecurity.") == []


def test_plural_and_us_spellings_are_known() -> None:
    assert typos("The militaries honored their neighbors at the labor centers.") == []


def test_repeated_jargon_and_foreign_lines_are_not_flagged() -> None:
    assert typos("The diggs rose, the diggs fell, the diggs stayed.") == []
    assert typos("Jangan lebay dalam mencintai atau membenci sesuatu.") == []


def test_a_usual_slip_of_a_common_word_is_flagged_however_often_it_recurs() -> None:
    # A word used three times is taken as jargon, but no term of art is "the" with two letters swapped.
    text = "The envoy left early. Later teh talks resumed. Aides said teh plan held and teh date stood."
    assert [(t, fix) for _, _, t, fix in typos(text)] == [("teh", "the")] * 3
    assert typos("The diggs rose, the diggs fell, the diggs stayed.") == []  # jargon still passes
    # One slip thrice on a short line is no foreign language: the line test counts different unknown words.
    assert [t for _, _, t, _ in typos("We saw teh plan and teh map and teh end.")] == ["teh"] * 3


def test_a_lowercase_time_zone_after_a_time_is_no_typo() -> None:
    assert typos("Reuters, Washington, Nov 20 2019, 11:06am ist. The talks went on.") == []
    assert typos("The polls close at 8pm pst and results follow at 9pm cst.") == []


def test_every_finding_keeps_the_text_invariant() -> None:
    text = "Ther are problems. The comittee met in Febuary to recieve reports."
    found = detect_typos(Doc(text))
    assert [f.text for f in found] == ["Ther", "comittee", "Febuary", "recieve"]
    assert all(text[f.start : f.end] == f.text and f.kind == "typo" for f in found)


def test_an_article_in_another_language_has_no_typos_even_on_an_english_line() -> None:
    foreign = (
        "Kami akan pergi ke pasar besok pagi bersama keluarga.\n"
        "Mereka sudah menunggu sejak tadi malam di rumah nenek.\n"
        "Semua orang senang karena cuaca cerah sekali hari ini.\n"
    )
    english = "We recieve letters from home."
    assert typos(english) == [(3, 10, "recieve", "receive")]
    assert typos(foreign + english) == []


def test_verdicts_remembered_across_articles_do_not_leak_context() -> None:
    # Spellings are remembered between calls; the context gates must still run every time.
    flagged = [(0, 6, "Somone", "Someone")]
    for _ in range(2):
        assert typos("Somone knew the answer.") == flagged
        assert typos("Somone said yes.") == []
        assert typos("See https://recieve.example.org/x now.") == []
        assert typos("They recieve it.") == [(5, 12, "recieve", "receive")]
        assert typos("They recieve it, recieve it, recieve it.") == []  # repeated: deliberate


def test_suggestion_index_adds_nothing_for_the_garbage_collector_to_scan() -> None:
    import gc

    from annotate.scoring.typos import dictionary as typos_dictionary

    speller = typos_dictionary.speller()
    gc.collect()
    deletes = speller._deletes
    assert len(deletes) > 100_000
    # Lists would stay tracked and slow every full collection in the kernel; tuples of str do not.
    assert not any(gc.is_tracked(v) for v in deletes.values())
    assert typos_dictionary.suggest("govenment") is not None


def test_word_tables_read_back_from_the_cache_equal_freshly_built_ones(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from symspellpy import Verbosity

    from annotate.diskcache import CACHE_ENV, cached_table
    from annotate.scoring.typos import words

    def no_rebuild() -> object:
        raise AssertionError("the table was built again instead of read back")

    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    built = words._build_known_words()
    assert cached_table("known-words", words._sources(), words._build_known_words) == built  # built, written
    assert cached_table("known-words", words._sources(), no_rebuild) == built  # read back
    fresh = words._build_speller()
    first = words.speller.__wrapped__()  # builds the index and writes it
    monkeypatch.setattr(words, "_build_speller", no_rebuild)
    loaded = words.speller.__wrapped__()  # reads it back
    assert len(list(tmp_path.rglob("symspell-index-*.marshal"))) == 1
    for speller in (first, loaded):
        assert speller._deletes == fresh._deletes and speller._words == fresh._words
        assert speller._max_length == fresh._max_length
        for typo in ("govenment", "teh", "recieve", "acommodate", "xqzv"):
            assert [(s.term, s.distance, s.count) for s in speller.lookup(typo, Verbosity.ALL, 2)] == \
                   [(s.term, s.distance, s.count) for s in fresh.lookup(typo, Verbosity.ALL, 2)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abAB_1é.-'’ \n", max_size=60), st.sampled_from(["Ab", "ab", "Aba", "bA", "B"]))
def test_run_counts_say_what_searching_the_text_for_the_whole_word_said(text: str, word: str) -> None:
    # _repeated before issue 14: a count, then a regex search of the whole text, for every occurrence.
    searched = text.count(word) > 1 and len(re.findall(rf"(?<![^\W_]){word}(?![^\W_])", text)) > 1
    assert (run_counts(text).get(word, 0) > 1) == searched


def test_many_different_slips_are_each_flagged() -> None:
    # Past COUNT_MAX_WORDS lower-case words the counts come from one pass; the slips are still found.
    words = ["goverment", "recieve", "definately", "occured", "seperate", "untill", "wich", "becuase"]
    text = " ".join(f"The council said it would {w} the plan today." for w in words)
    assert [t[2] for t in typos(text)] == words
