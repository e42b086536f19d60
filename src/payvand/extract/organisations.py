"""Organisations no gazetteer holds, found by their head words, with the bodies named inside them.

Persian: a head word («دانشگاه», «وزارت», «رایزنی فرهنگی» …) and the words that name it, up to a
function word, a verb, a title or punctuation. A head whose name is a place takes only the place
(«شهرداری کازان», «سفارت پرتغال در تهران», «شورای شهر قم»). A name may hold another body and ends
with it («دانشکده مطالعات شرقی دانشگاه ساپینزا», «رایزنی فرهنگی سفارت جمهوری اسلامی ایران در
بغداد»), and may hold a list («وزارت فرهنگ، گردشگری و آثار باستانی عراق»).

English: a run of capitalised words (with "of", "and", "for", "the", "'s", commas in a list)
that holds a head word: "Isfahan Municipality's Department of International Relations", "Uzbek
Embassy in Tehran", "Kazan City Hall", "Vostochnaya Literatura publishing house".

Bodies named inside a longer name stay as mentions of their own; the places inside stay places.
An embassy, consulate, cultural counsellorship or municipality that the gazetteer holds is
resolved to its gazetteer entry through its places («رایزنی فرهنگی کشورمان در دوشنبه»).
"""

from __future__ import annotations

from payvand.extract import vocabulary as v
from payvand.extract.gazetteer import Gazetteer, GazetteerEntry
from payvand.extract.kinds import CITY, COUNTRY, ORGANISATION, PROVINCE
from payvand.extract.reading import Phrases, Reading, Span, keys_of, phrase_keys
from payvand.text import lexicon
from payvand.text.normalise import ZWNJ, match_key, squashed_key

_PLACE_HEADS = phrase_keys(lexicon.PLACE_HEADS_FA)
_WEAK_HEADS = phrase_keys(lexicon.WEAK_HEADS_FA)
_STRONG_HEADS = phrase_keys(lexicon.STRONG_HEADS_FA)
_KINDS: dict[tuple[str, ...], str] = {
    tuple(match_key(head).split()): kind for head, kind in lexicon.ORGANISATION_KINDS.items()
}
_VENUE_BEFORE = keys_of(lexicon.VENUE_BEFORE_AMBIGUOUS_HEAD_EN)
_AMBIGUOUS_EN = v.ORG_HEADS_EN & v.VENUE_HEADS_EN
_PLACE_MODIFIERS = keys_of(lexicon.PLACE_HEAD_MODIFIERS_FA)
_DEPARTMENTS = phrase_keys(lexicon.DEPARTMENT_HEADS_FA)
_CANONICAL = keys_of(lexicon.CANONICAL_HEADS)
_PLURAL_WORDS = keys_of(lexicon.PLURAL_SUFFIXES_FA)
_PLURAL = match_key("\u0647\u0627\u06cc")  # «های»: a plural with ezafe is no name
_COMMA = frozenset({",", "\u060c"})
_UNIVERSITY_WORDS = keys_of(lexicon.UNIVERSITY_HEADS_FA)
_POSSESSIVE = frozenset({"'s", "\u2019s"})
_CONNECTORS_EN = frozenset({"of", "and", "for", "the", "&", "de", "del", "di"})
# People of a body, before its name: "Students of …", "Members of …".
_PEOPLE_EN = frozenset(
    {
        "students",
        "members",
        "officials",
        "representatives",
        "professors",
        "delegates",
        "staff",
        "teachers",
        "scholars",
        "experts",
        "employees",
        "graduates",
        "alumni",
    }
)
# Courses named like schools.
_COURSES_EN = frozenset(
    {("summer", "school"), ("winter", "school"), ("spring", "school"), ("autumn", "school")}
)
# Bodies accredited to another: their names go on through "to".
_ACCREDITED_EN = frozenset({"delegation", "mission", "representation"})
# Councils named by their town: "the Municipal Council in Sanandaj".
_TOWN_COUNCILS_EN = frozenset({"municipal", "city", "town"})
# Stop words that end a run of capitalised words (the connectors above go on with one).
_RUN_STOPS_EN = v.STOP - _CONNECTORS_EN
_PLACES = (CITY, COUNTRY)
_EMBASSY_KINDS = ("embassy", "cultural_counsellorship")
_CONSULATES = keys_of(lexicon.CONSULATE_HEADS)
_COUNSELLORS_EN = frozenset({"counsellor", "counselor", "attache"})
# Bodies whose place is a town: a town they name is a town even if no gazetteer holds it.
_TOWN_BODY_KINDS = frozenset({"municipality", "council"})
_QUOTES = frozenset('\u00ab\u00bb"\u201c\u201d')
_MEDIA_EN = frozenset({"media", "news", "television", "tv", "broadcasting", "information"})
_REPRESENTATION_HEADS = phrase_keys(lexicon.REPRESENTATION_HEADS_FA)
# «نمایندگی»: after «دفتر» it names the same office («دفتر نمایندگی …»).
_GENERIC_HEADS = keys_of(
    frozenset(
        {
            "\N{ARABIC LETTER NOON}\N{ARABIC LETTER MEEM}\N{ARABIC LETTER ALEF}"
            "\N{ARABIC LETTER FARSI YEH}\N{ARABIC LETTER NOON}\N{ARABIC LETTER DAL}"
            "\N{ARABIC LETTER GAF}\N{ARABIC LETTER FARSI YEH}"
        }
    )
)
_BARE_HEADS = phrase_keys(lexicon.BARE_HEADS_FA)
_REGIONS = phrase_keys(lexicon.REGIONS_FA)
_AS = frozenset(tuple(match_key(p).split()) for p in lexicon.AS_FA)
_HOME_COUNTRY = keys_of(lexicon.HOME_COUNTRY_FA)
_YEH = "\N{ARABIC LETTER FARSI YEH}"
_RA = match_key("\N{ARABIC LETTER REH}\N{ARABIC LETTER ALEF}")


