"""Persons, organisations, places and venues: recognised in a reading, then resolved to entities.

Recognition runs in passes over each sentence, each pass taking only tokens no earlier pass took:

1. gazetteer names, longest first (organisations, persons, countries, cities), with context cues
   for names that are also ordinary words, and no body of Iran's where the text names another
   country's («وزارت فرهنگ جمهوری تاجیکستان», "Belarusian Ministry of Culture");
2. venues: a hall, museum, shrine or square with its name («حرم حضرت معصومه», «در حسینیه
   الزهرا», "Imam Khomeini Mosalla"), so that a hall is no town and a shrine's saint no person;
3. titles (roles) and honorifics;
4. organisations by their head words (:mod:`payvand.extract.organisations`), bodies named inside
   longer names too;
5. persons (:mod:`payvand.extract.persons`).

Resolution then gives each span an entity key: the gazetteer id where there is one, else a slug of
the normalised name, so the same name in two articles is one entity; a person named by part of a
longer name in the same article («Mohammadi-Rad», «الخطابی») is the person of the longer name.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, replace

from payvand.extract import vocabulary as v
from payvand.extract.gazetteer import Gazetteer, GazetteerEntry
from payvand.extract.kinds import CITY, COUNTRY, ORGANISATION, PERSON, PROVINCE, VENUE
from payvand.extract.organisations import add_nested, recognise_organisations
from payvand.extract.persons import recognise_persons
from payvand.extract.reading import Reading, RoleSpan, Span, keys_of, phrase_keys
from payvand.model import Entity, EntityKind, Mention
from payvand.text import lexicon
from payvand.text.normalise import match_key, squashed_key
from payvand.text.tokens import SOFT_PUNCTUATION

_VENUE_ANYWHERE = keys_of(lexicon.VENUE_HEADS_ANYWHERE_FA)
_VENUE_HEADS_FA = v.VENUE_HEADS_FA
_VENUE_PHRASES_FA = phrase_keys(lexicon.VENUE_HEADS_FA)
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_KIND_ORDER = {
    EntityKind.ORGANISATION: 0,
    EntityKind.PERSON: 1,
    EntityKind.COUNTRY: 2,
    EntityKind.CITY: 3,
    EntityKind.PROVINCE: 4,
}
_HYPHENS = frozenset({"-", "\u2010", "\u2011"})
_JOINERS = keys_of(lexicon.PLACE_JOINERS)
_TOWN_CUES = v.CITY_CUES | v.TOWN_BODY_HEADS
_POSSESSIVE = frozenset({"'s", "\u2019s"})
_ADJECTIVE_ENDING = "\N{ARABIC LETTER FARSI YEH}"
_FROM_OR_IN = keys_of(frozenset({"\u0627\u0632", "\u062f\u0631", "in", "from"}))
_HOME_COUNTRY = keys_of(lexicon.HOME_COUNTRY_FA)
_NAME_TITLES = frozenset(match_key(t) for t in lexicon.NAME_TITLES)
_AS = frozenset(tuple(match_key(p).split()) for p in lexicon.AS_FA)
_IRAN_KEY = match_key(lexicon.IRAN_FA)


def slugify(text: str) -> str:
    """A stable IRI path segment for a name: its match key, words joined by hyphens."""
    return "-".join(re.findall(r"[^\W_]+", match_key(text))) or "x"


def _sequence(reading: Reading, sentence: int) -> tuple[list[str], list[int]]:
    """The sentence's word keys with soft punctuation skipped; hard punctuation as a barrier."""
    cached = reading.sequences.get(sentence)
    if cached is not None:
        return cached
    tokens = reading.tokens
    index = [
        i
        for i in reading.sentence_tokens(sentence)
        if tokens[i].is_word or tokens[i].text not in SOFT_PUNCTUATION
    ]
    keys = [tokens[i].key if tokens[i].is_word else "\x00" for i in index]
    reading.sequences[sentence] = (keys, index)
    positions = reading.sequence_positions
    for j, i in enumerate(index):
        positions[i] = j
    return keys, index


# --- 1: gazetteer names --------------------------------------------------------------------------


def _name_word(reading: Reading, first: int, i: int, gazetteer: Gazetteer, *, strict: bool) -> bool:
    """Whether token ``i`` may go on with a name begun at ``first`` («مولانا فضل …»)."""
    if i >= len(reading.tokens) or not reading.same_sentence(first, i):
        return False
    if not reading.tokens[i].is_word:
        return False
    key = reading.words[i]
    if key in v.STOP or key in v.BREAK or v.is_verb(key):
        return False
    return not strict or key not in gazetteer.common_words or key in gazetteer.given_names


def _weekday(reading: Reading, i: int) -> bool:
    """Whether the word at ``i`` is a weekday here: «روز دوشنبه», «دوشنبه ۲۴ آبان»."""
    if reading.words[i] not in v.WEEKDAYS_FA:
        return False
    before = reading.key(i - 1) if reading.same_sentence(i - 1, i) else ""
    if before in v.TIME_WORDS_FA:
        return True
    nxt = i + 1
    return (
        nxt < len(reading.tokens)
        and reading.same_sentence(i, nxt)
        and (reading.tokens[nxt].text[:1].isdigit() or reading.words[nxt] in v.MONTHS)
    )


def _after_place_preposition(reading: Reading, first: int, last: int) -> bool:
    """ "a reciter from Najaf", «در نجف برگزار شد»: a preposition of place before the name and
    nothing that could go on with a person's name after it."""
    r = reading
    if first < 1 or not r.same_sentence(first - 1, first):
        return False
    if r.words[first - 1] not in v.PLACE_PREPOSITIONS or r.words[first] in v.MONTHS:
        return False
    if last >= len(r.tokens) or not r.same_sentence(first, last) or not r.tokens[last].is_word:
        return True
    key = r.words[last]
    if r.latin[first]:
        return not r.capital[last]
    return key in v.STOP or key in v.BREAK or v.is_verb(key)


