"""Agreements, events, and when and where an agreement was signed.

* An **agreement** is an MoU or cooperation document between organisations or cities, signed or
  proposed (twinnings are read in :mod:`payvand.extract.twinnings`). A signed one is dated by
  :func:`signing_date` and placed in the city its sentence names after «در» / "in".
* An **event** is a meeting, conference, ceremony, week, fair, visit or festival, with the persons
  named as attending it («با حضور …», "attended by …"). It is read where
  the text says who organised it («به همت», «با همکاری», «به دعوت», «به میزبانی», «از سوی … برگزار»,
  "organised by", "in cooperation with", "hosted by"), and where it has a proper name or a venue.
  «از سوی» and «توسط» name an organiser only before a verb of organising («برگزار شد»): a reciter
  «اعزام شده از سوی» a body was sent by it, not hosted.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections.abc import Container
from dataclasses import replace
from datetime import date, datetime, timedelta

from payvand.extract import vocabulary as v
from payvand.extract.entities import slugify
from payvand.extract.kinds import CITY, COUNTRY, ORGANISATION, PERSON, VENUE
from payvand.extract.reading import Phrases, Reading, keys_of, phrase_keys
from payvand.model import Agreement, AgreementStatus, Event
from payvand.text import lexicon
from payvand.text.jalali import find_dates
from payvand.text.normalise import match_key

_PLANNED_ANY = phrase_keys(lexicon.TWINNING_PLANNED_FA | lexicon.TWINNING_PLANNED_EN)
_TWINNING_FA = phrase_keys(lexicon.TWINNING_CUES_FA)
_TWINNING_EN = phrase_keys(lexicon.TWINNING_CUES_EN)
_AGREEMENT = phrase_keys(lexicon.AGREEMENT_CUES_FA | lexicon.AGREEMENT_CUES_EN)
_SIGNED = phrase_keys(lexicon.SIGNED_FA | lexicon.SIGNED_EN)
_ORGANISER_CUES = phrase_keys(lexicon.ORGANISER_CUES_FA | lexicon.ORGANISER_CUES_EN)
_WEAK_CUES = phrase_keys(lexicon.ORGANISER_CUES_NEEDING_VERB)
_ORGANISING = keys_of(lexicon.ORGANISING_WORDS)
_HOLDING = keys_of(lexicon.HOLDING_WORDS)
# Verbs of holding whose subject holds the event: «برگزار کرد», "will hold", "organised".
_HOLDING_ACTIVE = keys_of(lexicon.HOLDING_ACTIVE_WORDS)
_ACTIVE = keys_of(lexicon.ACTIVE_LIGHT_VERBS_FA)
_PASSIVE_EN = keys_of(frozenset({"was", "were", "be", "been", "is", "are", "being"}))
_REPORT = phrase_keys(lexicon.REPORT_CUES_FA | lexicon.REPORT_CUES_EN)
_COMMAS = frozenset({",", "\u060c"})
_SUBJECT_JOINERS = keys_of(frozenset({"and", "\u0648", "the"}))
# After the subject, words that make it no subject: «X از Y»: X is not holding anything.
_NOT_SUBJECT = keys_of(frozenset({"\u0627\u0632", "\u0628\u0647", "of", "to"}))
_HOSTING_CUES = phrase_keys(lexicon.HOSTING_CUES)
# Cues that go on a list of organisers after «و»: «با مشارکت X و همکاری Y».
_CONTINUING = keys_of(lexicon.ORGANISER_CONTINUATIONS_FA)
_EVENT_HEADS = phrase_keys(lexicon.EVENT_HEADS_FA | lexicon.EVENT_HEADS_EN)
_TODAY = keys_of(lexicon.TODAY_WORDS)
_ATTENDANCE = phrase_keys(lexicon.ATTENDANCE_CUES)
# Where a list of attendees ends: a clause's punctuation.
_CLAUSE_END = frozenset({".", "\u061b", ";", ":", "!", "?", "\u061f"})
_WEEKDAY = {match_key(name): day for name, day in lexicon.WEEKDAY_NUMBERS.items()}
# «سه شنبه» written with a space: the word before «شنبه» makes the day.
_SATURDAY = match_key("شنبه")
_BEFORE_SATURDAY = {
    match_key(w): day for w, day in (("یک", 6), ("دو", 0), ("سه", 1), ("چهار", 2), ("پنج", 3))
}
_JOINERS = keys_of(frozenset({"and"})) | {v.VA, ",", "\u060c", "the", "&"}
_THIS_FA = match_key("\N{ARABIC LETTER ALEF}\N{ARABIC LETTER FARSI YEH}\N{ARABIC LETTER NOON}")
_STOP = v.STOP | v.BREAK
# «آیین گشایش هفته فرهنگی»: the opening or closing of an event goes on into the event's name.
_OPENING = keys_of(frozenset({"گشایش", "افتتاح", "افتتاحیه", "اختتامیه", "اختتام"}))
_DETERMINERS = keys_of(lexicon.EVENT_DETERMINERS)
_BACK = keys_of(lexicon.EVENT_BACK_REFERENCES)
_MODIFIERS_EN = keys_of(lexicon.EVENT_MODIFIERS_EN)
_ANAPHORS = keys_of(lexicon.EVENT_ANAPHORS)
_WHERE = keys_of(frozenset({"in", "at"})) | {v.DAR}
_EVENT_KIND: dict[str, str] = {match_key(word): kind for word, kind in lexicon.EVENT_KINDS.items()}

_THAT = match_key("\N{ARABIC LETTER KEHEH}\N{ARABIC LETTER HEH}")


def _phrase_at(words: list[str], i: int, phrases: Phrases) -> int:
    return phrases.at(words, i) if 0 <= i < len(words) and words[i] else 0


def _find(reading: Reading, tokens: range, phrases: Phrases) -> list[int]:
    starts = reading.starts(phrases)
    return [i for i in tokens if i in starts]


# --- agreements ----------------------------------------------------------------------------------


def signing_date(reading: Reading, sentence: int, published: date | None) -> date | None:
    """When the sentence says something was signed: the date it prints, else the publication date
    for «امروز» / "today", else the last such weekday up to the publication for «روز دوشنبه» /
    "on Monday". None when the sentence has no verb of signing or says none of these.
    """
    if not _find(reading, reading.sentence_tokens(sentence), _SIGNED):
        return None
    when = _date_said(reading, sentence, published, weekdays=True)
    return when.date() if isinstance(when, datetime) else when


def _date_said(
    reading: Reading, sentence: int, published: date | None, *, weekdays: bool
) -> datetime | date | None:
    """The date a sentence gives: the first it prints, else the publication date for «امروز» /
    "today", else (with ``weekdays``) the last such weekday up to the publication."""
    r = reading
    bounds = r.sentences[sentence]
    found = find_dates(r.text[bounds.start : bounds.end])
    if found:
        return found[0].to_datetime()
    if published is None:
        return None
    day = published.date() if isinstance(published, datetime) else published
    for i in r.sentence_tokens(sentence):
        word = r.words[i]
        if word in _TODAY:
            return day
        if not weekdays:
            continue
        weekday = _WEEKDAY.get(word)
        if word == _SATURDAY:
            weekday = _BEFORE_SATURDAY.get(r.key(i - 1), weekday)
        if weekday is not None:
            return day - timedelta(days=(day.weekday() - weekday) % 7)
    return None


def _signing_place(reading: Reading, sentence: int, parties: Container[str]) -> str | None:
    """The city a sentence names after «در» / "in" / "at" (a party or a dateline aside)."""
    r = reading
    dateline = r.dateline()
    return next(
        (
            s.key
            for s in r.spans_in(sentence)
            if s.kind is CITY
            and s.key
            and s.source != "inner"
            and s.first not in dateline
            and s.key not in parties
            and r.key(s.first - 1) in _WHERE
        ),
        None,
    )


def extract_agreements(
    reading: Reading, twinned: set[int], published: date | None = None
) -> list[Agreement]:
    """MoUs and cooperation agreements (sentences already read as twinnings aside), a signed one
    with the date and the city of its signing where its sentence gives them."""
    agreements: dict[frozenset[str], Agreement] = {}
    r = reading
    twinning = r.starts(_TWINNING_EN if r.lang == "en" else _TWINNING_FA)
    skipped = twinned | {r.sentence_of[i] for i in twinning}
    by_sentence = _by_sentence(r, r.starts(_AGREEMENT))
    dateline = r.dateline()
    for index in sorted(by_sentence.keys() - skipped):
        # (a twinning sentence is read as a twinning, done or planned)
        sentence = r.sentences[index]
        tokens = r.sentence_tokens(index)
        cues = [i for i in by_sentence[index] if r.key(i - 1) not in _BACK or not agreements]
        if not cues:
            continue  # "Under the agreement, …": the agreement told of before
        parties: dict[str, None] = {}
        for span in sorted(r.spans_in(sentence.index), key=lambda s: s.first):
            if (
                span.key
                and span.source != "inner"
                and span.kind in (ORGANISATION, CITY, COUNTRY)
                and span.first not in dateline
                and span.subkind != "news_agency"
                and not (span.kind is CITY and r.key(span.first - 1) in _WHERE)
            ):
                parties[span.key] = None
        if not parties:
            continue
        signed = bool(_find(r, tokens, _SIGNED))
        planned = bool(_find(r, tokens, _PLANNED_ANY))
        status = AgreementStatus.SIGNED if signed and not planned else AgreementStatus.PROPOSED
        signed_on = place = None
        if status is AgreementStatus.SIGNED:
            signed_on = signing_date(r, index, published)
            place = _signing_place(r, index, parties)
        known = agreements.get(frozenset(parties))
        if known is not None:
            # one agreement told of in several sentences: signed if any says it was, and when
            # and where the first to say so says
            if status is AgreementStatus.SIGNED:
                agreements[frozenset(parties)] = replace(
                    known,
                    status=status,
                    signed_on=known.signed_on or signed_on,
                    place=known.place or place,
                )
            continue
        cue = r.surface(cues[0], cues[0] + _phrase_at(r.words, cues[0], _AGREEMENT))
        agreements[frozenset(parties)] = Agreement(
            "mou",
            tuple(parties),
            status,
            cue,
            sentence.index,
            sentence.start,
            sentence.end,
            signed_on,
            place,
        )
    return list(agreements.values())


# --- events --------------------------------------------------------------------------------------


def _event_label(reading: Reading, head: int, n: int, tokens: range) -> tuple[str, bool]:
    """The event's name, and whether it is a proper name (quoted or capitalised)."""
    r = reading
    text = r.text
    after = r.tokens[head + n - 1].end
    quoted = re.match(
        r"[\s\w\u200c]{0,40}?[\u00ab\"\u201c]([^\u00bb\"\u201d]{2,120})[\u00bb\"\u201d]",
        text[after : after + 170],
    )
    if quoted is not None:
        end = after + quoted.end()
        return text[r.tokens[head].start : end], True
    if r.latin[head]:
        first = head
        while (
            first - 1 >= tokens.start
            and (r.capital[first - 1] or r.words[first - 1] in _MODIFIERS_EN)
            and r.tokens[first - 1].is_word
        ):
            if r.words[first - 1] in _DETERMINERS:
                break
            first -= 1
        last = head + n
        while last < tokens.stop and (r.capital[last] or r.words[last] in ("of", "on", "for")):
            last += 1
        while last > head + n and r.words[last - 1] in ("of", "on", "for"):
            last -= 1
        proper = (first < head or last > head + n) and r.capital[first]
        # "the Tehran International Book Fair" is a name; "an Iranian cultural week" is not
        capitals = sum(1 for k in range(first, last) if r.capital[k])
        return r.surface(first, last), proper and (r.capital[head] or capitals >= 2)
    last = head + n
    while last < tokens.stop and last - head < n + 4:
        word = r.words[last]
        opening = word in _OPENING and last + 1 < tokens.stop and r.tokens[last + 1].is_word
        if not r.tokens[last].is_word or (word in _STOP and not opening):
            break
        if r.span_at(last) is not None:
            break
        last += 1
    return r.surface(head, last), False


