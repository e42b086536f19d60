"""Entity search: names normalised as ingestion does, prefix matching, ranking by mentions."""

from __future__ import annotations

import pytest

from payvand.analytics.build import Node
from payvand.analytics.search import EXACT, PREFIX, WORD, EntityIndex, Hit

NODES = {
    n.iri: n
    for n in (
        Node(
            "i/city/ir-isfahan",
            "city/ir-isfahan",
            "city",
            {"fa": "اصفهان", "en": "Isfahan"},
            ("Esfahan",),
            30,
        ),
        Node(
            "i/org/isfahan-municipality",
            "organisation/isfahan-municipality",
            "organisation",
            {"fa": "شهرداری اصفهان", "en": "Isfahan Municipality"},
            (),
            5,
        ),
        Node(
            "i/org/icro",
            "organisation/icro",
            "organisation",
            {
                "fa": "سازمان فرهنگ و ارتباطات اسلامی",
                "en": "Islamic Culture and Relations Organization",
            },
            ("ICRO",),
            11,
        ),
        Node(
            "i/org/intl", "organisation/intl", "organisation", {"fa": "مرکز بین‌المللی گفتگو"}, (), 1
        ),
        Node("i/person/kazemi", "person/kazemi", "person", {"fa": "علی کاظمی"}, (), 2),
        Node("i/event/week-1400", "event/week-1400", "event", {"fa": "هفته فرهنگی ۱۴۰۰"}, (), 0),
        Node("i/city/kashan", "city/ir-kashan", "city", {"fa": "کاشان", "en": "Kashan"}, (), 0),
    )
}


@pytest.fixture(scope="module")
def index() -> EntityIndex:
    return EntityIndex(NODES)


def ids(hits: list[Hit]) -> list[str]:
    return [h.node.id for h in hits]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("اصفهان", "city/ir-isfahan"),  # the exact Persian name
        ("isfahan", "city/ir-isfahan"),  # English, any case
        ("ISFA", "city/ir-isfahan"),  # a prefix
        ("esfahan", "city/ir-isfahan"),  # an alias
        ("icro", "organisation/icro"),  # an English alias
        ("بين‌المللي", "organisation/intl"),  # Arabic yeh, with ZWNJ
        ("بینالمللی", "organisation/intl"),  # ZWNJ lost
        ("علي كاظمي", "person/kazemi"),  # Arabic yeh and kaf
        ("كاظ", "person/kazemi"),  # a word's prefix, with Arabic kaf
        ("1400", "event/week-1400"),  # ASCII digits find Persian digits
        ("١٤٠٠", "event/week-1400"),  # and Arabic-Indic ones
        ("Kashan", "city/ir-kashan"),
    ],
)
def test_finds(index: EntityIndex, query: str, first: str) -> None:
    assert ids(index.search(query))[0] == first


def test_ranks_exact_then_prefix_then_word_then_mentions(index: EntityIndex) -> None:
    hits = index.search("اصفهان")
    assert [(h.node.id, h.rank) for h in hits] == [
        ("city/ir-isfahan", EXACT),
        ("organisation/isfahan-municipality", WORD),
    ]
    hits = index.search("is")
    # every English name starting with "is": ranked by mentions (30, 11, 5)
    assert ids(hits) == [
        "city/ir-isfahan",
        "organisation/icro",
        "organisation/isfahan-municipality",
    ]
    assert all(h.rank == PREFIX for h in hits)


def test_types_limit_and_nothing(index: EntityIndex) -> None:
    assert ids(index.search("is", types={"organisation"})) == [
        "organisation/icro",
        "organisation/isfahan-municipality",
    ]
    assert len(index.search("is", limit=1)) == 1
    assert index.search("zzz") == []
    assert index.search("  ،  ") == []
