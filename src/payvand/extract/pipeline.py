"""extract_article(article, gazetteer) -> Extraction: the whole of extraction for one article."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date
from typing import Final

from payvand.extract.entities import recognise, resolve, slugify
from payvand.extract.gazetteer import Gazetteer
from payvand.extract.kinds import EVENT
from payvand.extract.outlets import find_outlets
from payvand.extract.positions import extract_positions, extract_titles
from payvand.extract.programmes import extract_agreements, extract_events, signing_date
from payvand.extract.reading import Reading
from payvand.extract.statements import extract_statements
from payvand.extract.twinnings import (
    extract_twinnings,
    recognise_partner_towns,
    recognise_towns_in_countries,
)
from payvand.model import Article, Entity, EntityKind, Extraction, Finding, Mention, Severity
from payvand.text.document import detect_language, read_document
from payvand.text.normalise import match_key, normalise_text

_ORGANISATION: Final = EntityKind.ORGANISATION


def content_hash(article: Article) -> str:
    """A hash of everything that decides an article's graph: re-ingest skips an unchanged one."""
    payload = json.dumps(
        [
            article.url,
            article.text,
            article.headline,
            article.date_published.isoformat() if article.date_published else None,
            article.lang,
            article.publisher,
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _publisher_entity(name: str, gazetteer: Gazetteer, lang: str) -> Entity:
    keys = tuple(match_key(name).split())
    found = gazetteer.names.match_at(keys, 0) if keys else None
    if found is not None and found[0] == len(keys):
        entry = gazetteer.entry(found[1][0])
        if entry is not None and entry.kind is _ORGANISATION:
            return Entity(
                key=entry.key,
                kind=entry.kind,
                label=entry.label(lang),
                lang=lang,
                labels=tuple(
                    (n, lg) for n, lg in ((entry.name_fa, "fa"), (entry.name_en, "en")) if n
                ),
                subkind=entry.subkind,
                wikidata=entry.wikidata,
                canonical=True,
            )
    label = normalise_text(name)
    label_lang = "fa" if detect_language(label) == "fa" else "en"
    return Entity(
        key=f"organisation/{slugify(label)}",
        kind=_ORGANISATION,
        label=label,
        lang=label_lang,
        labels=((label, label_lang),),
        subkind="news_agency",
    )


def extract_article(article: Article, gazetteer: Gazetteer) -> Extraction:
    """Read one article into entities, positions, statements, twinnings, agreements and events."""
    findings: list[Finding] = []
    text = normalise_text(
        article.text,
        compounds=gazetteer.compounds,
        words=gazetteer.words,
        memo=gazetteer.normalised_words,
    )
    lang = article.lang or detect_language(text)
    document = read_document(text, mastheads=gazetteer.mastheads)
    reading = Reading.of(document.text, document.sentences, lang)
    reading.header_end = document.headline_end
    recognise(reading, gazetteer)
    outlets = find_outlets(reading, gazetteer)
    recognise_partner_towns(reading, gazetteer)
    recognise_towns_in_countries(reading, gazetteer)
    entities, mentions = resolve(reading, gazetteer)
    publisher = outlets[0].key if outlets else None
    if article.publisher:
        publisher_entity = _publisher_entity(article.publisher, gazetteer, lang)
        publisher = publisher_entity.key
        if all(e.key != publisher for e in entities):
            entities.append(publisher_entity)
    mentioned = {e.key for e in entities}
    titles = extract_titles(reading, gazetteer)
    positions = extract_positions(reading, gazetteer, mentioned, titles)
    statements = extract_statements(reading, gazetteer, titles, headline_end=document.headline_end)
    twinnings, planned = extract_twinnings(reading)
    twinned = {t.sentence for t in twinnings} | {a.sentence for a in planned}
    published: date | None = article.date_published or document.printed_date
    twinnings = [
        replace(t, signed_on=signing_date(reading, t.sentence, published)) for t in twinnings
    ]
    agreements = planned + extract_agreements(reading, twinned, published)
    if published is None:
        findings.append(
            Finding(Severity.INFO, "no-date", "no publication date printed in the article")
        )
    events = extract_events(reading, article.url, published)
    for event in events:
        entities.append(
            Entity(
                key=event.key,
                kind=EVENT,
                label=event.label,
                lang=lang,
                labels=((event.label, lang),),
                subkind=event.kind,
            )
        )
    headline = normalise_text(article.headline) if article.headline else document.headline
    return Extraction(
        article=article,
        text=document.text,
        lang=lang,
        headline=headline or None,
        date_published=published,
        publisher=publisher,
        sentences=document.sentences,
        entities=tuple(entities),
        mentions=tuple(_dedupe(mentions)),
        positions=tuple(positions),
        statements=tuple(statements),
        twinnings=tuple(twinnings),
        agreements=tuple(agreements),
        events=tuple(events),
        findings=tuple(findings),
        content_hash=content_hash(article),
    )


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    return list(dict.fromkeys(mentions))
