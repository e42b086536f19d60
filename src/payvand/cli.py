"""The ``payvand`` command line: ingest, query, export, stats, analyse and serve.

Every command turns a PayvandError into one line on stderr and exit status 1; nothing else
reaches the user as a traceback.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import json
import logging
import os
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NoReturn

import click
from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, Triple

from payvand import __version__
from payvand.allocator import allocator_in_use, restart_with_preferred_allocator
from payvand.analytics.build import ViewFilter, ranked_evidence
from payvand.analytics.metrics import (
    CommunityAlgorithm,
    GraphFormat,
    Measure,
    neighbourhood,
)
from payvand.competency import evaluate
from payvand.config import Settings
from payvand.connect import remote_endpoints
from payvand.errors import InputError, PayvandError, StoreError
from payvand.evaluation import render_table
from payvand.exploration import Explorer, period_of, view_filter
from payvand.mapping.iris import Iris
from payvand.namespaces import PREFIXES
from payvand.pipeline import (
    IndexReport,
    IngestInterruptedError,
    IngestReport,
    default_workers,
    ingest,
    rebuild_index,
    remove_articles,
    settled_for_extraction,
    store_stats,
    sync_index,
    validate_store,
)
from payvand.progress import ProgressDisplay
from payvand.publishing import write_release
from payvand.quickstatements import left_out_report, summary
from payvand.release import ontology_version
from payvand.sources import (
    Limits,
    count_articles,
    load_gazetteer,
    load_shapes,
    load_topics,
    read_articles,
    read_gold,
    read_turtle,
)
from payvand.store import (
    ExportFormat,
    GraphStore,
    ReadableStore,
    is_remote,
    open_reader,
    open_store,
)
from payvand.store.contributions import wikidata_contribution
from payvand.store.queries import NamedQuery, load_queries, named_query, run_named
from payvand.store.search_index import (
    SearchPage,
    TextIndex,
    index_path_for,
    search_request,
    values_clause,
)
from payvand.validation import describe

log = logging.getLogger("payvand")

STORE_OPTION = click.option(
    "--store",
    "store_spec",
    metavar="DIR|URL",
    default=None,
    help="The store: an on-disk directory (default var/store, or $PAYVAND_STORE), ':memory:', "
    "or the URL of a SPARQL server (http://HOST:PORT for Oxigraph server; "
    "PAYVAND_SPARQL_* settings name the endpoints of others).",
)

# The export format for Wikidata, beside the RDF formats of ExportFormat.
QUICKSTATEMENTS = "quickstatements"


def _settings(store_spec: str | None) -> Settings:
    try:
        settings = Settings()
    except ValueError as err:
        raise click.ClickException(f"bad setting in the environment: {err}") from err
    if store_spec:
        settings.store = store_spec
    return settings


@contextmanager
def _errors() -> Iterator[None]:
    """PayvandError -> one line on stderr, exit 1."""
    try:
        yield
    except PayvandError as err:
        raise click.ClickException(err.message) from err


def _open(settings: Settings, *, create: bool = False) -> GraphStore:
    """A store to write to; a remote store set read-only is refused with a clear message, and an
    on-disk one must exist unless ``create`` (only ingest creates a store)."""
    with _errors():
        if is_remote(settings.store) and settings.sparql_read_only:
            raise StoreError(
                f"the store at {settings.store} is set read-only (PAYVAND_SPARQL_READ_ONLY); "
                "this command writes, so give a writable store"
            )
        return open_store(settings.store, create=create, endpoints=remote_endpoints(settings))


def index_path(settings: Settings) -> Path | None:
    """The full-text index of the store: PAYVAND_SEARCH_INDEX, else where it lives by default."""
    return settings.search_index or index_path_for(settings.store)


def _open_index(settings: Settings, *, read_only: bool = False) -> TextIndex:
    with _errors():
        return TextIndex(index_path(settings), read_only=read_only)


def _open_reader(settings: Settings) -> ReadableStore:
    """A store to read: an on-disk one must exist, and is opened read-only (beside a server)."""
    with _errors():
        return open_reader(
            settings.store,
            endpoints=remote_endpoints(settings),
            read_only_remote=settings.sparql_read_only,
        )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="payvand")
@click.option("-v", "--verbose", is_flag=True, help="Log more (to stderr).")
def cli(verbose: bool) -> None:
    """Payvand: a knowledge graph of Iranian cultural diplomacy from Persian and English news."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@STORE_OPTION
