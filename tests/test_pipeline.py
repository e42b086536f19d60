"""The seed article, end to end: read, extract, map, store, and ask the store with SPARQL."""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions, RdfFormat

from bench.corpus import write_corpus
from payvand import pipeline
from payvand.errors import StoreError
from payvand.extract.gazetteer import Gazetteer
from payvand.mapping.iris import Iris
from payvand.namespaces import PV, sparql_prefixes
from payvand.pipeline import IngestReport, ingest, store_stats
from payvand.sources import article_from_record, read_articles
from payvand.store import ExportFormat, GraphStore, OxigraphStore, open_store
from payvand.text.normalise import match_key
from tests.conftest import SEED


@pytest.fixture(scope="module")
def seeded(gazetteer: Gazetteer, store_spec: str) -> Iterator[GraphStore]:
    """The seed article in an on-disk store, then in a real Oxigraph server."""
    store = open_store(store_spec, create=True)
    report = ingest(read_articles([SEED]), store, gazetteer, Iris())
    assert report.ok
    assert report.articles == 1
    yield store
    store.close()


def article_graph(store: GraphStore) -> str:
    result = store.query("SELECT ?g WHERE { GRAPH ?g { ?g a <https://schema.org/NewsArticle> } }")
    assert isinstance(result, QuerySolutions)
    (row,) = list(result)
    return str(row["g"].value)


def rows(store: GraphStore, body: str) -> list[dict[str, str]]:
    """Answers from the article's own graph, as the competency questions are asked."""
    result = store.query(sparql_prefixes() + body, default_graph=[article_graph(store)])
    assert isinstance(result, QuerySolutions)
    variables = [v.value for v in result.variables]
    return [{v: row[v].value for v in variables if row[v] is not None} for row in result]


def labels_of(store: GraphStore, cls: str) -> set[str]:
    found = rows(store, f"SELECT ?l WHERE {{ ?e a {cls} ; rdfs:label|skos:altLabel ?l }}")
    return {match_key(r["l"]) for r in found}


def test_the_speaker_holds_his_post(seeded: GraphStore) -> None:
    found = rows(
        seeded,
        """SELECT ?name ?org ?role WHERE {
             ?m a org:Membership ; org:member ?p ; org:organization ?o ; org:role ?r .
             ?p a pv:Person ; rdfs:label ?name . ?o rdfs:label ?org . ?r rdfs:label ?role .
             FILTER(lang(?name) = "fa" && lang(?org) = "fa" && lang(?role) = "fa") }""",
    )
    assert {
        "name": "محمدمهدی ایمانی‌پور",
        "org": "سازمان فرهنگ و ارتباطات اسلامی",
        "role": "رئیس",
    } in found


def test_the_honorific_is_a_title_not_part_of_the_name(seeded: GraphStore) -> None:
    found = rows(seeded, "SELECT ?l ?h WHERE { ?p a pv:Person ; rdfs:label ?l ; pv:honorific ?h }")
    assert any(r["h"] == "حجت‌الاسلام والمسلمین" for r in found)
    assert all("حجت" not in r["l"] for r in found)


@pytest.mark.parametrize(
    "name",
    [
        "سازمان فرهنگ و ارتباطات اسلامی",
        "کمیسیون ملی یونسکو ـ ایران",
        "وزارت میراث فرهنگی، صنایع دستی و گردشگری",
        "مجلس شورای اسلامی",
        "ایکنا",
    ],
)
def test_the_organisations(seeded: GraphStore, name: str) -> None:
    assert match_key(name) in labels_of(seeded, "pv:Organisation")


def test_the_publisher_is_iqna(seeded: GraphStore) -> None:
    found = rows(
        seeded, "SELECT ?l WHERE { ?a schema:publisher ?p . ?p rdfs:label|skos:altLabel ?l }"
    )
    assert "ایکنا" in {r["l"] for r in found}


def test_the_cities(seeded: GraphStore) -> None:
    assert {"مشهد", "قم"} <= labels_of(seeded, "pv:City")
    # «حسینیه» is a town too, but here it is the hall where the meeting was held.
    assert "حسینیه" not in labels_of(seeded, "pv:City")


