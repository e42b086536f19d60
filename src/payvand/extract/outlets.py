"""Outlets: the news agencies, papers and sites an article names as its source.

Where an article says where its news comes from, the name there is an outlet: «به گزارش ایکنا»,
«به گزارش خبرنگار مهر»، «به گزارش «فرهنگ امروز» به نقل از مهر»، «به خبرنگار مهر گفت»، "according
to IRNA", "ISNA reported", "Trend reports citing IRNA", a dateline's agency ("TEHRAN (IP) –",
"Rasa –", "(NewsDesk / Daily Courier - 3rd Mar, 2021)"). A name the gazetteer knows is that
body; any other name in such a place is an outlet of its own («به گزارش شهرداران،», «به گزارش
قاصدک۲۴؛», «به گزارش سایت شهر،»), never a place, a person or a press office («به نقل از روابط
عمومی بنیاد سعدی» names the foundation, which is read as a body elsewhere).

The first outlet the text names is the article's publisher ("Trend reports citing IRNA": Trend).
"""

from __future__ import annotations

import re

from payvand.extract import vocabulary as v
from payvand.extract.gazetteer import Gazetteer
from payvand.extract.kinds import CITY, COUNTRY, ORGANISATION, PERSON, PROVINCE
from payvand.extract.organisations import add_nested
from payvand.extract.reading import Reading, Span, keys_of, phrase_keys
from payvand.text import lexicon

_CUES_FA = phrase_keys(lexicon.REPORT_CUES_FA)
_CUES_EN = phrase_keys(lexicon.REPORT_CUES_EN)
_CITING_EN = keys_of(lexicon.CITING_WORDS_EN)
_REPORTED_EN = keys_of(lexicon.REPORTED_WORDS_EN)
# Words between a cue and the outlet: «به گزارش خبرنگار گروه بین‌الملل خبرگزاری …»; a
# section's name only after a desk word («گروه», «سرویس»).
_PASSED = keys_of(lexicon.REPORTER_PASSED_WORDS)
_SECTIONS = keys_of(lexicon.NAVIGATION_WORDS)
_REPORTER_OF = keys_of(lexicon.REPORTER_OF_FA)
_PRESS_OFFICE = phrase_keys(lexicon.PRESS_OFFICE_FA)
_NO_OUTLET = keys_of(lexicon.GENERIC_SOURCES)
_SOURCE = keys_of(lexicon.SOURCE_CUES)
_FROM = keys_of(frozenset({"\u0627\u0632"}))
_QUOTES = frozenset('\u00ab\u00bb"\u201c\u201d')
_DASHES = frozenset({"-", "\u2013", "\u2014", "_"})
_ENDS_FA = frozenset({",", "\u060c", "\u061b", ";", ":", "(", ")", "."})
_MAX_WORDS = 5
_URL = re.compile(r"\s*(?:https?:|www\.)", re.IGNORECASE)
_DOMAIN = re.compile(
    r"(?:www\s?\.\s?)?[a-z][a-z0-9-]{1,30}(?:\s?\.\s?[a-z]{2,6}){1,2}", re.IGNORECASE
)
_NOT_OUTLETS = (PERSON, CITY, COUNTRY, PROVINCE)
_PLACES = (CITY, COUNTRY)
_OUTLET_KINDS = frozenset({"news_agency", "broadcaster"})


def _outlet_span(reading: Reading, first: int, last: int) -> Span:
    return Span(
        first,
        last,
        ORGANISATION,
        label=reading.surface(first, last),
        subkind="news_agency",
        source="outlet",
    )


