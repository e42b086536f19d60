"""The entity kinds as constants, for the extraction and mapping modules.

The compiled build reads a final name of a compiled module as a C static, where
``EntityKind.CITY`` is an attribute lookup on the enum class every time (several hundred
instructions; a few hundred lookups an article).
"""

from __future__ import annotations

from typing import Final

from payvand.model import EntityKind

CITY: Final = EntityKind.CITY
COUNTRY: Final = EntityKind.COUNTRY
EVENT: Final = EntityKind.EVENT
ORGANISATION: Final = EntityKind.ORGANISATION
PERSON: Final = EntityKind.PERSON
PROGRAMME: Final = EntityKind.PROGRAMME
PROVINCE: Final = EntityKind.PROVINCE
VENUE: Final = EntityKind.VENUE
