"""Tests for annotate.scoring.quotes.detect: spans, scare quotes, speakers and quote_share."""
from __future__ import annotations

from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.scoring.quotes import QuoteScore, score_quotes
from annotate.scoring.quotes import known as known_module
from annotate.scoring.quotes.known import KnownNames
from annotate.scoring.quotes.names import full_name, title_holder
from annotate.scoring.text import Doc


def _quotes(score: QuoteScore) -> dict[str, str | None]:
    return {f.text: f.detail for f in score.findings if f.kind == "quote"}


def _scare(score: QuoteScore) -> list[str]:
    return [f.text for f in score.findings if f.kind == "scare_quote"]


def _starting(score: QuoteScore, prefix: str) -> str | None:
    (detail,) = [d for t, d in _quotes(score).items() if t.startswith(prefix)]
    return detail


def test_seed_001_speakers(seeds: dict[str, str]) -> None:
    score = score_quotes(seeds["001"])
    assert _starting(score, "“On the one side, they continue") == "Yuriy Sak"
    assert _starting(score, "“striking targets they believe") == "Dmitry Peskov"
    assert _starting(score, "“no military value whatsoever”") == "Mark Rutte"
    assert _starting(score, "“meant only to make people suffer.”") == "Mark Rutte"
    assert _starting(score, "“do not take diplomacy seriously.”") == "Volodymyr Zelenskyy"
    # "..., he explained." -> pronoun resolved through the sentence naming Sak just before.
    assert _starting(score, "“When military guys meet military guys") == "Yuriy Sak"
    # Colon lead-in with no cue verb: "Sak captured this ambivalence ...: “I personally ..."
    assert _starting(score, "“I personally remain slightly skeptical") == "Yuriy Sak"
    assert _starting(score, "“When the moment comes") == "Yuriy Sak"


def test_seed_001_scare_quotes_and_counts(seeds: dict[str, str]) -> None:
    text = seeds["001"]
    score = score_quotes(text)
    assert _scare(score) == ["“productive”", "“energy truce”"]
    assert score.n_scare_quotes == 2
    assert score.n_direct_quotes == len(_quotes(score)) == 13
    assert "“productive”" not in _quotes(score)
    for f in score.findings:
        assert text[f.start:f.end] == f.text
    assert score.speakers[:2] == ("Volodymyr Zelenskyy", "Yuriy Sak")
    assert "Mark Rutte" in score.speakers and "Dmitry Peskov" in score.speakers
    assert score.n_speakers == len(score.speakers)


def test_quote_share_exact() -> None:
    text = "“Go,” she said."
    score = score_quotes(text)
    assert [(f.start, f.end) for f in score.findings] == [(0, 5)]
    assert score.quote_share == 5 / len(text)
    assert score_quotes("").quote_share == 0.0
    assert score_quotes(Doc("No quotes at all.")) == QuoteScore((), 0.0, 0, 0, ())


def test_tail_attribution_straight_quotes() -> None:
    text = 'The vote was close. "We will not give up on this city," said Mayor Ana Lopez on Monday.'
    score = score_quotes(text)
    (quote,) = score.findings
    assert quote.kind == "quote"
    assert quote.text == '"We will not give up on this city,"'
    assert quote.detail == "Ana Lopez"
    assert score.speakers == ("Ana Lopez",)


def test_multi_paragraph_quote_is_one_finding() -> None:
    text = ("Officials met in the capital.\n\n"
            "“The first part of the plan is ready and the budget is agreed.\n\n"
            "“The second part will take another year of work,” said Tom Berg.\n")
    score = score_quotes(text)
    (quote,) = [f for f in score.findings if f.kind == "quote"]
    assert quote.start == text.index("“The first")
    assert quote.end == text.index(" said Tom")
    assert quote.detail == "Tom Berg"


def test_nested_single_quotes_stay_inside() -> None:
    text = "“He told me ‘never again’ and then he left the room for good,” Maria Diaz said."
    score = score_quotes(text)
    assert [(f.kind, f.start, f.end, f.detail) for f in score.findings] == [
        ("quote", 0, text.index(" Maria"), "Maria Diaz")
    ]


def test_guillemets() -> None:
    text = "Le ministre Paul Martin a déclaré: «Nous allons continuer le travail ensemble cette année.»"
    score = score_quotes(text)
    (quote,) = score.findings
    assert quote.text == "«Nous allons continuer le travail ensemble cette année.»"
    assert score.n_direct_quotes == 1


