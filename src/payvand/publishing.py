"""Releases on disk: a store written out as a citable, checked and reproducible release.

:func:`write_release` exports the store (embedded or remote) as N-Quads, sorts the quads in
files of bounded size (graph, then subject, predicate and object, each quad once) and writes
from that order the dumps (N-Quads, TriG, and Turtle of the union of the graphs, gzipped with
no time in their headers), the SHACL report of the union, the VoID and DCAT description, a
CITATION.cff, the change list against an earlier release, ``release.json`` and ``SHA256SUMS``.
The same store, version and date give the same bytes. The release is written beside its
directory and moved into place when complete, so an error leaves nothing half written.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import json
import shutil
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import IO, cast

from pyoxigraph import DefaultGraph, Quad, RdfFormat, Triple, parse, serialize

from payvand.errors import InputError, PayvandError, StoreError
from payvand.namespaces import PREFIXES
from payvand.release import (
    DESCRIPTION_PREFIXES,
    ChangeList,
    FileEntry,
    Inventory,
    ReleaseInfo,
    Tally,
    changes_json,
    changes_markdown,
    check_version,
    checksums,
    citation_cff,
    compare,
    parse_checksums,
    release_iri,
    release_json,
    void_triples,
)
from payvand.store.base import ExportFormat, ReadableStore
from payvand.validation import Shapes, ValidationReport, describe, report_triples, validate

# Lines sorted in memory at once before they go to a sorted run on disk.
SORT_CHUNK_LINES = 1_000_000
_BUFFER = 1 << 20


@dataclass(frozen=True, slots=True)
class ReleaseSummary:
    """What :func:`write_release` wrote."""

    directory: Path
    info: ReleaseInfo
    files: tuple[FileEntry, ...]
    tally: Tally
    articles: int
    report: ValidationReport
    changes: ChangeList | None


def dump_names(version: str) -> tuple[str, str, str]:
    """The N-Quads, TriG and Turtle (union) dumps of release ``version``."""
    stem = f"payvand-{version}"
    return f"{stem}.nq.gz", f"{stem}.trig.gz", f"{stem}.ttl.gz"


def write_release(
    store: ReadableStore,
    directory: Path,
    *,
    version: str,
    issued: date,
    root: str,
    shapes: Shapes,
    ontology_version: str | None = None,
    since: Path | None = None,
    chunk_lines: int = SORT_CHUNK_LINES,
    prefixes: dict[str, str] | None = None,
) -> ReleaseSummary:
    """Write release ``version`` of ``store`` into ``directory`` (new, or empty).

    ``root`` is the namespace root the release's IRI is minted under; ``since`` an earlier
    release directory to list the changes against (its checksums are verified first).
    """
    check_version(version)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise InputError(
            "already exists and is not an empty directory; give a new directory for the release",
            source=str(directory),
        )
    previous: tuple[dict[str, object], Inventory] | None = None
    if since is not None:
        previous = read_previous(since)
    previous_version = str(previous[0]["version"]) if previous else None
    info = ReleaseInfo(
        version=version,
        issued=issued,
        iri=release_iri(root, version),
        ontology_version=ontology_version,
        previous=str(previous[0]["iri"]) if previous else None,
        previous_version=previous_version,
    )
    part = directory.with_name(f".{directory.name}.part")
    if part.exists():
        shutil.rmtree(part)
    part.mkdir(parents=True)
    try:
        summary = _write(
            store,
            part,
            info,
            shapes=shapes,
            previous=previous,
            chunk_lines=chunk_lines,
            prefixes=prefixes if prefixes is not None else dict(PREFIXES),
        )
        if directory.exists():
            directory.rmdir()
        part.rename(directory)
    except OSError as err:
        shutil.rmtree(part, ignore_errors=True)
        raise InputError(f"cannot write the release: {err}", source=str(directory)) from err
    except BaseException:
        shutil.rmtree(part, ignore_errors=True)
        raise
    return replace(summary, directory=directory)


def _write(
    store: ReadableStore,
    out: Path,
    info: ReleaseInfo,
    *,
    shapes: Shapes,
    previous: tuple[dict[str, object], Inventory] | None,
    chunk_lines: int,
    prefixes: dict[str, str],
) -> ReleaseSummary:
    work = out / ".work"
    work.mkdir()
    exported = work / "export.nq"
    with exported.open("wb") as handle:
        store.export(handle, format=ExportFormat.NQUADS)
    nquads_name, trig_name, turtle_name = dump_names(info.version)

    # The quads in order, each once: as N-Quads, and their triples for the union.
    sorted_quads, union_lines = work / "sorted.nq", work / "union.lines"
    with (
        _gzip(out / nquads_name) as nquads,
        sorted_quads.open("w", encoding="utf-8", newline="\n") as plain,
        union_lines.open("w", encoding="utf-8", newline="\n") as triples_out,
    ):
        for line in sorted_unique(_quad_keys(exported), work, chunk_lines):
            graph, triple = line.split("\t", 1)
            text = f"{triple} {graph} .\n" if graph else f"{triple} .\n"
            nquads.write(text.encode("utf-8"))
            plain.write(text)
            triples_out.write(triple + "\n")
    exported.unlink()

    tally, inventory = Tally(), Inventory()

    def counted(quads: Iterable[Quad]) -> Iterator[Quad]:
        for quad in quads:
            tally.add_quad(quad)
            inventory.add(quad)
            yield quad

    with _gzip(out / trig_name) as trig:
        serialize(
            counted(_parse(sorted_quads, RdfFormat.N_QUADS)),
            trig,
            RdfFormat.TRIG,
            prefixes=prefixes,
        )
    sorted_quads.unlink()

    union_triples = work / "union.nt"
    with union_triples.open("w", encoding="utf-8", newline="\n") as text_out:
        for line in sorted_unique(_lines(union_lines), work, chunk_lines):
            text_out.write(line + " .\n")
    union_lines.unlink()

    def union() -> Generator[Triple, None, None]:
        for quad in _parse(union_triples, RdfFormat.N_TRIPLES):
            yield quad.triple

    def counted_triples(triples: Iterable[Triple]) -> Iterator[Triple]:
        for triple in triples:
            tally.add_triple(triple)
            yield triple

    with _gzip(out / turtle_name) as turtle:
        serialize(counted_triples(union()), turtle, RdfFormat.TURTLE, prefixes=prefixes)

    triples = union()
    try:
        report = validate(triples, shapes)
    finally:
        triples.close()
    shutil.rmtree(work)

    (out / "shacl-report.ttl").write_bytes(
        serialize(report_triples(report), format=RdfFormat.TURTLE, prefixes=_SHACL_PREFIXES) or b""
    )
    lines = describe(report, prefixes={**PREFIXES}, limit=1_000_000)
    (out / "shacl-report.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "CITATION.cff").write_text(citation_cff(info), encoding="utf-8")
    changes = None
    if previous is not None:
        changes = compare(
            previous[1], inventory, previous=str(previous[0]["version"]), version=info.version
        )
        (out / "changes.md").write_text(changes_markdown(changes), encoding="utf-8")
        (out / "changes.json").write_text(changes_json(changes), encoding="utf-8")

    dumps = [
        _entry(out, nquads_name, "application/n-quads", compressed=True),
        _entry(out, trig_name, "application/trig", compressed=True),
        _entry(out, turtle_name, "text/turtle", compressed=True),
    ]
    others = [
        _entry(out, "shacl-report.ttl", "text/turtle"),
        _entry(out, "shacl-report.txt", "text/plain"),
        _entry(out, "CITATION.cff", "application/yaml"),
    ]
    if changes is not None:
        others += [
            _entry(out, "changes.md", "text/markdown"),
            _entry(out, "changes.json", "application/json"),
        ]
    (out / "void.ttl").write_bytes(
        serialize(
            void_triples(info, tally, dumps, others),
            format=RdfFormat.TURTLE,
            prefixes=DESCRIPTION_PREFIXES,
        )
        or b""
    )
    files = [*dumps, *others, _entry(out, "void.ttl", "text/turtle")]
    articles = len(inventory.article_entries())
    (out / "release.json").write_text(
        release_json(
            info,
            tally,
            files,
            articles=articles,
            conforms=report.conforms,
            violations=len(report.violations),
            warnings=len(report.warnings),
        ),
        encoding="utf-8",
    )
    files.append(_entry(out, "release.json", "application/json"))
    (out / "SHA256SUMS").write_text(checksums(files), encoding="utf-8")
    return ReleaseSummary(
        directory=out,
        info=info,
        files=tuple(files),
        tally=tally,
        articles=articles,
        report=report,
        changes=changes,
    )


_SHACL_PREFIXES = {"sh": "http://www.w3.org/ns/shacl#", **PREFIXES}


@contextmanager
def _gzip(path: Path) -> Iterator[IO[bytes]]:
    """A gzip file with no name and no time in its header, so that its bytes depend on the data
    alone."""
    with ExitStack() as stack:
        raw = stack.enter_context(path.open("wb"))
        compressed = stack.enter_context(
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6)
        )
        yield compressed  # type: ignore[misc]


def _parse(path: Path, format: RdfFormat) -> Iterator[Quad]:
    try:
        yield from parse(path=str(path), format=format)
    except SyntaxError as err:
        raise StoreError(f"the store exported data that does not parse: {err}") from err


def _quad_keys(path: Path) -> Iterator[str]:
    """Each quad as ``graph<TAB>subject predicate object`` (N-Triples terms; the default graph
    as the empty string), the line it is sorted by."""
    for quad in _parse(path, RdfFormat.N_QUADS):
        graph = quad.graph_name
        key = "" if isinstance(graph, DefaultGraph) else str(graph)
        yield f"{key}\t{quad.subject} {quad.predicate} {quad.object}"


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8", newline="\n") as handle:
        for line in handle:
            yield line.removesuffix("\n")


def sorted_unique(lines: Iterable[str], work: Path, chunk_lines: int) -> Iterator[str]:
    """``lines`` sorted (by code point) with duplicates dropped, holding at most ``chunk_lines``
    of them in memory: sorted runs go to files in ``work`` and are merged. No line may hold a
    line feed (N-Triples terms escape theirs)."""
    runs: list[Path] = []
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= chunk_lines:
            runs.append(_run(sorted(set(batch)), work, len(runs)))
            batch = []
    if not runs:
        yield from sorted(set(batch))
        return
    if batch:
        runs.append(_run(sorted(set(batch)), work, len(runs)))
    with ExitStack() as stack:
        files = [
            stack.enter_context(run.open(encoding="utf-8", newline="\n", buffering=_BUFFER))
            for run in runs
        ]
        last: str | None = None
        for line in heapq.merge(*((line.removesuffix("\n") for line in f) for f in files)):
            if line != last:
                yield line
                last = line
    for run in runs:
        run.unlink()


def _run(lines: list[str], work: Path, number: int) -> Path:
    path = work / f"run-{number}.txt"
    with path.open("w", encoding="utf-8", newline="\n", buffering=_BUFFER) as handle:
        for line in lines:
            handle.write(line + "\n")
    return path


def _entry(directory: Path, name: str, media_type: str, *, compressed: bool = False) -> FileEntry:
    path = directory / name
    return FileEntry(
        name=name,
        media_type=media_type,
        size=path.stat().st_size,
        sha256=sha256_of(path),
        compressed=compressed,
    )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_BUFFER):
            digest.update(chunk)
    return digest.hexdigest()


# --- reading releases -----------------------------------------------------------------------


def read_release(directory: Path) -> dict[str, object]:
    """The ``release.json`` of a release directory."""
    path = directory / "release.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise InputError(
            f"cannot be read ({err.strerror}); is {directory} a release directory?",
            source=str(path),
        ) from err
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"is not JSON: {err}", source=str(path)) from err
    if not isinstance(data, dict) or not all(k in data for k in ("version", "iri", "files")):
        raise InputError("is not a release description (version, iri, files)", source=str(path))
    return data


def verify_release(directory: Path) -> list[str]:
    """The files of a release whose SHA-256 does not match ``SHA256SUMS`` (or that are gone)."""
    path = directory / "SHA256SUMS"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot be read: {err}", source=str(path)) from err
    bad = []
    for name, expected in sorted(parse_checksums(text, source=str(path)).items()):
        target = directory / name
        if "/" in name or not target.is_file() or sha256_of(target) != expected:
            bad.append(name)
    return bad


def read_previous(directory: Path) -> tuple[dict[str, object], Inventory]:
    """An earlier release's description and what it holds, after checking its checksums."""
    data = read_release(directory)
    damaged = verify_release(directory)
    if damaged:
        raise InputError(
            f"the release is damaged: {', '.join(damaged)} do(es) not match SHA256SUMS",
            source=str(directory),
        )
    name = dump_names(str(data["version"]))[0]
    inventory = Inventory()
    try:
        with gzip.open(directory / name, "rb") as handle:
            for quad in parse(cast(IO[bytes], handle), format=RdfFormat.N_QUADS):
                inventory.add(quad)
    except (OSError, EOFError, SyntaxError) as err:
        raise InputError(
            f"cannot be read as gzipped N-Quads: {err}", source=str(directory / name)
        ) from err
    return data, inventory


@dataclass(frozen=True, slots=True)
class PublishedRelease:
    """A release directory and its ``release.json``."""

    directory: Path
    description: dict[str, object]

    @property
    def version(self) -> str:
        return str(self.description["version"])

    def file_names(self) -> list[str]:
        files = self.description.get("files", [])
        names = (
            [str(f["name"]) for f in files if isinstance(f, dict) and "name" in f]
            if isinstance(files, list)
            else []
        )
        return [*names, "SHA256SUMS"]


def list_releases(
    directory: Path, *, on_error: Callable[[PayvandError], None] | None = None
) -> list[PublishedRelease]:
    """The releases in the subdirectories of ``directory``, the newest (issued) first.

    A subdirectory without a readable ``release.json`` is passed to ``on_error`` and skipped.
    """
    if not directory.is_dir():
        raise InputError("is not a directory of releases", source=str(directory))
    found = []
    for child in sorted(directory.iterdir()):
        if not child.is_dir() or child.name.startswith("."):
            continue
        try:
            found.append(PublishedRelease(child, read_release(child)))
        except InputError as err:
            if on_error is not None:
                on_error(err)
    return sorted(
        found, key=lambda r: (str(r.description.get("issued", "")), r.version), reverse=True
    )
