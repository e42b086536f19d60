"""The index answers as a scan of the same normalised texts does, whatever the spelling."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from payvand.analytics.period import parse_period
from payvand.errors import InputError, StoreError
from payvand.store.search_index import (
    ArticleText,
    DocKind,
    Labels,
    PreparedArticle,
    SearchRequest,
    SentenceText,
    StatementText,
    TextIndex,
    index_path_for,
    prepare,
)
from payvand.text.analysis import analyse
from payvand.text.normalise import normalise_text
from payvand.text.search_query import matches, parse_query

BASE = "https://w3id.org/payvand/id/"
TOPIC = "https://w3id.org/payvand/ontology/topics#city-diplomacy"
SPEAKER_A = BASE + "person/a"
SPEAKER_B = BASE + "person/b"
OUTLET = BASE + "organisation/irna"

# Sentences as news writes them: ZWNJ or not, Arabic letters, suffixes, English inflections.
TEXTS = [
    "شهردار گفت: دیپلماسی شهری می‌تواند پیوندها را محکم کند.",
    "او افزود: ديپلماسي شهري ميتواند به گردشگری کمک كند.",
    "کتاب‌های فارسی در نمایشگاه عرضه می‌شود.",
    "كتابهاي فارسي در کتابخانه‌ها نگهداری میشود.",
    "رایزنان فرهنگی ایران در کشورهای همسایه فعال‌اند.",
    "رایزن فرهنگی ایران در تاجیکستان از برنامه‌ای تازه خبر داد.",
    "هفته فرهنگی ایران در مینسک برگزار می شود.",
    "کرسی‌های زبان فارسی در دانشگاه‌های چین گسترش می‌یابد.",
    "The Persian chairs at Chinese universities are growing.",
    "A Persian chair was opened at the university of Minsk.",
    "Cultural diplomacy between the cities was discussed by diplomats.",
    "Iran's cultural counsellor said the diplomatic ties are strong.",
    "سال ۱۴۰۱ سال گسترش همکاری‌های فرهنگی بود.",
    "In 1401 the cultural week was held in Karbala.",
]
DAYS = [date(2021, 3, 1), date(2022, 5, 10), date(2022, 12, 1), date(2023, 6, 13)]


def _article(n: int, texts: list[str]) -> ArticleText:
    graph = f"{BASE}article/{n}"
    sentences = tuple(
        SentenceText(f"{graph}#s{i}", i, normalise_text(t)) for i, t in enumerate(texts)
    )
    statements = tuple(
        StatementText(
            f"{graph}#q{i}",
            SPEAKER_A if i % 2 == 0 else SPEAKER_B,
            normalise_text(t.split(":", 1)[-1]),
            sentences[i].iri,
            (TOPIC,) if "دیپلماسی" in normalise_text(t) else (),
        )
        for i, t in enumerate(texts)
        if i % 2 == 0
    )
    return ArticleText(
        graph=graph,
        content_hash=f"h{n}",
        lang="en" if texts[0].isascii() else "fa",
        day=DAYS[n % len(DAYS)],
        headline=normalise_text(texts[0][:30]),
        outlet=OUTLET,
        statements=statements,
        sentences=sentences,
        mentions=(BASE + f"city/{n % 2}",),
    )


LABELS = {
    SPEAKER_A: Labels("الف", "A"),
    SPEAKER_B: Labels("ب", "B"),
    OUTLET: Labels("ایرنا", "IRNA"),
    TOPIC: Labels("دیپلماسی شهری", "City diplomacy"),
}
CORPUS = [_article(n, TEXTS[n : n + 3]) for n in range(0, len(TEXTS), 3)]


def prepared(articles: list[ArticleText]) -> list[PreparedArticle]:
    return [prepare(article, LABELS) for article in articles]


def _documents(articles: list[ArticleText]) -> dict[str, tuple[DocKind, list[str]]]:
    """Every document's kind and terms, computed apart from the index."""
    docs: dict[str, tuple[DocKind, list[str]]] = {}
    for article in articles:
        whole = analyse(article.headline or "")
        for statement in article.statements:
            docs[statement.iri] = (DocKind.STATEMENT, analyse(statement.quote))
        for sentence in article.sentences:
            docs[sentence.iri] = (DocKind.SENTENCE, analyse(sentence.text))
            whole += analyse(sentence.text)
        docs[article.graph] = (DocKind.ARTICLE, whole)
    return docs


def _scan(articles: list[ArticleText], query: str) -> set[str]:
    node = parse_query(query)
    return {iri for iri, (_k, terms) in _documents(articles).items() if matches(node, terms)}


def _found(index: TextIndex, query: str, **filters: object) -> set[str]:
    page = index.search(SearchRequest(query, limit=10_000, **filters))  # type: ignore[arg-type]
    assert page.total == len(page.hits)
    return {hit.iri for hit in page.hits}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> TextIndex:
    built = TextIndex(tmp_path_factory.mktemp("index") / "store.search.sqlite")
    built.replace(prepared(CORPUS))
    return built