def test_colon_lead_in_and_according_to() -> None:
    text = ("Governor Helen Park put it bluntly: “We have no money left for the roads this year.” "
            "According to Jack Reed, “the bridge will close in the spring unless the state pays.”")
    score = score_quotes(text)
    assert _starting(score, "“We have no money") == "Helen Park"
    assert _starting(score, "“the bridge will close") == "Jack Reed"
    assert score.speakers == ("Helen Park", "Jack Reed")


def test_pronoun_and_continuation() -> None:
    text = ("Senator Lisa Grant spoke after the vote. “This bill protects every family in the state,” "
            "she said. “It is the best we could do with the time we had.”\n\n"
            "“We will be back next year to finish the job,” she added.")
    score = score_quotes(text)
    details = [f.detail for f in score.findings if f.kind == "quote"]
    assert details == ["Lisa Grant", "Lisa Grant", "Lisa Grant"]
    assert score.speakers == ("Lisa Grant",)


def test_short_quote_with_cue_verb_is_direct_and_title_is_not_speech() -> None:
    text = ("Cruz called him a “bully” on Tuesday. The band played “Born in the USA” at the rally. "
            "The so-called “reform” stalled.")
    score = score_quotes(text)
    assert _quotes(score) == {"“bully”": "Cruz"}
    assert _scare(score) == ["“reform”"]
    assert score.quote_share == len("“bully”") / len(text)


def test_full_name_matches_its_regex_definition() -> None:
    import re

    from annotate.scoring.quotes.names import full_name

    cases = [
        ("NATO Secretary General Mark Rutte spoke. Later Rutte said", "Rutte"),
        ("Mark Rutte Rutte said", "Rutte"),  # greedy: up to three words when the surname follows again
        ("xMark Rutte", "Rutte"),  # the run may start inside a word, at its first capital
        ("Mark  Rutte, then Anna Rutte", "Rutte"),  # two spaces break a run
        ("Mr. Rutte’s plan", "Rutte"),
        ("said Rutte and Ruttex Rutte", "Rutte"),
        ("A" * 150 + " Bob Rutte", "Rutte"),  # longer than the search window: exact walk
        ("no capitals before rutte Rutte", "Rutte"),
    ]
    for text, surname in cases:
        for before in (len(text), len(text) - 2):
            expected = re.compile(r"((?:[A-Z][\w’'\-.]*\s){1,3})" + re.escape(surname) + r"\b").search(
                text, 0, before)
            assert full_name(text, surname, before) == (expected.group(1) if expected else None), text


def test_quote_spans_paragraphs_transcripts_and_unclosed() -> None:
    from annotate.scoring.quotes.marks import find_quote_spans

    text = "“One part.\n\n“Two part,” he said.\n“Open without end and “inner” here.\nNext."
    assert find_quote_spans(text) == [(0, text.index(" he")), (text.index("“inner"), text.index(" here"))]
    transcript = '"WALLACE: Let us start. "Fine," she said.'
    assert find_quote_spans(transcript) == [(transcript.index('"Fine'), transcript.index(" she"))]


def test_tokens_keep_periods_of_abbreviations_only() -> None:
    from annotate.scoring.quotes.phrases import tokens

    text = "Sen. J. Smith of the U.S. said it."
    assert tokens(text, 0, len(text)) == ["Sen.", "J.", "Smith", "of", "the", "U.S.", "said", "it", "."]
    assert tokens("no dots here", 0, 12) == ["no", "dots", "here"]


def test_subject_of_a_prefix_is_undecided_until_it_can_be() -> None:
    from annotate.scoring.quotes.phrases import subject

    assert subject(["Rutte", "said", "that"], complete=False) == (True, "Rutte")
    assert subject(["Mark", "Rutte"], complete=False) == (False, None)  # the name may go on
    assert subject(["In", "a", "post"], complete=False) == (False, None)  # the intro's comma may follow
    assert subject(["In", "a", "post", ",", "Rutte", "wrote"]) == (True, "Rutte")


