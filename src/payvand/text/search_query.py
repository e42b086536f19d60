"""Search queries: parsed, written for SQLite FTS5, matched against terms, and highlighted.

The language:

* words are all required: ``دیپلماسی شهری`` finds texts with both (in any order);
* ``"…"`` or ``«…»`` is a phrase: its words in that order, next to each other;
* ``OR`` between two parts finds either; ``AND`` may be written, it is the default;
* ``NOT x`` or ``-x`` excludes what ``x`` finds (there must be something else to find);
* ``word*`` is a prefix: every word that starts with it;
* parentheses group.

Words go through :mod:`payvand.text.analysis` as the documents did. :func:`matches` decides a
query over a document's terms by scanning them, which is what the index must agree with;
:func:`to_fts5` writes the query for the index.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from payvand.errors import InputError
from payvand.text.analysis import (
    DETACHED_SUFFIXES,
    VERB_PREFIXES,
    analyse,
    analyse_words,
    prefix_terms,
    query_words,
)
from payvand.text.normalise import match_key, normalise_text


@dataclass(frozen=True, slots=True)
class Phrase:
    """Terms next to each other, in order (a single word is a phrase of one term)."""

    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Prefix:
    """Terms (``head``) followed by a term that starts with one of ``starts``."""

    head: tuple[str, ...]
    starts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AllOf:
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Without:
    """What ``wanted`` finds, less what ``excluded`` finds."""

    wanted: Node
    excluded: Node


Node = Phrase | Prefix | AllOf | AnyOf | Without

_LEXEME = re.compile(
    r'\s*(?:(?P<open>\()|(?P<close>\))|"(?P<phrase>[^"]*)"?'
    r"|\u00ab(?P<guillemets>[^\u00bb]*)\u00bb?|(?P<minus>-)(?=\S)|(?P<word>[^\s()\"\u00ab]+))"
)
_OPERATORS = frozenset({"AND", "OR", "NOT"})


@dataclass(frozen=True, slots=True)
class _Lexeme:
    kind: str  # open, close, phrase, word, prefix, and, or, not
    text: str = ""


def _lexemes(text: str) -> list[_Lexeme]:
    out: list[_Lexeme] = []
    position = 0
    while position < len(text):
        if text[position:].isspace():
            break
        match = _LEXEME.match(text, position)
        if match is None or match.end() == position:
            raise InputError(f"the search cannot be read at character {position + 1}", field="q")
        position = match.end()
        if match.group("open"):
            out.append(_Lexeme("open"))
        elif match.group("close"):
            out.append(_Lexeme("close"))
        elif match.group("phrase") is not None:
            out.append(_Lexeme("phrase", match.group("phrase")))
        elif match.group("guillemets") is not None:
            out.append(_Lexeme("phrase", match.group("guillemets")))
        elif match.group("minus"):
            out.append(_Lexeme("not"))
        else:
            word = match.group("word")
            if word in _OPERATORS:
                out.append(_Lexeme(word.lower()))
            elif word.endswith("*") and word.strip("*"):
                out.append(_Lexeme("prefix", word.rstrip("*")))
            elif out and out[-1].kind == "word" and _key_of(word) in DETACHED_SUFFIXES:
                out[-1] = _Lexeme("word", f"{out[-1].text} {word}")  # «کتاب ها»: one word
            elif out and out[-1].kind == "word" and _key_of(out[-1].text) in VERB_PREFIXES:
                out[-1] = _Lexeme("word", f"{out[-1].text} {word}")  # «می شود»: one word
            else:
                out.append(_Lexeme("word", word))
    return out


def _key_of(word: str) -> str:
    return match_key(normalise_text(word))


class _Parser:
    def __init__(self, lexemes: list[_Lexeme], text: str) -> None:
        self.lexemes = lexemes
        self.at = 0
        self.text = text

    def peek(self) -> str | None:
        return self.lexemes[self.at].kind if self.at < len(self.lexemes) else None

    def take(self) -> _Lexeme:
        lexeme = self.lexemes[self.at]
        self.at += 1
        return lexeme

    def any_of(self) -> Node | None:
        parts = [self.all_of()]
        while self.peek() == "or":
            self.take()
            parts.append(self.all_of())
        kept = tuple(p for p in parts if p is not None)
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else AnyOf(kept)

    def all_of(self) -> Node | None:
        wanted: list[Node] = []
        excluded: list[Node] = []
        while self.peek() not in (None, "or", "close"):
            kind = self.peek()
            if kind == "and":
                self.take()
                continue
            negative = kind == "not"
            if negative:
                self.take()
                if self.peek() in (None, "or", "close", "and", "not"):
                    raise InputError(
                        f"'NOT' or '-' needs a word or a phrase after it in '{self.text}'",
                        field="q",
                    )
            part = self.unit()
            if part is not None:
                (excluded if negative else wanted).append(part)
        if not wanted:
            if excluded:
                raise InputError(
                    f"the search '{self.text}' only excludes: give a word to find as well",
                    field="q",
                )
            return None
        found = wanted[0] if len(wanted) == 1 else AllOf(tuple(wanted))
        if not excluded:
            return found
        return Without(found, excluded[0] if len(excluded) == 1 else AnyOf(tuple(excluded)))

    def unit(self) -> Node | None:
        lexeme = self.take()
        if lexeme.kind == "open":
            inner = self.any_of()
            if self.peek() != "close":
                raise InputError(f"a '(' is not closed in '{self.text}'", field="q")
            self.take()
            return inner
        if lexeme.kind == "close":
            raise InputError(f"a ')' has no '(' before it in '{self.text}'", field="q")
        if lexeme.kind == "prefix":
            return _prefix(lexeme.text)
        terms = tuple(analyse(query_words(lexeme.text)))
        return Phrase(terms) if terms else None


def _prefix(text: str) -> Node | None:
    words = analyse_words(query_words(text))
    if not words:
        return None
    head = tuple(t for w in words[:-1] for t in w.terms)
    last = words[-1]
    raw = text.split()[-1] if text.split() else text
    starts = prefix_terms(raw)
    if len(last.terms) > 1:  # «cultural-dipl*»: the word's first keys belong to the head
        head += last.terms[:-1]
        starts = (last.terms[-1],)
    if not starts:
        return Phrase(head) if head else None
    return Prefix(head, starts)


def parse_query(text: str) -> Node:
    """The query ``text`` as a tree; InputError (field ``q``) when it has nothing to find or
    cannot be read."""
    if not text.strip():
        raise InputError("the search is empty: give a word or a phrase", field="q")
    parser = _Parser(_lexemes(text), text)
    node = parser.any_of()
    if parser.peek() == "close":
        raise InputError(f"a ')' has no '(' before it in '{text}'", field="q")
    if node is None:
        raise InputError(
            f"the search '{text}' has no word to look for (only punctuation or operators)",
            field="q",
        )
    return node


# --- the index's language --------------------------------------------------------------------


def _quoted(terms: Sequence[str]) -> str:
    return '"' + " ".join(terms) + '"'


def to_fts5(node: Node) -> str:
    """The query in SQLite FTS5's syntax, over the index's terms (every term quoted)."""
    if isinstance(node, Phrase):
        return _quoted(node.terms)
    if isinstance(node, Prefix):
        options = [_quoted((*node.head, start)) + "*" for start in node.starts]
        return options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")"
    if isinstance(node, AllOf):
        return "(" + " AND ".join(to_fts5(p) for p in node.parts) + ")"
    if isinstance(node, AnyOf):
        return "(" + " OR ".join(to_fts5(p) for p in node.parts) + ")"
    return f"({to_fts5(node.wanted)} NOT {to_fts5(node.excluded)})"


# --- scanning ----------------------------------------------------------------------------------


def _has_run(terms: Sequence[str], run: Sequence[str]) -> bool:
    n = len(run)
    if n == 0:
        return False
    first = run[0]
    return any(
        term == first and list(terms[i : i + n]) == list(run) for i, term in enumerate(terms)
    )


def _has_prefixed_run(terms: Sequence[str], head: Sequence[str], starts: Sequence[str]) -> bool:
    n = len(head)
    for i in range(len(terms) - n):
        if list(terms[i : i + n]) == list(head) and terms[i + n].startswith(tuple(starts)):
            return True
    return False


def matches(node: Node, terms: Sequence[str]) -> bool:
    """Whether a document of these terms answers the query (by scanning them)."""
    if isinstance(node, Phrase):
        return _has_run(terms, node.terms)
    if isinstance(node, Prefix):
        return _has_prefixed_run(terms, node.head, node.starts)
    if isinstance(node, AllOf):
        return all(matches(p, terms) for p in node.parts)
    if isinstance(node, AnyOf):
        return any(matches(p, terms) for p in node.parts)
    return matches(node.wanted, terms) and not matches(node.excluded, terms)


# --- highlighting ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Snippet:
    """A piece of a text with the words that match marked: ``(start, end)`` in ``text``."""

    text: str
    marks: tuple[tuple[int, int], ...]


def _wanted(node: Node) -> tuple[frozenset[str], tuple[str, ...]]:
    """The terms and prefixes whose words are marked (not those excluded)."""
    if isinstance(node, Phrase):
        return frozenset(node.terms), ()
    if isinstance(node, Prefix):
        return frozenset(node.head), tuple(node.starts)
    if isinstance(node, Without):
        return _wanted(node.wanted)
    terms: set[str] = set()
    starts: list[str] = []
    for part in node.parts:
        t, s = _wanted(part)
        terms |= t
        starts.extend(s)
    return frozenset(terms), tuple(starts)


_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


def snippet(text: str, node: Node, *, words: int = 30) -> Snippet:
    """Up to ``words`` words of ``text`` around the first that matches, the matching ones marked;
    an ellipsis stands for what is cut."""
    terms, starts = _wanted(node)
    analysed = analyse_words(text)
    hit = [
        any(t in terms or (starts and t.startswith(starts)) for t in word.terms)
        for word in analysed
    ]
    if not analysed:
        return Snippet("", ())
    first = hit.index(True) if any(hit) else 0
    begin = max(0, min(first - words // 3, len(analysed) - words))
    end = min(len(analysed), begin + words)
    cut_start, cut_end = analysed[begin].start, analysed[end - 1].end
    lead = "\u2026 " if begin > 0 else ""
    tail = " \u2026" if end < len(analysed) else ""
    marks: list[tuple[int, int]] = []
    for word, marked in zip(analysed[begin:end], hit[begin:end], strict=True):
        if not marked:
            continue
        piece = text[word.start : word.end]
        inner = _EDGE.sub("", piece)
        offset = word.start + (piece.index(inner) if inner else 0)
        start = len(lead) + offset - cut_start
        marks.append((start, start + len(inner or piece)))
    return Snippet(lead + text[cut_start:cut_end] + tail, tuple(marks))