@click.option(
    "--force",
    is_flag=True,
    help="Re-extract articles even when they are unchanged, and reload the reference and topic "
    "graphs (after an upgrade).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for extraction (default: one per core, or $PAYVAND_WORKERS).",
)
@click.option(
    "--no-index",
    is_flag=True,
    help="Leave the full-text index as it is (behind the store until 'payvand index').",
)
def ingest_command(
    paths: tuple[Path, ...],
    store_spec: str | None,
    force: bool,
    workers: int | None,
    no_index: bool,
) -> None:
    """Ingest articles (.jsonl, .txt, .html, RSS/Atom, or directories of them) into the store.

    Articles are read as a stream and extracted in worker processes; their quads are written
    in large batches. Each article becomes one named graph; re-ingesting an unchanged article
    does nothing and a changed one replaces its graph. An interrupted ingest leaves the store
    consistent, and running it again completes it. Bad lines and files are reported and
    skipped; the command then exits with status 1. The full-text index beside the store is
    updated as each batch is written, and brought level with the store at the end. On Linux it
    runs on jemalloc when the system has it, which makes the store's bulk loading faster
    ($PAYVAND_ALLOCATOR: jemalloc, system, or the path of a shared library to preload).
    """
    again = shlex.join(["payvand", "ingest", *(str(p) for p in paths)])
    try:
        _on_preferred_allocator()
        settings = _settings(store_spec)
        map_large_blocks_apart()
        again = shlex.join([*shlex.split(again), "--store", settings.store])
        with _errors():
            gazetteer = load_gazetteer(settings.gazetteer_dir)
            iris = Iris(settings.base_iri)
            topics_file = settings.ontology_dir / "topics.ttl"
            topics = load_topics(topics_file) if topics_file.exists() else None
        display = ProgressDisplay(sys.stderr, total=count_articles(paths))
        store = _open(settings, create=True)
        index = None if no_index else _open_index(settings)
    except KeyboardInterrupt:
        _interrupted(f"interrupted before anything was stored; run '{again}' to ingest")
    try:
        with _errors(), settled_for_extraction():
            report = ingest(
                read_articles(
                    paths,
                    limits=Limits(settings.max_article_bytes, settings.max_file_bytes),
                ),
                store,
                gazetteer,
                iris,
                progress=display.message,
                force=force,
                workers=workers or settings.workers or default_workers(),
                on_batch=display.update,
                batch_size=settings.batch_size,
                topics=topics,
                index=index,
                worker_memory=settings.worker_memory_bytes,
            )
    except IngestInterruptedError as stop:
        display.close()
        done = stop.report
        _interrupted(
            f"interrupted: {done.articles:,} articles stored ({done.unchanged:,} unchanged) and "
            f"the store is whole; run '{again}' again to ingest the rest"
        )
    except BaseException:
        display.close()
        if index is not None:
            index.close()
        with contextlib.suppress(PayvandError):  # the error that stopped the ingest is the news
            store.close()
        raise
    try:
        display.close()
        if index is not None:
            index.close()
        with _errors():
            store.close()
    except KeyboardInterrupt:
        _interrupted(
            f"interrupted: {report.articles:,} articles stored and the store is whole; "
            f"run '{again}' again to check that nothing is left"
        )
    click.echo(_summary(report), err=True)
    if report.errors:
        raise click.ClickException(_refusals(report))


def _interrupted(line: str) -> NoReturn:
    """Ctrl-C: say ``line`` and end now, with status 130.

    In the command's own process, the process ends at once: a batch may still be being written
    in another thread, and nothing that happens at a normal exit should wait for it (the store is
    consistent however the write ends). In another program's process, SystemExit(130).
    """
    click.echo(line, err=True)
    if not isinstance(click.get_current_context().obj, CommandProcess):
        raise SystemExit(130)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(130)


def _on_preferred_allocator() -> None:
    """Start the command's own process again on jemalloc (see :mod:`payvand.allocator`), first
    thing: the store's bulk loading, query evaluation and serialising allocate much. Not in
    another program's process (a test's ``CliRunner``), which has no :class:`CommandProcess`."""
    if isinstance(click.get_current_context().obj, CommandProcess):
        with _errors():
            restart_with_preferred_allocator()
    if log.isEnabledFor(logging.DEBUG):
        log.debug("memory allocator: %s", allocator_in_use())


# glibc's mallopt parameter for the size from which a block gets a mapping of its own.
_M_MMAP_THRESHOLD = -3
LARGE_BLOCK_BYTES = 1 << 20