def test_long_lead_ins_and_tails_are_cut_without_changing_the_speaker() -> None:
    text = ("In a statement released late on Monday by the office of the state party, the "
            "governor’s spokesman Tom Reed said that “the plan will not survive the winter session”. "
            "The mayor was blunt: “We will fight this in every court we can find in the state.” "
            "“It is over,” Reed, a veteran of three campaigns and two lost elections, said on the radio.")
    score = score_quotes(text)
    assert _starting(score, "“the plan will not") == "Tom Reed"
    assert _starting(score, "“It is over") == "Tom Reed"
    assert _starting(score, "“We will fight") is None  # "The mayor" is no name


def test_capitalised_pronoun_resolves_to_named_speaker() -> None:
    text = ("“The plan is ready and the money is there,” said Mayor Tom Berg on Monday.\n\n"
            "He added: “We start building in March and finish by the end of the year.”\n\n"
            "He’s claiming that the delay was “a problem made by the state and nobody else.”")
    quotes = _quotes(score_quotes(text))
    assert quotes["“We start building in March and finish by the end of the year.”"] == "Tom Berg"
    assert quotes["“a problem made by the state and nobody else.”"] == "Tom Berg"
    assert score_quotes(text).speakers == ("Tom Berg",)


def test_a_speaker_name_does_not_reach_back_over_a_sentence_end_or_an_opening_adverb() -> None:
    # The first names before a surname were any capitalised words, so the sentence before or a
    # capitalised opener joined the name ("Rutte. Peskov", "Later Peskov").
    cases = {"He met Rutte. Peskov said, “No deal today.”": "Peskov",
             "He met Rutte on Monday. Peskov said: “No deal today.”": "Peskov",
             "Later Peskov said, “No deal today.”": "Peskov",
             "On Monday Peskov said, “No deal today.”": "Peskov",
             "Yesterday Peskov told reporters “No deal today.”": "Peskov",
             "John F. Kennedy spoke. Kennedy said, “Ask not.”": "John F. Kennedy",
             "Sen. Mark Warner spoke. Warner said, “Not yet.”": "Mark Warner",
             "NATO Secretary General Mark Rutte spoke. Rutte said, “Not yet.”": "Mark Rutte"}
    for text, speaker in cases.items():
        assert list(_quotes(score_quotes(text)).values()) == [speaker], text


def test_short_quote_framed_by_a_verb_is_direct() -> None:
    text = "Senator Ana Ruiz criticized the new tax law as a “costly mistake” on Tuesday."
    score = score_quotes(text)
    assert _quotes(score) == {"“costly mistake”": "Ana Ruiz"}
    assert _scare(score) == []
    # A pronoun subject frames it as well, and a title-cased nickname after "called" is speech too.
    text = "Ruiz spoke for an hour. It referenced “fiscal risks” twice. Berg called her “Lady Budget” later."
    quotes = _quotes(score_quotes(text))
    assert set(quotes) == {"“fiscal risks”", "“Lady Budget”"}
    assert quotes["“Lady Budget”"] == "Berg"


def test_short_quote_without_attribution_stays_scare() -> None:
    text = "The so-called “energy deal” failed, and the talks proved “productive” after all."
    score = score_quotes(text)
    assert _scare(score) == ["“energy deal”", "“productive”"]
    assert _quotes(score) == {}
    # "according to" anywhere later in the sentence gives the quoted words a source.
    sourced = score_quotes("The talks proved “productive” on Friday, according to Ana Ruiz.")
    assert _scare(sourced) == [] and _quotes(sourced) == {"“productive”": "Ana Ruiz"}
    assert _quotes(score_quotes("The talks proved “productive” according to aides.")) == {"“productive”": None}
    # A verb used as a noun ("the nickname") does not frame the quote either.
    assert _quotes(score_quotes("He ended up with the nickname “Big Tom” for good.")) == {}


def test_names_of_shows_are_skipped_even_after_a_cue() -> None:
    text = "Tom Berg told NBC’s “Morning Report” on Friday that the plan is ready, then spoke on “Face It.”"
    assert score_quotes(text).findings == ()


def test_transcript_turn_owns_its_short_quotes() -> None:
    text = '"BERG: Well, look, this is not an episode of “Game Night.” It is serious business.\n\n'
    score = score_quotes(text)
    assert _quotes(score) == {"“Game Night.”": "BERG"}


