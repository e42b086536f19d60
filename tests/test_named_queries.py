"""Every named query on the bundled articles: its rows, and the same rows through the API and CLI.

Rows that come from the gazetteer's reference graph (posts.csv, twinnings.csv) are expected
exactly; rows read from articles are expected where the article states the fact (the seed article,
the golden annotations), and counts are checked against an independent computation over the store.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from pyoxigraph import QuerySolutions

from payvand.cli import cli
from payvand.config import Settings
from payvand.extract.topics import topics_of
from payvand.mapping.iris import Iris
from payvand.namespaces import sparql_prefixes
from payvand.sources import load_topics
from payvand.store import OxigraphStore
from payvand.store.queries import NamedQuery, load_queries, run_named
from payvand.web.app import create_app
from tests.conftest import DATA, ROOT

ID = "https://w3id.org/payvand/id/"
PV = "https://w3id.org/payvand/ontology#"
REFERENCE = "https://w3id.org/payvand/graph/reference"
SEED_ARTICLE = Iris().article("https://iqna.ir/fa/news/4029431/").value
Row = dict[str, str]


@pytest.fixture(scope="module")
def queries() -> dict[str, NamedQuery]:
    return load_queries(ROOT / "queries")


@pytest.fixture(scope="module")
def store(bundled_store: OxigraphStore) -> OxigraphStore:
    return bundled_store


def as_rows(result: object) -> list[Row]:
    assert isinstance(result, QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


def run(
    store: OxigraphStore, queries: dict[str, NamedQuery], name: str, **params: str
) -> list[Row]:
    return as_rows(run_named(store, queries[name], params, base=ID))


def select(store: OxigraphStore, body: str) -> list[Row]:
    return as_rows(store.query(sparql_prefixes() + body))


def test_there_are_at_least_fifteen_documented_queries(queries: dict[str, NamedQuery]) -> None:
    assert len(queries) >= 15
    for query in queries.values():
        assert query.title["en"]
        assert query.title["fa"]
        assert query.description["en"]
        assert query.description["fa"]


def test_officials_of_organisation(store: OxigraphStore, queries: dict[str, NamedQuery]) -> None:
    rows = run(store, queries, "officials_of_organisation", organisation="organisation/icro")
    head = "Head of the Islamic Culture and Relations Organization"
    # posts.csv: the heads of ICRO, with their terms where known
    assert [
        (r["person"], r.get("start"), r.get("end"))
        for r in rows
        if r["source"] == REFERENCE and r["role_en"] == head
    ] == [
        (ID + "person/mahmoud-mohammadi-araghi", None, None),
        (ID + "person/mohammad-baqer-khorramshad", None, None),
        (ID + "person/mohammad-ali-taskhiri", "1995", "2001"),
        (ID + "person/abuzar-ebrahimi-torkaman", "2013", "2021"),
        (ID + "person/mohammad-mehdi-imanipour", "2021", None),
    ]
    # the seed article: «حجت‌الاسلام والمسلمین محمدمهدی ایمانی‌پور، رئیس سازمان فرهنگ و ارتباطات اسلامی»
    assert {
        "person": ID + "person/mohammad-mehdi-imanipour",
        "person_fa": "محمدمهدی ایمانی‌پور",
        "person_en": "Mohammad-Mehdi Imanipour",
        "role_fa": "رئیس",
        "role_en": "head",
        "source": SEED_ARTICLE,
    } in rows


def test_positions_of_person_over_time(
    store: OxigraphStore, queries: dict[str, NamedQuery]
) -> None:
    rows = run(store, queries, "positions_of_person", person="person/ali-larijani")
    assert [
        (r["organisation"].removeprefix(ID), r["role_en"], r["start"], r.get("end"))
        for r in rows
        if r["source"] == REFERENCE
    ] == [
        ("organisation/mcig", "Minister of Culture and Islamic Guidance", "1992", "1994"),
        ("organisation/irib", "Head of IRIB", "1994", "2004"),
        ("organisation/snsc", "Secretary of the Supreme National Security Council", "2005", "2007"),
        ("organisation/majlis", "Speaker of the Majlis", "2008", "2020"),
        ("organisation/snsc", "Secretary of the Supreme National Security Council", "2025", None),
    ]
    assert rows[0]["organisation_fa"] == "وزارت فرهنگ و ارشاد اسلامی"


def test_statements_by_speaker(store: OxigraphStore, queries: dict[str, NamedQuery]) -> None:
    rows = run(store, queries, "statements_by_speaker", speaker="person/mohammad-mehdi-imanipour")
    seed = [r for r in rows if r["article"] == SEED_ARTICLE]
    # the lead and eight paragraphs of the seed article, each opened by a speech verb
    assert [r["verb"] for r in seed] == [
        "گفت",
        "گفت",
        "افزود",
        "تصریح کرد",
        "اظهار کرد",
        "خاطرنشان کرد",
        "ادامه داد",
        "بیان کرد",
        "تأکید کرد",
    ]
    assert {(r["date"], r["url"]) for r in seed} == {
        ("2022-01-18T10:58:00+03:30", "https://iqna.ir/fa/news/4029431/")
    }
    assert all(r["sentence"].startswith(SEED_ARTICLE + "/sentence/") for r in seed)
    assert (
        seed[0]["quote"] in seed[0]["sentence_text"] or seed[0]["sentence_text"] in seed[0]["quote"]
    )
    dates = [r["date"][:10] for r in rows]
    assert dates == sorted(dates)
    every = select(
        store,
        "SELECT DISTINCT ?s WHERE { ?s pv:speaker <" + ID + "person/mohammad-mehdi-imanipour> }",
    )
    assert sorted(r["statement"] for r in rows) == sorted(r["s"] for r in every)


def test_statements_on_topic(store: OxigraphStore, queries: dict[str, NamedQuery]) -> None:
    scheme = load_topics(ROOT / "ontology" / "topics.ttl")
    rows = run(store, queries, "statements_on_topic", topic="topic:city-diplomacy")
    every = select(store, "SELECT DISTINCT ?s ?q WHERE { ?s a pv:Statement ; pv:quote ?q }")
    expected = {r["s"] for r in every if "city-diplomacy" in topics_of(r["q"], scheme)}
    assert {r["statement"] for r in rows} == expected
    # «پیوند خواهرخواندگی میان شهرها یکی از کم‌هزینه‌ترین … راه‌های دیپلماسی فرهنگی است»
    assert any(
        r["article"] == SEED_ARTICLE and r["quote"].startswith("پیوند خواهرخواندگی") for r in rows
    )
    dates = [r["date"][:10] for r in rows if "date" in r]  # an undated article's last
    assert dates == sorted(dates, reverse=True)
    assert all("date" in r for r in rows[: len(dates)])


def known_twinnings(status: str) -> dict[tuple[str, str], str | None]:
    """The pairs of twinnings.csv with the given status, as sorted IRIs, and their year."""
    path = DATA / "gazetteer" / "twinnings.csv"
    pairs: dict[tuple[str, str], str | None] = {}
    with path.open(encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            if r["status"] == status:
                a, b = sorted((ID + "city/" + r["city_a"], ID + "city/" + r["city_b"]))
                pairs[(a, b)] = r["year"] or None
    return pairs


def test_sister_city_network(store: OxigraphStore, queries: dict[str, NamedQuery]) -> None:
    rows = run(store, queries, "sister_city_network")
    pairs = {(r["city_a"], r["city_b"]): r.get("since") for r in rows}
    assert len(pairs) == len(rows)  # once per pair
    assert known_twinnings("concluded").items() <= pairs.items()
    # twinnings.csv: Tehran and Najaf only proposed it, Tehran and Baghdad have an MoU
    assert (ID + "city/iq-najaf", ID + "city/ir-tehran") not in pairs
    assert (ID + "city/iq-baghdad", ID + "city/ir-tehran") not in pairs
    assert pairs[(ID + "city/ir-isfahan", ID + "city/ru-kazan")] == "2025"
    isfahan_kazan = next(
        r for r in rows if r["city_b"] == ID + "city/ru-kazan" and r["city_a"].endswith("isfahan")
    )
    assert (isfahan_kazan["city_a_fa"], isfahan_kazan["city_b_en"]) == ("اصفهان", "Kazan")
    assert int(isfahan_kazan["sources"]) >= 2  # the reference graph and the article on the ceremony
    turkey = run(store, queries, "sister_city_network", country="country/tr")
    assert {(r["city_a"], r["city_b"]) for r in turkey} >= {
        (ID + "city/ir-khoy", ID + "city/tr-konya"),
        (ID + "city/ir-tabriz", ID + "city/tr-istanbul"),
    }
    assert all(ID + "country/tr" in (r.get("country_a"), r.get("country_b")) for r in turkey)


def test_twinnings_of_city(store: OxigraphStore, queries: dict[str, NamedQuery]) -> None:
    rows = run(store, queries, "twinnings_of_city", city="city/ir-isfahan")
    reference = {r["partner"]: r.get("since") for r in rows if r["source"] == REFERENCE}
    expected = {
        (a if b == ID + "city/ir-isfahan" else b): year
        for (a, b), year in known_twinnings("concluded").items()
        if ID + "city/ir-isfahan" in (a, b)
    }
    assert reference == expected
    assert reference[ID + "city/cn-xian"] == "1989"
    kazan_article = (
        Iris()
        .article("https://ifpnews.com/kazan-isfahan-16th-sister-city-historic-ceremony/")
        .value
    )
    assert {
        "partner": ID + "city/ru-kazan",
        "partner_fa": "کازان",
        "partner_en": "Kazan",
        "country": ID + "country/ru",
        "status": PV + "concluded",
        "since": "2025",
        "source": kazan_article,
    } in rows


def test_events_organised_by_an_organisation(
    store: OxigraphStore, queries: dict[str, NamedQuery]
) -> None:
    rows = run(store, queries, "events_by_organiser", organisation="organisation/icro")
    # the seed: «نشست هم‌اندیشی «جهان‌شهرهای ایرانی» … به همت سازمان فرهنگ و ارتباطات اسلامی … در حسینیه الزهرا»
    meeting = [r for r in rows if r["article"] == SEED_ARTICLE]
    assert [(r["event_fa"], r["kind"], r["date"], r["place_fa"]) for r in meeting] == [
        ("نشست هم‌اندیشی «جهان‌شهرهای ایرانی»", PV + "Meeting", "2022-01-18", "حسینیه الزهرا")
    ]
    organised = select(
        store,
        "SELECT DISTINCT ?e WHERE { ?e a pv:Event ; schema:organizer <"
        + ID
        + "organisation/icro> }",
    )
    assert {r["event"] for r in rows} == {r["e"] for r in organised}


def mentions(store: OxigraphStore) -> list[Row]:
    return select(
        store,
        """SELECT DISTINCT ?article ?entity ?day WHERE {
             GRAPH ?article { ?article a schema:NewsArticle ; schema:mentions ?entity .
                              OPTIONAL { ?article schema:datePublished ?d } }
             BIND(SUBSTR(STR(?d), 1, 10) AS ?day) }""",
    )


def of_class(store: OxigraphStore, cls: str) -> set[str]:
    return {r["e"] for r in select(store, f"SELECT DISTINCT ?e WHERE {{ ?e a {cls} }}")}


def test_organisations_co_mentioned(store: OxigraphStore, queries: dict[str, NamedQuery]) -> None:
    rows = run(store, queries, "organisations_co_mentioned", entity="city/ir-isfahan")
    by_article: dict[str, set[str]] = {}
    for m in mentions(store):
        by_article.setdefault(m["article"], set()).add(m["entity"])
    organisations = of_class(store, "pv:Organisation")
    counts = Counter(
        e
        for entities in by_article.values()
        if ID + "city/ir-isfahan" in entities
        for e in entities
        if e in organisations
    )
    expected = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    assert [(r["organisation"], int(r["articles"])) for r in rows] == expected
    assert rows[0]["organisation"] in (
        ID + "organisation/isfahan-municipality",
        ID + "organisation/unesco",
    )


def test_timeline_of_an_entity(store: OxigraphStore, queries: dict[str, NamedQuery]) -> None:
    rows = run(store, queries, "entity_timeline", entity="person/mohammad-mehdi-imanipour")
    # posts.csv: head of ICRO since 2021, before anything the articles say
    assert (rows[0]["date"], rows[0]["what"], rows[0]["source"]) == (
        "2021",
        "position-start",
        REFERENCE,
    )
    assert {
        "date": "2022-01-18T10:58:00+03:30",
        "what": "article",
        "item": SEED_ARTICLE,
        "source": SEED_ARTICLE,
    } in rows
    statements = run(
        store, queries, "statements_by_speaker", speaker="person/mohammad-mehdi-imanipour"
    )
    assert sorted(r["item"] for r in rows if r["what"] == "statement") == sorted(
        r["statement"] for r in statements
    )
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)


def test_articles_mentioning(store: OxigraphStore, queries: dict[str, NamedQuery]) -> None:
    rows = run(store, queries, "articles_mentioning", entity="organisation/icro")
    assert sorted(r["article"] for r in rows) == sorted(
        {m["article"] for m in mentions(store) if m["entity"] == ID + "organisation/icro"}
    )
    assert {
        "article": SEED_ARTICLE,
        "headline": "ایمانی‌پور: شهرهای ایرانی ظرفیت بزرگ دیپلماسی فرهنگی هستند",
        "date": "2022-01-18T10:58:00+03:30",
        "url": "https://iqna.ir/fa/news/4029431/",
        "language": "fa",
        "publisher": ID + "organisation/iqna",
    } in rows
    dated = [r["date"][:10] for r in rows if "date" in r]
    assert dated == sorted(dated, reverse=True)


@pytest.mark.parametrize(
    ("params", "first", "last", "cls"),
    [
        ({}, "", "9999", None),
        (
            {"from": "2022-01-01", "to": "2022-12-31", "class": "pv:Person"},
            "2022-01-01",
            "2022-12-31",
            "pv:Person",
        ),
        ({"from": "2023-05-10", "to": "2023-05-10"}, "2023-05-10", "2023-05-10", None),
    ],
)
def test_most_mentioned_entities_in_a_date_range(
    store: OxigraphStore,
    queries: dict[str, NamedQuery],
    params: dict[str, str],
    first: str,
    last: str,
    cls: str | None,
) -> None:
    rows = run(store, queries, "most_mentioned_entities", **params)
    members = of_class(store, cls) if cls else None
    counts = Counter(
        m["entity"]
        for m in mentions(store)
        if "day" in m and first <= m["day"] <= last and (members is None or m["entity"] in members)
    )
    expected = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:25]
    assert [(r["entity"], int(r["articles"])) for r in rows] == expected
    assert rows


def test_most_mentioned_over_all_time_is_iran(
    store: OxigraphStore, queries: dict[str, NamedQuery]
) -> None:
    top = run(store, queries, "most_mentioned_entities")[0]
    assert (top["entity"], top["entity_fa"], top["entity_en"]) == (
        ID + "country/ir",
        "ایران",
        "Iran",
    )


def test_programmes_by_country(store: OxigraphStore, queries: dict[str, NamedQuery]) -> None:
    china = run(store, queries, "programmes_by_country", country="country/cn")
    # «هفته فیلم ایران در پکن» organised by the cultural counsellorship in China
    assert [(r["programme_fa"], r["kind"]) for r in china] == [("هفته فیلم", PV + "CulturalWeek")]
    belarus = run(store, queries, "programmes_by_country", country="country/by")
    minsk = (
        Iris()
        .article("https://www.presstv.ir/Detail/2023/06/13/706512/Iran-Cultural-Week-opens-Minsk")
        .value
    )
    assert minsk in {r["article"] for r in belarus}
    programmes = of_class(store, "pv:Programme")
    assert all(r["programme"] in programmes for r in china + belarus)


def test_cities_where_an_organisation_is_present(
    store: OxigraphStore, queries: dict[str, NamedQuery]
) -> None:
    rows = run(store, queries, "cities_of_organisation", organisation="organisation/icro")
    found = {(r["city"], r["presence"], r["via"]) for r in rows}
    tehran = ID + "city/ir-tehran"
    # organisations.csv: ICRO sits in Tehran, and so do two of its parts
    assert {
        (tehran, "seat", ID + "organisation/icro"),
        (tehran, "part", ID + "organisation/alhoda-institute"),
        (tehran, "part", ID + "organisation/icro-cid"),
    } <= found
    assert all(r["presence"] in ("seat", "part", "event") for r in rows)
    # Beyond Tehran, only the cities of events the articles say ICRO organised.
    organised = select(
        store,
        f"""SELECT DISTINCT ?city WHERE {{ ?e a pv:Event ; schema:organizer <{ID}organisation/icro> ;
             schema:location ?city . ?city a pv:City }}""",
    )
    assert {r["city"] for r in rows if r["presence"] == "event"} == {r["city"] for r in organised}
    assert {r["city"] for r in rows if r["presence"] != "event"} == {tehran}


def test_agreements_signed_in_a_period(
    store: OxigraphStore, queries: dict[str, NamedQuery]
) -> None:
    rows = run(store, queries, "agreements_in_period", **{"from": "2021-01-01", "to": "2023-12-31"})
    assert rows
    assert all("2021-01-01" <= r["date"] <= "2023-12-31" for r in rows)
    signed = {r["a"] for r in select(store, "SELECT DISTINCT ?a WHERE { ?a pv:status pv:signed }")}
    assert {r["agreement"] for r in rows} <= signed
    # Iran Daily of Sunday 29 October 2023: Rasht and Gaziantep signed a memorandum of
    # understanding "on Saturday", so its signing date, not the article's
    rasht = Iris().article("https://newspaper.irandaily.ir/7418/5/").value
    gaziantep = [r for r in rows if ID + "city/tr-gaziantep" in r["parties"].split()]
    assert {(r["kind"], r["date"], r["source"]) for r in gaziantep} == {
        ("mou", "2023-10-28", rasht)
    }
    proposed = run(store, queries, "agreements_in_period", status="pv:proposed")
    # Tehran Times: Isfahan and Porto are set to sign a sister-city agreement
    assert any(
        ID + "city/pt-porto" in r["parties"].split() and r["kind"] == "twinning" for r in proposed
    )
    assert not {r["agreement"] for r in proposed} & signed


def test_entities_without_wikidata(store: OxigraphStore, queries: dict[str, NamedQuery]) -> None:
    rows = run(store, queries, "entities_without_wikidata", **{"class": "pv:Organisation"})
    linked = {
        r["e"]
        for r in select(
            store,
            "SELECT DISTINCT ?e WHERE { ?e owl:sameAs ?w FILTER(STRSTARTS(STR(?w), STR(wd:))) }",
        )
    }
    organisations = of_class(store, "pv:Organisation")
    counts = Counter(
        m["entity"]
        for m in {(m["article"], m["entity"]): m for m in mentions(store)}.values()
        if m["entity"] in organisations and m["entity"] not in linked
    )
    expected = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    assert [(r["entity"], int(r["articles"])) for r in rows] == expected
    everything = run(store, queries, "entities_without_wikidata")
    assert not {r["entity"] for r in everything} & linked
    assert ID + "city/ir-tehran" not in {r["entity"] for r in everything}  # Q3616


def test_officials_by_city(store: OxigraphStore, queries: dict[str, NamedQuery]) -> None:
    rows = run(store, queries, "officials_by_city", city="city/ir-tehran")
    # posts.csv: Alireza Zakani, mayor of Tehran
    assert {
        "person": ID + "person/alireza-zakani",
        "person_fa": "علیرضا زاکانی",
        "person_en": "Alireza Zakani",
        "organisation": ID + "organisation/tehran-municipality",
        "organisation_fa": "شهرداری تهران",
        "organisation_en": "Tehran Municipality",
        "role_fa": "شهردار تهران",
        "role_en": "Mayor of Tehran",
        "source": REFERENCE,
    } in rows
    in_tehran = {
        r["o"]
        for r in select(
            store, f"SELECT DISTINCT ?o WHERE {{ ?o pv:locatedIn <{ID}city/ir-tehran> }}"
        )
    }
    assert {r["organisation"] for r in rows} <= in_tehran


def test_topics_overview(store: OxigraphStore, queries: dict[str, NamedQuery]) -> None:
    rows = run(store, queries, "topics_overview")
    about = select(store, "SELECT DISTINCT ?s ?t WHERE { ?s pv:about ?t }")
    counts = Counter(r["t"] for r in about)
    assert {r["topic"]: int(r["statements"]) for r in rows} == {
        r["topic"]: counts.get(r["topic"], 0) for r in rows
    }
    assert len(rows) == len(load_topics(ROOT / "ontology" / "topics.ttl"))
    assert [int(r["statements"]) for r in rows] == sorted(
        (int(r["statements"]) for r in rows), reverse=True
    )


# --- the same rows through the API and the command line -----------------------------------------


def example(query: NamedQuery) -> dict[str, str]:
    return dict(parse_qsl(query.example))


def query_names() -> list[str]:
    return sorted(load_queries(ROOT / "queries"))


@pytest.fixture(scope="module")
def client(store: OxigraphStore) -> TestClient:
    return TestClient(create_app(Settings(store=":memory:"), store=store))


def json_rows(payload: dict[str, Any]) -> list[Row]:
    return [{k: v["value"] for k, v in b.items()} for b in payload["results"]["bindings"]]


@pytest.mark.parametrize("name", query_names())
def test_every_query_runs_through_the_api(
    name: str, client: TestClient, store: OxigraphStore, queries: dict[str, NamedQuery]
) -> None:
    query = queries[name]
    expected = run(store, queries, name, **example(query))
    response = client.get(f"/queries/{name}", params=example(query))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert json_rows(response.json()) == expected


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("queries") / "store"
    result = CliRunner().invoke(cli, ["ingest", str(DATA / "articles"), "--store", str(path)])
    assert result.exit_code == 0, result.stderr
    return str(path)


@pytest.mark.integration
@pytest.mark.parametrize("name", query_names())
def test_every_query_runs_through_the_cli(
    name: str, disk_store: str, store: OxigraphStore, queries: dict[str, NamedQuery]
) -> None:
    query = queries[name]
    params = [f"--param={k}={v}" for k, v in example(query).items()]
    result = CliRunner().invoke(
        cli, ["query", "--name", name, *params, "--store", disk_store, "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    expected = run(store, queries, name, **example(query))
    assert unordered(json_rows(json.loads(result.stdout))) == unordered(expected)


def unordered(rows: list[Row]) -> list[list[tuple[str, str]]]:
    """Rows in a fixed order, for two stores: ties of ORDER BY and GROUP_CONCAT may differ."""
    return sorted(
        sorted((k, " ".join(sorted(v.split())) if k == "parties" else v) for k, v in row.items())
        for row in rows
    )


def test_the_list_of_queries(client: TestClient, queries: dict[str, NamedQuery]) -> None:
    response = client.get("/queries")
    assert response.status_code == 200
    listed = {q["name"]: q for q in response.json()}
    assert set(listed) == set(queries)
    officials = listed["officials_of_organisation"]
    assert officials["title"] == {"en": "Officials of an organisation", "fa": "مقامات یک سازمان"}
    assert officials["description"]["fa"].startswith("کسانی که در یک سازمان")
    assert officials["parameters"] == [
        {
            "name": "organisation",
            "type": "iri",
            "required": True,
            "default": None,
            "description": "the organisation, for example organisation/icro",
        }
    ]
    assert officials["url"] == "/queries/officials_of_organisation?organisation=organisation/icro"
    assert client.get(officials["url"]).status_code == 200


@pytest.mark.parametrize(
    ("accept", "media", "first_line"),
    [
        ("text/csv", "text/csv", "partner,partner_fa,partner_en,country,status,since,source"),
        ("text/tab-separated-values", "text/tab-separated-values", "?partner\t?partner_fa"),
        ("application/sparql-results+xml", "application/sparql-results+xml", "<?xml"),
    ],
)
def test_results_by_content_negotiation(
    client: TestClient, accept: str, media: str, first_line: str
) -> None:
    response = client.get(
        "/queries/twinnings_of_city", params={"city": "city/ir-yazd"}, headers={"accept": accept}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert response.headers["vary"] == "Accept"
    assert response.text.startswith(first_line)
    assert "uz-khiva" in response.text


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/queries/nope", 404, "there is no named query 'nope'; the named queries are: "),
        ("/queries/twinnings_of_city", 400, "query 'twinnings_of_city' needs the parameter 'city'"),
        (
            "/queries/twinnings_of_city?city=city/ir-yazd&colour=red",
            400,
            "query 'twinnings_of_city' has no parameter 'colour'; it takes: city",
        ),
        (
            "/queries/twinnings_of_city?city=city/ir-yazd&city=city/ir-qom",
            400,
            "query 'twinnings_of_city': the parameter 'city' is given twice",
        ),
        (
            "/queries/most_mentioned_entities?from=last-year",
            400,
            "query 'most_mentioned_entities', parameter 'from': 'last-year' is not a date: YYYY-MM-DD, Gregorian or Jalali",
        ),
    ],
)
def test_bad_requests_get_the_error_shape(
    client: TestClient, url: str, status: int, message: str
) -> None:
    response = client.get(url)
    assert response.status_code == status
    body = response.json()
    assert (body["ok"], body["status"]) == (False, status)
    assert body["error"].startswith(message)


@pytest.mark.parametrize(
    ("jalali", "gregorian"),
    [
        ({"from": "1400-10-28"}, {"from": "2022-01-18"}),  # a Jalali day, as analyse reads it
        ({"from": "۱۴۰۰/۰۱/۰۱", "to": "1400-12-29"}, {"from": "2021-03-21", "to": "2022-03-20"}),
        ({"from": "1401", "to": "1401"}, {"from": "2022-03-21", "to": "2023-03-20"}),  # a year
    ],
)
def test_date_parameters_take_jalali_dates(
    client: TestClient, jalali: dict[str, str], gregorian: dict[str, str]
) -> None:
    url = "/queries/most_mentioned_entities"
    expected = client.get(url, params=gregorian)
    assert expected.status_code == 200, expected.text
    assert json_rows(expected.json())  # the period has rows: the comparison means something
    response = client.get(url, params=jalali)
    assert response.status_code == 200, response.text
    assert json_rows(response.json()) == json_rows(expected.json())


@pytest.mark.parametrize("name", ["Yazd", "یزد", "yazd"])
def test_an_entity_parameter_takes_a_name(client: TestClient, name: str) -> None:
    url = "/queries/twinnings_of_city"
    by_key = client.get(url, params={"city": "city/ir-yazd"})
    by_name = client.get(url, params={"city": name})
    assert by_name.status_code == 200, by_name.text
    assert json_rows(by_name.json()) == json_rows(by_key.json())
    assert json_rows(by_key.json())


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (  # a name of nothing
            {"city": "Atlantis"},
            "query 'twinnings_of_city', parameter 'city': no entity is named 'Atlantis'; "
            "give its key",
        ),
        (  # no IRI at all: what the parameter expects
            {"city": "city/a b>"},
            "query 'twinnings_of_city', parameter 'city': 'city/a b>' is not an IRI",
        ),
        (  # a key of nothing, and the entity it may have meant
            {"city": "city/yazd"},
            "query 'twinnings_of_city', parameter 'city': there is no entity 'city/yazd' in the "
            "store; did you mean city/ir-yazd (یزد), ",
        ),
    ],
)
def test_an_unknown_entity_is_refused(
    client: TestClient, params: dict[str, str], message: str
) -> None:
    response = client.get("/queries/twinnings_of_city", params=params)
    assert response.status_code == 400
    assert response.json()["error"].startswith(message)


def test_an_ambiguous_name_is_refused_with_the_candidates(client: TestClient) -> None:
    response = client.get(
        "/queries/officials_of_organisation", params={"organisation": "Municipality"}
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error.startswith(
        "query 'officials_of_organisation', parameter 'organisation': 'Municipality' names more "
        "than one entity; did you mean "
    )
    assert "organisation/tehran-municipality (شهرداری تهران)" in error


@pytest.mark.integration
def test_the_cli_looks_names_up_and_reads_jalali_dates(disk_store: str) -> None:
    def query(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(
            cli, ["query", "--store", disk_store, "--format", "csv", "--name", *args]
        )
        return result.exit_code, result.stdout, result.stderr

    by_key = query("twinnings_of_city", "--param", "city=city/ir-yazd")
    assert by_key[0] == 0
    assert query("twinnings_of_city", "--param", "city=Yazd") == by_key
    assert query("most_mentioned_entities", "--param", "from=1400-10-28") == query(
        "most_mentioned_entities", "--param", "from=2022-01-18"
    )
    code, _out, err = query("twinnings_of_city", "--param", "city=Atlantis")
    assert code == 1
    assert err.strip() == (
        "Error: query 'twinnings_of_city', parameter 'city': no entity is named 'Atlantis'; "
        "give its key, such as city=city/ir-isfahan (GET /entities?q=… finds them)"
    )


def test_an_unacceptable_format_is_406(client: TestClient) -> None:
    response = client.get(
        "/queries/twinnings_of_city",
        params={"city": "city/ir-yazd"},
        headers={"accept": "image/png"},
    )
    assert response.status_code == 406
    assert response.json()["ok"] is False


def test_the_cli_lists_the_queries_and_names_bad_parameters(disk_store: str) -> None:
    listing = CliRunner().invoke(cli, ["query", "--list"])
    assert listing.exit_code == 0
    assert "officials_of_organisation: Officials of an organisation" in listing.stdout
    assert "    --param organisation=<iri>  (required) the organisation" in listing.stdout
    for args, message in [
        (["--name", "nope"], "Error: there is no named query 'nope'"),
        (
            ["--name", "twinnings_of_city", "--param", "city"],
            "Error: field '--param': 'city' is not KEY=VALUE",
        ),
        (["--name", "twinnings_of_city"], "needs the parameter 'city'"),
        (["--param", "city=x"], "Error: --param goes with --name NAME"),
        ([], "Error: give either a SPARQL query (text or @FILE) or --name NAME"),
    ]:
        result = CliRunner().invoke(cli, ["query", *args, "--store", disk_store])
        assert result.exit_code != 0
        assert message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def test_the_header_examples_are_real(queries: dict[str, NamedQuery]) -> None:
    for query in queries.values():
        assert set(example(query)) <= {p.name for p in query.parameters}, query.name
        assert {p.name for p in query.parameters if p.required} <= set(example(query)), query.name


def test_the_path_of_a_query_file(queries: dict[str, NamedQuery]) -> None:
    for name, query in queries.items():
        assert Path(query.source) == ROOT / "queries" / f"{name}.rq"
