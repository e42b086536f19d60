"""Every entry of the closed vocabularies is written in normalised form."""

from __future__ import annotations

import pytest

from payvand.text import lexicon
from payvand.text.normalise import normalise_text

VOCABULARIES = {
    name: value
    for name, value in vars(lexicon).items()
    if name.isupper() and isinstance(value, frozenset | dict)
}


@pytest.mark.parametrize("name", sorted(VOCABULARIES))
def test_entries_are_normalised(name: str) -> None:
    entries = VOCABULARIES[name]
    words = (
        list(entries.values())
        if isinstance(entries, dict) and name == "ZWNJ_COMPOUNDS"
        else list(entries)
    )
    for word in words:
        assert isinstance(word, str)
        assert "\u064a" not in word, f"{name}: Arabic yeh in {word!r}"
        assert "\u0643" not in word, f"{name}: Arabic kaf in {word!r}"
        assert normalise_text(word) == word, f"{name}: {word!r} is not in normalised form"