def test_short_quote_continues_a_direct_quote_in_its_sentence() -> None:
    text = ("According to the complaint, the firm ran “a long and costly scheme” in which it “hid losses” "
            "for years.")
    score = score_quotes(text)
    assert set(_quotes(score)) == {"“a long and costly scheme”", "“hid losses”"}
    assert _scare(score) == []


def test_title_cased_quote_of_two_sentences_is_speech() -> None:
    text = "“Here comes the Boss,” she said, clapping. “The Boss. Big Man.”"
    assert set(_quotes(score_quotes(text))) == {"“Here comes the Boss,”", "“The Boss. Big Man.”"}


def test_curly_paragraph_does_not_continue_a_straight_block() -> None:
    # The straight-quoted block never closes; the next paragraph's curly mark opens a new quotation,
    # so the block is dropped and the curly quote nested in it is kept.
    text = ('The report said:\n\n"The mayor spoke at length, calling the plan a “costly mistake.”\n\n'
            "“We will fight this,” Lopez said.")
    score = score_quotes(text)
    assert [(f.start, f.end) for f in score.findings] == [(65, 82), (84, 105)]
    assert _quotes(score)["“We will fight this,”"] == "Lopez"


def test_block_paragraph_mark_does_not_hide_the_subject() -> None:
    text = '"Ana Ruiz walked onto the stage, chanting “Four more years!”\n\n“We did it,” she said.'
    score = score_quotes(text)
    assert _quotes(score) == {"“Four more years!”": "Ana Ruiz", "“We did it,”": "Ana Ruiz"}


def test_unattributed_quote_paragraph_is_not_a_direct_quote() -> None:
    alone = 'Voters Speak Out.\n\n"We need law and order in every city of this country."\n\nThe vote is Monday.'
    score = score_quotes(alone)
    assert score.findings == () and score.quote_share == 0.0
    # A colon lead-in in the paragraph before attributes it.
    led = 'The candidate made this remark on Monday:\n\n"We need law and order in every city of this country."'
    assert [(f.kind, f.start, f.end) for f in score_quotes(led).findings] == [("quote", 43, 97)]
    # So does the quote before it in the previous paragraph.
    cont = "“We need law and order in every city,” Ruiz said.\n\n“And we need it now.”"
    assert _quotes(score_quotes(cont))["“And we need it now.”"] == "Ruiz"


def test_tail_name_after_a_description() -> None:
    text = '"The rates are low," IMF chief economist Maury Obstfeld said on Monday.'
    assert _quotes(score_quotes(text)) == {'"The rates are low,"': "Maury Obstfeld"}
    text = '"Subpoenas are not optional," panel Chairman Rep. Jason Chaffetz (R-Utah) said.'
    assert _quotes(score_quotes(text)) == {'"Subpoenas are not optional,"': "Jason Chaffetz"}
    # A new clause after the quote ("when ...") is someone's reaction, not the attribution.
    assert _quotes(score_quotes("“That makes me smart,” when Clinton blasted him.")) == {
        "“That makes me smart,”": None}


def test_as_x_put_it() -> None:
    text = "He was, as The Daily Star put it, “the operator.”"
    assert _quotes(score_quotes(text)) == {"“the operator.”": "Daily Star"}


def test_speaker_named_by_office() -> None:
    lead = "The minister said: “We will not back down on the budget.”"
    assert _quotes(score_quotes(lead)) == {"“We will not back down on the budget.”": "the minister"}
    named = "Finance Minister Ana Ruiz spoke on Friday. " + lead
    assert _quotes(score_quotes(named)) == {"“We will not back down on the budget.”": "Ana Ruiz"}
    tail = "Finance Minister Ana Ruiz spoke. “We will not back down,” the minister said."
    assert _quotes(score_quotes(tail)) == {"“We will not back down,”": "Ana Ruiz"}


def test_pronouns_and_possessives_are_not_names() -> None:
    text = "The vote failed. His spokesman said it was “a disaster for everyone here.”"
    assert _quotes(score_quotes(text)) == {"“a disaster for everyone here.”": None}
    text = "Ana Ruiz spoke. It's a “fair deal for all of us,” she said."
    assert _quotes(score_quotes(text)) == {"“fair deal for all of us,”": "Ana Ruiz"}
    # A quote opening its sentence does not lend its first word as the subject.
    text = "“You went on television to blame the workers.” The hearing went on."
    assert _quotes(score_quotes(text)) == {"“You went on television to blame the workers.”": None}