# Each row: spellings of one search that must find the same hits, and find some.
SPELLINGS = [
    ("دیپلماسی شهری", "ديپلماسي شهري", "دیپلماسی‌ شهری"),  # Arabic yeh; a stray ZWNJ
    ("می‌تواند", "میتواند", "می تواند", "ميتواند"),  # verb prefix with and without ZWNJ
    ("کتاب‌های", "كتابهاي", "کتابها", "کتاب"),  # plural suffix, Arabic kaf and yeh
    ("می‌شود", "میشود", "می شود"),
    ("رایزنان", "رایزن"),  # plural «ان»
    ("فرهنگی", "فرهنگ"),
    ("chairs", "chair", "Chair"),  # English stems and case
    ("universities", "university"),
    ("diplomats", "diplomat"),
    ("۱۴۰۱", "1401", "١٤٠١"),  # digits
    ('"رایزن فرهنگی"', "«رایزنان فرهنگی»"),  # phrases
    ('"Persian chair"', '"persian chairs"'),
]


@pytest.mark.parametrize("spellings", SPELLINGS)
def test_spellings_find_the_same_hits_as_the_scan(
    index: TextIndex, spellings: tuple[str, ...]
) -> None:
    expected = _scan(CORPUS, spellings[0])
    assert expected, f"no text holds {spellings[0]}"
    for spelling in spellings:
        assert _scan(CORPUS, spelling) == expected, spelling
        assert _found(index, spelling) == expected, spelling


@pytest.mark.parametrize(
    "query",
    [
        "فرهنگی ایران",
        "فرهنگی OR Persian",
        "فرهنگی -ایران",
        "فرهنگی NOT (مینسک OR تاجیکستان)",
        '"هفته فرهنگی" OR "cultural week"',
        "دیپلما*",
        "کتاب*",
        "univers*",
        "cultur* -week",
        '"Persian chair*"',
        "(chair OR counsellor) Iran",
    ],
)
def test_operators_find_what_the_scan_finds(index: TextIndex, query: str) -> None:
    expected = _scan(CORPUS, query)
    assert expected
    assert _found(index, query) == expected


def test_filters(index: TextIndex) -> None:
    statements = _found(index, "فرهنگی", kind=DocKind.STATEMENT)
    assert statements
    assert all("#q" in iri for iri in statements)
    langs = {a.graph: a.lang for a in CORPUS}
    for lang in ("en", "fa"):
        hits = _found(index, "cultural", lang=lang)
        assert hits
        assert {langs[iri.split("#")[0]] for iri in hits} == {lang}
    in_2022 = _found(index, "فرهنگی OR cultural", period=parse_period("1401", "1401"))
    days = {a.graph: a.day for a in CORPUS}
    assert in_2022
    for iri in in_2022:
        day = days[iri.split("#")[0]]
        assert day is not None
        assert date(2022, 3, 21) <= day <= date(2023, 3, 20)
    by_a = _found(index, "فرهنگی OR cultural OR کتاب", speaker=SPEAKER_A, kind=DocKind.STATEMENT)
    assert by_a
    assert by_a <= {s.iri for a in CORPUS for s in a.statements if s.speaker == SPEAKER_A}
    city = _found(index, "فرهنگی OR cultural", entity=BASE + "city/0", kind=DocKind.ARTICLE)
    assert city == {a.graph for a in CORPUS if BASE + "city/0" in a.mentions} - {
        a.graph for a in CORPUS if not _scan([a], "فرهنگی OR cultural")
    }
    assert _found(index, "فرهنگی", entity=BASE + "city/unknown") == set()


def test_hits_carry_snippets_labels_and_facets(index: TextIndex) -> None:
    query = "فرهنگی OR دیپلماسی"
    page = index.search(SearchRequest(query, kind=DocKind.STATEMENT, limit=1))
    assert page.total >= 2
    assert len(page.hits) == 1
    hit = page.hits[0]
    assert hit.speaker in (SPEAKER_A, SPEAKER_B)
    assert hit.speaker_label in ("الف", "ب")
    assert hit.outlet == OUTLET
    assert hit.outlet_label == "ایرنا"
    assert hit.day is not None
    assert hit.score > 0
    assert {hit.snippet[a:b] for a, b in hit.marks} & {"فرهنگی", "دیپلماسی"}
    facets = page.facets
    assert sum(f.count for f in facets["speaker"]) == page.total
    assert [(f.label, f.count) for f in facets["outlet"]] == [("ایرنا", page.total)]
    assert [(f.value, f.label, f.count) for f in facets["topic"]] == [(TOPIC, "دیپلماسی شهری", 1)]
    assert {f.value for f in facets["year"]} <= {"2021", "2022", "2023"}
    second = index.search(SearchRequest(query, kind=DocKind.STATEMENT, limit=1, offset=1))
    assert second.hits[0].iri != hit.iri


