"""Persons: names after honorifics, from known given names, beside titles, before speech verbs.

Each pass takes only tokens no earlier pass took:

1. an honorific before a name («حجت‌الاسلام والمسلمین محمدمهدی ایمانی‌پور», "Professor Zhao Ling");
2. a known given name and a surname («علی قاسم‌زاده», "Ali Ghasemzadeh");
3. a name beside a title: «ایلسور متشین شهردار کازان», «رئیس سازمان …، X», "Liu Jianping, vice
   president of Peking University", "Tabriz Mayor Yousef Naderipour";
4. a name as the subject of a speech verb: «وانگ لی بیان کرد:», "Zhao Ling said";
5. English names after cues ("met with X", "led by X"), and bylines ("By Negar Ahmadi",
   «خبرنگار: X»);
6. later mentions by surname («قاسم‌زاده»), or by the first word of a name when that word is no
   given name ("Wang" for "Wang Li").

New names need two words (or an honorific); a word that is an ordinary Persian word, a demonym, a
month or a verb is never taken without an honorific. A one-word town inside such a name is part of
the name («اوغور ابراهیم آلتای», "Liu Jianping").
"""

from __future__ import annotations

import re

from payvand.extract import vocabulary as v
from payvand.extract.gazetteer import Gazetteer
from payvand.extract.kinds import CITY, COUNTRY, ORGANISATION, PERSON
from payvand.extract.reading import Reading, Span, keys_of, phrase_keys
from payvand.text import lexicon
from payvand.text.normalise import ZWNJ, match_key

_COMMA = frozenset({",", "\u060c"})
# Between a name and its title: «X، رئیس …», «X (عضو …)».
_BEFORE_TITLE = _COMMA | {"("}
_QUOTES = frozenset("\u00ab\u00bb\"\u201c\u201d'\u2018\u2019")
_TITLED = keys_of(lexicon.TITLED_CUES)
# Words never inside a quoted name: «"احمد و محمود"» is two.
_INSIDE_NO_NAME = frozenset({v.VA, v.DAR, "از", "به", "با", "که", "را", "برای", "تا"})
_THIS = frozenset({"\u0627\u06cc\u0646"})
_HYPHEN = frozenset({"-", "\u2010", "\u2011"})
_ARTICLES = frozenset({"the", "a", "an"})
# The longest apposition between a speaker's name and the speech verb: "X, the … of Y, said".
_APPOSITION_WORDS = 16
_STAFF = frozenset(
    {"staff", "editorial", "desk", "team", "newsroom", "agency", "news", "reporters"}
)
_WHO_HEADS = frozenset({"heads", "leads", "chairs", "directs", "runs", "manages"})
_MAX_NAME = 4
_REPORT = phrase_keys(lexicon.REPORT_CUES_FA)
_PLURAL = re.compile("\u200c\u0647\u0627(?:\u06cc|\u06cc\u06cc)?$")  # «‌ها», «‌های», «‌هایی»
_CUE_ENDS = _COMMA | {"\u061b", ";"}
_DAR = "\u062f\u0631"  # «در»
# Agent participles run together with what they follow: «شرکتکننده», «برگزارکنندگان».
_AGENT_ENDINGS = (
    "\u06a9\u0646\u0646\u062f\u0647",
    "\u06a9\u0646\u0646\u062f\u06af\u0627\u0646",
    "\u062f\u0647\u0646\u062f\u0647",
)

_TOWN_PREPOSITIONS = frozenset({"to", "in", "of", "from", "at", v.DAR})