def _choose(
    gazetteer: Gazetteer,
    reading: Reading,
    first: int,
    last: int,
    keys: list[str],
    established: frozenset[str] = frozenset(),
) -> GazetteerEntry | None:
    """Which of the gazetteer entries a name may be, by context; None when it is not safe."""
    entries = [e for e in (gazetteer.entry(k) for k in keys) if e is not None]
    if not entries:
        return None
    length = last - first
    before = reading.key(first - 1) if reading.same_sentence(first - 1, first) else ""
    cue_kind = (
        CITY
        if before in v.CITY_CUES
        else COUNTRY
        if before in v.COUNTRY_CUES
        else PROVINCE
        if before in v.PROVINCE_CUES
        else None
    )
    if cue_kind is not None:
        cued = [e for e in entries if e.kind is cue_kind]
        if cued:
            return cued[0]
    entries = [e for e in entries if e.kind is not PROVINCE]
    if not entries:
        return None
    entries.sort(key=lambda e: _KIND_ORDER.get(e.kind, 9))
    chosen = entries[0]
    if chosen.kind is CITY and (
        _weekday(reading, first)
        or (
            chosen.key not in established
            and tuple(reading.words[first:last]) in gazetteer.ordinary_places
        )
    ):
        return None
    if (
        chosen.key not in established
        and (
            chosen.ambiguous_in(reading.latin[first])
            or (length == 1 and reading.words[first] in gazetteer.stoplist)
        )
        and not (chosen.kind is CITY and _after_place_preposition(reading, first, last))
        and not (chosen.kind is ORGANISATION and before in _MEMBER_OF)
    ):
        return None  # («کشورهای عضو اکو»: after «عضو», «اکو» is ECO, not an echo)
    latin = reading.latin[first]
    if latin and not reading.capital[first]:
        return None
    if (
        chosen.kind is PERSON
        and latin
        and last < len(reading.tokens)
        and reading.same_sentence(first, last)
        and reading.capital[last]
        and (reading.words[last] in v.ORG_HEADS_EN or reading.words[last] in v.VENUE_HEADS_EN)
    ):
        return None  # "the Goethe Institute", "Hafez Tomb": a body or a venue named after him
    if (
        chosen.kind is PERSON
        and not latin
        and first > 0
        and reading.same_sentence(first - 1, first)
        and reading.words[first - 1] in v.ONE_WORD_HEADS_FA
    ):
        return None  # «موسسه گوته», «بنیاد حافظ»: a body named after him
    if chosen.kind is PERSON and length == 1:
        nxt = first + 1
        if gazetteer.honorifics.match_at(reading.words, first) is not None and (
            _name_word(reading, first, nxt, gazetteer, strict=True)
            or (
                _name_word(reading, first, nxt, gazetteer, strict=False)
                and _name_word(reading, first, nxt + 1, gazetteer, strict=False)
            )
        ):
            return None  # «مولانا فضل الرحیم اعوان»: a title before a name, not Rumi
        if latin and first > 0 and reading.same_sentence(first - 1, first):
            previous = reading.tokens[first - 1].text
            if previous in _HYPHENS or (
                reading.capital[first - 1] and _inside_name(reading, first)
            ):
                return None  # "Ahmed al-Saadi": part of another name
    if chosen.kind is ORGANISATION and (
        _foreign(gazetteer, reading, chosen, first, last)
        or _runs_on(reading, first, last)
        or _other_town_before(gazetteer, reading, chosen, first)
        or _alias_runs_on(gazetteer, reading, chosen, first, last)
        or _described_as(reading, chosen, first, last)
    ):
        return None
    if (
        chosen.kind in (CITY, COUNTRY)
        and latin
        and first > 0
        and reading.same_sentence(first - 1, first)
        and reading.capital[first - 1]
        and reading.words[first - 1] in v.REGION_WORDS_EN
    ):
        return None  # "Latin America", "Central Asia": a region
    if (
        chosen.kind is CITY
        and latin
        and last + 1 < len(reading.tokens)
        and reading.same_sentence(first, last + 1)
        and reading.tokens[last].text in _HYPHENS
        and reading.tokens[last].start == reading.tokens[last - 1].end
        and reading.capital[last + 1]
        and not gazetteer.places.starts(reading.words[last + 1])
    ):
        return None  # "Mohammadi-Rad": a hyphenated surname, not the town Mohammadi ("TEHRAN -
        # A chair …", spaced, is a dateline)
    return chosen


def _runs_on(reading: Reading, first: int, last: int) -> bool:
    """Whether a body's name goes on past a gazetteer name: the name is only part of it.

    "Ministry of Education, Science, Culture and Sports of Armenia", «وزارت فرهنگ، گردشگری و
    آثار باستانی عراق», "Ministry of Culture of Belarus".
    """
    r = reading
    if last >= len(r.tokens) or not r.same_sentence(first, last):
        return False
    if r.latin[first]:
        nxt = r.tokens[last]
        if (
            r.words[last] == "of"
            and r.words[last - 1] in v.ORG_HEADS_EN
            and last + 1 < len(r.tokens)
            and r.capital[last + 1]
            and r.words[last + 1] != "the"
        ):
            return True  # "Isfahan University of Art", "Tehran University of Medical Sciences"
        if nxt.is_word and r.capital[last] and not r.tokens[last - 1].text.isupper():
            # "Ministry of Culture Foundation": the next capitalised words hold a head
            k = last
            while k < len(r.tokens) and k - last < 4 and r.capital[k]:
                if r.words[k] in v.ORG_HEADS_EN:
                    return True
                k += 1
        if nxt.text in (",", "\u060c") and last + 2 < len(r.tokens):
            k = last + 1
            while k < len(r.tokens) and k - last < 6 and (r.capital[k] or r.tokens[k].text == ","):
                k += 1
            return (
                k < len(r.tokens)
                and r.words[k] == "and"
                and k + 1 < len(r.tokens)
                and (r.capital[k + 1])
            )
        return False
    if r.tokens[last].text in (",", "\u060c"):
        k = last + 1
        while k < len(r.tokens) and k - last < 5 and r.tokens[k].is_word:
            if r.words[k] == v.VA:
                return k > last + 1
            if r.words[k] in v.STOP or v.is_verb(r.words[k]):
                return False
            k += 1
    return False


