"""Titles and positions: a title ties a named person to a named organisation (W3C ORG).

A **title** is a role word with what completes it: a body («رئیس سازمان فرهنگ و
ارتباطات اسلامی», "head of ICRO", "ICRO head"), a place («شهردار کازان», "Tabriz Mayor",
"Iran's ambassador to Italy", «سفیر پرتغال در تهران»), a portfolio («وزیر فرهنگ عراق",
"Minister of Culture") or nothing ("the ambassador"). Its **holder** is the person named beside
it («ایلسور متشین شهردار کازان», "Liu Jianping, vice president of …", "Tabriz Mayor Yousef
Naderipour"), or, when a title opens a sentence without a name, the person who opens the next
one («شهردار اصفهان … . علی قاسم‌زاده گفت:»).

A **position** needs a holder and a body the article names: the body in the title, or the body a
place-title points to when the article names it somewhere («شهردار کازان» -> «شهرداری کازان»;
«سفیر ایران در چین» -> «سفارت جمهوری اسلامی ایران در پکن»; "Venezuela's Vice Minister of Culture"
-> "Venezuelan Ministry of Popular Power for Culture"). A title whose body is not named gives no
position, but its holder is still known: «شهردار تهران ادامه داد:» is the mayor named before.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import pairwise

from payvand.extract import vocabulary as v
from payvand.extract.gazetteer import Gazetteer
from payvand.extract.kinds import CITY, COUNTRY, ORGANISATION, PERSON, PROVINCE
from payvand.extract.reading import Reading, RoleSpan, Span, keys_of, phrase_keys
from payvand.model import EntityKind, Position
from payvand.text import lexicon
from payvand.text.normalise import match_key, squashed_key

_COMMA = frozenset({",", "\u060c"})
_EZAFE = "\N{ARABIC LETTER FARSI YEH}"
_FROM = match_key("\N{ARABIC LETTER ALEF}\N{ARABIC LETTER ZAIN}")
_QUOTES = frozenset("\u00ab\u00bb\"\u201c\u201d'")
_CUE_ENDS = _COMMA | {"\u061b", ";"}
_POSSESSIVE = frozenset({"'s", "\u2019s"})
_ARTICLES = frozenset({"the", "a", "an"})
_FIELD_EN = frozenset({"for", "on"})
# A bare title and the titles of the same office that name its portfolio.
_ROLE_FAMILIES: dict[str, tuple[str, ...]] = {"minister": ("culture-minister", "foreign-minister")}
_WITH = keys_of(frozenset({"\u0628\u0627", "with"}))
_LINKS_EN = frozenset({"of", "at", "to", "in", "for", "the", "and"})
_PLACES = (CITY, COUNTRY)
_ANAPHORS = keys_of(lexicon.ANAPHORS)
_REPORT = phrase_keys(lexicon.REPORT_CUES_FA | lexicon.REPORT_CUES_EN)
_ALSO_OTHER = keys_of(lexicon.ALSO_OTHER)
_TITLE_ENDS_FA = keys_of(lexicon.TITLE_ENDS_FA)
_PRONOUNS = keys_of(lexicon.PRONOUNS_FA | lexicon.PRONOUNS_EN)
_SUBUNITS_EN = keys_of(lexicon.SUBUNITS_EN)
# Units of a body whose position is the body's: "Head of the … Department".
_UNITS_EN = frozenset({"department", "section", "division", "unit", "desk"})
_UNIT_ENDINGS = tuple(_UNITS_EN)
_UNITS_FA = keys_of(lexicon.UNITS_FA)
_DEPUTY_ROLES = frozenset({"deputy", "qaem-maqam", "vice-chair", "adviser"})
_NO_HOLDER_LATER = frozenset({"reporter", "editor-in-chief"})
_CITY_BODIES = frozenset({"municipality", "council", "governorate"})
_CONSULAR_ROLES = frozenset({"consul", "consul-general"})
# Bodies a bare title («سفیر», "Mayor X") belongs to when the article names one of their kind.
_BARE_TITLE_BODIES = frozenset({"embassy", "municipality", "council", "cultural_counsellorship"})
_KIND_OF_NOUN: dict[str, str] = {
    key: kind for noun, kind in lexicon.ANAPHOR_NOUNS.items() for key in keys_of(frozenset({noun}))
}
# What body a place-title points to, by role id.
_BODY_OF_ROLE: dict[str, str] = {
    "mayor": "municipality",
    "deputy-mayor": "municipality",
    "ambassador": "embassy",
    "charge-d-affaires": "embassy",
    "consul-general": "embassy",
    "consul": "embassy",
    "cultural-counsellor": "cultural_counsellorship",
    "attache": "cultural_counsellorship",
    "minister": "ministry",
    "deputy-minister": "ministry",
    "culture-minister": "ministry",
    "foreign-minister": "ministry",
    "governor-general": "governorate",
    "governor": "governorate",
    "council-chair": "council",
}


@dataclass(slots=True)
class Title:
    """A role word with what completes it, and the person who holds it (when named)."""

    role: RoleSpan
    start: int
    end: int
    sentence: int
    org: Span | None
    places: list[str]
    portfolio: list[str]
    holder: str | None

    def __init__(  # spelt out: see reading.Span
        self,
        role: RoleSpan,
        start: int,
        end: int,
        sentence: int,
        org: Span | None = None,
        places: list[str] | None = None,
        portfolio: list[str] | None = None,
        holder: str | None = None,
    ) -> None:
        self.role = role
        self.start = start
        self.end = end
        self.sentence = sentence
        self.org = org
        self.places = [] if places is None else places
        self.portfolio = [] if portfolio is None else portfolio
        self.holder = holder

    @property
    def body_kind(self) -> str | None:
        role = self.role.role_id
        return _BODY_OF_ROLE.get(role) or _BODY_OF_ROLE.get(role.partition("-")[2])

    @property
    def office(self) -> tuple[str, str | None, tuple[str, ...]]:
        """What :meth:`same_as` compares: the role, the body and the places."""
        return (
            self.role.role_id,
            self.org.key if self.org is not None else None,
            tuple(self.places),
        )

    def same_as(self, other: Title) -> bool:
        """Whether two titles name the same office (same role, same body or places)."""
        if self.role.role_id != other.role.role_id:
            return False
        if self.org is not None and other.org is not None:
            return self.org.key == other.org.key
        if self.places and other.places:
            return bool(set(self.places) & set(other.places))
        return True


@dataclass(slots=True)
class _Body:
    """An organisation the article names, with what positions need to know of it."""

    key: str
    kind: str | None
    labels: set[str]
    places: set[str]

    def __init__(self, key: str, kind: str | None, labels: set[str], places: set[str]) -> None:
        self.key = key
        self.kind = kind
        self.labels = labels
        self.places = places


class _Context:
    def __init__(self, reading: Reading, gazetteer: Gazetteer) -> None:
        self.r = reading
        self.g = gazetteer
        self.dateline = reading.dateline()

    def place_of(self, i: int) -> str | None:
        """The place key a token names: a place span, or a demonym («ازبک», "Cuban")."""
        span = self.r.span_at(i)
        if (
            span is not None
            and span.key
            and (span.kind in _PLACES or (span.kind is PROVINCE and self.r.latin[i]))
        ):
            return span.key  # an English province too: "Governor of Ardabil province NAME"
        return self.g.demonyms.get(self.r.words[i])

    def expand(self, places: Iterable[str]) -> set[str]:
        """Places with the countries their cities lie in."""
        found = set(places)
        for key in list(found):
            entry = self.g.entry(key)
            if entry is not None and entry.kind is CITY and entry.located_in:
                found.add(entry.located_in)
        return found


# --- titles ---------------------------------------------------------------------------------------


def _complement_start(ctx: _Context, title: Title) -> tuple[int, list[str]]:
    """Where a title's body or place starts, and the portfolio words before it.

    «معاون بین الملل دانشگاه بلگراد», «مدیرکل ارتباطات و امور بین الملل شهرداری اصفهان», "deputy
    head for Quranic affairs at the …": up to six words, up to the first body or place, with no
    punctuation, verb, title or person between.
    """
    r = ctx.r
    i = title.role.last
    english = r.latin[title.role.first]
    j = i
    while j < len(r.tokens) and r.sentence_of[j] == title.sentence and j - i <= 6:
        span = r.span_at(j)
        if span is not None or ctx.place_of(j) is not None or _anaphor(ctx, j) is not None:
            if span is not None and span.kind is PERSON:
                break
            return j, [r.words[n] for n in range(i, j) if r.words[n] not in _LINKS_EN]
        if not r.tokens[j].is_word or r.role_end(j) > 0:
            break
        key = r.words[j]
        if (key in v.HOME_WORDS and not english) or v.is_verb(key) or key in v.PRONOUNS:
            return j, [r.words[n] for n in range(i, j)]
        if not english and key in _TITLE_ENDS_FA:
            break  # «وزیر فرهنگ و ارشاد اسلامی با یادآوری …»: the title ends at «با»
        if english and not r.capital[j] and key not in _LINKS_EN and not _portfolio_word(r, j):
            break  # "opened the …": a verb, not a portfolio
        j += 1
    # No body or place follows: English keeps capitalised words ("Minister of Culture"), or
    # the field after "for" ("state secretary for culture")
    if english:
        k = i
        words: list[str] = []
        while k < len(r.tokens) and r.sentence_of[k] == title.sentence and k - i < 4:
            if r.words[k] in _LINKS_EN:
                k += 1
                continue
            if not r.capital[k] or r.span_at(k) is not None:
                break
            words.append(r.words[k])
            k += 1
        if not words and r.key(i) == "for" and r.key(i + 1) in _PORTFOLIO_FIELDS_EN:
            words, k = [r.words[i + 1]], i + 2
        if words:
            title.end = k
        return -1, words
    return -1, []


def _subunit_of(r: Reading, k: int) -> bool:
    """A unit of a body in lower case, with the body after it: "department of", "office at"."""
    return (
        not r.capital[k]
        and r.words[k] in _SUBUNITS_EN
        and k + 1 < len(r.words)
        and r.words[k + 1] in ("of", "at")
    )


def _portfolio_word(r: Reading, j: int) -> bool:
    """A lowercase English word inside a title: "deputy head for Quranic affairs at …", "deputy
    mayor for international affairs of …" (up to three such words, then a link word)."""
    for k in range(j, min(j + 3, len(r.words) - 1)):
        key = r.words[k]
        if not r.tokens[k].is_word or key.endswith("ed") or key in v.STOP or v.is_verb(key):
            return False
        if r.words[k + 1] in ("at", "of", "for", "in"):
            return True
    return False


