"""Display names of events: an event the articles name only by a generic word ("ceremony",
«مراسم», "visit") or by page furniture («به گزارش ایسنا این تفاهم‌نامه روز») is shown by its kind,
place and month instead (``Cultural week, Minsk, 2023-06``).

The rows come from ``queries/views/lookup/event_settings.rq``: ``?event ?place ?city ?day
?reported ?kinds`` (where it took place, the city of that place, its first day, the day the
article reporting it was published, its classes); with neither place nor day, "undated". The
graph keeps the names the articles gave; the old name stays an alias, so that the search still
finds it, unless it is furniture.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import cache

from payvand.analytics.build import Node, Row
from payvand.namespaces import PV
from payvand.text.normalise import match_key

# The kinds of events, most specific first, with the ontology's names for them.
EVENT_KINDS: tuple[tuple[str, str, str], ...] = (
    ("SigningCeremony", "Signing ceremony", "آیین امضا"),
    ("ExhibitionOpening", "Exhibition opening", "افتتاحیه نمایشگاه"),
    ("CulturalWeek", "Cultural week", "هفته فرهنگی"),
    ("Festival", "Festival", "جشنواره"),
    ("Exhibition", "Exhibition", "نمایشگاه"),
    ("TwinningProgramme", "Twinning programme", "برنامه خواهرخواندگی"),
    ("PersianLanguageChair", "Persian-language chair", "کرسی زبان فارسی"),
    ("Scholarship", "Scholarship", "بورسیه"),
    ("CreativeCityMembership", "Creative-city membership", "عضویت در شبکه شهرهای خلاق"),
    ("Meeting", "Meeting", "نشست"),
    ("Conference", "Conference", "همایش"),
    ("Visit", "Visit", "سفر"),
    ("Ceremony", "Ceremony", "آیین"),
    ("Programme", "Programme", "برنامه"),
    ("Event", "Event", "رویداد"),
)
# Words that name no event by themselves: kinds, and what is said of any event.
GENERIC_WORDS = (
    "event meeting ceremony visit trip conference seminar session festival exhibition opening "
    "week cultural official formal film book fair signing programme gathering celebration "
    "رویداد مراسم آیین سفر دیدار نشست همایش جشنواره نمایشگاه نمایشگاهی افتتاحیه هفته فرهنگی "
    "فیلم امضا تخصصی تعاملی هیئتی هیأتی رسمی مجازی تجلیل جلسه برنامه گردهمایی"
)
# Page furniture: the news agency's credit, not a name («به گزارش ایسنا», «به نقل از»).
FURNITURE = re.compile(r"^(به گزارش|به نقل|according to|reported by)\b", re.IGNORECASE)
SEPARATOR = {"en": ", ", "fa": "، "}
UNDATED = {  # «بی‌تاریخ», written out: the ZWNJ is seen
    "en": "undated",
    "fa": "\N{ARABIC LETTER BEH}\N{ARABIC LETTER FARSI YEH}\N{ZERO WIDTH NON-JOINER}تاریخ",
}


@cache
def _generic_keys() -> frozenset[str]:
    return frozenset(match_key(word) for word in GENERIC_WORDS.split())


def is_furniture(label: str) -> bool:
    return bool(FURNITURE.match(" ".join(label.split())))


def is_generic(label: str) -> bool:
    """Whether ``label`` is only generic words (or furniture): no name of one event."""
    if is_furniture(label):
        return True
    words = match_key(label).split()
    return not words or all(word in _generic_keys() for word in words)


def _kind(classes: Iterable[str]) -> tuple[str, str]:
    have = set(classes)
    for local, english, persian in EVENT_KINDS:
        if PV.NS + local in have:
            return english, persian
    return "Event", "رویداد"


def _month(row: Row) -> str | None:
    for name in ("day", "reported"):
        value = row.get(name)
        if value and re.match(r"\d{4}-\d{2}", value):
            return value[:7]
    return None


def label_events(nodes: Mapping[str, Node], rows: Iterable[Row]) -> dict[str, Node]:
    """``nodes`` with every event named only generically named by its kind, place and month."""
    settings = {row["event"]: row for row in rows if row.get("event")}
    labelled = dict(nodes)
    for iri, node in nodes.items():
        if node.type != "event" or not node.labels:
            continue
        if not all(is_generic(label) for label in node.labels.values()):
            continue
        row = settings.get(iri, {})
        where = nodes.get(row.get("city") or "") or nodes.get(row.get("place") or "")
        month = _month(row)
        english, persian = _kind({*node.classes, *(row.get("kinds") or "").split()})
        labels = {}
        for lang, kind in (("en", english), ("fa", persian)):
            parts = [kind]
            if where is not None:
                parts.append(where.labels.get(lang) or where.label)
            if month:
                parts.append(month)
            elif where is None:
                parts.append(UNDATED[lang])
            labels[lang] = SEPARATOR[lang].join(parts)
        names = {*node.aliases, *node.labels.values()}
        kept = {name for name in names if not is_furniture(name)} - set(labels.values())
        labelled[iri] = replace(
            node, labels=dict(sorted(labels.items())), aliases=tuple(sorted(kept))
        )
    return labelled
