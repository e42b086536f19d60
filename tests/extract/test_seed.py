"""The bundled seed article (data/articles) comes out exactly as it should: one person (named
with and without the given name) speaking nine times (every speech verb with a colon), the
bodies it names (UNESCO too, named in its last paragraph by its Creative Cities Network), three
places, one position, two organisers, the outlet, its printed date."""

from __future__ import annotations

from collections import Counter
from datetime import date

from payvand.extract.gazetteer import Gazetteer
from payvand.extract.pipeline import extract_article
from payvand.model import Article, EntityKind
from payvand.sources import read_articles
from tests.conftest import SEED


def test_the_seed_is_read_exactly(gazetteer: Gazetteer) -> None:
    seed = next(a for a in read_articles([SEED]) if isinstance(a, Article))
    x = extract_article(seed, gazetteer)
    keys = {kind: {e.key for e in x.entities if e.kind is kind} for kind in EntityKind}
    assert keys[EntityKind.PERSON] == {"person/mohammad-mehdi-imanipour"}
    assert keys[EntityKind.ORGANISATION] == {
        "organisation/icro",
        "organisation/iqna",
        "organisation/incu",
        "organisation/mcth",
        "organisation/majlis",
        "organisation/unesco",
    }
    assert keys[EntityKind.CITY] | keys[EntityKind.COUNTRY] == {
        "country/ir",
        "city/ir-mashhad",
        "city/ir-qom",
    }
    assert {(p.member, p.organisation) for p in x.positions} == {
        ("person/mohammad-mehdi-imanipour", "organisation/icro")
    }
    assert Counter(s.speaker for s in x.statements) == {"person/mohammad-mehdi-imanipour": 9}
    assert {o for e in x.events for o in e.organisers} == {
        "organisation/icro",
        "organisation/incu",
    }
    assert x.publisher == "organisation/iqna"
    assert x.date_published is not None
    published = x.date_published
    assert (published.date() if hasattr(published, "date") else published) == date(2022, 1, 18)