def _anaphor(ctx: _Context, i: int) -> Span | None:
    """«این شهر», «این دانشگاه», "the city", "the university": the last such entity before."""
    r = ctx.r
    if i + 1 >= len(r.tokens) or r.words[i] not in _ANAPHORS:
        return None
    noun = r.words[i + 1]
    after = r.words[i + 2] if i + 2 < len(r.words) else ""
    if after in _LINKS_EN or (
        r.latin[i] and i + 2 < len(r.tokens) and r.capital[i + 2] and _person(r, i + 2) is None
    ):
        # "the faculty of humanities", "the University Council": a name goes on ("Head of the
        # foundation Gholamali Haddad-Adel": a person's name does not)
        return None
    if r.latin[i] and noun in ("city", "town"):
        kinds: tuple[EntityKind, ...] = (CITY,)
    elif noun in v.CITY_CUES:
        kinds = (CITY,)
    else:
        kind = _KIND_OF_NOUN.get(noun)
        if kind is None:
            return _last_headed(ctx, i, noun)
        return _last_before(ctx, i, ORGANISATION, kind)
    return _last_before(ctx, i, *kinds)


def _bare_head(ctx: _Context, title: Title) -> Span | None:
    """«سجاد چهره‌آرا رئیس شورا» after «شورای اسلامی شهر خوی»: a title whose body is the bare
    word of a body's head, with no name after it, is of the last body so headed."""
    r = ctx.r
    k = title.role.last
    if r.latin[title.role.first] or k >= len(r.tokens) or r.sentence_of[k] != title.sentence:
        return None
    if r.span_at(k) is not None or not r.tokens[k].is_word:
        return None
    nxt = k + 1
    if (
        nxt < len(r.tokens)
        and r.sentence_of[nxt] == title.sentence
        and r.tokens[nxt].is_word
        and r.words[nxt] not in v.STOP
        and r.words[nxt] != v.VA
        and not v.is_verb(r.words[nxt])
        and r.span_at(nxt) is None
        and not r.role_end(nxt)
    ):
        return None  # «رئیس شورای …»: a name goes on
    return _last_headed(ctx, k - 1, r.words[k])


