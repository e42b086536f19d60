"""Positions: a title that ties a named person to a named organisation (W3C ORG memberships).

Shapes read, in Persian and English:

* «محمدمهدی ایمانی‌پور، رئیس سازمان فرهنگ و ارتباطات اسلامی» / "X, head of ICRO";
* «رئیس سازمان فرهنگ و ارتباطات اسلامی، حجت‌الاسلام … ایمانی‌پور» / "the head of ICRO, X";
* "ICRO head X", "Iran's Ambassador to Italy X";
* a title in one sentence and the name in the next («رئیس سازمان … گفت: …» then the name);
* «سفیر ایران در ترکیه», «شهردار تهران»: only when the embassy or municipality is itself named.
"""

from __future__ import annotations

from payvand.extract.gazetteer import Gazetteer
from payvand.extract.reading import Reading, RoleSpan, Span, keys_of
from payvand.model import EntityKind, Position
from payvand.text.normalise import match_key

_SKIP_BETWEEN = frozenset({",", "\u060c", "the", "-", "\u2013"})
_OF = frozenset({"of", "at", "for"})
_TO = frozenset({"to", "in", match_key("در")})
_IRAN_WORDS = keys_of(
    frozenset(
        {"ایران", "جمهوری", "اسلامی", "iran", "iranian", "islamic", "republic", "of", "the", "'s"}
    )
)
# Titles whose body is found through a place: the embassy, counsellorship or municipality there.
_BODY_OF_TITLE: dict[str, str] = {
    **dict.fromkeys(
        (
            match_key(w)
            for w in (
                "سفیر",
                "کاردار",
                "سرکنسول",
                "کنسول",
                "ambassador",
                "envoy",
                "consul general",
                "consul",
                "charge d'affaires",
            )
        ),
        "embassy",
    ),
    **dict.fromkeys(
        (
            match_key(w)
            for w in (
                "رایزن فرهنگی",
                "رایزن",
                "cultural attache",
                "cultural attaché",
                "cultural counsellor",
                "cultural counselor",
            )
        ),
        "cultural_counsellorship",
    ),
    **dict.fromkeys((match_key(w) for w in ("شهردار", "mayor")), "municipality"),
}


def _skip(reading: Reading, i: int, step: int, limit: int) -> int:
    """Move from token ``i`` over commas, "the" and honorifics, within the sentence."""
    honorifics = {k for start, end, _t, _p in reading.honorific_spans for k in range(start, end)}
    j = i
    while 0 <= j < len(reading.tokens) and reading.same_sentence(i, j) and abs(j - i) < limit:
        if reading.tokens[j].text in _SKIP_BETWEEN or reading.words[j] == "the" or j in honorifics:
            j += step
            continue
        break
    return j


def _span(reading: Reading, i: int, kind: EntityKind, *, ending: bool = False) -> Span | None:
    span = reading.span_at(i)
    if span is None or span.kind is not kind:
        return None
    if ending and span.last - 1 != i:
        return None
    if not ending and span.first != i:
        return None
    return span


def _organisation_after(reading: Reading, role: RoleSpan) -> Span | None:
    i = role.last
    if i < len(reading.tokens) and reading.words[i] in _OF and reading.same_sentence(i, role.first):
        i = _skip(reading, i + 1, 1, 3)
    if not reading.same_sentence(i, role.first):
        return None
    return _span(reading, i, EntityKind.ORGANISATION)


