"""Synthetic news for benchmarks: ``python bench/corpus.py N [--seed S] [-o FILE]``.

Writes N articles as JSON Lines, about four in five in Persian and the rest in English, built
from the gazetteer (cities, organisations, persons, news agencies) and the sentence templates
below: leads with an agency and a date, officials with honorifics and titles, statements opened
by a speech verb and a colon, twinnings concluded and planned, events with organisers and venues,
Jalali and Gregorian dates, and persons and organisations that are not in the gazetteer. Each
article is 2-4 KB of UTF-8, like the seed article. The same N and seed give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import IO

import jdatetime

from payvand.extract.gazetteer import Gazetteer, GazetteerEntry
from payvand.model import EntityKind
from payvand.sources import load_gazetteer

ROOT = Path(__file__).resolve().parents[1]
ENGLISH_SHARE = 0.2
MIN_BYTES = 2048
MAX_BYTES = 4096

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
JALALI_MONTHS = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
GREGORIAN_MONTHS_FA = (
    "ژانویه",
    "فوریه",
    "مارس",
    "آوریل",
    "مه",
    "ژوئن",
    "ژوئیه",
    "اوت",
    "سپتامبر",
    "اکتبر",
    "نوامبر",
    "دسامبر",
)
WEEKDAYS_FA = ("دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه")

# Persons that are not in the gazetteer: given names and surnames combined at random.
GIVEN_FA = (
    "محمدرضا",
    "علی",
    "حسین",
    "مریم",
    "فاطمه",
    "زهرا",
    "مهدی",
    "سعید",
    "نرگس",
    "رضا",
    "امیرحسین",
    "سارا",
    "حمیدرضا",
    "مجید",
    "الهام",
    "کاوه",
    "بهاره",
    "سیدمحمد",
)
SURNAMES_FA = (
    "کریمی",
    "رحیمی",
    "صادقی‌نیا",
    "قاسم‌زاده",
    "نوروزی",
    "افشار",
    "طاهری",
    "کاظمی‌فر",
    "جعفری",
    "محمودی",
    "شریفی",
    "نیک‌نام",
    "بهرامی",
    "فرهادی",
    "سلطانی",
    "یزدانی",
    "اکبرزاده",
    "حیدری",
    "مرادی",
    "توکلی",
)
GIVEN_EN = ("Mohammad", "Ali", "Maryam", "Reza", "Sara", "Hamid", "Elham", "Kaveh", "Nasrin")
SURNAMES_EN = ("Karimi", "Rahimi", "Sadeghi", "Nowruzi", "Afshar", "Taheri", "Jafari", "Moradi")
FOREIGN_EN = ("Ivan Petrov", "Liu Wei", "Aziz Karimov", "Elena Rossi", "Murat Demir", "Anna Novak")
FOREIGN_FA = ("ایوان پتروف", "لیو وی", "عزیز کریموف", "النا روسی", "مراد دمیر", "آنا نواک")

HONORIFICS_FA = ("دکتر", "حجت‌الاسلام والمسلمین", "مهندس", "آیت‌الله", "استاد", "")
HONORIFICS_EN = ("Dr.", "Hojatoleslam", "Professor", "Ambassador", "")
ROLES_FA = ("رئیس", "معاون", "مدیرکل", "سخنگوی", "مشاور", "دبیر")
ROLES_EN = ("head of", "deputy head of", "director-general of", "spokesman for", "adviser to")
SPEECH_VERBS_FA = (
    "گفت",
    "افزود",
    "تصریح کرد",
    "اظهار کرد",
    "خاطرنشان کرد",
    "ادامه داد",
    "بیان کرد",
    "تأکید کرد",
)
SPEECH_VERBS_EN = ("said", "added", "stated", "noted", "stressed", "explained")
EVENTS_FA = (
    ("نشست", "همکاری‌های فرهنگی"),
    ("همایش", "دیپلماسی شهری"),
    ("هفته فرهنگی", "ایران"),
    ("جشنواره", "فیلم کوتاه"),
    ("نمایشگاه", "خوشنویسی ایرانی"),
    ("مراسم", "بزرگداشت حافظ"),
)
EVENTS_EN = (
    ("conference", "Cultural Cooperation"),
    ("cultural week", "Iran"),
    ("festival", "Persian Poetry"),
    ("exhibition", "Iranian Calligraphy"),
    ("meeting", "Urban Diplomacy"),
)
VENUES_FA = ("تالار وحدت", "حسینیه الزهرا", "تالار شهر", "کتابخانه ملی", "موزه هنرهای معاصر")
VENUES_EN = ("City Hall", "the National Library", "the Museum of Contemporary Art")
NEW_ORG_FA = ("انجمن دوستی ایران و {}", "مؤسسه فرهنگی {}", "بنیاد پژوهش‌های {}", "کانون هنرمندان {}")
NEW_ORG_EN = ("{} Friendship Society", "{} Cultural Foundation", "{} Institute of Persian Studies")
QUOTES_FA = (
    "پیوندهای فرهنگی دو ملت ریشه در تاریخ دارد و باید با برنامه‌های عملی تقویت شود",
    "زبان فارسی پلی میان فرهنگ‌های منطقه است و گسترش آموزش آن اولویت ماست",
    "تبادل دانشجو و استاد میان دانشگاه‌های دو کشور در سال آینده دو برابر خواهد شد",
    "دیپلماسی فرهنگی کم‌هزینه‌ترین و ماندگارترین راه نزدیکی ملت‌هاست",
    "برگزاری هفته‌های فرهنگی در شهرهای دو کشور به آشنایی مردم با یکدیگر کمک می‌کند",
    "میراث مشترک ما از مساجد و بازارها تا شعر و موسیقی زبان مشترکی دارد",
    "همکاری شهرداری‌ها در مدیریت شهری و گردشگری می‌تواند الگوی سایر شهرها باشد",
    "ترجمه آثار ادبی دو کشور و برپایی نمایشگاه‌های کتاب در دستور کار قرار دارد",
)
QUOTES_EN = (
    "cultural ties between our peoples are rooted in centuries of shared history",
    "the Persian language is a bridge between the cultures of the region",
    "student and faculty exchanges between our universities will double next year",
    "cultural diplomacy is the most lasting way to bring nations closer together",
    "city-to-city cooperation in tourism and urban management can be a model for others",
)
FILLER_FA = (
    "این برنامه با حضور جمعی از مقام‌های محلی، استادان دانشگاه و فعالان فرهنگی همراه بود.",
    "بر اساس این تفاهم‌نامه دو طرف در حوزه‌های میراث فرهنگی، گردشگری و آموزش همکاری خواهند کرد.",
    "در پایان این نشست از نمایشگاهی از صنایع دستی و کتاب‌های ترجمه‌شده بازدید شد.",
    "قرار است کمیته مشترکی برای پیگیری این توافق‌ها در ماه‌های آینده تشکیل شود.",
)
FILLER_EN = (
    "The event was attended by local officials, university professors and cultural activists.",
    "Under the memorandum the two sides will cooperate in cultural heritage, tourism and education.",
    "A joint committee is to be set up in the coming months to follow up the agreements.",
)


@dataclass(frozen=True)
class Pools:
    """The gazetteer entries the templates draw from, in a stable order."""

    iranian_cities: Sequence[GazetteerEntry]
    foreign_cities: Sequence[GazetteerEntry]
    organisations: Sequence[GazetteerEntry]
    agencies: Sequence[GazetteerEntry]
    persons: Sequence[GazetteerEntry]
    countries: Sequence[GazetteerEntry]

    @classmethod
    def of(cls, gazetteer: Gazetteer) -> Pools:
        entries = sorted(gazetteer.entries.values(), key=lambda e: e.key)
        named = [e for e in entries if e.name_fa and e.name_en and not e.ambiguous]
        cities = [e for e in named if e.kind is EntityKind.CITY and " " not in e.name_fa]
        twinned = {f"city/{c}" for t in gazetteer.twinnings for c in (t.city_a, t.city_b)}
        # Cities with known twinnings first (they recur in real news), then others.
        cities.sort(key=lambda e: e.key not in twinned)
        return cls(
            iranian_cities=[e for e in cities if e.located_in == "country/ir"][:200],
            foreign_cities=[e for e in cities if e.located_in != "country/ir"][:400],
            organisations=[
                e
                for e in named
                if e.kind is EntityKind.ORGANISATION
                and e.subkind
                in ("cultural_organisation", "university", "municipality", "ministry", "foundation")
            ],
            agencies=[e for e in named if e.subkind == "news_agency"],
            persons=[e for e in named if e.kind is EntityKind.PERSON],
            countries=[e for e in named if e.kind is EntityKind.COUNTRY],
        )


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def persian_digits(value: object) -> str:
    return str(value).translate(PERSIAN_DIGITS)


def jalali_date(day: date) -> str:
    """«۱۵ مهر ۱۴۰۲»"""
    j = jdatetime.date.fromgregorian(date=day)
    return f"{persian_digits(j.day)} {JALALI_MONTHS[j.month - 1]} {persian_digits(j.year)}"


def gregorian_date_fa(day: date) -> str:
    """«۷ اکتبر ۲۰۲۳»"""
    return (
        f"{persian_digits(day.day)} {GREGORIAN_MONTHS_FA[day.month - 1]} {persian_digits(day.year)}"
    )


class Writer:
    """One article's sentences, drawn with one random generator."""

    def __init__(self, rng: random.Random, pools: Pools) -> None:
        self.rng = rng
        self.pools = pools

    def pick(self, items: Sequence[str]) -> str:
        return items[self.rng.randrange(len(items))]

    def entry(self, items: Sequence[GazetteerEntry]) -> GazetteerEntry:
        return items[self.rng.randrange(len(items))]

    def new_person_fa(self) -> str:
        return f"{self.pick(GIVEN_FA)} {self.pick(SURNAMES_FA)}"

    def new_person_en(self) -> str:
        return f"{self.pick(GIVEN_EN)} {self.pick(SURNAMES_EN)}"

    def persian(self, index: int, day: date) -> dict[str, object]:
        agency = self.entry(self.pools.agencies)
        city_a = self.entry(self.pools.iranian_cities)
        city_b = self.entry(self.pools.foreign_cities)
        org = self.entry(self.pools.organisations)
        country = self.entry(self.pools.countries)
        speaker = self.new_person_fa()
        surname = speaker.split()[-1]
        known = self.entry(self.pools.persons)
        new_org = self.pick(NEW_ORG_FA).format(country.name_fa)
        kind, topic = EVENTS_FA[self.rng.randrange(len(EVENTS_FA))]
        headline = f"{kind} {topic} در {city_a.name_fa} برگزار شد"
        when = jalali_date(day) if self.rng.random() < 0.6 else gregorian_date_fa(day)
        lines = [
            headline,
            f"تاریخ انتشار: {jalali_date(day)} - {persian_digits(f'{day.day % 24:02d}:{index % 60:02d}')}",
            f"به گزارش {agency.name_fa}، {kind} «{topic}» روز {self.pick(WEEKDAYS_FA)} {when} "
            f"به همت {org.name_fa} و {new_org} در {self.pick(VENUES_FA)} {city_a.name_fa} برگزار شد.",
            f"{self.pick(HONORIFICS_FA)} {speaker} {self.pick(ROLES_FA)} {org.name_fa} در این "
            f"{kind} {self.pick(SPEECH_VERBS_FA)}: {self.pick(QUOTES_FA)}.",
        ]
        if self.rng.random() < 0.5:
            lines.append(
                f"تفاهم‌نامه خواهرخواندگی {city_a.name_fa} و {city_b.name_fa} روز "
                f"{self.pick(WEEKDAYS_FA)} به امضای شهرداران دو شهر رسید."
            )
        else:
            lines.append(
                f"{city_a.name_fa} و {city_b.name_fa} در آینده نزدیک خواهرخوانده می‌شوند و "
                f"مذاکرات دو طرف از {gregorian_date_fa(day + timedelta(days=30))} آغاز خواهد شد."
            )
        lines.append(
            f"{known.name_fa} نیز در پیامی به این {kind} {self.pick(SPEECH_VERBS_FA)}: "
            f"{self.pick(QUOTES_FA)}."
        )
        while len("\n".join(lines).encode("utf-8")) < MIN_BYTES + self.rng.randrange(1200):
            choice = self.rng.random()
            if choice < 0.4:
                lines.append(f"{surname} {self.pick(SPEECH_VERBS_FA)}: {self.pick(QUOTES_FA)}.")
            elif choice < 0.6:
                guest = self.pick(FOREIGN_FA)
                lines.append(
                    f"{guest} شهردار {city_b.name_fa} نیز {self.pick(SPEECH_VERBS_FA)}: "
                    f"{self.pick(QUOTES_FA)}."
                )
            else:
                lines.append(self.pick(FILLER_FA))
        lines.append("انتهای پیام")
        return {
            "url": f"https://news.example.org/fa/{index}",
            "headline": headline,
            "text": "\n".join(lines),
            "datePublished": day.isoformat() if self.rng.random() < 0.5 else None,
            "lang": "fa",
            "publisher": agency.name_fa,
        }

    def english(self, index: int, day: date) -> dict[str, object]:
        agency = self.entry(self.pools.agencies)
        city_a = self.entry(self.pools.iranian_cities)
        city_b = self.entry(self.pools.foreign_cities)
        org = self.entry(self.pools.organisations)
        country = self.entry(self.pools.countries)
        speaker = self.new_person_en()
        surname = speaker.split()[-1]
        new_org = self.pick(NEW_ORG_EN).format(country.name_en)
        kind, topic = EVENTS_EN[self.rng.randrange(len(EVENTS_EN))]
        headline = f"{topic} {kind} held in {city_a.name_en}"
        stamp = day.strftime("%B %d, %Y").replace(" 0", " ")
        lines = [
            headline,
            f"{city_a.name_en.upper()}, {stamp} ({agency.name_en}) - A {kind} on {topic} was held "
            f"in {self.pick(VENUES_EN)} of {city_a.name_en}, organised by the {org.name_en} "
            f"and the {new_org}.",
            f"{self.pick(HONORIFICS_EN)} {speaker}, {self.pick(ROLES_EN)} the {org.name_en}, "
            f'{self.pick(SPEECH_VERBS_EN)}: "{sentence_case(self.pick(QUOTES_EN))}."',
        ]
        if self.rng.random() < 0.5:
            lines.append(
                f"{city_a.name_en} and {city_b.name_en} signed a sister-city agreement on {stamp}."
            )
        else:
            lines.append(
                f"{city_a.name_en} and {city_b.name_en} plan to become sister cities, "
                "officials said."
            )
        while len("\n".join(lines).encode("utf-8")) < MIN_BYTES + self.rng.randrange(1500):
            choice = self.rng.random()
            if choice < 0.4:
                lines.append(
                    f'{surname} {self.pick(SPEECH_VERBS_EN)}: "{sentence_case(self.pick(QUOTES_EN))}."'
                )
            elif choice < 0.6:
                lines.append(
                    f"{self.pick(FOREIGN_EN)}, the mayor of {city_b.name_en}, "
                    f"{self.pick(SPEECH_VERBS_EN)} that {self.pick(QUOTES_EN)}."
                )
            else:
                lines.append(self.pick(FILLER_EN))
        return {
            "url": f"https://news.example.org/en/{index}",
            "headline": headline,
            "text": "\n".join(lines),
            "datePublished": day.isoformat(),
            "lang": "en",
            "publisher": agency.name_en,
        }


