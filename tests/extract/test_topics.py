"""Topics of statements: keywords of the concept scheme matched word by word after normalisation."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, Triple

from payvand.errors import InputError
from payvand.extract.gazetteer import Gazetteer
from payvand.extract.pipeline import extract_article
from payvand.extract.topics import Topic, TopicScheme, tag_topics, topics_of
from payvand.model import Article
from payvand.namespaces import RDF, SKOS, TOPIC
from payvand.sources import load_topics, read_articles
from tests.conftest import ROOT, SEED


@pytest.fixture(scope="module")
def scheme() -> TopicScheme:
    return load_topics(ROOT / "ontology" / "topics.ttl")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Persian, with the keyword as written in the scheme
        ("شهرهای خواهرخوانده در زمینه گردشگری همکاری می‌کنند", ("city-diplomacy", "tourism")),
        # ZWNJ lost, Arabic kaf and yeh: the keys still meet
        ("همکاری دانشگاهها و موزه ها", ("education", "heritage")),
        ("صنايع دستي و ميراث فرهنگي", ("heritage",)),
        # a two-word keyword written as one word and split across a line break
        ("گسترش زبان\nفارسی", ("language",)),
        # "Islamic" alone is in the name of nearly every body; only phrases count
        ("سازمان فرهنگ و ارتباطات اسلامی و جمهوری اسلامی ایران", ()),
        ("بر وحدت اسلامی تأکید کرد", ("religion",)),
        # English: case folded, plural listed as its own keyword, hyphenated phrase
        (
            "Sister-city ties help TOURISTS and universities",
            ("city-diplomacy", "tourism", "education"),
        ),
        ("The Islamic Culture and Relations Organization", ()),
        ("a film week in Beijing", ("cinema",)),
        ("", ()),
    ],
)
def test_topics_of_a_text(scheme: TopicScheme, text: str, expected: tuple[str, ...]) -> None:
    assert topics_of(text, scheme) == expected


@given(st.text())
def test_tagging_never_raises(text: str) -> None:
    scheme = TopicScheme([Topic("tourism", (("Tourism", "en"),), ("tourism", "گردشگری"))])
    assert set(topics_of(text, scheme)) <= {"tourism"}


def test_the_scheme_from_triples_and_its_labels() -> None:
    concept = NamedNode(TOPIC.NS + "tourism")
    triples = [
        Triple(concept, RDF.type, SKOS.Concept),
        Triple(concept, SKOS.prefLabel, Literal("گردشگری", language="fa")),
        Triple(concept, SKOS.prefLabel, Literal("Tourism", language="en")),
        Triple(concept, SKOS.hiddenLabel, Literal("tourists", language="en")),
    ]
    scheme = TopicScheme.from_triples(triples, fingerprint="x")
    assert list(scheme.topics) == ["tourism"]
    topic = scheme.topics["tourism"]
    assert (topic.label("fa"), topic.label("en"), topic.label("de")) == (
        "گردشگری",
        "Tourism",
        "Tourism",
    )
    assert topics_of("many tourists", scheme) == ("tourism",)
    assert scheme.triples == tuple(triples)


def test_a_concept_outside_the_namespace_is_named() -> None:
    stray = NamedNode("http://example.org/tourism")
    with pytest.raises(InputError, match=r"<http://example\.org/tourism> is not in the topic"):
        TopicScheme.from_triples([Triple(stray, RDF.type, SKOS.Concept)])


def test_tagging_the_seed_article(scheme: TopicScheme, gazetteer: Gazetteer) -> None:
    (article,) = [a for a in read_articles([SEED]) if isinstance(a, Article)]
    extraction = extract_article(article, gazetteer)
    tagged = tag_topics(extraction, scheme)
    assert [replace(s, topics=()) for s in tagged.statements] == list(extraction.statements)
    found = {t for s in tagged.statements for t in s.topics}
    # the meeting "Iranian world cities": city diplomacy, and UNESCO's creative cities of crafts
    assert {"city-diplomacy", "heritage"} <= found
    assert all(topics_of(s.quote, scheme) == s.topics for s in tagged.statements)


def test_tagging_is_fast(scheme: TopicScheme) -> None:
    text = "شهرهای خواهرخوانده در زمینه گردشگری و میراث فرهنگی و دانشگاه‌ها همکاری می‌کنند. " * 200
    started = time.perf_counter()
    assert topics_of(text, scheme) == ("city-diplomacy", "tourism", "heritage", "education")
    assert time.perf_counter() - started < 0.5
