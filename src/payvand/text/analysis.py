"""Search terms of a text, Persian and English: what the full-text index stores and queries.

A text is cut at white space into words; each word becomes zero, one or more *terms*:

* the verb prefix «می‌» / «نمی‌» before a ZWNJ is dropped, and so is a suffix written after a
  ZWNJ («‌ها», «‌های», «‌ای», «‌تر», «‌ترین»…): «می‌شود» -> «شود», «برنامه‌ای» -> «برنامه»;
  a «می» or a «ها» written as a word of its own goes with its neighbour the same way;
* the rest goes through the project's matching key (:func:`payvand.text.normalise.match_key`):
  Arabic and Persian letters folded («ي»/«ی», «ك»/«ک», «ة»/«ه», hamza), ZWNJ, diacritics and
  punctuation gone, ASCII digits, lower case; punctuation inside a word separates terms;
* a Persian term loses the suffixes glued to it, «های», «ها», «ان» and «ی», again and again while
  a stem of three letters (two before «ها») is left: «کتابهای» -> «کتاب», «ایرانیان» and
  «ایرانی» -> «ایر» (light and blunt, but the same for every form of a word);
* an English term is reduced to its Porter stem (:mod:`payvand.text.porter`).

Documents and queries go through the same functions, so any written form of a word meets the
others. Texts are expected in the display form (:func:`~payvand.text.normalise.normalise_text`,
as the store holds them); a query is normalised first (:func:`query_words`).
"""

from __future__ import annotations

from typing import NamedTuple

from payvand.text.normalise import ZWNJ, match_key, normalise_text
from payvand.text.porter import porter_stem

# Bumped whenever terms come out differently: an index built with another version is rebuilt.
ANALYSIS_VERSION = "1"

_MI = "\N{ARABIC LETTER MEEM}\N{ARABIC LETTER FARSI YEH}"
_NOON = "\N{ARABIC LETTER NOON}"
_HEH = "\N{ARABIC LETTER HEH}"
_ALEF = "\N{ARABIC LETTER ALEF}"
_YEH = "\N{ARABIC LETTER FARSI YEH}"
_TEH = "\N{ARABIC LETTER TEH}"
_REH = "\N{ARABIC LETTER REH}"
_HA = _HEH + _ALEF
_HAY = _HA + _YEH

# Keys of the verb prefixes dropped before a ZWNJ or before the next word.
VERB_PREFIXES = frozenset({_MI, _NOON + _MI})
# Keys of the suffixes dropped after a ZWNJ: plural, indefinite, comparative and superlative.
ZWNJ_SUFFIXES = frozenset(
    {
        _HA,
        _HAY,
        _HAY + _YEH,
        _ALEF + _YEH,
        _ALEF + _YEH + _YEH,
        _YEH,
        _TEH + _REH,
        _TEH + _REH + _YEH + _NOON,
    }
)
# Keys of the suffixes dropped when written as a word of their own after a word.
DETACHED_SUFFIXES = frozenset({_HA, _HAY, _HAY + _YEH})
# Suffixes glued to a Persian word, longest first, with the least stem each leaves.
GLUED_SUFFIXES: tuple[tuple[str, int], ...] = (
    (_HAY, 2),
    (_HA, 2),
    (_ALEF + _NOON, 3),
    (_YEH, 3),
)


class Word(NamedTuple):
    """A word of a text: where it is, and the terms it gives (none for punctuation alone)."""

    start: int
    end: int
    terms: tuple[str, ...]


def stem_persian(key: str) -> str:
    """The key without its glued suffixes, while a long enough stem is left."""
    while True:
        for suffix, least in GLUED_SUFFIXES:
            if key.endswith(suffix) and len(key) - len(suffix) >= least:
                key = key[: len(key) - len(suffix)]
                break
        else:
            return key


def stem(key: str) -> str:
    """The search term of one key (a word's key without spaces)."""
    if key.isascii():
        return porter_stem(key) if key.isalpha() else key
    return stem_persian(key)


def _pieces_key(word: str) -> str:
    """The key of ``word`` after the verb prefix and a suffix set apart by ZWNJ are dropped."""
    if ZWNJ not in word:
        return match_key(word)
    pieces = word.split(ZWNJ)
    if len(pieces) > 1 and match_key(pieces[0]) in VERB_PREFIXES:
        pieces = pieces[1:]
    if len(pieces) > 1 and match_key(pieces[-1]) in ZWNJ_SUFFIXES:
        pieces = pieces[:-1]
    return match_key("".join(pieces))


def word_keys(word: str) -> tuple[str, ...]:
    """The keys of one word (no white space in it), before stemming."""
    return tuple(_pieces_key(word).split())


# The keys and terms of each word analysed so far (words repeat from one text to the next, and
# analysing one costs far more than looking it up), up to _KNOWN_WORDS of them.
_known: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
_KNOWN_WORDS = 1 << 17


def _word(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The keys of ``word`` and the terms they give."""
    found = _known.get(word)
    if found is None:
        keys = word_keys(word)
        found = (keys, tuple(stem(k) for k in keys))
        if len(_known) >= _KNOWN_WORDS:
            _known.clear()
        _known[word] = found
    return found


def _apart(words: list[tuple[tuple[str, ...], tuple[str, ...]]], n: int) -> bool:
    """Whether word ``n`` is a verb prefix before a word, or a suffix after one, written apart:
    it gives no terms of its own."""
    keys = words[n][0]
    if len(keys) != 1:
        return False
    key = keys[0]
    if key in VERB_PREFIXES and n + 1 < len(words) and words[n + 1][0]:
        return True
    return key in DETACHED_SUFFIXES and n > 0 and bool(words[n - 1][0])


def analyse_words(text: str) -> list[Word]:
    """The words of ``text`` with their offsets and terms."""
    chunks = text.split()
    analysed = [_word(chunk) for chunk in chunks]
    words: list[Word] = []
    position = 0
    for n, chunk in enumerate(chunks):
        start = text.index(chunk, position)
        position = start + len(chunk)
        words.append(Word(start, position, () if _apart(analysed, n) else analysed[n][1]))
    return words


def analyse(text: str) -> list[str]:
    """The terms of ``text``, in order: what the index stores for it."""
    analysed = [_word(chunk) for chunk in text.split()]
    terms: list[str] = []
    for n, (_keys, found) in enumerate(analysed):
        if found and not _apart(analysed, n):
            terms.extend(found)
    return terms


def query_words(text: str) -> str:
    """A query's text in the display form the documents are in."""
    return normalise_text(text)


def prefix_terms(word: str) -> tuple[str, ...]:
    """The terms a prefix (``دیپلما*``) stands for: its key, and its stem when that differs,
    so that «دیپلماسی*» finds the stored stem «دیپلماس» too."""
    keys = word_keys(word)
    if not keys:
        return ()
    key = "".join(keys)
    stemmed = stem(key)
    return (key,) if stemmed == key else (key, stemmed)