class _Names:
    """Token tests for names, with the gazetteer at hand."""

    def __init__(self, reading: Reading, gazetteer: Gazetteer) -> None:
        self.r = reading
        self.g = gazetteer
        self.heads = reading.starts(v.ORG_HEADS_FA)

    # -- token tests --------------------------------------------------------------------------

    def role_at(self, i: int) -> int:
        match = self.g.roles.match_at(self.r.words, i) if self.r.words[i] else None
        return match[0] if match else 0

    def given(self, i: int) -> bool:
        return self.g.is_given_name(self.r.words[i])

    def town(self, i: int) -> Span | None:
        """A one-word town (or a poet known by one word, «نوایی», «سعدی») at token ``i`` that may
        be part of a name around it («اوغور ابراهیم آلتای», «علیرضا نوایی»)."""
        span = self.r.span_at(i)
        if span is None or span.last - span.first != 1 or span.source != "gazetteer":
            return None
        return span if span.kind in (CITY, PERSON) else None

    def word(self, i: int, *, strict: bool, town: bool = False, inner: bool = False) -> bool:
        """Whether token ``i`` may be part of a person's name.

        ``strict`` (no honorific vouches for the name): ordinary Persian words are refused.
        ``town``: a one-word town is accepted (inside a name that has other words).
        ``inner``: not the first word, which may be a demonym or month («مارکو روسی»).
        """
        r = self.r
        if i < 0 or i >= len(r.tokens) or not r.tokens[i].is_word:
            return False
        if r.covered[i] is not None and not (town and self.town(i) is not None):
            return False
        key = r.words[i]
        if (len(key) < 2 and not inner) or key.isdigit() or key in v.STOP or key in v.BREAK:
            return False
        if key in v.EVENT_HEADS or self.role_at(i):
            return False
        if key in self.g.stoplist and not inner and not self.given(i):
            return False
        if r.latin[i]:
            return (
                r.capital[i]
                and key not in v.ORG_HEADS_EN
                and key not in v.VENUE_HEADS_EN
                and key not in v.NOT_NAMES_EN
            )
        if key in v.VENUE_HEADS_FA or i in self.heads or v.is_verb(key):
            return False
        if _glued(key, self.g.common_words) and not self.given(i):
            return False  # «درجمع»: «در جمع» with its space lost, no name
        if (
            key in v.AGENT_WORDS_FA
            or key in v.OCCUPATIONS_FA
            or key.endswith(_AGENT_ENDINGS)
            or (not inner and _PLURAL.search(r.tokens[i].text))
        ):
            # «نوید دهنده …», «رایزنی‌های …»: a participle, or a plural opening the words, is no
            # name (a family name may end so: «محمدحسین شفیعی‌ها»)
            return False
        return not (strict and key in self.g.common_words and not self.given(i))

    def run_after(self, i: int, *, strict: bool) -> int:
        """The end of a name starting at token ``i`` (``i`` itself when there is none)."""
        r = self.r
        if i >= len(r.tokens):
            return i
        latin = r.latin[i]
        j = i
        words = 0
        while j < len(r.tokens) and r.same_sentence(i, j) and words < _MAX_NAME:
            if latin and j > i and r.tokens[j].text in _HYPHEN and j + 1 < len(r.tokens):
                if r.capital[j + 1]:
                    j += 1
                    continue
                break
            if latin and r.words[j] in v.NAME_PARTICLES_EN and j > i:
                nxt = j + 1
                if nxt < len(r.tokens) and (r.capital[nxt] or r.tokens[nxt].text in _HYPHEN):
                    j += 1
                    continue
                break
            if r.latin[j] != latin or not self.word(j, strict=strict, town=j > i, inner=j > i):
                break
            j += 1
            words += 1
        while j > i and (r.tokens[j - 1].text in _HYPHEN or r.words[j - 1] in v.NAME_PARTICLES_EN):
            j -= 1
        if j > i and not strict and self.town(j - 1) is not None and j - 1 == i:
            return i
        return j

    def run_before(self, end: int, *, strict: bool) -> int:
        """The start of a name ending just before token ``end`` (``end`` when there is none)."""
        r = self.r
        j = end
        words = 0
        latin = r.latin[end - 1] if 0 < end <= len(r.tokens) else False
        while j - 1 >= 0 and r.same_sentence(j - 1, end - 1) and words < _MAX_NAME:
            k = j - 1
            if latin and r.tokens[k].text in _HYPHEN and k - 1 >= 0 and r.capital[k - 1]:
                j = k
                continue
            if latin and r.words[k] in v.NAME_PARTICLES_EN and words:
                j = k
                continue
            if r.latin[k] != latin or not self.word(k, strict=strict, town=True, inner=True):
                if not (k == end - 1 and r.words[k] in v.NAME_PRONOUN_PARTS and words == 0):
                    break
                # «ژانگ وی معاون شهردار نانجینگ»: «وی» closing a foreign name, not the pronoun
                if not self.word(k - 1, strict=True):
                    break
            j = k
            words += 1
        while j < end and (r.tokens[j].text in _HYPHEN or r.words[j] in v.NAME_PARTICLES_EN):
            j += 1
        if j < end - 1 and self.town(j) is not None and r.key(j - 1) in _TOWN_PREPOSITIONS:
            j += 1  # "Ambassador to Tehran Bakhtiyor Ibragimov": the town ends the title
        return j

    # -- adding ---------------------------------------------------------------------------------

    def plausible(self, first: int, last: int) -> bool:
        """Two words or more, not all towns, and no ordinary word at both ends."""
        r = self.r
        words = [
            i
            for i in range(first, last)
            if r.tokens[i].is_word and not (i > first and r.tokens[i - 1].text in _HYPHEN)
        ]
        if len(words) < 2:
            return False
        if all(self.town(i) is not None for i in words):
            return False
        head = r.words[words[0]]
        if _PLURAL.search(r.tokens[words[0]].text):
            return False
        return head not in v.NAME_PARTICLES_EN and not (
            head in self.g.stoplist and not self.given(words[0])
        )

    def add(self, first: int, last: int, source: str, titles: tuple[str, ...] = ()) -> Span:
        r = self.r
        for i in range(first, last):
            town = self.town(i)
            if town is not None:
                r.drop(town)
        span = Span(
            first,
            last,
            PERSON,
            label=r.surface(first, last),
            titles=titles,
            source=source,
        )
        r.add(span)
        return span


