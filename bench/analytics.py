"""Benchmark of the analytics API: view build time, and every call cold and warm.

Usage (from the checkout, with the virtual environment's Python)::

    python bench/analytics.py --synthetic 10000            # a synthetic store, made here
    python bench/analytics.py --articles corpus.jsonl      # articles, ingested first
    python bench/analytics.py --store var/store            # a store that exists

``--synthetic N`` writes N articles straight into a store as the mapping would write them
(entities drawn from the bundled gazetteer with Zipf-like popularity, invented persons and events,
positions, statements, twinnings, agreements), without running the extractor, which is what makes
100,000 articles quick to set up. ``--articles`` runs the real ingest on any JSON Lines file of
articles (for example one written by a corpus generator). ``--keep DIR`` keeps the store made.

Each call goes through the app (FastAPI's test client, in process, JSON included). "cold" is the
first call after the view is built (the result is computed), "warm" the same call again (the
result is cached until the store changes). The view build is the first call on a view: its
query, the projection into networkx and, on the first view, the shared tables (articles,
entity names). The goal: every warm call under 2 s on 100,000 articles.
"""

from __future__ import annotations

import argparse
import functools
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOAL_SECONDS = 2.0
MEASURES = ("degree", "betweenness", "pagerank", "eigenvector", "closeness")


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


# -- a synthetic store ------------------------------------------------------------------------


def _zipf(
    items: list[Any], rng: random.Random, exponent: float = 1.1
) -> Callable[[int], list[Any]]:
    """A sampler of k distinct items, a few of them far more popular than the rest."""
    order = items[:]
    rng.shuffle(order)
    cumulative: list[float] = []
    total = 0.0
    for rank in range(len(order)):
        total += 1.0 / (rank + 1) ** exponent
        cumulative.append(total)
    indices = range(len(order))

    def sample(k: int) -> list[Any]:
        chosen: dict[int, None] = {}
        for _ in range(50 * k):
            if len(chosen) >= min(k, len(order)):
                break
            chosen[rng.choices(indices, cum_weights=cumulative, k=1)[0]] = None
        return [order[i] for i in chosen]

    return sample


