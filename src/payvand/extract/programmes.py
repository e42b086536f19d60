"""Twinnings, agreements and events.

* A **twinning** is a sister-city relation the text states as concluded («اصفهان و کازان
  خواهرخوانده شدند», "signed a sister-city agreement", "X's sister cities include …"); a planned
  or negotiated one becomes an **agreement** of kind ``twinning`` with status ``proposed``.
* An **agreement** is an MoU or cooperation document between organisations or cities, signed or
  proposed.
* An **event** is a meeting, conference, ceremony, week or festival with a name, an organiser
  («به همت»، «با همکاری»، "organised by") or a venue.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime

from payvand.extract.entities import slugify
from payvand.extract.reading import Phrases, Reading, Span, keys_of, phrase_keys
from payvand.model import Agreement, AgreementStatus, EntityKind, Event, Twinning, TwinningStatus
from payvand.text import lexicon
from payvand.text.jalali import find_dates
from payvand.text.normalise import match_key

_TWIN_FA = phrase_keys(lexicon.TWINNING_CUES_FA)
_TWIN_EN = phrase_keys(lexicon.TWINNING_CUES_EN)
_DONE_FA = phrase_keys(lexicon.TWINNING_DONE_FA | frozenset({"عبارتند", "عبارت"}))
_PLANNED_FA = phrase_keys(lexicon.TWINNING_PLANNED_FA)
_DONE_EN = phrase_keys(lexicon.TWINNING_DONE_EN)
_PLANNED_EN = phrase_keys(lexicon.TWINNING_PLANNED_EN)
_PLANNED_ANY = phrase_keys(lexicon.TWINNING_PLANNED_FA | lexicon.TWINNING_PLANNED_EN)
_AGREEMENT = phrase_keys(lexicon.AGREEMENT_CUES_FA | lexicon.AGREEMENT_CUES_EN)
_SIGNED = phrase_keys(lexicon.SIGNED_FA | lexicon.SIGNED_EN)
_ORGANISER_CUES = phrase_keys(lexicon.ORGANISER_CUES_FA | lexicon.ORGANISER_CUES_EN)
_EVENT_HEADS = phrase_keys(lexicon.EVENT_HEADS_FA | lexicon.EVENT_HEADS_EN)
_BOTH_CITIES = phrase_keys(
    frozenset({"دو شهر", "این دو شهر", "هر دو شهر", "two cities", "both cities", "the two cities"})
)
_TODAY = keys_of(frozenset({"امروز", "today", "امشب", "tonight"}))
_JOINERS = keys_of(frozenset({"و", "and", "،", ","})) | {",", "\u060c"}
_STOP = keys_of(lexicon.STOPWORDS_FA | lexicon.NAME_BREAKERS_FA) | keys_of(lexicon.STOPWORDS_EN)
_CLAUSE_END = frozenset(";\u061b.!?\u061f:")
_EVENT_KIND: dict[str, str] = {
    **dict.fromkeys(
        map(
            match_key,
            ("نشست", "جلسه", "دیدار", "meeting", "session", "roundtable", "میزگرد", "هم‌اندیشی"),
        ),
        "meeting",
    ),
    **dict.fromkeys(
        map(
            match_key,
            (
                "همایش",
                "کنفرانس",
                "اجلاس",
                "اجلاسیه",
                "کنگره",
                "سمینار",
                "سمپوزیوم",
                "وبینار",
                "conference",
                "summit",
                "seminar",
                "symposium",
                "congress",
                "webinar",
                "forum",
            ),
        ),
        "conference",
    ),
    **dict.fromkeys(map(match_key, ("جشنواره", "festival", "سوگواره")), "festival"),
    **dict.fromkeys(map(match_key, ("نمایشگاه", "exhibition", "fair", "expo")), "exhibition"),
    **dict.fromkeys(map(match_key, ("هفته", "week")), "cultural_week"),
    **dict.fromkeys(
        map(
            match_key,
            (
                "آیین",
                "مراسم",
                "جشن",
                "بزرگداشت",
                "نکوداشت",
                "ceremony",
                "celebration",
                "commemoration",
            ),
        ),
        "ceremony",
    ),
    **dict.fromkeys(map(match_key, ("visit",)), "visit"),
}


def _phrase_at(words: list[str], i: int, phrases: Phrases) -> int:
    return phrases.at(words, i)


def _find(reading: Reading, tokens: range, phrases: Phrases) -> list[int]:
    return [i for i in tokens if reading.words[i] and phrases.at(reading.words, i)]


def _cities(reading: Reading, tokens: range) -> list[Span]:
    seen: dict[str, Span] = {}
    for span in sorted(reading.spans, key=lambda s: s.first):
        if span.kind is EntityKind.CITY and span.key and span.first in tokens:
            seen.setdefault(span.key, span)
    return list(seen.values())


def _clause_around(reading: Reading, i: int, tokens: range) -> range:
    """The clause holding token ``i``: between «؛», «:» or full stops."""
    first = i
    while first > tokens.start and reading.tokens[first - 1].text not in _CLAUSE_END:
        first -= 1
    return range(first, _clause(reading, i, tokens).stop)


def _clause(reading: Reading, start: int, tokens: range) -> range:
    """Tokens from ``start`` to the end of its clause (a «؛», «:» or full stop)."""
    end = start
    while end < tokens.stop and reading.tokens[end].text not in _CLAUSE_END:
        end += 1
    return range(start, end)


def extract_twinnings(reading: Reading) -> tuple[list[Twinning], list[Agreement]]:
    """Concluded twinnings, and planned ones as proposed agreements."""
    twinnings: dict[tuple[str, str], Twinning] = {}
    planned: dict[tuple[str, str], Agreement] = {}
    english = reading.lang == "en"
    for sentence in reading.sentences:
        tokens = reading.sentence_tokens(sentence.index)
        cues = _find(reading, tokens, _TWIN_EN if english else _TWIN_FA)
        if not cues:
            continue
        scope = _clause_around(reading, cues[0], tokens)
        cities = _cities(reading, scope)
        if len(cities) < 2 and sentence.index > 0 and _find(reading, scope, _BOTH_CITIES):
            # «این دو شهر خواهرخوانده شدند»: the cities are in the sentence before.
            previous = reading.sentences[sentence.index - 1]
            if previous.paragraph == sentence.paragraph:
                known = {x.key for x in cities}
                earlier = [
                    c
                    for c in _cities(reading, reading.sentence_tokens(previous.index))
                    if c.key not in known
                ]
                cities = earlier + cities
        if len(cities) < 2:
            continue
        planned_cue = bool(_find(reading, scope, _PLANNED_EN if english else _PLANNED_FA))
        done_cue = bool(_find(reading, scope, _DONE_EN if english else _DONE_FA))
        if not english:
            near = range(cues[0], min(scope.stop, cues[0] + 9))
            done_cue = done_cue and bool(
                _find(reading, near, _DONE_FA) or _find(reading, near, _SIGNED)
            )
        hub = cities[0]
        pairs = [(hub.key or "", other.key or "") for other in cities[1:]]
        for a, b in pairs:
            pair = (a, b) if a < b else (b, a)
            if done_cue and not planned_cue:
                twinnings.setdefault(
                    pair,
                    Twinning(
                        pair[0],
                        pair[1],
                        TwinningStatus.CONCLUDED,
                        sentence.index,
                        sentence.start,
                        sentence.end,
                    ),
                )
            else:
                planned.setdefault(
                    pair,
                    Agreement(
                        "twinning",
                        pair,
                        AgreementStatus.PROPOSED,
                        reading.text[sentence.start : sentence.end][:200],
                        sentence.index,
                        sentence.start,
                        sentence.end,
                    ),
                )
    for pair in twinnings:
        planned.pop(pair, None)
    return list(twinnings.values()), list(planned.values())


def extract_agreements(reading: Reading, twinned: set[int]) -> list[Agreement]:
    """MoUs and cooperation agreements (sentences already read as twinnings aside)."""
    agreements = []
    for sentence in reading.sentences:
        if sentence.index in twinned:
            continue
        tokens = reading.sentence_tokens(sentence.index)
        cues = _find(reading, tokens, _AGREEMENT)
        if not cues:
            continue
        parties: dict[str, None] = {}
        for span in sorted(reading.spans, key=lambda s: s.first):
            if (
                reading.sentence_of[span.first] == sentence.index
                and span.key
                and span.source != "inner"
            ) and span.kind in (EntityKind.ORGANISATION, EntityKind.CITY, EntityKind.COUNTRY):
                parties[span.key] = None
        if not parties:
            continue
        signed = bool(_find(reading, tokens, _SIGNED))
        planned = bool(_find(reading, tokens, _PLANNED_ANY))
        status = AgreementStatus.SIGNED if signed and not planned else AgreementStatus.PROPOSED
        cue = reading.surface(cues[0], cues[0] + _phrase_at(reading.words, cues[0], _AGREEMENT))
        agreements.append(
            Agreement(
                "mou", tuple(parties), status, cue, sentence.index, sentence.start, sentence.end
            )
        )
    return agreements


def _event_label(reading: Reading, head: int, n: int, tokens: range) -> tuple[str, bool]:
    """The event's name, and whether it is a proper name (quoted or capitalised)."""
    text = reading.text
    after = reading.tokens[head + n - 1].end
    quoted = re.match(
        r"[\s\w\u200c]{0,40}?[\u00ab\"\u201c]([^\u00bb\"\u201d]{2,120})[\u00bb\"\u201d]",
        text[after : after + 170],
    )
    if quoted is not None:
        end = after + quoted.end()
        return text[reading.tokens[head].start : end], True
    if reading.lang == "en":
        first = head
        while (
            first - 1 >= tokens.start
            and reading.tokens[first - 1].text[:1].isupper()
            and reading.tokens[first - 1].is_word
        ):
            first -= 1
        last = head + n
        while last < tokens.stop and (
            reading.tokens[last].text[:1].isupper() or reading.words[last] in ("of", "on", "for")
        ):
            last += 1
        while last > head + n and reading.words[last - 1] in ("of", "on", "for"):
            last -= 1
        proper = first < head or last > head + n
        return reading.surface(first, last), proper and reading.tokens[first].text[:1].isupper()
    last = head + n
    while last < tokens.stop and last - head < n + 4:
        if (
            not reading.tokens[last].is_word
            or reading.words[last] in _STOP
            or reading.span_at(last) is not None
        ):
            break
        last += 1
    return reading.surface(head, last), False