# --- 1 and 2: honorifics and given names ----------------------------------------------------------


def _honorifics_and_given_names(names: _Names) -> None:
    r, g = names.r, names.g
    given = g.given_names
    honorific_end = {start: (end, text, part) for start, end, text, part in r.honorific_spans}
    present = r.words_present()
    candidates = set(honorific_end) | set(
        r.positions(
            (present & given)
            | {w for w in present if w.startswith(v.NAME_PARTS_FA) or g.is_given_name(w)}
        )
    )
    for i in sorted(candidates):
        if r.covered[i] is not None or not r.tokens[i].is_word:
            continue
        titles: list[str] = []
        j = i
        while j in honorific_end:
            end, text, part = honorific_end[j]
            if part:
                break
            titles.append(text)
            j = end
            while j < len(r.tokens) and r.tokens[j].text == ".":
                j += 1
        name_start = j
        if titles:
            existing = r.span_at(j) if j < len(r.tokens) else None
            if existing is not None and existing.kind is PERSON:
                existing.titles = (*existing.titles, *titles)
                continue
            if j in honorific_end and honorific_end[j][2]:
                j = honorific_end[j][0]  # a name part («سید») belongs to the name
            elif names.role_at(i) and not names.word(j, strict=True):
                continue  # «یک استاد زبان فارسی»: a title that is also a word, before words
            end = names.run_after(j, strict=False)
            if end == j and names.town(j) is not None and _title_follows(names, j + 1):
                end = j + 1  # «دکتر چگنی، سفیر …»: a family name that is also a town, then a title
            elif end - name_start == 1 and names.town(name_start) is not None:
                continue
            if end > j:
                names.add(name_start, end, "honorific", tuple(titles))
            continue
        if j in honorific_end and honorific_end[j][2]:
            part_end = honorific_end[j][0]
            if r.latin[j] and part_end < len(r.tokens) and r.capital[part_end]:
                # "Sayyid Theyazin bin Haitham Al Said": a name part and capitalised words
                end = names.run_after(part_end, strict=False)
                if end - part_end >= 2:
                    names.add(j, end, "honorific")
            continue  # «سید» without a title: read with the given name that follows
        key = r.words[i]
        if key in v.NAME_PARTS_FA or names.given(i):
            _given_name(names, i)
    del g


def _glued(key: str, common: frozenset[str]) -> bool:
    """Whether a word is «در» and an ordinary word run together («درجمع», «درحاشیه»)."""
    return (
        len(key) > 4 and key.startswith(_DAR) and key not in common and key[len(_DAR) :] in common
    )


def _title_follows(names: _Names, i: int) -> bool:
    """Whether a title follows at token ``i``, after a comma or not."""
    r = names.r
    if i < len(r.tokens) and r.tokens[i].text in _COMMA and r.same_sentence(i - 1, i):
        i += 1
    return i < len(r.tokens) and r.same_sentence(i - 1, i) and bool(names.role_at(i))


def _given_name(names: _Names, i: int) -> None:
    """«علی قاسم‌زاده», «سید علی موسوی‌نسب», "Mohammad-Mehdi Imanipour"."""
    r, g = names.r, names.g
    start = i
    if r.words[i] in v.NAME_PARTS_FA and i + 1 < len(r.tokens):
        i += 1
    if not names.given(i) or r.words[i] in g.stoplist:
        return
    latin = r.latin[i]
    if latin and not r.capital[i]:
        return
    if (
        r.words[i] in g.common_words
        and i == start
        and not (i + 1 < len(r.tokens) and names.given(i + 1))
    ):
        return  # «امید», «فرهنگ»: a given name that is an ordinary word needs another beside it
    k = i
    while k < len(r.tokens) and names.given(k) and k - i < 3 and names.word(k, strict=False):
        k += 1
        if latin and k + 1 < len(r.tokens) and r.tokens[k].text in _HYPHEN and r.capital[k + 1]:
            k += 1
    end = k
    if latin and k < len(r.tokens) and r.words[k] in v.NAME_PARTICLES_EN:
        end = names.run_after(i, strict=False)  # "Ahmed al-Saadi", "Hassan bin Ali"
        if end <= k + 1:
            return
    elif latin and k < len(r.tokens) and r.latin[k] and names.word(k, strict=False, town=True):
        end = names.run_after(k, strict=False)
    elif not latin and k < len(r.tokens) and not r.latin[k]:
        end = _surname_end(names, k, _MAX_NAME - (k - start))
        if end == k and k - i < 2:
            return
    elif k - i < 2:
        return
    if end - start < 2:
        return
    # A given name that is an ordinary word just before: «عمران احمد صدیقی».
    before = start - 1
    if (
        before >= 0
        and r.same_sentence(before, start)
        and names.given(before)
        and names.word(before, strict=False)
        and (before == r.sentence_tokens(r.sentence_of[before]).start or _boundary(r, before - 1))
    ):
        start = before
    names.add(start, end, "given-name")


