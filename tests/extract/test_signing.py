"""When a signed agreement or twinning was signed: a printed date, «امروز», or a weekday."""

from __future__ import annotations

from datetime import date

import pytest

from payvand.extract.programmes import signing_date
from payvand.extract.reading import Reading
from payvand.text.document import read_document
from payvand.text.normalise import normalise_text

WEDNESDAY = date(2023, 11, 8)

CASES = [
    ("The two universities signed the MoU on 2 November 2023 in Yerevan.", "en", date(2023, 11, 2)),
    ("The two universities signed the MoU today.", "en", WEDNESDAY),
    ("The two universities signed the MoU on Wednesday.", "en", WEDNESDAY),  # the same day
    ("The two universities signed the MoU on Thursday.", "en", date(2023, 11, 2)),  # last week's
    ("The two universities signed the MoU on Saturday.", "en", date(2023, 11, 4)),
    ("تفاهم‌نامه روز سه شنبه امضا شد.", "fa", date(2023, 11, 7)),
    ("تفاهم‌نامه روز شنبه امضا شد.", "fa", date(2023, 11, 4)),
    ("تفاهم‌نامه روز یکشنبه به امضا رسید.", "fa", date(2023, 11, 5)),
    ("تفاهم‌نامه در ۱۴ آبان ۱۴۰۲ امضا شد.", "fa", date(2023, 11, 5)),
    # no verb of signing: no signing date, whatever the sentence dates
    ("The two universities discussed the MoU on Monday.", "en", None),
    ("درباره تفاهم‌نامه روز دوشنبه گفت‌وگو شد.", "fa", None),
]


@pytest.mark.parametrize(("sentence", "lang", "expected"), CASES)
def test_the_signing_date(sentence: str, lang: str, expected: date | None) -> None:
    document = read_document(normalise_text("A headline of the article here\n" + sentence))
    reading = Reading.of(document.text, document.sentences, lang)
    last = len(document.sentences) - 1
    assert signing_date(reading, last, WEDNESDAY) == expected


def test_a_weekday_without_a_publication_date_dates_nothing() -> None:
    text = "The two universities signed the MoU on Monday."
    document = read_document(text)
    reading = Reading.of(document.text, document.sentences, "en")
    assert signing_date(reading, 0, WEDNESDAY) == date(2023, 11, 6)
    assert signing_date(reading, 0, None) is None