def _place(r: Reading, i: int) -> Span | None:
    span = r.span_at(i) if 0 <= i < len(r.tokens) else None
    return span if span is not None and span.kind in _PLACES and span.first == i else None


def _province(r: Reading, i: int) -> Span | None:
    """A province named at token ``i``: no place of its own here, but part of a body's name
    («اتاق بازرگانی استان کرمان», «نمایندگی المصطفی در خراسان»)."""
    span = r.span_at(i) if 0 <= i < len(r.tokens) else None
    return span if span is not None and span.kind is PROVINCE and span.first == i else None


def _org(r: Reading, i: int) -> Span | None:
    span = r.span_at(i) if 0 <= i < len(r.tokens) else None
    if span is not None and span.kind is ORGANISATION and span.first == i:
        return span
    return None


_ALEF_MADDA = "\u0622"


def _head(r: Reading, i: int, heads: Phrases = v.ORG_HEADS_FA) -> int:
    """The length of the organisation head at token ``i`` (0 if none, or a plural head)."""
    starts = r.starts(heads)
    if i not in starts:
        return 0
    n = starts[i]
    if r.latin[i] or r.covered[i] is not None:
        return 0
    if not n or not r.same_sentence(i, i + n - 1):
        return 0
    if r.words[i + n - 1].endswith(_PLURAL) and r.words[i + n - 1] != _PLURAL:
        return 0
    if r.words[i] in v.MADDA_HEADS_FA and not r.tokens[i].text.startswith(_ALEF_MADDA):
        return 0
    return n


def _kind(words: tuple[str, ...]) -> str | None:
    for n in range(len(words), 0, -1):
        kind = _KINDS.get(words[:n])
        if kind is not None:
            return kind
    return None


def _entry_span(r: Reading, first: int, end: int, entry: GazetteerEntry) -> Span:
    """The name of a body the gazetteer holds, as its entry."""
    return Span(
        first,
        end,
        ORGANISATION,
        key=entry.key,
        label=entry.label(r.lang),
        subkind=entry.subkind,
    )


def _written_span(r: Reading, first: int, end: int, kind: str | None) -> Span:
    """The name of a body no gazetteer holds, as the text writes it."""
    return Span(
        first,
        end,
        ORGANISATION,
        label=r.surface(first, end),
        subkind=kind,
        source="pattern",
    )