def map_large_blocks_apart() -> bool:
    """Have blocks of 1 MiB and more mapped apart, and so returned to the system when freed.

    An ingest writes batches of tens of megabytes through the store's threads. glibc otherwise
    raises its threshold for such blocks as they are freed and serves them from its heaps
    instead, which stay fragmented at their largest size: the process then grows with the
    store (measured side by side: 100,000 articles peaked at 859 MB instead of 977 MB, 10,000
    at 747 MB instead of 801 MB, in the same time). Returns whether the setting took (glibc
    only; elsewhere nothing changes).
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return bool(mallopt(_M_MMAP_THRESHOLD, LARGE_BLOCK_BYTES))


def _summary(report: IngestReport) -> str:
    return (
        f"ingested {report.articles} articles "
        f"({report.unchanged} unchanged, {report.failed} failed): "
        f"{len(report.entities)} entities, {report.statements} statements, {report.quads} quads "
        f"in {report.seconds:.2f} s"
    )


def _refusals(report: IngestReport) -> str:
    """The last line of an ingest with bad input: ``stored N, refused M: the first reason``."""
    more = len(report.errors) - 1
    tail = f" (and {more} more above)" if more else ""
    return f"stored {report.articles}, refused {len(report.errors)}: {report.errors[0]}{tail}"


@cli.command("remove")
@click.argument("urls", nargs=-1, required=True)
@STORE_OPTION
def remove_command(urls: tuple[str, ...], store_spec: str | None) -> None:
    """Remove articles, by URL, with everything read from them (their named graphs).

    Entities the articles mentioned stay as long as another article or the gazetteer names
    them. A URL that is not in the store is reported, and the command exits with status 1.
    The full-text index forgets the articles in the same run.
    """
    settings = _settings(store_spec)
    with _errors():
        iris = Iris(settings.base_iri)
    store = _open(settings)
    try:
        index = _open_index(settings)
        try:
            with _errors():
                missing = remove_articles(urls, store, iris, index=index)
        finally:
            index.close()
    finally:
        store.close()
    for url in missing:
        click.echo(f"not in the store: {url}", err=True)
    click.echo(f"removed {len(urls) - len(missing)} articles", err=True)
    if missing:
        raise click.ClickException(f"{len(missing)} of the URLs are not in the store")


@cli.command("index")
@STORE_OPTION
@click.option(
    "--rebuild", is_flag=True, help="Empty the index and build it again from the whole store."
)
def index_command(store_spec: str | None, rebuild: bool) -> None:
    """Bring the full-text index level with the store (or, with --rebuild, build it anew).

    The index is an SQLite file beside an on-disk store (STORE.search.sqlite), under var/ for a
    SPARQL server, or where PAYVAND_SEARCH_INDEX says. Articles whose content changed in the
    store, or that are missing from the index, are indexed again, and articles the store no
    longer holds are dropped; ingest and remove do this themselves, so this command is for an
    index that was lost, is older than the store, or was made by another version.
    """
    settings = _settings(store_spec)
    store = _open_reader(settings)
    try:
        path = index_path(settings)
        if rebuild and path is not None and path.exists():
            with _errors():
                _drop_index_file(path)
        index = _open_index(settings)
        try:
            with _errors():
                report = (rebuild_index if rebuild else sync_index)(store, index)
        finally:
            index.close()
    finally:
        store.close()
    click.echo(_index_summary(report, path), err=True)


@cli.command("search")
@click.argument("query")
@STORE_OPTION
@click.option("--kind", type=click.Choice(["statement", "sentence", "article"]), default=None)
@click.option("--lang", type=click.Choice(["fa", "en"]), default=None)
@click.option("--from", "start", default=None, help="From this day, month or year (or Jalali).")
@click.option("--to", "end", default=None, help="To this day, month or year (or Jalali).")
@click.option("--speaker", default=None, help="Only what this speaker (an IRI) said.")
@click.option("--entity", default=None, help="Only around this entity (an IRI).")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "values"]),
    default="text",
    show_default=True,
    help="values: a SPARQL VALUES block of the hits, to paste into a query.",
)
def search_command(
    query: str,
    store_spec: str | None,
    kind: str | None,
    lang: str | None,
    start: str | None,
    end: str | None,
    speaker: str | None,
    entity: str | None,
    limit: int,
    offset: int,
    fmt: str,
) -> None:
    """Search what was said: statements, evidence sentences and articles, Persian and English.

    Spellings meet: Arabic or Persian letters, with or without ZWNJ, plural and other suffixes,
    the verb prefix «می‌», English inflections. "…" or «…» is a phrase, OR either, NOT x or -x
    excludes, word* is a prefix. Hits come best first, with the words found in [brackets].
    """
    settings = _settings(store_spec)
    index = _open_index(settings, read_only=index_path(settings) is not None)
    try:
        with _errors():
            wanted = search_request(
                query,
                kind=kind,
                lang=lang,
                start=start,
                end=end,
                speaker=speaker,
                entity=entity,
                limit=limit,
                offset=offset,
            )
            page = index.search(wanted)
    finally:
        index.close()
    if page.stale:
        click.echo(
            "warning: the store was written through /update or /store since the index was "
            "brought level; 'payvand index' does it",
            err=True,
        )
    if fmt == "values":
        click.echo(values_clause(page), nl=False)
    elif fmt == "json":
        click.echo(json.dumps(_page_json(page), ensure_ascii=False, indent=2))
    else:
        _print_page(page, offset)


def _page_json(page: SearchPage) -> dict[str, Any]:
    return {
        "query": page.query,
        "total": page.total,
        "exact": page.exact,
        "stale": page.stale,
        "ranked": page.ranked,
        "hits": [
            {
                "kind": hit.kind.label,
                "iri": hit.iri,
                "score": hit.score,
                "snippet": hit.snippet,
                "highlights": [list(mark) for mark in hit.marks],
                "date": hit.day.isoformat() if hit.day else None,
                "lang": hit.lang,
                "article": {"iri": hit.article, "label": hit.headline},
                "speaker": {"iri": hit.speaker, "label": hit.speaker_label}
                if hit.speaker
                else None,
                "outlet": {"iri": hit.outlet, "label": hit.outlet_label} if hit.outlet else None,
            }
            for hit in page.hits
        ],
        "facets": {
            name: [{"value": f.value, "label": f.label, "count": f.count} for f in counts]
            for name, counts in page.facets.items()
        },
    }


def _marked(text: str, marks: tuple[tuple[int, int], ...]) -> str:
    out, at = [], 0
    for start, end in marks:
        out += [text[at:start], "[", text[start:end], "]"]
        at = end
    return "".join([*out, text[at:]])


def _print_page(page: SearchPage, offset: int) -> None:
    shown = f"{offset + 1}-{offset + len(page.hits)} of " if page.hits else ""
    ranked = f" (the newest {page.ranked} ranked)" if page.ranked < page.total else ""
    total = f"{page.total}{'' if page.exact else '+'}"
    click.echo(f"{shown}{total} hits for {page.query}{ranked}")
    for n, hit in enumerate(page.hits, start=offset + 1):
        who = f" {hit.speaker_label}:" if hit.speaker_label else ""
        day = hit.day.isoformat() if hit.day else "undated"
        click.echo(
            f"{n}. [{hit.kind.label}, {day}, {hit.score:.2f}]{who} "
            f"{_marked(hit.snippet, hit.marks)}"
        )
        click.echo(f"   {hit.headline or ''} <{hit.article}>")
    for name, counts in page.facets.items():
        if counts:
            click.echo(f"{name}: " + ", ".join(f"{f.label or f.value} ({f.count})" for f in counts))


def _drop_index_file(path: Path) -> None:
    """Delete an index file (and SQLite's journal beside it) that is to be built again."""
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            part.unlink(missing_ok=True)
        except OSError as err:
            raise StoreError(f"cannot delete the search index at {part}: {err}") from err


def _index_summary(report: IndexReport, path: Path | None) -> str:
    where = f" at {path}" if path is not None else " (in memory)"
    return (
        f"the search index{where} holds the store's {report.articles} articles: "
        f"{report.indexed} indexed, {report.removed} dropped, in {report.seconds:.2f} s"
    )


def _term(value: NamedNode | BlankNode | Literal | Triple | None) -> str:
    if value is None:
        return ""
    if isinstance(value, NamedNode):
        return value.value
    if isinstance(value, Literal):
        return value.value
    return str(value)


def _read_query(text: str) -> str:
    if text.startswith("@"):
        path = Path(text[1:])
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"cannot read the query file: {err}", source=str(path)) from err
    return text