def test_the_event_with_its_organisers_and_venue(seeded: GraphStore) -> None:
    found = rows(
        seeded,
        """SELECT ?event ?org ?venue WHERE {
             ?e a pv:Event ; rdfs:label ?event ; schema:organizer/rdfs:label ?org ;
                schema:location/rdfs:label ?venue . FILTER(lang(?org) = "fa") }""",
    )
    assert {match_key(r["event"]) for r in found} == {
        match_key("نشست هم‌اندیشی «جهان‌شهرهای ایرانی»")
    }
    # The canonical names, beside the names as the article writes them.
    assert {
        "سازمان فرهنگ و ارتباطات اسلامی",
        "کمیسیون ملی یونسکو در ایران",
    } <= {r["org"] for r in found}
    organisers = rows(seeded, "SELECT DISTINCT ?o WHERE { ?e a pv:Event ; schema:organizer ?o }")
    assert len(organisers) == 2
    assert {r["venue"] for r in found} == {"حسینیه الزهرا"}


def test_every_statement_of_the_speaker(seeded: GraphStore) -> None:
    found = rows(
        seeded,
        """SELECT ?verb ?quote WHERE { ?s a pv:Statement ; pv:speaker/rdfs:label "محمدمهدی ایمانی‌پور"@fa ;
             pv:speechVerb ?verb ; pv:quote ?quote ; prov:wasDerivedFrom ?a . ?a a schema:NewsArticle }""",
    )
    verbs = sorted(r["verb"] for r in found)
    # the lead (by title) and eight paragraphs, each opened by a speech verb and a colon
    assert verbs == sorted(
        [
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
    )
    assert all(len(r["quote"]) > 40 for r in found)


def test_the_publication_date_in_tehran_time(seeded: GraphStore) -> None:
    found = rows(seeded, "SELECT ?d WHERE { ?a a schema:NewsArticle ; schema:datePublished ?d }")
    assert [r["d"] for r in found] == ["2022-01-18T10:58:00+03:30"]


def test_every_fact_points_to_its_sentence(seeded: GraphStore) -> None:
    found = rows(
        seeded,
        """SELECT ?fact ?text ?start ?end WHERE {
             ?fact pv:evidence ?s . ?s pv:text ?text ; pv:startOffset ?start ; pv:endOffset ?end }""",
    )
    assert found
    for row in found:
        assert int(row["end"]) - int(row["start"]) == len(row["text"])


def test_one_graph_per_article_and_reingest_changes_nothing(
    seeded: GraphStore, gazetteer: Gazetteer
) -> None:
    before = store_stats(seeded)
    report = ingest(read_articles([SEED]), seeded, gazetteer, Iris())
    assert (report.articles, report.unchanged) == (0, 1)
    forced = ingest(read_articles([SEED]), seeded, gazetteer, Iris(), force=True)
    assert forced.articles == 1
    assert store_stats(seeded) == before
    graphs = seeded.query(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a <https://schema.org/NewsArticle> } }"
    )
    assert isinstance(graphs, QuerySolutions)
    assert len(list(graphs)) == 1


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, gazetteer: Gazetteer) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        write_corpus(40, handle, seed=11, gazetteer=gazetteer)
    return path


def nquads(store: GraphStore) -> list[str]:
    out = io.BytesIO()
    store.export(out, format=ExportFormat.NQUADS)
    return sorted(out.getvalue().decode("utf-8").splitlines())


def test_worker_processes_write_the_same_graphs_as_one_process(
    corpus: Path, gazetteer: Gazetteer
) -> None:
    alone, pooled = OxigraphStore(None), OxigraphStore(None)
    one = ingest(read_articles([corpus]), alone, gazetteer, Iris(), workers=1, batch_size=7)
    two = ingest(read_articles([corpus]), pooled, gazetteer, Iris(), workers=2, batch_size=7)
    assert (one.articles, two.articles) == (40, 40)
    assert (one.quads, one.statements, one.entities) == (two.quads, two.statements, two.entities)
    assert nquads(alone) == nquads(pooled)


