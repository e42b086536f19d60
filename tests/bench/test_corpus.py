"""bench/corpus.py: deterministic synthetic news that the extractor reads like real news."""

from __future__ import annotations

import io
import json

from bench.corpus import generate, write_corpus
from payvand.extract.gazetteer import Gazetteer
from payvand.extract.pipeline import extract_article
from payvand.sources import article_from_record


def test_the_same_seed_gives_the_same_bytes_and_another_seed_other_bytes(
    gazetteer: Gazetteer,
) -> None:
    first, again, other = io.StringIO(), io.StringIO(), io.StringIO()
    write_corpus(50, first, seed=7, gazetteer=gazetteer)
    write_corpus(50, again, seed=7, gazetteer=gazetteer)
    write_corpus(50, other, seed=8, gazetteer=gazetteer)
    assert first.getvalue() == again.getvalue()
    assert first.getvalue() != other.getvalue()
    assert len(first.getvalue().splitlines()) == 50


def test_articles_are_valid_sized_like_the_seed_and_mostly_persian(gazetteer: Gazetteer) -> None:
    records = list(generate(300, seed=1, gazetteer=gazetteer))
    sizes = [len(json.dumps(r, ensure_ascii=False).encode("utf-8")) for r in records]
    assert min(sizes) >= 2048
    assert max(sizes) <= 4096 + 1024
    english = sum(r["lang"] == "en" for r in records)
    assert 0.1 < english / len(records) < 0.3
    assert len({r["url"] for r in records}) == len(records)
    for number, record in enumerate(records, start=1):
        article_from_record(record, source="corpus", line=number)  # raises on a bad record


def test_the_extractor_finds_what_the_templates_put_in(gazetteer: Gazetteer) -> None:
    records = list(generate(40, seed=3, gazetteer=gazetteer))
    extractions = [
        extract_article(article_from_record(r, source="corpus", line=i), gazetteer)
        for i, r in enumerate(records, start=1)
    ]
    assert sum(len(e.statements) for e in extractions) >= 80
    assert sum(len(e.twinnings) + len(e.agreements) for e in extractions) >= 10
    assert sum(len(e.events) for e in extractions) >= 10
    persons = {e.key for x in extractions for e in x.entities if e.key.startswith("person/")}
    assert len(persons) >= 20
    assert any(x.date_published is not None and x.lang == "fa" for x in extractions)