def _organisers(reading: Reading, cue_end: int, tokens: range) -> list[str]:
    """The organisations named after «به همت» / "organised by", joined by «و» and commas."""
    r = reading
    found: list[str] = []
    i = cue_end
    skipped = 0
    last_end = -1
    while i < tokens.stop:
        span = r.span_at(i)
        if span is not None and span.kind is ORGANISATION and span.key:
            if span.key not in found and not (found and i == last_end):
                # (a body right after another, with no «و» between, is its parent: «بنیاد
                # سعدی سازمان فرهنگ و ارتباطات اسلامی» names one organiser)
                found.append(span.key)
            i = last_end = span.last
            skipped = 0
            continue
        # "organised by the embassy", «به همت این سفارت»
        at = i + 1 if r.words[i] == _THIS_FA and i + 1 < tokens.stop else i
        body = _body_named_before(r, at, tokens)
        if body is not None:
            if body not in found:
                found.append(body)
            i = last_end = at + 1
            skipped = 0
            continue
        key = r.words[i] or r.tokens[i].text
        if key in _JOINERS:
            i += 1
            continue
        n = r.starts(_ORGANISER_CUES).get(i, 0) or (key in _CONTINUING and 1)
        if n and found:
            i += n  # «… و با مشارکت X و همکاری Y»
            continue
        # "the university's Department of …": a few words before the body
        if not found and skipped < 3 and r.latin[i] and not r.capital[i]:
            i += 1
            skipped += 1
            continue
        if not found and r.tokens[i].text in ("'s", "\u2019s"):
            i += 1
            continue
        break
    return found


