from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from payvand.text.normalise import (
    ZWNJ,
    ascii_digits,
    match_key,
    normalise_text,
    persian_digits,
    squashed_key,
)

# (raw, display form): each row one rule of normalisation.
DISPLAY_CASES = [
    ("اسلامي", "اسلامی"),  # Arabic yeh -> Persian yeh
    ("يونسكو", "یونسکو"),  # Arabic yeh and kaf
    ("مصطفى", "مصطفی"),  # alef maksura
    ("سال ١٤٠٠", "سال ۱۴۰۰"),  # Arabic-Indic digits -> Persian digits
    ("سال 1374", "سال 1374"),  # ASCII digits are kept as written
    ("مُحَمَّد", "محمد"),  # diacritics removed
    ("یونسکو ـ ایران", "یونسکو - ایران"),  # tatweel used as a dash
    ("کتـــاب", "کتاب"),  # tatweel inside a word
    ("یونسکو  ـــ  ایران", "یونسکو - ایران"),  # a run of them, spaces around
    ("الف ـ ـ ب", "الف - ب"),  # the second has no space of its own before it
    ("الف ـ ـ ـ ب", "الف - - ب"),  # the third has
    ("ـ آغاز", "آغاز"),  # no space before it
    ("میشود", "می‌شود"),  # verbal prefix glued
    ("می شود", "می‌شود"),  # verbal prefix apart
    ("نمیتواند", "نمی‌تواند"),
    ("میکرد", "می‌کرد"),  # past stem without ending
    ("میراث", "میراث"),  # not a verb
    ("میدان", "میدان"),  # not a verb: present stem needs an ending
    ("زمینههای", "زمینه‌های"),  # plural after final heh
    ("بزرگترین", "بزرگ‌ترین"),  # superlative
    ("بیشترین", "بیشترین"),  # written joined by convention
    ("شهرها", "شهرها"),  # no ZWNJ after a non-joining letter
    ("بینالمللی", "بین‌المللی"),  # compound from the lexicon
    ("حجتالاسلام", "حجت‌الاسلام"),
    ("ایمانیپور", "ایمانی‌پور"),  # family name with «پور»
    ("کتاب\u200c\u200cها", "کتاب‌ها"),  # repeated ZWNJ collapsed
    ("شهر\u200cها", "شهرها"),  # ZWNJ after a non-joining letter dropped
    ("سلام  دنیا", "سلام دنیا"),  # space runs
    ("سلام ، دنیا", "سلام، دنیا"),  # no space before the comma
    ("الف\r\nب", "الف\nب"),  # line endings
    ("\u200fمتن\u200e", "متن"),  # direction marks dropped
]


@pytest.mark.parametrize(("raw", "expected"), DISPLAY_CASES)
def test_normalise_text(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


def test_known_words_decide_heh_plus_ay() -> None:
    words = frozenset({"فعالیت", "برنامه"})
    assert normalise_text("فعالیتهای برنامهای", words=words) == "فعالیت‌های برنامه‌ای"
    # Without knowing the word, an ambiguous form is left as written.
    assert normalise_text("شناسنامهای") == "شناسنامهای"


def test_compounds_from_gazetteer() -> None:
    assert normalise_text("جهانشهرهای", compounds={"جهانشهرهای": "جهان‌شهرهای"}) == "جهان‌شهرهای"


KEY_CASES = [
    ("بین‌المللی", "بینالمللی"),
    ("بين المللي", "بین المللی"),
    ("رئیس", "رییس"),
    ("آمریکا", "امریکا"),
    ("تأکید", "تاکید"),
    ("جامعة المصطفی", "جامعه المصطفی"),
    ("۱۴۰۰", "1400"),
    ("Mohammad-Mehdi Imanipour", "mohammad mehdi imanipour"),
    ("ICRO", "icro"),
    ("«جهان‌شهرهای ایرانی»", "جهانشهرهای ایرانی"),
    # Latin letters with accents and the like, as news writes them with and without
    ("Melİh Gökçek", "melih gokcek"),
    ("Dragan Milošević", "dragan milosevic"),
    ("São Paulo", "sao paulo"),
    ("Łódź", "lodz"),
]


@pytest.mark.parametrize(("text", "key"), KEY_CASES)
def test_match_key(text: str, key: str) -> None:
    assert match_key(text) == key


def test_squashed_key_joins_spaced_and_zwnj_forms() -> None:
    assert (
        squashed_key("صنایع دستی") == squashed_key(f"صنایع{ZWNJ}دستی") == squashed_key("صنایعدستی")
    )


def test_digits_both_ways() -> None:
    assert persian_digits("1400/10/28") == "۱۴۰۰/۱۰/۲۸"
    assert ascii_digits("۱۴۰۰/١٠/28") == "1400/10/28"


@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


@given(st.text())
def test_match_key_is_idempotent(text: str) -> None:
    key = match_key(text)
    assert match_key(key) == key