def _surname_end(names: _Names, k: int, room: int) -> int:
    """The end of the family name that starts at token ``k``, after given names: the words up to
    a real boundary («محمدرضا قلندر شریف شهردار مشهد», «احمد الشفا آدامو رئیس …», «علیرضا نوین
    که …»). An ordinary word («پیری», «نوین») is part of the name only where the name ends right
    after it, at punctuation, a function word, a verb or a title; anywhere else the name stops
    before it («محمدرضا فاضل مسئول خانه …» is «محمدرضا فاضل»)."""
    r, g = names.r, names.g
    j = k
    while (
        j < len(r.tokens)
        and j - k < room
        and r.same_sentence(k, j)
        and not r.latin[j]
        and names.word(j, strict=False, town=True, inner=True)
    ):
        if (
            r.words[j] in g.common_words
            and not names.given(j)
            and not _ends_name(names, j + 1, verb=False)
        ):
            break
        j += 1
    if j > k + 1 and not _ends_name(names, j, verb=True):
        # «سید خلیل عالی‌نژاد نوازنده فقید …»: no boundary in sight, one word is the name
        j = k + 1
        if j < len(r.tokens) and r.words[j] in v.SURNAME_PARTS and names.word(j, strict=False):
            j += 1  # «ایمانی پور»
    return j


def _ends_name(names: _Names, i: int, *, verb: bool) -> bool:
    """Whether a name may end before token ``i`` for certain: the sentence ends, or punctuation,
    a function word, a title, an honorific or (with ``verb``) a verb follows. An ordinary word
    before a verb is more likely the verb's own («شایان ذکر است»)."""
    r = names.r
    if i >= len(r.tokens) or not r.same_sentence(i - 1, i) or not r.tokens[i].is_word:
        return True
    key = r.words[i]
    if v.is_verb(key):
        return verb
    if r.latin[i] or key in v.STOP or key in v.ALSO_FA:
        return True
    return bool(names.role_at(i)) or r.honorific_end(i) > 0


def _boundary(r: Reading, i: int) -> bool:
    """Whether token ``i`` ends what precedes a name: punctuation, a function word, a title."""
    if i < 0 or not r.tokens[i].is_word:
        return True
    key = r.words[i]
    if r.latin[i] and (not r.capital[i] or key in v.NOT_NAMES_EN):
        return True
    return (
        key in v.STOP
        or key in v.BREAK
        or v.is_verb(key)
        or r.covered[i] is not None
        or r.in_role(i)
        or r.in_honorific(i)
    )


# --- 3: names beside titles -----------------------------------------------------------------------


def _complement_end(r: Reading, i: int) -> int:
    """The end of what follows a title: its body or place («شهردار کازان»، «سفیر ایران در چین»)."""
    j = i
    while j < len(r.tokens) and r.same_sentence(i, j) and j - i < 12:
        span = r.span_at(j)
        if span is not None and span.kind in (
            ORGANISATION,
            CITY,
            COUNTRY,
        ):
            j = span.last
            continue
        key = r.words[j]
        if key in (v.DAR, "in", "to", "of", "at", "for", "the") or key in v.HOME_WORDS:
            j += 1
            continue
        if key in _THIS and j + 1 < len(r.tokens) and v.ORG_HEADS_FA.at(r.words, j + 1):
            j += 2  # «معاون این دانشگاه»: the body named before
            continue
        break
    while j > i and r.words[j - 1] in (v.DAR, "in", "to", "of", "at", "for", "the"):
        j -= 1
    return j


def _appositions(names: _Names) -> None:
    r = names.r
    for role in list(r.roles):
        if r.latin[role.first]:
            _english_apposition(names, role.first, role.last)
            continue
        # «ایلسور متشین شهردار کازان», «محمدمهدی ایمانی‌پور، رئیس سازمان …»
        found = _name_before_title(names, role.first, role.last)
        if found is not None:
            names.add(*found, "apposition")
            continue
        # «رئیس شهرداری نبطیه، احمد کحیل»
        after = _complement_end(r, role.last)
        if after == role.last:
            continue
        if after < len(r.tokens) and r.tokens[after].text in _COMMA:
            after += 1
        stop = names.run_after(after, strict=True)
        if stop > after and names.plausible(after, stop) and _name_ends(r, stop):
            names.add(after, stop, "apposition")