def _body_named_before(r: Reading, i: int, tokens: range) -> str | None:
    """The body a head word after "the" / «این» stands for: the last body named before whose
    name holds that word ("the embassy" after "the Iranian Embassy in Baku", «این سفارت»)."""
    if i <= tokens.start or r.covered[i] is not None or not r.tokens[i].is_word:
        return None
    key, before = r.words[i], r.words[i - 1]
    if r.latin[i]:
        if r.capital[i] or before != "the" or key not in v.ORG_HEADS_EN:
            return None
        if i + 1 < tokens.stop and (
            r.words[i + 1] in ("of", "for") or r.tokens[i + 1].text in ("'s", "\u2019s")
        ):
            # "the office of the governor": a body of its own, unnamed; "the university's
            # Department of …": the organiser is the unit named next
            return None
    elif before != _THIS_FA or key not in v.ONE_WORD_HEADS_FA:
        return None
    firsts, spans = r.ordered(ORGANISATION)
    for n in range(bisect_left(firsts, i) - 1, -1, -1):
        span = spans[n]
        if span.key and key in r.words[span.first : span.last]:
            return span.key
    return None


def _attendees(reading: Reading, tokens: range) -> list[str]:
    """The persons named after «با حضور» / "attended by", up to the end of the clause, a verb
    of organising or a cue of organisers («با حضور و همکاری» names organisers, not guests)."""
    r = reading
    cues = r.starts(_ATTENDANCE)
    organiser_cues = r.starts(_ORGANISER_CUES)
    found: list[str] = []
    for cue in (i for i in tokens if i in cues):
        if organiser_cues.get(cue, 0) > cues[cue]:
            continue
        i = cue + cues[cue]
        while i < tokens.stop:
            if r.tokens[i].text in _CLAUSE_END or r.words[i] in _ORGANISING:
                break
            if i in organiser_cues or i in cues:
                break
            person = next((s for s in r.spans_from(i) if s.kind is PERSON and s.key), None)
            if person is not None:
                if person.key not in found:
                    found.append(person.key or "")
                i = max(person.last, i + 1)
                continue
            i += 1
    return found


