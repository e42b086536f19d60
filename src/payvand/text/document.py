"""An article's text read as a news page: boilerplate out, headline, printed date, sentences.

Lines are paragraphs. Site navigation, «captcha», share buttons, lists of related headlines and
template braces are dropped; header lines («کد خبر», «تاریخ انتشار», "Published: …") are read as
metadata and kept out of the body. What remains is the article text every offset points into.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from payvand.model import Sentence
from payvand.text import lexicon
from payvand.text.jalali import DateMatch, find_dates
from payvand.text.normalise import ascii_digits, match_key
from payvand.text.tokens import split_sentences

_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
_GLUED_CUE = re.compile(
    r"(?<=[^\W\d_])(" + "|".join(sorted(lexicon.REPORT_CUES_FA, key=len, reverse=True)) + r")"
)
_MENU_SEPARATORS = re.compile(r"\s*[|/\u2022\u00b7\u203a\u00bb>\u2014]\s*")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_NEWS_CODE = re.compile(
    r"^\s*(?:"
    + "|".join(sorted(lexicon.NEWS_CODE_CUES, key=len, reverse=True))
    + r")\s*[:\uff1a]?\s*(\S+)\s*$",
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


def detect_language(text: str) -> str:
    """``"fa"`` when Arabic-script letters outnumber Latin ones, else ``"en"``."""
    sample = text[:4000]
    return (
        "fa" if len(_ARABIC_LETTER.findall(sample)) >= len(_LATIN_LETTER.findall(sample)) else "en"
    )


def _is_navigation(line: str) -> bool:
    parts = [p for p in _MENU_SEPARATORS.split(line) if p.strip()]
    if not parts:
        return True
    if all(match_key(p) in _NAV_KEYS for p in parts):
        return True
    # «خانه | اخبار | فرهنگی» and the like: many short items separated by bars or bullets.
    return (
        len(parts) >= 3
        and all(len(p.split()) <= 3 for p in parts)
        and bool(_MENU_SEPARATORS.search(line))
    )


_NAV_KEYS = frozenset(match_key(w) for w in lexicon.NAVIGATION_WORDS)
_BOILERPLATE_KEYS = frozenset(match_key(w) for w in lexicon.BOILERPLATE_LINES)
_RELATED_KEYS = frozenset(match_key(w) for w in lexicon.RELATED_HEADERS)


def _is_boilerplate(line: str) -> bool:
    key = match_key(line)
    if not key:
        return True
    return bool(key in _BOILERPLATE_KEYS or "captcha" in key.split())


def _is_related_header(line: str) -> bool:
    return match_key(line) in _RELATED_KEYS


def _date_only(line: str, found: list[DateMatch]) -> DateMatch | None:
    """The date a line consists of (weekday names and separators aside)."""
    if not found:
        return None
    match = found[0]
    rest = (line[: match.start] + " " + line[match.end :]).strip()
    words = [w for w in match_key(rest).split() if w not in _WEEKDAY_KEYS]
    return match if len(words) <= 1 else None


_WEEKDAY_KEYS = frozenset(match_key(w) for w in lexicon.WEEKDAYS_FA | lexicon.WEEKDAYS_EN)


def read_document(text: str) -> Document:
    """Split normalised ``text`` into its headline, printed date and body sentences."""
    text = _TEMPLATE.sub(" ", text)
    text = _GLUED_CUE.sub(r" \1", text)
    lines = [line.strip() for line in text.split("\n")]
    kept: list[str] = []
    printed: DateMatch | None = None
    fallback: DateMatch | None = None
    news_code: str | None = None
    dropped = 0
    in_related = False
    seen_body = False
    for index, line in enumerate(lines):
        if not line:
            continue
        if _is_related_header(line):
            in_related = True
            dropped += 1
            continue
        if in_related:
            # Headlines of other articles: short lines without sentence punctuation.
            if len(line) < 160 and not _SENTENCE_PUNCTUATION.search(line):
                dropped += 1
                continue
            in_related = False
        code = _NEWS_CODE.match(line)
        if code:
            news_code = ascii_digits(code.group(1))
            dropped += 1
            continue
        if _is_boilerplate(line):
            dropped += 1
            continue
        cue = _PUBLICATION_CUE.search(line)
        found = find_dates(line) if (cue or len(line) < 80) else []
        if cue and found and printed is None:
            printed = next((m for m in found if m.start >= cue.start()), found[0])
            dropped += 1
            continue
        date_line = _date_only(line, found)
        if date_line is not None:
            if fallback is None and (index < 12 or not seen_body):
                fallback = date_line
            dropped += 1
            continue
        if not seen_body and _is_navigation(line):
            dropped += 1
            continue
        kept.append(line)
        if len(line) > 120:
            seen_body = True
    body = "\n".join(kept)
    headline: str | None = None
    headline_end = 0
    if kept and len(kept[0]) <= 250 and not kept[0].endswith(":"):
        headline = kept[0]
        headline_end = len(kept[0])
    sentences = tuple(
        Sentence(index=i, start=start, end=end, paragraph=paragraph)
        for i, (start, end, paragraph) in enumerate(split_sentences(body))
    )
    chosen = printed or fallback
    return Document(
        text=body,
        headline=headline,
        headline_end=headline_end,
        printed_date=chosen.to_datetime() if chosen else None,
        news_code=news_code,
        sentences=sentences,
        dropped_lines=dropped,
    )
