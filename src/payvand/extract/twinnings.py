"""Twinnings: sister-city relations the text states as concluded, and the planned ones.

A twinning cue («خواهرخوانده», «خواهرخواندگی», "sister city", "twinned") is read with its clause:
in Persian the words from the last clause boundary up to the verb that closes the cue («یزد و خیوه
که در سال ۱۳۹۹ خواهرخوانده شدند»), in English the part of the sentence between ";", ":", ", and",
", while", ", but". The clause says whether the twinning is done («شدند», «امضا شد», "became",
"have been sister cities since") or only planned, negotiated or denied («قرار است», «مذاکرات»,
«به معنای خواهرخواندگی نیست», "set to", "agreed in principle", "discussed the possibility").

The partners are the cities of the clause, but not a city where the deed was signed («در قونیه»,
"in Nanjing"), an earlier partner ("after Chongqing") or a dateline ("TEHRAN –"); cities after
«با» / "with" pair with those before it («لاهور و سن پترزبورگ … با اصفهان خواهرخوانده شده
بودند»); a list pairs with its hub ("Tabriz's sister cities include Baku, Ganja, …"); «دو شهر» /
"the two cities" are the cities of the sentence before.

Concluded twinnings become :class:`Twinning`; planned ones agreements of kind ``twinning``, status
``proposed``. A pair stated both ways in one article is concluded.
"""

from __future__ import annotations

from payvand.extract import vocabulary as v
from payvand.extract.gazetteer import Gazetteer
from payvand.extract.kinds import CITY, COUNTRY
from payvand.extract.reading import Phrases, Reading, Span, keys_of, phrase_keys
from payvand.model import Agreement, AgreementStatus, Twinning, TwinningStatus
from payvand.text import lexicon
from payvand.text.normalise import match_key

_TWIN_FA = phrase_keys(lexicon.TWINNING_CUES_FA)
_TWIN_EN = phrase_keys(lexicon.TWINNING_CUES_EN)
_TWIN_VERBS_FA = keys_of(lexicon.TWINNING_VERBS_FA)
_DONE_FA = phrase_keys(lexicon.TWINNING_DONE_FA)
_DONE_EN = phrase_keys(lexicon.TWINNING_DONE_EN)
_PLANNED_FA = phrase_keys(lexicon.TWINNING_PLANNED_FA)
_PLANNED_EN = phrase_keys(lexicon.TWINNING_PLANNED_EN)
_NOT_PARTNER_FA = phrase_keys(lexicon.TWINNING_NOT_PARTNER_FA)
_NOT_PARTNER_EN = phrase_keys(lexicon.TWINNING_NOT_PARTNER_EN)
_WITH = keys_of(lexicon.TWINNING_WITH)
_COPULAS = keys_of(lexicon.COPULAS_FA | lexicon.COPULA_STEMS_FA)
_LISTED_EN = frozenset({"", ",", "and", "with", "include", "includes", "including"})
_BOTH_CITIES = phrase_keys(lexicon.BOTH_CITIES)
_HARD = frozenset(":;\u061b.!?\u061f")
_SOFT_EN = frozenset({"and", "while", "but", "whereas"})
_POSSESSIVE = frozenset({"'s", "\u2019s"})
_YEH = "\N{ARABIC LETTER FARSI YEH}"
_FROM = match_key("\N{ARABIC LETTER ALEF}\N{ARABIC LETTER ZAIN}")


def _at(r: Reading, phrases: Phrases, i: int) -> int:
    return r.starts(phrases).get(i, 0)


def _cue_in(r: Reading, span: range, english: bool) -> bool:
    cues = _TWIN_EN if english else _TWIN_FA
    starts = r.starts(cues)
    return any(i in starts for i in span)


def _clause(r: Reading, tokens: range, cue: int, english: bool) -> range:
    """The clause a twinning cue belongs to."""
    start = cue
    while start > tokens.start:
        previous = r.tokens[start - 1].text
        if previous in _HARD:
            break
        if (
            english
            and previous in (",", "\u060c")
            and r.words[start] in _SOFT_EN
            and (r.words[start] != "and" or _cue_in(r, range(tokens.start, start), english))
        ):
            break
        if not english and r.words[start] in v.CLAUSE_CONJUNCTIONS_FA:
            break
        if (
            not english
            and r.words[start] in (v.VA,)
            and start - 2 >= tokens.start
            and (v.is_verb(r.words[start - 1]) or r.words[start - 1] in _TWIN_VERBS_FA)
        ):
            break  # «… خواهرخوانده است و پورتو …»: a clause closed by its verb
        if not english and previous in (",", "\u060c") and v.is_verb(r.words[start - 2]):
            break
        start -= 1
    end = cue + 1
    if not english and r.words[cue] in _TWIN_VERBS_FA:
        return range(start, end)
    while end < tokens.stop:
        text = r.tokens[end].text
        if text in _HARD:
            break
        if (
            english
            and text in (",", "\u060c")
            and r.words[end + 1 : end + 2]
            and r.words[end + 1] in _SOFT_EN
            and (
                r.words[end + 1] != "and"
                or _cue_in(r, range(end + 1, tokens.stop), english)
                or _has(r, range(end + 1, tokens.stop), _PLANNED_EN)
            )
        ):
            break
        if not english and v.is_verb(r.words[end]):
            end += 1
            while end < tokens.stop and v.is_verb(r.words[end]):
                end += 1
            break
        end += 1
    return range(start, end)