def _last_headed(ctx: _Context, i: int, noun: str) -> Span | None:
    """ "the department", «این سازمان»: the last body before ``i`` whose name has that head."""
    r = ctx.r
    ezafe = noun + _EZAFE  # «شورا» heads «شورای اسلامی شهر …»
    if (
        noun not in v.ORG_HEADS_EN
        and not v.ORG_HEADS_FA.at(r.words, i + 1)
        and ezafe not in v.ORG_HEADS_FA.first
    ):
        return None
    firsts, spans = r.ordered(ORGANISATION)
    for n in range(bisect_left(firsts, i) - 1, -1, -1):
        span = spans[n]
        words = r.words[span.first : span.last]
        if span.first in ctx.dateline or (noun not in words and ezafe not in words):
            continue
        return span
    return None


def _last_before(
    ctx: _Context, i: int, kind: EntityKind, subkind: str | None = None
) -> Span | None:
    r = ctx.r
    dateline = ctx.dateline
    firsts, spans = r.ordered(kind)
    for n in range(bisect_left(firsts, i) - 1, -1, -1):
        span = spans[n]
        if span.first in dateline or (subkind is not None and span.subkind != subkind):
            continue
        return span
    return None


def _complement(ctx: _Context, title: Title) -> None:
    """Read what follows the role word: portfolio words, then a body or places."""
    r = ctx.r
    i = title.role.last
    english = r.latin[title.role.first]
    if any(r.words[n] in v.HOME_WORDS for n in range(title.role.first, i)) and not english:
        title.places.append("country/ir")  # «رایزن فرهنگی کشورمان», «سفیر جمهوری اسلامی ایران»
    bare = _bare_head(ctx, title)
    if bare is not None:
        title.org = bare
        title.end = title.role.last + 1
        return
    j, portfolio = _complement_start(ctx, title)
    title.portfolio = portfolio
    if j < 0:
        return
    k = j
    found = False
    while k < len(r.tokens) and r.sentence_of[k] == title.sentence and k - j < 12:
        span = r.span_at(k)
        if span is not None and span.kind is ORGANISATION and span.key:
            if title.org is None:
                title.org = span
            found = True
            k = span.last
            continue
        place = ctx.place_of(k)
        if place is not None:
            after = span.last if span is not None else k + 1
            if after + 1 < len(r.tokens) and r.words[after + 1] == "based":
                k = after + 2  # "the Moscow-based Vostochnaya Literatura publishing house"
                continue
            title.places.append(place)
            found = True
            k = after
            continue
        anaphor = _anaphor(ctx, k)
        if anaphor is not None:
            if anaphor.kind is ORGANISATION:
                title.org = title.org or anaphor
            elif anaphor.key:
                title.places.append(anaphor.key)
            found = True
            k += 2
            continue
        key = r.words[k]
        if key in v.HOME_WORDS and not r.latin[k]:
            title.places.append("country/ir")
            found = True
            k += 1
            continue
        if r.latin[k] and _subunit_of(r, k):
            k += 1  # "head of the Persian department of Peking University": the body after it
            continue
        if key in (v.DAR, "in", "to", "of", "at", "the") and (
            found
            or ctx.place_of(k + 1) is not None
            or (k + 1 < len(r.tokens) and r.words[k + 1] == "the")
        ):
            k += 1
            continue
        break
    while k > j and r.words[k - 1] in (v.DAR, "in", "to", "of", "at", "the"):
        k -= 1
    if found:
        title.end = k


_PORTFOLIO_EN = frozenset({"culture", "cultural", "international", "national"})
# A minister's field written in lower case after "for": a ministry's portfolio word.
_PORTFOLIO_FIELDS_EN = frozenset({"culture", "education", "tourism", "heritage", "science"})
_TITLE_MODIFIERS_EN = frozenset({"metropolitan", "city", "municipal", "provincial"})


def _precomplement(ctx: _Context, title: Title) -> None:
    """English: "ICRO head", "Tabriz Mayor", "Iran's ambassador", "Cuban envoy"."""
    r = ctx.r
    j = title.role.first - 1
    if j < 0 or r.sentence_of[j] != title.sentence:
        return
    if r.tokens[j].text in _POSSESSIVE:
        j -= 1
    if j < 0 or r.sentence_of[j] != title.sentence:
        return
    span = r.span_at(j)
    if span is not None and span.kind is ORGANISATION and span.key:
        if title.org is None:
            title.org = span
        title.start = span.first
        return
    if r.words[j] in _TITLE_MODIFIERS_EN and j >= 1 and r.sentence_of[j - 1] == title.sentence:
        j -= 1  # "Ankara Metropolitan Mayor", "Tehran City Mayor"
        span = r.span_at(j)
    place = ctx.place_of(j)
    if place is not None:
        title.places.insert(0, place)
        title.start = span.first if span is not None else j
        return
    if r.words[j] in _ANAPHORS:
        j += 1  # "the city's mayor" as one role: its first word is the noun
    anaphor = _anaphor(ctx, j - 1) if j >= 1 and r.sentence_of[j - 1] == title.sentence else None
    if anaphor is not None and anaphor.key:
        # "the city's mayor", "the university's president": the town or body named before
        if anaphor.kind is ORGANISATION:
            title.org = title.org or anaphor
        else:
            title.places.insert(0, anaphor.key)
        title.start = j - 1


