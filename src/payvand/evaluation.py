"""The extraction metric of the annotation guide: per-question precision, recall and F1.

An article's *answers* to the eight competency questions (read from its named graph) are compared
with its *gold* annotation:

* labels are compared after :func:`normalise_label`; two labels also match when one normalised
  string contains the other and the shorter is at least 70% of the longer;
* an entity matches an annotated entry when any of its labels matches the entry's name or one of
  its aliases; each annotated entry is matched at most once (a maximum matching);
* positions, twinnings and organisers match when their entities do; statements count per speaker,
  ``min(found, annotated)`` of them being right for a matched speaker;
* precision, recall and F1 are micro-averaged over articles; entity-F1 pools CQ1-3 and
  relation-F1 pools CQ4-7; the publication date is right when the dates are equal (no date on
  both sides is right too).

Everything here is pure: gold records come in as decoded JSON, answers as values.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TypeVar

from payvand.errors import InputError

CONTAINMENT = 0.7
GOLD_KEYS = (
    "source",
    "url",
    "lang",
    "style",
    "persons",
    "organisations",
    "places",
    "positions",
    "twinnings",
    "statements",
    "organisers",
    "date",
    "notes",
)


class Question(StrEnum):
    """The eight competency questions; the value names them in reports."""

    PERSONS = "CQ1 persons"
    ORGANISATIONS = "CQ2 organisations"
    PLACES = "CQ3 places"
    POSITIONS = "CQ4 positions"
    TWINNINGS = "CQ5 twinnings"
    STATEMENTS = "CQ6 statements"
    ORGANISERS = "CQ7 organisers"
    DATE = "CQ8 date"


ENTITY_QUESTIONS = (Question.PERSONS, Question.ORGANISATIONS, Question.PLACES)
RELATION_QUESTIONS = (
    Question.POSITIONS,
    Question.TWINNINGS,
    Question.STATEMENTS,
    Question.ORGANISERS,
)

# --- labels --------------------------------------------------------------------------------------

_FOLD = str.maketrans(
    {
        "\N{ARABIC LETTER YEH}": "\N{ARABIC LETTER FARSI YEH}",
        "\N{ARABIC LETTER ALEF MAKSURA}": "\N{ARABIC LETTER FARSI YEH}",
        "\N{ARABIC LETTER KAF}": "\N{ARABIC LETTER KEHEH}",
        "\N{ARABIC LETTER TEH MARBUTA}": "\N{ARABIC LETTER HEH}",
        "\N{ARABIC LETTER HEH WITH YEH ABOVE}": "\N{ARABIC LETTER HEH}",
        "\N{ARABIC LETTER ALEF WITH HAMZA ABOVE}": "\N{ARABIC LETTER ALEF}",
        "\N{ARABIC LETTER ALEF WITH HAMZA BELOW}": "\N{ARABIC LETTER ALEF}",
        "\N{ARABIC LETTER WAW WITH HAMZA ABOVE}": "\N{ARABIC LETTER WAW}",
        "\N{ARABIC LETTER YEH WITH HAMZA ABOVE}": "\N{ARABIC LETTER FARSI YEH}",
        "\N{ARABIC LETTER HAMZA}": "",
        "\N{ARABIC HAMZA ABOVE}": "",
        "\N{ARABIC HAMZA BELOW}": "",
        "\N{ZERO WIDTH NON-JOINER}": "",
        "\N{ZERO WIDTH JOINER}": "",
        "\N{ARABIC TATWEEL}": "",
        **{chr(0x06F0 + d): str(d) for d in range(10)},
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **dict.fromkeys((chr(c) for c in range(0x064B, 0x0660)), ""),
        "\N{ARABIC LETTER SUPERSCRIPT ALEF}": "",
    }
)
_SPACE_AND_PUNCTUATION = re.compile(r"[\W_]+")


def normalise_label(label: str) -> str:
    """A label as the guide compares it: letters folded, no spaces or punctuation, ASCII digits."""
    folded = unicodedata.normalize("NFC", label).translate(_FOLD).casefold()
    return _SPACE_AND_PUNCTUATION.sub("", folded)


def keys_match(a: str, b: str) -> bool:
    """Whether two normalised labels match: equal, or one contains the other at 70% or more."""
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return short in long and len(short) >= CONTAINMENT * len(long)


def labels_match(labels: Iterable[str], names: Iterable[str]) -> bool:
    """Whether any label matches any name (both given raw; they are normalised here)."""
    keys = [normalise_label(label) for label in labels]
    return any(keys_match(k, normalise_label(n)) for n in names for k in keys)


# --- gold ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldEntity:
    """An annotated entity: the fullest name the article uses and its other forms."""

    name: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One article's annotation (a ``*.gold.json`` file)."""

    name: str
    source: str
    url: str
    lang: str
    persons: tuple[GoldEntity, ...]
    organisations: tuple[GoldEntity, ...]
    places: tuple[GoldEntity, ...]
    positions: tuple[tuple[GoldEntity, GoldEntity], ...]
    twinnings: tuple[tuple[GoldEntity, GoldEntity], ...]
    statements: tuple[tuple[GoldEntity, int], ...]
    organisers: tuple[GoldEntity, ...]
    date: date | None
    style: str = ""
    notes: str = ""


