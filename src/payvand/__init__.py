"""Payvand: a provenance-backed knowledge graph of Iranian cultural diplomacy.

The public API: read articles, extract them with a gazetteer, map them to quads, store them. Its
names are imported when first used, so that importing ``payvand`` (as the command line does
first) costs nothing.
"""

from __future__ import annotations

from importlib import import_module
from importlib.machinery import EXTENSION_SUFFIXES
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from payvand.errors import InputError, NotFoundError, PayvandError, QueryError, StoreError
    from payvand.extract.gazetteer import Gazetteer
    from payvand.extract.pipeline import extract_article
    from payvand.mapping.iris import Iris
    from payvand.mapping.rdf import to_quads
    from payvand.model import Article, Extraction

__version__ = "0.1.0"

_PUBLIC = {
    "Article": "payvand.model",
    "Extraction": "payvand.model",
    "Gazetteer": "payvand.extract.gazetteer",
    "InputError": "payvand.errors",
    "Iris": "payvand.mapping.iris",
    "NotFoundError": "payvand.errors",
    "PayvandError": "payvand.errors",
    "QueryError": "payvand.errors",
    "StoreError": "payvand.errors",
    "extract_article": "payvand.extract.pipeline",
    "to_quads": "payvand.mapping.rdf",
}


def __getattr__(name: str) -> object:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'payvand' has no attribute '{name}'")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def is_compiled() -> bool:
    """Whether the core runs from the compiled build's C extensions (see setup.py)."""
    module = import_module("payvand.extract.pipeline")
    return (module.__file__ or "").endswith(tuple(EXTENSION_SUFFIXES))


__all__ = [
    "Article",
    "Extraction",
    "Gazetteer",
    "InputError",
    "Iris",
    "NotFoundError",
    "PayvandError",
    "QueryError",
    "StoreError",
    "__version__",
    "extract_article",
    "is_compiled",
    "to_quads",
]