@cli.command("query")
@click.argument("query", required=False)
@STORE_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "tsv"]),
    default="table",
    show_default=True,
    help="Output format for SELECT and ASK results (CONSTRUCT always prints Turtle).",
)
@click.option("--name", metavar="NAME", help="Run the named query queries/NAME.rq instead.")
@click.option(
    "--param",
    "params",
    metavar="KEY=VALUE",
    multiple=True,
    help="A parameter of the named query (repeat for more), e.g. organisation=organisation/icro.",
)
@click.option("--list", "list_names", is_flag=True, help="List the named queries and stop.")
def query_command(
    query: str | None,
    store_spec: str | None,
    fmt: str,
    name: str | None,
    params: tuple[str, ...],
    list_names: bool,
) -> None:
    """Run a SPARQL query (text, or @FILE.rq), or a named query, over the store.

    A named query is one of queries/*.rq, run with --name NAME and its parameters given as
    --param KEY=VALUE; --list shows them all with their parameters.
    """
    settings = _settings(store_spec)
    if list_names:
        with _errors():
            _list_queries(load_queries(settings.queries_dir))
        return
    if params and name is None:
        raise click.UsageError("--param goes with --name NAME")
    if (query is None) == (name is None):
        raise click.UsageError("give either a SPARQL query (text or @FILE) or --name NAME")
    with _errors():
        if name is None:
            sparql, named, values = _read_query(query or ""), None, {}
        else:
            sparql, named = "", named_query(load_queries(settings.queries_dir), name)
            values = _param_values(params)
    store = _open_reader(settings)
    try:
        with _errors():
            result = (
                store.query(sparql)
                if named is None
                else run_named(
                    store,
                    named,
                    Explorer(
                        store, settings.queries_dir / "views", base=settings.base_iri
                    ).resolve_parameters(named, values),
                    base=settings.base_iri,
                )
            )
            _print_result(result, fmt)
    finally:
        store.close()


def _param_values(params: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for param in params:
        key, equals, value = param.partition("=")
        if not equals or not key.strip():
            raise InputError(f"'{param}' is not KEY=VALUE", field="--param")
        if key.strip() in values:
            raise InputError(f"the parameter '{key.strip()}' is given twice", field="--param")
        values[key.strip()] = value
    return values


def _list_queries(queries: dict[str, NamedQuery]) -> None:
    for query in queries.values():
        click.echo(f"{query.name}: {query.title['en']}")
        for parameter in query.parameters:
            need = (
                "required"
                if parameter.required
                else "optional"
                if parameter.default is None
                else f"default {parameter.default}"
            )
            click.echo(
                f"    --param {parameter.name}=<{parameter.type.value}>  ({need}) "
                f"{parameter.description}"
            )


def _print_result(result: Any, fmt: str) -> None:
    from pyoxigraph import QueryResultsFormat, RdfFormat, serialize

    if isinstance(result, QueryBoolean):
        if fmt == "table":
            click.echo("true" if bool(result) else "false")
        else:
            formats = {
                "json": QueryResultsFormat.JSON,
                "csv": QueryResultsFormat.CSV,
                "tsv": QueryResultsFormat.TSV,
            }
            click.echo((result.serialize(format=formats[fmt]) or b"").decode())
        return
    if isinstance(result, QuerySolutions):
        if fmt == "table":
            variables = [v.value for v in result.variables]
            rows = [[_term(row[v]) for v in variables] for row in result]
            widths = [max([len(v), *(len(r[i]) for r in rows)]) for i, v in enumerate(variables)]
            click.echo("  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True)))
            click.echo("  ".join("-" * w for w in widths))
            for row in rows:
                click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
            click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", err=True)
        else:
            formats = {
                "json": QueryResultsFormat.JSON,
                "csv": QueryResultsFormat.CSV,
                "tsv": QueryResultsFormat.TSV,
            }
            click.echo((result.serialize(format=formats[fmt]) or b"").decode(), nl=False)
        return
    sys.stdout.buffer.write(serialize(result, format=RdfFormat.TURTLE) or b"")


@cli.command("export")
@STORE_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*(f.value for f in ExportFormat), QUICKSTATEMENTS]),
    required=True,
    help="turtle and ntriples write the union of all graphs; "
    "trig and nquads keep the named graphs; quickstatements writes twinnings and positions "
    "for Wikidata.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (default: stdout).",
)
@click.option("--graph", "graph", metavar="IRI", help="Export only this named graph.")
@click.option(
    "--report",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="With quickstatements: write the facts left out, and why, to this file "
    "(tab-separated; default: stderr).",
)
@click.option(
    "--retrieved",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="With quickstatements: the day the articles were read, YYYY-MM-DD, stated in every "
    "reference (P813; default: today, UTC).",
)
def export_command(
    store_spec: str | None,
    fmt: str,
    output: Path | None,
    graph: str | None,
    report: Path | None,
    retrieved: datetime | None,
) -> None:
    """Export the store as Turtle, TriG, N-Quads or N-Triples, or as QuickStatements.

    --format quickstatements writes QuickStatements V1 lines for Wikidata: twinnings (P190, both
    ways) and positions (P39 with P642 and the term, P580 and P582) whose entities have Wikidata
    QIDs, each referenced by its article (P854 URL, P813 retrieved, P1476 headline); facts not
    concluded or signed, not read from an article or without QIDs are left out and listed.
    On Linux it runs on jemalloc when the system has it, like ingest ($PAYVAND_ALLOCATOR).
    """
    if fmt == QUICKSTATEMENTS:
        if graph:
            raise click.UsageError("--graph does not go with --format quickstatements")
    elif report or retrieved:
        raise click.UsageError("--report and --retrieved go with --format quickstatements")
    _on_preferred_allocator()
    settings = _settings(store_spec)
    if fmt == QUICKSTATEMENTS:
        _export_quickstatements(settings, output, report, (retrieved or datetime.now(UTC)).date())
        return
    with _errors():
        graph_node = _graph_iri(graph) if graph else None
    store = _open_reader(settings)
    try:
        with _errors():
            if output is None:
                store.export(sys.stdout.buffer, format=ExportFormat(fmt), graph=graph_node)
            else:
                tmp = output.with_name(output.name + ".part")
                try:
                    with tmp.open("wb") as handle:
                        store.export(handle, format=ExportFormat(fmt), graph=graph_node)
                    tmp.replace(output)
                except OSError as err:
                    raise InputError(f"cannot write: {err.strerror}", source=str(output)) from err
                click.echo(f"wrote {output}", err=True)
    finally:
        store.close()


