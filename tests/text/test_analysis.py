from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from payvand.text.analysis import analyse, analyse_words, prefix_terms, query_words, stem_persian
from payvand.text.normalise import normalise_text

ZWNJ = "\u200c"

# Forms of one word that must give the same terms: each row one rule.
SAME_TERMS = [
    ("می\u200cشود", "میشود", "می شود"),  # verb prefix: ZWNJ, glued, apart
    ("نمی\u200cتواند", "نمیتواند", "نمی تواند"),
    ("کتاب\u200cها", "کتابها", "کتاب ها", "کتاب"),  # plural: ZWNJ, glued, apart, none
    ("کتاب\u200cهای", "كتابهاي", "کتاب های", "کتاب"),  # with Arabic kaf and yeh
    ("برنامه\u200cای", "برنامه"),  # indefinite after ZWNJ
    ("بین\u200cالمللی", "بینالمللی", "بين\u200cالمللي"),  # compound, Arabic yeh
    ("ایرانیان", "ایرانی", "ایران"),  # glued ان and ی
    ("فرهنگی", "فرهنگ", "فرهنگ\u200cها"),
    ("رایزنان", "رایزن"),
    ("بزرگ\u200cترین", "بزرگترین", "بزرگ"),  # superlative (restored by normalisation)
    ("قرآن", "قران"),  # madda folded
    ("۱۴۰۱", "1401", "١٤٠١"),  # Persian, ASCII and Arabic-Indic digits
    ("diplomats", "diplomatic", "Diplomat"),  # English: Porter stems, case
    ("universities", "university"),
    ("Iran's", "irans"),  # the apostrophe is part of the word
]


@pytest.mark.parametrize("forms", SAME_TERMS)
def test_forms_of_a_word_meet(forms: tuple[str, ...]) -> None:
    terms = {tuple(analyse(query_words(form))) for form in forms}
    assert len(terms) == 1, terms
    assert terms != {()}


# Words whose stem must stay whole: too short to lose a suffix.
@pytest.mark.parametrize("word", ["زبان", "جهان", "علی", "ملی", "جوان"])
def test_short_stems_are_kept(word: str) -> None:
    assert stem_persian(word) in (word, word[:-1])
    assert len(stem_persian(word)) >= 3


def test_words_keep_their_offsets() -> None:
    text = "«دیپلماسی شهری»، گفت: Persian-language chairs."
    words = analyse_words(text)
    assert [text[w.start : w.end] for w in words] == [
        "«دیپلماسی",
        "شهری»،",
        "گفت:",
        "Persian-language",
        "chairs.",
    ]
    assert words[3].terms == ("persian", "languag")  # a hyphen separates terms
    assert words[4].terms == ("chair",)


def test_punctuation_gives_no_terms() -> None:
    assert analyse("« » ، . - ؟") == []


def test_a_detached_prefix_or_suffix_alone_is_a_word() -> None:
    assert analyse("می") == ["می"]
    assert analyse("ها") == ["ها"]


def test_prefix_terms_give_the_key_and_the_stem() -> None:
    assert prefix_terms("دیپلماسی") == ("دیپلماسی", "دیپلماس")
    assert prefix_terms("دیپلما") == ("دیپلما",)
    assert prefix_terms("diplomacy") == ("diplomacy", "diplomaci")
    assert prefix_terms("«") == ()


@given(st.text(max_size=200))
def test_analysis_never_raises_and_is_the_same_after_normalisation(text: str) -> None:
    terms = analyse(text)
    assert all(term and " " not in term for term in terms)
    display = normalise_text(text)
    assert analyse(display) == analyse(normalise_text(display))


@given(st.lists(st.sampled_from(["می", "ها", "کتاب\u200cها", "كتاب", "«", "Chairs", "،", "هاي"])))
def test_words_and_terms_agree_however_often_a_word_comes(words: list[str]) -> None:
    """Words are analysed once and looked up after: the terms of a text stay those of its
    words, in order, the first time and every time after."""
    text = " ".join(words)
    first = analyse(text)
    assert first == [term for word in analyse_words(text) for term in word.terms]
    assert analyse(text) == first
    assert [analyse(word) for word in words] == [analyse(word) for word in reversed(words)][::-1]