def _composed(r: Reading, roles: list[RoleSpan]) -> list[RoleSpan]:
    """«معاون فرماندار سن پترزبورگ», "Deputy Governor of …": a deputy's role before another role
    is one title, of the other role's body."""
    out: list[RoleSpan] = []
    for role in roles:
        before = out[-1] if out else None
        if (
            before is not None
            and before.role_id in _DEPUTY_ROLES
            and r.same_sentence(before.first, role.first)
            and _portfolio_between(r, before.last, role.first)
        ):
            out[-1] = RoleSpan(
                before.first,
                role.last,
                f"{before.role_id}-{role.role_id}",
                r.surface(before.first, role.last),
                f"{before.label_en} {role.label_en}" if before.label_en and role.label_en else None,
            )
            continue
        out.append(role)
    return out


def _portfolio_between(r: Reading, first: int, last: int) -> bool:
    """Whether only a deputy's portfolio stands between two titles: «معاونان اداری و مالی
    شهردار تبریز», «مشاور عالی شهردار تهران» (up to four words, no punctuation, verb or name)."""
    if last - first > 4 or last < first:
        return False
    return all(
        r.tokens[i].is_word and r.span_at(i) is None and not v.is_verb(r.words[i])
        for i in range(first, last)
    )


def _titles(ctx: _Context) -> list[Title]:
    r = ctx.r
    titles = []
    for role in _composed(r, sorted(r.roles, key=lambda x: x.first)):
        title = Title(role, role.first, role.last, r.sentence_of[role.first])
        _complement(ctx, title)
        if r.latin[role.first]:
            _precomplement(ctx, title)
        titles.append(title)
    return titles


# --- holders --------------------------------------------------------------------------------------


def _person(r: Reading, i: int) -> Span | None:
    span = r.span_at(i) if 0 <= i < len(r.tokens) else None
    return span if span is not None and span.kind is PERSON and span.key else None


def _skip_honorifics(r: Reading, i: int) -> int:
    while end := r.honorific_end(i):
        i = end
    return i


def _holder_beside(r: Reading, title: Title) -> str | None:
    sentence = title.sentence
    if r.latin[title.role.first]:
        # "President of ICRO Abouzar Ebrahimi-Torkan, Managing Director of …": in English a name
        # right after the title's body, with no comma, is its holder before any name before it
        k = _skip_honorifics(r, title.end)
        person = _person(r, k)
        if person is not None and person.first == k and r.sentence_of[k] == sentence:
            return person.key
    # Before: «ایلسور متشین شهردار کازان», «X، رئیس سازمان …», "X, vice president of …",
    # «"X" سفیر …», «X (عضو …)»
    j = title.start - 1
    if j >= 0 and r.sentence_of[j] == sentence and r.tokens[j].text in _COMMA | {"("}:
        j -= 1
    if j >= 0 and r.sentence_of[j] == sentence and r.tokens[j].text in _QUOTES:
        j -= 1
    if r.latin[title.role.first]:
        # "Ahmed al-Saadi, a reciter from Iraq", "X, the deputy head for Quranic affairs at …"
        k = title.start - 1
        steps = 0
        while k >= 0 and r.sentence_of[k] == sentence and steps < 4:
            if r.tokens[k].text in _COMMA:
                j = k - 1
                break
            if not r.tokens[k].is_word or r.span_at(k) is not None or r.words[k] == "and":
                break  # ("X, and the Serbian state secretary …": another person's title)
            k -= 1
            steps += 1
    person = _person(r, j)
    if person is not None and person.last == j + 1 and r.sentence_of[j] == sentence:
        return person.key
    # After: «رئیس شهرداری نبطیه، احمد کحیل», "Tabriz Mayor Yousef Naderipour"; not a name
    # with a title of its own after it ("…, the head of X, Hojatoleslam Y, the Iranian
    # ambassador …")
    k = _past_affairs(r, title)
    comma = k < len(r.tokens) and r.tokens[k].text in _COMMA
    if comma:
        k += 1
    person = _person(r, k)
    if person is None or person.first != k:
        # "Hojatoleslam X" (an honorific before the name), not "Seyyed Abbas Mousavi" (a name
        # that opens with one)
        k = _skip_honorifics(r, k)
        person = _person(r, k)
    if (
        person is not None
        and person.first == k
        and r.sentence_of[k] == sentence
        and not (comma and _titled_after(r, person))
    ):
        return person.key
    return None


def _past_affairs(r: Reading, title: Title) -> int:
    """Where an English title ends before a comma once the field it covers is read: "ICRO's
    deputy for international affairs, X", "adviser on cultural affairs, X" (lower-case words
    after «for» or «on», no name, title or punctuation among them); else its end."""
    k = title.end
    if not r.latin[title.role.first] or k >= len(r.tokens) or r.words[k] not in _FIELD_EN:
        return k
    j = k + 1
    while (
        j < len(r.tokens)
        and j - k <= 5
        and r.sentence_of[j] == title.sentence
        and r.tokens[j].is_word
        and not r.capital[j]
        and r.span_at(j) is None
        and not r.role_end(j)
    ):
        j += 1
    if j > k + 1 and j < len(r.tokens) and r.tokens[j].text in _COMMA:
        return j
    return k