def _other_town_before(
    gazetteer: Gazetteer, reading: Reading, entry: GazetteerEntry, first: int
) -> bool:
    """Whether an English name starts earlier with another town than the body's: "Isfahan
    University of Art" is not the University of Art in Tehran."""
    r = reading
    if not r.latin[first] or not entry.located_in or not entry.located_in.startswith("city/"):
        return False
    k = first - 1
    if k < 0 or not r.same_sentence(k, first) or not r.capital[k]:
        return False
    town = next(
        (
            e
            for e in (
                gazetteer.entry(x)
                for _m, keys in gazetteer.names.matches_at(r.words, k)
                for x in keys
            )
            if e is not None and e.kind is CITY
        ),
        None,
    )
    return town is not None and town.key != entry.located_in


def _described_as(reading: Reading, entry: GazetteerEntry, first: int, last: int) -> bool:
    """Whether another name of a known body stands after «به عنوان» / "as", describing what the
    subject is: «سازمان … به عنوان مرکز دیپلماسی عمومی جمهوری اسلامی ایران …» names no centre."""
    r = reading
    if first < 2 or not r.same_sentence(first - 2, first):
        return False
    if tuple(r.words[first - 2 : first]) not in _AS:
        return False
    written = squashed_key(r.surface(first, last))
    return written not in (squashed_key(entry.name_fa), squashed_key(entry.name_en))


def _alias_runs_on(
    gazetteer: Gazetteer, reading: Reading, entry: GazetteerEntry, first: int, last: int
) -> bool:
    """Whether another name of a known body is only the start of a longer name.

    «دستگاه دیپلماسی فرهنگی کشور» is not the foreign ministry («دستگاه دیپلماسی»), «کمیسیون
    فرهنگی مجلس نمایندگان» not the Majlis's commission («کمیسیون فرهنگی مجلس»): a short name of
    two words or more, with a word after it that goes on with a name (no place, function word,
    verb, title or word of the home country). The body's own name never runs on.
    """
    r = reading
    if r.latin[first] or last >= len(r.tokens) or not r.same_sentence(first, last):
        return False
    if last - first < 2 or squashed_key(r.surface(first, last)) == squashed_key(entry.name_fa):
        return False
    key = r.words[last]
    if v.is_verb(r.key(last + 1)):
        return False  # «… در کوالالامپور انجام شد», «… ارتباطات شروع خواهیم کرد»: a light verb
    return (
        _plain_name_word(r, last)
        and (key not in v.GENERIC or key.endswith(_ADJECTIVE_ENDING))  # «… فرهنگی», not «… کشور»
        and key not in v.HOME_WORDS
        and not gazetteer.places.starts(key)
        and (key in gazetteer.plural_titles or gazetteer.roles.match_at(r.words, last) is None)
        and key not in gazetteer.demonyms
    )


def _inside_name(reading: Reading, i: int) -> bool:
    """Whether the capitalised word before token ``i`` opens no sentence (a name runs on); a
    quote mark or a bracket before it does not count ('"Reading Saadi and Rumi …," she said')."""
    tokens = reading.sentence_tokens(reading.sentence_of[i])
    return (
        any(reading.tokens[k].is_word for k in range(tokens.start, i - 1))
        and reading.words[i - 1] not in v.NOT_NAMES_EN
    )


def _country_of(gazetteer: Gazetteer, key: str | None) -> str | None:
    entry = gazetteer.entry(key or "")
    if entry is None:
        return None
    if entry.kind is COUNTRY:
        return entry.key
    if entry.kind is CITY:
        return entry.located_in
    return _country_of(gazetteer, entry.located_in)


def _plain_name_word(reading: Reading, j: int) -> bool:
    """A Persian word that may go on with a body's name: no function word, verb or «و»."""
    key = reading.words[j]
    return (
        bool(key)
        and not reading.latin[j]
        and key not in v.STOP
        and key not in v.BREAK
        and not v.is_verb(key)
    )


def _foreign(
    gazetteer: Gazetteer, reading: Reading, entry: GazetteerEntry, first: int, last: int
) -> bool:
    """Whether another country qualifies a generic name of a body of Iran's.

    «وزارت فرهنگ جمهوری تاجیکستان», "Belarusian Ministry of Culture", "Ministry of Culture of
    Armenia": not Iran's Ministry of Culture, whose alias «وزارت فرهنگ» matched.
    """
    if entry.subkind == "international_organisation":
        return False
    home = _country_of(gazetteer, entry.located_in)
    if home is None:
        return False
    qualifiers: list[str] = []
    j = last
    skipped = 0
    while j < len(reading.tokens) and reading.same_sentence(first, j) and j - last < 3:
        key = reading.words[j]
        if key in ("of", v.DAR, "in") or key in v.COUNTRY_CUES:
            j += 1
            continue
        found = gazetteer.places.match_at(reading.words, j) if key else None
        if found is not None:
            qualifiers.extend(found[1])
        elif skipped < 2 and _plain_name_word(reading, j):
            skipped += 1  # «کتابخانه ملی پارلمان گرجستان»: the name runs on to its country
            j += 1
            continue
        break
    k = first - 1
    if k >= 0 and reading.tokens[k].text in _POSSESSIVE:
        k -= 1
    if k >= 0 and reading.same_sentence(k, first) and reading.words[k]:
        demonym = gazetteer.demonyms.get(reading.words[k])
        if demonym is not None:
            qualifiers.append(demonym)
        found = gazetteer.places.match_at(reading.words, k)
        if found is not None and found[0] == 1:
            qualifiers.extend(found[1])
    countries = {_country_of(gazetteer, q) for q in qualifiers} - {None}
    return bool(countries) and home not in countries


