"""Payvand: a provenance-backed knowledge graph of Iranian cultural diplomacy.

The public API: read articles, extract them with a gazetteer, map them to quads, store them.
"""

from __future__ import annotations

import sys
from importlib.machinery import EXTENSION_SUFFIXES

from payvand.errors import InputError, NotFoundError, PayvandError, QueryError, StoreError
from payvand.extract.gazetteer import Gazetteer
from payvand.extract.pipeline import extract_article
from payvand.mapping.iris import Iris
from payvand.mapping.rdf import to_quads
from payvand.model import Article, Extraction

__version__ = "0.1.0"


def is_compiled() -> bool:
    """Whether the core runs from the compiled build's C extensions (see setup.py)."""
    module = sys.modules[extract_article.__module__]
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