def _export_quickstatements(
    settings: Settings, output: Path | None, report: Path | None, retrieved: date
) -> None:
    store = _open_reader(settings)
    try:
        with _errors():
            contribution = wikidata_contribution(store, retrieved=retrieved)
    finally:
        store.close()
    with _errors():
        _write_text(output, contribution.text())
        if report is not None:
            _write_text(report, left_out_report(contribution))
    if report is None:
        for item in contribution.left_out:
            click.echo(f"left out {item.fact} ({item.graph}): {item.reason}", err=True)
    click.echo(summary(contribution), err=True)


def _write_text(path: Path | None, text: str) -> None:
    """``text`` to ``path`` (through a partial file, moved into place), or to stdout."""
    if path is None:
        click.echo(text, nl=False)
        return
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as err:
        raise InputError(f"cannot write: {err.strerror}", source=str(path)) from err


def _graph_iri(value: str) -> NamedNode:
    try:
        return NamedNode(value)
    except ValueError as err:
        raise InputError(f"'{value}' is not an IRI: {err}", field="--graph") from err


@cli.command("stats")
@STORE_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
def stats_command(store_spec: str | None, as_json: bool) -> None:
    """Quads, graphs and instances per class in the store."""
    settings = _settings(store_spec)
    store = _open_reader(settings)
    try:
        with _errors():
            stats = store_stats(store)
    finally:
        store.close()
    if as_json:
        click.echo(
            json.dumps(
                {"quads": stats.quads, "graphs": stats.graphs, "instances": dict(stats.instances)},
                indent=2,
            )
        )
        return
    click.echo(f"quads   {stats.quads}")
    click.echo(f"graphs  {stats.graphs}")
    for cls, n in stats.instances.items():
        click.echo(f"{n:>7}  {cls}")


@cli.command("validate")
@STORE_OPTION
@click.option(
    "--shapes",
    "shapes_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The SHACL shapes (default: ontology/shapes.ttl).",
)
@click.option(
    "--limit", type=int, default=10, show_default=True, help="Focus nodes shown per group."
)
def validate_command(store_spec: str | None, shapes_path: Path | None, limit: int) -> None:
    """Check the store against the SHACL shapes and print what does not conform.

    Results are grouped by property and message, each with its focus nodes. The command exits
    with status 1 when there is a violation; warnings (conflicts between sources) are printed but
    do not fail it.
    """
    settings = _settings(store_spec)
    with _errors():
        shapes = load_shapes(shapes_path or settings.ontology_dir / "shapes.ttl")
    store = _open_reader(settings)
    try:
        with _errors():
            report = validate_store(store, shapes)
    finally:
        store.close()
    prefixes = {**PREFIXES, "id": Iris(settings.base_iri).base}
    for line in describe(report, prefixes=prefixes, limit=limit):
        click.echo(line)
    if not report.conforms:
        raise click.ClickException(
            f"{len(report.violations)} violation(s) of the shapes; see the report above"
        )


