"""The full-text index beside the store: SQLite FTS5, one file.

SQLite comes with Python (no new dependency), its FTS5 extension ranks by BM25, answers phrases,
boolean operators and prefixes from its own posting lists, and every change is a transaction, so
that the index is never half written. Terms come from :mod:`payvand.text.analysis`; the FTS5
table is *contentless* (it keeps the posting lists only) and is tokenised by white space, since
the terms are analysed beforehand. What a hit shows (its text, article, speaker, date) is kept in
ordinary tables beside it.

Each article's content hash is kept too: :func:`payvand.pipeline.sync_index` compares it with the
store's, which is how an index left behind by an interrupted ingest is repaired.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from enum import IntEnum
from pathlib import Path
from typing import NamedTuple

from pyoxigraph import NamedNode

from payvand.analytics.period import Period, parse_period
from payvand.errors import InputError, StoreError
from payvand.text.analysis import ANALYSIS_VERSION, analyse
from payvand.text.search_query import Node, parse_query, snippet, to_fts5

SCHEMA_VERSION = "2"


class DocKind(IntEnum):
    STATEMENT = 0
    SENTENCE = 1
    ARTICLE = 2

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def of(cls, text: str) -> DocKind:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise InputError(
                f"unknown kind '{text}'; the kinds are statement, sentence and article",
                field="kind",
            ) from None


# Statements, sentences and labels are named tuples rather than dataclasses: an ingest's workers
# send them to the writing process by the thousand, and a tuple pickles in a fraction of the time.
class StatementText(NamedTuple):
    iri: str
    speaker: str
    quote: str
    sentence: str | None = None
    topics: tuple[str, ...] = ()


class SentenceText(NamedTuple):
    iri: str
    number: int  # its place in the article (pv:sentenceIndex)
    text: str


@dataclass(frozen=True, slots=True)
class ArticleText:
    """What the index holds of one article, as the store has it."""

    graph: str
    content_hash: str
    lang: str | None = None
    day: date | None = None
    headline: str | None = None
    outlet: str | None = None
    statements: tuple[StatementText, ...] = ()
    sentences: tuple[SentenceText, ...] = ()
    mentions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """An article with the terms of each of its documents, ready to write into the index
    (analysis is the costly part: an ingest prepares articles in its worker processes)."""

    text: ArticleText
    labels: Mapping[str, Labels]
    statement_terms: tuple[str, ...]
    sentence_terms: tuple[str, ...]
    headline_terms: str

    @property
    def article_terms(self) -> str:
        """The terms of the article as a whole: its headline's, then its sentences'."""
        return " ".join(part for part in (self.headline_terms, *self.sentence_terms) if part)


def prepare(article: ArticleText, labels: Mapping[str, Labels]) -> PreparedArticle:
    """Analyse the documents of ``article`` (its sentences put in order); ``labels`` name its
    speakers, outlet and topics."""
    sentences = tuple(sorted(article.sentences, key=lambda s: s.number))
    statement_terms = tuple(" ".join(analyse(s.quote)) for s in article.statements)
    sentence_terms = tuple(" ".join(analyse(s.text)) for s in sentences)
    headline = " ".join(analyse(article.headline)) if article.headline else ""
    return PreparedArticle(
        replace(article, sentences=sentences), labels, statement_terms, sentence_terms, headline
    )


class Labels(NamedTuple):
    fa: str | None = None
    en: str | None = None

    def best(self, lang: str | None = None) -> str | None:
        if lang == "en":
            return self.en or self.fa
        return self.fa or self.en

    def merged(self, other: Labels) -> Labels:
        """The shorter label of each language (the first in code point order among those as
        short): articles may name a node differently, and the index keeps one name whatever the
        order they come in."""
        return Labels(_shorter(self.fa, other.fa), _shorter(self.en, other.en))


def _shorter(one: str | None, other: str | None) -> str | None:
    if one is None or other is None:
        return one if other is None else other
    if len(one) != len(other):
        return one if len(one) < len(other) else other
    return one if one <= other else other


@dataclass(frozen=True, slots=True)
class SearchRequest:
    q: str
    kind: DocKind | None = None
    lang: str | None = None
    period: Period = field(default_factory=Period)
    speaker: str | None = None
    entity: str | None = None
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: DocKind
    iri: str
    article: str
    headline: str | None
    speaker: str | None
    speaker_label: str | None
    outlet: str | None
    outlet_label: str | None
    day: date | None
    lang: str | None
    score: float
    snippet: str
    marks: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class FacetCount:
    value: str
    label: str | None
    count: int


@dataclass(frozen=True, slots=True)
class SearchPage:
    """A page of hits: ``total`` found (or, when ``exact`` is false, at least that many: the
    count stops at :data:`COUNT_LIMIT`), the newest ``ranked`` of them ranked and counted in the
    facets (all of them, up to :data:`WINDOW`)."""

    query: str
    fts: str
    total: int
    ranked: int
    hits: tuple[SearchHit, ...]
    facets: Mapping[str, tuple[FacetCount, ...]]
    exact: bool = True
    stale: bool = False


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nodes(
  id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, label_fa TEXT, label_en TEXT);
CREATE TABLE IF NOT EXISTS articles(
  id INTEGER PRIMARY KEY, graph TEXT NOT NULL UNIQUE, hash TEXT NOT NULL, lang TEXT,
  day TEXT, year INTEGER, outlet INTEGER, headline TEXT);
CREATE TABLE IF NOT EXISTS docs(
  id INTEGER PRIMARY KEY, article INTEGER NOT NULL, kind INTEGER NOT NULL, iri TEXT NOT NULL,
  speaker INTEGER, outlet INTEGER, year INTEGER, lang TEXT, text TEXT);
CREATE INDEX IF NOT EXISTS docs_article ON docs(article);
CREATE INDEX IF NOT EXISTS docs_speaker ON docs(speaker) WHERE speaker IS NOT NULL;
CREATE TABLE IF NOT EXISTS mentions(
  article INTEGER NOT NULL, entity INTEGER NOT NULL, PRIMARY KEY(article, entity)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity);
CREATE TABLE IF NOT EXISTS doc_topics(
  doc INTEGER NOT NULL, topic INTEGER NOT NULL, PRIMARY KEY(doc, topic)) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(terms, content='', tokenize='ascii');
"""
_TABLES = ("nodes", "articles", "docs", "mentions", "doc_topics")
FACET_SIZE = 10
# The hits ranked (by BM25) and counted in the facets: the newest this many. Ranking every hit
# of a word found in most texts would take time in proportion to them.
WINDOW = 2000
# The hits counted: beyond this many, a search says "at least" (counting every hit of a common
# word would take time in proportion to them, as ranking them would).
COUNT_LIMIT = 10_000
# Readers map the file into memory (shared by every connection through the system's page cache)
# rather than copying pages into a cache of their own.
MMAP_BYTES = 1 << 32
# Pages a writing connection keeps (in KiB): documents come in the order of their articles, not
# of their ids (days), so that writes land all over the tables' B-trees.
WRITE_CACHE_KIB = 65536
# A document's id: its day (proleptic Gregorian ordinal, 0 when undated) above _DAY_SHIFT bits,
# then a number, then its kind in the lowest _KIND_BITS.
_KIND_BITS = 2
_KIND_STEP = 1 << _KIND_BITS
_DAY_SHIFT = 32
_DAY_SPAN = 1 << _DAY_SHIFT