def synthetic_extractions(n: int, seed: int) -> Iterator[Any]:
    """N extractions shaped like real ones, entities from the gazetteer."""
    from payvand.model import (
        Agreement,
        AgreementStatus,
        Article,
        Entity,
        EntityKind,
        Event,
        Extraction,
        Position,
        Sentence,
        Statement,
        Twinning,
        TwinningStatus,
    )
    from payvand.sources import load_gazetteer

    gazetteer = load_gazetteer(ROOT / "data" / "gazetteer")
    rng = random.Random(seed)
    entries = list(gazetteer.entries.values())

    def entity(entry: Any) -> Entity:
        labels = tuple(
            (name, lang) for name, lang in ((entry.name_fa, "fa"), (entry.name_en, "en")) if name
        )
        return Entity(
            entry.key,
            entry.kind,
            entry.label("fa"),
            "fa",
            labels=labels,
            subkind=entry.subkind,
            wikidata=entry.wikidata,
            canonical=True,
        )

    iranian = [e for e in entries if e.kind is EntityKind.CITY and e.id.startswith("ir-")]
    foreign = [e for e in entries if e.kind is EntityKind.CITY and not e.id.startswith("ir-")]
    organisations = [e for e in entries if e.kind is EntityKind.ORGANISATION]
    agencies = [e for e in organisations if e.subkind == "news_agency"] or organisations
    countries = {e.key: e for e in entries if e.kind is EntityKind.COUNTRY}
    known = [e for e in entries if e.kind is EntityKind.PERSON]
    invented = max(300, n // 8)
    persons = [("gazetteer", e) for e in known] + [("invented", i) for i in range(invented)]
    pick_iranian, pick_foreign = _zipf(iranian, rng), _zipf(foreign, rng, 0.9)
    pick_org, pick_person = _zipf(organisations, rng), _zipf(persons, rng, 0.9)
    roles = ["head", "mayor", "cultural counsellor", "ambassador", "deputy", "director"]
    start = date(2015, 1, 1)

    def person(item: tuple[str, Any]) -> Entity:
        kind, value = item
        if kind == "gazetteer":
            return entity(value)
        return Entity(
            f"person/synthetic-{value}",
            EntityKind.PERSON,
            f"Person {value}",
            "en",
            labels=((f"Person {value}", "en"),),
        )

    for number in range(n):
        day = start + timedelta(days=rng.randrange(11 * 365))
        cities = [entity(e) for e in pick_iranian(1) + pick_foreign(rng.randint(1, 2))]
        country_entities = []
        for c in cities:
            entry = gazetteer.entries.get(c.key)
            place = entry.located_in if entry is not None else None
            if place and place not in countries and place in gazetteer.entries:
                place = gazetteer.entries[place].located_in
            if place in countries:
                country_entities.append(entity(countries[place]))
        orgs = [entity(e) for e in pick_org(rng.randint(2, 4))]
        people = [person(p) for p in pick_person(rng.randint(1, 3))]
        publisher = rng.choice(agencies)
        sentences = tuple(Sentence(i, i * 100, i * 100 + 90, i // 3) for i in range(8))
        text = "".join(f"Sentence {i} of synthetic article {number}.".ljust(100) for i in range(8))
        event_key = f"event/synthetic-{number}"
        events: tuple[Event, ...] = ()
        if rng.random() < 0.4:
            events = (
                Event(
                    event_key,
                    f"Cultural week {number}",
                    "cultural_week",
                    (orgs[0].key,),
                    None,
                    cities[-1].key,
                    day,
                    2,
                    200,
                    290,
                ),
            )
        entities = {
            e.key: e for e in [*cities, *country_entities, *orgs, *people, entity(publisher)]
        }
        if events:
            entities[event_key] = Entity(
                event_key,
                EntityKind.EVENT,
                f"Cultural week {number}",
                "en",
                subkind="cultural_week",
            )
        positions = tuple(
            Position(p.key, rng.choice(orgs).key, rng.choice(roles), None, 1, 100, 190)
            for p in people
            if rng.random() < 0.5
        )
        statements = tuple(
            Statement(
                rng.choice(people).key,
                f"Quote {k} of article {number}.",
                "said",
                3 + k % 5,
                300 + 100 * (k % 5),
                390 + 100 * (k % 5),
            )
            for k in range(rng.randint(0, 4))
        )
        twinnings: tuple[Twinning, ...] = ()
        if rng.random() < 0.3:
            a, b = sorted((cities[0].key, cities[1].key))
            twinnings = (Twinning(a, b, rng.choice(list(TwinningStatus)), 4, 400, 490),)
        agreements: tuple[Agreement, ...] = ()
        if rng.random() < 0.2:
            agreements = (
                Agreement(
                    "mou",
                    (cities[0].key, cities[-1].key),
                    AgreementStatus.SIGNED,
                    "MoU",
                    5,
                    500,
                    590,
                ),
            )
        yield Extraction(
            article=Article(url=f"https://example.org/synthetic/{number}", text=text),
            text=text,
            lang="en",
            headline=f"Synthetic article {number}",
            date_published=day,
            publisher=publisher.key,
            sentences=sentences,
            entities=tuple(entities.values()),
            mentions=(),
            positions=positions,
            statements=statements,
            twinnings=twinnings,
            agreements=agreements,
            events=events,
            content_hash=f"synthetic-{seed}-{number}",
        )


def synthetic_store(store: Any, n: int, seed: int) -> int:
    """Write N synthetic articles and the gazetteer's reference graph; the number of quads."""
    from payvand.mapping.iris import Iris
    from payvand.mapping.rdf import to_quads
    from payvand.pipeline import ensure_reference_graph
    from payvand.sources import load_gazetteer

    iris = Iris()
    ensure_reference_graph(store, load_gazetteer(ROOT / "data" / "gazetteer"), iris)
    batch: list[Any] = []
    total = 0
    for extraction in synthetic_extractions(n, seed):
        batch.extend(to_quads(extraction, iris))
        if len(batch) > 200_000:
            store.add_quads(batch)
            total += len(batch)
            batch = []
    store.add_quads(batch)
    return total + len(batch)


# -- timing ------------------------------------------------------------------------------------


@dataclass
class Row:
    view: str
    call: str
    cold: float
    warm: float
    note: str = ""


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def get(client: Any, url: str, **params: Any) -> Any:
    response = client.get(url, params=params)
    if response.status_code != 200:
        raise RuntimeError(f"{url} {params}: {response.status_code} {response.text[:300]}")
    return response


def bench_view(client: Any, view: str, rows: list[Row]) -> None:
    build, response = timed(lambda: get(client, f"/graph/{view}/summary"))
    summary = response.json()
    rows.append(
        Row(
            view,
            "view build (summary)",
            build,
            timed(lambda: get(client, f"/graph/{view}/summary"))[0],
            f"{summary['nodes']} nodes, {summary['edges']} edges, {summary['articles']} articles",
        )
    )
    if summary["nodes"] == 0:
        return

    def twice(call: str, url: str, **params: Any) -> Any:
        cold, first = timed(lambda: get(client, url, **params))
        warm, _ = timed(lambda: get(client, url, **params))
        body = first.json() if first.headers["content-type"].startswith("application/json") else {}
        note = ""
        if isinstance(body, dict) and body.get("sampled"):
            note = f"sampled, k={body.get('k')}"
        rows.append(Row(view, call, cold, warm, note))
        return body

    top = None
    for measure in MEASURES:
        body = twice(f"centrality {measure}", f"/graph/{view}/centrality", measure=measure, top=20)
        if measure == "degree":
            top = [n["id"] for n in body["top"]]
    for algorithm in ("louvain", "label_propagation"):
        body = twice(
            f"communities {algorithm}", f"/graph/{view}/communities", algorithm=algorithm, seed=1
        )
        rows[-1].note = f"{body['count']} communities"
    assert top
    centre = top[0]
    target = top[min(len(top) - 1, 5)]
    twice("path k=3", f"/graph/{view}/path", source=top[-1], target=target, k=3)
    twice(
        "neighbourhood + pagerank + louvain",
        f"/graph/{view}/neighbourhood/{centre}",
        depth=1,
        limit=30,
        measure="pagerank",
        algorithm="louvain",
    )
    twice("neighbourhood depth 2", f"/graph/{view}/neighbourhood/{centre}", depth=2, limit=50)
    twice(
        "compare (two periods, degree)",
        f"/graph/{view}/compare",
        period_a="..2019",
        period_b="2020..",
    )
    twice("filtered summary (2020)", f"/graph/{view}/summary", **{"from": "2020", "to": "2020"})
    twice("export graphml", f"/graph/{view}/export", format="graphml")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--synthetic", type=int, metavar="N", help="make a synthetic store of N articles"
    )
    source.add_argument(
        "--articles", type=Path, metavar="FILE", help="ingest this JSON Lines file first"
    )
    source.add_argument("--store", type=Path, metavar="DIR", help="use this store as it is")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="where to make the store (kept)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--views", nargs="*", default=["actors", "comentions", "sister_cities", "statements"]
    )
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    from fastapi.testclient import TestClient

    from payvand.config import Settings
    from payvand.store import OxigraphStore
    from payvand.web.app import create_app

    made: Path | None = None
    if args.store:
        store = OxigraphStore(args.store, read_only=True)
        out(f"store: {args.store}")
    else:
        path = args.keep or Path(tempfile.mkdtemp(prefix="payvand-bench-")) / "store"
        made = None if args.keep else path.parent
        store = OxigraphStore(path)
        if args.synthetic:
            seconds, quads = timed(lambda: synthetic_store(store, args.synthetic, args.seed))
            out(f"synthetic store: {args.synthetic} articles, {quads} quads in {seconds:.1f} s")
        else:
            from payvand.mapping.iris import Iris
            from payvand.pipeline import ingest
            from payvand.sources import load_gazetteer, read_articles

            seconds, report = timed(
                lambda: ingest(
                    read_articles([args.articles]),
                    store,
                    load_gazetteer(ROOT / "data" / "gazetteer"),
                    Iris(),
                )
            )
            out(f"ingested {report.articles} articles ({report.quads} quads) in {seconds:.1f} s")
        store.flush()
    try:
        settings = Settings(
            store=str(args.store or "bench"), analytics_check_seconds=3600, project_dir=ROOT
        )
        client = TestClient(create_app(settings, store=store))
        rows: list[Row] = []
        seconds, _ = timed(lambda: get(client, "/entities", q="tehran"))
        rows.append(
            Row(
                "-",
                "entity names and search index (first search)",
                seconds,
                timed(lambda: get(client, "/entities", q="tehran"))[0],
            )
        )
        isfahan_fa = "\u0627\u0635\u0641\u0647\u0627\u0646"  # the Persian name of Isfahan
        for q in ("isf", isfahan_fa, "icro"):
            search = functools.partial(get, client, "/entities", q=q)
            started, _ = timed(search)
            rows.append(Row("-", f"search '{q}'", started, timed(search)[0]))
        hit = get(client, "/entities", q="tehran").json()["results"][0]["id"]
        page = functools.partial(get, client, f"/entities/{hit}")
        first, _ = timed(page)
        rows.append(Row("-", f"entity page {hit}", first, timed(page)[0]))
        for view in args.views:
            bench_view(client, view, rows)
        out()
        out(f"{'view':<14} {'call':<44} {'cold s':>8} {'warm s':>8}  note")
        for row in rows:
            out(f"{row.view:<14} {row.call:<44} {row.cold:>8.3f} {row.warm:>8.3f}  {row.note}")
        slowest = max(rows, key=lambda r: r.warm)
        out()
        verdict = "met" if slowest.warm < GOAL_SECONDS else "NOT met"
        out(f"slowest warm call: {slowest.view} {slowest.call} {slowest.warm:.3f} s")
        out(f"goal, every warm call under {GOAL_SECONDS} s: {verdict}")
        coldest = max(rows, key=lambda r: r.cold)
        out(f"slowest cold call: {coldest.view} {coldest.call} {coldest.cold:.3f} s")
    finally:
        store.close()
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)


if __name__ == "__main__":
    main()
