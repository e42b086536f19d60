"""Persons, organisations, places and venues: recognised in a reading, then resolved to entities.

Recognition runs in passes over each sentence, each pass taking only tokens no earlier pass took:

1. venues after «در» («در حسینیه الزهرا»), so that a hall is never read as a town of that name;
2. gazetteer names, longest first (organisations, persons, countries, cities), with context cues
   for names that are also ordinary words;
3. titles (roles) and honorifics;
4. organisations by their head word («دانشگاه …», «شهرداری …», "… University");
5. persons: after an honorific, from a known given name, or after a title in English;
6. surname-only mentions of persons already named, and places inside organisation names.

Resolution then gives each span an entity key: the gazetteer id where there is one, else a slug of
the normalised name, so the same name in two articles is one entity.
"""

from __future__ import annotations

import re
from dataclasses import replace

from payvand.extract.gazetteer import Gazetteer, GazetteerEntry
from payvand.extract.persons import recognise_persons
from payvand.extract.reading import Phrases, Reading, RoleSpan, Span, keys_of, phrase_keys
from payvand.model import Entity, EntityKind, Mention
from payvand.text import lexicon
from payvand.text.normalise import match_key

_STOP = keys_of(lexicon.STOPWORDS_FA) | keys_of(lexicon.STOPWORDS_EN)
_BREAK = keys_of(lexicon.NAME_BREAKERS_FA)
_GENERIC = keys_of(lexicon.GENERIC_AFTER_HEAD_FA)
_INNER_FA = keys_of(lexicon.NAME_INNER_WORDS_FA)
_INNER_EN = keys_of(lexicon.NAME_PREPOSITIONS_EN)
_ORG_HEADS_FA = phrase_keys(lexicon.ORGANISATION_HEADS_FA)
_ORG_HEADS_EN = keys_of(lexicon.ORGANISATION_HEADS_EN)
_EMBASSY_HEADS = phrase_keys(lexicon.EMBASSY_HEADS_FA)
_VENUE_HEADS_FA = keys_of(lexicon.VENUE_HEADS_FA)
_VENUE_HEADS_EN = keys_of(lexicon.VENUE_HEADS_EN)
_IRAN = phrase_keys(lexicon.IRAN_NAMES_FA)
_SURNAME_PARTS = keys_of(lexicon.SURNAME_PARTS_FA)
_CITY_CUES = keys_of(lexicon.CITY_CUES_FA) | keys_of(lexicon.CITY_CUES_EN)
_COUNTRY_CUES = keys_of(lexicon.COUNTRY_CUES_FA)
_PROVINCE_CUES = keys_of(lexicon.PROVINCE_CUES_FA)
_EVENT_HEADS = keys_of(lexicon.EVENT_HEADS_FA) | keys_of(lexicon.EVENT_HEADS_EN)
_DAR = match_key("در")
_PLURAL_EZAFE = match_key("های")
_IN = "in"
_THE = "the"
# Heads whose one-word names are names («بنیاد سعدی», «دانشگاه الزهرا»); other heads need two.
_STRONG_HEADS = frozenset(
    tuple(match_key(h).split())
    for h in (
        "شهرداری",
        "دانشگاه",
        "سفارت",
        "خبرگزاری",
        "بنیاد",
        "وزارت",
        "سازمان",
        "کنسولگری",
        "سرکنسولگری",
        "استانداری",
        "فرمانداری",
        "فرهنگستان",
        "پژوهشگاه",
        "آستان",
        "رایزنی فرهنگی",
        "مجمع",
        "انجمن",
        "کمیسیون",
        "موسسه",
        "مؤسسه",
    )
)
_SUBKIND_BY_HEAD: dict[tuple[str, ...], str] = {
    tuple(match_key(head).split()): subkind
    for head, subkind in (
        ("شهرداری", "municipality"),
        ("دانشگاه", "university"),
        ("دانشکده", "university"),
        ("سفارت", "embassy"),
        ("سفارتخانه", "embassy"),
        ("کنسولگری", "embassy"),
        ("سرکنسولگری", "embassy"),
        ("رایزنی فرهنگی", "cultural_counsellorship"),
        ("رایزنی", "cultural_counsellorship"),
        ("خبرگزاری", "news_agency"),
        ("روزنامه", "news_agency"),
        ("وزارت", "ministry"),
        ("وزارتخانه", "ministry"),
        ("شورای", "council"),
        ("مجلس", "parliament"),
        ("بنیاد", "foundation"),
        ("پژوهشگاه", "research_institute"),
        ("پژوهشکده", "research_institute"),
        ("فرهنگستان", "research_institute"),
        ("university", "university"),
        ("municipality", "municipality"),
        ("embassy", "embassy"),
        ("consulate", "embassy"),
        ("ministry", "ministry"),
        ("agency", "news_agency"),
        ("council", "council"),
        ("foundation", "foundation"),
        ("institute", "research_institute"),
        ("academy", "research_institute"),
    )
}
_LATIN = re.compile(r"[A-Za-z]")
_KIND_ORDER = {
    EntityKind.ORGANISATION: 0,
    EntityKind.PERSON: 1,
    EntityKind.COUNTRY: 2,
    EntityKind.CITY: 3,
    EntityKind.PROVINCE: 4,
}