class _Bodies:
    def __init__(self, reading: Reading, gazetteer: Gazetteer) -> None:
        self.r = reading
        self.g = gazetteer

    # -- Persian -------------------------------------------------------------------------------

    def name_word(self, j: int) -> bool:
        """Whether token ``j`` may go on with a body's name.

        A noun of a light verb or a plural («همکاری‌های», «برگزاری», «نمایشگاه‌های») only inside
        a name, with a word of it after («اداره کل همکاری‌های فرهنگی», «ستاد برگزاری یادواره»);
        no word right before a verb it makes with («مرکز تحقیقات … راه‌اندازی شد», «دفاتر
        نمایندگی ایجاد کنیم»).
        """
        r = self.r
        if not r.tokens[j].is_word or r.covered[j] is not None:
            return False
        key = r.words[j]
        if key in v.STOP and key not in v.INNER_FA:
            return False
        if key.isdigit() or v.is_verb(key) or v.is_light_verb(r.key(j + 1)):
            return False
        if key not in self.g.plural_titles and r.role_end(j) > 0:
            return False  # (a plural title is a word of a name: «مجلس نمایندگان»)
        inner = key in v.BREAK or (key.endswith(_PLURAL) and key != _PLURAL)
        return not inner or self.goes_on(j + 1)

    def goes_on(self, j: int) -> bool:
        """Whether a name goes on at token ``j`` with a plain word (or «و» and one)."""
        r = self.r
        if j >= len(r.tokens) or not r.same_sentence(j - 1, j) or not r.tokens[j].is_word:
            return False
        key = r.words[j]
        if key == v.VA:
            return self.goes_on(j + 1)
        if r.covered[j] is not None:
            return _place(r, j) is not None or _org(r, j) is not None
        return not (key in v.STOP or key.isdigit() or v.is_verb(key) or r.latin[j])

    def place_name_end(self, start: int, head: tuple[str, ...]) -> int:
        """«شهرداری (کلان‌شهر) قونیه», «سفارت (جمهوری اسلامی) ایران در چین»."""
        r = self.r
        j = start
        while (
            j < len(r.tokens)
            and r.same_sentence(start, j)
            and _place(r, j) is None
            and r.words[j] in _PLACE_MODIFIERS
        ):
            j += 1
        if _kind(head) == "embassy" and j < len(r.tokens) and r.words[j] in _HOME_COUNTRY:
            return self.seat_after(j + 1)  # «سفارت کشورمان (در …)»
        place = _place(r, j) or self.unknown_place(j, head)
        if place is None:
            return start
        j = place.last
        embassy = _kind(head) == "embassy"
        if embassy and r.words[j : j + 1] == [v.DAR] and _place(r, j + 1) is not None:
            j = _place(r, j + 1).last  # type: ignore[union-attr]
        return j

    def unknown_place(self, j: int, head: tuple[str, ...]) -> Span | None:
        """A town no gazetteer holds, named by the body of its own («شهرداری «آرماویر»»,
        «استانداری شیراک»): one word (quoted or not) that is no ordinary word, no function word and
        no verb, then the end of the name. A municipality's or a council's place is a town; a
        governorate's a province. Embassies name countries, which the gazetteer holds all of."""
        r = self.r
        kind = _kind(head)
        if kind not in _TOWN_BODY_KINDS and kind != "governorate":
            return None
        quoted = j < len(r.tokens) and r.tokens[j].text in _QUOTES
        k = j + 1 if quoted else j
        if k >= len(r.tokens) or not r.same_sentence(j, k) or not r.tokens[k].is_word:
            return None
        key = r.words[k]
        if (
            r.covered[k] is not None
            or r.latin[k]
            or len(key) < 3
            or key in self.g.common_words
            or key in v.STOP
            or key in v.BREAK
            or v.is_verb(key)
            or _head(r, k)
            or r.role_end(k) > 0
        ):
            return None
        end = k + 1
        if quoted and (end >= len(r.tokens) or r.tokens[end].text not in _QUOTES):
            return None
        after = end + 1 if quoted else end
        if (
            after < len(r.tokens)
            and r.same_sentence(k, after)
            and self.name_word(after)
            and r.words[after] not in self.g.common_words
        ):
            return None  # two unknown words: a name this reading cannot tell
        place = Span(
            k,
            end,
            PROVINCE if kind == "governorate" else CITY,
            label=r.surface(k, end),
            source="named-by-body",
        )
        r.add(place)
        return place

    def name_end(self, start: int, head: tuple[str, ...], depth: int = 0) -> tuple[int, list[Span]]:
        """Where a name after a head ends, and the bodies named inside it."""
        r = self.r
        if head in _PLACE_HEADS:
            return self.place_name_end(start, head), []
        inner: list[Span] = []
        j = start
        words = 0
        represents = head in _REPRESENTATION_HEADS
        while j < len(r.tokens) and r.same_sentence(start, j) and words < 9:
            token = r.tokens[j]
            place = _place(r, j) or _province(r, j)
            if place is not None:
                j = place.last
                words += 1
                if represents and self.seat_after(j) > j:
                    j = self.seat_after(j)  # «رایزنی فرهنگی ایران در استانبول»
                    break
                if not self.goes_on_after_place(j):
                    break  # «وزارت فرهنگ جمهوری تاجیکستان آماده است»
                continue
            org = _org(r, j)
            if org is not None:
                inner.append(org)  # «… شهرداری اصفهان»: ends with a body of its own
                j = org.last
                if represents:
                    j = self.seat_after(j)  # «نمایندگی جامعه المصطفی در ژوهانسبورگ»
                break
            if token.text in _QUOTES and words < 8 and self.quoted_name(j) > j:
                j = self.quoted_name(j)  # «دانشگاه «آسوار»»
                words += 1
                continue
            if represents and r.words[j] in v.HOME_WORDS:
                j += 1  # «رایزنی فرهنگی کشورمان (در قطر)»
                words += 1
                if self.seat_after(j) > j:
                    j = self.seat_after(j)
                    break
                continue
            n = _head(r, j)
            if n and j > start and depth < 2:
                end, deeper = self.name_end(j + n, tuple(r.words[j : j + n]), depth + 1)
                if self.acceptable(j, j + n, end):
                    inner.append(self.span(j, j + n, end))
                    inner.extend(deeper)
                    j = end
                break
            if token.text in _COMMA and self.list_follows(j + 1):
                j += 1
                continue
            if not token.is_word:
                break
            key = r.words[j]
            if key == v.VA:
                if (
                    j + 1 < len(r.tokens)
                    and self.name_word(j + 1)
                    and not _head(r, j + 1)
                    and r.words[j + 1] not in v.BREAK  # «… کینوتکا و همکاری اداره‌کل …»
                ):
                    j += 1
                    continue
                break
            if not self.name_word(j):
                if represents and j > start:
                    j = self.seat_after(j)  # «نمایندگی جامعه المصطفی در ژوهانسبورگ»
                break
            j += 1
            words += 1
        if (
            j - start >= 2
            and r.words[j - 1] in self.g.common_words
            and r.key(j) in v.copula_keys()
            and _place(r, j - 1) is None
        ):
            j -= 1  # «دانشگاه شیراگاتسی آماده است»: an ordinary word before «است» is the predicate
        named = any(
            r.tokens[k].is_word and r.words[k] not in v.GENERIC and r.words[k] not in v.INNER_FA
            for k in range(start, j)
        )
        while (
            j > start
            and (
                r.words[j - 1] in v.INNER_FA
                # an adjective after a name word is the name's own («روابط اقتصادی خارجی و
                # بین‌المللی»); a possessive or a determiner is not («سازمان‌های مربوط»)
                or (r.words[j - 1] in v.GENERIC and not (named and r.words[j - 1].endswith(_YEH)))
            )
            and _place(r, j - 1) is None
            and not any(s.last == j for s in inner)
        ):
            j -= 1
        return j, inner

    def seat_after(self, j: int) -> int:
        """The end of «در <place>» at token ``j``, where a mission or an office sits (a town, a
        country, a province or a region; ``j`` when there is none)."""
        r = self.r
        if j + 1 < len(r.tokens) and r.words[j] == v.DAR and r.same_sentence(j, j + 1):
            place = _place(r, j + 1) or _province(r, j + 1)
            if place is not None:
                return place.last
            n = _REGIONS.at(r.words, j + 1)
            if n and r.is_free(j + 1, j + 1 + n):
                return j + 1 + n
        return j

    def quoted_name(self, j: int) -> int:
        """The end of a quoted name of one to four words at token ``j`` (``j`` when none)."""
        r = self.r
        k = j + 1
        while k < len(r.tokens) and r.same_sentence(j, k) and k - j <= 4 and r.tokens[k].is_word:
            k += 1
        if k > j + 1 and k < len(r.tokens) and r.tokens[k].text in _QUOTES:
            return k + 1
        return j

    def goes_on_after_place(self, j: int) -> bool:
        """After a place, a name goes on only into another place, a body or a head."""
        r = self.r
        if j >= len(r.tokens) or not r.tokens[j].is_word:
            return False
        if _place(r, j) is not None or _org(r, j) is not None or _head(r, j):
            return True
        return r.words[j] == v.DAR and _place(r, j + 1) is not None

    def list_follows(self, j: int) -> bool:
        """After a comma: a list of words closed by «و» («فرهنگ، گردشگری و آثار»)."""
        r = self.r
        k = j
        while k < len(r.tokens) and k - j < 4:
            if r.words[k] == v.VA:
                return k > j
            if not self.name_word(k) and _place(r, k) is None:
                return False
            k += 1
        return False

    def acceptable(self, first: int, name_start: int, end: int) -> bool:
        """Whether the words after a head make a name."""
        r = self.r
        head = tuple(r.words[first:name_start])
        names = [r.words[k] for k in range(name_start, end) if r.tokens[k].is_word]
        if not names:
            return False
        has_place = any(
            _place(r, k) is not None or _province(r, k) is not None for k in range(name_start, end)
        ) or (head in _REPRESENTATION_HEADS and any(k in v.HOME_WORDS for k in names))
        has_org = any(_org(r, k) is not None for k in range(name_start, end))
        if names[0] == v.VA or names[0] in _PLURAL_WORDS or names[0] in v.AGENT_WORDS_FA:
            return False  # «سازمان و نمایندگان», «کتابخانه های دانشگاهی», «شرکت کنندگان»
        if (
            head in _DEPARTMENTS
            and not any(
                s.subkind == "university"
                for s in self.r.spans_starting(name_start, end)
                if s.kind is ORGANISATION
            )
            and not any(self.r.words[k] in _UNIVERSITY_WORDS for k in range(name_start, end))
        ):
            return False
        if all(k in v.GENERIC or k in v.INNER_FA for k in names) and not (has_place or has_org):
            return False
        weak = head in _WEAK_HEADS
        if weak and first > 0 and _place(r, first - 1) is not None:
            return False  # «کازان مرکز جمهوری تاتارستان»
        if weak and names[0] in v.COUNTRY_CUES:
            return False
        placed = [k for k in range(name_start, end) if r.tokens[k].is_word and r.covered[k] is None]
        if (
            weak
            and has_place
            and not has_org
            and head not in _REPRESENTATION_HEADS
            and all(r.words[k] in v.PROVINCE_CUES or r.words[k] in v.CITY_CUES for k in placed)
        ):
            return False  # «صداوسیمای مرکز اردبیل», «مرکز استان گیلان»: a province's centre
        if len(names) != 1 or has_place or has_org:
            return True
        word = names[0]
        if word in self.g.common_words:
            # «آکادمی علوم این کشور»: an ordinary word names a body of a strong head where the
            # name plainly ends after it
            return head in _STRONG_HEADS and self.name_closes(end)
        # «مرکز ایران‌شناسی»: another head with a word that is no ordinary word, and no
        # adjective or indefinite noun («کمیته مشترکی», «دانشکده قطعاتی را …»)
        written = r.tokens[next(k for k in range(name_start, end) if r.tokens[k].is_word)].text
        return head in _STRONG_HEADS or (
            word not in v.GENERIC
            and len(word) >= 4
            and (not word.endswith(_YEH) or ZWNJ in written)
            and r.key(end) != _RA
        )

    def name_closes(self, end: int) -> bool:
        """Whether a name plainly ends before token ``end``: punctuation, a function word, a
        place or a body; not a verb, which an ordinary word may be the predicate of («دانشگاه
        دایر است»)."""
        r = self.r
        if end >= len(r.tokens) or not r.same_sentence(end - 1, end) or not r.tokens[end].is_word:
            return True
        key = r.words[end]
        if v.is_verb(key) or key in v.copula_keys():
            return False
        return key in v.STOP or r.covered[end] is not None

    def span(self, first: int, name_start: int, end: int) -> Span:
        r = self.r
        head = tuple(r.words[first:name_start])
        kind = _kind(head)
        canonical = (
            self.canonical(kind, name_start, end) if kind and "".join(head) in _CANONICAL else None
        )
        if canonical is not None:
            return _entry_span(r, first, end, canonical)
        known = self.known_acronym(name_start, end)
        if known is not None:
            return _entry_span(r, first, end, known)  # «سازمان UCLG»: the body the gazetteer knows
        return _written_span(r, first, end, kind)

    def known_acronym(self, first: int, end: int) -> GazetteerEntry | None:
        """The gazetteer's body whose short name in Latin letters is the whole name after a head."""
        r = self.r
        if end - first != 1 or not r.latin[first] or not r.tokens[first].text.isupper():
            return None
        for m, values in self.g.names.matches_at(r.words, first):
            if m != 1:
                continue
            for key in values:
                entry = self.g.entry(key)
                if entry is not None and entry.kind is ORGANISATION:
                    return entry
        return None

    def canonical(self, kind: str | None, first: int, last: int) -> GazetteerEntry | None:
        """The gazetteer's municipality, embassy or counsellorship a name points to."""
        r = self.r
        places = sorted(
            (s for s in r.spans_starting(first, last) if s.kind in _PLACES and s.last <= last),
            key=lambda s: s.first,
        )
        home = any(r.words[i] in v.HOME_WORDS for i in range(first, last))
        if any(_org(r, i) is not None for i in range(first, last)) and kind != (
            "cultural_counsellorship"
        ):
            return None
        if kind == "municipality" and len(places) == 1 and places[0].kind is CITY:
            target = places[0].key
        elif any(r.words[i] in _CONSULATES for i in range(first, last)):
            return None  # a consulate in Milan is not the embassy in Rome
        elif kind in _EMBASSY_KINDS and places and (len(places) >= 2 or home):
            sender = places[0].key if len(places) >= 2 else "country/ir"
            if sender != "country/ir":
                return None  # a foreign embassy: the gazetteer holds Iran's
            host = self.g.entry(places[-1].key or "")
            if host is None:
                return None
            target = host.located_in if host.kind is CITY else host.key
        else:
            return None
        for key in self.g.bodies_in.get((kind or "", target or ""), []):
            entry = self.g.entry(key)
            if entry is not None:
                return entry
        return None

    def persian(self) -> None:
        r = self.r
        candidates = sorted(r.starts(v.ORG_HEADS_FA))
        done = 0
        for i in candidates:
            if i < done:
                continue
            n = _head(r, i)
            if not n:
                continue
            head = tuple(r.words[i : i + n])
            if i >= 2 and tuple(r.words[i - 2 : i]) in _AS and r.same_sentence(i - 2, i):
                continue  # «… به عنوان مرکز دیپلماسی عمومی …»: what the subject is, no body
            end, inner = self.name_end(i + n, head)
            if (
                end <= i + n
                and head in _BARE_HEADS
                and not self.name_word(i + n)
                and i > r.sentence_tokens(r.sentence_of[i]).start
                and r.tokens[i - 1].is_word
            ):
                end = i + n  # «از اعضای شورای اسلامی شهر،»: the council, its town unnamed
            elif end <= i + n or not self.acceptable(i, i + n, end):
                continue
            within = self.bodies_within(i + n, end)
            add_nested(r, self.span(i, i + n, end), inner + within)
            done = end

    def bodies_within(self, first: int, end: int) -> list[Span]:
        """A body named inside a body's name, to nest in it: «بخش فرهنگی استانداری شیراک»
        names the governorate too."""
        r = self.r
        for k in range(first, end):
            if r.covered[k] is not None or not (n := _head(r, k)):
                continue
            inner_end, _inner = self.name_end(k + n, tuple(r.words[k : k + n]))
            if k == first and inner_end == end and n == 1 and r.words[k] in _GENERIC_HEADS:
                # «دفتر نمایندگی گردشگری یزد در بخارا»: a head of a generic unit right after
                # the head, the rest shared, is one body named with two heads
                return []
            if k + n < inner_end <= end and self.acceptable(k, k + n, inner_end):
                return [self.span(k, k + n, inner_end)]
        return []

    # -- English -------------------------------------------------------------------------------

    def english(self) -> None:
        r = self.r
        i = 0
        while i < len(r.tokens):
            # (Only a word some span covers can be a place or a body: the others skip the look.)
            if not r.latin[i] or not (
                r.capital[i]
                or (r.covered[i] is not None and (_place(r, i) or _province(r, i) or _org(r, i)))
            ):
                i += 1
                continue
            if (
                r.covered[i] is not None
                and _place(r, i) is None
                and _province(r, i) is None
                and _org(r, i) is None
            ):
                i += 1
                continue
            role = self.role_at(i)
            if role:
                i = role  # "Head of the Cultural Mission": the title is no part of the body
                continue
            if r.words[i] in _PEOPLE_EN and r.key(i + 1) == "of":
                i += 2  # "Students of Tabriz Islamic Art University": the people are no part
                continue
            end, heads, inner = self.english_run(i)
            first = i
            while first < end and r.words[first] in ("the", "a", "an"):
                first += 1
            for part_first, part_end in self.split_at_and(first, end, heads, inner):
                while part_first < part_end and r.words[part_first] in ("the", "a", "an"):
                    part_first += 1  # "… and the Ministry of Culture of Tajikistan"
                part_heads = [h for h in heads if part_first <= h < part_end]
                part_inner = [s for s in inner if part_first <= s.first < part_end]
                if part_heads and part_end - part_first >= 2:
                    span = self.english_span(part_first, part_end, part_heads, part_inner)
                    if span is not None:
                        add_nested(r, span, part_inner)
            i = max(end, i + 1)

    def split_at_and(
        self, first: int, end: int, heads: list[int], inner: list[Span]
    ) -> list[tuple[int, int]]:
        """ "Shiraz University and Nanjing University": two bodies when both parts have a head."""
        r = self.r
        ends = set(heads) | {s.last - 1 for s in inner}
        for k in range(first + 1, end - 1):
            if r.words[k] != "and" or not any(e > k for e in ends):
                continue
            if k - 1 in ends or (
                # "Isfahan University of Art and the University of Porto": a head before, and
                # after "and the" a name of its own; "(… in) Tehran and the Pushkin Institute":
                # no head before, so what comes first is no part of the body
                r.words[k + 1] == "the" and k + 2 < end and r.capital[k + 2]
            ):
                return [(first, k), (k + 1, end)]
        return [(first, end)]

    def role_at(self, i: int) -> int:
        """The end of a title starting at token ``i`` (0 when there is none, or when the title
        names a body by a possessive: "Cultural Counsellor's Office")."""
        r = self.r
        end = r.role_end(i)
        if end and end < len(r.tokens) and r.tokens[end].text in _POSSESSIVE:
            return 0
        return end

    def english_run(self, i: int) -> tuple[int, list[int], list[Span]]:
        """A run of capitalised words from ``i``: its end, its head words, bodies inside.

        A title or an honorific ends it ("… Dialogue and Dr"), and so does a given name opening a
        person's name after a head ("Embassy of the Islamic Republic of Iran Ehsan Khazaei")."""
        r = self.r
        j = i
        heads: list[int] = []
        inner: list[Span] = []
        listing = False  # in a list after a comma: "… of Press, Publication, Radio and Television"
        while j < len(r.tokens) and r.same_sentence(i, j):
            if j > i and (
                self.role_at(j) or (heads and self.person_starts(j)) or self.before_name(j)
            ):
                break  # a title, a person's name or an honorific ("… and Dr", "… Patriarch")
            place = _place(r, j) or _province(r, j)  # "Khorasan Razavi Department of …"
            if place is not None:
                j = place.last
                continue
            org = _org(r, j)
            if org is not None:
                inner.append(org)
                j = org.last
                continue
            if r.covered[j] is not None:
                break
            token = r.tokens[j]
            key = r.words[j]
            if token.is_word and r.latin[j] and r.capital[j]:
                if (key in _RUN_STOPS_EN or token.text == "The") and j > i:
                    break  # "Baghdad The Municipal Council …": a dateline, then the name
                if not listing and (
                    key in v.ORG_HEADS_EN
                    or (key == "hall" and r.words[j - 1] == "city")
                    or (key == "network" and r.words[j - 1] in _MEDIA_EN)
                    or (key == "power" and j - 1 > i and r.words[j - 1] == "executive")
                ):
                    # ("Media Network" is a broadcaster's, "Cities Network" no body; "Baku City
                    # Executive Power" is how Azerbaijan names a town's administration)
                    heads.append(j)
                j += 1
                continue
            if token.text in _POSSESSIVE and j > i:
                j += 1
                continue
            if (
                key == "named"
                and heads
                and r.key(j + 1) == "after"
                and r.capital[j + 2 : j + 3] == [True]
            ):
                # "… Library for Foreign Literature named after M. I. Rudomino": the name goes
                # on over the namesake's, initials and all
                j += 2
                while (
                    j < len(r.tokens)
                    and r.same_sentence(i, j)
                    and (
                        r.capital[j]
                        or (
                            r.tokens[j].text == "."
                            and r.capital[j - 1]
                            and len(r.tokens[j - 1].text) == 1
                        )
                    )
                ):
                    j += 1
                break
            if (
                token.text in ("-", "\u2010", "\u2011")
                and j > i
                and j + 1 < len(r.tokens)
                and r.capital[j + 1]
                and r.tokens[j - 1].end == token.start == r.tokens[j + 1].start - 1
            ):
                j += 1  # "Policy-Making Council of Religions"
                continue
            nxt = j + 1
            while nxt < len(r.tokens) and r.words[nxt] == "the" and key != "the":
                nxt += 1
            continues = (
                nxt < len(r.tokens)
                and r.same_sentence(j, nxt)
                and (r.capital[nxt] or _place(r, nxt) is not None or _org(r, nxt) is not None)
            )
            if (
                key == "and"
                and heads
                and not listing
                and continues
                and (_org(r, nxt) is not None or r.words[nxt] in v.ORG_HEADS_EN)
            ):
                break  # "the National Library of Iraq and the Cultural Counsellorship": two
            if key in _CONNECTORS_EN and continues and j > i:
                j += 1
                continue
            if (
                key == "in"
                and continues
                and heads
                and _kind((r.words[heads[-1]],))
                in (
                    "embassy",
                    "cultural_counsellorship",
                )
            ):
                j += 1
                continue
            if (
                key == "in"
                and continues
                and heads
                and r.words[heads[-1]] == "council"
                and r.words[heads[-1] - 1] in _TOWN_COUNCILS_EN
            ):
                j += 1  # "the Municipal Council in Sanandaj"
                continue
            if key == "to" and continues and heads and r.words[heads[-1]] in _ACCREDITED_EN:
                j += 1  # "Permanent Delegation of Iran to UNESCO"
                continue
            if token.text in _COMMA and heads and self.english_list(nxt):
                listing = True
                j += 1
                continue
            # "Vostochnaya Literatura publishing house", "Shiraz Municipality's international
            # affairs office": lowercase words closing the name with a head
            tail = self.lowercase_head(j)
            if tail and (
                (j > i and r.tokens[j - 1].text in _POSSESSIVE and self.body_before(j - 1))
                or (not heads and self.capitalised_words(i, j) >= 2)
            ):
                heads.append(tail - 1)
                j = tail
            break
        while j > i and (r.words[j - 1] in _CONNECTORS_EN or not r.tokens[j - 1].is_word):
            if any(s.last == j for s in inner) or _place(r, j - 1) is not None:
                break
            j -= 1
        return j, [h for h in heads if h < j], inner

    def before_name(self, j: int) -> bool:
        """Whether an honorific before a capitalised name stands at token ``j`` ("Dr. Abouzar",
        "Patriarch Kirill"; not "Consulate General of …")."""
        r = self.r
        end = r.honorific_end(j)
        while 0 < end < len(r.tokens) and r.tokens[end].text == ".":
            end += 1
        return (
            0 < end < len(r.tokens)
            and r.same_sentence(j, end)
            and r.capital[end]
            and r.words[end] not in v.ORG_HEADS_EN
        )

    def person_starts(self, j: int) -> bool:
        """Whether a person's name opens at token ``j``: a given name, then a capitalised word
        that is no head ("Ehsan Khazaei", "Amir-Masoud Shahram-Nia")."""
        r = self.r
        if not (r.latin[j] and r.capital[j]) or not self.g.is_given_name(r.words[j]):
            return False
        k = j + 1
        while k < len(r.tokens) and r.tokens[k].text in ("-", "\u2010"):
            k += 1
        return (
            k < len(r.tokens)
            and r.same_sentence(j, k)
            and r.capital[k]
            and r.words[k] not in v.ORG_HEADS_EN
            and r.covered[k] is None
        )

    def body_before(self, j: int) -> bool:
        """Whether a body's name ends just before token ``j`` ("Shiraz Municipality's")."""
        r = self.r
        span = r.span_at(j - 1)
        if span is not None and span.kind is ORGANISATION:
            return True
        return r.words[j - 1] in v.ORG_HEADS_EN

    def lowercase_head(self, j: int) -> int:
        """The end of up to three lowercase words from ``j`` closed by a head, else 0."""
        r = self.r
        k = j
        while k < len(r.tokens) and k - j < 4 and r.tokens[k].is_word and not r.capital[k]:
            key = r.words[k]
            if key in v.ORG_HEADS_EN and key not in _AMBIGUOUS_EN - {"house"}:
                return k + 1
            if key in v.STOP:
                return 0
            k += 1
        return 0

    def capitalised_words(self, i: int, j: int) -> int:
        r = self.r
        return sum(
            1
            for k in range(i, j)
            if r.capital[k] and r.words[k] not in self.g.demonyms and r.words[k] not in v.STOP
        )

    def english_list(self, j: int) -> bool:
        """After a comma in a name: "Education, Science, Culture and Sports of Armenia"."""
        r = self.r
        k = j
        while k < len(r.tokens) and k - j < 6:
            if r.words[k] == "and":
                return k > j and k + 1 < len(r.tokens) and r.capital[k + 1]
            if r.tokens[k].text in _COMMA:
                k += 1
                continue
            if not (r.latin[k] and r.capital[k]) or r.covered[k] is not None:
                return False
            k += 1
        return False

    def english_span(
        self, first: int, end: int, heads: list[int], inner: list[Span]
    ) -> Span | None:
        r = self.r
        words = [k for k in range(first, end) if r.tokens[k].is_word]
        if all(r.words[k] in v.ORG_HEADS_EN or r.words[k] in _CONNECTORS_EN for k in words):
            return None
        if len(words) >= 2 and tuple(r.words[k] for k in words[-2:]) in _COURSES_EN:
            return None  # "International Persian Summer School": a course, not a body
        if len(inner) == 1 and inner[0].first == first and inner[0].last == end:
            return None
        main = heads[-1]
        possessive = [h for h in heads if h + 1 < end and r.tokens[h + 1].text in _POSSESSIVE]
        mains = [h for h in heads if h not in possessive] or heads
        main = mains[-1]
        key = r.words[main]
        if key == "hall" and main > first and r.words[main - 1] == "city":
            kind: str | None = "municipality"  # "Kazan City Hall"
        elif (
            key in _AMBIGUOUS_EN
            and (main == first or r.words[main - 1] in _VENUE_BEFORE)
            and not (main + 1 < end and r.words[main + 1] in ("of", "for"))
        ):
            return None  # "Teresa Carreño Cultural Center": a venue
        else:
            kind = _kind((key,))
        if (
            key == "office"
            and main - 2 >= first
            and r.tokens[main - 1].text in _POSSESSIVE
            and r.words[main - 2] in _COUNSELLORS_EN
        ):
            kind = "cultural_counsellorship"  # "Cultural Counsellor's Office of … in Kuala Lumpur"
        places = [s for s in (_place(r, k) for k in range(first, end)) if s is not None]
        if kind in _EMBASSY_KINDS and not any(r.words[k] in _CONSULATES for k in words):
            demonym = next((self.g.demonyms.get(r.words[k]) for k in words), None)
            sender = "country/ir" if any(p.key == "country/ir" for p in places[:1]) else demonym
            if sender == "country/ir" and places:
                host = self.g.entry(places[-1].key or "")
                target = (
                    host.located_in if host is not None and host.kind is CITY else places[-1].key
                )
                for body in self.g.bodies_in.get((kind or "", target or ""), []):
                    entry = self.g.entry(body)
                    if entry is not None:
                        return _entry_span(r, first, end, entry)
        if kind == "municipality" and len(places) == 1 and places[0].kind is CITY:
            for body in self.g.bodies_in.get(("municipality", places[0].key or ""), []):
                entry = self.g.entry(body)
                if entry is not None:
                    return _entry_span(r, first, end, entry)
        return _written_span(r, first, end, kind)