def _titled_after(r: Reading, person: Span) -> bool:
    """Whether a comma and a title follow a person's name («X، رئیس …», "X, the ambassador")."""
    k = person.last
    if k >= len(r.tokens) or r.tokens[k].text not in _COMMA:
        return False
    k += 1
    while k < len(r.tokens) and r.words[k] in _ARTICLES:
        k += 1
    while k < len(r.tokens) and r.latin[k] and r.capital[k] and not r.role_end(k):
        k += 1  # "the Iranian ambassador"
        if k - person.last > 4:
            return False
    end = r.role_end(k)
    return end > 0 and not (r.latin[k] and _held_right_after(r, end))


def _held_right_after(r: Reading, k: int) -> bool:
    """Whether an English title ending at ``k`` (its body to come) is followed by its holder's
    name with no comma: "…, Wu Shangzhi, President of ICRO Abouzar Ebrahimi-Torkan, …" (so the
    title is Ebrahimi-Torkan's, not an apposition to the name before it)."""
    sentence = r.sentence_of[k - 1]
    steps = 0
    while k < len(r.tokens) and r.sentence_of[k] == sentence and steps < 12:
        span = r.span_at(k)
        if span is not None and span.first == k and span.kind is PERSON:
            return True
        if span is not None and span.kind is not PERSON:
            k = span.last
        elif (r.words[k] in _LINKS_EN and r.words[k] != "and") or (r.latin[k] and r.capital[k]):
            k += 1
        else:
            return False
        steps += 1
    return False


def _opens_sentence(r: Reading, title: Title) -> bool:
    """Whether only a dateline, a report cue («به گزارش X؛»), an article or punctuation precedes
    the title in its sentence."""
    tokens = r.sentence_tokens(title.sentence)
    for i in range(_after_report_cue(r, tokens), tokens.stop):
        if i >= title.start:
            return True
        if not r.tokens[i].is_word or r.words[i] in _ARTICLES or r.span_at(i) is not None:
            continue
        return False
    return True


def _after_report_cue(r: Reading, tokens: range) -> int:
    """The first token after «به گزارش X،» / "according to X," opening a sentence."""
    n = _REPORT.at(r.words, tokens.start) if tokens else 0
    if not n:
        return tokens.start
    for i in range(tokens.start + n, min(tokens.stop, tokens.start + n + 12)):
        if r.tokens[i].text in _CUE_ENDS:
            return i + 1  # «به گزارش X، …», «به گزارش «X» به نقل از Y؛ …»
        if r.tokens[i].text in _QUOTES and _person(r, i + 1) is not None:
            return i + 1  # «به گزارش روابط عمومی شهرداری تهران " رستم گل" و …»: no comma
    return tokens.start


def _subject(r: Reading, sentence: int) -> tuple[str | None, int]:
    """The person opening ``sentence`` (after «به گزارش X،», articles and honorifics), and the
    token where the subject starts."""
    tokens = r.sentence_tokens(sentence)
    if not tokens:
        return None, -1
    first = _after_report_cue(r, tokens)
    while first < tokens.stop and r.words[first] in _ARTICLES:
        first += 1
    first = _skip_honorifics(r, first)
    person = _person(r, first)
    return (person.key if person is not None and person.first == first else None), first


def _next_subject(r: Reading, title: Title, persons: set[int], titled: set[int]) -> str | None:
    """The person opening the sentence after a title that opens its own sentence.

    «شهردار اصفهان … خواند. علی قاسم‌زاده گفت:» -> علی قاسم‌زاده. A sentence between them
    that names nobody and no title is passed over: «… با حضور رئیس سازمان … گشایش یافت. این
    هفته به همت … برگزار می‌شود. حجت‌الاسلام … ایمانی‌پور گفت:».
    """
    nxt = title.sentence + 1
    while nxt < len(r.sentences) and nxt <= title.sentence + 2:
        person, _first = _subject(r, nxt)
        if person is not None or nxt in persons or nxt in titled:
            return person
        nxt += 1
    return None


def _met(r: Reading, title: Title) -> bool:
    """Whether a title stands after «با» (with) or "with" in a sentence that names a person
    before it: the other party of a meeting («X در دیدار با شهردار مشهد»)."""
    tokens = r.sentence_tokens(title.sentence)
    return r.key(title.start - 1) in _WITH and any(
        _person(r, k) is not None for k in range(tokens.start, title.start)
    )


def _topic(r: Reading, sentence: int) -> str | None:
    """The person the sentences before ``sentence`` speak of: the one opening the nearest of
    them, over sentences opened by «وی», «او», "he", "she"."""
    for earlier in range(sentence - 1, max(-1, sentence - 4), -1):
        person, first = _subject(r, earlier)
        if person is not None:
            return person
        if first < 0 or r.words[first] not in _PRONOUNS:
            return None
    return None


def _titles_as_anaphors(
    reading: Reading, titles: list[Title], held: dict[str, list[Title]]
) -> None:
    """A title opening a sentence, standing for the person spoken of: «اسماعیلی گفت: … . وی
    افزود: … . وزیر فرهنگ و ارشاد اسلامی … تأکید کرد:» -> اسماعیلی. «وزیر فرهنگ ازبکستان نیز
    …» (a title and «نیز») brings in someone else."""
    r = reading
    for title in titles:
        if title.holder is not None or title.role.role_id in _NO_HOLDER_LATER:
            continue
        if title.org is None and not title.places and not title.portfolio:
            continue
        if not _opens_sentence(r, title):
            continue
        if title.end < len(r.tokens) and r.words[title.end] in _ALSO_OTHER:
            continue
        person = _topic(r, title.sentence)
        others = [t for t in held.get(person or "", []) if t.org is not None or t.places]
        # (a person may hold two offices: the title standing for the speaker of the sentences
        # before, in a sentence of speech, is theirs — «رضایی … گفت: … . عضو شورای اسلامی شهر
        # یزد سپس … گفت:»)
        if person is not None and (
            all(title.same_as(t) for t in others)
            or _speaks(r, title.sentence)
            or title.role.role_id == "member"  # a membership beside an office
        ):
            title.holder = person
            held.setdefault(person, []).append(title)