def slugify(text: str) -> str:
    """A stable IRI path segment for a name: its match key, words joined by hyphens."""
    return "-".join(re.findall(r"[^\W_]+", match_key(text))) or "x"


# --- helpers over a reading ---------------------------------------------------------------------


def _is_latin(reading: Reading, i: int) -> bool:
    return bool(_LATIN.match(reading.tokens[i].text))


def _capitalised(reading: Reading, i: int) -> bool:
    text = reading.tokens[i].text
    return reading.tokens[i].is_word and text[0].isupper()


def _sequence(reading: Reading, sentence: int) -> tuple[list[str], list[int]]:
    """The sentence's word keys with soft punctuation skipped; hard punctuation as a barrier."""
    keys: list[str] = []
    index: list[int] = []
    for i in reading.sentence_tokens(sentence):
        token = reading.tokens[i]
        if token.is_word:
            keys.append(token.key)
            index.append(i)
        elif not reading.soft(i):
            keys.append("\x00")
            index.append(i)
    return keys, index


def _head_at(reading: Reading, i: int, heads: Phrases) -> int:
    """The length in tokens of the longest head phrase at token ``i`` (0 if none)."""
    n = heads.at(reading.words, i)
    return n if n and reading.same_sentence(i, i + n - 1) else 0


def _role_at(reading: Reading, gazetteer: Gazetteer, i: int) -> int:
    match = gazetteer.roles.match_at(reading.words, i) if reading.words[i] else None
    return match[0] if match else 0


def _name_token(reading: Reading, gazetteer: Gazetteer, i: int) -> bool:
    """Whether token ``i`` may be part of a person's name."""
    if i >= len(reading.tokens) or not reading.tokens[i].is_word or reading.covered[i] is not None:
        return False
    key = reading.words[i]
    if len(key) < 2 or key.isdigit() or key in _STOP or key in _BREAK:
        return False
    if _role_at(reading, gazetteer, i) or _head_at(reading, i, _ORG_HEADS_FA):
        return False
    if key in _ORG_HEADS_EN or key in _EVENT_HEADS:
        return False
    if _is_latin(reading, i):
        return _capitalised(reading, i)
    return True


# --- passes -------------------------------------------------------------------------------------


