"""The ``payvand`` command line: ingest, query, export, stats and serve.

Every command turns a PayvandError into one line on stderr and exit status 1; nothing else
reaches the user as a traceback.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, Triple

from payvand import __version__
from payvand.competency import evaluate
from payvand.config import Settings
from payvand.errors import InputError, PayvandError
from payvand.evaluation import render_table
from payvand.mapping.iris import Iris
from payvand.pipeline import ingest, store_stats
from payvand.sources import load_gazetteer, read_articles, read_gold
from payvand.store import ExportFormat, GraphStore, open_store

log = logging.getLogger("payvand")

STORE_OPTION = click.option(
    "--store",
    "store_spec",
    metavar="DIR",
    default=None,
    help="The store: an on-disk directory (default var/store, or $PAYVAND_STORE) or ':memory:'.",
)


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


def _open(settings: Settings, *, read_only: bool = False) -> GraphStore:
    with _errors():
        return open_store(settings.store, read_only=read_only)


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
@click.option("--force", is_flag=True, help="Re-extract articles even when they are unchanged.")
def ingest_command(paths: tuple[Path, ...], store_spec: str | None, force: bool) -> None:
    """Ingest articles (.jsonl, .txt, .html, RSS/Atom, or directories of them) into the store.

    Each article becomes one named graph; re-ingesting an unchanged article does nothing and a
    changed one replaces its graph. Bad lines and files are reported and skipped; the command
    then exits with status 1.
    """
    settings = _settings(store_spec)
    with _errors():
        gazetteer = load_gazetteer(settings.gazetteer_dir)
        iris = Iris(settings.base_iri)
    store = _open(settings)
    try:
        with _errors():
            report = ingest(
                read_articles(paths),
                store,
                gazetteer,
                iris,
                progress=lambda line: click.echo(line, err=True),
                force=force,
            )
    finally:
        store.close()
    click.echo(
        f"ingested {report.articles} articles "
        f"({report.unchanged} unchanged, {report.failed} failed): "
        f"{len(report.entities)} entities, {report.statements} statements, {report.quads} quads "
        f"in {report.seconds:.2f} s",
        err=True,
    )
    if report.errors:
        raise click.ClickException(f"{len(report.errors)} input error(s); see the lines above")


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
@click.argument("query")
@STORE_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "tsv"]),
    default="table",
    show_default=True,
    help="Output format for SELECT and ASK results (CONSTRUCT always prints Turtle).",
)
def query_command(query: str, store_spec: str | None, fmt: str) -> None:
    """Run a SPARQL query (text, or @FILE.rq) over the store and print the results."""
    settings = _settings(store_spec)
    with _errors():
        sparql = _read_query(query)
    store = _open(settings, read_only=False)
    try:
        with _errors():
            result = store.query(sparql)
            _print_result(result, fmt)
    finally:
        store.close()


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
    type=click.Choice([f.value for f in ExportFormat]),
    required=True,
    help="turtle and ntriples write the union of all graphs; "
    "trig and nquads keep the named graphs.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (default: stdout).",
)
@click.option("--graph", "graph", metavar="IRI", help="Export only this named graph.")
def export_command(
    store_spec: str | None, fmt: str, output: Path | None, graph: str | None
) -> None:
    """Export the store as Turtle, TriG, N-Quads or N-Triples."""
    settings = _settings(store_spec)
    with _errors():
        graph_node = _graph_iri(graph) if graph else None
    store = _open(settings)
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
    store = _open(settings)
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
def serve_command(store_spec: str | None, host: str | None, port: int | None) -> None:
    """Serve the SPARQL endpoint and the API over HTTP."""
    import uvicorn

    settings = _settings(store_spec)
    if host:
        settings.host = host
    if port:
        settings.port = port
    # The app reads its settings from the environment (see payvand.web.app.app_from_environment).
    os.environ["PAYVAND_STORE"] = settings.store
    store = _open(settings)  # fail here, with a clear message, if the store cannot be opened
    store.close()
    base = f"http://{settings.host}:{settings.port}"
    click.echo(f"SPARQL endpoint: {base}/sparql", err=True)
    click.echo(f"API docs:        {base}/docs", err=True)
    uvicorn.run(
        "payvand.web.app:app_from_environment",
        factory=True,
        host=settings.host,
        port=settings.port,
        log_level="warning",
    )


def main() -> None:
    """Entry point of the ``payvand`` console script."""
    try:
        cli.main(prog_name="payvand")
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as err:  # the outermost edge: log it, say it in one line
        log.debug("unexpected error", exc_info=err)
        click.echo(
            f"Error: unexpected {type(err).__name__}: {err} (run with -v for the details)", err=True
        )
        sys.exit(2)