def _name_before_title(names: _Names, first: int, last: int) -> tuple[int, int] | None:
    """A name written just before the title at tokens ``[first, last)``, or None.

    «ایلسور متشین شهردار کازان», «X، رئیس سازمان …», «X (عضو شورای …)», a quoted name («سرگئی
    چریومین» وزیر …), a name of ordinary words after a boundary when one word of it is none
    («بی‌بی فاطمه حقیر السادات رئیس …»), and a family name alone before a comma and a title of
    a body or a place («مادویان، رئیس دانشگاه …»).
    """
    r, g = names.r, names.g
    end = first
    if end - 1 >= 0 and r.same_sentence(end - 1, end) and r.tokens[end - 1].text in _BEFORE_TITLE:
        end -= 1
    comma = end < first
    if end - 1 >= 0 and r.same_sentence(end - 1, end) and r.tokens[end - 1].text in _QUOTES:
        end -= 1
        start = names.run_before(end, strict=False)
        if (
            end - start in (2, 3, 4)
            and start >= 1
            and r.tokens[start - 1].text in _QUOTES
            and names.plausible(start, end)
        ):
            return start, end  # «"عالم زاده" شهردار رشت …»: quotes bound a name of any words
    start = names.run_before(end, strict=True)
    if start < end and names.plausible(start, end):
        before = start - 1
        if _boundary(r, before) or r.words[before] in g.common_words:
            return start, end
    start = names.run_before(end, strict=False)
    if (
        start < end
        and names.plausible(start, end)
        and _boundary(r, start - 1)
        and (r.words[start] not in g.common_words or names.given(start))
        and any(
            r.words[k] not in g.common_words or names.given(k) or r.words[k] in v.SURNAME_PARTS
            for k in range(start, end)
            if r.tokens[k].is_word
        )
    ):
        return start, end
    one = end - 1
    if (
        comma
        and one >= 0
        and r.same_sentence(one, first)
        and len(r.words[one]) >= 3
        and names.word(one, strict=True)
        and not names.given(one)
        and _boundary(r, one - 1)
        and _complement_end(r, last) > last
    ):
        return one, end
    return None


def _name_ends(r: Reading, i: int) -> bool:
    """Whether a name may end before token ``i``: punctuation, a function word or a verb."""
    if i >= len(r.tokens) or not r.same_sentence(i - 1, i) or not r.tokens[i].is_word:
        return True
    key = r.words[i]
    return key in v.STOP or key in v.ALSO_FA or key in v.BREAK or v.is_verb(key)


def _english_apposition(names: _Names, first: int, last: int) -> None:
    r = names.r
    # "Tabriz Mayor Yousef Naderipour", "Ambassador Kazem Jalali", "Bosnian director Emir Kovač"
    if last < len(r.tokens) and r.latin[last] and r.capital[last]:
        end = names.run_after(last, strict=True)
        if end > last and names.plausible(last, end) and (r.capital[first] or end - last >= 2):
            names.add(last, end, "title")
            return
    # "the mayor of Ganja, Niyazi Bayramov, said", "ICRO's deputy for international affairs,
    # Hassan Ali Akbari Nasab, and …"
    if _title_then_name(names, last):
        return
    # "Liu Jianping, vice president of …", "Ahmed al-Saadi, a reciter from Iraq"
    j = first - 1
    steps = 0
    while j >= 0 and r.same_sentence(j, first) and steps < 4:
        token = r.tokens[j]
        if token.text in _COMMA:
            break
        if not token.is_word or (r.capital[j] and r.words[j] not in _ARTICLES and steps > 1):
            return
        j -= 1
        steps += 1
    if j < 0 or r.tokens[j].text not in _COMMA or not r.same_sentence(j, first):
        return
    start = names.run_before(j, strict=True)
    if start < j and names.plausible(start, j) and _boundary(r, start - 1):
        names.add(start, j, "apposition")


def _title_then_name(names: _Names, last: int) -> bool:
    """A name set off by commas after a title and its complement ("the counsellor, Hamidreza
    Mohammadi Tabar, said", "The mayor of Ganja, Niyazi Bayramov, attended"): two to four
    capitalised words that end at a comma, a speech verb or the end of the sentence. The
    complement holds no punctuation and no other title, so a list of titles and bodies
    ("the mayor, the governor and …") gives no name."""
    r = names.r
    comma = last
    while (
        comma < len(r.tokens)
        and comma - last < 10
        and r.same_sentence(last, comma)
        and (r.tokens[comma].is_word or r.tokens[comma].text in ("'", "\u2019"))
        and not (comma > last and names.role_at(comma))
    ):
        comma += 1
    if (
        comma >= len(r.tokens)
        or r.tokens[comma].text not in _COMMA
        or not r.same_sentence(last, comma + 1)
    ):
        return False
    start = comma + 1
    end = names.run_after(start, strict=True)
    words = sum(1 for k in range(start, end) if r.tokens[k].is_word)
    if not (2 <= words <= 4 and names.plausible(start, end)):
        return False
    if not (
        end >= len(r.tokens)
        or not r.same_sentence(start, end)
        or r.tokens[end].text in _COMMA
        or r.tokens[end].text in (".", "!", "?")
        or r.words[end] in v.SPEECH_EN
    ):
        return False
    names.add(start, end, "apposition")
    return True