def _venues(reading: Reading) -> None:
    """«در حسینیه الزهرا», "at the Vahdat Hall": a venue head after «در»/"at", and its name."""
    for i, token in enumerate(reading.tokens):
        key = reading.words[i]
        is_fa = key in _VENUE_HEADS_FA and reading.key(i - 1) == _DAR
        is_en = key in _VENUE_HEADS_EN and _capitalised(reading, i)
        if not (is_fa or is_en) or not reading.is_free(i, i + 1):
            continue
        if is_fa:
            j = i + 1
            while j < len(reading.tokens) and j - i <= 3 and reading.same_sentence(i, j):
                k = reading.words[j]
                if not reading.tokens[j].is_word or k in _STOP or k in _BREAK or k.isdigit():
                    break
                j += 1
            if j > i + 1:
                label = reading.surface(i, j)
                reading.add(Span(i, j, EntityKind.VENUE, label=label, source="venue"))
        else:
            # "Vahdat Hall", "the Milad Tower": capitalised words before the head.
            first = i
            while (
                first - 1 >= 0
                and reading.same_sentence(first - 1, i)
                and _capitalised(reading, first - 1)
            ):
                if reading.words[first - 1] in _STOP:
                    break
                first -= 1
            if first < i and reading.is_free(first, i + 1):
                reading.add(
                    Span(
                        first,
                        i + 1,
                        EntityKind.VENUE,
                        label=reading.surface(first, i + 1),
                        source="venue",
                    )
                )
        del token


def _choose(
    gazetteer: Gazetteer,
    reading: Reading,
    first: int,
    keys: list[str],
    lang_latin: bool,
    length: int,
) -> GazetteerEntry | None:
    """Which of the gazetteer entries a name may be, by context; None when it is not safe."""
    entries = [e for e in (gazetteer.entry(k) for k in keys) if e is not None]
    if not entries:
        return None
    before = reading.key(first - 1) if reading.same_sentence(first - 1, first) else ""
    cue_kind = (
        EntityKind.CITY
        if before in _CITY_CUES
        else EntityKind.COUNTRY
        if before in _COUNTRY_CUES
        else EntityKind.PROVINCE
        if before in _PROVINCE_CUES
        else None
    )
    if cue_kind is not None:
        cued = [e for e in entries if e.kind is cue_kind]
        if cued:
            return cued[0]
    entries = [e for e in entries if e.kind is not EntityKind.PROVINCE]
    if not entries:
        return None
    entries.sort(key=lambda e: _KIND_ORDER.get(e.kind, 9))
    chosen = entries[0]
    if chosen.ambiguous or (length == 1 and reading.words[first] in gazetteer.stoplist):
        return None
    if lang_latin and not _capitalised(reading, first):
        return None
    if (
        chosen.kind is EntityKind.PERSON
        and length == 1
        and gazetteer.honorifics.match_at(reading.words, first) is not None
        and first + 1 < len(reading.tokens)
        and reading.same_sentence(first, first + 1)
        and reading.tokens[first + 1].is_word
        and reading.words[first + 1] not in _STOP
        and reading.words[first + 1] not in _BREAK
    ):
        return None  # «مولانا فضل الرحیم اعوان»: a title before a name, not Rumi
    return chosen


def _gazetteer_names(reading: Reading, gazetteer: Gazetteer) -> None:
    for sentence in range(len(reading.sentences)):
        keys, index = _sequence(reading, sentence)
        j = 0
        while j < len(keys):
            i = index[j]
            if keys[j] == "\x00" or reading.covered[i] is not None:
                j += 1
                continue
            found = None
            for n, values in gazetteer.names.matches_at(keys, j):
                last = index[j + n - 1] + 1
                if not reading.is_free(i, last):
                    continue
                entry = _choose(gazetteer, reading, i, values, _is_latin(reading, i), n)
                if entry is not None:
                    found = (n, values, last, entry)
                    break
            if found is None:
                j += 1
                continue
            n, values, last, entry = found
            reading.add(
                Span(
                    i,
                    last,
                    entry.kind,
                    key=entry.key,
                    label=entry.label(reading.lang),
                    subkind=entry.subkind,
                    candidates=tuple(values),
                )
            )
            j += n