def _has(r: Reading, clause: range, phrases: Phrases) -> bool:
    starts = r.starts(phrases)
    return any(i in starts for i in clause)


def _cities(
    r: Reading, clause: range, english: bool, dateline: set[int]
) -> list[tuple[Span, bool]]:
    """The cities of a clause, each with whether it follows «با» / "with"."""
    not_partner = _NOT_PARTNER_EN if english else _NOT_PARTNER_FA
    found: dict[str, tuple[Span, bool, bool]] = {}
    after_with = False
    for i in clause:
        if r.words[i] in _WITH:
            after_with = True
        for span in r.spans_from(i):
            if span.kind is not CITY or not span.key:
                continue
            if i in dateline:
                continue
            before = i - 1
            excluded = before >= clause.start and any(
                r.words[k] and not_partner.at(r.words, k) == before - k + 1
                for k in range(max(clause.start, before - 1), before + 1)
            )
            known = found.get(span.key)
            if known is None or (known[2] and not excluded):
                found[span.key] = (span, after_with, excluded)
    return [(span, after) for span, after, excluded in found.values() if not excluded]


def _pairs(r: Reading, cities: list[tuple[Span, bool]]) -> list[tuple[str, str]]:
    before = [s for s, after in cities if not after]
    after = [s for s, after in cities if after]
    if before and after:
        return [(a.key or "", b.key or "") for a in before for b in after]
    group = before or after
    if len(group) < 2:
        return []
    hub = group[0]
    for span in group:
        nxt = span.last
        if nxt < len(r.tokens) and r.tokens[nxt].text in _POSSESSIVE:
            hub = span  # "Tabriz's sister cities include …"
            break
    return [(hub.key or "", s.key or "") for s in group if s is not hub]


_CREATIVE_FIELDS = keys_of(lexicon.CREATIVE_FIELDS_EN)


def _partner_towns(r: Reading, gazetteer: Gazetteer, clause: range) -> None:
    """Towns no gazetteer holds, named as partners: «شهر پچ در مجارستان», «مالاکا در مالزی»,
    "the city of Sulaymaniyah". A word that is no ordinary word, no function word and no verb,
    after «شهر» / "the city of", or listed before «در» / «از» and a country."""
    english = r.lang == "en"
    for k in clause:
        if r.covered[k] is not None or not r.tokens[k].is_word or r.latin[k] != english:
            continue
        key = r.words[k]
        if (
            len(key) < 2
            or key in v.STOP
            or key in gazetteer.common_words
            or v.is_verb(key)
            or (english and (not r.capital[k] or key in _CREATIVE_FIELDS))
            or r.role_end(k) > 0
        ):
            continue  # "the Creative City of Music" is no town
        if r.starts(_TWIN_EN if english else _TWIN_FA).get(k) or (
            not english and key.endswith(_YEH)
        ):
            continue  # «شهر خواهرخوانده», «شهر زیارتی»: a city of some kind, no name
        before = r.key(k - 1) if r.same_sentence(k - 1, k) else ""
        if english:
            cued = before == "of" and r.key(k - 2) == "city" and r.same_sentence(k - 2, k)
        else:
            cued = before in v.CITY_CUES
        if not cued:
            # «شهر پچ در مجارستان», "twinned with Kutaisi in Georgia and Khujand in Tajikistan"
            listed = before in _LISTED_EN if english else before in ("", ",", v.VA)
            after = r.span_at(k + 2) if k + 2 < len(r.tokens) else None
            cued = (
                (listed or not r.tokens[k - 1].is_word)
                and r.key(k + 1) in (("in",) if english else (v.DAR, _FROM))
                and after is not None
                and after.kind is COUNTRY
            )
        paired = not cued and not gazetteer.is_given_name(key) and _paired_with_town(r, k, before)
        if (
            (cued or paired)
            and not _before_light_verb(r, k)
            and (
                k + 1 >= len(r.tokens)
                or not r.tokens[k + 1].is_word
                or not r.same_sentence(k, k + 1)
                or r.key(k + 1) in (v.DAR, _FROM, v.VA)
                or r.key(k + 1) in v.STOP
                or (paired and _country_at(r, k + 1))
            )
        ):
            r.add(Span(k, k + 1, CITY, label=r.surface(k, k + 1), source="partner"))