def test_a_half_written_article_is_not_counted_as_done(corpus: Path, gazetteer: Gazetteer) -> None:
    complete = OxigraphStore(None)
    ingest(read_articles([corpus]), complete, gazetteer, Iris())
    crashed = OxigraphStore(None)
    ingest(read_articles([corpus]), crashed, gazetteer, Iris())
    graphs = [g for g in crashed.graph_names() if "/article/" in g.value][:3]
    # What a crash leaves: graphs without their hash, one cut short, one with stale quads.
    crashed.update(
        " ; ".join(f"DELETE WHERE {{ GRAPH {g} {{ {g} {PV.contentHash} ?h }} }}" for g in graphs)
    )
    crashed.update(f"DELETE WHERE {{ GRAPH {graphs[0]} {{ ?s {PV.speaker} ?o }} }}")
    crashed.update(f'INSERT DATA {{ GRAPH {graphs[1]} {{ {graphs[1]} {PV.text} "stale" }} }}')
    report = ingest(read_articles([corpus]), crashed, gazetteer, Iris())
    assert (report.articles, report.unchanged) == (3, 37)
    assert nquads(crashed) == nquads(complete)


def test_the_same_article_twice_in_one_run_keeps_the_later(
    tmp_path: Path, gazetteer: Gazetteer
) -> None:
    first = {
        "url": "https://example.org/twice",
        "text": "سازمان فرهنگ و ارتباطات اسلامی.",
        "lang": "fa",
    }
    later = {**first, "text": "شهرداری اصفهان و شهرداری کازان تفاهم‌نامه امضا کردند."}
    path = tmp_path / "twice.jsonl"
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in (first, later)) + "\n",
        encoding="utf-8",
    )
    store, only_later = OxigraphStore(None), OxigraphStore(None)
    ingest(read_articles([path]), store, gazetteer, Iris())
    ingest([article_from_record(later, source="x", line=1)], only_later, gazetteer, Iris())
    assert nquads(store) == nquads(only_later)


def test_ingest_with_topics_tags_statements_and_loads_the_scheme(gazetteer: Gazetteer) -> None:
    from payvand.sources import load_topics
    from tests.conftest import ROOT

    topics = load_topics(ROOT / "ontology" / "topics.ttl")
    store = OxigraphStore(None)
    assert ingest(read_articles([SEED]), store, gazetteer, Iris(), topics=topics).ok
    found = rows_union(
        store,
        """SELECT DISTINCT ?label WHERE { ?s a pv:Statement ; pv:about ?t .
             GRAPH <https://w3id.org/payvand/graph/topics> { ?t skos:prefLabel ?label }
             FILTER(lang(?label) = "en") }""",
    )
    assert {"City diplomacy", "Cultural heritage"} <= {r["label"] for r in found}
    before = store_stats(store)
    report = ingest(read_articles([SEED]), store, gazetteer, Iris(), topics=topics, force=True)
    assert report.articles == 1
    assert store_stats(store) == before


def rows_union(store: OxigraphStore, body: str) -> list[dict[str, str]]:
    result = store.query(sparql_prefixes() + body)
    assert isinstance(result, QuerySolutions)
    return [
        {v.value: row[v].value for v in result.variables if row[v] is not None} for row in result
    ]


def test_force_reloads_the_reference_graph(gazetteer: Gazetteer) -> None:
    store = OxigraphStore(None)
    assert ingest(read_articles([SEED]), store, gazetteer, Iris()).ok
    reference = Iris().reference_graph()
    stale = Quad(NamedNode("https://example.org/stale"), PV.contentHash, Literal("x"), reference)
    store.add_quads([stale])  # as a graph written by an older version of the mapping would hold
    ingest(read_articles([SEED]), store, gazetteer, Iris())
    assert bool(store.query("ASK { <https://example.org/stale> ?p ?o }"))
    ingest(read_articles([SEED]), store, gazetteer, Iris(), force=True)
    assert not bool(store.query("ASK { <https://example.org/stale> ?p ?o }"))


class FailingStore(OxigraphStore):
    """An in-memory store whose bulk loader fails from its ``fail_at``-th call on."""

    def __init__(self, fail_at: int) -> None:
        super().__init__(None)
        self.calls = 0
        self.fail_at = fail_at

    def bulk_load(self, data: bytes, *, format: RdfFormat) -> None:
        self.calls += 1
        if self.calls >= self.fail_at:
            raise StoreError("the disk is full")
        super().bulk_load(data, format=format)