def _roles_and_honorifics(reading: Reading, gazetteer: Gazetteer) -> None:
    for sentence in range(len(reading.sentences)):
        keys, index = _sequence(reading, sentence)
        j = 0
        while j < len(keys):
            i = index[j]
            if keys[j] == "\x00" or reading.covered[i] is not None:
                j += 1
                continue
            taken = 0
            for n, values in gazetteer.honorifics.matches_at(keys, j):
                last = index[j + n - 1] + 1
                if reading.is_free(i, last):
                    reading.honorific_spans.append(
                        (i, last, reading.surface(i, last), values[0].is_name_part)
                    )
                    taken = n
                    break
            if not taken and not (
                reading.latin[i]
                and reading.tokens[i].text.isupper()
                and len(reading.tokens[i].text) > 1
            ):
                for n, roles in gazetteer.roles.matches_at(keys, j):
                    last = index[j + n - 1] + 1
                    if reading.is_free(i, last):
                        label = reading.surface(i, last)
                        reading.roles.append(
                            RoleSpan(
                                i, last, roles[0].id, roles[0].name_fa or label, roles[0].name_en
                            )
                        )
                        taken = n
                        break
            j += taken or 1


def _place_span(reading: Reading, i: int) -> Span | None:
    span = reading.span_at(i)
    if span is not None and span.kind in (EntityKind.CITY, EntityKind.COUNTRY) and span.first == i:
        return span
    return None


def _organisation_name_end(
    reading: Reading, gazetteer: Gazetteer, start: int, head: tuple[str, ...]
) -> int:
    """Where the name after an organisation head ends (exclusive)."""
    j = start
    embassy = head in _EMBASSY_HEADS
    while j < len(reading.tokens) and reading.same_sentence(start, j) and j - start < 8:
        token = reading.tokens[j]
        if not token.is_word:
            break
        place = _place_span(reading, j)
        if place is not None:
            j = place.last
            continue
        if reading.covered[j] is not None:
            break
        key = reading.words[j]
        if key == _DAR and embassy and _place_span(reading, j + 1) is not None:
            j = _place_span(reading, j + 1).last  # type: ignore[union-attr]
            break
        if key in _INNER_FA:
            nxt = j + 1
            if (
                nxt < len(reading.tokens)
                and reading.same_sentence(j, nxt)
                and reading.tokens[nxt].is_word
                and reading.covered[nxt] is None
                and reading.words[nxt] not in _STOP
                and reading.words[nxt] not in _BREAK
                and not _head_at(reading, nxt, _ORG_HEADS_FA)
                and not _role_at(reading, gazetteer, nxt)
            ):
                j += 1
                continue
            if key != match_key("و"):
                j += 1
                continue
            break
        if key in _STOP or key in _BREAK or key.isdigit() or _role_at(reading, gazetteer, j):
            break
        if _head_at(reading, j, _ORG_HEADS_FA) and j > start:
            break
        if key.endswith(_PLURAL_EZAFE):
            break  # «دیدگاه‌های خود»: a plural with ezafe does not name a body
        j += 1
    while (
        j > start
        and reading.words[j - 1] in (_INNER_FA | _GENERIC)
        and _place_span(reading, j - 1) is None
    ):
        j -= 1
    return j


def _canonical_body(
    reading: Reading, gazetteer: Gazetteer, subkind: str, first: int, last: int
) -> GazetteerEntry | None:
    """The gazetteer's municipality, embassy or counsellorship.

    «شهرداری مشهد» is Mashhad's municipality; «سفارت ایران در ترکیه» Iran's embassy in Turkey.
    """
    places = [s for s in (_place_span(reading, i) for i in range(first, last)) if s is not None]
    if not places:
        return None
    if subkind == "municipality" and len(places) == 1 and places[0].kind is EntityKind.CITY:
        target = places[0].key
    elif subkind in ("embassy", "cultural_counsellorship"):
        host = places[-1]
        if len(places) < 2:
            # «سفارت ایران» alone, or «سفارت ترکیه» (a foreign embassy): no canonical body.
            return None
        target = host.key
        host_entry = gazetteer.entry(host.key or "")
        if host_entry is not None and host_entry.kind is EntityKind.CITY:
            target = host_entry.located_in
    else:
        return None
    for key in gazetteer.bodies_in.get((subkind, target or ""), []):
        entry = gazetteer.entry(key)
        if entry is not None:
            return entry
    return None


