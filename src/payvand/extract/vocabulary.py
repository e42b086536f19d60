"""The closed vocabularies of :mod:`payvand.text.lexicon` as match keys, built once.

Recognition compares token keys (:func:`payvand.text.normalise.match_key` of a token, spaces
removed); these are the same vocabularies in that form, as sets of single words or as
:class:`~payvand.extract.reading.Phrases` for multi-word entries. Persian verb forms are generated
from the lexicon's stems (:func:`is_verb`).
"""

from __future__ import annotations

from functools import cache

from payvand.extract.reading import keys_of, phrase_keys
from payvand.text import lexicon
from payvand.text.normalise import match_key

STOP = keys_of(lexicon.STOPWORDS_FA) | keys_of(lexicon.STOPWORDS_EN)
BREAK = keys_of(lexicon.NAME_BREAKERS_FA)
GENERIC = keys_of(lexicon.GENERIC_AFTER_HEAD_FA)
INNER_FA = keys_of(lexicon.NAME_INNER_WORDS_FA)
INNER_EN = keys_of(lexicon.NAME_PREPOSITIONS_EN)
ORG_HEADS_FA = phrase_keys(lexicon.ORGANISATION_HEADS_FA)
ORG_HEADS_EN = keys_of(lexicon.ORGANISATION_HEADS_EN)
# Heads of Persian bodies that are one word («سفارت», «دانشگاه», «بنیاد»).
ONE_WORD_HEADS_FA = keys_of(frozenset(h for h in lexicon.STRONG_HEADS_FA if " " not in h))
MADDA_HEADS_FA = keys_of(lexicon.MADDA_HEADS_FA)
WEEKDAYS_FA = keys_of(lexicon.WEEKDAYS_FA)
HOUSE_VENUES_EN = keys_of(lexicon.HOUSE_VENUES_EN)
PLACE_PREPOSITIONS = keys_of(lexicon.PLACE_PREPOSITIONS)
TIME_WORDS_FA = keys_of(lexicon.TIME_WORDS_FA)
MONTHS = keys_of(
    frozenset(lexicon.JALALI_MONTHS)
    | frozenset(lexicon.GREGORIAN_MONTHS_FA)
    | frozenset(lexicon.HIJRI_MONTHS)
    | frozenset(lexicon.GREGORIAN_MONTHS_EN)
)
SUB_BODY_HEADS_FA = phrase_keys(lexicon.SUB_BODY_HEADS_FA)
EMBASSY_HEADS = phrase_keys(lexicon.EMBASSY_HEADS_FA)
VENUE_HEADS_FA = keys_of(lexicon.VENUE_HEADS_FA)
VENUE_HEADS_EN = keys_of(lexicon.VENUE_HEADS_EN)
SURNAME_PARTS = keys_of(lexicon.SURNAME_PARTS_FA)
AGENT_WORDS_FA = keys_of(lexicon.AGENT_WORDS_FA)
OCCUPATIONS_FA = keys_of(lexicon.OCCUPATIONS_FA)
NAME_PARTICLES_EN = keys_of(lexicon.NAME_PARTICLES_EN)
CITY_CUES = keys_of(lexicon.CITY_CUES_FA) | keys_of(lexicon.CITY_CUES_EN)
COUNTRY_CUES = keys_of(lexicon.COUNTRY_CUES_FA)
PROVINCE_CUES = keys_of(lexicon.PROVINCE_CUES_FA)
EVENT_HEADS = keys_of(lexicon.EVENT_HEADS_FA) | keys_of(lexicon.EVENT_HEADS_EN)
PRONOUNS = keys_of(lexicon.PRONOUNS_FA) | keys_of(lexicon.PRONOUNS_EN)
SPEECH_FA = phrase_keys(lexicon.SPEECH_VERBS_FA)
SPEECH_EN = keys_of(lexicon.SPEECH_VERBS_EN)
ALSO_FA = keys_of(lexicon.ALSO_FA)
PERSON_CUES_EN = phrase_keys(lexicon.PERSON_CUES_EN)
NOT_NAMES_EN = keys_of(lexicon.NOT_NAMES_EN)
TOWN_BODY_HEADS = keys_of(lexicon.TOWN_BODY_HEADS)
REGION_WORDS_EN = keys_of(lexicon.REGION_WORDS_EN)
CLAUSE_CONJUNCTIONS_FA = keys_of(lexicon.CLAUSE_CONJUNCTIONS_FA)
DAR = match_key(lexicon.IN_FA)
VA = match_key(lexicon.AND_FA)