def _organisers(reading: Reading, cue_end: int, tokens: range) -> list[str]:
    """The organisations named after «به همت» / "organised by", joined by «و» and commas."""
    found: list[str] = []
    i = cue_end
    while i < tokens.stop:
        span = reading.span_at(i)
        if (
            span is not None
            and span.kind is EntityKind.ORGANISATION
            and span.key
            and span.first == i
        ):
            found.append(span.key)
            i = span.last
            continue
        key = reading.words[i] or reading.tokens[i].text
        if key in _JOINERS or key == "the":
            i += 1
            continue
        n = _phrase_at(reading.words, i, _ORGANISER_CUES)
        if n and found:
            i += n
            continue
        break
    return found


def extract_events(reading: Reading, article_key: str, published: date | None) -> list[Event]:
    """Events named with an organiser, a venue or a proper name."""
    events: dict[str, Event] = {}
    for sentence in reading.sentences:
        tokens = reading.sentence_tokens(sentence.index)
        heads = [(i, _phrase_at(reading.words, i, _EVENT_HEADS)) for i in tokens]
        heads = [(i, n) for i, n in heads if n and reading.covered[i] is None]
        if not heads:
            continue
        organisers: list[str] = []
        for i in tokens:
            n = _phrase_at(reading.words, i, _ORGANISER_CUES)
            if n:
                organisers.extend(
                    k for k in _organisers(reading, i + n, tokens) if k not in organisers
                )
        venue = next(
            (
                s.key
                for s in reading.spans
                if s.kind is EntityKind.VENUE and reading.sentence_of[s.first] == sentence.index
            ),
            None,
        )
        head, n = heads[0]
        label, proper = _event_label(reading, head, n, tokens)
        if not (organisers or venue or proper):
            continue
        place = next(
            (
                s.key
                for s in reading.spans
                if s.kind is EntityKind.CITY
                and s.source != "inner"
                and reading.sentence_of[s.first] == sentence.index
                and reading.words[s.first - 1] in (match_key("در"), "in")
            ),
            None,
        )
        text = reading.text[sentence.start : sentence.end]
        dates = find_dates(text)
        when: datetime | date | None = dates[0].to_datetime() if dates else None
        if (
            when is None
            and published is not None
            and any(reading.words[i] in _TODAY for i in tokens)
        ):
            when = published.date() if isinstance(published, datetime) else published
        slug = slugify(label)
        if not proper:
            slug = f"{slug}-{hashlib.sha1(article_key.encode()).hexdigest()[:8]}"
        key = f"event/{slug}"
        kind = _EVENT_KIND.get(reading.words[head + n - 1]) or _EVENT_KIND.get(
            reading.words[head], "event"
        )
        events.setdefault(
            key,
            Event(
                key,
                label,
                kind,
                tuple(organisers),
                venue,
                place,
                when,
                sentence.index,
                sentence.start,
                sentence.end,
            ),
        )
    return list(events.values())
