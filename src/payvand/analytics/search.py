"""Search over the names of entities, Persian and English, as ingestion matches them.

Names and queries are compared by their matching key (:func:`payvand.text.normalise.match_key`:
Arabic and Persian letters folded, ZWNJ, diacritics and punctuation gone, digits in ASCII), and
also without spaces, so that a compound written with a space finds the same compound written
with a ZWNJ. A query matches a name that
starts with it or has a word that starts with it. Hits are ranked by how well they match (the
whole name, its start, a word), then by the number of articles that mention them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from payvand.analytics.build import Node
from payvand.text.normalise import match_key

EXACT, PREFIX, WORD = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Hit:
    node: Node
    matched: str
    rank: int


@dataclass(frozen=True, slots=True)
class _Name:
    key: str
    squashed: str
    text: str
    iri: str


class EntityIndex:
    """Every name of every node, by matching key."""

    def __init__(self, nodes: Mapping[str, Node]) -> None:
        self.nodes = nodes
        names: list[_Name] = []
        for node in nodes.values():
            for text in {*node.labels.values(), *node.aliases}:
                key = match_key(text)
                if key:
                    names.append(_Name(key, key.replace(" ", ""), text, node.iri))
        self._names = names

    def search(self, query: str, *, limit: int = 20, types: Iterable[str] = ()) -> list[Hit]:
        """The nodes whose names match ``query`` best, at most ``limit``."""
        key = match_key(query)
        if not key:
            return []
        squashed = key.replace(" ", "")
        wanted = set(types)
        best: dict[str, tuple[int, str]] = {}
        for name in self._names:
            if name.key == key or name.squashed == squashed:
                rank = EXACT
            elif name.key.startswith(key) or name.squashed.startswith(squashed):
                rank = PREFIX
            elif f" {key}" in f" {name.key}":
                rank = WORD
            else:
                continue
            current = best.get(name.iri)
            if current is None or (rank, name.text) < current:
                best[name.iri] = (rank, name.text)
        hits = [
            Hit(self.nodes[iri], text, rank)
            for iri, (rank, text) in best.items()
            if not wanted or self.nodes[iri].type in wanted
        ]
        hits.sort(key=lambda h: (h.rank, -h.node.mentions, h.node.label, h.node.id))
        return hits[:limit]