@cli.command("evaluate")
@click.argument("gold_dir", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@click.option("--details", is_flag=True, help="List the misses and wrong answers of every article.")
def evaluate_command(gold_dir: Path, as_json: bool, details: bool) -> None:
    """Score extraction on annotated articles (GOLD_DIR/*.gold.json, as in data/articles/gold).

    Each article is extracted into its own named graph of an in-memory store and the eight
    competency questions of the annotation guide are answered there with SPARQL; prints
    precision, recall and F1 per question, entity-F1, relation-F1 and date accuracy, for all
    articles and per language.
    """
    settings = _settings(None)
    with _errors():
        gazetteer = load_gazetteer(settings.gazetteer_dir)
        result = evaluate(read_gold(gold_dir), gazetteer, Iris(settings.base_iri))
    if as_json:
        click.echo(json.dumps(result.to_json(details=details), ensure_ascii=False, indent=2))
    else:
        click.echo(render_table(result, details=details), nl=False)


@cli.command("serve")
@STORE_OPTION
@click.option("--host", default=None, help="Interface to listen on (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port to listen on (default 8000).")
@click.option(
    "--write-token-file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Allow /update and writes to /store for requests with 'Authorization: Bearer "
    "<token>', the token being this file's content (or $PAYVAND_WRITE_TOKEN). "
    "Without one the server is read-only.",
)
@click.option(
    "--query-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Seconds a query may run before it is stopped (default 30, or $PAYVAND_QUERY_TIMEOUT); "
    "a request may ask for less with ?timeout=.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=None,
    help="Serving processes over an on-disk store (default 2, or $PAYVAND_QUERY_WORKERS); one "
    "whose query overruns the timeout is replaced. 0 serves in this process, which cannot stop "
    "a query.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=0),
    default=None,
    help="Rows (or triples) a result may have before it is cut (default 100000; 0: no cap).",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=0),
    default=None,
    help="Bytes a result may have before it is cut (default 256 MiB; 0: no cap).",
)
@click.option(
    "--releases",
    "releases_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="A directory of releases (each written by 'payvand release') to serve at /releases "
    "(or $PAYVAND_RELEASES_DIR).",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    help="An origin allowed to call the API from a browser ('*' for any); repeat for more. "
    "CORS is off without it.",
)
@click.option(
    "--allow-service",
    "allowed_services",
    multiple=True,
    metavar="URL",
    help="A SPARQL endpoint queries may call with SERVICE (a URL ending in '/': every URL under "
    "it); repeat for more. Without it SERVICE is refused.",
)
@click.option(
    "--allow-load",
    "allowed_loads",
    multiple=True,
    metavar="URL",
    help="A URL updates may LOAD from (ending in '/': every URL under it); repeat for more. "
    "Without it LOAD is refused.",
)
def serve_command(
    store_spec: str | None,
    host: str | None,
    port: int | None,
    write_token_file: Path | None,
    query_timeout: float | None,
    workers: int | None,
    max_rows: int | None,
    max_bytes: int | None,
    releases_dir: Path | None,
    cors_origins: tuple[str, ...],
    allowed_services: tuple[str, ...],
    allowed_loads: tuple[str, ...],
) -> None:
    """Serve the SPARQL endpoint and the API over HTTP.

    Read-only unless a write token is given. Over an on-disk store this process holds the store
    and answers writes, and serving processes answer the rest over read-only views; one whose
    query overruns the timeout (504) is replaced without holding up the others. On Linux it runs
    on jemalloc when the system has it, like ingest ($PAYVAND_ALLOCATOR).
    """
    _on_preferred_allocator()
    from uvicorn.importer import import_from_string

    settings = _settings(store_spec)
    if host:
        settings.host = host
    if port:
        settings.port = port
    # The server and the app read their settings from the environment.
    overrides: dict[str, str] = {"PAYVAND_STORE": settings.store}
    if write_token_file is not None:
        try:
            token = write_token_file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as err:
            raise click.ClickException(f"cannot read the write token file: {err}") from err
        if not token:
            raise click.ClickException(f"{write_token_file}: the write token file is empty")
        overrides["PAYVAND_WRITE_TOKEN"] = token
    if query_timeout is not None:
        overrides["PAYVAND_QUERY_TIMEOUT"] = str(query_timeout)
    if workers is not None:
        overrides["PAYVAND_QUERY_WORKERS"] = str(workers)
    if max_rows is not None:
        overrides["PAYVAND_MAX_ROWS"] = str(max_rows)
    if max_bytes is not None:
        overrides["PAYVAND_MAX_RESPONSE_BYTES"] = str(max_bytes)
    if cors_origins:
        overrides["PAYVAND_CORS_ORIGINS"] = ",".join(cors_origins)
    if allowed_services:
        overrides["PAYVAND_ALLOWED_SERVICES"] = ",".join(allowed_services)
    if allowed_loads:
        overrides["PAYVAND_ALLOWED_LOADS"] = ",".join(allowed_loads)
    if releases_dir is not None:
        overrides["PAYVAND_RELEASES_DIR"] = str(releases_dir.resolve())
    os.environ.update(overrides)
    try:
        Settings()
    except ValueError as err:
        raise click.ClickException(f"bad setting: {err}") from err
    reader = _open_reader(settings)  # fail here, with a clear message, if it cannot be opened
    with _errors():
        reader.query("ASK { ?s ?p ?o }")
    reader.close()
    base = f"http://{settings.host}:{settings.port}"
    click.echo(f"Explorer:        {base}/", err=True)
    click.echo(f"SPARQL endpoint: {base}/sparql", err=True)
    click.echo(f"API docs:        {base}/docs", err=True)
    click.echo(f"Ontology:        {base}/ontology", err=True)
    # The server is in the web layer, which the CLI does not import: it is found by name, and
    # reads the settings from the environment set above.
    serve = import_from_string("payvand.web.server:serve_from_environment")
    with _errors():
        serve(settings.host, settings.port)