def _established_towns(reading: Reading, gazetteer: Gazetteer) -> frozenset[str]:
    """Towns whose names are also ordinary words, named as towns somewhere in the article.

    «شهرداری خوی», «شهر خوی», "Khoy Municipality", "the city of Khoy": then every «خوی» of the
    article is the town.
    """
    found: set[str] = set()
    words = reading.words
    cues = reading.positions(_TOWN_CUES)
    for i in sorted({i for k in cues for i in (k - 1, k) if 0 <= i < len(words) - 1}):
        if not words[i]:
            continue
        cue = words[i] in v.CITY_CUES or words[i] in v.TOWN_BODY_HEADS
        if cue and reading.same_sentence(i, i + 1) and words[i + 1]:
            j = i + 1
            if words[i] == "city" and words[j] == "of" and j + 1 < len(words):
                j += 1
            match = (
                (
                    gazetteer.places.match_at(words, j)
                    or gazetteer.ordinary_places.match_at(words, j)
                )
                if words[j]
                else None
            )
            if match is not None:
                found.update(k for k in match[1] if k.startswith("city/"))
        if words[i + 1] in v.TOWN_BODY_HEADS and reading.same_sentence(i, i + 1):
            match = gazetteer.places.match_at(words, i) or gazetteer.ordinary_places.match_at(
                words, i
            )
            if match is not None and match[0] == 1:
                found.update(k for k in match[1] if k.startswith("city/"))
    return frozenset(found)


def _gazetteer_names(reading: Reading, gazetteer: Gazetteer) -> None:
    established = _established_towns(reading, gazetteer)
    pending: list[tuple[int, int, list[str]]] = []
    _names_in_sentences(reading, gazetteer, established, pending)
    _coordinated_towns(reading, gazetteer, pending)


def _coordinated_towns(
    reading: Reading, gazetteer: Gazetteer, pending: list[tuple[int, int, list[str]]]
) -> None:
    """Towns whose names are also ordinary words, listed with places: «پاریس و میلان», «مسیر
    نجف تا کربلا», "between Mashhad and Najaf"."""
    r = reading
    changed = True
    while changed:
        changed = False
        for first, last, values in list(pending):
            towns = [
                e
                for e in (gazetteer.entry(k) for k in values)
                if e is not None and e.kind in (CITY, COUNTRY)
            ]  # (and countries whose names are words: «نیجر، مالی و بورکینافاسو»)
            if not towns or not r.is_free(first, last) or last - first != 1:
                continue
            in_country = next((t for t in towns if _in_its_country(r, last, t)), None)
            if in_country is None and tuple(r.words[first:last]) in gazetteer.ordinary_places:
                continue
            if r.latin[first] and not r.capital[first]:
                continue
            if in_country is None and not (
                _listed_with_place(r, first - 1, -1) or _listed_with_place(r, last, 1)
            ):
                continue
            town = in_country or towns[0]
            r.add(
                Span(
                    first,
                    last,
                    town.kind,
                    key=town.key,
                    label=town.label(r.lang),
                    candidates=tuple(values),
                )
            )
            pending.remove((first, last, values))
            changed = True


def _in_its_country(r: Reading, i: int, town: GazetteerEntry) -> bool:
    """Whether «از» / «در» and the town's own country follow at token ``i`` («دوشنبه از
    تاجیکستان», "Dushanbe in Tajikistan")."""
    if i + 1 >= len(r.tokens) or not r.same_sentence(i, i + 1):
        return False
    if r.words[i] not in _FROM_OR_IN:
        return False
    span = r.span_at(i + 1)
    return span is not None and span.kind is COUNTRY and span.key == town.located_in


def _listed_with_place(r: Reading, i: int, step: int) -> bool:
    """Whether token ``i`` is a list joiner with a place beyond it («و», «،», «تا», "and")."""
    if not (0 <= i < len(r.tokens)) or not r.same_sentence(i, i - step):
        return False
    if r.words[i] not in _JOINERS and r.tokens[i].text not in (",", "\u060c"):
        return False
    j = i + step
    if not (0 <= j < len(r.tokens)) or not r.same_sentence(i, j):
        return False
    span = r.span_at(j)
    return span is not None and span.kind in (CITY, COUNTRY)


def _names_in_sentences(
    reading: Reading,
    gazetteer: Gazetteer,
    established: frozenset[str],
    pending: list[tuple[int, int, list[str]]],
) -> None:
    names = gazetteer.names
    first_words = names.first_words
    for i in reading.positions(first_words.keys() & reading.words_present()):
        if reading.covered[i] is not None:
            continue
        keys, index = _sequence(reading, reading.sentence_of[i])
        j = _sequence_position(reading, i)
        matches = names.matches_at(keys, j)
        if not matches:
            continue
        found = None
        for n, values in matches:
            last = index[j + n - 1] + 1
            if not reading.is_free(i, last):
                continue
            entry = _choose(gazetteer, reading, i, last, values, established)
            if entry is None and n > 1:
                # «آذربایجان شرقی» is the province, not the country «آذربایجان» and a word
                entry = _province_only(gazetteer, values)
            if entry is not None:
                found = (n, values, last, entry)
                break
        if found is None:
            n, values = matches[0]
            pending.append((i, index[j + n - 1] + 1, values))
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
        if entry.kind is ORGANISATION and n > 1:
            _bodies_inside(reading, gazetteer, keys, index, j, n)


_MEMBER_OF = keys_of(
    frozenset({"\u0639\u0636\u0648", "\u0627\u0639\u0636\u0627\u06cc", "member", "members"})
)
_WRAPPERS = frozenset({"(", ")", "\u00ab", "\u00bb", '"', "\u201c", "\u201d"})


def _written_again(reading: Reading) -> dict[int, Span]:
    """A person's name written again right after it in the other script, bracketed or quoted
    or not («سعد خان» Saad Khan, "Saad Khan (سعد خان)") -> the name as written first."""
    found: dict[int, Span] = {}
    for span in reading.spans:
        if span.kind is not PERSON or span.key is not None:
            continue
        k = span.first - 1
        while (
            k >= 0 and reading.tokens[k].text in _WRAPPERS and reading.same_sentence(k, span.first)
        ):
            k -= 1
        before = reading.span_at(k) if k >= 0 and reading.same_sentence(k, span.first) else None
        if (
            before is not None
            and before.kind is PERSON
            and before.last == k + 1
            and reading.latin[before.first] != reading.latin[span.first]
        ):
            found[id(span)] = before
    return found


def _province_only(gazetteer: Gazetteer, keys: list[str]) -> GazetteerEntry | None:
    """The province a name of several words names when it names nothing else."""
    entries = [e for e in (gazetteer.entry(k) for k in keys) if e is not None]
    if entries and all(e.kind is PROVINCE for e in entries):
        return entries[0]
    return None