def _list(record: Mapping[str, object], key: str, where: str) -> list[object]:
    value = record.get(key)
    if not isinstance(value, list):
        raise InputError(f"must be a list, not {type(value).__name__}", source=where, field=key)
    return value


def _text(value: object, where: str, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError("must be a non-empty string", source=where, field=path)
    return value


def _entities(record: Mapping[str, object], key: str, where: str) -> tuple[GoldEntity, ...]:
    items = _list(record, key, where)
    found = []
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            raise InputError(
                'must be an object {"name": …, "aliases": […]}', source=where, field=f"{key}[{n}]"
            )
        name = _text(item.get("name"), where, f"{key}[{n}].name")
        aliases = item.get("aliases", [])
        if not isinstance(aliases, list):
            raise InputError("must be a list of strings", source=where, field=f"{key}[{n}].aliases")
        found.append(
            GoldEntity(
                name,
                tuple(_text(a, where, f"{key}[{n}].aliases[{m}]") for m, a in enumerate(aliases)),
            )
        )
    return tuple(found)


def _resolve(name: str, among: Sequence[GoldEntity]) -> GoldEntity:
    """The annotated entity a relation names (by its name or an alias)."""
    key = normalise_label(name)
    for entity in among:
        if any(normalise_label(n) == key for n in entity.names):
            return entity
    return GoldEntity(name)


def gold_from_record(record: object, *, source: str) -> GoldArticle:
    """A GoldArticle from one decoded ``*.gold.json``; errors name the file and the field."""
    if not isinstance(record, dict):
        raise InputError(f"must be a JSON object, not {type(record).__name__}", source=source)
    missing = [k for k in GOLD_KEYS if k not in record]
    if missing:
        raise InputError(
            f"lacks the key(s) {', '.join(missing)}; see data/articles/gold/README.md",
            source=source,
        )
    lang = _text(record["lang"], source, "lang")
    if lang not in ("fa", "en"):
        raise InputError(f"is '{lang}'; use 'fa' or 'en'", source=source, field="lang")
    persons = _entities(record, "persons", source)
    organisations = _entities(record, "organisations", source)
    places = _entities(record, "places", source)
    positions = []
    for n, item in enumerate(_list(record, "positions", source)):
        if not isinstance(item, dict):
            raise InputError("must be an object", source=source, field=f"positions[{n}]")
        member = _text(item.get("member"), source, f"positions[{n}].member")
        organisation = _text(item.get("organisation"), source, f"positions[{n}].organisation")
        positions.append((_resolve(member, persons), _resolve(organisation, organisations)))
    twinnings = []
    for n, item in enumerate(_list(record, "twinnings", source)):
        if not isinstance(item, dict):
            raise InputError("must be an object", source=source, field=f"twinnings[{n}]")
        a = _text(item.get("a"), source, f"twinnings[{n}].a")
        b = _text(item.get("b"), source, f"twinnings[{n}].b")
        twinnings.append((_resolve(a, places), _resolve(b, places)))
    statements = []
    for n, item in enumerate(_list(record, "statements", source)):
        if not isinstance(item, dict):
            raise InputError("must be an object", source=source, field=f"statements[{n}]")
        speaker = _text(item.get("speaker"), source, f"statements[{n}].speaker")
        count = item.get("count")
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise InputError(
                "must be a positive whole number", source=source, field=f"statements[{n}].count"
            )
        statements.append((_resolve(speaker, persons), count))
    organisers = tuple(
        _resolve(_text(o, source, f"organisers[{n}]"), organisations)
        for n, o in enumerate(_list(record, "organisers", source))
    )
    raw_date = record["date"]
    published: date | None = None
    if raw_date is not None:
        if not isinstance(raw_date, str):
            raise InputError("must be YYYY-MM-DD or null", source=source, field="date")
        try:
            published = date.fromisoformat(raw_date)
        except ValueError as err:
            raise InputError(
                f"'{raw_date}' is not a date: use YYYY-MM-DD or null", source=source, field="date"
            ) from err
    return GoldArticle(
        name=str(record.get("source", source)).rsplit(".", 1)[0],
        source=_text(record["source"], source, "source"),
        url=_text(record["url"], source, "url"),
        lang=lang,
        persons=persons,
        organisations=organisations,
        places=places,
        positions=tuple(positions),
        twinnings=tuple(twinnings),
        statements=tuple(statements),
        organisers=organisers,
        date=published,
        style=str(record.get("style") or ""),
        notes=str(record.get("notes") or ""),
    )


# --- answers -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Found:
    """An entity in the graph: its IRI and its ``rdfs:label`` values."""

    iri: str
    labels: tuple[str, ...]

    def show(self) -> str:
        return self.labels[0] if self.labels else self.iri


@dataclass(frozen=True, slots=True)
class Answers:
    """One article's answers to the eight questions, as read from its graph."""

    persons: tuple[Found, ...] = ()
    organisations: tuple[Found, ...] = ()
    places: tuple[Found, ...] = ()
    positions: tuple[tuple[Found, Found], ...] = ()
    twinnings: tuple[tuple[Found, Found], ...] = ()
    statements: tuple[tuple[Found, int], ...] = ()
    organisers: tuple[Found, ...] = ()
    date: date | None = None


# --- scoring -------------------------------------------------------------------------------------


@dataclass(slots=True)
class Counts:
    """True positives, answers given and answers expected; P/R/F1 follow."""

    correct: int = 0
    found: int = 0
    expected: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.correct += other.correct
        self.found += other.found
        self.expected += other.expected
        return self

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else (1.0 if not self.expected else 0.0)

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else (1.0 if not self.found else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class ArticleScore:
    """One article's counts per question, with what was missed and what was wrongly found."""

    name: str
    lang: str
    counts: dict[Question, Counts] = field(default_factory=dict)
    missed: dict[Question, list[str]] = field(default_factory=dict)
    wrong: dict[Question, list[str]] = field(default_factory=dict)
    date_found: date | None = None
    date_expected: date | None = None

    @property
    def date_right(self) -> bool:
        return self.date_found == self.date_expected


A = TypeVar("A")
G = TypeVar("G")


def _matching(
    answers: Sequence[A], gold: Sequence[G], weight: Callable[[A, G], int]
) -> list[tuple[int, int, int]]:
    """A maximum-weight matching of answers to gold entries: ``(answer, gold, weight)`` triples.

    Weights are small positive integers (1 for entities, a count for statements). Augmenting
    paths are searched in order of weight, which is exact for unit weights and for the
    one-to-one speaker lists annotations give.
    """
    edges: dict[int, list[tuple[int, int]]] = {}
    for i, a in enumerate(answers):
        for j, g in enumerate(gold):
            w = weight(a, g)
            if w > 0:
                edges.setdefault(i, []).append((w, j))
    for options in edges.values():
        options.sort(key=lambda wj: (-wj[0], wj[1]))
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for _w, j in edges.get(i, []):
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    order = sorted(edges, key=lambda i: (-max(w for w, _ in edges[i]), i))
    for i in order:
        augment(i, set())
    return sorted((i, j, weight(answers[i], gold[j])) for j, i in owner.items())


def _entity_weight(found: Found, gold: GoldEntity) -> int:
    return 1 if labels_match(found.labels, gold.names) else 0


def _pair_weight(found: tuple[Found, Found], gold: tuple[GoldEntity, GoldEntity]) -> int:
    return int(_entity_weight(found[0], gold[0]) and _entity_weight(found[1], gold[1]))


def _unordered_weight(found: tuple[Found, Found], gold: tuple[GoldEntity, GoldEntity]) -> int:
    return max(_pair_weight(found, gold), _pair_weight((found[1], found[0]), gold))


def _score(
    score: ArticleScore,
    question: Question,
    answers: Sequence[A],
    gold: Sequence[G],
    weight: Callable[[A, G], int],
    show_answer: Callable[[A], str],
    show_gold: Callable[[G], str],
    size_answer: Callable[[A], int] = lambda _a: 1,
    size_gold: Callable[[G], int] = lambda _g: 1,
) -> None:
    matched = _matching(answers, gold, weight)
    correct = sum(w for _i, _j, w in matched)
    counts = Counts(correct, sum(size_answer(a) for a in answers), sum(size_gold(g) for g in gold))
    score.counts[question] = counts
    used_a = {i: w for i, _j, w in matched}
    used_g = {j: w for _i, j, w in matched}
    score.missed[question] = [
        show_gold(g)
        + (
            f" ({size_gold(g) - used_g.get(j, 0)} of {size_gold(g)})"
            if size_gold(g) > 1 and j in used_g
            else ""
        )
        for j, g in enumerate(gold)
        if used_g.get(j, 0) < size_gold(g)
    ]
    score.wrong[question] = [
        show_answer(a)
        + (
            f" ({size_answer(a) - used_a.get(i, 0)} of {size_answer(a)})"
            if size_answer(a) > 1 and i in used_a
            else ""
        )
        for i, a in enumerate(answers)
        if used_a.get(i, 0) < size_answer(a)
    ]


def _show_pair(pair: tuple[Found, Found]) -> str:
    return f"{pair[0].show()} — {pair[1].show()}"


def _show_gold_pair(pair: tuple[GoldEntity, GoldEntity]) -> str:
    return f"{pair[0].name} — {pair[1].name}"


def score_article(answers: Answers, gold: GoldArticle) -> ArticleScore:
    """Score one article's answers against its annotation."""
    score = ArticleScore(gold.name, gold.lang)
    for question, found, expected in (
        (Question.PERSONS, answers.persons, gold.persons),
        (Question.ORGANISATIONS, answers.organisations, gold.organisations),
        (Question.PLACES, answers.places, gold.places),
        (Question.ORGANISERS, answers.organisers, gold.organisers),
    ):
        _score(score, question, found, expected, _entity_weight, Found.show, _gold_name)
    _score(
        score,
        Question.POSITIONS,
        answers.positions,
        gold.positions,
        _pair_weight,
        _show_pair,
        _show_gold_pair,
    )
    _score(
        score,
        Question.TWINNINGS,
        answers.twinnings,
        gold.twinnings,
        _unordered_weight,
        _show_pair,
        _show_gold_pair,
    )
    _score(
        score,
        Question.STATEMENTS,
        answers.statements,
        gold.statements,
        lambda a, g: min(a[1], g[1]) if _entity_weight(a[0], g[0]) else 0,
        lambda a: a[0].show(),
        lambda g: g[0].name,
        size_answer=lambda a: a[1],
        size_gold=lambda g: g[1],
    )
    score.date_found = answers.date
    score.date_expected = gold.date
    right = int(score.date_right)
    score.counts[Question.DATE] = Counts(right, 1, 1)
    if not right:
        score.missed[Question.DATE] = [str(gold.date) if gold.date else "(no date)"]
        score.wrong[Question.DATE] = [str(answers.date) if answers.date else "(no date)"]
    return score


def _gold_name(entity: GoldEntity) -> str:
    return entity.name


@dataclass(frozen=True, slots=True)
class Summary:
    """Micro-averaged counts per question over a set of articles."""

    articles: int
    counts: Mapping[Question, Counts]

    @property
    def entity(self) -> Counts:
        return _pool(self.counts, ENTITY_QUESTIONS)

    @property
    def relation(self) -> Counts:
        return _pool(self.counts, RELATION_QUESTIONS)

    @property
    def date_accuracy(self) -> float:
        counts = self.counts.get(Question.DATE)
        return counts.correct / counts.expected if counts and counts.expected else 0.0


def _pool(counts: Mapping[Question, Counts], questions: Iterable[Question]) -> Counts:
    total = Counts()
    for question in questions:
        if question in counts:
            total += counts[question]
    return total


def summarise(scores: Iterable[ArticleScore]) -> Summary:
    """Micro-averages over the articles: counts are summed before P/R/F1 are taken."""
    totals = {question: Counts() for question in Question}
    n = 0
    for score in scores:
        n += 1
        for question, counts in score.counts.items():
            totals[question] += counts
    return Summary(n, totals)


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Scores of a gold set: per article, and summarised for all articles and per language."""

    articles: tuple[ArticleScore, ...]

    @property
    def overall(self) -> Summary:
        return summarise(self.articles)

    def by_language(self) -> dict[str, Summary]:
        langs = sorted({a.lang for a in self.articles})
        return {lang: summarise(a for a in self.articles if a.lang == lang) for lang in langs}

    def to_json(self, *, details: bool = False) -> dict[str, object]:
        """A JSON-ready report; with ``details``, every article's misses and wrong answers."""
        report: dict[str, object] = {
            "all": _summary_json(self.overall),
            **{lang: _summary_json(s) for lang, s in self.by_language().items()},
        }
        if details:
            report["articles"] = [
                {
                    "name": a.name,
                    "lang": a.lang,
                    "missed": {q.value: v for q, v in a.missed.items() if v},
                    "wrong": {q.value: v for q, v in a.wrong.items() if v},
                }
                for a in self.articles
            ]
        return report


def _counts_json(counts: Counts) -> dict[str, float | int]:
    return {
        "precision": round(counts.precision, 4),
        "recall": round(counts.recall, 4),
        "f1": round(counts.f1, 4),
        "correct": counts.correct,
        "found": counts.found,
        "support": counts.expected,
    }


def _summary_json(summary: Summary) -> dict[str, object]:
    return {
        "articles": summary.articles,
        "questions": {
            q.value: _counts_json(c) for q, c in summary.counts.items() if q is not Question.DATE
        },
        "entity": _counts_json(summary.entity),
        "relation": _counts_json(summary.relation),
        "date_accuracy": round(summary.date_accuracy, 4),
    }


def render_table(evaluation: Evaluation, *, details: bool = False) -> str:
    """The report as text: P/R/F1 and support per question, for all articles and per language."""
    summaries = {"all": evaluation.overall, **evaluation.by_language()}
    lines = []
    for name, summary in summaries.items():
        lines.append(f"{name} ({summary.articles} articles)")
        lines.append(f"  {'question':<20} {'P':>6} {'R':>6} {'F1':>6} {'found':>6} {'support':>8}")
        rows = [(q.value, summary.counts[q]) for q in Question if q is not Question.DATE]
        rows += [("entity (CQ1-3)", summary.entity), ("relation (CQ4-7)", summary.relation)]
        for label, counts in rows:
            lines.append(
                f"  {label:<20} {counts.precision:6.3f} {counts.recall:6.3f} {counts.f1:6.3f} "
                f"{counts.found:6d} {counts.expected:8d}"
            )
        date_counts = summary.counts[Question.DATE]
        lines.append(
            f"  {'CQ8 date accuracy':<20} {summary.date_accuracy:6.3f} "
            f"({date_counts.correct} of {date_counts.expected})"
        )
        lines.append("")
    if details:
        for article in evaluation.articles:
            problems = [
                (q, article.missed.get(q, []), article.wrong.get(q, []))
                for q in Question
                if article.missed.get(q) or article.wrong.get(q)
            ]
            if not problems:
                continue
            lines.append(f"== {article.name} ({article.lang})")
            for question, missed, wrong in problems:
                for item in missed:
                    lines.append(f"  {question.value:<18} missed  {item}")
                for item in wrong:
                    lines.append(f"  {question.value:<18} wrong   {item}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