def _pattern_organisations(reading: Reading, gazetteer: Gazetteer) -> None:
    for i in range(len(reading.tokens)):
        if reading.covered[i] is not None or not reading.tokens[i].is_word:
            continue
        if _is_latin(reading, i):
            continue
        n = _head_at(reading, i, _ORG_HEADS_FA)
        if not n:
            continue
        head = tuple(reading.words[i : i + n])
        end = _organisation_name_end(reading, gazetteer, i + n, head)
        name = range(i + n, end)
        if not name:
            continue
        names = [reading.words[k] for k in name]
        has_place = any(_place_span(reading, k) is not None for k in name)
        if all(k in _GENERIC or k in _INNER_FA for k in names) and not has_place:
            continue
        if len(names) < 2 and head not in _STRONG_HEADS and not has_place:
            continue
        if (
            len(names) == 1
            and names[0] in gazetteer.common_words
            and not has_place
            and head not in _STRONG_HEADS
        ):
            continue
        subkind = _SUBKIND_BY_HEAD.get(head)
        canonical = _canonical_body(reading, gazetteer, subkind, i + n, end) if subkind else None
        if canonical is not None:
            span = Span(
                i,
                end,
                EntityKind.ORGANISATION,
                key=canonical.key,
                label=canonical.label(reading.lang),
                subkind=canonical.subkind,
            )
        else:
            span = Span(
                i,
                end,
                EntityKind.ORGANISATION,
                label=reading.surface(i, end),
                subkind=subkind,
                source="pattern",
            )
        _add_over_places(reading, span)


def _add_over_places(reading: Reading, span: Span) -> None:
    """Add a span that may contain place spans: the places stay, nested inside."""
    inner = [s for s in reading.spans if span.first <= s.first and s.last <= span.last]
    for s in inner:
        for k in range(s.first, s.last):
            reading.covered[k] = None
    reading.add(span)
    for s in inner:
        s.source = "inner"


def _english_organisations(reading: Reading) -> None:
    """Capitalised runs with an organisation head: "Tehran Municipality", "University of Tehran"."""
    i = 0
    tokens = reading.tokens
    while i < len(tokens):
        if (
            not (_is_latin(reading, i) and _capitalised(reading, i))
            or reading.covered[i] is not None
        ) and _place_span(reading, i) is None:
            i += 1
            continue
        j = i
        has_head = False
        while j < len(tokens) and reading.same_sentence(i, j):
            place = _place_span(reading, j)
            if place is not None:
                j = place.last
                continue
            if reading.covered[j] is not None:
                break
            text = tokens[j].text
            key = reading.words[j]
            if (
                tokens[j].is_word
                and _is_latin(reading, j)
                and text[0].isupper()
                and key not in _STOP - {"the"}
            ):
                has_head = has_head or key in _ORG_HEADS_EN
                j += 1
                continue
            if text in ("'s", "\u2019s") or (
                key in _INNER_EN
                and j + 1 < len(tokens)
                and reading.same_sentence(j, j + 1)
                and (_capitalised(reading, j + 1) or _place_span(reading, j + 1) is not None)
            ):
                j += 1
                continue
            break
        first = i
        while first < j and reading.words[first] in ("the", "a", "an"):
            first += 1
        last = j
        while last > first and (
            reading.words[last - 1] in _INNER_EN or not tokens[last - 1].is_word
        ):
            last -= 1
        words = [reading.words[k] for k in range(first, last) if tokens[k].is_word]
        if has_head and len(words) >= 2 and reading.is_free(first, last) is False:
            # Only places inside: still fine.
            pass
        if has_head and len(words) >= 2 and not all(k in _ORG_HEADS_EN for k in words):
            nested = [s for s in reading.spans if first <= s.first and s.last <= last]
            if all(s.kind in (EntityKind.CITY, EntityKind.COUNTRY) for s in nested):
                subkind = next(
                    (_SUBKIND_BY_HEAD.get((k,)) for k in words if (k,) in _SUBKIND_BY_HEAD), None
                )
                _add_over_places(
                    reading,
                    Span(
                        first,
                        last,
                        EntityKind.ORGANISATION,
                        label=reading.surface(first, last),
                        subkind=subkind,
                        source="pattern",
                    ),
                )
        i = max(j, i + 1)