def _speaks(r: Reading, sentence: int) -> bool:
    """Whether a sentence attributes speech: a Persian speech verb and a colon, or an English
    one."""
    tokens = r.sentence_tokens(sentence)
    for i in tokens:
        n = v.SPEECH_FA.at(r.words, i)
        if n and i + n < tokens.stop and r.tokens[i + n].text == ":":
            return True
        if r.latin[i] and r.words[i] in v.SPEECH_EN:
            return True
    return False


def _holders_in_next_sentence(reading: Reading, titles: list[Title]) -> None:
    """A title named without its holder, and the next sentence opening with a person.

    «… با حضور رئیس سازمان فرهنگ و ارتباطات اسلامی گشایش یافت. حجت‌الاسلام … ایمانی‌پور
    گفت:»: the title opening its sentence if one does, else the last one without a holder.
    """
    held: dict[str, list[Title]] = {}
    for t in titles:
        if t.holder:
            held.setdefault(t.holder, []).append(t)
    by_sentence: dict[int, list[Title]] = {}
    for title in titles:
        by_sentence.setdefault(title.sentence, []).append(title)
    persons = {reading.sentence_of[s.first] for s in reading.spans if s.kind is PERSON and s.key}
    titled = set(by_sentence)
    # role -> (holder, office) -> the first title so held (a later one adds nothing below)
    held_as: dict[str, dict[tuple[str, tuple[object, ...]], Title]] = {}
    for holder, ts in held.items():
        for t in ts:
            held_as.setdefault(t.role.role_id, {}).setdefault((holder, t.office), t)
    for sentence, found in sorted(by_sentence.items()):
        free = [t for t in found if t.holder is None and t.role.role_id not in _NO_HOLDER_LATER]
        if not free:
            continue
        opening = [t for t in free if _opens_sentence(reading, t)]
        title = opening[0] if opening else free[-1]
        if not opening and title.org is None and not title.places:
            continue
        if not opening and _met(reading, title):
            continue  # «X در دیدار با شهردار مشهد …»: the one X met, not who speaks next
        if title.org is not None or title.places:
            # «دبیرکل مجمع … ادامه داد:» after «دبیرکل مجمع … حمید شهریاری»: named before
            before: set[str] = set()
            for (p, _office), t in held_as.get(title.role.role_id, {}).items():
                if p not in before and t.start < title.start and title.same_as(t):
                    before.add(p)
                    if len(before) > 1:
                        break
            if len(before) == 1:
                named = title.holder = before.pop()
                held[named].append(title)
                held_as.setdefault(title.role.role_id, {}).setdefault((named, title.office), title)
                continue
        person = _next_subject(reading, title, persons, titled)
        offices = {  # one of each office (what :meth:`Title.same_as` compares)
            t.office: t for t in held.get(person or "", []) if t.org is not None or t.places
        }
        if person is not None and all(title.same_as(t) for t in offices.values()):
            title.holder = person
            held.setdefault(person, []).append(title)
            held_as.setdefault(title.role.role_id, {}).setdefault((person, title.office), title)
        del sentence
    _titles_as_anaphors(reading, titles, held)


def _coordinated_titles(r: Reading, titles: list[Title]) -> None:
    """ "X, director of the fair and deputy head of the Iran Book and Literature House": the
    second title after "and" (or «و») is held by the holder of the first."""
    ordered = sorted(titles, key=lambda t: t.start)
    for before, title in pairwise(ordered):
        if title.holder is not None or before.holder is None:
            continue
        last = max(before.role.last, before.end)  # its body and places included
        if before.sentence != title.sentence or title.start - last > 6:
            continue
        joiner = title.start - 1
        if joiner > last and r.words[joiner] in _ARTICLES:
            joiner -= 1  # "… the head of ICRO and the head of the Policy-Making Council"
        if joiner < last or r.words[joiner] not in ("and", v.VA):
            continue
        gap = range(last, joiner)
        if any(
            not r.tokens[i].is_word or v.is_verb(r.words[i]) or _person(r, i) is not None
            for i in gap
        ):
            continue
        title.holder = before.holder


def _who_heads(ctx: _Context, titles: list[Title]) -> None:
    """ "Ali Mohammadi-Rad, who heads the Cultural Counsellorship …": a title of head."""
    r = ctx.r
    head = next((role for role in ctx.g.role_list if role.id == "head"), None)
    if head is None:
        return
    for i in r.positions(("who",)):
        if i < 1 or i + 2 >= len(r.tokens):
            continue
        if r.words[i + 1] not in ("heads", "leads", "chairs", "directs"):
            continue
        j = _past_subunit(r, i + 2)
        span = r.span_at(j)
        if span is None or span.kind is not ORGANISATION or not span.key:
            continue
        k = i - 1
        if r.tokens[k].text in _COMMA:
            k -= 1
        person = _person(r, k)
        if person is None:
            continue
        role = RoleSpan(i + 1, i + 2, head.id, head.name_fa, head.name_en)
        titles.append(Title(role, i + 1, span.last, r.sentence_of[i], org=span, holder=person.key))


def _past_subunit(r: Reading, j: int) -> int:
    """Where the body starts from token ``j``, past articles and a unit of it in lower case ("the
    international affairs department of the Isfahan Municipality")."""
    while j < len(r.tokens) and r.words[j] in _ARTICLES:
        j += 1
    for k in range(j, min(j + 5, len(r.tokens))):
        if r.capital[k] or not r.tokens[k].is_word:
            break
        if _subunit_of(r, k):
            j = k + 2
            while j < len(r.tokens) and r.words[j] in _ARTICLES:
                j += 1
            break
    return j