def _before_light_verb(r: Reading, k: int) -> bool:
    """Whether the Persian word at ``k`` is the first part of a compound verb: «(دو شهر) منعقد
    شد», «برگزار کردند» (a copula after a town is no such verb: «… هرات است»)."""
    if r.latin[k] or k + 1 >= len(r.tokens) or not r.same_sentence(k, k + 1):
        return False
    nxt = r.key(k + 1)
    return v.is_verb(nxt) and nxt not in _COPULAS


def _paired_with_town(r: Reading, k: int, before: str) -> bool:
    """Whether the word at ``k`` is the second of two partners, after a known town and «و» /
    "and": «شهرهای اردبیل و اردهان ترکیه», "Kerman and Ardahan have become sister cities"."""
    if before not in (v.VA, "and") or k < 2 or not r.same_sentence(k - 2, k):
        return False
    town = r.span_at(k - 2)
    return town is not None and town.kind is CITY and bool(town.key) and town.last == k - 1


def _country_at(r: Reading, k: int) -> bool:
    span = r.span_at(k)
    return span is not None and span.kind is COUNTRY and span.first == k


def recognise_towns_in_countries(reading: Reading, gazetteer: Gazetteer) -> None:
    """Towns no gazetteer holds, placed in a country: «در آنطلیاس لبنان», "in Antelias, Lebanon".
    One word that is no ordinary word, after «در» / "in" and before the country's name."""
    r = reading
    for country in [s for s in r.spans if s.kind is COUNTRY and s.key]:
        c = country.first
        english = r.latin[c]
        k = c - 2 if english and c >= 1 and r.tokens[c - 1].text == "," else c - 1
        if k < 1 or not r.same_sentence(k - 1, c) or r.covered[k] is not None:
            continue
        if r.key(k - 1) != ("in" if english else v.DAR) or r.latin[k] != english:
            continue
        if english != (k == c - 2):
            continue  # English writes the comma, Persian does not
        after = country.last
        if country.key == "country/ir" or (
            after < len(r.tokens) and r.same_sentence(c, after) and r.tokens[after].is_word
        ):
            continue  # «در غرفه ایران حضور یافت»: a noun of Iran, no town; Iran's towns are known
        key = r.words[k]
        if (
            not r.tokens[k].is_word
            or len(key) < 3
            or key in v.STOP
            or key in gazetteer.common_words
            or key in gazetteer.stoplist
            or v.is_verb(key)
            or (english and not r.capital[k])
            or r.role_end(k) > 0
            or (not english and key.endswith(_YEH))
        ):
            continue
        r.add(Span(k, k + 1, CITY, label=r.surface(k, k + 1), source="partner"))


def _twinning_clauses(r: Reading) -> list[tuple[int, range]]:
    """The clauses of the twinning cues, each once: (sentence, clause)."""
    english = r.lang == "en"
    found: dict[int, tuple[int, range]] = {}
    for cue in sorted(r.starts(_TWIN_EN if english else _TWIN_FA)):
        sentence = r.sentence_of[cue]
        clause = _clause(r, r.sentence_tokens(sentence), cue, english)
        found.setdefault(clause.start, (sentence, clause))
    return list(found.values())


def recognise_partner_towns(reading: Reading, gazetteer: Gazetteer) -> None:
    """Towns no gazetteer holds, named as partners of a twinning (before resolution)."""
    for _sentence, clause in _twinning_clauses(reading):
        _partner_towns(reading, gazetteer, clause)


def extract_twinnings(reading: Reading) -> tuple[list[Twinning], list[Agreement]]:
    """Concluded twinnings, and planned ones as proposed agreements."""
    r = reading
    twinnings: dict[tuple[str, str], Twinning] = {}
    planned: dict[tuple[str, str], Agreement] = {}
    english = r.lang == "en"
    dateline = r.dateline()
    for index, clause in _twinning_clauses(r):
        sentence = r.sentences[index]
        cities = _cities(r, clause, english, dateline)
        if len(cities) < 2 and _has(r, clause, _BOTH_CITIES) and sentence.index > 0:
            previous = r.sentence_tokens(sentence.index - 1)
            earlier = _cities(r, previous, english, dateline)
            known = {s.key for s, _ in cities}
            new = [c for c in earlier if c[0].key not in known]
            if len(new) + len(cities) == 2:
                # «دو شهر» are the two cities of the sentence before; after a list of more, a
                # word about twinnings in general («خواهرخواندگی تعهد دو شهر است»)
                cities = new + cities
        pairs = _pairs(r, cities)
        if not pairs:
            continue
        planned_cue = _has(r, clause, _PLANNED_EN if english else _PLANNED_FA) or (
            not english and any(v.is_negative_verb(r.words[i]) for i in clause)
        )
        done_cue = _has(r, clause, _DONE_EN if english else _DONE_FA)
        for a, b in pairs:
            if not a or not b or a == b:
                continue
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
                        r.text[sentence.start : sentence.end][:200],
                        sentence.index,
                        sentence.start,
                        sentence.end,
                    ),
                )
    for pair in twinnings:
        planned.pop(pair, None)
    return list(twinnings.values()), list(planned.values())