def recognise(reading: Reading, gazetteer: Gazetteer) -> None:
    """Run every recognition pass over ``reading``, adding spans."""
    _venues(reading)
    _gazetteer_names(reading, gazetteer)
    _roles_and_honorifics(reading, gazetteer)
    _pattern_organisations(reading, gazetteer)
    _english_organisations(reading)
    recognise_persons(reading, gazetteer)


# --- resolution ---------------------------------------------------------------------------------


def _entity_from_entry(entry: GazetteerEntry, lang: str) -> Entity:
    labels = tuple(
        (name, lang_) for name, lang_ in ((entry.name_fa, "fa"), (entry.name_en, "en")) if name
    )
    return Entity(
        key=entry.key,
        kind=entry.kind,
        label=entry.label(lang),
        lang="en" if lang == "en" and entry.name_en else "fa" if entry.name_fa else "en",
        labels=labels,
        subkind=entry.subkind,
        wikidata=entry.wikidata,
        located_in=entry.located_in,
        canonical=True,
    )


def resolve(reading: Reading, gazetteer: Gazetteer) -> tuple[list[Entity], list[Mention]]:
    """Give every span an entity key; return the article's entities and mentions in text order."""
    entities: dict[str, Entity] = {}
    mentions: list[Mention] = []
    by_name: dict[str, str] = {}
    for span in sorted(reading.spans, key=lambda s: (s.first, -s.last)):
        if span.key is None:
            label = span.label.strip(" ،,.-")
            if not label:
                continue
            name_key = match_key(label)
            found = gazetteer.names.match_at(tuple(name_key.split()), 0) if name_key else None
            known = None
            if found is not None and found[0] == len(name_key.split()):
                known = next(
                    (
                        e
                        for e in (gazetteer.entry(k) for k in found[1])
                        if e is not None and e.kind is span.kind
                    ),
                    None,
                )
            if known is not None:
                span.key, span.label, span.subkind = (
                    known.key,
                    known.label(reading.lang),
                    known.subkind,
                )
            else:
                span.key = by_name.get(name_key) or f"{span.kind.value}/{slugify(label)}"
                span.label = label
            by_name.setdefault(name_key, span.key)
        entity = entities.get(span.key)
        if entity is None:
            entry = gazetteer.entry(span.key)
            if entry is not None:
                entity = _entity_from_entry(entry, reading.lang)
            else:
                entity = Entity(
                    key=span.key,
                    kind=span.kind,
                    label=span.label,
                    lang="en" if _LATIN.match(span.label) else "fa",
                    labels=((span.label, "en" if _LATIN.match(span.label) else "fa"),),
                    subkind=span.subkind,
                )
        # The name as the article writes it is a label too: «ایرنا», "Iran's embassy in Beijing".
        surface = reading.surface(span.first, span.last) if span.source != "surname" else ""
        labels = entity.labels
        if surface and match_key(surface) not in {match_key(label) for label, _ in labels}:
            labels = (*labels, (surface, "en" if _LATIN.match(surface) else "fa"))
        titles = tuple(dict.fromkeys((*entity.titles, *span.titles)))
        if labels != entity.labels or titles != entity.titles:
            entity = replace(entity, labels=labels, titles=titles)
        entities[span.key] = entity
        start = reading.tokens[span.first].start
        end = reading.tokens[span.last - 1].end
        mentions.append(Mention(span.key, start, end, reading.sentence_of[span.first]))
    return list(entities.values()), mentions
