"""Display names of events named only generically: kind, place and month."""

from __future__ import annotations

import pytest

from payvand.analytics.build import Node
from payvand.analytics.events import is_generic, label_events
from payvand.namespaces import PV

ID = "https://w3id.org/payvand/id/"


@pytest.mark.parametrize(
    ("label", "generic"),
    [
        ("مراسم", True),  # a bare word: "ceremony"
        ("ceremony", True),
        ("opening ceremony", True),
        ("سفر هیئتی", True),  # "a delegation's visit"
        ("سفر هيئتي", True),  # the same with Arabic yeh
        ("هفته فرهنگی", True),  # "cultural week", of no country
        ("به گزارش ایسنا این تفاهم‌نامه روز", True),  # the agency's credit: furniture
        ("According to IRNA", True),
        ("Iranian Cultural Week", False),  # a name
        ("جشن نوروز", False),  # the Nowruz celebration
        ("نشست مجازی مدیران شهری", False),
        ("seminar on Hafez", False),
    ],
)
def test_generic_names(label: str, generic: bool) -> None:
    assert is_generic(label) is generic


def node(key: str, type_: str, labels: dict[str, str], classes: tuple[str, ...] = ()) -> Node:
    return Node(ID + key, key, type_, labels, classes=classes)


def test_events_named_generically_are_named_by_kind_place_and_month() -> None:
    nodes = {
        n.iri: n
        for n in (
            node("event/ceremony-1", "event", {"fa": "مراسم"}, (PV.NS + "Event",)),
            node("event/isna-1", "event", {"fa": "به گزارش ایسنا این تفاهم‌نامه روز"}),
            node("event/week-minsk", "event", {"en": "Iranian Cultural Week"}),
            node("city/by-minsk", "city", {"en": "Minsk", "fa": "مینسک"}),
            node("venue/hall", "venue", {"fa": "تالار شهر"}),
        )
    }
    rows = [
        {
            "event": ID + "event/ceremony-1",
            "place": ID + "venue/hall",
            "city": ID + "city/by-minsk",
            "day": "2023-06-12",
            "kinds": f"{PV.NS}Event {PV.NS}Ceremony",
        },
        {"event": ID + "event/isna-1", "reported": "2022-12-01T10:00:00+03:30", "kinds": ""},
    ]
    labelled = label_events(nodes, rows)
    assert labelled[ID + "event/ceremony-1"].labels == {
        "en": "Ceremony, Minsk, 2023-06",
        "fa": "آیین، مینسک، 2023-06",
    }
    assert "مراسم" in labelled[ID + "event/ceremony-1"].aliases  # still found by the search
    isna = labelled[ID + "event/isna-1"]
    assert isna.labels == {"en": "Event, 2022-12", "fa": "رویداد، 2022-12"}
    assert isna.aliases == ()  # furniture is no name, not even another one
    # a named event, and what is not an event, are as they were
    for key in ("event/week-minsk", "city/by-minsk", "venue/hall"):
        assert labelled[ID + key] == nodes[ID + key]
