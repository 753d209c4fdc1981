"""techniques.search: the synonyms, the normalised query and the typo-tolerant likeness
(pure Python: what SQLite searches with, and what PostgreSQL's pg_trgm does alike)."""

from __future__ import annotations

import string

import pytest

from techniques import search
from techniques.migrations._library_v1 import ENTRIES

NAME_WORDS = sorted(
    {word for entry in ENTRIES for word in search.words(entry["name"]) if len(word) >= 6}
)


def one_letter_typos(word: str):
    for at in range(len(word)):
        yield word[:at] + word[at + 1 :]
        for letter in string.ascii_lowercase:
            yield word[:at] + letter + word[at + 1 :]


def test_normalise_lowers_collapses_spaces_and_drops_control_characters():
    assert search.normalise("  Nerve\tGLIDE\x00\x07 \u2028 ") == "nerve glide"


def test_normalise_keeps_the_first_hundred_characters():
    assert search.normalise("x" * 5000) == "x" * search.MAX_QUERY_LENGTH


@pytest.mark.parametrize(
    ("query", "also"),
    [
        ("nerve glide", "nerve slider"),
        ("nerve slider", "nerve glide"),
        ("ql", "quadratus lumborum"),
        ("quadratus lumborum", "ql"),
        ("piriformis", "deep gluteal"),
        ("deep gluteal", "piriformis"),
        ("ql release", "quadratus lumborum release"),
    ],
)
def test_a_synonym_means_the_other_words_too(query, also):
    meanings = search.phrases(query)
    assert meanings[0] == query
    assert also in meanings


def test_synonyms_match_whole_words_only():
    assert search.phrases("squall") == ["squall"]
    assert search.phrases("hamstring") == ["hamstring"]


def test_two_synonyms_in_one_query_give_every_combination():
    assert set(search.phrases("ql piriformis")) == {
        "ql piriformis",
        "quadratus lumborum piriformis",
        "ql deep gluteal",
        "quadratus lumborum deep gluteal",
    }


def test_piriformis_and_deep_gluteal_name_the_deep_gluteal_pattern():
    assert search.pattern_codes(search.phrases("piriformis")) == ["deep_gluteal"]
    assert search.pattern_codes(["deep gluteal"]) == ["deep_gluteal"]
    assert search.pattern_codes(["glute"]) == []


def test_a_misspelt_word_is_like_the_word_and_nonsense_is_not():
    assert search.similarity("hamstrng", "Gentle Hamstring Stretch") >= search.THRESHOLD
    assert search.similarity("zzzzqqq", "Gentle Hamstring Stretch") < search.THRESHOLD
    assert search.similarity("hamstring", "Gentle Hamstring Stretch") == 1.0


def test_every_word_typed_has_to_be_there():
    assert search.similarity("hamstrng strech", "Gentle Hamstring Stretch") >= search.THRESHOLD
    assert search.similarity("hamstring towel", "Gentle Hamstring Stretch") < search.THRESHOLD


@pytest.mark.parametrize("text", ["", "²", "!!!", "\x00", " "])
def test_text_without_words_is_like_nothing(text):
    assert search.similarity(text, "Gentle Hamstring Stretch") == 0.0
    assert search.similarity("hamstring", text) == 0.0


def test_every_one_letter_typo_of_a_long_name_word_stays_alike():
    """Exhaustive over the starting library: a deletion or a substitution anywhere in a
    word of six letters or more never falls below the threshold."""
    assert len(NAME_WORDS) > 20
    for word in NAME_WORDS:
        for typo in one_letter_typos(word):
            assert search.word_likeness(typo, word) >= search.THRESHOLD, (word, typo)