def _listed_holders(ctx: _Context, title: Title) -> list[str]:
    """The persons listed before a plural title, or before «از» and one: «علی رضایی و حسن
    کاظمی معاونان شهردار یزد», «مریم نوری، رضا صالحی و مهدی کریمی از اعضای شورای اسلامی
    شهر»."""
    r = ctx.r
    plural = r.words[title.role.first] in ctx.g.plural_titles
    j = title.start - 1
    if j >= 0 and r.sentence_of[j] == title.sentence and r.words[j] == _FROM:
        j -= 1
    elif not plural:
        return []
    found: list[str] = []
    while j >= 0 and r.sentence_of[j] == title.sentence:
        person = _person(r, j)
        if person is not None and person.last == j + 1:
            if person.key not in found:
                found.insert(0, person.key or "")
            j = person.first - 1
            if j >= 0 and (r.tokens[j].text in _COMMA or r.words[j] == v.VA):
                j -= 1
                continue
        break
    return found if (plural or len(found) > 1) else []


def extract_titles(reading: Reading, gazetteer: Gazetteer) -> list[Title]:
    """Every title in the text, with its holder where the text names one."""
    ctx = _Context(reading, gazetteer)
    titles = _titles(ctx)
    for title in list(titles):
        listed = _listed_holders(ctx, title)
        if listed:
            title.holder = listed[0]
            titles.extend(replace(title, holder=other) for other in listed[1:])
            continue
        title.holder = _holder_beside(reading, title)
    _coordinated_titles(reading, titles)
    _holders_in_next_sentence(reading, titles)
    _who_heads(ctx, titles)
    titles.sort(key=lambda t: t.start)
    return titles


# --- positions ------------------------------------------------------------------------------------


def _bodies(ctx: _Context, mentioned: set[str]) -> list[_Body]:
    r, g = ctx.r, ctx.g
    bodies: dict[str, _Body] = {}
    for span in r.spans:
        if span.kind is not ORGANISATION or not span.key or span.key not in mentioned:
            continue
        body = bodies.get(span.key)
        if body is None:
            entry = g.entry(span.key)
            kind = span.subkind or (entry.subkind if entry else None)
            body = _Body(span.key, kind, set(), set())
            if entry is not None:
                body.labels.update(g.squashed_names(entry))
                if entry.located_in:
                    body.places.add(entry.located_in)
                if entry.subkind in ("embassy", "cultural_counsellorship") and entry.parent in (
                    "organisation/mfa",
                    "organisation/icro",
                ):
                    body.places.add("country/ir")
            bodies[span.key] = body
        body.labels.add(squashed_key(r.surface(span.first, span.last)))
        body.places.update(
            s.key
            for i in range(span.first, span.last)
            for s in r.spans_from(i)
            if s.kind in _PLACES and s.key and s.last <= span.last
        )
        body.places.update(
            d for i in range(span.first, span.last) if (d := ctx.g.demonyms.get(r.words[i]))
        )
        if any(r.words[i] in v.HOME_WORDS for i in range(span.first, span.last)):
            body.places.add("country/ir")  # «سفارت کشورمان», «رایزنی فرهنگی کشورمان»
    for body in bodies.values():
        body.places = ctx.expand(body.places)
    return list(bodies.values())


def _body_for(ctx: _Context, title: Title, bodies: list[_Body]) -> str | None:
    """The named body a title belongs to, or None."""
    if title.org is not None and title.org.key:
        parent = _parent_of_unit(ctx, title.org, bodies)
        if parent is not None:
            return parent  # "lecturer of the Department of … at Kazan Federal University"
        # «مدیرکل ارتباطات و امور بین‌الملل شهرداری اصفهان» -> the directorate, if named
        if title.portfolio:
            words = "".join(title.portfolio)
            parent = title.org.key
            for body in bodies:
                if (
                    body.key != parent
                    and any(words in label for label in body.labels)
                    and any(
                        squashed_key(ctx.r.surface(title.org.first, title.org.last)) in label
                        for label in body.labels
                    )
                ):
                    return body.key
        return title.org.key
    kind = title.body_kind
    if kind is None:
        return None
    places = title.places
    if not places and kind == "ministry":
        places = ["country/ir"]  # «وزیر فرهنگ و ارشاد اسلامی»: a minister of Iran's
    if not places:
        # "Ambassador X said" in an article that names one embassy: that embassy is his
        only = [b for b in bodies if _kind_matches(b.kind, kind)]
        if kind in _BARE_TITLE_BODIES and len(only) == 1 and _bare(ctx.r, title):
            return only[0].key
        return None
    wanted = ctx.expand(places)
    city_level = kind in _CITY_BODIES or title.role.role_id in _CONSULAR_ROLES
    if city_level and any(p.startswith("city/") for p in wanted):
        # a consul in Aktau serves at the consulate there, not at the embassy in the capital
        level = {p for p in wanted if p.startswith("city/")}
    else:
        level = {p for p in wanted if p.startswith("country/")}
    candidates = [b for b in bodies if _kind_matches(b.kind, kind) and level <= b.places]
    if kind == "ministry":
        portfolio = [w for w in (title.portfolio or _role_portfolio(ctx, title)) if w != v.VA]
        candidates = [
            b for b in candidates if portfolio and any(portfolio[0] in label for label in b.labels)
        ]
    if len(candidates) == 1:
        return candidates[0].key
    if len(candidates) > 1:
        # The one named nearest the title.
        return min(candidates, key=lambda b: _distance(ctx.r, b.key, title.start)).key
    return None