def test_a_failed_write_stops_the_ingest_and_keeps_the_batches_written(
    corpus: Path, gazetteer: Gazetteer
) -> None:
    store = FailingStore(fail_at=2)
    heard: list[tuple[int, str]] = []

    def on_batch(report: IngestReport) -> None:
        heard.append((report.articles, threading.current_thread().name))

    with pytest.raises(StoreError, match="the disk is full"):
        ingest(read_articles([corpus]), store, gazetteer, Iris(), batch_size=7, on_batch=on_batch)
    # Batches are written in a thread of their own, but counted in the caller's.
    assert heard == [(7, threading.current_thread().name)]
    store.fail_at = 1_000
    report = ingest(read_articles([corpus]), store, gazetteer, Iris())
    assert (report.articles, report.unchanged) == (33, 7)
    complete = OxigraphStore(None)
    ingest(read_articles([corpus]), complete, gazetteer, Iris())
    assert nquads(store) == nquads(complete)


def test_an_on_disk_store_let_go_of_its_memory_after_every_batch_writes_the_same(
    corpus: Path, gazetteer: Gazetteer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reopened: list[int] = []
    release = OxigraphStore.release_memory

    def counted(self: OxigraphStore) -> None:
        reopened.append(self.quad_count())
        release(self)

    monkeypatch.setattr(pipeline, "RELEASE_BYTES", 1)
    monkeypatch.setattr(OxigraphStore, "release_memory", counted)
    store = OxigraphStore(tmp_path / "store")
    report = ingest(read_articles([corpus]), store, gazetteer, Iris(), workers=2, batch_size=7)
    assert report.articles == 40
    assert len(reopened) == 6  # after each of the six batches, with the store growing
    assert reopened == sorted(reopened)
    complete = OxigraphStore(None)
    ingest(read_articles([corpus]), complete, gazetteer, Iris())
    assert nquads(store) == nquads(complete)
    again = ingest(read_articles([corpus]), store, gazetteer, Iris(), batch_size=7)
    assert (again.articles, again.unchanged) == (0, 40)
    store.close()


def test_an_extracting_process_keeps_what_it_loaded_out_of_the_collectors_way() -> None:
    # In a process of its own: the collector's settings are the whole process's.
    script = (
        "import gc\n"
        "from payvand.pipeline import settle_for_extraction, settled_for_extraction\n"
        "before = gc.get_threshold()\n"
        "loaded = [[i] for i in range(50_000)]\n"
        "with settled_for_extraction():\n"
        "    print(gc.get_freeze_count(), gc.get_threshold()[0], gc.get_count()[0])\n"
        "print(gc.get_freeze_count(), gc.get_threshold() == before)\n"
        "settle_for_extraction()\n"
        "print(gc.get_freeze_count(), gc.get_threshold()[0])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    inside, after, settled = (line.split() for line in done.stdout.splitlines())
    # What was loaded is no longer walked by full collections, young objects go in big batches
    assert int(inside[0]) >= 50_000
    assert inside[1] == "10000"
    assert int(inside[2]) < 100
    assert after == ["0", "True"]  # and the block leaves the collector as it found it
    assert int(settled[0]) >= 50_000  # a worker stays so
    assert settled[1] == "10000"


def _sleep_for(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_stopping_the_workers_ends_even_with_half_a_result_in_the_pipe() -> None:
    # A worker killed while it sends a result leaves part of it in the pipe; the pool's thread
    # that reads results then waits for the rest. Stopping the workers must end all the same.
    pool = pipeline._new_pool(2, Gazetteer(), Iris(), None, None, 0)
    running = pool.submit(_sleep_for, 60.0)
    assert pool.submit(_sleep_for, 0.0).result(timeout=60) == 0.0  # the workers are up
    # the start of a result, as a worker killed mid-send leaves it: 2 bytes of 1000
    writer = pool._result_queue._writer  # type: ignore[attr-defined]
    os.write(writer.fileno(), struct.pack("!i", 1000) + b"\x80\x04")
    reader: threading.Thread = pool._executor_manager_thread  # type: ignore[assignment]
    time.sleep(0.5)  # it takes the message up and waits for the rest
    assert reader.is_alive()
    stopping = threading.Thread(target=pipeline._stop_workers, args=(pool,), daemon=True)
    stopping.start()
    stopping.join(timeout=pipeline.STOP_SECONDS + 20)
    assert not stopping.is_alive(), "stopping the workers hung"
    assert not reader.is_alive()
    assert running.done()
    assert not any(p.is_alive() for p in (pool._processes or {}).values())
