"""The working state of one article's extraction: tokens, sentences and the spans found so far.

A :class:`Reading` is built once per article and passed to each extractor in turn; spans are
token ranges ``[first, last)`` over :attr:`Reading.tokens`, never crossing a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from payvand.model import EntityKind, Sentence
from payvand.text.normalise import match_key
from payvand.text.tokens import SOFT_PUNCTUATION, Token, tokenise

_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LATIN_LETTERS = frozenset(
    c for c in map(chr, range(0x0250)) if c.isalpha() and (c.isascii() or ord(c) >= 0xC0)
)
_CAPITALS = frozenset(c for c in _LATIN_LETTERS if c.isupper())
_DASHES = frozenset({"-", "\u2013", "\u2014"})


# The classes made many times per article spell out their __init__: the compiled build then
# compiles it, where the one dataclass writes would run interpreted (several times slower).


@dataclass(slots=True, eq=False)
class Span:
    """A stretch of tokens recognised as a name, a title or a cue (compared by identity)."""

    first: int
    last: int
    kind: EntityKind
    key: str | None
    label: str
    titles: tuple[str, ...]
    subkind: str | None
    candidates: tuple[str, ...]
    source: str
    dropped: bool
    order: int

    def __init__(
        self,
        first: int,
        last: int,
        kind: EntityKind,
        key: str | None = None,
        label: str = "",
        titles: tuple[str, ...] = (),
        subkind: str | None = None,
        candidates: tuple[str, ...] = (),
        source: str = "gazetteer",
        dropped: bool = False,
        order: int = 0,
    ) -> None:
        self.first = first
        self.last = last
        self.kind = kind
        self.key = key
        self.label = label
        self.titles = titles
        self.subkind = subkind
        self.candidates = candidates
        self.source = source
        self.dropped = dropped
        self.order = order


@dataclass(slots=True)
class RoleSpan:
    first: int
    last: int
    role_id: str
    label: str
    label_en: str | None

    def __init__(
        self, first: int, last: int, role_id: str, label: str, label_en: str | None
    ) -> None:
        self.first = first
        self.last = last
        self.role_id = role_id
        self.label = label
        self.label_en = label_en


class Reading:
    """An article as the recognisers read it: its tokens, and the spans found so far."""

    def __init__(
        self,
        text: str,
        lang: str,
        sentences: tuple[Sentence, ...],
        tokens: list[Token],
        sentence_of: list[int],
        words: list[str],
        *,
        covered: list[Span | None] | None = None,
        ranges: list[range] | None = None,
        latin: list[bool] | None = None,
        capital: list[bool] | None = None,
    ) -> None:
        self.text = text
        self.lang = lang
        self.sentences = sentences
        self.tokens = tokens
        self.sentence_of = sentence_of
        self.words = words
        self._spans: list[Span] = []
        self.roles: list[RoleSpan] = []
        self.honorific_spans: list[tuple[int, int, str, bool]] = []
        self.covered: list[Span | None] = [] if covered is None else covered
        self.ranges: list[range] = [] if ranges is None else ranges
        self.latin: list[bool] = [] if latin is None else latin
        self.capital: list[bool] = [] if capital is None else capital
        self.header_end: int = 0
        self._starts: dict[int, dict[int, int]] = {}
        self._where: dict[str, list[int]] = {}
        self._changes: int = 0
        self._dateline: set[int] | None = None
        self._present: frozenset[str] | None = None
        self._by_first: dict[int, list[Span]] = {}
        self._by_sentence: dict[int, list[Span]] = {}
        self._stale: bool = False
        self._longest: int = 0
        self._by_key: dict[str, list[Span]] = {}
        self._by_key_version: int = -1
        self._ordered: dict[EntityKind, tuple[list[int], list[Span]]] = {}
        self._ordered_version: int = -1
        self._honorific_ends: dict[int, int] = {}
        self._in_honorific: set[int] = set()
        self._honorifics_by_end: dict[int, list[tuple[int, str]]] = {}
        self._honorifics_indexed: int = -1
        self.sequences: dict[int, tuple[list[str], list[int]]] = {}
        self._role_ends: dict[int, int] = {}
        self._roles_indexed: int = -1
        self._in_role: set[int] = set()
        self.sequence_positions: dict[int, int] = {}

    @classmethod
    def of(cls, text: str, sentences: tuple[Sentence, ...], lang: str) -> Reading:
        tokens: list[Token] = []
        sentence_of: list[int] = []
        ranges: list[range] = []
        for sentence in sentences:
            found = tokenise(text, sentence.start, sentence.end)
            ranges.append(range(len(tokens), len(tokens) + len(found)))
            tokens.extend(found)
            sentence_of.extend([sentence.index] * len(found))
        words = [token.key if token.is_word else "" for token in tokens]
        if _LATIN.search(text):
            latin = [token.text[0] in _LATIN_LETTERS for token in tokens]
            capital = [token.text[0] in _CAPITALS for token in tokens]
        else:
            latin = [False] * len(tokens)
            capital = [False] * len(tokens)
        return cls(
            text,
            lang,
            sentences,
            tokens,
            sentence_of,
            words,
            covered=[None] * len(tokens),
            ranges=ranges,
            latin=latin,
            capital=capital,
        )

    def surface(self, first: int, last: int) -> str:
        """The text of tokens ``[first, last)`` as written."""
        if first >= last:
            return ""
        return self.text[self.tokens[first].start : self.tokens[last - 1].end]

    @property
    def spans(self) -> list[Span]:
        """Every span found so far (nested ones too), in the order they were added."""
        if self._stale:
            self._spans = [span for span in self._spans if not span.dropped]
            self._stale = False
        return self._spans

    def _index_roles(self) -> None:
        if self._roles_indexed != len(self.roles):
            self._role_ends = {role.first: role.last for role in self.roles}
            self._in_role = {i for role in self.roles for i in range(role.first, role.last)}
            self._roles_indexed = len(self.roles)

    def role_end(self, i: int) -> int:
        """The end of the title starting at token ``i``, or 0 when none does."""
        self._index_roles()
        return self._role_ends.get(i, 0)

    def in_role(self, i: int) -> bool:
        """Whether token ``i`` is part of a title."""
        self._index_roles()
        return i in self._in_role

    def spans_from(self, i: int) -> list[Span]:
        """Every span (nested ones too) starting at token ``i``."""
        return self._by_first.get(i, [])

    def spans_in(self, sentence: int) -> list[Span]:
        """Every span (nested ones too) of a sentence, in the order they were found."""
        return self._by_sentence.get(sentence, [])

    def spans_starting(self, first: int, end: int) -> list[Span]:
        """Every span (nested ones too) starting at a token of ``[first, end)``, by position."""
        found: list[Span] = []
        by_first = self._by_first
        for i in range(max(first, 0), end):
            starting = by_first.get(i)
            if starting:
                found.extend(starting)
        return found

    def has(self, span: Span) -> bool:
        """Whether ``span`` was added and not dropped."""
        return not span.dropped and any(s is span for s in self._by_first.get(span.first, ()))

    def mentions_of(self, key: str) -> list[Span]:
        """The spans naming entity ``key``, in the order they were added."""
        if self._by_key_version != self._changes:
            by_key: dict[str, list[Span]] = {}
            for span in self.spans:
                if span.key:
                    by_key.setdefault(span.key, []).append(span)
            self._by_key = by_key
            self._by_key_version = self._changes
        return self._by_key.get(key, [])

    def ordered(self, kind: EntityKind) -> tuple[list[int], list[Span]]:
        """The spans of ``kind`` with a key, sorted by first token, and their first tokens."""
        if self._ordered_version != self._changes:
            self._ordered = {}
            self._ordered_version = self._changes
        found = self._ordered.get(kind)
        if found is None:
            spans = sorted(
                (s for s in self.spans if s.kind is kind and s.key),
                key=lambda s: (s.first, -s.order),
            )
            found = self._ordered[kind] = ([s.first for s in spans], spans)
        return found

    def _index_honorifics(self) -> None:
        if self._honorifics_indexed != len(self.honorific_spans):
            self._honorific_ends = {}
            self._honorifics_by_end = {}
            self._in_honorific = set()
            for start, end, text, _part in self.honorific_spans:
                self._honorific_ends.setdefault(start, end)
                self._honorifics_by_end.setdefault(end, []).append((start, text))
                self._in_honorific.update(range(start, end))
            self._honorifics_indexed = len(self.honorific_spans)

    def honorific_end(self, i: int) -> int:
        """The end of the (first) honorific starting at token ``i``, or 0 when none does."""
        self._index_honorifics()
        return self._honorific_ends.get(i, 0)

    def honorifics_ending(self, i: int) -> list[tuple[int, str]]:
        """The honorifics ending just before token ``i``: (first token, text as written)."""
        self._index_honorifics()
        return self._honorifics_by_end.get(i, [])

    def in_honorific(self, i: int) -> bool:
        """Whether token ``i`` is part of an honorific."""
        self._index_honorifics()
        return i in self._in_honorific

    def rekeyed(self) -> None:
        """Say that spans' keys were set or changed in place (by resolution): the lookups by
        entity and by kind are read again, not from what they held before."""
        self._changes += 1

    def _index_span(self, span: Span) -> None:
        self._changes += 1
        span.order = self._changes
        span.dropped = False
        self._spans.append(span)
        self._by_first.setdefault(span.first, []).append(span)
        self._by_sentence.setdefault(self.sentence_of[span.first], []).append(span)
        self._longest = max(self._longest, span.last - span.first)

    def add(self, span: Span) -> None:
        self._index_span(span)
        covered = self.covered
        for i in range(span.first, span.last):
            if covered[i] is None:
                covered[i] = span

    def add_inner(self, span: Span) -> None:
        """Add a span nested inside another one, which keeps covering its tokens."""
        span.source = "inner"
        self._index_span(span)

    def is_free(self, first: int, last: int) -> bool:
        """Whether no span covers any of tokens ``[first, last)``."""
        # (Counted in C over a slice; a span's index may be 0, so no truth test will do.)
        covered = self.covered[first:last]
        return covered.count(None) == len(covered)

    def same_sentence(self, i: int, j: int) -> bool:
        return (
            0 <= i < len(self.tokens)
            and 0 <= j < len(self.tokens)
            and (self.sentence_of[i] == self.sentence_of[j])
        )

    def soft(self, i: int) -> bool:
        """Whether token ``i`` is punctuation that may sit inside a name («،», «-»)."""
        return not self.tokens[i].is_word and self.tokens[i].text in SOFT_PUNCTUATION

    def key(self, i: int) -> str:
        return self.words[i] if 0 <= i < len(self.words) else ""

    def span_at(self, i: int) -> Span | None:
        return self.covered[i] if 0 <= i < len(self.covered) else None

    def sentence_tokens(self, sentence: int) -> range:
        return self.ranges[sentence]

    def dateline(self) -> set[int]:
        """Tokens of datelines opening paragraphs: "TEHRAN, May 19 (MNA) –", «اصفهان- ایرنا-»."""
        if self._dateline is None:
            self._dateline = self._find_dateline()
        return self._dateline

    def _find_dateline(self) -> set[int]:
        found: set[int] = set()
        seen: set[int] = set()
        for sentence in self.sentences:
            if sentence.paragraph in seen:
                continue
            seen.add(sentence.paragraph)
            tokens = self.ranges[sentence.index]
            dashes = [
                i
                for i in tokens[:10]
                if self.tokens[i].text in _DASHES
                and i + 1 < tokens.stop
                and not (
                    i > tokens.start
                    and self.tokens[i - 1].end == self.tokens[i].start
                    and self.tokens[i].end == self.tokens[i + 1].start
                )
            ]
            if not dashes:
                continue
            last = dashes[-1] if len(dashes) > 1 and dashes[1] - dashes[0] <= 3 else dashes[0]
            words = [i for i in range(tokens.start, last) if self.tokens[i].is_word]
            if 0 < len(words) <= 6:
                found.update(range(tokens.start, last + 1))
        return found

    def positions(self, words: Iterable[str]) -> list[int]:
        """The tokens whose key is one of ``words``, in text order."""
        where = self._word_index()
        found: list[int] = []
        for word in words:
            found.extend(where.get(word, ()))
        found.sort()
        return found

    def words_present(self) -> frozenset[str]:
        """The distinct word keys of the text."""
        present = self._present
        if present is None:
            present = self._present = frozenset(self._word_index())
        return present

    def _word_index(self) -> dict[str, list[int]]:
        where = self._where
        if not where:
            get = where.get
            for i, word in enumerate(self.words):
                found = get(word)
                if found is None:
                    where[word] = [i]
                else:
                    found.append(i)
            where.pop("", None)
        return where

    def starts(self, phrases: Phrases) -> dict[int, int]:
        """Where phrases of a vocabulary start in the text: token -> length (computed once)."""
        found = self._starts.get(id(phrases))
        if found is None:
            found = self._starts[id(phrases)] = phrases.starts_in(self.words, self._word_index())
        return found

    def in_header(self, i: int) -> bool:
        """Whether token ``i`` lies in the page header (kicker, headline, byline)."""
        return self.tokens[i].start < self.header_end

    def span_of(self, i: int, kind: EntityKind) -> Span | None:
        """The span of ``kind`` covering token ``i``, if any."""
        span = self.span_at(i)
        return span if span is not None and span.kind is kind else None

    def drop(self, span: Span) -> None:
        """Forget a span (a town that turned out to be part of a person's name)."""
        if span.dropped:
            return
        self._changes += 1
        span.dropped = True
        self._stale = True
        starting = self._by_first.get(span.first, [])
        starting[:] = [s for s in starting if s is not span]
        in_sentence = self._by_sentence.get(self.sentence_of[span.first], [])
        in_sentence[:] = [s for s in in_sentence if s is not span]
        for i in range(span.first, span.last):
            if self.covered[i] is span:
                self.covered[i] = self._cover_of(i)

    def _cover_of(self, i: int) -> Span | None:
        """The span that covers token ``i`` once another is dropped: the first added of those
        over it, but for places nested inside an organisation's name (it covers them)."""
        best: Span | None = None
        for first in range(max(0, i - self._longest + 1), i + 1):
            for s in self._by_first.get(first, ()):
                if s.last > i and s.source != "inner" and (best is None or s.order < best.order):
                    best = s
        return best


def keys_of(words: frozenset[str]) -> frozenset[str]:
    """Match keys of a vocabulary (single words)."""
    return frozenset(match_key(w).replace(" ", "") for w in words)


def _longest_at(candidates: Sequence[tuple[str, ...]], words: Sequence[str], i: int) -> int:
    """The length of the first of ``candidates`` (longest first) that starts at ``words[i]``."""
    for phrase in candidates:
        n = len(phrase)
        if n == 1 or tuple(words[i : i + n]) == phrase:
            return n
    return 0


class Phrases:
    """A vocabulary of phrases («به همت», "organised by"), found by their first word."""

    def __init__(self, phrases: Iterable[str]) -> None:
        by_first: dict[str, set[tuple[str, ...]]] = {}
        for phrase in phrases:
            for keys in {tuple(match_key(phrase).split()), _hyphenated(phrase)}:
                if keys:
                    by_first.setdefault(keys[0], set()).add(keys)
        self._by_first = {k: sorted(v, key=len, reverse=True) for k, v in by_first.items()}
        self.first = frozenset(self._by_first)

    def at(self, words: Sequence[str], i: int) -> int:
        """The length of the longest phrase starting at ``words[i]`` (0 if none)."""
        if i < 0 or i >= len(words):
            return 0
        candidates = self._by_first.get(words[i])
        return _longest_at(candidates, words, i) if candidates else 0

    def starts_in(self, words: Sequence[str], where: dict[str, list[int]]) -> dict[int, int]:
        """Where phrases start in ``words``: token -> the length of the longest phrase there.

        ``where`` gives the positions of each word. (This is :meth:`at` at each position where a
        first word stands, without its checks for each.)
        """
        found: dict[int, int] = {}
        for word in where.keys() & self.first:
            candidates = self._by_first[word]
            for i in where[word]:
                if n := _longest_at(candidates, words, i):
                    found[i] = n
        return found

    def __contains__(self, phrase: tuple[str, ...]) -> bool:
        return phrase in self._by_first.get(phrase[0], ()) if phrase else False


def _hyphenated(phrase: str) -> tuple[str, ...]:
    """The keys of a phrase as a text reads them: a hyphen is a token of its own, with an empty
    key ("sister-city": "sister", "", "city")."""
    keys: list[str] = []
    for word in phrase.split():
        for n, piece in enumerate(word.split("-")):
            if n:
                keys.append("")
            keys.extend(match_key(piece).split())
    return tuple(keys)


def phrase_keys(words: Iterable[str]) -> Phrases:
    """A vocabulary of phrases, looked up by match key."""
    return Phrases(words)