def _parent_of_unit(ctx: _Context, unit: Span, bodies: list[_Body]) -> str | None:
    """The body a unit belongs to: the one named right after it ("Department of Oriental
    Languages at Kazan Federal University"), or the one whose name it opens with ("Silk Road Media
    Persian Department" of "Silk Road Media Network"); in
    Persian, the body named inside the unit's name («گروه زبان فارسی دانشگاه ورشو», «دپارتمان
    علوم اسلامی این دانشگاه»)."""
    r = ctx.r
    if not r.latin[unit.first]:
        if r.words[unit.first] not in _UNITS_FA:
            return None
        inside = [
            s
            for s in r.spans_starting(unit.first + 1, unit.last)
            if s.kind is ORGANISATION and s.key and s.last <= unit.last
        ]
        if inside:
            return inside[-1].key
        back = _anaphor(ctx, unit.last) if unit.last < len(r.tokens) else None
        if back is not None and back.kind is ORGANISATION and back.key:
            return back.key  # «دپارتمان مطالعات شرقی این دانشگاه»
        return None
    if r.words[unit.first] not in _UNITS_EN and r.words[unit.last - 1] not in _UNITS_EN:
        return None
    k = unit.last
    if k < len(r.tokens) and r.words[k] in ("at", "of"):
        k += 1
        while k < len(r.tokens) and r.words[k] == "the":
            k += 1
        after = r.span_at(k)
        if after is not None and after.kind is ORGANISATION and after.key:
            return after.key
    words = [r.tokens[i].text for i in range(unit.first, unit.last) if r.tokens[i].is_word]
    if len(words) < 3:
        return None
    opening = squashed_key(" ".join(words[:2]))
    whole = squashed_key(" ".join(words))
    for body in bodies:
        if body.key == unit.key:
            continue
        if any(
            label.startswith(opening)
            and label != whole
            and len(label) > len(opening)
            and not label.endswith(_UNIT_ENDINGS)
            for label in body.labels
        ):
            return body.key
    return None


def _bare(r: Reading, title: Title) -> bool:
    """Whether nothing completes a title: a name, a verb or punctuation follows the role word
    ("Ambassador X said"), not a word that narrows it («شهردار منطقه ۵», a district's mayor)."""
    k = title.role.last
    if title.end > k or title.portfolio:
        return False
    if k >= len(r.tokens) or not r.same_sentence(k - 1, k) or not r.tokens[k].is_word:
        return True
    span = r.span_at(k)
    return (span is not None and span.kind is PERSON) or v.is_verb(r.words[k])


def _kind_matches(found: str | None, wanted: str) -> bool:
    if found == wanted:
        return True
    # «معاون فرماندار سن پترزبورگ» -> «دولت شهر سن پترزبورگ»; «استانداری …» is a body of state
    return wanted == "governorate" and found in ("government_body", "municipality")


def _role_portfolio(ctx: _Context, title: Title) -> list[str]:
    r = ctx.r
    return [
        r.words[i]
        for i in range(title.role.first + 1, title.role.last)
        if r.words[i] and r.words[i] not in _LINKS_EN and r.words[i] != v.VA
    ]


def _distance(r: Reading, key: str, token: int) -> int:
    return min((abs(s.first - token) for s in r.mentions_of(key)), default=10**6)


def extract_positions(
    reading: Reading, gazetteer: Gazetteer, mentioned: set[str], titles: list[Title]
) -> list[Position]:
    """Every (person, organisation, role) the text ties together; keys must be resolved already."""
    ctx = _Context(reading, gazetteer)
    bodies = _bodies(ctx, mentioned)
    found: dict[tuple[str, str], Position] = {}
    for title in titles:
        if title.holder is None:
            continue
        body = _body_for(ctx, title, bodies)
        if body is None or body not in mentioned:
            continue
        bounds = reading.sentences[title.sentence]
        found.setdefault(
            (title.holder, body),
            Position(
                title.holder,
                body,
                title.role.label,
                title.role.label_en,
                title.sentence,
                bounds.start,
                bounds.end,
                title.role.role_id,
            ),
        )
    return list(found.values())


class TitleIndex:
    """The titles of an article (in text order, as :func:`extract_titles` gives them), looked up
    by token: built once, after their holders are known."""

    def __init__(self, titles: list[Title]) -> None:
        self.titles = titles
        self._covering: dict[int, Title] = {}
        self._starting: dict[int, list[Title]] = {}
        self._by_role_first: dict[int, list[int]] = {}
        self._by_role: dict[str, list[int]] = {}
        for n, title in enumerate(titles):
            for k in range(title.start, title.end):
                self._covering.setdefault(k, title)
            self._starting.setdefault(title.start, []).append(title)
            self._by_role_first.setdefault(title.role.first, []).append(n)
            self._by_role.setdefault(title.role.role_id, []).append(n)

    def covering(self, i: int) -> Title | None:
        """The first title whose words (body and places included) hold token ``i``."""
        return self._covering.get(i)

    def starting(self, i: int) -> list[Title]:
        """The titles that start at token ``i``."""
        return self._starting.get(i, [])

    def any_role_in(self, first: int, last: int) -> bool:
        """Whether a role word starts at a token of ``[first, last)``."""
        return any(k in self._by_role_first for k in range(first, last))

    def holder_of(self, first: int, last: int) -> str | None:
        """The person who holds the title written at tokens ``[first, last)``.

        «رئیس سازمان … افزود:», «شهردار تهران ادامه داد:», "The ICRO chief noted", "the
        ambassador added": the holder of the same office named last before it.
        """
        here = sorted(n for k in range(first, last) for n in self._by_role_first.get(k, ()))
        for n in here:
            title = self.titles[n]
            if title.holder is not None:
                return title.holder
            for m in reversed(self._by_role[title.role.role_id]):
                other = self.titles[m]
                if other.start < title.start and other.holder and title.same_as(other):
                    return other.holder
            # "the minister added" after "Venezuela's Minister of Culture X": a minister's
            # title with its portfolio is the same office
            latest: Title | None = None
            for role in _ROLE_FAMILIES.get(title.role.role_id, ()):
                for m in self._by_role.get(role, ()):
                    other = self.titles[m]
                    if (
                        other.start < title.start
                        and other.holder
                        and (not title.places or set(title.places) & set(other.places))
                        and (latest is None or other.start > latest.start)
                    ):
                        latest = other
            if latest is not None:
                return latest.holder
        return None


def holder_of(titles: list[Title], first: int, last: int) -> str | None:
    """The person who holds the title written at tokens ``[first, last)`` (see
    :meth:`TitleIndex.holder_of`)."""
    return TitleIndex(titles).holder_of(first, last)