def test_replacing_and_removing_articles(tmp_path: Path) -> None:
    index = TextIndex(tmp_path / "i.sqlite")
    index.replace(prepared(CORPUS))
    changed = _article(0, ["موسیقی سنتی در مینسک اجرا شد.", "Music was played."])
    index.replace(prepared([changed]))
    now = [changed, *CORPUS[1:]]
    for query in ("شهردار", "موسیقی", "فرهنگی", "music OR chair"):
        assert _found(index, query) == _scan(now, query), query
    assert index.remove([CORPUS[1].graph, BASE + "article/none"]) == 1
    rest = [changed, *CORPUS[2:]]
    for query in ("فرهنگی", "کتاب", "chair"):
        assert _found(index, query) == _scan(rest, query), query
    assert index.article_hashes() == {a.graph: a.content_hash for a in rest}
    index.close()
    again = TextIndex(tmp_path / "i.sqlite", read_only=True)
    assert _found(again, "موسیقی") == _scan(rest, "موسیقی")
    with pytest.raises(StoreError, match="read-only"):
        again.clear()
    again.close()


def test_a_missing_or_foreign_index_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="index --rebuild"):
        TextIndex(tmp_path / "none.sqlite", read_only=True)
    (tmp_path / "other.sqlite").write_bytes(b"not a database at all, just bytes" * 10)
    with pytest.raises(StoreError, match=r"other\.sqlite"):
        TextIndex(tmp_path / "other.sqlite")


def test_a_bad_query_is_an_input_error(index: TextIndex) -> None:
    with pytest.raises(InputError, match="only excludes"):
        index.search(SearchRequest("-کتاب"))


def test_where_the_index_lives() -> None:
    assert index_path_for("var/store") == Path("var/store.search.sqlite")
    assert index_path_for(":memory:") is None
    assert index_path_for("http://127.0.0.1:7878/x", cache=Path("/c")) == Path(
        "/c/payvand/127-0-0-1-7878-x.search.sqlite"
    )


# Random texts and searches over a small vocabulary of spellings: the index and the scan agree.
WORDS = [
    "کتاب",
    "کتاب‌ها",
    "كتابهاي",
    "کتاب ها",
    "می‌شود",
    "میشود",
    "دیپلماسی",
    "ديپلماسي",
    "شهری",
    "شهر",
    "فرهنگی",
    "ایران",
    "ایرانیان",
    "chairs",
    "chair",
    "universities",
    "Iran",
    "۱۴۰۱",
]
_texts = st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8), min_size=1, max_size=6)
_word = st.sampled_from(WORDS)
_atom = st.one_of(
    _word,
    st.lists(_word, min_size=2, max_size=3).map(lambda ws: '"' + " ".join(ws) + '"'),
    st.sampled_from(["کتا*", "دیپ*", "chai*", "univ*", "ایر*", "شهر*"]),
)
_queries = st.recursive(
    _atom,
    lambda inner: st.one_of(
        st.tuples(inner, inner).map(lambda p: f"({p[0]} {p[1]})"),
        st.tuples(inner, inner).map(lambda p: f"({p[0]} OR {p[1]})"),
        st.tuples(inner, inner).map(lambda p: f"({p[0]} -{p[1]})"),
    ),
    max_leaves=4,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=_texts, queries=st.lists(_queries, min_size=1, max_size=4))
def test_random_searches_agree_with_the_scan(texts: list[list[str]], queries: list[str]) -> None:
    articles = [_article(n, [" ".join(words)]) for n, words in enumerate(texts)]
    index = TextIndex(None)
    try:
        index.replace(prepared(articles))
        for query in queries:
            try:
                expected = _scan(articles, query)
            except InputError:
                continue
            assert _found(index, query) == expected, query
    finally:
        index.close()


def test_many_hits_rank_the_newest_and_count_up_to_a_limit(tmp_path: Path) -> None:
    """Of more hits than the window, the newest are ranked and faceted; the count stops at its
    limit and says so."""
    articles = [_article(n, TEXTS[n : n + 3]) for n in range(0, len(TEXTS), 3)] + [
        _article(n, ["هفته فرهنگی ایران.", "فرهنگی " * (n % 4 + 1)]) for n in range(20, 32)
    ]
    everything = _scan(articles, "فرهنگی")
    assert len(everything) > 12
    index = TextIndex(tmp_path / "i.sqlite", window=6, count_limit=10)
    index.replace(prepared(articles))
    page = index.search(SearchRequest("فرهنگی", limit=100))
    assert (page.total, page.exact, page.ranked) == (10, False, 6)
    assert sum(f.count for f in page.facets["kind"]) == 6
    assert len(page.hits) == 6
    # The newest six hits: no other hit is later than any of them.
    days = {a.graph: a.day for a in articles}
    shown = {hit.iri for hit in page.hits}
    assert shown <= everything
    latest = min(days[i.split("#")[0]] or date.min for i in shown)
    assert all((days[i.split("#")[0]] or date.min) <= latest for i in everything - shown)
    # Best first among them.
    assert [h.score for h in page.hits] == sorted((h.score for h in page.hits), reverse=True)
    whole = TextIndex(tmp_path / "i.sqlite", read_only=True)
    exact = whole.search(SearchRequest("فرهنگی", limit=1))
    assert (exact.total, exact.exact, exact.ranked) == (len(everything), True, len(everything))
    index.close()
    whole.close()