def search_request(
    q: str,
    *,
    kind: str | None = None,
    lang: str | None = None,
    start: str | None = None,
    end: str | None = None,
    speaker: str | None = None,
    entity: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchRequest:
    """A search from the parameters of a request or a command; InputError naming the field."""
    if lang is not None and lang not in ("fa", "en"):
        raise InputError(f"unknown language '{lang}'; give fa or en", field="lang")
    return SearchRequest(
        q,
        kind=DocKind.of(kind) if kind else None,
        lang=lang or None,
        period=parse_period(start, end),
        speaker=speaker or None,
        entity=entity or None,
        limit=limit,
        offset=offset,
    )


def index_path_for(store_spec: str, *, cache: Path | None = None) -> Path | None:
    """Where the index of a store lives by default: beside an on-disk store (``var/store`` ->
    ``var/store.search.sqlite``); for a SPARQL server, in the user's cache directory
    (``$XDG_CACHE_HOME/payvand/``, else ``~/.cache/payvand/``) by its host, port and path;
    none (in memory) for ``:memory:``."""
    if store_spec == ":memory:":
        return None
    if store_spec.startswith(("http://", "https://")):
        slug = "".join(c if c.isalnum() else "-" for c in store_spec.split("://", 1)[1])
        if cache is None:
            xdg = os.environ.get("XDG_CACHE_HOME")
            cache = Path(xdg) if xdg else Path.home() / ".cache"
        return cache / "payvand" / f"{slug.strip('-')}.search.sqlite"
    path = Path(store_spec)
    return path.with_name(path.name + ".search.sqlite")


class TextIndex:
    """The index in one SQLite file (or in memory with ``path=None``).

    Writes go through one connection, under a lock; each search thread reads through a
    connection of its own (the database is in WAL mode, so reads go on while a write does).
    ``read_only`` opens an existing file for searching only. ``window`` and ``count_limit`` bound
    the hits ranked and counted (:data:`WINDOW`, :data:`COUNT_LIMIT`).
    """

    def __init__(
        self,
        path: Path | None,
        *,
        read_only: bool = False,
        window: int = WINDOW,
        count_limit: int = COUNT_LIMIT,
    ) -> None:
        self.path = path
        self.read_only = read_only
        self.window = window
        self.count_limit = count_limit
        self._lock = threading.RLock()
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._nodes: dict[str, tuple[int, Labels]] = {}  # iri -> id and labels, as written
        if path is not None and read_only and not path.is_file():
            raise StoreError(
                f"there is no search index at {path}; 'payvand index --rebuild' builds it from "
                "the store"
            )
        if path is not None and not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = self._connect()
        if not read_only:
            self._prepare()
        self._check_version()

    # --- connections ----------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            if self.path is None:
                connection = sqlite3.connect(
                    ":memory:", check_same_thread=False, isolation_level=None
                )
            elif self.read_only:
                connection = sqlite3.connect(
                    f"{self.path.resolve().as_uri()}?mode=ro",
                    uri=True,
                    check_same_thread=False,
                    isolation_level=None,
                )
            else:
                connection = sqlite3.connect(
                    self.path, check_same_thread=False, isolation_level=None
                )
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=NORMAL")
                connection.execute(f"PRAGMA cache_size=-{WRITE_CACHE_KIB}")
        except sqlite3.Error as err:
            raise StoreError(
                f"cannot open the search index at {self.path}: {err}; "
                "'payvand index --rebuild' builds it again from the store"
            ) from err
        connection.execute("PRAGMA temp_store=MEMORY")
        connection.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        self._all.append(connection)
        return connection

    def _reader(self) -> sqlite3.Connection:
        if self.path is None:  # in memory: one connection, used under the lock
            return self._writer
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._connect()
            self._local.connection = connection
        return connection

    def close(self) -> None:
        with self._lock:
            for connection in self._all:
                connection.close()
            self._all.clear()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        if self.read_only:
            raise StoreError(f"the search index at {self.path} is open read-only")
        with self._lock:
            db = self._writer
            try:
                db.execute("BEGIN IMMEDIATE")
                yield db
                db.execute("COMMIT")
            except sqlite3.Error as err:
                db.execute("ROLLBACK")
                self._nodes.clear()
                raise StoreError(
                    f"the search index at {self.path} failed: {err}; "
                    "'payvand index --rebuild' builds it again from the store"
                ) from err
            except BaseException:
                db.execute("ROLLBACK")
                self._nodes.clear()
                raise

    def _prepare(self) -> None:
        with self._transaction() as db:
            db.execute(_SCHEMA.split(";", 1)[0])  # meta
            found = dict(
                db.execute("SELECT key, value FROM meta WHERE key IN ('schema', 'analysis')")
            )
            wanted = {"schema": SCHEMA_VERSION, "analysis": ANALYSIS_VERSION}
            if found and found != wanted:
                # Terms from another analysis cannot be deleted or matched, tables of another
                # schema not written: start again (the next sync fills the index from the store).
                for table in (*_TABLES, "fts"):
                    db.execute(f"DROP TABLE IF EXISTS {table}")
                db.execute("DELETE FROM meta")
                found = {}
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            if not found:
                db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", wanted.items())

    def _check_version(self) -> None:
        try:
            found = dict(self._writer.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error as err:
            raise StoreError(f"{self.path} is not a search index: {err}") from err
        if found.get("analysis") != ANALYSIS_VERSION or found.get("schema") != SCHEMA_VERSION:
            raise StoreError(
                f"the search index at {self.path} was built by another version of Payvand; "
                "'payvand index --rebuild' builds it again"
            )

    # --- writing --------------------------------------------------------------------------------

    def article_hashes(self) -> dict[str, str]:
        """The content hash of every article in the index, by graph IRI."""
        with self._lock:
            return dict(self._writer.execute("SELECT graph, hash FROM articles").fetchall())

    def mark_stale(self) -> None:
        """Note that the store changed in a way the index did not follow (a write through
        SPARQL Update or the Graph Store Protocol): searches say so until a sync reads every
        article again."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO meta VALUES ('stale', CAST(1 + coalesce("
                "(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'stale'), 0) AS TEXT))"
            )

    def stale_mark(self) -> str | None:
        """The mark of the writes not followed (None when the index follows the store)."""
        with self._lock:
            row = self._writer.execute("SELECT value FROM meta WHERE key = 'stale'").fetchone()
        return str(row[0]) if row else None

    def clear_stale(self, mark: str) -> None:
        """The writes up to ``mark`` are followed now (a later one keeps the index stale)."""
        with self._transaction() as db:
            db.execute("DELETE FROM meta WHERE key = 'stale' AND value = ?", (mark,))

    def clear(self) -> None:
        with self._transaction() as db:
            _empty(db)
        self._nodes.clear()

    def remove(self, graphs: Iterable[str]) -> int:
        """Drop the articles of ``graphs`` (those indexed), in one transaction; how many."""
        with self._transaction() as db:
            return sum(self._drop(db, graph) for graph in graphs)

    def replace(self, articles: Sequence[PreparedArticle]) -> None:
        """Index ``articles`` in place of what the index holds for them, in one transaction."""
        with self._transaction() as db:
            for article in articles:
                self._drop(db, article.text.graph)
                self._add(db, article)

    def _node(self, db: sqlite3.Connection, iri: str, labels: Mapping[str, Labels]) -> int:
        known = labels.get(iri)
        cached = self._nodes.get(iri)
        if cached is not None and (known is None or known == cached[1]):
            return cached[0]
        node, held = self._stored_node(db, iri, known)
        self._nodes[iri] = (node, held)
        return node

    def _stored_node(
        self, db: sqlite3.Connection, iri: str, known: Labels | None
    ) -> tuple[int, Labels]:
        """The node of ``iri`` and its labels, ``known`` merged into those it has."""
        cached = self._nodes.get(iri)
        if cached is not None:
            node, held = cached
        else:
            row = db.execute(
                "SELECT id, label_fa, label_en FROM nodes WHERE iri = ?", (iri,)
            ).fetchone()
            if row is None:
                held = known or Labels()
                cursor = db.execute(
                    "INSERT INTO nodes(iri, label_fa, label_en) VALUES (?, ?, ?)",
                    (iri, held.fa, held.en),
                )
                return int(cursor.lastrowid or 0), held
            node, held = int(row[0]), Labels(row[1], row[2])
        if known is not None:
            merged = held.merged(known)
            if merged != held:
                db.execute(
                    "UPDATE nodes SET label_fa = ?, label_en = ? WHERE id = ?",
                    (merged.fa, merged.en, node),
                )
                held = merged
        return node, held

    def _add(self, db: sqlite3.Connection, prepared: PreparedArticle) -> None:
        article, labels = prepared.text, prepared.labels
        outlet = self._node(db, article.outlet, labels) if article.outlet else None
        day = article.day.isoformat() if article.day else None
        cursor = db.execute(
            "INSERT INTO articles(graph, hash, lang, day, year, outlet, headline) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                article.graph,
                article.content_hash,
                article.lang,
                day,
                article.day.year if article.day else None,
                outlet,
                article.headline,
            ),
        )
        aid = int(cursor.lastrowid or 0)
        entities = {self._node(db, iri, labels) for iri in article.mentions}
        db.executemany("INSERT INTO mentions VALUES (?, ?)", [(aid, e) for e in sorted(entities)])
        # A document's id holds its day and its kind (see _doc_id): the newest come first, and
        # a period or a kind is a condition on the id alone.
        base = (article.day.toordinal() if article.day else 0) << _DAY_SHIFT
        last = db.execute(
            "SELECT max(id) FROM docs WHERE id >= ? AND id < ?", (base, base + _DAY_SPAN)
        ).fetchone()[0]
        sequence = base if last is None else (int(last) >> _KIND_BITS << _KIND_BITS) + _KIND_STEP
        year = article.day.year if article.day else None
        docs: list[tuple[object, ...]] = []
        fts: list[tuple[int, str]] = []
        topics: list[tuple[int, int]] = []

        def doc(kind: DocKind, iri: str, speaker: int | None, text: str | None, terms: str) -> int:
            nonlocal sequence
            doc_id = sequence | int(kind)
            sequence += _KIND_STEP
            docs.append((doc_id, aid, int(kind), iri, speaker, outlet, year, article.lang, text))
            fts.append((doc_id, terms))
            return doc_id

        speaker_of: dict[str, int] = {}
        topics_of: dict[str, set[str]] = {}
        all_topics: set[str] = set()
        for statement, terms in zip(article.statements, prepared.statement_terms, strict=True):
            speaker = self._node(db, statement.speaker, labels)
            statement_id = doc(DocKind.STATEMENT, statement.iri, speaker, statement.quote, terms)
            topics.extend((statement_id, self._node(db, t, labels)) for t in set(statement.topics))
            all_topics.update(statement.topics)
            if statement.sentence:
                speaker_of.setdefault(statement.sentence, speaker)
                topics_of.setdefault(statement.sentence, set()).update(statement.topics)
        for sentence, terms in zip(article.sentences, prepared.sentence_terms, strict=True):
            sentence_id = doc(
                DocKind.SENTENCE, sentence.iri, speaker_of.get(sentence.iri), sentence.text, terms
            )
            topics.extend(
                (sentence_id, self._node(db, t, labels)) for t in topics_of.get(sentence.iri, ())
            )
        article_id = doc(DocKind.ARTICLE, article.graph, None, None, prepared.article_terms)
        topics.extend((article_id, self._node(db, t, labels)) for t in all_topics)
        db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", docs)
        db.executemany("INSERT INTO fts(rowid, terms) VALUES (?, ?)", fts)
        db.executemany("INSERT INTO doc_topics VALUES (?, ?)", topics)

    def _drop(self, db: sqlite3.Connection, graph: str) -> bool:
        row = db.execute("SELECT id, headline FROM articles WHERE graph = ?", (graph,)).fetchone()
        if row is None:
            return False
        aid, headline = row
        docs = db.execute(
            "SELECT id, kind, text FROM docs WHERE article = ? ORDER BY id", (aid,)
        ).fetchall()
        # A contentless FTS5 table forgets a row only when told its terms again.
        article_terms = analyse(headline) if headline else []
        for doc_id, kind, text in docs:
            if kind == DocKind.ARTICLE:
                words = article_terms
            else:
                words = analyse(text or "")
                if kind == DocKind.SENTENCE:
                    article_terms.extend(words)
            if kind != DocKind.ARTICLE:
                db.execute(
                    "INSERT INTO fts(fts, rowid, terms) VALUES ('delete', ?, ?)",
                    (doc_id, " ".join(words)),
                )
        for doc_id, kind, _text in docs:
            if kind == DocKind.ARTICLE:
                db.execute(
                    "INSERT INTO fts(fts, rowid, terms) VALUES ('delete', ?, ?)",
                    (doc_id, " ".join(article_terms)),
                )
        db.execute(
            "DELETE FROM doc_topics WHERE doc IN (SELECT id FROM docs WHERE article = ?)", (aid,)
        )
        db.execute("DELETE FROM docs WHERE article = ?", (aid,))
        db.execute("DELETE FROM mentions WHERE article = ?", (aid,))
        db.execute("DELETE FROM articles WHERE id = ?", (aid,))
        return True

    # --- reading --------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Articles and documents of each kind in the index."""
        with self._lock:
            db = self._writer
            out = {"articles": int(db.execute("SELECT count(*) FROM articles").fetchone()[0])}
            for kind, n in db.execute("SELECT kind, count(*) FROM docs GROUP BY kind"):
                out[DocKind(kind).label + "s"] = int(n)
            return out

    def search(self, request: SearchRequest) -> SearchPage:
        """The hits of ``request`` ranked by BM25 (best first), a page of them, and facets."""
        if self.path is None:
            with self._lock:
                return self._search(request)
        return self._search(request)

    def _search(self, request: SearchRequest) -> SearchPage:
        node = parse_query(request.q)
        fts = to_fts5(node)
        db = self._reader()
        found = self._filters(db, request)
        if found is None:
            return SearchPage(request.q, fts, 0, 0, (), {})
        where, params, joined = found
        source = "fts f CROSS JOIN docs d ON d.id = f.rowid" if joined else "fts f"
        db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS hit("
            "doc INTEGER PRIMARY KEY, score REAL, speaker INTEGER, outlet INTEGER, year INTEGER)"
        )
        db.execute("DELETE FROM temp.hit")
        try:
            # The newest WINDOW hits (ids grow with the day), ranked, with what the facets count
            # (read once here); the others only counted.
            ranked = db.execute(
                "INSERT INTO temp.hit SELECT f.rowid, f.rank, d.speaker, d.outlet, d.year "
                "FROM fts f CROSS JOIN docs d ON d.id = f.rowid "
                f"WHERE fts MATCH ? {where} ORDER BY f.rowid DESC LIMIT ?",
                (fts, *params, self.window),
            ).rowcount
            total = ranked
            if ranked >= self.window:
                total = int(
                    db.execute(
                        f"SELECT count(*) FROM (SELECT 1 FROM {source} WHERE fts MATCH ? {where} "
                        "LIMIT ?)",
                        (fts, *params, self.count_limit + 1),
                    ).fetchone()[0]
                )
        except sqlite3.OperationalError as err:
            raise InputError(f"the search '{request.q}' cannot be run: {err}", field="q") from err
        rows = db.execute(
            "SELECT h.score, d.kind, d.iri, d.text, d.article, a.graph, a.headline, a.day, "
            "a.lang, s.iri, s.label_fa, s.label_en, o.iri, o.label_fa, o.label_en "
            # The page of hits first, then what they show (CROSS JOIN keeps the hits first:
            # SQLite would otherwise scan the large tables).
            "FROM (SELECT doc, score FROM temp.hit ORDER BY score, doc DESC LIMIT ? OFFSET ?) h "
            "CROSS JOIN docs d ON d.id = h.doc "
            "CROSS JOIN articles a ON a.id = d.article "
            "LEFT JOIN nodes s ON s.id = d.speaker LEFT JOIN nodes o ON o.id = a.outlet "
            "ORDER BY h.score, h.doc DESC",
            (request.limit, request.offset),
        ).fetchall()
        hits = tuple(self._hit(db, row, node) for row in rows)
        facets = self._facets(db) if ranked else {}
        exact = total <= self.count_limit
        stale = db.execute("SELECT 1 FROM meta WHERE key = 'stale'").fetchone() is not None
        return SearchPage(
            request.q, fts, min(total, self.count_limit), ranked, hits, facets, exact, stale
        )

    def _filters(
        self, db: sqlite3.Connection, request: SearchRequest
    ) -> tuple[str, list[object], bool] | None:
        """The conditions of ``request`` on the hits, their values, and whether they need the
        documents' and articles' tables; None when they cannot hold (an unknown IRI)."""
        clauses: list[str] = []
        params: list[object] = []
        joined = False
        if request.kind is not None:
            clauses.append(f"(f.rowid & {_KIND_STEP - 1}) = ?")
            params.append(int(request.kind))
        if request.period.start is not None:
            clauses.append("f.rowid >= ?")
            params.append(request.period.start.toordinal() << _DAY_SHIFT)
        if request.period.end is not None:
            clauses.append("f.rowid < ?")
            params.append((request.period.end.toordinal() + 1) << _DAY_SHIFT)
        if request.lang:
            clauses.append("d.lang = ?")
            params.append(request.lang)
            joined = True
        for iri, clause in (
            (
                request.speaker,
                "(d.speaker = ? OR (d.kind = 2 AND d.article IN "
                "(SELECT article FROM docs WHERE speaker = ?)))",
            ),
            (
                request.entity,
                "(d.speaker = ? OR d.article IN (SELECT article FROM mentions WHERE entity = ?))",
            ),
        ):
            if iri:
                row = db.execute("SELECT id FROM nodes WHERE iri = ?", (iri,)).fetchone()
                if row is None:
                    return None
                clauses.append(clause)
                params.extend([row[0], row[0]])
                joined = True
        return "".join(" AND " + c for c in clauses), params, joined

    def _hit(self, db: sqlite3.Connection, row: tuple[object, ...], node: Node) -> SearchHit:
        (score, kind, iri, text, aid, graph, headline, day, lang) = row[:9]
        speaker, speaker_fa, speaker_en, outlet, outlet_fa, outlet_en = row[9:]
        kind = DocKind(int(str(kind)))
        if kind == DocKind.ARTICLE:
            sentences = [
                t
                for (t,) in db.execute(
                    "SELECT text FROM docs WHERE article = ? AND kind = 1 ORDER BY id", (aid,)
                )
            ]
            shown = "\n".join([str(headline or ""), *sentences]).strip()
        else:
            shown = str(text or "")
        cut = snippet(shown, node)
        language = str(lang) if lang else None
        return SearchHit(
            kind=kind,
            iri=str(iri),
            article=str(graph),
            headline=str(headline) if headline else None,
            speaker=str(speaker) if speaker else None,
            speaker_label=_label(speaker_fa, speaker_en, language),
            outlet=str(outlet) if outlet else None,
            outlet_label=_label(outlet_fa, outlet_en, language),
            day=date.fromisoformat(str(day)) if day else None,
            lang=language,
            score=round(-float(str(score)), 4),
            snippet=cut.text,
            marks=cut.marks,
        )

    def _facets(self, db: sqlite3.Connection) -> dict[str, tuple[FacetCount, ...]]:
        def labelled(counts: str) -> tuple[FacetCount, ...]:
            """The FACET_SIZE values counted most by ``counts`` (value, n), labelled."""
            return tuple(
                FacetCount(str(iri), _label(fa, en, None), int(n))
                for iri, fa, en, n in db.execute(
                    f"SELECT v.iri, v.label_fa, v.label_en, c.n FROM ({counts}) c "
                    "CROSS JOIN nodes v ON v.id = c.value ORDER BY c.n DESC, v.iri LIMIT ?",
                    (FACET_SIZE,),
                )
            )

        speaker = labelled(
            "SELECT speaker AS value, count(*) AS n FROM temp.hit WHERE speaker IS NOT NULL "
            "GROUP BY speaker"
        )
        outlet = labelled(
            "SELECT outlet AS value, count(*) AS n FROM temp.hit WHERE outlet IS NOT NULL "
            "GROUP BY outlet"
        )
        topic = labelled(
            "SELECT dt.topic AS value, count(*) AS n FROM temp.hit h "
            "CROSS JOIN doc_topics dt ON dt.doc = h.doc GROUP BY dt.topic"
        )
        year = tuple(
            FacetCount(str(y), None, int(n))
            for y, n in db.execute(
                "SELECT year, count(*) AS n FROM temp.hit WHERE year IS NOT NULL "
                "GROUP BY year ORDER BY year DESC"
            )
        )
        kind = tuple(
            FacetCount(DocKind(k).label, None, int(n))
            for k, n in db.execute(
                f"SELECT doc & {_KIND_STEP - 1} AS k, count(*) FROM temp.hit GROUP BY k ORDER BY k"
            )
        )
        return {"kind": kind, "speaker": speaker, "outlet": outlet, "year": year, "topic": topic}


def _empty(db: sqlite3.Connection) -> None:
    for table in _TABLES:
        db.execute(f"DELETE FROM {table}")
    db.execute("INSERT INTO fts(fts) VALUES ('delete-all')")


def _label(fa: object, en: object, lang: str | None) -> str | None:
    return Labels(str(fa) if fa else None, str(en) if en else None).best(lang)


def values_clause(page: SearchPage, variable: str = "hit") -> str:
    """The hits of ``page`` as a SPARQL ``VALUES`` block, to join with graph patterns."""
    iris = "\n  ".join(str(NamedNode(hit.iri)) for hit in page.hits)
    return f"VALUES ?{variable} {{\n  {iris}\n}}\n"