def _sequence_position(reading: Reading, i: int) -> int:
    """Where token ``i`` stands in its sentence's sequence of keys."""
    position = reading.sequence_positions.get(i)
    if position is None:
        _sequence(reading, reading.sentence_of[i])
        position = reading.sequence_positions[i]
    return position


def _bodies_inside(
    reading: Reading, gazetteer: Gazetteer, keys: list[str], index: list[int], j: int, n: int
) -> None:
    """Places (and embassies) named inside a gazetteer name («شهرداری تهران»), as nested
    mentions."""
    outer = reading.spans[-1]
    done = j + 1
    for k in range(j + 1, j + n):
        if k < done:
            continue  # "Delhi" inside "New Delhi", named already
        for m, values in gazetteer.names.matches_at(keys, k):
            if k + m > j + n:
                continue
            entries = [gazetteer.entry(x) for x in values]
            entry = next((e for e in entries if e is not None and e.kind is not PROVINCE), None)
            if entry is None or entry.kind is PERSON:
                continue
            if entry.kind is ORGANISATION and entry.subkind != "embassy":
                # «کمیسیون ملی یونسکو», «موسسه فرهنگی اکو», «خبرگزاری صدا و سیما»: a body's
                # proper name that holds another's names no mention of it; «رایزنی فرهنگی
                # سفارت … در بغداد» names the embassy too
                continue
            body = gazetteer.entry(outer.key or "")
            if (
                entry.kind is CITY
                and body is not None
                and body.located_in
                and body.located_in.startswith("city/")
                and body.located_in != entry.key
            ):
                continue  # «آستان قدس رضوی» is in Mashhad: «قدس» here names no town
            first, last = index[k], index[k + m - 1] + 1
            reading.add_inner(
                Span(
                    first,
                    last,
                    entry.kind,
                    key=entry.key,
                    label=entry.label(reading.lang),
                    subkind=entry.subkind,
                )
            )
            if entry.kind is not ORGANISATION:
                done = k + m  # (an embassy's name goes on to name its places)
            break


# --- 2: venues -----------------------------------------------------------------------------------


def _venue_name_end(reading: Reading, start: int) -> int:
    """The end of a venue's name: up to four words, places and bodies taken in."""
    r = reading
    j = start
    words = 0
    while j < len(r.tokens) and r.same_sentence(start, j) and words < 4:
        span = r.span_at(j)
        if span is not None:
            if span.kind in (CITY, COUNTRY, ORGANISATION):
                j = span.last
                words += 1
                continue
            if span.kind is PERSON and span.source == "gazetteer":
                j = span.last  # «آرامگاه حافظ»: the poet's name names the venue here
                words += 1
                continue
            break
        k = r.words[j]
        if not r.tokens[j].is_word or k in v.STOP or k in v.BREAK or k.isdigit() or v.is_verb(k):
            break
        if r.role_end(j) > 0:
            break
        if k in v.CITY_CUES and j > start:
            break  # «تالار کاخ وحدت شهر دوشنبه»: the hall, then its town
        j += 1
        words += 1
    return j


def _venues(reading: Reading) -> None:
    """«در حسینیه الزهرا», «حرم حضرت معصومه», "the Imam Khomeini Mosalla", "Vahdat Hall"."""
    r = reading
    heads = r.starts(_VENUE_PHRASES_FA)
    english = bool(r.words_present() & v.VENUE_HEADS_EN)
    if english:
        i = 0
        while i < len(r.tokens):
            i = _english_venue(r, i) if r.latin[i] else i + 1
    done = 0
    for i in sorted(heads):
        n = heads[i]
        if i < done or r.latin[i] or not r.same_sentence(i, i + n - 1):
            continue
        head = "".join(r.words[i : i + n])
        anywhere = " ".join(r.words[i : i + n]) in _VENUE_ANYWHERE or head in _VENUE_ANYWHERE
        if not (anywhere or r.key(i - 1) == v.DAR):
            continue
        town = r.span_at(i)
        if town is not None and town.kind is not CITY:
            continue
        if town is not None:
            r.drop(town)  # «حسینیه» is a town too; here it is a hall
        name_start = i + n
        end = _venue_name_end(r, name_start)
        if end == name_start:
            continue
        inner_people = [s for s in r.spans_starting(i, end) if s.kind is PERSON]
        for person in inner_people:
            r.drop(person)  # «حرم حضرت معصومه»: a saint inside a venue's name is no mention
        add_nested(r, Span(i, end, VENUE, label=r.surface(i, end), source="venue"), [])
        done = end


def _english_venue(r: Reading, i: int) -> int:
    """A capitalised run ending with a venue head: "Imam Khomeini Mosalla", "Naqsh-e Jahan
    Square", "Palace of the Republic"; "Kazan City Hall" is the municipality, not a venue."""
    if not r.capital[i]:
        return i + 1
    j = i
    last_head = -1
    while j < len(r.tokens) and r.same_sentence(i, j):
        token = r.tokens[j]
        if token.is_word and r.capital[j]:
            if r.words[j] == "house" and r.words[j - 1] not in v.HOUSE_VENUES_EN:
                return j + 1  # "Iran Book and Literature House" is a body; "Opera House" a hall
            if r.words[j] in v.VENUE_HEADS_EN:
                last_head = j
            elif r.words[j] in v.ORG_HEADS_EN:
                return j + 1  # a body's name, read later
            j += 1
            continue
        if (
            (token.text in _HYPHENS or r.words[j] in ("of", "the", "e"))
            and j + 1 < len(r.tokens)
            and (
                r.capital[j + 1]
                or (
                    r.words[j] == "of"
                    and last_head >= 0
                    and r.words[last_head] in v.ORG_HEADS_EN  # a centre's, not a palace's
                    and r.key(j + 1) == "the"
                    and j + 2 < len(r.tokens)
                    and r.capital[j + 2]
                )
            )
        ):
            j += 1  # "Persian Language Centre of the Cultural Mission": one name goes on
            continue
        if token.text in ("'", "\u2019") and last_head < 0:
            j += 1
            continue
        break
    if last_head < 0 or last_head == i:
        return max(j, i + 1)
    if r.words[last_head] == "hall" and r.words[last_head - 1] == "city":
        return max(j, i + 1)
    if (
        r.words[last_head] in v.ORG_HEADS_EN
        and r.key(last_head + 1) in ("for", "of")
        and last_head + 2 < len(r.tokens)
        and r.capital[last_head + 2]
    ):
        return max(j, i + 1)  # "State Library for Foreign Literature": a body, read later
    first = i
    if r.words[first] in v.NOT_NAMES_EN and r.words[first] not in ("imam",):
        first += 1
    if first >= last_head:
        return max(j, i + 1)
    end = j if j > last_head + 1 and r.words[last_head + 1] == "of" else last_head + 1
    if r.words[last_head] in v.ORG_HEADS_EN and (
        r.words[i] == "national" or (end > last_head + 1 and r.span_at(end - 1) is not None)
    ):
        return max(j, i + 1)  # "National Cinema Center of Armenia": a body, read later
    for person in [s for s in r.spans_starting(first, end) if s.kind is PERSON]:
        r.drop(person)
    add_nested(r, Span(first, end, VENUE, label=r.surface(first, end), source="venue"), [])
    return end


