"""Reading a news page: what is article text and what is page furniture."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from payvand.text.document import read_document
from payvand.text.jalali import TEHRAN
from payvand.text.normalise import match_key, normalise_text

MASTHEADS = frozenset(
    match_key(name)
    for name in ("خبرگزاری مهر", "Mehr News Agency", "ایسنا", "IRNA", "Tabriz Municipality")
)
BODY_FA = (
    "به گزارش خبرگزاری مهر، تفاهم‌نامه خواهرخواندگی اصفهان و کازان روز چهارشنبه در مراسمی "
    "در این شهر به امضای شهرداران دو شهر رسید و کازان شانزدهمین خواهرخوانده اصفهان شد."
)
BODY_EN = (
    "Tehran, IRNA - A delegation from Peking University came to the Islamic Culture and "
    "Relations Organization on Monday to talk about the chair of Persian language."
)


def read(*lines: str) -> tuple[str, str | None]:
    document = read_document(normalise_text("\n".join(lines)), mastheads=MASTHEADS)
    return document.text, document.headline


# Page furniture around a body: (lines before the body, lines after it, words that must go).
FURNITURE = [
    # masthead with the site's name in two languages, a menu, a breadcrumb
    (
        ["خبرگزاری مهر | اخبار ایران و جهان | Mehr News Agency", "سیاست اقتصاد جامعه فرهنگ و هنر"],
        [],
        ["Mehr News Agency", "سیاست اقتصاد"],
    ),
    (["فرهنگ > موسیقی", "نشست شهرهای خلاق موسیقی در سنندج برگزار شد"], [], ["فرهنگ > موسیقی"]),
    # one-word section names and menus of short lines
    (["سیاست", "اقتصاد", "ورزش", "اصفهان و کازان رسما خواهرخوانده شدند"], [], ["ورزش"]),
    # the end mark, tags, a list of related headlines, a copyright line, captcha
    (
        [],
        ["انتهای پیام", "برچسب ها: کربلا، اربعین", "پربازدیدترین", "قیمت طلا امروز", "captcha"],
        ["برچسب", "قیمت طلا", "captcha"],
    ),
    (
        ["IRNA English", "Home Politics Economy Society Culture Sports World Photo"],
        ["Related News", "- Isfahan, Xi'an mark anniversary of sister-city ties", "captcha"],
        ["IRNA English", "Politics", "Xi'an"],
    ),
    (
        ["Tabriz Municipality - Official English Website"],
        ["\N{COPYRIGHT SIGN} Tabriz Municipality, Public Relations Department"],
        ["Official", "Public Relations"],
    ),
    # a tag list under its own header line
    ([], ["برچسب‌ها", "دیپلماسی شهری شهرداری تهران"], ["دیپلماسی شهری"]),
    (
        [],
        ["Tags: Iran, Armenia, cultural diplomacy, ICRO", "More from IFP", "- Tabriz hosts"],
        ["ICRO", "Tabriz"],
    ),
]


@pytest.mark.parametrize(("before", "after", "gone"), FURNITURE)
def test_page_furniture_is_dropped(before: list[str], after: list[str], gone: list[str]) -> None:
    body = BODY_EN if any("IRNA" in line or "Tags" in line for line in before + after) else BODY_FA
    text, _ = read(*before, body, *after)
    assert normalise_text(body) in text
    for word in gone:
        assert word not in text


# Furniture lines a site prints inside or under the body: they go, the body stays.
FURNITURE_LINES = [
    "منبع ایسنا",
    "Tel: +98 21 8888 0000",
    "نشانی: تهران، خیابان حافظ",
    "Share this article",
    "اشتراک گذاری در تلگرام",
    "ما را در تلگرام دنبال کنید",
    "برای دریافت آخرین اخبار در کانال ایتا عضو شوید",
    "Follow us on Instagram and Telegram.",
    "Join our Telegram channel for the latest news",
    "Subscribe to our newsletter",
    # longer than the part of a line whose key is made at once
    "Subscribe to our newsletter and follow us on Telegram, Instagram and YouTube for the latest "
    "cultural news",
    "برای دریافت آخرین اخبار فرهنگی و هنری ایران و جهان در کانال‌های رسمی ما در تلگرام و ایتا "
    "عضو شوید",
    "استفاده از مطالب این پایگاه با ذکر منبع بلامانع است.",
    "کلیه حقوق این سایت متعلق به خبرگزاری مهر است.",
    "Copyright \N{COPYRIGHT SIGN} 2024 Islamic Republic News Agency",
    "Copyright 2024 IRNA",
    "Reproduction of this content without permission is prohibited.",
    "All rights reserved.",
    "زمان مطالعه: ۳ دقیقه",
    "Reading time: 2 min",
]


# A line naming the source stays, as the last paragraph: the outlet it names is mentioned.
@pytest.mark.parametrize("line", ["منبع: ایسنا", "Source: National Iraqi News Agency"])
def test_a_source_line_is_kept_last(line: str) -> None:
    body = BODY_FA if any("\u0600" <= c <= "\u06ff" for c in line) else BODY_EN
    text, _ = read("A headline of the article here", body, line, "Share this article")
    assert text.endswith("\n" + normalise_text(line))
    assert "Share" not in text


@pytest.mark.parametrize("line", FURNITURE_LINES)
def test_furniture_lines_are_dropped(line: str) -> None:
    body = BODY_FA if any("\u0600" <= c <= "\u06ff" for c in line) else BODY_EN
    text, _ = read("A headline of the article here", body, line, body.replace("Monday", "Tuesday"))
    assert normalise_text(line) not in text
    assert normalise_text(body) in text
    document = read_document(normalise_text("\n".join(["A headline here and more", body, line])))
    assert document.dropped_lines >= 1


# Sentences that open with a word furniture also opens with, or name a network: article text.
SENTENCES_KEPT = [
    "منبع آگاهی در وزارت امور خارجه گفت که هفته فرهنگی ایران در ایروان برگزار می‌شود.",
    "اشتراک‌های فرهنگی ایران و ارمنستان در نشست ایروان بررسی شد.",
    "نشانی از همکاری دو شهر در این نشست دیده نمی‌شد.",
    "Tel Aviv was not mentioned in the talks between the two delegations.",
    "Share of Iranian visitors among tourists in Yerevan rose by ten percent last year.",
    "Copyright cooperation between Iran and Tajikistan was on the agenda of the meeting.",
    "Source countries of the festival's films include Iran, Tajikistan and Afghanistan.",
    "Views of the two sides on cultural cooperation were close, the ambassador said.",
    (
        "The cultural counsellor said young people follow us on Telegram and Instagram more than "
        "on television, and that the new channel of the cultural centre in Yerevan will carry "
        "Persian language lessons for Armenian students from next month."
    ),
]


@pytest.mark.parametrize("sentence", SENTENCES_KEPT)
def test_sentences_opening_like_furniture_stay(sentence: str) -> None:
    body = BODY_FA if any("\u0600" <= c <= "\u06ff" for c in sentence) else BODY_EN
    text, _ = read("A headline of the article here", body, sentence)
    assert normalise_text(sentence) in text


def test_a_label_line_alone_starts_the_tail() -> None:
    text, _ = read("A headline of the article here", BODY_EN, "Source", "IRNA", "Tags", "Iran")
    assert text.endswith(normalise_text(BODY_EN))


def test_the_headline_and_kicker_stay_but_not_the_masthead() -> None:
    text, headline = read(
        "خبرگزاری مهر",
        "در سفر وزیر ارشاد به تاشکند انجام شد؛",
        "امضای برنامه مبادلات فرهنگی ایران و ازبکستان برای سه سال آینده",
        "تاریخ انتشار: ۲۱ تیر ۱۴۰۲ - ۰۸:۵۰",
        BODY_FA,
    )
    assert headline == "امضای برنامه مبادلات فرهنگی ایران و ازبکستان برای سه سال آینده"
    assert text.startswith("در سفر وزیر ارشاد")
    assert "خبرگزاری مهر\n" not in text


def test_statements_are_not_read_from_the_header() -> None:
    document = read_document(
        normalise_text("سرکنسول پاکستان:\nمشهد با لاهور خواهرخوانده است\n" + BODY_FA)
    )
    assert document.headline_end >= len("سرکنسول پاکستان:\nمشهد با لاهور خواهرخوانده است")
    assert document.text[document.body_start :].startswith("به گزارش")


# Printed dates: (line, date). A weekday, a clock time and separators may stand beside it.
PRINTED_DATES = [
    ("تاریخ انتشار: ۲۰ اردیبهشت ۱۴۰۲ - ۱۸:۴۵", datetime(2023, 5, 10, 18, 45, tzinfo=TEHRAN)),
    ("جمعه ۱۷ بهمن ۱۳۹۹ / ۱۴:۰۵", datetime(2021, 2, 5, 14, 5, tzinfo=TEHRAN)),
    ("۱۴۰۱/۰۶/۱۳ - ۱۲:۳۴", datetime(2022, 9, 4, 12, 34, tzinfo=TEHRAN)),
    ("21 Nov 2022 - 13:47", datetime(2022, 11, 21, 13, 47, tzinfo=TEHRAN)),
    ("2019-05-14", date(2019, 5, 14)),
    # the date on the line of the news code: the article's own metadata
    ("۱۴۰۲/۰۸/۱۵ - ۱۰:۲۴   کد خبر: 1402081508123", datetime(2023, 11, 6, 10, 24, tzinfo=TEHRAN)),
    ("کد خبر: ۸۸۲۱۳ | ۱۴۰۳/۱۱/۱۶ | ۰۸:۳۰", datetime(2025, 2, 4, 8, 30, tzinfo=TEHRAN)),
    ("News ID: 84512345 - May 10, 2023", date(2023, 5, 10)),
]


@pytest.mark.parametrize(("line", "expected"), PRINTED_DATES)
def test_the_printed_date(line: str, expected: date) -> None:
    document = read_document(normalise_text(f"A headline of the article here\n{line}\n{BODY_EN}"))
    found = document.printed_date
    assert found is not None
    if isinstance(expected, datetime):
        assert isinstance(found, datetime)
        assert found == expected
    else:
        assert found == expected


def test_dates_in_urls_and_event_dates_are_not_printed_dates() -> None:
    document = read_document(
        "Short URL: https://www.presstv.ir/Detail/2024/02/20/720411/x\n"
        + BODY_EN
        + " The closing ceremony will be held on February 26, 2024."
    )
    assert document.printed_date is None


# A crawler's header line: the date, then the page's first line on the same line.
def test_a_crawlers_date_line_dates_the_article_and_keeps_the_rest() -> None:
    document = read_document(
        normalise_text(" date 2021-02-05 Kazan and Isfahan sign a twinning deal\n\n" + BODY_EN)
    )
    assert document.printed_date == date(2021, 2, 5)
    assert document.headline == "Kazan and Isfahan sign a twinning deal"
    assert "date" not in document.text.split()


# Datelines opening the page: (first lines, date). The place or agency before the date may be
# a line of the header or the first line of the body.
DATELINES = [
    (
        "تبریز. ۵ فوریه ۲۰۲۱ میلادی برابر با ۱۷ بهمن ۱۳۹۹ خورشیدی. خبرگزاری آذرپرس",
        date(2021, 2, 5),
    ),
    (
        "BAKU, (Azernews - 7th Mar, 2022 ) : The Iranian embassy opened a book fair.",
        date(2022, 3, 7),
    ),
    ("Governor: Tabriz wants a sister city in Georgia\n20.10.2016", date(2016, 10, 20)),
]


@pytest.mark.parametrize(("lines", "expected"), DATELINES)
def test_a_dateline_dates_the_article(lines: str, expected: date) -> None:
    document = read_document(normalise_text(f"{lines}\n{BODY_FA}"))
    assert document.printed_date == expected


def test_a_date_told_in_the_first_sentence_dates_no_article() -> None:
    document = read_document(
        "On 12 January 2023 the Iranian embassy in Minsk opened a week of Iranian films in the "
        "city's main cinema, with the mayor and the ambassador attending the ceremony."
    )
    assert document.printed_date is None


# English lines broken mid-sentence by the page are one paragraph again; headlines stay apart.
def test_hard_wrapped_english_lines_are_joined() -> None:
    document = read_document(
        "Saadi foundation welcomes Farsi learners\n"
        "In his talk the foundation's head Qolamali Haddad Adel, speaking to the\n"
        "audience said the classes would grow. Until last year the Islamic Communications\n"
        "Culture Organization ran them.\n"
        "The course is held with 200 students."
    )
    assert document.headline == "Saadi foundation welcomes Farsi learners"
    assert "speaking to the audience said" in document.text
    assert "Islamic Communications Culture Organization" in document.text
    assert document.text.endswith("ran them.\nThe course is held with 200 students.")


@given(st.text())
def test_reading_never_raises(text: str) -> None:
    document = read_document(text)
    for sentence in document.sentences:
        assert 0 <= sentence.start <= sentence.end <= len(document.text)