# --- 4 and 5: subjects of speech verbs, cues and bylines ----------------------------------------


def _speech_subjects(names: _Names) -> None:
    r = names.r
    lone: dict[str, int] = {}  # family names speaking alone, and where they first do
    for sentence in r.sentences:
        tokens = r.sentence_tokens(sentence.index)
        if not tokens:
            continue
        first = tokens.start
        if r.latin[first]:
            _english_speakers(names, tokens, lone)
            continue
        first = _after_report_cues(r, first, tokens.stop)
        if first < tokens.stop and r.tokens[first].text in _QUOTES:
            first += 1
        if first >= tokens.stop:
            continue
        end = names.run_after(first, strict=True)
        if end - first == 1 and _said_with_colon(r, end, tokens.stop):
            lone.setdefault(r.words[first], first)  # «رحیموف نیز اظهار کرد:»
        if end - first < 2 or not names.plausible(first, end):
            end = _loose_speaker_end(names, first, tokens.stop)
            if end == first:
                continue
        j = end
        if j < tokens.stop and r.tokens[j].text in _QUOTES:
            j += 1  # «"عالم زاده" ابراز امیدواری کرد:»
        while j < tokens.stop and r.words[j] in v.ALSO_FA:
            j += 1
        if (
            j < tokens.stop
            and r.tokens[j].text in _COMMA
            and _apposed_speech(r, j + 1, tokens.stop)
        ):
            # «یلنا ایوانووا، منتقد سینما و مترجم فیلم‌های ایرانی نیز اظهار کرد:»
            names.add(first, end, "speaker")
            continue
        if v.SPEECH_FA.at(r.words, j) or (j < tokens.stop and r.words[j] == v.DAR):
            # «وانگ لی بیان کرد:», «خورخه مارتینز گفت که …», «X در این مراسم گفت»
            if j < tokens.stop and r.words[j] == v.DAR and not _speech_in(r, j, tokens.stop):
                continue
            names.add(first, end, "speaker")
    if lone:
        _named_before(names, lone)


def _said_with_colon(r: Reading, j: int, stop: int) -> bool:
    """Whether a speech verb and its colon follow from token ``j`` (after a closing quote and
    «نیز»; after where it was said: «X در دیدار با شهردار کازان اظهار کرد:»)."""
    while j < stop and (r.tokens[j].text in _QUOTES or r.words[j] in v.ALSO_FA):
        j += 1
    if r.key(j) == v.DAR:  # «میرزایف در ادامه افزود:», «… در این دیدار گفت:»
        j = next((k for k in range(j + 1, min(stop, j + 9)) if v.SPEECH_FA.at(r.words, k)), j)
    n = v.SPEECH_FA.at(r.words, j)
    return bool(n) and j + n < stop and r.tokens[j + n].text == ":"


def _named_before(names: _Names, lone: dict[str, int]) -> None:
    """A family name that speaks alone («رحیموف نیز اظهار کرد:», "Fauzi said") names a person:
    the full name written before it, which no other rule found («به ریاست اولوغ‌بیک رحیموف»,
    "Imanipour and Ahmad Fauzi reviewed"), is taken as one."""
    r = names.r
    for p in r.positions(lone):
        if p >= lone[r.words[p]] or r.covered[p] is not None:
            continue
        start = names.run_before(p + 1, strict=True)
        if 2 <= p + 1 - start <= 4 and names.plausible(start, p + 1) and _boundary(r, start - 1):
            names.add(start, p + 1, "speaker")


def _apposed_speech(r: Reading, start: int, stop: int) -> bool:
    """Whether an apposition from token ``start`` (no comma, no name of its own) ends in a speech
    verb with its colon: «…، منتقد سینما و مترجم نیز اظهار کرد:»."""
    for k in range(start, min(stop, start + _APPOSITION_WORDS)):
        span = r.covered[k]
        if r.tokens[k].text in _COMMA or (span is not None and span.kind is PERSON):
            return False
        n = v.SPEECH_FA.at(r.words, k)
        if n:
            return k > start and k + n < stop and r.tokens[k + n].text == ":"
    return False


