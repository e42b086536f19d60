"""The gazetteer: canonical entities, roles, honorifics and name parts, indexed for lookup.

Lookup is a longest match over token keys (see :mod:`payvand.text.tokens`), so ZWNJ, letter
variants, case and soft punctuation never stop a match; every multi-word name is also indexed
with its words run together, so «صنایع دستی» meets «صنایع‌دستی».
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from mypy_extensions import mypyc_attr

from payvand.extract.kinds import CITY, COUNTRY, ORGANISATION
from payvand.model import Entity, EntityKind
from payvand.text import lexicon
from payvand.text.normalise import ZWNJ, match_key, squashed_key
from payvand.text.tokens import name_keys

T = TypeVar("T")
_VOWEL_ENDINGS = ("\N{ARABIC LETTER WAW}", "\N{ARABIC LETTER ALEF}")
_YEH = "\N{ARABIC LETTER FARSI YEH}"
_FUNCTION_WORDS = frozenset(
    k for word in lexicon.STOPWORDS_FA | lexicon.STOPWORDS_EN for k in name_keys(word)
)


@mypyc_attr(native_class=False)  # pickled to ingest workers: a plain class
@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """A canonical entity: an organisation, place or person, with its names in both languages."""

    id: str
    kind: EntityKind
    name_fa: str
    name_en: str
    aliases_fa: tuple[str, ...] = ()
    aliases_en: tuple[str, ...] = ()
    subkind: str | None = None
    parent: str | None = None
    located_in: str | None = None
    wikidata: str | None = None
    ambiguous: bool = False
    # Only the Persian names are ordinary words («میلان», «عمان», «دوشنبه»): "Milan" is not.
    ambiguous_only_fa: bool = False
    # ``<kind>/<id>``, the entity key: set once, as lookups ask for it all the time.
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", f"{self.kind.value}/{self.id}")

    def ambiguous_in(self, latin: bool) -> bool:
        """Whether a name of the entry in Latin (``latin``) or Persian script may be a word."""
        return self.ambiguous and not (latin and self.ambiguous_only_fa)

    def label(self, lang: str) -> str:
        if lang == "en":
            return self.name_en or self.name_fa
        return self.name_fa or self.name_en

    def names(self) -> Iterable[tuple[str, str]]:
        """Every name of the entry with its language."""
        if self.name_fa:
            yield self.name_fa, "fa"
        if self.name_en:
            yield self.name_en, "en"
        for alias in self.aliases_fa:
            yield alias, "fa"
        for alias in self.aliases_en:
            yield alias, "en"


@mypyc_attr(native_class=False)  # pickled to ingest workers: a plain class
@dataclass(frozen=True, slots=True)
class Role:
    """A title that ties a person to an organisation: «رئیس», «سفیر», "mayor"."""

    id: str
    name_fa: str
    name_en: str
    aliases_fa: tuple[str, ...] = ()
    aliases_en: tuple[str, ...] = ()

    def names(self) -> Iterable[tuple[str, str]]:
        yield self.name_fa, "fa"
        yield self.name_en, "en"
        for alias in self.aliases_fa:
            yield alias, "fa"
        for alias in self.aliases_en:
            yield alias, "en"


@mypyc_attr(native_class=False)  # pickled to ingest workers: a plain class
@dataclass(frozen=True, slots=True)
class Honorific:
    """A word before a name that is not part of it («حجت‌الاسلام», "Dr"), or a name part («سید»)."""

    text: str
    lang: str
    kind: str

    @property
    def is_name_part(self) -> bool:
        return self.kind == "name_part"


@mypyc_attr(native_class=False)  # pickled to ingest workers: a plain class
@dataclass(frozen=True, slots=True)
class Post:
    """A known post of a gazetteer person (reference data, with dates where known)."""

    person: str
    organisation: str
    role_fa: str
    role_en: str
    start: str | None = None
    end: str | None = None


@mypyc_attr(native_class=False)  # pickled to ingest workers: a plain class
@dataclass(frozen=True, slots=True)
class KnownTwinning:
    city_a: str
    city_b: str
    year: str | None
    status: str


class _Node(Generic[T]):
    __slots__ = ("children", "values")

    def __init__(self) -> None:
        self.children: dict[str, _Node[T]] = {}
        self.values: list[T] = []


class NameIndex(Generic[T]):
    """Names (as token-key tuples) to values, in a trie: the names at a position of a key
    sequence are found in one walk, longest first."""

    def __init__(self) -> None:
        self._root: _Node[T] = _Node()
        self._size = 0
        # The first words of all names (a dict, for fast membership tests in hot loops).
        self.first_words: dict[str, _Node[T]] = self._root.children

    def add(self, name: str, value: T, *, joined: bool = True) -> None:
        """Index a name; with ``joined``, also as its words run together («مزارشریف»)."""
        keys = name_keys(name)
        if not keys:
            return
        variants = {keys}
        if ZWNJ in name:
            # «حجت‌الاسلام» is also written «حجت الاسلام»: the parts as words of their own.
            variants.add(name_keys(name.replace(ZWNJ, " ")))
        if len(keys) > 1 and joined:
            variants.add(("".join(keys),))
            for j in range(len(keys) - 1):
                variants.add((*keys[:j], keys[j] + keys[j + 1], *keys[j + 2 :]))
        for variant in variants:
            node = self._root
            for key in variant:
                child = node.children.get(key)
                if child is None:
                    child = node.children[key] = _Node()
                node = child
            if value not in node.values:
                node.values.append(value)
                self._size += 1

    def matches_at(self, words: Sequence[str], i: int) -> list[tuple[int, list[T]]]:
        """Every name starting at ``words[i]``, longest first: (length in words, values)."""
        node = self._root.children.get(words[i]) if i < len(words) else None
        if node is None:
            return []
        found: list[tuple[int, list[T]]] = []
        n = 1
        while node is not None:
            if node.values:
                found.append((n, node.values))
            if i + n >= len(words):
                break
            node = node.children.get(words[i + n])
            n += 1
        found.reverse()
        return found

    def match_at(self, words: Sequence[str], i: int) -> tuple[int, list[T]] | None:
        """The longest name starting at ``words[i]``: its length in words and its values."""
        found = self.matches_at(words, i)
        return found[0] if found else None

    def starts(self, key: str) -> bool:
        """Whether some name starts with the word ``key``."""
        return key in self._root.children

    def __contains__(self, keys: tuple[str, ...]) -> bool:
        node: _Node[T] | None = self._root
        for key in keys:
            node = node.children.get(key) if node is not None else None
        return node is not None and bool(node.values)

    def __len__(self) -> int:
        return self._size


class Gazetteer:
    """Everything the extractor knows before it reads an article.

    (Every argument has a default so that a compiled build can unpickle it: ingest workers get
    the gazetteer pickled.)
    """

    def __init__(
        self,
        entries: Iterable[GazetteerEntry] = (),
        *,
        roles: Iterable[Role] = (),
        honorifics: Iterable[Honorific] = (),
        given_names: Iterable[tuple[str, str]] = (),
        stoplist: Iterable[str] = (),
        common_words: Iterable[str] = (),
        posts: Iterable[Post] = (),
        twinnings: Iterable[KnownTwinning] = (),
        demonyms: Iterable[tuple[str, str]] = (),
        genders: Iterable[tuple[str, str]] = (),
        fingerprint: str = "",
    ) -> None:
        self.fingerprint = fingerprint
        self.entries: dict[str, GazetteerEntry] = {}
        self.names: NameIndex[str] = NameIndex()
        self.places: NameIndex[str] = NameIndex()
        # Towns whose names are ordinary words («دوشنبه», «اندیشه»): taken only where the text
        # names them as towns («شهر دوشنبه», «شهرداری دوشنبه»), never from the word alone.
        self.ordinary_places: NameIndex[str] = NameIndex()
        self.short_names: NameIndex[str] = NameIndex()
        self.roles: NameIndex[Role] = NameIndex()
        self.honorifics: NameIndex[Honorific] = NameIndex()
        self.role_list = tuple(roles)
        self.posts = tuple(posts)
        self.twinnings = tuple(twinnings)
        self.compounds: dict[str, str] = {}
        # Words normalisation has looked at, with their restored form (see normalise_text).
        self.normalised_words: dict[str, str] = {}
        self.stoplist = frozenset(k for word in stoplist for k in [_single_key(word)] if k)
        common = tuple(common_words)
        self.common_words = frozenset(k for word in common for k in [_single_key(word)] if k)
        # Known words in display form: they decide ambiguous ZWNJ restoration.
        self.words: set[str] = set(common)
        # Given names, also those that are stop words elsewhere («رستم», «بهمن»): recognition
        # does not start a name on a stop word, but takes it inside one.
        self.given_names = frozenset(k for name, _lang in given_names for k in name_keys(name))
        self._compound_given: dict[str, bool] = {}
        # Places keyed by the entity they lie in, and municipalities, embassies and cultural
        # counsellorships keyed by their city or country: titles find their body through these.
        self.bodies_in: dict[tuple[str, str], list[str]] = {}
        # Names a site may print as its masthead: every organisation's names, as match keys.
        self.mastheads: set[str] = set()
        self._squashed: dict[str, frozenset[str]] = {}
        # The entity each entry becomes in an extraction, by (entry key, language): built once
        # by resolution and shared, as entities are frozen values.
        self.canonical_entities: dict[tuple[str, str], Entity] = {}
        for entry in entries:
            self._add(entry)
        for role in self.role_list:
            for name, lang in role.names():
                if name:
                    self.roles.add(name, role)
                    self._compound(name)
                    if lang == "fa" and name.endswith(_VOWEL_ENDINGS):
                        # The ezafe after a vowel: «سخنگوی وزارت …».
                        self.roles.add(name + _YEH, role)
        by_name = {role.name_fa: role for role in self.role_list}
        for plural, singular in lexicon.PLURAL_TITLES_FA.items():
            if singular in by_name:
                self.roles.add(plural, by_name[singular])
        self.plural_titles = frozenset(name_keys(w)[0] for w in lexicon.PLURAL_TITLES_FA)
        for honorific in honorifics:
            self.honorifics.add(honorific.text, honorific)
            self._compound(honorific.text)
        # The gender a given name tells ("m", "f"), for "he" and "she".
        self.genders: dict[str, str] = {}
        for name, gender in genders:
            for key in name_keys(name):
                if gender in ("m", "f"):
                    self.genders.setdefault(key, gender)
        # Demonyms to the country they name: «ازبک», "Uzbek" -> country/uz.
        self.demonyms: dict[str, str] = {}
        for word, country in demonyms:
            keys = name_keys(word)
            if len(keys) == 1 and f"country/{country}" in self.entries:
                self.demonyms.setdefault(keys[0], f"country/{country}")

    def _add(self, entry: GazetteerEntry) -> None:
        self.entries[entry.key] = entry
        if entry.kind is ORGANISATION:
            self.mastheads.update(match_key(name) for name, _lang in entry.names())
        index = self.places if entry.kind in (CITY, COUNTRY) else None
        for name, _lang in entry.names():
            if entry.kind is CITY and self._ordinary(name):
                # «بی آن» is "without that" long before it is Bei'an
                self.names.add(name, entry.key)
                # «مزار شریف» is words, «مزارشریف» the town (unless the run is a word too)
                self.ordinary_places.add(name, entry.key, joined=False)
                if "".join(name_keys(name)) in self.common_words:
                    self.ordinary_places.add(name, entry.key)
                continue
            self.names.add(name, entry.key)
            if index is not None:
                index.add(name, entry.key)
            self._compound(name)
        if entry.subkind == "news_agency":
            for name, lang in entry.names():
                head, _, rest = name.partition(" ")
                if lang == "fa" and rest and head in lexicon.NEWS_HEADS_FA:
                    self.short_names.add(rest, entry.key)
        if entry.located_in and entry.subkind:
            self.bodies_in.setdefault((entry.subkind, entry.located_in), []).append(entry.key)

    def _ordinary(self, name: str) -> bool:
        keys = name_keys(name)
        return all(k in self.common_words or k in _FUNCTION_WORDS for k in keys)

    def _compound(self, name: str) -> None:
        for word in name.split():
            if ZWNJ in word:
                self.compounds.setdefault(word.replace(ZWNJ, ""), word)
            else:
                self.words.add(word)

    def entry(self, key: str) -> GazetteerEntry | None:
        return self.entries.get(key)

    def is_given_name(self, key: str) -> bool:
        """Whether a word key is a given name, or two written as one: «سیدعلی», «امیرمسعود»,
        «ناصرجان», «عزیزالله» (a name part or a given name, then a given name or an ending of
        given names)."""
        if key in self.given_names:
            return True
        known = self._compound_given.get(key)
        if known is None:
            known = self._compound_given[key] = self._splits_into_names(key)
        return known

    def _splits_into_names(self, key: str) -> bool:
        if len(key) < 5 or not key.isalpha():
            return False
        for cut in range(2, len(key) - 1):
            head, rest = key[:cut], key[cut:]
            if (head in _NAME_PARTS or head in self.given_names) and (
                rest in self.given_names or (rest in _GIVEN_ENDINGS and cut >= 3)
            ):
                return True
        return False

    def squashed_names(self, entry: GazetteerEntry) -> frozenset[str]:
        """The entry's names as squashed keys (computed once per entry)."""
        found = self._squashed.get(entry.key)
        if found is None:
            found = self._squashed[entry.key] = frozenset(
                squashed_key(name) for name, _lang in entry.names()
            )
        return found

    def __len__(self) -> int:
        return len(self.entries)


_NAME_PARTS = frozenset(k for w in lexicon.NAME_PARTS_FA for k in name_keys(w))
_GIVEN_ENDINGS = frozenset(k for w in lexicon.GIVEN_NAME_ENDINGS_FA for k in name_keys(w))


def _single_key(word: str) -> str:
    keys = name_keys(word)
    return "".join(keys)
