"""Words and punctuation with their offsets, and the sentence split of a text.

Gazetteer names are tokenised with the same function as article text, so that both sides of a
lookup agree. ZWNJ stays inside a token; «،», «؛», «؟» and the other punctuation are tokens of
their own.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from payvand.text.normalise import match_key

_TOKEN = re.compile(r"[^\W_]++(?:(?:\u200c|['\u2019](?![sS]\b))[^\W_]++)*+|['\u2019][sS]\b|[^\w\s]")
# Punctuation that may sit inside a name and is skipped when matching names.
SOFT_PUNCTUATION = frozenset(",\u060c-\u2010\u2011\u2013.\u0640'\u2019") | {"'s", "\u2019s"}
# An abbreviation or initial before a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "mt",
        "no",
        "gen",
        "col",
        "lt",
        "sr",
        "jr",
        "u",
        "s",
        "e",
        "g",
        "i",
        "v",
        "vs",
        "inc",
        "ltd",
        "co",
        "dept",
        "approx",
        "hon",
        "rev",
    ]
)


class Token(NamedTuple):
    """A word or a punctuation mark: its offsets, its text and its match key."""

    start: int
    end: int
    text: str
    key: str
    is_word: bool


def tokenise(text: str, offset: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of ``text``, from character ``offset`` (to ``end``), with offsets in ``text``.

    (``tokenise(text[a:b])`` and ``tokenise(text, a, b)`` give the same words; the second counts
    offsets from the start of ``text``.)

    No token holds a space, so the text is cut at its spaces (a plain split) and each piece is
    tokenised once and remembered: news repeats its words, and most pieces are one word.
    """
    tokens: list[Token] = []
    append = tokens.append
    pieces = _PIECES
    new = _new_token
    position = offset
    for piece in text[offset:end].split(" "):
        found = pieces.get(piece)
        if found is None:
            found = _piece_tokens(piece)
            if len(pieces) > _PIECES_KEPT:
                pieces.clear()
            pieces[piece] = found
        for start, stop, surface, key, is_word in found:
            append(new(Token, (position + start, position + stop, surface, key, is_word)))
        position += len(piece) + 1
    return tokens


def _piece_tokens(piece: str) -> tuple[tuple[int, int, str, str, bool], ...]:
    """The tokens of a piece of text without spaces, with offsets in the piece."""
    found: list[tuple[int, int, str, str, bool]] = []
    for match in _TOKEN.finditer(piece):
        surface = match.group()
        is_word = surface[0].isalnum()
        key = match_key(surface).replace(" ", "") if is_word else surface
        found.append((match.start(), match.end(), surface, key, is_word))
    return tuple(found)


_new_token = tuple.__new__  # a Token without the named tuple's Python-level constructor


# The tokens of pieces of text (see tokenise), remembered across articles; bounded.
_PIECES: dict[str, tuple[tuple[int, int, str, str, bool], ...]] = {}
_PIECES_KEPT = 200_000


def name_keys(text: str) -> tuple[str, ...]:
    """The word keys of a name, as :func:`tokenise` would give them inside a text."""
    return tuple(token.key for token in tokenise(text) if token.is_word and token.key)


# A sentence ends after «.!?؟…» (and closing quotes) before a space: group 1 is what follows the
# mark. (The mark is matched, not looked behind for, so that a search jumps from mark to mark.)
_SENTENCE_END = re.compile(r"[.!?\u061f\u2026]([\"'\u00bb\u201d)]*\s+)")
_WORD_BEFORE_STOP = re.compile(r"[^\W_]+(?=\.$)")
_DIGIT_STOP = re.compile(r"\d\.$")
_DIGIT = re.compile(r"\d")


def split_sentences(text: str) -> list[tuple[int, int, int]]:
    """``(start, end, paragraph)`` of each sentence: paragraphs (lines) first, then ``.!?؟``."""
    spans: list[tuple[int, int, int]] = []
    position = 0
    for paragraph, line in enumerate(text.split("\n")):
        line_start = position
        position += len(line) + 1
        if not line.strip():
            continue
        start = 0
        for match in _SENTENCE_END.finditer(line):
            end = match.start(1)
            before = line[start:end].rstrip("\"'\u00bb\u201d)")
            if before.endswith("."):
                # The word before the full stop lies in the last space-separated piece.
                last_word = _WORD_BEFORE_STOP.findall(before.rsplit(" ", 1)[-1])
                if last_word and (last_word[0].lower() in _ABBREVIATIONS or len(last_word[0]) == 1):
                    continue
                if _DIGIT_STOP.search(before[-2:]) and _DIGIT.match(line, match.end()):
                    continue
            if line[start:end].strip():
                spans.append(_trim(line, start, end, line_start, paragraph))
            start = match.end()
        if line[start:].strip():
            spans.append(_trim(line, start, len(line), line_start, paragraph))
    return spans


def _trim(line: str, start: int, end: int, base: int, paragraph: int) -> tuple[int, int, int]:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return (base + start, base + end, paragraph)