def _loose_speaker_end(names: _Names, first: int, stop: int) -> int:
    """The end of a name of ordinary words opening a sentence and attributing speech with a
    colon («عالم زاده" ابراز امیدواری کرد:»): two or three words of which one is no ordinary
    word or a part of family names («زاده», «پور»); ``first`` when there is none."""
    r, g = names.r, names.g
    end = names.run_after(first, strict=False)
    if end == first and r.words[first] in g.stoplist:
        # «قاضی حبیب‌الرحمان … اظهار کرد:»: a family name that is also a place or a word
        # opens the name; the speech verb and its colon vouch for it
        end = names.run_after(first + 1, strict=False)
        if end == first + 1:
            return first
    elif not 2 <= end - first <= 3 or not names.plausible(first, end):
        return first
    if not 2 <= end - first <= 3:
        return first
    if not any(
        r.words[k] not in g.common_words or r.words[k] in v.SURNAME_PARTS for k in range(first, end)
    ):
        return first
    return end if _said_with_colon(r, end, stop) else first


def _after_report_cues(r: Reading, first: int, stop: int) -> int:
    """The first token after the report cues opening a sentence («به گزارش X از Y، به نقل از
    Z، …»): where its subject stands; ``first`` when no cue opens it."""
    while n := _REPORT.at(r.words, first):
        comma = next(
            (
                k
                for k in range(first + n, min(stop, first + n + 14))
                if r.tokens[k].text in _CUE_ENDS
            ),
            None,
        )
        if comma is None:
            return first
        first = comma + 1
    return first


def _speech_in(r: Reading, start: int, stop: int) -> bool:
    return any(v.SPEECH_FA.at(r.words, k) for k in range(start, min(stop, start + 8)))


def _english_speakers(names: _Names, tokens: range, lone: dict[str, int]) -> None:
    r = names.r
    for i in tokens:
        if r.words[i] not in v.SPEECH_EN or i == tokens.start:
            continue
        start = names.run_before(i, strict=True)
        if start == i - 1 and _boundary(r, start - 1):
            lone.setdefault(r.words[start], start)  # "Fauzi said"
        if start < i and names.plausible(start, i) and _boundary(r, start - 1):
            names.add(start, i, "speaker")
        elif r.tokens[i - 1].text in _COMMA:
            _apposed_speaker(names, tokens, i - 1)


def _apposed_speaker(names: _Names, tokens: range, close: int) -> None:
    """ "Ulugbek Rahimov, the hokim (governor) of Khiva, said": a name before an apposition that
    the comma at ``close`` ends, and a speech verb after it. The apposition opens with an article,
    a lower-case word or a title, never with another name (a list: "A, B, said")."""
    r = names.r
    k = close - 1
    while k > tokens.start and close - k <= _APPOSITION_WORDS and r.tokens[k].text not in _COMMA:
        if r.words[k] in v.SPEECH_EN:
            return
        k -= 1
    if k <= tokens.start or r.tokens[k].text not in _COMMA or k + 1 >= close:
        return
    opening = k + 1
    if r.capital[opening] and r.words[opening] not in _ARTICLES and not names.role_at(opening):
        return
    start = names.run_before(k, strict=True)
    if start < k and names.plausible(start, k) and _boundary(r, start - 1):
        names.add(start, k, "speaker")


def _english_cues(names: _Names) -> None:
    r = names.r
    cues = r.starts(v.PERSON_CUES_EN)  # (found once through the index of words)
    for i in range(len(r.tokens)):
        if not r.latin[i] or r.capital[i]:
            continue
        n = cues.get(i, 0)
        who = r.words[i] == "who" and i + 1 < len(r.tokens) and r.words[i + 1] in _WHO_HEADS
        if n:
            j = i + n
            while j < len(r.tokens) and r.words[j] in _ARTICLES:
                j += 1
            end = names.run_after(j, strict=True)
            if end > j and names.plausible(j, end):
                names.add(j, end, "cue")
        elif who and i - 1 >= 0 and r.tokens[i - 1].text in _COMMA:
            start = names.run_before(i - 1, strict=True)
            if start < i - 1 and names.plausible(start, i - 1):
                names.add(start, i - 1, "cue")


def _bylines(names: _Names) -> None:
    """ "By Negar Ahmadi", «خبرنگار: مریم صادقی‌نیا», «گزارش: سمانه میرحسینی»."""
    r, g = names.r, names.g
    for sentence in r.sentences:
        tokens = r.sentence_tokens(sentence.index)
        if not tokens or not r.in_header(tokens.start):
            continue
        j = tokens.start
        key = r.words[j]
        if key == "by" or key in v.BYLINE_CUES:
            j += 1
            if j < tokens.stop and r.tokens[j].text == ":":
                j += 1
            end = names.run_after(j, strict=False)
            words = {r.words[k] for k in range(j, end)}
            if (
                end > j
                and end == tokens.stop
                and names.plausible(j, end)
                and not words & _STAFF
                and not any(w in g.mastheads for w in words)
            ):
                names.add(j, end, "byline")


# --- 6: later mentions ---------------------------------------------------------------------------