def _holds(reading: Reading, tokens: range) -> bool:
    """Whether a sentence says something was held («برگزار شد», "was held"): a sentence of
    organisers and no event's name («با همکاری X، مرکز … راه‌اندازی شد») tells of none."""
    return any(reading.words[i] in _HOLDING for i in tokens)


def _invites(reading: Reading, tokens: range) -> bool:
    """Whether a sentence tells of a visit or a stay at someone's invitation or as their guest
    («به دعوت …», «به میزبانی …», "at the invitation of", "hosted by"): an event of theirs."""
    starts = reading.starts(_HOSTING_CUES)
    return any(i in starts for i in tokens)


def _organises(reading: Reading, start: int, tokens: range) -> bool:
    """Whether a verb of organising follows within the clause («… برگزار شد»)."""
    for i in range(start, min(tokens.stop, start + 12)):
        if reading.tokens[i].text in (".", "\u061b", ";", ":"):
            return False
        if reading.words[i] in _ORGANISING:
            return True
    return False


def _sentence_organisers(reading: Reading, tokens: range, cues: list[int]) -> list[str]:
    r = reading
    organisers: list[str] = []
    lengths = r.starts(_ORGANISER_CUES)
    after = -1
    for i in cues:
        if i < after:
            continue
        n = lengths[i]
        found = _organisers(r, i + n, tokens)
        if found and _phrase_at(r.words, i, _WEAK_CUES) == n:
            last = max(s.last for k in found for s in r.mentions_of(k) if s.first >= i)
            if not _organises(r, last, tokens):
                found = []
        organisers.extend(k for k in found if k not in organisers)
        after = i + n
    organisers.extend(k for k in _subject_organisers(r, tokens) if k not in organisers)
    return organisers