# --- 3: titles and honorifics --------------------------------------------------------------------


def _roles_and_honorifics(reading: Reading, gazetteer: Gazetteer) -> None:
    honorific_words = gazetteer.honorifics.first_words
    role_words = gazetteer.roles.first_words
    present = reading.words_present()
    starts = (honorific_words.keys() & present) | (role_words.keys() & present)
    sentence = -1
    resume = 0  # in the sentence's sequence: the word after the last title taken
    for i in reading.positions(starts):
        if reading.covered[i] is not None:
            continue
        if reading.sentence_of[i] != sentence:
            sentence = reading.sentence_of[i]
            resume = 0
        keys, index = _sequence(reading, sentence)
        j = _sequence_position(reading, i)
        if j < resume:
            continue
        taken = 0
        for n, values in gazetteer.honorifics.matches_at(keys, j):
            if values[0].text.isupper() and not reading.tokens[i].text.isupper():
                continue  # "HE" (His Excellency) is not "He"
            last = index[j + n - 1] + 1
            if _title_before_body(reading, gazetteer, keys, j, n, i, last):
                break  # «استاد دانشکده فیلم پکن»: a professor, not the honorific «استاد»
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
                        RoleSpan(i, last, roles[0].id, roles[0].name_fa or label, roles[0].name_en)
                    )
                    taken = n
                    break
        resume = j + (taken or 1)


def _title_before_body(
    reading: Reading, gazetteer: Gazetteer, keys: list[str], j: int, n: int, first: int, last: int
) -> bool:
    """Whether an honorific that is also a title stands before a body: «استاد دانشگاه …», and
    after a comma, a body a few words on («X، استاد زبان فارسی
    دانشگاه ورشو»)."""
    if not any(m == n for m, _ in gazetteer.roles.matches_at(keys, j)):
        return False
    r = reading
    if last >= len(r.tokens) or not r.same_sentence(last - 1, last):
        return False
    if _body_at(r, last):
        return True
    if not (first >= 1 and r.tokens[first - 1].text in (",", "\u060c")):
        return False
    k = last
    while k < len(r.tokens) and r.same_sentence(last, k) and k - last < 7 and r.tokens[k].is_word:
        if _body_at(r, k):
            return True
        k += 1
    return False


def _body_at(r: Reading, i: int) -> bool:
    span = r.span_at(i)
    if span is not None and span.kind is ORGANISATION:
        return True
    return bool(v.ORG_HEADS_FA.at(r.words, i)) or r.words[i] in v.ORG_HEADS_EN


def recognise(reading: Reading, gazetteer: Gazetteer) -> None:
    """Run every recognition pass over ``reading``, adding spans."""
    _gazetteer_names(reading, gazetteer)
    _venues(reading)
    _roles_and_honorifics(reading, gazetteer)
    recognise_organisations(reading, gazetteer)
    recognise_persons(reading, gazetteer)


# --- resolution ----------------------------------------------------------------------------------


