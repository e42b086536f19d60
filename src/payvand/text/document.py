"""An article's text read as a news page: boilerplate out, headline, printed date, sentences.

Lines are paragraphs. A page has three zones:

* the **header**, every line before the first paragraph of running text: mastheads (the site's
  own name, «خبرگزاری مهر | Mehr News Agency»), menus, breadcrumbs («فرهنگ > موسیقی»), section
  names, the news code and the printed date are dropped; the kicker, the headline and the byline
  stay (they are the article's own words), and statements are never read from them;
* the **body**, up to an end mark («انتهای پیام») or the page furniture after it;
* the **tail**: tags, sources, share bars, related and most-viewed headlines, copyright lines,
  «captcha»; all dropped.

What remains is the article text every offset points into.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from datetime import date, datetime

from payvand.model import Sentence
from payvand.text import lexicon
from payvand.text.jalali import DateMatch, find_dates
from payvand.text.normalise import ascii_digits, match_key
from payvand.text.tokens import split_sentences

_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
# «…بین‌المللی استبه گزارش ایکنا»: a report cue glued to the word before it.
_GLUED_CUE = re.compile(
    "(?:" + "|".join(sorted(lexicon.REPORT_CUES_FA, key=len, reverse=True)) + ")"
)
# A full stop glued to the next sentence: «گرفتند.به گزارش».
_GLUED_STOP = re.compile(r"[.!?\u061f](?=[^\W\d_\s])")


def _unglue(text: str, pattern: re.Pattern[str], *, after: bool) -> str:
    """Put a space where ``pattern`` matches right after a letter (after the match if ``after``)."""
    parts: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        start = match.start()
        if start == 0 or not (text[start - 1].isalpha()):
            continue
        cut = match.end() if after else start
        parts.append(text[last:cut])
        parts.append(" ")
        last = cut
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


_MENU_SEPARATORS = re.compile(r"\s*(?:[|/\u2022\u00b7\u203a\u00bb>\u2014]+)\s*")
_PART_SEPARATORS = re.compile(r"\s+[|\-\u2013\u2014\u2022:]\s+|\s*\|\s*")
_BREADCRUMB = re.compile(r"\S\s*(?:>>?|\u00bb|\u203a)\s*\S")
_NEWS_CODE = re.compile(
    r"^\s*(?:"
    + "|".join(sorted(lexicon.NEWS_CODE_CUES, key=len, reverse=True))
    + r")\s*[:\uff1a]?\s*(\S+)\s*$",
    re.IGNORECASE,
)
_NEWS_CODE_ANYWHERE = re.compile(
    r"(?:"
    + "|".join(sorted(lexicon.NEWS_CODE_CUES, key=len, reverse=True))
    + r")\s*[:\uff1a]?\s*(\S+)",
    re.IGNORECASE,
)
_PUBLICATION_CUE = re.compile(
    r"(?:"
    + "|".join(
        sorted(lexicon.PUBLICATION_CUES_FA | lexicon.PUBLICATION_CUES_EN, key=len, reverse=True)
    )
    + r")(?:\s+on)?\s*[:\uff1a]",
    re.IGNORECASE,
)
_SENTENCE_PUNCTUATION = re.compile(r"[.!?\u061f:\u061b]\s*$")
_FINAL_STOP = re.compile(r"[.!?\u061f\u2026][\"'\u00bb\u201d)]*\s*$")
_BULLET = re.compile(r"^\s*[-\u2013\u2022*\u25cf\u25aa]\s+")
_CLOCK = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")
_WORDS = re.compile(r"[^\W_]+(?:[\u200c'][^\W_]+)*")
# A crawler's header line opening the page: « date 2021-02-05», the rest of the line page text.
# A line naming the article's source («منبع: ایرنا», "Source: National Iraqi News Agency"): kept,
# as the last paragraph, for the outlet it names.
_SOURCE_LINE = re.compile(
    r"^(?:"
    + "|".join(sorted(lexicon.SOURCE_CUES, key=len, reverse=True))
    + r")\s*[:\uff1a]\s*[^\s:/]\S*(?:\s+\S+){0,7}$",
    re.IGNORECASE,
)
_CRAWL_DATE = re.compile(r"\A\s*date[ \t]+(\d{4}-\d{2}-\d{2})(?![\w\-])[ \t]*")
# A dateline opening the body: «تهران. ۱۸ ژانویه ۲۰۱۹ …», "KARACHI, (NewsDesk - 3rd Mar,
# 2023) :": the date within this many characters, after a few words and no preposition.
_DATELINE_CHARS = 90
_DATELINE_WORDS = 6
_DATELINE_NOT_BEFORE = frozenset(
    match_key(w) for w in lexicon.DATE_PREPOSITIONS_FA | lexicon.DATE_PREPOSITIONS_EN
)
# Running text: a line this long (or a shorter one ending a sentence with this many words).
_BODY_CHARS = 100
_BODY_WORDS = 12
# A line ending with a full stop is a sentence from this many words ("The mayor of Yazd spoke to
# reporters on Monday."); a question or an exclamation may be a headline.
_FULL_STOP = re.compile(r"[^.]\.[\"'\u00bb\u201d)]*\s*$")
_SENTENCE_WORDS = 7


@dataclass(frozen=True, slots=True)
class Document:
    """The readable part of an article page."""

    text: str
    headline: str | None
    headline_end: int
    printed_date: datetime | date | None
    news_code: str | None
    sentences: tuple[Sentence, ...]
    dropped_lines: int
    body_start: int = 0


def detect_language(text: str) -> str:
    """``"fa"`` when Arabic-script letters outnumber Latin ones, else ``"en"``.

    Counted on the UTF-8 bytes of the first 4000 characters: an Arabic-script character starts
    with a byte 0xD8-0xDB, a Latin letter is an ASCII letter.
    """
    data = text[:4000].encode("utf-8")
    arabic = sum(data.count(lead) for lead in _ARABIC_LEADS)
    latin = len(data.translate(None, _NOT_ASCII_LETTERS))
    return "fa" if arabic >= latin else "en"


_ARABIC_LEADS = (b"\xd8", b"\xd9", b"\xda", b"\xdb")
_NOT_ASCII_LETTERS = bytes(b for b in range(256) if not (b < 128 and chr(b).isalpha()))


def _keys(words: frozenset[str]) -> frozenset[str]:
    return frozenset(match_key(w) for w in words)


_NAV_KEYS = _keys(lexicon.NAVIGATION_WORDS)
_NAV_WORD_KEYS = frozenset(k for w in lexicon.NAVIGATION_WORDS for k in match_key(w).split())
_BOILERPLATE_KEYS = _keys(lexicon.BOILERPLATE_LINES)
_RELATED_KEYS = _keys(lexicon.RELATED_HEADERS)
_TAIL_SET = _keys(lexicon.TAIL_LINE_CUES)
_LABEL_KEYS = _keys(lexicon.LABEL_CUES)
_LABELS = _TAIL_SET | _LABEL_KEYS
# The first words of those cues: a line opening with none of them opens with no cue.
_CUE_FIRST_WORDS = frozenset(k.split()[0] for k in _LABELS)
_FOLLOW_KEYS = _keys(lexicon.FOLLOW_CUES)
_CLICK_KEYS = _keys(lexicon.CLICK_CUES)
_NETWORK_KEYS = _keys(lexicon.SOCIAL_NETWORKS)
_REUSE_KEYS = _keys(lexicon.REUSE_NOTICES)
_RULING_KEYS = _keys(lexicon.REUSE_RULINGS)
# The first word of every follow cue and notice of reuse: a line holding none is neither.
_NOTICE_FIRST_WORDS = frozenset(k.split()[0] for k in _FOLLOW_KEYS | _REUSE_KEYS | _CLICK_KEYS)
# Punctuation around words, made spaces, and ZWNJs, dropped as the match key drops them.
_EDGES = {ord(c): " " for c in ".,;:!?\u060c\u061b\u061f\u00ab\u00bb\"'()[]"} | {0x200C: None}
# Those first words anywhere in a line, even inside other words (see _holds_notice_word).
_NOTICE_FIRST_TEXT = re.compile(
    "|".join(re.escape(w) for w in sorted(_NOTICE_FIRST_WORDS, key=len, reverse=True))
)
_RELATED_LONG = frozenset(h for h in _RELATED_KEYS if len(h.split()) >= 2)
_END_KEYS = _keys(lexicon.END_MARKS)
_SITE_WORD_KEYS = frozenset(k for w in lexicon.SITE_WORDS for k in match_key(w).split())
_WEEKDAY_KEYS = _keys(lexicon.WEEKDAYS_FA | lexicon.WEEKDAYS_EN)


def _words(line: str) -> list[str]:
    return _WORDS.findall(line)


def _line_key(line: str) -> str:
    """The match key of a line, of its first words only for a long one (enough for every test:
    a long line is running text unless it opens like page furniture)."""
    return match_key(line if len(line) <= _KEYED_CHARS else line[:_PREFIX_CHARS])


_KEYED_CHARS = 90
_PREFIX_CHARS = 48
# A publication cue opens its line («تاریخ انتشار:», "Published:") or comes early in it.
_CUE_CHARS = 100
# A line printing the date is short; a paragraph of running text is never one.
_DATED_LINE = 140


def _has_colon(line: str) -> bool:
    """Whether a publication cue could end in ``line``: every cue ends in a colon, and most lines
    hold none within reach, so this cheap test spares them the search of every cue."""
    head = line[:_CUE_CHARS]
    return ":" in head or "\uff1a" in head


def _is_navigation(line: str, key: str) -> bool:
    """A menu: items split by bars or bullets, or a run of section names with no sentence."""
    parts = [p for p in _MENU_SEPARATORS.split(line) if p.strip()]
    if not parts:
        return True
    if all(match_key(p) in _NAV_KEYS for p in parts):
        return True
    if (
        len(parts) >= 3
        and all(len(p.split()) <= 3 for p in parts)
        and bool(_MENU_SEPARATORS.search(line))
    ):
        return True
    keys = key.split()
    if len(keys) >= 4 and not _SENTENCE_PUNCTUATION.search(line):
        known = sum(1 for k in keys if k in _NAV_WORD_KEYS)
        return known >= 0.6 * len(keys)
    return False


def _is_masthead(line: str, mastheads: Container[str]) -> bool:
    """The site's own name: every part is an organisation's name, site words aside."""
    parts = [p.strip() for p in _PART_SEPARATORS.split(line) if p.strip()]
    named = False
    for part in parts:
        key = match_key(part)
        if key in mastheads:
            named = True
            continue
        rest = " ".join(k for k in key.split() if k not in _SITE_WORD_KEYS)
        if not rest:
            continue
        if rest in mastheads:
            named = True
            continue
        return False
    return named


def _is_boilerplate(line: str, key: str) -> bool:
    """Page furniture on a line of its own: share bars, tags, labels, copyright, follow lines."""
    if not key:
        return True
    words = key.split()
    if key in _BOILERPLATE_KEYS or "captcha" in words:
        return True
    if "\u00a9" in line[:_NOTICE_CHARS] or line.startswith(("(c)", "(C)")):
        return True  # a copyright line
    if words[0] in _CUE_FIRST_WORDS and _opens_with_cue(line, words):
        return True
    if len(line) < _NOTICE_CHARS and len(words) <= _NOTICE_WORDS:
        if len(line) <= _KEYED_CHARS:
            if _NOTICE_FIRST_WORDS.isdisjoint(words):
                return False
            full = key
        elif not _holds_notice_word(line):
            return False  # (looked for in the line's words, cheaper than in its key)
        else:
            full = match_key(line)
        follow = _has_phrase(full, _FOLLOW_KEYS) and _has_phrase(full, _NETWORK_KEYS)
        return (
            follow
            or (_has_phrase(full, _REUSE_KEYS) and _has_phrase(full, _RULING_KEYS))
            or _has_phrase(full, _CLICK_KEYS)
        )
    return False


def _holds_notice_word(line: str) -> bool:
    """Whether a word of ``line`` opens a follow cue or a notice of reuse (casefolded, ZWNJs
    dropped). Most lines hold none of those words even inside another word, and one search shows
    that much more cheaply than cutting the line into its words."""
    folded = line.casefold()
    if _NOTICE_FIRST_TEXT.search(folded.replace("\u200c", "")) is None:
        return False
    return not _NOTICE_FIRST_WORDS.isdisjoint(folded.translate(_EDGES).split())


# Furniture lines are short: a notice or a follow line of more than this is running text.
_NOTICE_CHARS = 200
_NOTICE_WORDS = 30
# A cue word opening a line that is not a sentence: the cue and at most this many words.
_LABEL_REST_WORDS = 4


def _opens_with_cue(line: str, words: list[str]) -> bool:
    """The line opens with a cue of furniture: a tail cue («برچسب‌ها», "Short URL"), or a label
    cue («منبع», "Tel») used as a label («منبع: ایرنا») or with a few words and no sentence."""
    cue = next((n for n in (4, 3, 2, 1) if n <= len(words) and " ".join(words[:n]) in _LABELS), 0)
    if not cue:
        return False
    opening = " ".join(words[:cue])
    if opening in _TAIL_SET:
        return len(words) <= 24
    label, colon, _ = line.partition(":")
    if colon and len(match_key(label).split()) <= cue + 1:
        return True  # «منبع: ایرنا», "Source: IRNA", "Tel.: +98 21 …"
    return (
        len(line) <= _KEYED_CHARS  # so that ``words`` are all the line's words
        and len(words) <= cue + _LABEL_REST_WORDS
        and not _FINAL_STOP.search(line)
    )


def _has_phrase(key: str, phrases: frozenset[str]) -> bool:
    """Whether the words of ``key`` hold one of ``phrases`` (match keys of one or more words)."""
    padded = f" {key} "
    return any(f" {phrase} " in padded for phrase in phrases)


def _is_related_header(line: str, key: str) -> bool:
    if key in _RELATED_KEYS or key in _TAIL_SET or key in _LABEL_KEYS:
        return True
    words = key.split()
    return (
        len(words) <= 5
        and not _SENTENCE_PUNCTUATION.search(line)
        and any(" ".join(words[:n]) in _RELATED_LONG for n in (2, 3, 4) if n < len(words))
    )


def _is_end_mark(key: str) -> bool:
    return key in _END_KEYS


def _date_only(line: str, found: list[DateMatch]) -> DateMatch | None:
    """The date a line consists of (weekday names, clock times and separators aside)."""
    if not found:
        return None
    match = found[0]
    rest = ascii_digits((line[: match.start] + " " + line[match.end :]).strip())
    words = [
        w
        for w in rest.split()
        if w.strip("-/|,\u060c") and not _CLOCK.match(w.strip("-/|,\u060c"))
        for k in (match_key(w),)
        if k and k not in _WEEKDAY_KEYS
    ]
    return match if len(words) <= 1 else None


def _is_running_text(line: str) -> bool:
    """A line of the body: a long one, or a sentence (a headline ends with no full stop)."""
    if len(line) >= _BODY_CHARS:
        return True
    if _FULL_STOP.search(line):
        return len(_words(line)) >= _SENTENCE_WORDS
    return bool(_FINAL_STOP.search(line)) and len(_words(line)) >= _BODY_WORDS


def _is_headline_like(line: str) -> bool:
    """A header line worth keeping: a headline (four words or more) or a kicker («…؛», «…:»)."""
    words = _words(line)
    if len(words) >= 4:
        return True
    return len(words) >= 2 and line.rstrip().endswith((":", "\u061b", ";"))


def read_document(text: str, *, mastheads: Container[str] = frozenset()) -> Document:
    """Split normalised ``text`` into its headline, printed date and body sentences.

    ``mastheads`` holds the match keys of names a site may print as its masthead (the names of
    news agencies and other bodies): a header line made only of them is not article text.
    """
    text = _TEMPLATE.sub(" ", text)
    crawled, text = _crawl_date(text)
    text = _unglue(text, _GLUED_CUE, after=False)
    text = _unglue(text, _GLUED_STOP, after=True)
    lines = _unwrapped([line.strip() for line in text.split("\n")])
    keys = [_line_key(line) for line in lines]
    body_at = next(
        (
            n
            for n, line in enumerate(lines)
            if _is_running_text(line)
            and not _is_navigation(line, keys[n])
            and not _is_boilerplate(line, keys[n])
        ),
        len(lines),
    )
    kept: list[str] = []
    header_lines = 0
    printed: DateMatch | None = None
    fallback: DateMatch | None = None
    dateline: DateMatch | None = None
    sources: list[str] = []
    datelines: set[int] = set()  # the header lines (of ``kept``) that are datelines
    news_code: str | None = None
    dropped = 0
    in_related = False
    ended = False
    for index, line in enumerate(lines):
        if not line:
            continue
        header = index < body_at
        key = keys[index]
        code = _NEWS_CODE.match(line) or (len(line) < 80 and _NEWS_CODE_ANYWHERE.search(line))
        if code:
            news_code = ascii_digits(code.group(1))
            # «۱۴۰۲/۰۸/۱۵ - ۱۰:۲۴  کد خبر: …», «کد خبر: ۸۸۲۱۳ | ۱۴۰۳/۱۱/۱۶»: the article's own
            # metadata line, so its date is the publication date.
            stamped = find_dates(line) if printed is None else []
            if stamped:
                printed = stamped[0]
            dropped += 1
            continue
        if _SOURCE_LINE.match(line) and "://" not in line and "www." not in line:
            sources.append(line)
            dropped += 1
            continue
        if _is_related_header(line, key):
            in_related = True
            dropped += 1
            continue
        if _is_boilerplate(line, key):
            dropped += 1
            continue
        cue = (
            _PUBLICATION_CUE.search(line, 0, _CUE_CHARS)
            if len(line) < _DATED_LINE and _has_colon(line)
            else None
        )
        dated = cue or len(line) < (80 if header or not kept else 40)
        found = find_dates(line) if dated and "://" not in line else []
        if cue and found and printed is None:
            printed = next((m for m in found if m.start >= cue.start()), found[0])
            dropped += 1
            continue
        if cue and cue.end() >= len(line.rstrip()) - 1 and len(_words(line)) <= 4:
            dropped += 1  # «تاریخ انتشار:» with the date in a separate line or none
            continue
        date_line = _date_only(line, found)
        if date_line is not None:
            if fallback is None and (header or not kept):
                fallback = date_line
            dropped += 1
            continue
        if ended:
            dropped += 1
            continue
        if _is_end_mark(key):
            ended = True
            dropped += 1
            continue
        if in_related:
            # Headlines of other articles: short lines without sentence punctuation.
            if len(line) < 160 and not _FINAL_STOP.search(line):
                dropped += 1
                continue
            in_related = False
        opens_with_date = False
        if dateline is None and (header or (index == body_at and not kept[header_lines:])):
            dateline = _dateline_date(line, found or find_dates(line[:_DATELINE_CHARS]))
            opens_with_date = dateline is not None
        if header:
            if (
                _is_navigation(line, key)
                or _is_masthead(line, mastheads)
                or (_BREADCRUMB.search(line) and len(_words(line)) <= 6)
                or not (_is_headline_like(line) or _is_byline(line))
                or _is_staff_byline(line)
            ):
                dropped += 1
                continue
            if opens_with_date:
                datelines.add(len(kept))
            kept.append(line)
            header_lines += 1
            continue
        if _BULLET.match(line) and not _FINAL_STOP.search(line):
            dropped += 1  # a list of other headlines after the body
            continue
        kept.append(line)
    body = "\n".join(kept + sources[:1])
    headline: str | None = None
    header_end = sum(len(line) + 1 for line in kept[:header_lines]) - 1 if header_lines else 0
    headers = kept[:header_lines]
    candidates = [
        line
        for n, line in enumerate(headers)
        if n not in datelines
        and len(_words(line)) >= 3
        and not line.rstrip().endswith((":", "\u061b", ";"))
        and not _is_byline(line)
    ]
    # The headline is the last such line; one that ends a sentence is more likely a lead.
    unstopped = [line for line in candidates if not _FINAL_STOP.search(line)]
    if unstopped or candidates:
        headline = (unstopped or candidates)[-1]
    if (
        headline is None
        and kept
        and not _is_running_text(kept[0])
        and not kept[0].endswith(":")
        and len(kept) > 1
    ):
        headline = kept[0]
        if not header_lines:
            header_end = len(kept[0])
    sentences = tuple(
        Sentence(index=i, start=start, end=end, paragraph=paragraph)
        for i, (start, end, paragraph) in enumerate(split_sentences(body))
    )
    chosen = printed or fallback or dateline
    return Document(
        text=body,
        headline=headline,
        headline_end=max(header_end, 0),
        printed_date=crawled or (chosen.to_datetime() if chosen else None),
        news_code=news_code,
        sentences=sentences,
        dropped_lines=dropped,
        body_start=max(header_end + 1, 0) if header_lines else 0,
    )


def _unwrapped(lines: list[str]) -> list[str]:
    """English lines a page broke mid-sentence, joined: the next line starts with a small letter,
    or the line ends with a comma or a word that cannot end a sentence ("… attended the" /
    "Farsi Knowledge Boost Course, …"), or a line of running text (one already joined, or one
    holding the end of a sentence) ends with no punctuation ("… by the Islamic Communications" /
    "Culture Organization.")."""
    out: list[str] = []
    running: list[bool] = []
    for line in lines:
        if out and line and out[-1] and _continues(out[-1], line, running=running[-1]):
            out[-1] = f"{out[-1]} {line}"
            running[-1] = True
        else:
            out.append(line)
            running.append(bool(_INNER_STOP.search(line)))
    return out


def _continues(line: str, nxt: str, *, running: bool) -> bool:
    last = line[-1]
    if not last.isascii() or not (last.isalpha() or last == ","):
        return False
    first = nxt[0]
    if not first.isascii() or not first.isalpha():
        return False
    if first.islower() or last == ",":
        return True
    return running or line.rsplit(" ", 1)[-1].lower() in _OPEN_ENDINGS_EN


# The end of a sentence inside a line, before more words.
_INNER_STOP = re.compile(r"[a-z][.!?] [A-Z\"\u201c]")
# English words a sentence does not end with: a line ending with one goes on in the next.
_OPEN_ENDINGS_EN = lexicon.OPEN_ENDINGS_EN


def _crawl_date(text: str) -> tuple[date | None, str]:
    """The date of a crawler's header line (`` date 2021-02-05``), and the text without it."""
    match = _CRAWL_DATE.match(text)
    if match is None:
        return None, text
    try:
        day = date.fromisoformat(match.group(1))
    except ValueError:
        return None, text
    return day, text[match.end() :]


def _dateline_date(line: str, found: list[DateMatch]) -> DateMatch | None:
    """The date of a dateline opening the body: early in the line, after a place or an agency
    («تهران. ۱۸ ژانویه ۲۰۱۹ میلادی …», "KARACHI, (NewsDesk - 3rd Mar, 2023) :"), never
    after a preposition ("On 12 January 2023, the embassy …" dates an event)."""
    match = next((m for m in found if m.start < _DATELINE_CHARS), None)
    if match is None:
        return None
    before = match_key(line[: match.start]).split()
    if len(before) > _DATELINE_WORDS or not _DATELINE_NOT_BEFORE.isdisjoint(before):
        return None
    return match


_BYLINE = re.compile(
    r"^(?:by|"
    + "|".join(sorted(lexicon.BYLINE_CUES_FA, key=len, reverse=True))
    + r")\s*[:\uff1a]?\s+\S",
    re.IGNORECASE,
)


def _is_byline(line: str) -> bool:
    return bool(_BYLINE.match(line))


_STAFF_KEYS = _keys(lexicon.STAFF_WORDS)


def _is_staff_byline(line: str) -> bool:
    """ "By IFP Editorial Staff", «گروه فرهنگی»: a byline naming no person is site furniture."""
    return _is_byline(line) and any(k in _STAFF_KEYS for k in match_key(line).split())