def _subject_organisers(reading: Reading, tokens: range) -> list[str]:
    """The bodies that hold an event as the subject of an active verb: «خانه فرهنگ ایران با
    همکاری … کنفرانس … برگزار کرد», "The embassy and the city's
    university will hold a film week"."""
    r = reading
    verb = next(
        (
            i
            for i in tokens
            if r.words[i] in _HOLDING_ACTIVE
            and (
                (r.latin[i] and r.key(i - 1) not in _PASSIVE_EN)
                or (not r.latin[i] and v.is_light_verb(r.key(i + 1)) and r.key(i + 1) in _ACTIVE)
            )
        ),
        None,
    )
    if verb is None:
        return []
    first = tokens.start
    n = r.starts(_REPORT).get(first, 0)
    if n:  # «به گزارش X، …»
        first = next((k + 1 for k in range(first + n, verb) if r.tokens[k].text in _COMMAS), first)
    found: list[str] = []
    k = first
    while k < verb:
        span = r.span_at(k)
        if span is not None and span.kind is ORGANISATION and span.key:
            if span.key not in found:
                found.append(span.key)
            k = span.last
            continue
        if r.words[k] in _SUBJECT_JOINERS or r.tokens[k].text in ("'s", "\u2019s"):
            k += 1  # "ICRO and Iran's cultural attaché"
            continue
        if found and (after := _name_goes_on(r, k, verb)) > k:
            k = after  # "… Organization of Iran (ICRO) will hold": the body's name goes on
            continue
        break
    return found if found and k < verb and r.words[k] not in _NOT_SUBJECT else []


def _name_goes_on(r: Reading, k: int, stop: int) -> int:
    """Past what may follow a body's name before its verb: "of Iran", an abbreviation in
    brackets ("(ICRO)"); ``k`` when nothing does."""
    if r.words[k] == "of":
        place = r.span_at(k + 1)
        if place is not None and place.kind in (COUNTRY, CITY):
            return place.last
    if r.tokens[k].text == "(":
        close = next((j for j in range(k + 1, min(stop, k + 6)) if r.tokens[j].text == ")"), k)
        return close + 1 if close > k else k
    return k