class _Outlets:
    def __init__(self, reading: Reading, gazetteer: Gazetteer) -> None:
        self.r = reading
        self.g = gazetteer
        self.found: list[Span] = []

    def take(self, span: Span | None) -> bool:
        if span is None:
            return False
        if span not in self.found:
            self.found.append(span)
        return True

    def body_at(self, i: int) -> Span | None:
        """A body (or a known short name of an outlet) named at token ``i``."""
        r = self.r
        span = r.span_at(i)
        if span is not None and span.first == i:
            return span if span.kind is ORGANISATION else None
        if span is not None or not r.words[i]:
            return None
        short = self.g.short_names.match_at(r.words, i)
        if short is None or not r.is_free(i, i + short[0]):
            return None
        entry = self.g.entry(short[1][0])
        if entry is None:
            return None
        found = Span(
            i,
            i + short[0],
            ORGANISATION,
            key=entry.key,
            label=entry.label(r.lang),
            subkind=entry.subkind,
        )
        r.add(found)
        return found

    # -- Persian ---------------------------------------------------------------------------------

    def source_lines(self) -> None:
        """«منبع: ایرنا», "Source: National Iraqi News Agency": a line naming the source."""
        r = self.r
        for i in r.positions(_SOURCE):
            tokens = r.sentence_tokens(r.sentence_of[i])
            if i != tokens.start or i + 2 >= tokens.stop or r.tokens[i + 1].text != ":":
                continue
            first, last = i + 2, tokens.stop
            while last > first and not r.tokens[last - 1].is_word:
                last -= 1
            bodies = {s.key: s for k in range(first, last) for s in [r.span_at(k)] if s}
            if len(bodies) == 1 and (body := next(iter(bodies.values()))).kind is ORGANISATION:
                if (body.first, body.last) != (first, last) and last - first <= _MAX_WORDS + 1:
                    # "Source: National Iraqi News Agency": the line names the known body
                    r.drop(body)
                    body = Span(first, last, ORGANISATION, body.key, body.label, (), body.subkind)
                    r.add(body)
                self.take(body)
            elif not bodies or all(s.kind in _PLACES for s in bodies.values()):
                self.take(self.new(first, last) if last - first <= _MAX_WORDS else None)

    def site_line(self) -> None:
        """The site's name on a line of its own over its address, closing the page («حافظ خبر»
        then «https://www.hafezkhabar.ir»): an outlet, whatever words its name holds."""
        r = self.r
        closing = [x for x in r.sentences[-4:] if x.paragraph == r.sentences[-1].paragraph]
        if closing and closing[0].index > 0:
            text = r.text[closing[0].start : closing[-1].end].strip()
            first = r.sentence_tokens(closing[0].index).start
            stop = r.sentence_tokens(closing[-1].index).stop
            if stop > first and _DOMAIN.fullmatch(text):
                # "report. az" closing a page copied from it: the site by its address
                site = self.new(first, stop)
                if site is not None:
                    site.label = re.sub(r"\s*\.\s*", ".", text)  # "report.az"
                self.take(site)
        for sentence in r.sentences[-3:]:
            if sentence.index == 0 or not _URL.match(r.text, sentence.start):
                continue
            before = r.sentences[sentence.index - 1]
            tokens = r.sentence_tokens(before.index)
            words = [k for k in tokens if r.tokens[k].is_word]
            if before.paragraph == sentence.paragraph or not 1 <= len(words) <= 4:
                continue
            if len(words) != len(tokens) or any(r.latin[k] for k in words):
                continue
            for k in words:
                person = r.span_of(k, PERSON)
                if person is not None:
                    r.drop(person)  # «حافظ خبر» names a site, not the poet
            self.take(self.new(tokens.start, tokens.stop))

    def persian(self) -> None:
        r = self.r
        starts = r.starts(_CUES_FA)
        for i in sorted(starts):
            self.after_cue(i + starts[i])
        for i in r.positions(_REPORTER_OF):
            # «به خبرنگار مهر گفت»: a reporter of an outlet the gazetteer knows
            if i + 1 < len(r.tokens) and r.same_sentence(i, i + 1):
                self.take(self.body_at(i + 1))

    def after_cue(self, j: int) -> None:
        """The outlet after «به گزارش» / «به نقل از» at token ``j``."""
        r = self.r
        if j >= len(r.tokens):
            return
        sentence = r.sentence_of[j - 1]
        quoted = desk = False
        k = j
        # «به گزارش خبرنگار گروه فرهنگی خبرگزاری …»: the reporter and the desk come first
        while k < len(r.tokens) and r.sentence_of[k] == sentence and k - j < 6:
            if r.tokens[k].text in _QUOTES:
                quoted = True
            elif self.take(self.body_at(k)) or _PRESS_OFFICE.at(r.words, k):
                return  # (a press office, «روابط عمومی بنیاد سعدی»: the body is read as one)
            elif r.words[k] in _PASSED:
                desk = True
            elif not (desk and r.words[k] in _SECTIONS):
                break
            k += 1
        end = self.name_end(k, sentence, quoted)
        if end > k:
            self.take(self.new(k, end))

    def name_end(self, start: int, sentence: int, quoted: bool) -> int:
        """The end of an outlet's name that no gazetteer holds: up to five words, to a comma,
        another cue («به نقل از», «از»), a closing quote or the end of the sentence."""
        r = self.r
        k = start
        words = 0
        while k < len(r.tokens) and r.sentence_of[k] == sentence and words < _MAX_WORDS:
            token = r.tokens[k]
            if token.text in _QUOTES:
                break
            if not token.is_word:
                if token.text in _ENDS_FA or not quoted:
                    break
                k += 1
                continue
            key = r.words[k]
            if (key in v.STOP and not quoted) or v.is_verb(key) or _CUES_FA.at(r.words, k):
                break
            span = r.span_at(k)
            if (span is not None and span.kind in _NOT_OUTLETS) or key in _NO_OUTLET:
                return start  # «به گزارش رسانه‌های ترکیه», «به نقل از منابع آگاه»
            if r.role_end(k) > 0 and r.words[k + 1 : k + 2] != [""]:
                return start  # «به نقل از رئیس سازمان …»: a person, not an outlet
            k += 1
            words += 1
        if k < len(r.tokens) and r.sentence_of[k] == sentence:
            closing = r.tokens[k]
            if not (
                closing.text in _ENDS_FA
                or closing.text in _QUOTES
                or _CUES_FA.at(r.words, k)
                or r.words[k] == v.DAR
                or r.words[k] in _FROM
            ):
                return start  # no place where a name could end: not an outlet's name
        return k

    def new(self, first: int, last: int) -> Span | None:
        """An outlet no gazetteer holds, over places its name may hold ("Pakistan Point News")."""
        r = self.r
        inner = [r.span_at(k) for k in range(first, last) if r.covered[k] is not None]
        if any(s is None or s.kind not in _PLACES for s in inner):
            return None
        words = [r.words[k] for k in range(first, last) if r.words[k]]
        if not words or words[0] in v.STOP or words[0] in v.PRONOUNS:
            return None
        if len(inner) == len(words):
            return None  # a place alone
        span = _outlet_span(r, first, last)
        add_nested(r, span, [])
        return span

    # -- English ---------------------------------------------------------------------------------

    def english(self) -> None:
        r = self.r
        starts = r.starts(_CUES_EN)
        for i in sorted(starts):
            # "according to IRNA", "as reported by ISNA"
            j = i + starts[i]
            while j < len(r.tokens) and r.words[j] == "the":
                j += 1
            if j >= len(r.tokens) or _PRESS_OFFICE.at(r.words, j):
                continue  # "according to the Public Relations of ICRO": the body, read as one
            body = self.body_at(j)
            if body is None:
                self.capitalised(j, after=True)
            elif body.subkind in _OUTLET_KINDS:
                self.take(body)  # ("according to the Ministry of Culture": a source, no outlet)
        for i in r.positions(_CITING_EN):
            next_to = i + 1 < len(r.tokens) and r.same_sentence(i, i + 1)
            if next_to and not self.take(self.body_at(i + 1)):
                self.capitalised(i + 1, after=True)
        for i in r.positions(_REPORTED_EN):
            # "ISNA reported.", "Trend reports citing IRNA"
            if i == 0 or not r.same_sentence(i - 1, i) or r.capital[i]:
                continue
            first = i - 1
            while first - 1 >= 0 and r.same_sentence(first - 1, i) and r.capital[first - 1]:
                first -= 1
            span = r.span_at(i - 1)
            if span is not None and span.kind is ORGANISATION and span.last == i:
                self.take(span)
            elif span is None and not self.take(self.body_at(first)):
                self.capitalised(i, after=False)
        self.datelines()
        for i in range(1, min(len(r.tokens) - 1, 60)):
            # "Iran's pavilion … (IRNA) –": a known agency in brackets early in the text
            if r.tokens[i - 1].text == "(" and r.tokens[i + 1].text == ")":
                span = r.span_at(i)
                if span is not None and span.subkind == "news_agency" and span.key:
                    self.take(span)

    def capitalised(self, i: int, *, after: bool) -> None:
        """A run of one to four capitalised words from token ``i`` (``after``) or ending before
        it: an outlet's name no gazetteer holds ("Trend", "Pakistan Point News")."""
        r = self.r
        step = 1 if after else -1
        k = i if after else i - 1
        found: list[int] = []
        while 0 <= k < len(r.tokens) and r.same_sentence(i if after else i - 1, k):
            if not (r.latin[k] and r.capital[k]) or r.covered[k] is not None:
                break
            key = r.words[k]
            if key in v.NOT_NAMES_EN or key in v.STOP or key in self.g.demonyms:
                break
            found.append(k)
            k += step
            if len(found) == 4:
                break
        if not found or len(found) == 4:
            return
        first, last = min(found), max(found) + 1
        if after and last < len(r.tokens) and r.same_sentence(first, last):
            nxt = r.words[last]
            if nxt and nxt not in v.STOP and not r.capital[last]:
                return  # "according to Iranian media", "the Persian service of …": no name
        if not after and first > r.sentence_tokens(r.sentence_of[first]).start and len(found) > 1:
            return  # "… the Iranian Cultural Centre reported": a body would be read as a body
        self.take(self.new(first, last))

    def datelines(self) -> None:
        """ "TEHRAN (IP) –", "Rasa –", "KARACHI, (NewsDesk / Daily Courier - 3rd Mar)":
        the agency of a dateline opening a paragraph."""
        r = self.r
        seen: set[int] = set()
        for sentence in r.sentences:
            if sentence.paragraph in seen:
                continue
            seen.add(sentence.paragraph)
            tokens = r.sentence_tokens(sentence.index)
            head = [i for i in tokens if i < tokens.start + 14]
            opening = next((i for i in head if r.tokens[i].text == "("), None)
            if opening is not None and _place_before(r, opening, tokens.start):
                self.parenthesised(opening + 1, tokens.stop)
                continue
            dash = next(
                (
                    i
                    for i in head
                    if r.tokens[i].text in _DASHES and r.tokens[i].start > r.tokens[i - 1].end
                ),
                None,
            )  # (spaced: "Rasa – …", not "Ebrahimi-Torkan")
            if dash is not None and 0 < dash - tokens.start <= 2:
                first = tokens.start
                span = r.span_at(first)
                if span is not None and span.kind is ORGANISATION and span.last == dash:
                    self.take(span)
                elif span is None and all(r.latin[k] and r.capital[k] for k in range(first, dash)):
                    self.take(self.new(first, dash))

    def parenthesised(self, j: int, stop: int) -> None:
        """The outlets inside a dateline's brackets, split by "/"; the brackets close before a
        dash or a colon ("TEHRAN (IP) –"), not before running text ("Fair (BIBF) opened")."""
        r = self.r
        close = next((k for k in range(j, min(stop, j + 14)) if r.tokens[k].text == ")"), stop)
        if close + 1 >= stop or r.tokens[close + 1].text not in _DASHES | {":"}:
            return
        k = j
        while k < stop and r.tokens[k].text not in (")",) and k - j < 12:
            start = k
            while k < stop and r.latin[k] and r.capital[k] and r.tokens[k].is_word:
                k += 1
            if k > start:
                span = r.span_at(start)
                if span is not None and span.kind is ORGANISATION:
                    self.take(span)
                elif k - start <= 4:
                    self.take(self.new(start, k))
            if k < stop and r.tokens[k].text in ("/", "|", ","):
                k += 1
                continue
            break


def _place_before(r: Reading, i: int, start: int) -> bool:
    """Whether a dateline's place opens the paragraph before token ``i`` ("TEHRAN (IP)",
    "ISLAMABAD, (", "TEHRAN, Jan. 23 (MNA)")."""
    return any(
        span.kind in (CITY, COUNTRY)
        for k in range(start, i)
        for span in [r.span_at(k)]
        if span is not None
    )


def find_outlets(reading: Reading, gazetteer: Gazetteer) -> list[Span]:
    """The outlets the article names as its source, in the order they are named; outlets no
    gazetteer holds are added to the reading as organisations."""
    outlets = _Outlets(reading, gazetteer)
    outlets.source_lines()
    outlets.site_line()
    if reading.lang == "en":
        outlets.english()
    else:
        outlets.persian()
        if any(reading.latin):
            outlets.english()
    return sorted(outlets.found, key=lambda span: span.first)