def _surnames(names: _Names) -> None:
    """«ایمانی‌پور» after «محمدمهدی ایمانی‌پور»; "Wang" after "Wang Li" (no given name)."""
    r = names.r
    parts: dict[str, Span] = {}
    split: dict[str, tuple[str, Span]] = {}
    persons = sorted(
        (s for s in r.spans if s.kind is PERSON and s.last - s.first >= 2),
        key=lambda s: s.first,
    )
    for span in persons:
        words = [i for i in range(span.first, span.last) if r.tokens[i].is_word]
        if len(words) < 2:
            continue
        last = r.words[words[-1]]
        if len(last) >= 3:
            parts.setdefault(last, span)
        if len(words) >= 3 and not r.latin[words[-1]]:
            # «قلندرشریف» after «محمدرضا قلندر شریف»: a family name of two words written as one
            parts.setdefault(r.words[words[-2]] + last, span)
        head = words[0]
        if r.latin[head] and not names.given(head) and len(words) == 2:
            parts.setdefault(r.words[head], span)
        pieces = r.tokens[words[-1]].text.split(ZWNJ)
        if len(pieces) == 2 and not r.latin[words[-1]]:
            # «شاه محمدی» after «مرتضی شاه‌محمدی»: the family name written again with a space
            split.setdefault(match_key(pieces[0]), (match_key(pieces[1]), span))
    if split:
        _split_surnames(names, split)
    if not parts:
        return
    for i in r.positions(parts):
        person = parts.get(r.words[i])
        if person is None or person.first > i or (person.first <= i < person.last):
            continue
        covered = r.span_at(i)
        if covered is not None and covered is not names.town(i):
            continue
        if r.latin[i] and not r.capital[i]:
            continue
        if covered is not None:
            r.drop(covered)
        first = i
        if (
            r.latin[i]
            and i >= 2
            and r.tokens[i - 1].text in _HYPHEN
            and r.is_free(i - 2, i)
            and r.words[i - 2] in {r.words[k] for k in range(person.first, person.last)}
        ):
            first = i - 2  # "Molla-Abdollahi" after "Hossein Molla-Abdollahi"
        r.add(
            Span(
                first,
                i + 1,
                PERSON,
                key=person.key,
                label=person.label,
                titles=person.titles,
                source="surname",
            )
        )


def _split_surnames(names: _Names, split: dict[str, tuple[str, Span]]) -> None:
    r = names.r
    for i in r.positions(split):
        second, person = split[r.words[i]]
        j = i + 1
        if person.first <= i < person.last or j >= len(r.tokens) or r.words[j] != second:
            continue
        if not r.same_sentence(i, j):
            continue
        taken = r.span_at(i)
        if taken is not None and taken.kind is PERSON and (taken.first, taken.last) == (i, j + 1):
            r.drop(taken)  # «کاظمی فر افزود:» read as a name of its own: it is hers
        elif any(r.covered[k] is not None and r.covered[k] is not names.town(k) for k in (i, j)):
            continue
        for k in (i, j):
            town = names.town(k)
            if town is not None:
                r.drop(town)
        r.add(
            Span(
                i,
                j + 1,
                PERSON,
                key=person.key,
                label=person.label,
                titles=person.titles,
                source="surname",
            )
        )


def _quoted_names(names: _Names) -> None:
    """A name in quotes that opens with a given name: «" رستم گل" و هیئت همراه» (the quotes
    vouch for a family name that is also a word)."""
    r = names.r
    for q in range(len(r.tokens) - 3):
        if r.tokens[q].text not in _QUOTES:
            continue
        first = q + 1
        close = next(
            (
                k
                for k in range(first + 2, min(first + 4, len(r.tokens)))
                if r.tokens[k].text in _QUOTES
            ),
            None,
        )
        if close is None or not r.same_sentence(q, close):
            continue
        inside = range(first, close)
        follows = close + 1
        if (
            not names.given(first)
            or r.key(q - 1) in _TITLED  # «با عنوان «شهریار شهر یار»»: a title, not a name
            or r.words[first] in names.g.common_words  # «"فرهنگ امروز"»: an outlet's name
            or any(r.covered[k] is not None or not r.tokens[k].is_word for k in inside)
            or any(r.words[k] in _INSIDE_NO_NAME or v.is_verb(r.words[k]) for k in inside)
            or (
                not _name_ends(r, follows)
                and not names.role_at(follows)
                and r.words[follows] != v.VA
            )
        ):
            continue
        names.add(first, close, "quoted")


def recognise_persons(reading: Reading, gazetteer: Gazetteer) -> None:
    """Every person pass, in order."""
    names = _Names(reading, gazetteer)
    _honorifics_and_given_names(names)
    _quoted_names(names)
    _appositions(names)
    if reading.lang == "en" or any(reading.latin):
        _english_cues(names)
    _bylines(names)
    _speech_subjects(names)
    _surnames(names)