def _print_table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    click.echo("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for row in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


@cli.command("analyse")
@click.argument("view")
@STORE_OPTION
@click.option(
    "--from", "start", metavar="DATE", help="First day (Gregorian or Jalali, a month, a year)."
)
@click.option("--to", "end", metavar="DATE", help="Last day (as --from).")
@click.option("--types", metavar="TYPES", help="Entity types to keep, comma-separated.")
@click.option(
    "--min-weight",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Keep only ties backed by at least this many articles.",
)
@click.option(
    "--measure",
    type=click.Choice([m.value for m in Measure]),
    help="List the most central entities by this measure.",
)
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True)
@click.option(
    "--k",
    "k",
    type=click.IntRange(min=1),
    help="Samples for betweenness and closeness; with --path, how many paths (default 1).",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Seed of sampling and communities."
)
@click.option(
    "--communities",
    "algorithm",
    type=click.Choice([a.value for a in CommunityAlgorithm]),
    help="List the communities found by this algorithm.",
)
@click.option(
    "--path",
    "path",
    nargs=2,
    metavar="SOURCE TARGET",
    help="The shortest chains between two entity ids.",
)
@click.option(
    "--neighbourhood", "centre", metavar="ENTITY", help="The entities tied to this entity id."
)
@click.option("--depth", type=click.IntRange(1, 2), default=1, show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option(
    "--compare",
    "periods",
    nargs=2,
    metavar="PERIOD_A PERIOD_B",
    help="Who gained and lost centrality between two periods (2021 2022, 1399..1400/06 1401).",
)
@click.option(
    "--export",
    "fmt",
    type=click.Choice([f.value for f in GraphFormat]),
    help="Write the view as GraphML, GEXF or Cytoscape.js JSON.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File for --export (default: stdout).",
)
def analyse_command(
    view: str,
    store_spec: str | None,
    start: str | None,
    end: str | None,
    types: str | None,
    min_weight: int,
    measure: str | None,
    top: int,
    k: int | None,
    seed: int,
    algorithm: str | None,
    path: tuple[str, str] | None,
    centre: str | None,
    depth: int,
    limit: int,
    periods: tuple[str, str] | None,
    fmt: str | None,
    output: Path | None,
) -> None:
    """Analyse a graph view (actors, comentions, sister_cities, statements).

    Without an action, print the view's summary. Actions: --measure (with --top), --communities,
    --path SOURCE TARGET (with --k), --neighbourhood ENTITY (with --depth, --limit), --compare
    PERIOD_A PERIOD_B, --export FORMAT. Entities are named by id, such as city/ir-isfahan
    (GET /entities?q=… or the web page finds them).
    """
    # --measure with --compare names the measure compared; alone, it is the action
    chosen = (None if periods else measure, algorithm, path, centre, periods, fmt)
    actions = [a for a in chosen if a]
    if len(actions) > 1:
        raise click.UsageError(
            "give one of --measure, --communities, --path, --neighbourhood, --compare, --export"
            " (--measure may go with --compare)"
        )
    settings = _settings(store_spec)
    store = _open_reader(settings)
    try:
        with _errors():
            explorer = Explorer(store, settings.queries_dir / "views", base=settings.base_iri)
            flt = view_filter(start, end, types, min_weight)
            _analyse(
                explorer,
                view,
                flt,
                measure=measure,
                top=top,
                k=k,
                seed=seed,
                algorithm=algorithm,
                path=path,
                centre=centre,
                depth=depth,
                limit=limit,
                periods=periods,
                fmt=fmt,
                output=output,
            )
    finally:
        store.close()


def _analyse(
    explorer: Explorer,
    view: str,
    flt: ViewFilter,
    *,
    measure: str | None,
    top: int,
    k: int | None,
    seed: int,
    algorithm: str | None,
    path: tuple[str, str] | None,
    centre: str | None,
    depth: int,
    limit: int,
    periods: tuple[str, str] | None,
    fmt: str | None,
    output: Path | None,
) -> None:
    graph = explorer.graph(view, flt)

    def name(node: str) -> str:
        data = graph.nodes[node]
        return f"{data['label']}"

    def ident(node: str) -> str:
        return str(graph.nodes[node]["id"])

    if measure and not periods:
        result = explorer.centrality(view, flt, Measure(measure), k=k, seed=seed)
        _print_table(
            ["rank", measure, "id", "type", "name"],
            [
                [str(i), f"{score:.6f}", ident(n), graph.nodes[n]["type"], name(n)]
                for i, (n, score) in enumerate(result.top(top), start=1)
            ],
        )
        if result.note:
            click.echo(result.note, err=True)
    elif algorithm:
        partition = explorer.communities(view, flt, CommunityAlgorithm(algorithm), seed=seed)
        _print_table(
            ["community", "size", "label", "members"],
            [
                [
                    str(c.index),
                    str(len(c.members)),
                    c.label,
                    ", ".join(ident(m) for m in c.members[:5])
                    + (" …" if len(c.members) > 5 else ""),
                ]
                for c in partition.communities[:top]
            ],
        )
        click.echo(
            f"{len(partition.communities)} communities, modularity {partition.modularity:.4f}",
            err=True,
        )
    elif path:
        found = explorer.paths(view, flt, path[0], path[1], k=k or 1)
        if not found.paths:
            click.echo(found.reason or "no path")
        articles = explorer.articles()
        for number, nodes in enumerate(found.paths, start=1):
            click.echo(
                f"path {number} ({len(nodes) - 1} hops): " + " — ".join(name(n) for n in nodes)
            )
            rows = []
            for u, v in itertools.pairwise(nodes):
                best = ranked_evidence(graph[u][v]["evidence"], articles, limit=1)
                info = articles.get(best[0].article or "") if best else None
                rows.append(
                    [
                        ident(u),
                        ident(v),
                        ",".join(graph[u][v]["relations"]),
                        str(graph[u][v]["weight"]),
                        info.day.isoformat() if info and info.day else "",
                        (best[0].article or "gazetteer") if best else "",
                    ]
                )
            _print_table(["from", "to", "relations", "weight", "date", "evidence"], rows)
    elif centre:
        node = explorer.node_iri(graph, centre)
        sub = neighbourhood(graph, node, depth=depth, limit=limit)
        _print_table(
            ["id", "type", "name", "weight", "relations"],
            [
                [
                    ident(n),
                    graph.nodes[n]["type"],
                    name(n),
                    str(graph[node][n]["weight"]) if graph.has_edge(node, n) else "",
                    ",".join(graph[node][n]["relations"]) if graph.has_edge(node, n) else "",
                ]
                for n in sorted(
                    sub,
                    key=lambda n: (
                        n != node,
                        -(graph[node][n]["weight"] if graph.has_edge(node, n) else 0),
                        ident(n),
                    ),
                )
            ],
        )
    elif periods:
        a = period_of(periods[0], field="period_a")
        b = period_of(periods[1], field="period_b")
        cmp = explorer.compare(view, flt, a, b, Measure(measure or "degree"), top=top)
        both = {
            **explorer.graph(view, ViewFilter(a, flt.types, flt.min_weight)).nodes,
            **explorer.graph(view, ViewFilter(b, flt.types, flt.min_weight)).nodes,
        }
        rows = [
            [
                kind,
                str(both[c.node]["id"]),
                str(both[c.node]["label"]),
                f"{c.before:.6f}",
                f"{c.after:.6f}",
                f"{c.delta:+.6f}",
            ]
            for kind, items in (("gained", cmp.gained), ("lost", cmp.lost))
            for c in items
        ]
        _print_table(["", "id", "name", str(a), str(b), "change"], rows)
        click.echo(f"{cmp.appeared} appeared, {cmp.disappeared} disappeared", err=True)
    elif fmt:
        data = explorer.export(view, flt, GraphFormat(fmt))
        if output is None:
            click.echo(data)
        else:
            try:
                output.write_text(data, encoding="utf-8")
            except OSError as err:
                raise InputError(f"cannot write: {err.strerror}", source=str(output)) from err
            click.echo(f"wrote {output}", err=True)
    else:
        summary = explorer.summary(view, flt)
        for key, value in (
            ("view", view),
            ("period", str(flt.period)),
            ("nodes", summary.nodes),
            ("edges", summary.edges),
            ("density", f"{summary.density:.6f}"),
            ("components", summary.components),
            ("largest component", summary.largest_component),
            ("articles", summary.articles),
            ("node types", ", ".join(f"{k} {v}" for k, v in summary.node_types.items())),
            ("relations", ", ".join(f"{k} {v}" for k, v in summary.relations.items())),
        ):
            click.echo(f"{key:<18} {value}")


@cli.command("release")
@click.argument("version")
@STORE_OPTION
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="The directory to write the release to (new, or empty).",
)
@click.option(
    "--since",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="An earlier release directory: list the changes since it (changes.md, changes.json).",
)
@click.option(
    "--date",
    "issued",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The release's date, YYYY-MM-DD (default: today, UTC).",
)
@click.option(
    "--shapes",
    "shapes_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The SHACL shapes the release is checked against (default: ontology/shapes.ttl).",
)
def release_command(
    version: str,
    store_spec: str | None,
    output: Path,
    since: Path | None,
    issued: datetime | None,
    shapes_path: Path | None,
) -> None:
    """Write release VERSION of the store to a directory, to publish and cite.

    The release holds the dumps (N-Quads and TriG with the named graphs, Turtle of their union;
    gzipped), a VoID and DCAT description in English and Persian (void.ttl), the SHACL report of
    the released data, a CITATION.cff, release.json and SHA256SUMS; with --since, the changes
    since the earlier release. The same store, version and date give the same bytes. Exits with
    status 1, after writing the release, when the data violates the shapes.
    """
    _on_preferred_allocator()
    settings = _settings(store_spec)
    with _errors():
        shapes = load_shapes(shapes_path or settings.ontology_dir / "shapes.ttl")
        ontology = settings.ontology_dir / "payvand.ttl"
        version_iri = ontology_version(read_turtle(ontology)[1]) if ontology.exists() else None
        root = Iris(settings.base_iri).root
    store = _open_reader(settings)
    try:
        with _errors():
            summary = write_release(
                store,
                output,
                version=version,
                issued=(issued or datetime.now(UTC)).date(),
                root=root,
                shapes=shapes,
                ontology_version=version_iri,
                since=since,
            )
    finally:
        store.close()
    tally, report = summary.tally, summary.report
    click.echo(
        f"wrote release {version} to {output}: {tally.quads} quads in {len(tally.graphs)} "
        f"graphs, {summary.articles} articles, {tally.triples} triples in their union",
        err=True,
    )
    if summary.changes is not None:
        changes = summary.changes
        facts = ", ".join(
            f"{c.name} +{len(c.added)} -{len(c.removed)}"
            for c in changes.classes
            if c.added or c.removed
        )
        click.echo(
            f"changes since {changes.previous}: {len(changes.added)} articles added, "
            f"{len(changes.changed)} changed, {len(changes.removed)} removed"
            + (f"; {facts}" if facts else ""),
            err=True,
        )
    verdict = "conforms" if report.conforms else "does not conform"
    click.echo(
        f"SHACL: {verdict} ({len(report.violations)} violations, {len(report.warnings)} "
        f"warnings); see {output / 'shacl-report.txt'}",
        err=True,
    )
    if not report.conforms:
        raise click.ClickException(
            f"the release is written, but its data has {len(report.violations)} violation(s) "
            "of the shapes"
        )