_NEGATION = match_key(lexicon.NEGATION_PREFIX_FA)
_CONTINUOUS = match_key(lexicon.CONTINUOUS_PREFIX_FA)
_PRESENT_PREFIXES = tuple(sorted(keys_of(lexicon.PRESENT_PREFIXES_FA)))
_PAST_PREFIXES = ("", *sorted(keys_of(lexicon.PAST_PREFIXES_FA)))
_PAST_ENDINGS = ("", *sorted(keys_of(lexicon.PAST_ENDINGS)))
_PRESENT_ENDINGS = tuple(sorted(keys_of(lexicon.PRESENT_ENDINGS)))
NAME_PARTS_FA = tuple(sorted(keys_of(lexicon.NAME_PARTS_FA)))
HOME_WORDS = keys_of(lexicon.HOME_WORDS_FA)
BYLINE_CUES = keys_of(lexicon.BYLINE_CUES_FA)
NAME_PRONOUN_PARTS = keys_of(lexicon.NAME_PRONOUN_PARTS_FA)


@cache
def verb_keys() -> frozenset[str]:
    """Keys of Persian verb forms: past and prefixed present stems with their endings."""
    forms: set[str] = set(keys_of(lexicon.AUXILIARIES_FA))
    past = keys_of(lexicon.PAST_STEMS)
    present = keys_of(lexicon.PRESENT_STEMS)
    perfect = keys_of(lexicon.PERFECT_ENDINGS_FA)
    for stem in past:
        for ending in _PAST_ENDINGS:
            forms.update(prefix + stem + ending for prefix in _PAST_PREFIXES)
        forms.add(stem + lexicon.PARTICIPLE_ENDING_FA)
        # «کرده‌ایم», «نکرده‌اند» (the key has no ZWNJ)
        for ending in perfect:
            forms.update(
                prefix + stem + lexicon.PARTICIPLE_ENDING_FA + ending for prefix in _PAST_PREFIXES
            )
    for stem in present:
        for ending in _PRESENT_ENDINGS:
            forms.update(prefix + stem + ending for prefix in _PRESENT_PREFIXES)
    return frozenset(forms)


def is_negative_verb(key: str) -> bool:
    """Whether a token key is a negated verb («ندارند», «نشده», «نمی‌شود»)."""
    return (key[:1] == _NEGATION and is_verb(key) and is_verb(key[1:])) or (
        key[:3] == _NEGATION + _CONTINUOUS and is_verb(key)
    )


def is_light_verb(key: str) -> bool:
    """Whether a token key is a verb that makes a verb with the noun before it («شد», «کنیم»,
    «می‌شود», «خواهد»); not a copula («است», «بود», «باشد»), nor a verb of its own («گفت»),
    which a name may stand before."""
    return key in light_verb_keys()


@cache
def light_verb_keys() -> frozenset[str]:
    forms: set[str] = set(keys_of(lexicon.FUTURE_AUXILIARIES_FA))
    for stem in keys_of(lexicon.LIGHT_PAST_STEMS_FA):
        for ending in _PAST_ENDINGS:
            forms.update(prefix + stem + ending for prefix in _PAST_PREFIXES)
        forms.add(stem + lexicon.PARTICIPLE_ENDING_FA)
    for stem in keys_of(lexicon.LIGHT_PRESENT_STEMS_FA):
        for ending in _PRESENT_ENDINGS:
            forms.update(prefix + stem + ending for prefix in (*_PRESENT_PREFIXES, ""))
    return frozenset(forms)


@cache
def copula_keys() -> frozenset[str]:
    forms: set[str] = set(keys_of(lexicon.COPULAS_FA))
    for stem in keys_of(lexicon.COPULA_STEMS_FA):
        for ending in _PAST_ENDINGS:
            forms.update(prefix + stem + ending for prefix in _PAST_PREFIXES)
        for ending in _PRESENT_ENDINGS:
            forms.add(stem + ending)
    return frozenset(forms)


def is_verb(key: str) -> bool:
    """Whether a token key is a Persian verb form («شد», «می‌کند», «خواهیم», «بردند»)."""
    return key in verb_keys()
