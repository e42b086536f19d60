"""The guide's metric on hand-made answers and annotations."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from payvand.errors import InputError
from payvand.evaluation import (
    Answers,
    Counts,
    Evaluation,
    Found,
    GoldEntity,
    Question,
    gold_from_record,
    keys_match,
    labels_match,
    normalise_label,
    render_table,
    score_article,
    summarise,
)


def gold_record(**overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "source": "fa-test.txt",
        "url": "https://example.org/1",
        "lang": "fa",
        "style": "IRNA",
        "persons": [{"name": "علی قاسم‌زاده", "aliases": ["قاسم‌زاده"]}],
        "organisations": [{"name": "شهرداری اصفهان", "aliases": []}],
        "places": [{"name": "اصفهان", "aliases": []}, {"name": "کازان", "aliases": []}],
        "positions": [
            {"member": "علی قاسم‌زاده", "organisation": "شهرداری اصفهان", "role": "شهردار"}
        ],
        "twinnings": [{"a": "اصفهان", "b": "کازان"}],
        "statements": [{"speaker": "علی قاسم‌زاده", "count": 3}],
        "organisers": ["شهرداری اصفهان"],
        "date": "2025-04-09",
        "notes": "",
    }
    record.update(overrides)
    return record


def found(*labels: str, iri: str = "") -> Found:
    return Found(iri or f"urn:x:{labels[0] if labels else 'none'}", labels)


# Label normalisation, as the guide lists it: each row is (written, other form).
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("بين‌المللي", "بینالمللی"),  # Arabic yeh, lost ZWNJ
        ("كربلا", "کربلا"),  # Arabic kaf
        ("مؤسسه", "موسسه"),  # hamza on waw
        ("رئیس", "ریيس"),  # hamza on yeh
        ("کتابخانة", "کتابخانه"),  # teh marbuta
        ("یونسکو ـ ایران", "یونسکو ایران"),  # tatweel as a dash
        ("۱۴۰۰", "1400"),  # Persian digits
        ("Rasht Municipality", "rasht  municipality!"),  # case, spaces, punctuation
        ("مُحَمَّد", "محمد"),  # diacritics
    ],
)
def test_labels_normalise_to_the_same_key(a: str, b: str) -> None:
    assert normalise_label(a) == normalise_label(b)


# The 70% containment rule: (label, annotated name, match?).
@pytest.mark.parametrize(
    ("label", "name", "expected"),
    [
        ("Imanipour", "Imanipour", True),
        ("Peking University", "Peking University Persian Department", False),  # 17/35
        ("Isfahan Municipality", "the Isfahan Municipality", True),  # 19/22 > 0.7
        ("ICRO", "ICROs", True),  # 4/5 = 0.8
        ("abcdefg", "abcdefghij", True),  # exactly 70%
        ("abcdef", "abcdefghij", False),  # 60%
        ("ایمانی‌پور", "محمدمهدی ایمانی‌پور", False),  # a surname is not the person
        ("شهرداری تهران", "تهران", False),
        ("", "تهران", False),
    ],
)
def test_the_containment_rule(label: str, name: str, expected: bool) -> None:
    assert labels_match([label], [name]) is expected
    assert keys_match(normalise_label(name), normalise_label(label)) is expected


def test_perfect_answers_score_one() -> None:
    gold = gold_from_record(gold_record(), source="fa-test.gold.json")
    person = found("علی قاسم‌زاده")
    municipality = found("شهرداری اصفهان")
    isfahan, kazan = found("اصفهان"), found("کازان")
    answers = Answers(
        persons=(person,),
        organisations=(municipality,),
        places=(isfahan, kazan),
        positions=((person, municipality),),
        twinnings=((kazan, isfahan),),  # unordered
        statements=((person, 3),),
        organisers=(municipality,),
        date=date(2025, 4, 9),
    )
    score = score_article(answers, gold)
    for question in Question:
        counts = score.counts[question]
        assert counts.correct == counts.found == counts.expected, question
    assert score.date_right


def test_an_alias_matches_and_each_entry_is_matched_once() -> None:
    gold = gold_from_record(gold_record(), source="fa-test.gold.json")
    # Two entities both match the one annotated person (full name and surname): one is wrong.
    answers = Answers(persons=(found("قاسم‌زاده"), found("علی قاسم زاده", iri="urn:x:2")))
    counts = score_article(answers, gold).counts[Question.PERSONS]
    assert (counts.correct, counts.found, counts.expected) == (1, 2, 1)


def test_matching_is_maximal_not_greedy() -> None:
    # «a» matches both annotated entries, «b» only the first: a greedy pass taking the first
    # pair would score 1; the maximum matching scores 2.
    gold = gold_from_record(
        gold_record(
            organisations=[
                {"name": "Tehran Municipality", "aliases": ["Municipality of Tehran"]},
                {"name": "Tehran City Council", "aliases": ["Tehran Municipality Council"]},
            ],
            positions=[],
            organisers=[],
        ),
        source="x",
    )
    answers = Answers(
        organisations=(
            found("Tehran Municipality Council", "Tehran Municipality"),
            found("Municipality of Tehran", iri="urn:x:b"),
        )
    )
    counts = score_article(answers, gold).counts[Question.ORGANISATIONS]
    assert counts.correct == 2


def test_statements_count_per_speaker() -> None:
    gold = gold_from_record(gold_record(), source="x")
    counts = score_article(
        Answers(statements=((found("Ali Ghasemzadeh", "علی قاسم‌زاده"), 5),)), gold
    ).counts[Question.STATEMENTS]
    assert (counts.correct, counts.found, counts.expected) == (3, 5, 3)
    counts = score_article(Answers(statements=((found("قاسم‌زاده"), 2),)), gold).counts[
        Question.STATEMENTS
    ]
    assert (counts.correct, counts.found, counts.expected) == (2, 2, 3)
    counts = score_article(Answers(statements=((found("متشین"), 2),)), gold).counts[
        Question.STATEMENTS
    ]
    assert (counts.correct, counts.found, counts.expected) == (0, 2, 3)


def test_a_position_needs_both_ends() -> None:
    gold = gold_from_record(gold_record(), source="x")
    wrong_org = Answers(positions=((found("علی قاسم‌زاده"), found("شهرداری کازان")),))
    counts = score_article(wrong_org, gold).counts[Question.POSITIONS]
    assert (counts.correct, counts.found, counts.expected) == (0, 1, 1)
    score = score_article(wrong_org, gold)
    assert score.missed[Question.POSITIONS] == ["علی قاسم‌زاده — شهرداری اصفهان"]
    assert score.wrong[Question.POSITIONS] == ["علی قاسم‌زاده — شهرداری کازان"]


def test_no_date_on_both_sides_is_right_and_a_date_where_none_is_printed_is_wrong() -> None:
    undated = gold_from_record(gold_record(date=None), source="x")
    assert score_article(Answers(), undated).date_right
    assert not score_article(Answers(date=date(2025, 4, 9)), undated).date_right


def test_micro_averages_pool_counts_over_articles() -> None:
    gold = gold_from_record(gold_record(), source="x")
    english = gold_from_record(gold_record(lang="en"), source="y")
    good = score_article(Answers(places=(found("اصفهان"), found("کازان"))), gold)
    poor = score_article(Answers(places=(found("تبریز"),)), english)
    summary = summarise([good, poor])
    places = summary.counts[Question.PLACES]
    assert (places.correct, places.found, places.expected) == (2, 3, 4)
    assert places.precision == pytest.approx(2 / 3)
    assert places.recall == pytest.approx(0.5)
    # entity-F1 pools CQ1-3: one person and one organisation expected in each article.
    assert summary.entity.expected == 2 * (1 + 1 + 2)
    assert summary.entity.correct == 2
    evaluation = Evaluation((good, poor))
    assert set(evaluation.by_language()) == {"fa", "en"}
    assert evaluation.by_language()["fa"].counts[Question.PLACES].f1 == 1.0
    table = render_table(evaluation, details=True)
    assert "CQ3 places" in table
    assert "missed  کازان" in table
    assert "wrong   تبریز" in table
    report = evaluation.to_json(details=True)
    assert report["all"]["entity"]["support"] == 8  # type: ignore[index]


def test_counts_without_answers_or_annotations() -> None:
    assert Counts(0, 0, 0).f1 == 1.0
    assert Counts(0, 2, 0).precision == 0.0
    assert Counts(0, 0, 2).recall == 0.0


# Bad annotations: (change to the record, what the message names).
@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"lang": "de"}, "field 'lang'"),
        ({"persons": [{"name": ""}]}, "field 'persons[0].name'"),
        ({"persons": "x"}, "field 'persons'"),
        ({"statements": [{"speaker": "x", "count": 0}]}, "field 'statements[0].count'"),
        ({"date": "18 Jan 2022"}, "field 'date'"),
        ({"twinnings": [{"a": "x"}]}, "field 'twinnings[0].b'"),
    ],
)
def test_bad_annotations_are_named(overrides: dict[str, Any], named: str) -> None:
    with pytest.raises(InputError, match=r"gold\.json") as caught:
        gold_from_record(gold_record(**overrides), source="fa-test.gold.json")
    assert named in str(caught.value)


def test_missing_keys_are_listed() -> None:
    record = gold_record()
    del record["organisers"]
    with pytest.raises(InputError, match="organisers"):
        gold_from_record(record, source="fa-test.gold.json")


def test_relations_resolve_to_annotated_entities_with_their_aliases() -> None:
    gold = gold_from_record(
        gold_record(statements=[{"speaker": "قاسم‌زاده", "count": 1}]), source="x"
    )
    speaker, count = gold.statements[0]
    assert speaker == GoldEntity("علی قاسم‌زاده", ("قاسم‌زاده",))
    assert count == 1
