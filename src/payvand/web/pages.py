"""HTML pages for people: an entity's page and the ontology's reference page, in Persian or English.

Pages are written right to left in Persian and left to right in English; every name keeps its
own language and direction (``lang`` and ``dir="auto"``), so a Persian label reads right on an
English page. The words of the pages themselves are in ``messages.json``. Everything that comes
from the graph is escaped.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import cache
from html import escape
from pathlib import Path
from urllib.parse import quote

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple

from payvand.namespaces import ONTOLOGY_IRI, PREFIXES, RDF, REFERENCE_GRAPH_PATH, TOPICS_GRAPH_PATH
from payvand.resources import Description
from payvand.vocabulary import Term, TermKind, Vocabulary
from payvand.web.security import safe_href

Link = Callable[[str], str | None]
LANGUAGES = ("fa", "en")
FORMATS = ("turtle", "jsonld", "ntriples", "rdfxml", "trig", "nquads")


@cache
def messages() -> dict[str, dict[str, str]]:
    """The words of the pages, by language (read once, on first use)."""
    path = Path(__file__).resolve().parent / "messages.json"
    loaded: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def _short(iri: str) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda p: -len(p[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _anchor(href: str | None, text: str, *, lang: str | None = None) -> str:
    """A link to ``href``, or plain text when there is none or it is not http(s) or a path."""
    attrs = f' lang="{lang}" dir="auto"' if lang else ' dir="auto"'
    href = safe_href(href) if href is not None else None
    if href is None:
        return f"<span{attrs}>{escape(text)}</span>"
    return f'<a href="{escape(href)}"{attrs}>{escape(text)}</a>'


def _page(title: str, lang: str, body: str, *, head: str = "") -> str:
    direction = messages()[lang]["dir"]
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}" dir="{direction}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} · Payvand</title>\n"
        '<link rel="stylesheet" href="/static/payvand.css">\n'
        '<link rel="stylesheet" href="/static/resource.css">\n'
        f"{head}</head>\n<body>\n"
        '<header class="site"><a class="brand" href="/ontology">'
        f"{escape(messages()[lang]['brand'])}</a></header>\n"
        f'<main class="resource">\n{body}</main>\n</body>\n</html>\n'
    )


def render_not_found(message: str, *, lang: str, search: str) -> str:
    """The page of an IRI the graph knows nothing about: what was asked, and a way on."""
    words = messages()[lang]
    body = (
        f"<h1>{escape(words['not_found'])}</h1>\n"
        f'<p class="not-found" dir="auto">{escape(message)}</p>\n'
        f'<p><a href="/?q={quote(search)}">{escape(words["not_found_search"])}</a></p>\n'
    )
    return _page(words["not_found"], lang, body)


def _switch(lang: str, here: str) -> str:
    words = messages()[lang]
    other = words["other_lang"]
    return (
        f'<p class="switch"><a href="{escape(here)}?lang={other}" lang="{other}" '
        f'hreflang="{other}">{escape(words["other_lang_name"])}</a></p>\n'
    )


# --- an entity ----------------------------------------------------------------------------------


def render_entity(
    description: Description, vocabulary: Vocabulary, *, lang: str, link: Link, here: str
) -> str:
    """The page of one entity: names, types, properties, what points to it, sources, evidence."""
    words = messages()[lang]
    iri = description.iri

    def name_of(node: str) -> tuple[str, str | None]:
        """A display name and its language: the graph's, the ontology's, or the short IRI."""
        found = description.name(node, lang)
        if found is not None:
            names = description.names.get(node, {})
            found_lang = next((lg for lg, text in names.items() if text == found), None)
            return _clip(found), found_lang or None
        label = vocabulary.label(node, lang)
        return (label, lang) if label else (_short(node), None)

    def value(term: NamedNode | BlankNode | Literal | Triple) -> str:
        if isinstance(term, NamedNode):
            text, text_lang = name_of(term.value)
            return _anchor(link(term.value), text, lang=text_lang)
        if isinstance(term, Literal):
            attrs = f' lang="{term.language}"' if term.language else ""
            return f'<span class="literal"{attrs} dir="auto">{escape(term.value)}</span>'
        return escape(str(term))

    title, title_lang = name_of(iri)
    other = description.names.get(iri, {}).get(messages()[lang]["other_lang"])
    types = [
        q.object.value
        for q in description.outgoing
        if q.predicate == RDF.type and isinstance(q.object, NamedNode)
    ]
    parts = [
        f'<h1 lang="{title_lang or lang}" dir="auto">{escape(title)}</h1>\n',
        f'<p class="other-name" lang="{words["other_lang"]}" dir="auto">{escape(other)}</p>\n'
        if other and other != title
        else "",
        f'<p class="iri">{escape(words["iri"])}: <code dir="ltr">{escape(iri)}</code></p>\n',
        f'<p class="types">{escape(words["types"])}: '
        + words["separator"].join(value(NamedNode(t)) for t in dict.fromkeys(types))
        + "</p>\n"
        if types
        else "",
        _switch(lang, here),
    ]
    rows = _grouped(q for q in description.outgoing if q.predicate != RDF.type)
    if rows:
        parts.append(f"<section><h2>{escape(words['properties'])}</h2>\n<table>\n")
        for predicate, objects in rows:
            label = vocabulary.label(predicate, lang) or _short(predicate)
            cells = "<br>".join(value(o) for o in objects)
            parts.append(
                f"<tr><th>{_anchor(link(predicate), label, lang=lang)}</th><td>{cells}</td></tr>\n"
            )
        parts.append("</table></section>\n")
    if description.incoming:
        parts.append(f"<section><h2>{escape(words['referenced_by'])}</h2>\n<table>\n")
        by_predicate: dict[str, list[NamedNode | BlankNode]] = {}
        for quad in description.incoming:
            subjects = by_predicate.setdefault(quad.predicate.value, [])
            if quad.subject not in subjects:
                subjects.append(quad.subject)  # type: ignore[arg-type]
        for predicate, subjects in by_predicate.items():
            label = vocabulary.label(predicate, lang) or _short(predicate)
            cells = "<br>".join(value(s) for s in subjects)
            parts.append(
                f"<tr><th>{_anchor(link(predicate), label, lang=lang)}</th><td>{cells}</td></tr>\n"
            )
        parts.append("</table>\n")
        if description.incoming_total > len(description.incoming):
            more = description.incoming_total - len(description.incoming)
            parts.append(f'<p class="more">{escape(words["more"].format(n=more))}</p>\n')
        parts.append("</section>\n")
    sources = description.graphs
    if sources:
        parts.append(f"<section><h2>{escape(words['sources'])}</h2>\n<ul>\n")
        for graph in sources:
            parts.append(f"<li>{_source(graph, description, words, link)}</li>\n")
        parts.append("</ul></section>\n")
    if description.evidence:
        parts.append(f'<section><h2>{escape(words["evidence"])}</h2>\n<ul class="evidence">\n')
        for item in description.evidence:
            fact = "" if item.fact == iri else f"{value(NamedNode(item.fact))} · "
            sentence = _anchor(link(item.sentence), item.text)
            article = (
                "" if item.article == iri else _anchor(link(item.article), name_of(item.article)[0])
            )
            parts.append(
                f'<li>{fact}<blockquote dir="auto">{sentence}</blockquote> {article}</li>\n'
            )
        parts.append("</ul></section>\n")
    parts.append(_formats(words, here))
    head = "".join(
        f'<link rel="alternate" type="{media}" href="{escape(here)}?format={name}">\n'
        for name, media in ALTERNATES.items()
    )
    return _page(title, lang, "".join(parts), head=head)


ALTERNATES = {
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "trig": "application/trig",
    "nquads": "application/n-quads",
}


def _formats(words: dict[str, str], here: str) -> str:
    links = " · ".join(
        f'<a href="{escape(here)}?format={name}" dir="ltr">{name}</a>' for name in ALTERNATES
    )
    return f'<p class="formats">{escape(words["formats"])}: {links}</p>\n'


def _source(graph: str, description: Description, words: dict[str, str], link: Link) -> str:
    if graph.endswith("/" + REFERENCE_GRAPH_PATH):
        return escape(words["reference_graph"])
    if graph.endswith("/" + TOPICS_GRAPH_PATH):
        return escape(words["topics_graph"])
    article = description.articles.get(graph)
    if article is None:
        return _anchor(link(graph), graph)
    text = _anchor(link(graph), _clip(article.headline or graph))
    if article.date:
        text += (
            f' · <span dir="ltr">{escape(words["published"])} {escape(article.date[:10])}</span>'
        )
    original = safe_href(article.url) if article.url else None
    if original:
        text += f' · <a href="{escape(original)}" dir="ltr">{escape(words["original"])}</a>'
    return text


def _grouped(
    quads: Iterable[Quad],
) -> list[tuple[str, list[NamedNode | BlankNode | Literal | Triple]]]:
    groups: dict[str, list[NamedNode | BlankNode | Literal | Triple]] = {}
    for quad in quads:
        objects = groups.setdefault(quad.predicate.value, [])
        if quad.object not in objects:
            objects.append(quad.object)
    return sorted(groups.items(), key=lambda item: _short(item[0]))


def _clip(text: str, length: int = 160) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


# --- the ontology -------------------------------------------------------------------------------


def render_ontology(
    vocabulary: Vocabulary, *, lang: str, link: Link, here: str, topics: bool
) -> str:
    """The reference page of the ontology (or of the topic scheme), every term in both languages."""
    words = messages()[lang]
    meta = vocabulary.metadata
    if topics:
        scheme = vocabulary.term(ONTOLOGY_IRI + "/topics")
        title = scheme.label(lang) if scheme else words["topics"]
        sections = [(words["topics"], vocabulary.of_kind(TermKind.TOPIC))]
    else:
        title = _meta(meta, "http://purl.org/dc/terms/title", lang) or words["ontology"]
        sections = [
            (words["classes"], vocabulary.of_kind(TermKind.CLASS, own=True)),
            (words["object_properties"], vocabulary.of_kind(TermKind.OBJECT_PROPERTY, own=True)),
            (
                words["datatype_properties"],
                vocabulary.of_kind(TermKind.DATATYPE_PROPERTY, own=True),
            ),
            (words["individuals"], vocabulary.of_kind(TermKind.INDIVIDUAL, own=True)),
            (
                words["reused"],
                sorted(
                    (
                        t
                        for t in vocabulary.terms.values()
                        if not t.own and t.labels and not t.iri.startswith(ONTOLOGY_IRI)
                    ),
                    key=lambda t: _short(t.iri),
                ),
            ),
        ]
    parts = [f"<h1>{escape(title)}</h1>\n"]
    if not topics:
        description = _meta(meta, "http://purl.org/dc/terms/description", lang)
        if description:
            parts.append(f'<p dir="auto">{escape(description)}</p>\n')
        version = _meta(meta, "http://www.w3.org/2002/07/owl#versionIRI", "")
        licence = _meta(meta, "http://purl.org/dc/terms/license", "")
        parts.append(
            f'<p class="iri">{escape(words["iri"])}: <code dir="ltr">{ONTOLOGY_IRI}</code>'
            + (
                f' · {escape(words["version"])}: <code dir="ltr">{escape(version)}</code>'
                if version
                else ""
            )
            + (
                f" · {escape(words['licence'])}: "
                f'<a href="{escape(licence)}" dir="ltr">{escape(licence)}</a>'
                if licence
                else ""
            )
            + f' · <a href="/ontology/topics">{escape(words["topics"])}</a></p>\n'
        )
    parts.append(_switch(lang, here))
    for heading, terms in sections:
        if not terms:
            continue
        properties = any(t.domain or t.range for t in terms)
        columns = ["term", "label_en", "label_fa", "comment", "parents", "equivalents"]
        columns += ["domain", "range"] if properties else []
        parts.append(
            f"<section><h2>{escape(heading)} ({len(terms)})</h2>\n"
            '<div class="scroll"><table class="terms">\n<tr>'
            + "".join(f"<th>{escape(words[k])}</th>" for k in columns)
            + "</tr>\n"
        )
        for term in terms:
            parts.append(_term_row(term, vocabulary, lang=lang, link=link, properties=properties))
        parts.append("</table></div></section>\n")
    download = "/ontology/topics" if topics else "/ontology"
    parts.append(
        f'<p class="formats">{escape(words["download"])}: '
        + " · ".join(
            f'<a href="{download}?format={name}" dir="ltr">{name}</a>'
            for name in ("turtle", "jsonld", "ntriples", "rdfxml")
        )
        + "</p>\n"
    )
    return _page(title, lang, "".join(parts))


def _meta(meta: dict[str, dict[str, str]], key: str, lang: str) -> str:
    values = meta.get(key, {})
    return values.get(lang) or values.get("") or next(iter(values.values()), "")


def _term_row(
    term: Term, vocabulary: Vocabulary, *, lang: str, link: Link, properties: bool
) -> str:
    def refs(iris: list[str]) -> str:
        return "<br>".join(
            _anchor(
                link(i),
                vocabulary.label(i, lang) or _short(i),
                lang=lang if vocabulary.label(i, lang) else None,
            )
            for i in iris
        )

    anchor = term.local_name if term.own else _short(term.iri).replace(":", "-")
    return (
        f'<tr id="{escape(anchor)}">'
        f'<td><code dir="ltr">{escape(_short(term.iri))}</code></td>'
        f'<td lang="en" dir="ltr">{escape(term.labels.get("en", ""))}</td>'
        f'<td lang="fa" dir="rtl">{escape(term.labels.get("fa", ""))}</td>'
        f'<td lang="en" dir="ltr">{escape(term.comment)}</td>'
        f"<td>{refs(term.parents)}</td><td>{refs(term.equivalents)}</td>"
        + (f"<td>{refs(term.domain)}</td><td>{refs(term.range)}</td>" if properties else "")
        + "</tr>\n"
    )