def _entity_from_entry(gazetteer: Gazetteer, entry: GazetteerEntry, lang: str) -> Entity:
    """The entity of a gazetteer entry, built once per language (a frozen value, shared)."""
    entity = gazetteer.canonical_entities.get((entry.key, lang))
    if entity is not None:
        return entity
    labels = tuple(
        (name, lang_) for name, lang_ in ((entry.name_fa, "fa"), (entry.name_en, "en")) if name
    )
    entity = gazetteer.canonical_entities[(entry.key, lang)] = Entity(
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
    return entity


def _titled_name(reading: Reading, span: Span) -> str:
    """A name with the title it is known by («پاپ فرانسیس», "Imam Reza", "Molana Jalal ad-Din
    Rumi"), as one more label: the name alone is the person's label, and a title of this kind is
    how many write it."""
    for start, text in reading.honorifics_ending(span.first):
        if match_key(text) in _NAME_TITLES:
            return reading.surface(start, span.last)
    return ""


def _plain_spelling(written: str, key: str, labels: list[tuple[str, str]]) -> bool:
    """Whether a name written in plain ASCII ("Herat", "Mazar-e Sharif") is a label of its own
    beside the gazetteer's transliteration with diacritics ("Herāt"): the same match key, but
    a reader (and a consumer comparing labels) sees another spelling."""
    if not written.isascii() or any(label == written for label, _lang in labels):
        return False
    return not any(label.isascii() and match_key(label) == key for label, _lang in labels)


def _label_lang(label: str) -> str:
    return "en" if _LATIN.match(label) else "fa"


def _person_words(reading: Reading, span: Span) -> list[str]:
    """The word keys of a person's name as the text writes it."""
    return [reading.words[i] for i in range(span.first, span.last) if reading.words[i]]


def _similar_word(a: str, b: str) -> bool:
    """Spellings of one name: «Mohammad» and «Mohammed», «Ali-Reza» and «Alireza»."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 2:
        return False
    return _edit_distance(a, b) <= 2


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


_NOT_QUALIFIERS_EN = frozenset({"of", "the", "and", "for", "in", "at", "to"})


def _fuller_bodies(reading: Reading, words: Container[str]) -> dict[str, tuple[str, str]]:
    """Names of bodies no gazetteer holds that name a body the article names more fully -> the
    fuller name's key and label: «دانشگاه شیراگاتسی» and «دانشگاه آنانیا شیراگاتسی ایروان» beside
    «دانشگاه شیراگاتسی ایروان», "the Cultural Mission" beside "the Cultural Mission of the Iranian
    Embassy in Russia", "the Metropolitan Municipality" beside "Ankara Metropolitan Municipality".
    The same head, and every word of the shorter name in the longer one, in order (or the end of
    the longer name); a name that could be two of the article's bodies is left alone. A name
    misspelt by one letter is the body named with ordinary ``words`` (or first)."""
    names: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for span in reading.spans:
        if span.kind is ORGANISATION and span.key is None and span.source != "outlet":
            label = span.label.strip(" \u060c,.-")
            key = _home_named(match_key(label))
            if key:
                names.setdefault(key, key.split())
                labels.setdefault(key, label)
    found: dict[str, tuple[str, str]] = {}
    for key, words in names.items():
        if len(words) < 2:
            continue
        fuller = [
            other
            for other, longer in names.items()
            if other != key
            and (
                (longer[0] == words[0] and _subsequence(words, longer))
                # "the Metropolitan Municipality" after "Ankara Metropolitan Municipality"
                or _english_tail(words, longer)
            )
        ]
        longest = max(fuller, key=len, default=None)
        if longest is not None and all(
            f == longest or _subsequence(names[f], names[longest]) for f in fuller
        ):
            found[key] = (longest, labels[longest])
    for key, first in _misspelt_bodies(names, words).items():
        if key not in found:
            found[key] = found.get(first, (first, labels[first]))
    return found


def _misspelt_bodies(names: dict[str, list[str]], words: Container[str]) -> dict[str, str]:
    """Names of three words or more that differ from another by one letter of one word
    («کمیته میرات جهانی یونسکو», «کمیته میراث جهانی یونسکو») -> the name that has an ordinary
    word there (the one written first when both or neither have)."""
    found: dict[str, str] = {}
    by_mask: dict[tuple[str, ...], list[str]] = {}
    for key, words in names.items():
        if len(words) >= 3:
            for p in range(len(words)):
                by_mask.setdefault((str(p), *words[:p], *words[p + 1 :]), []).append(key)
    for mask, keys in by_mask.items():
        p = int(mask[0])
        for other in keys[1:]:
            a, b = names[keys[0]][p], names[other][p]
            if min(len(a), len(b)) >= 4 and _edit_distance(a, b) == 1:
                if b in words and a not in words:
                    found.setdefault(keys[0], other)
                else:
                    found.setdefault(other, keys[0])
    return found


def _english_tail(short: list[str], long: list[str]) -> bool:
    """Whether an English body's name ends a longer one that adds only a place or a qualifier
    before it ("Ankara" to "Metropolitan Municipality"; not "Students of" to a university)."""
    if len(short) >= len(long) or long[-len(short) :] != short or not short[0].isascii():
        return False
    return all(w not in v.ORG_HEADS_EN and w not in _NOT_QUALIFIERS_EN for w in long[: -len(short)])


def _subsequence(short: list[str], long: list[str]) -> bool:
    """Whether ``short`` is ``long`` with some words left out (and is shorter)."""
    if len(short) >= len(long):
        return False
    it = iter(long)
    return all(word in it for word in short)


def _home_named(name_key: str) -> str:
    """A body's name with «کشورمان» (our country) as «ایران»: «رایزنی فرهنگی کشورمان» and
    «رایزنی فرهنگی ایران» in one article are one body."""
    words = name_key.split()
    if not _HOME_COUNTRY.isdisjoint(words):
        return " ".join(_IRAN_KEY if w in _HOME_COUNTRY else w for w in words)
    return name_key


def _fuller_names(reading: Reading) -> dict[str, Span]:
    """Person names that name a person the article names in full -> a span of the full name.

    A family name alone («ایمانی‌پور», «ایمانی پور» after «محمدمهدی ایمانی‌پور»; "Metshin" after
    "Ilsur Metshin"), the tail of a longer name («Mohammadi-Rad»), its first words («ابوذر
    ابراهیمی» after «ابوذر ابراهیمی ترکمان») and another spelling of the same
    name ("Mohammed Bagher Ghalibaf" after "Mohammad Bagher Ghalibaf"). A name that could be two
    of the article's persons («موسوی» beside «علی موسوی» and «حسن موسوی») is left alone.
    """
    persons = [s for s in reading.spans if s.kind is PERSON]
    if len(persons) < 2:
        return {}
    full: list[tuple[list[str], Span]] = []
    seen: set[tuple[str, ...]] = set()
    for span in persons:
        words = _person_words(reading, span)
        if len(words) >= 2 and tuple(words) not in seen:
            seen.add(tuple(words))
            full.append((words, span))
    # the full names indexed by what a shorter name can share with them
    by_tail: dict[tuple[str, ...], list[int]] = {}
    by_start: dict[tuple[str, ...], list[int]] = {}
    by_squashed: dict[str, list[int]] = {}
    by_last: dict[tuple[int, str], list[int]] = {}
    for n, (other, _target) in enumerate(full):
        for k in range(1, len(other)):
            by_tail.setdefault(tuple(other[k:]), []).append(n)  # «ایمانی‌پور», "Metshin"
            if k >= 2:
                by_start.setdefault(tuple(other[:k]), []).append(n)  # «ابوذر ابراهیمی»
        for squashed in {"".join(other[-1:]), "".join(other[-2:])}:
            by_squashed.setdefault(squashed, []).append(n)  # «ایمانی پور»
        by_last.setdefault((len(other), other[-1]), []).append(n)
    found: dict[str, Span] = {}
    for span in persons:
        if span.key is not None:
            continue
        words = _person_words(reading, span)
        if not words:
            continue
        squashed = "".join(words)
        candidates = set(by_tail.get(tuple(words), ()))
        if len(words) >= 2:
            candidates.update(by_start.get(tuple(words), ()))
        candidates.update(n for n in by_squashed.get(squashed, ()) if len(words) < len(full[n][0]))
        if len(words) >= 2:
            for n in by_last.get((len(words), words[-1]), ()):
                other, target = full[n]
                if target.first < span.first and all(
                    _similar_word(a, b) for a, b in zip(words, other, strict=True)
                ):
                    candidates.add(n)  # "Mohammed Bagher Ghalibaf", "Mohammad Bagher …"
        targets: dict[str, Span] = {}
        for n in sorted(candidates):
            other, target = full[n]
            if target is span or other == words:
                continue
            targets.setdefault(target.key or match_key(target.label), target)
        if len(targets) == 1:
            found[match_key(span.label.strip(" \u060c,.-"))] = next(iter(targets.values()))
    return found


def _short_names_of_bodies(reading: Reading, gazetteer: Gazetteer) -> None:
    """«رایزنی فرهنگی ایران» in an article naming «رایزنی فرهنگی جمهوری اسلامی ایران در ترکیه»:
    a body named by the start of one known name of a body the article names is that body."""
    unnamed = [s for s in reading.spans if s.kind is ORGANISATION and s.key is None]
    shorts = {id(s): match_key(s.label.strip(" \u060c,.-")) for s in unnamed}
    wanted = {short for short in shorts.values() if short}
    if not wanted:
        return
    present = {
        s.key: entry
        for s in reading.spans
        if s.kind is ORGANISATION and s.key
        for entry in [gazetteer.entry(s.key)]
        if entry is not None
    }
    starts: dict[str, set[str]] = {}  # the first words of a known name -> the bodies so named
    for key, e in present.items():
        for name, _lang in e.names():
            words = match_key(name).split(" ")
            for k in range(1, len(words)):
                start = " ".join(words[:k])
                if start in wanted:  # (only what the article writes is kept)
                    starts.setdefault(start, set()).add(key)
    for span in unnamed:
        found = set(starts.get(shorts[id(span)], ()))
        if len(found) == 1:
            entry = present[found.pop()]
            span.key, span.label, span.subkind = entry.key, entry.label(reading.lang), entry.subkind


@dataclass(slots=True)
class _Named:
    """An entity of the article as resolution goes: its first form, and the labels and titles
    later mentions add."""

    entity: Entity
    label_keys: set[str]
    labels: list[tuple[str, str]]
    titles: dict[str, None]

    def __init__(  # spelt out: see reading.Span
        self,
        entity: Entity,
        label_keys: set[str],
        labels: list[tuple[str, str]],
        titles: dict[str, None],
    ) -> None:
        self.entity = entity
        self.label_keys = label_keys
        self.labels = labels
        self.titles = titles

    @classmethod
    def of(cls, entity: Entity) -> _Named:
        keys = {match_key(label) for label, _ in entity.labels}
        return cls(entity, keys, list(entity.labels), dict.fromkeys(entity.titles))

    def result(self) -> Entity:
        labels, titles = tuple(self.labels), tuple(self.titles)
        if labels == self.entity.labels and titles == self.entity.titles:
            return self.entity
        return replace(self.entity, labels=labels, titles=titles)


def resolve(reading: Reading, gazetteer: Gazetteer) -> tuple[list[Entity], list[Mention]]:
    """Give every span an entity key; return the article's entities and mentions in text order."""
    named: dict[str, _Named] = {}
    mentions: list[Mention] = []
    by_name: dict[str, str] = {}
    fuller = _fuller_names(reading)
    again = _written_again(reading)
    fuller_bodies = _fuller_bodies(reading, gazetteer.common_words)
    _short_names_of_bodies(reading, gazetteer)
    for span in sorted(reading.spans, key=lambda s: (s.first, -s.last)):
        if span.kind is VENUE and span.source == "dropped":
            continue
        if span.key is None and (same := again.get(id(span))) is not None and same.key:
            span.key = same.key  # «سعد خان» Saad Khan: one person, in two scripts
        if span.key is None:
            label = span.label.strip(" \u060c,.-")
            if not label:
                continue
            name_key = match_key(label)
            if span.kind is ORGANISATION:
                name_key = _home_named(name_key)
                if name_key in fuller_bodies:
                    name_key, label = fuller_bodies[name_key]  # the body by its fuller name
            full = fuller.get(name_key) if span.kind is PERSON else None
            if full is not None and full.key is not None:
                span.key, span.label = full.key, full.label
            else:
                if full is not None:
                    label = full.label.strip(" \u060c,.-")
                    name_key = match_key(label)
                words = tuple(name_key.split())
                found = gazetteer.names.match_at(words, 0) if name_key else None
                known = None
                if found is not None and found[0] == len(words):
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
        entity = named.get(span.key)
        if entity is None:
            entry = gazetteer.entry(span.key)
            if entry is not None:
                first = _entity_from_entry(gazetteer, entry, reading.lang)
            else:
                first = Entity(
                    key=span.key,
                    kind=span.kind,
                    label=span.label,
                    lang=_label_lang(span.label),
                    labels=((span.label, _label_lang(span.label)),),
                    subkind=span.subkind,
                )
            entity = named[span.key] = _Named.of(first)
        # The name as the article writes it is a label too: «ایرنا», "Iran's embassy in Beijing".
        surface = reading.surface(span.first, span.last) if span.source != "surname" else ""
        titled = _titled_name(reading, span) if span.kind is PERSON else ""
        for written in (surface, titled):
            if written and (
                (written_key := match_key(written)) not in entity.label_keys
                or _plain_spelling(written, written_key, entity.labels)
            ):
                entity.labels.append((written, _label_lang(written)))
                entity.label_keys.add(written_key)
        if span.titles:
            entity.titles.update(dict.fromkeys(span.titles))
        start = reading.tokens[span.first].start
        end = reading.tokens[span.last - 1].end
        mentions.append(Mention(span.key, start, end, reading.sentence_of[span.first]))
    reading.rekeyed()
    return [entity.result() for entity in named.values()], mentions