def test_british_single_quotes() -> None:
    text = "Ana Ruiz spoke to the crowd. 'We will win this election,' Ruiz said. 'We don't stop.'"
    score = score_quotes(text)
    assert [(f.kind, f.start, f.end, f.detail) for f in score.findings] == [
        ("quote", 29, 57, "Ana Ruiz"), ("quote", 69, 85, "Ana Ruiz")]
    assert score.quote_share == (28 + 16) / len(text)
    # Apostrophes, elisions and a one-letter "'n'" are no quotation marks.
    assert score_quotes("The rock 'n' roll band's hits of the '90s won't stop.").findings == ()
    # With double marks present, single quotes are nested ones, and '' is the old wire double mark.
    assert [f.text for f in score_quotes("“It is 'fine',” Ruiz said.").findings] == ["“It is 'fine',”"]
    assert score_quotes("Ruiz said ''it is 'fine' now'' to all.").findings == ()


# The indexes of issue 14 (known.py) answer as the searches they replaced did.
_NAME_PIECES = ["Mark ", "Rutte", " ", "NATO ", "Secretary ", "General ", "(", ".", ",", "\n", "Rutte-Smith ",
                "O’Neill", "Ruttex ", "_", "said ", "Ana ", "Minister ", "minister ", "Ruiz", "the "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_NAME_PIECES), max_size=25).map("".join), st.sampled_from(["Rutte", "O’Neill", "Ruiz"]),
       st.integers(0, 200))
def test_full_name_from_the_word_starts_is_the_full_name_searched(text: str, surname: str, before: int) -> None:
    before = min(before, len(text))
    book = KnownNames(text)
    book._sought = known_module.SEARCHED_SURNAMES  # past the surnames searched for: the text's words are indexed
    starts = book._starts_of(surname)
    assert starts is not None
    assert full_name(text, surname, before, starts) == full_name(text, surname, before)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_NAME_PIECES), max_size=25).map("".join), st.integers(0, 200))
def test_the_holder_of_a_title_from_its_index_is_the_one_searched_back(text: str, before: int) -> None:
    before = min(before, len(text))
    assert KnownNames(text)._holder("minister", before) == title_holder(text, "minister", before)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Mark Rutte", "Rutte", "Ana", "Ana Ruiz", "Ruiz", "An", "Jo", "Joanna Smith",
                                 "Smith", "A", "Mark", "Rutte Ana"]), max_size=12))
def test_known_names_match_as_a_scan_of_all_of_them_in_order(names: list[str]) -> None:
    known: list[str] = []  # the scan before issue 14: every known name, for every new one
    remembered: dict[str, str] = {}
    expected = []
    for name in names:
        if name not in remembered:
            hit = next((k for k in known if k.split()[-1] == name.split()[-1] or name in k), None)
            if hit is None:
                known.append(name)
            remembered[name] = hit or name
        expected.append(remembered[name])
    for scanned in (0, 3, known_module.SCANNED_NAMES):  # indexed from the first name, from the fourth, never
        with patch.object(known_module, "SCANNED_NAMES", scanned):
            book = KnownNames("")  # no text: no full name is found, so each new name stands for itself
            assert [book.canonical(name, 0) for name in names] == expected


def test_a_speaker_named_after_a_description_behind_the_verb() -> None:
    """Wire copy names the speaker after a description: a plain word before the title, or the title and then
    the name after a comma. The first gave no speaker, the second the organisation."""
    cases = {
        "“The storm is the worst in a decade,” said utility spokesman Tom Reed.": "Tom Reed",
        "“We are ready,” said the White House press secretary, Karine Jean-Pierre.": "Karine Jean-Pierre",
        "“No comment,” said the company spokeswoman, Ann Lee, who declined to elaborate.": "Ann Lee",
    }
    for text, speaker in cases.items():
        assert list(_quotes(score_quotes(text)).values()) == [speaker], text
    # No description of a person: nothing is taken for a name.
    assert list(_quotes(score_quotes("“We are ready,” the mayor said on Twitter.")).values()) != ["Twitter"]
    said = "“We will rebuild,” said Maria Lopez, a former adviser."
    assert list(_quotes(score_quotes(said)).values()) == ["Maria Lopez"]
