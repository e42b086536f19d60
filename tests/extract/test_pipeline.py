"""extract_article as a whole: it never raises, and every fact points at the text it came from."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import QuerySolutions, Store

from payvand.extract.gazetteer import Gazetteer
from payvand.extract.pipeline import extract_article
from payvand.mapping.iris import Iris
from payvand.mapping.rdf import to_quads
from payvand.model import Article, EntityKind, Extraction
from payvand.namespaces import sparql_prefixes
from payvand.sources import read_articles, read_gold
from payvand.text.normalise import match_key
from tests.conftest import DATA, SEED

GOLD = DATA / "articles" / "gold"
# Letters, digits and marks of Persian and English news, with the punctuation around names.
NEWS_ALPHABET = st.sampled_from(
    list("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكةۀأإؤئءآ ‌ـ۰۱۲۳۴۵۶۷۸۹٠١٢٣")
    + list("abcdefgABCDEFG 0123456789.,:;!?«»()\"'-–\n")
)


def _articles() -> list[Article]:
    seed = [a for a in read_articles([SEED]) if isinstance(a, Article)]
    gold = [item[1] for item in read_gold(GOLD) if isinstance(item, tuple)]
    return seed + gold


@pytest.fixture(scope="module")
def extractions(gazetteer: Gazetteer) -> list[Extraction]:
    return [extract_article(article, gazetteer) for article in _articles()]


def _check_offsets(extraction: Extraction) -> None:
    text = extraction.text
    for sentence in extraction.sentences:
        assert 0 <= sentence.start <= sentence.end <= len(text)
    labels = {
        e.key: {match_key(label) for label, _ in e.labels} | {match_key(a) for a in e.aliases}
        for e in extraction.entities
    }
    for mention in extraction.mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        bounds = extraction.sentences[mention.sentence]
        assert bounds.start <= mention.start
        assert mention.end <= bounds.end
        written = match_key(text[mention.start : mention.end])
        names = labels.get(mention.entity, set())
        # The words written are a label of the entity, or part of one (a surname, "Wang").
        assert any(written == name or written in name.split() for name in names) or any(
            written in name for name in names
        ), (mention, text[mention.start : mention.end], names)
    for statement in extraction.statements:
        assert text[statement.start : statement.end] == statement.quote
        sentence = extraction.sentences[statement.sentence]
        assert sentence.start <= statement.start
    for position in extraction.positions:
        bounds = extraction.sentences[position.sentence]
        assert (position.start, position.end) == (bounds.start, bounds.end)
    for twinning in extraction.twinnings:
        bounds = extraction.sentences[twinning.sentence]
        assert (twinning.start, twinning.end) == (bounds.start, bounds.end)


def test_every_offset_points_at_its_text(extractions: list[Extraction]) -> None:
    assert sum(len(x.mentions) for x in extractions) > 500
    assert sum(len(x.statements) for x in extractions) > 200
    for extraction in extractions:
        _check_offsets(extraction)


def test_evidence_in_the_graph_is_the_text_at_its_offsets(
    extractions: list[Extraction], iris: Iris
) -> None:
    store = Store()
    for extraction in extractions[:10]:
        store.extend(to_quads(extraction, iris))
    result = store.query(
        sparql_prefixes()
        + """SELECT ?article ?text ?start ?end WHERE { GRAPH ?g {
                 ?fact pv:evidence ?s . ?s pv:inArticle ?article ; pv:text ?text ;
                 pv:startOffset ?start ; pv:endOffset ?end } }"""
    )
    assert isinstance(result, QuerySolutions)
    rows = list(result)
    assert rows
    by_article = {iris.article(x.article.url).value: x for x in extractions[:10]}
    for row in rows:
        extraction = by_article[row["article"].value]
        start, end = int(row["start"].value), int(row["end"].value)
        assert extraction.text[start:end] == row["text"].value
    result = store.query(
        sparql_prefixes()
        + """SELECT ?quote ?start ?end ?article WHERE { GRAPH ?article {
                 ?s a pv:Statement ; pv:quote ?quote ; pv:startOffset ?start ;
                 pv:endOffset ?end } }"""
    )
    assert isinstance(result, QuerySolutions)
    statements = list(result)
    assert statements
    for row in statements:
        extraction = by_article[row["article"].value]
        start, end = int(row["start"].value), int(row["end"].value)
        assert extraction.text[start:end] == row["quote"].value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_extraction_never_raises_on_any_text(gazetteer: Gazetteer, text: str) -> None:
    extraction = extract_article(Article(url="https://example.org/x", text=text), gazetteer)
    _check_offsets(extraction)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(NEWS_ALPHABET, max_size=400).map("".join))
def test_extraction_never_raises_on_news_like_text(gazetteer: Gazetteer, text: str) -> None:
    extraction = extract_article(Article(url="https://example.org/x", text=text), gazetteer)
    _check_offsets(extraction)
    for entity in extraction.entities:
        assert entity.kind in EntityKind


def test_an_article_of_only_furniture_yields_nothing(gazetteer: Gazetteer) -> None:
    text = "صفحه اصلی\nسیاست\nورزش\ncaptcha\nانتهای پیام\n"
    extraction = extract_article(Article(url="https://example.org/x", text=text), gazetteer)
    assert extraction.entities == ()
    assert extraction.statements == ()