def _by_sentence(reading: Reading, starts: dict[int, int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for i in sorted(starts):
        found.setdefault(reading.sentence_of[i], []).append(i)
    return found


def extract_events(reading: Reading, article_key: str, published: date | None) -> list[Event]:
    """Events with an organiser, a venue or a proper name; organisers as the text names them."""
    r = reading
    events: dict[str, Event] = {}
    dateline = r.dateline()
    starts = r.starts(_EVENT_HEADS)
    heads_in = _by_sentence(r, starts)
    cues_in = _by_sentence(r, r.starts(_ORGANISER_CUES))
    attending = {r.sentence_of[i] for i in r.starts(_ATTENDANCE)}
    previous: tuple[str, bool, str, int] | None = None
    for index in sorted(heads_in.keys() | cues_in.keys()):
        origin = index
        sentence = r.sentences[index]
        tokens = r.sentence_tokens(index)
        heads = [(i, starts[i]) for i in heads_in.get(index, []) if r.covered[i] is None]
        organisers = _sentence_organisers(r, tokens, cues_in.get(index, []))
        attendees = _attendees(r, tokens) if index in attending else []
        spans = r.spans_in(index)
        venue = next((s.key for s in spans if s.kind is VENUE and s.key), None)
        if heads:
            head, n = heads[0]
            label, proper = _event_label(r, head, n, tokens)
            named = (label, proper, " ".join(r.words[head : head + n]), index)
            back = _points_back(r, head, n, previous)
            if back is not None:
                label, proper, _word, origin = back
            else:
                previous = named
        elif organisers and (_holds(r, tokens) or _invites(r, tokens)):
            label, proper = _unnamed_event(r, tokens, cues_in.get(index, []), dateline), False
        else:
            continue
        if not (organisers or venue or proper or attendees):
            continue
        place = next(
            (
                s.key
                for s in spans
                if s.kind is CITY
                and s.source != "inner"
                and s.first not in dateline
                and r.words[s.first - 1] in (v.DAR, "in")
            ),
            None,
        )
        when = _date_said(r, index, published, weekdays=False)
        slug = slugify(label)
        if not proper:
            digest = hashlib.sha1(f"{article_key}#{origin}".encode()).hexdigest()[:8]
            slug = f"{slug}-{digest}"
        key = f"event/{slug}"
        kind = "event"
        if heads:
            head, n = heads[0]
            kind = _EVENT_KIND.get(r.words[head + n - 1]) or _EVENT_KIND.get(r.words[head], "event")
        known = events.get(key)
        if known is not None:
            merged = tuple(dict.fromkeys((*known.organisers, *organisers)))
            events[key] = Event(
                key,
                known.label,
                known.kind,
                merged,
                known.venue or venue,
                known.place or place,
                known.when or when,
                known.sentence,
                known.start,
                known.end,
                tuple(dict.fromkeys((*known.attendees, *attendees))),
            )
            continue
        events[key] = Event(
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
            tuple(attendees),
        )
    return list(events.values())


def _points_back(
    r: Reading, head: int, n: int, previous: tuple[str, bool, str, int] | None
) -> tuple[str, bool, str, int] | None:
    """ "An Iranian cultural week opened … . The event was organised by …": the event named
    before, when the head is a mere "event" or repeats the earlier head after "the", «این»."""
    if previous is None or head < 1 or r.words[head - 1] not in _BACK:
        return None
    word = r.words[head + n - 1]
    # «این هفته» after «هفته فیلم …»: the head repeats a word of the earlier one.
    if word in _ANAPHORS or word in previous[2].split():
        return previous
    return None


def _unnamed_event(reading: Reading, tokens: range, cues: list[int], dateline: set[int]) -> str:
    """A label for an event named by no head word: what the relative clause of its organiser
    describes («در شب موسیقی ایرانی که به همت … برگزار شد»), else the words the sentence opens
    with (past a dateline)."""
    r = reading
    for cue in cues:
        that = cue - 1
        if that <= tokens.start or r.words[that] != _THAT:
            continue
        start = that
        while start > tokens.start and start - 1 not in dateline and that - start < 6:
            previous = r.tokens[start - 1]
            if not previous.is_word or r.words[start - 1] in (v.DAR, "in"):
                break
            start -= 1
        if any(v.is_verb(r.words[i]) for i in range(start, that)):
            continue
        words = [r.tokens[i].text for i in range(start, that) if r.tokens[i].is_word]
        if len(words) >= 2:  # not a bare word, «مراسمی که …»
            return " ".join(words)
    words = [r.tokens[i].text for i in tokens if r.tokens[i].is_word and i not in dateline][:6]
    return " ".join(words) or lexicon.EVENT_FALLBACK_LABEL