def _body_through_place(
    reading: Reading, gazetteer: Gazetteer, role: RoleSpan, mentioned: set[str]
) -> Span | None:
    """«سفیر ایران در ترکیه» -> the embassy in Turkey, if the article names it as a body."""
    subkind = _BODY_OF_TITLE.get(match_key(reading.surface(role.first, role.last)))
    if subkind is None:
        return None
    i = role.last
    host: Span | None = None
    while i < len(reading.tokens) and reading.same_sentence(i, role.first) and i - role.last < 7:
        place = reading.span_at(i)
        word = reading.words[i]
        if place is not None and place.kind in (EntityKind.CITY, EntityKind.COUNTRY):
            host = place
            if not (place.key == "country/ir" and subkind != "municipality"):
                break
            i = place.last
            continue
        if word in _IRAN_WORDS or word in _TO or not reading.tokens[i].is_word:
            i += 1
            continue
        break
    if host is None or host.key is None:
        return None
    target = host.key
    entry = gazetteer.entry(host.key)
    if subkind != "municipality" and entry is not None and entry.kind is EntityKind.CITY:
        target = entry.located_in or target
    for key in gazetteer.bodies_in.get((subkind, target), []):
        if key in mentioned:
            return Span(role.first, role.last, EntityKind.ORGANISATION, key=key)
    return None


def _person_before(reading: Reading, role: RoleSpan) -> Span | None:
    j = _skip(reading, role.first - 1, -1, 4)
    if j < 0 or not reading.same_sentence(j, role.first):
        return None
    return _span(reading, j, EntityKind.PERSON, ending=True)


def _person_after(reading: Reading, i: int, anchor: int) -> Span | None:
    j = _skip(reading, i, 1, 6)
    if j >= len(reading.tokens) or not reading.same_sentence(j, anchor):
        return None
    return _span(reading, j, EntityKind.PERSON)


def _organisation_before(reading: Reading, role: RoleSpan) -> Span | None:
    j = role.first - 1
    if j >= 0 and reading.tokens[j].text in ("'s", "\u2019s"):
        j -= 1
    if j < 0 or not reading.same_sentence(j, role.first):
        return None
    return _span(reading, j, EntityKind.ORGANISATION, ending=True)


def extract_positions(
    reading: Reading, gazetteer: Gazetteer, mentioned: set[str]
) -> list[Position]:
    """Every (person, organisation, role) the text ties together; keys must be resolved already."""
    found: dict[tuple[str, str], Position] = {}
    pending: list[tuple[RoleSpan, Span]] = []
    positioned: set[str] = set()

    def add(person: Span, organisation: Span, role: RoleSpan) -> None:
        if person.key is None or organisation.key is None:
            return
        sentence = reading.sentence_of[role.first]
        bounds = reading.sentences[sentence]
        found.setdefault(
            (person.key, organisation.key),
            Position(
                person.key,
                organisation.key,
                role.label,
                role.label_en,
                sentence,
                bounds.start,
                bounds.end,
                role.role_id,
            ),
        )
        positioned.add(person.key)

    for role in reading.roles:
        organisation = _organisation_after(reading, role) or _body_through_place(
            reading, gazetteer, role, mentioned
        )
        person = _person_before(reading, role)
        if organisation is None:
            organisation = _organisation_before(reading, role)
            if organisation is not None:
                person = person or _person_after(reading, role.last, role.first)
        if organisation is None:
            continue
        if person is None:
            after_org = organisation.last if organisation.first >= role.last else role.last
            person = _person_after(reading, after_org, role.first)
        if person is not None:
            add(person, organisation, role)
        else:
            pending.append((role, organisation))
    # A title without a name: the first person named in the next sentence, if not placed yet.
    for role, organisation in pending:
        sentence = reading.sentence_of[role.first]
        for nxt in (sentence + 1,):
            if nxt >= len(reading.sentences):
                continue
            people = [
                s
                for s in reading.spans
                if s.kind is EntityKind.PERSON
                and reading.sentence_of[s.first] == nxt
                and s.key is not None
            ]
            if people and people[0].key not in positioned:
                add(people[0], organisation, role)
    return list(found.values())


def holder_of(positions: list[Position], reading: Reading, first: int, last: int) -> str | None:
    """The person who holds the title written at tokens ``[first, last)`` («رئیس سازمان …»)."""
    roles = [r for r in reading.roles if first <= r.first < last]
    for role in roles:
        organisation = _organisation_after(reading, role) or _organisation_before(reading, role)
        for position in positions:
            if role.label == position.role and (
                organisation is None or organisation.key == position.organisation
            ):
                return position.member
    return None