def add_nested(reading: Reading, span: Span, inner: list[Span]) -> None:
    """Add a span over places and bodies already found; they stay, nested inside."""
    nested = [s for s in reading.spans_starting(span.first, span.last) if s.last <= span.last]
    for s in nested:
        for k in range(s.first, s.last):
            reading.covered[k] = None
    reading.add(span)
    for s in nested:
        s.source = "inner"
    for s in inner:
        if not reading.has(s):
            reading.add_inner(s)


def recognise_organisations(reading: Reading, gazetteer: Gazetteer) -> None:
    """Organisations by head words, in Persian and in English."""
    bodies = _Bodies(reading, gazetteer)
    bodies.persian()
    if any(reading.latin):
        bodies.english()
    _named_by_their_acronym(reading, bodies)


def _named_by_their_acronym(r: Reading, bodies: _Bodies) -> None:
    """«اتحادیه جهانی شهرها و دولت‌های محلی (UCLG)»: a body named in words, then by the short
    name the gazetteer knows it by, in brackets, is that body."""
    written = [s for s in r.spans if s.kind is ORGANISATION and s.source == "pattern"]
    named: dict[str, GazetteerEntry] = {}
    for span in written:
        k = span.last
        if k + 2 >= len(r.tokens) or r.tokens[k].text != "(" or r.tokens[k + 2].text != ")":
            continue
        known = bodies.known_acronym(k + 1, k + 2)
        if known is not None:
            named[squashed_key(span.label)] = known
    if not named:
        return
    for span in written:  # the name is that body's wherever the article writes it
        known = named.get(squashed_key(span.label))
        if known is not None:
            r.drop(span)
            r.add(_entry_span(r, span.first, span.last, known))