def generate(n: int, *, seed: int = 0, gazetteer: Gazetteer) -> Iterator[dict[str, object]]:
    """N article records; the same N, seed and gazetteer give the same records."""
    pools = Pools.of(gazetteer)
    start = date(2015, 3, 21)
    for index in range(n):
        rng = random.Random(f"{seed}:{index}")
        writer = Writer(rng, pools)
        day = start + timedelta(days=rng.randrange(3650))
        record = (
            writer.english(index, day)
            if rng.random() < ENGLISH_SHARE
            else writer.persian(index, day)
        )
        yield {k: v for k, v in record.items() if v is not None}


def write_corpus(n: int, output: IO[str], *, seed: int = 0, gazetteer: Gazetteer) -> None:
    for record in generate(n, seed=seed, gazetteer=gazetteer):
        output.write(json.dumps(record, ensure_ascii=False))
        output.write("\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    parser.add_argument(
        "--gazetteer", type=Path, default=ROOT / "data" / "gazetteer", help="gazetteer directory"
    )
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be 0 or more")
    gazetteer = load_gazetteer(args.gazetteer)
    if args.output is None:
        write_corpus(args.n, sys.stdout, seed=args.seed, gazetteer=gazetteer)
        return 0
    tmp = args.output.with_name(args.output.name + ".part")
    with tmp.open("w", encoding="utf-8") as handle:
        write_corpus(args.n, handle, seed=args.seed, gazetteer=gazetteer)
    tmp.replace(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