class CommandProcess:
    """The context object of a command run by ``main``: the process is the command's own, so it
    may start itself again (``payvand ingest``, ``export`` and ``serve`` do, to run on jemalloc;
    see :mod:`payvand.allocator`). A command invoked in another program's process (a test's
    ``CliRunner``) has no such object and never does."""


def main() -> None:
    """Entry point of the ``payvand`` console script."""
    try:
        # Not click's standalone mode, which ends a Ctrl-C outside a command's own handling
        # (while the arguments are read, say) with "Aborted!" and status 1.
        code = cli.main(prog_name="payvand", obj=CommandProcess(), standalone_mode=False)
    except (KeyboardInterrupt, click.Abort):
        again = shlex.join(["payvand", *sys.argv[1:]])
        click.echo(f"interrupted: what was stored is whole; run '{again}' again", err=True)
        sys.exit(130)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    except OSError as err:  # the system refused something no command could foresee
        log.debug("system error", exc_info=err)
        where = f" ({err.filename})" if err.filename else ""
        click.echo(f"Error: {err.strerror or err}{where}", err=True)
        sys.exit(1)
    except MemoryError as err:
        log.debug("out of memory", exc_info=err)
        click.echo("Error: out of memory; give the command smaller input", err=True)
        sys.exit(1)
    except Exception as err:  # the outermost edge: log it, say it in one line
        log.debug("internal error", exc_info=err)
        click.echo(
            f"Error: internal error ({type(err).__name__}: {err}); run with -v for the details "
            "and report it",
            err=True,
        )
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
