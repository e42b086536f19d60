"""Closed Persian and English vocabularies the text core relies on.

These are grammar, not knowledge: month and weekday names, verb stems for ZWNJ restoration,
function words, speech verbs, and the head words of organisations, events and venues.
Open vocabularies (names, roles, honorifics) are data and reach the extractor in the gazetteer.
Every entry is written in normalised form; ``tests/text/test_lexicon.py`` checks it.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(word.strip() for word in text.split("|") if word.strip())


# --- calendars ---------------------------------------------------------------------------------
JALALI_MONTHS: dict[str, int] = {
    "فروردین": 1,
    "اردیبهشت": 2,
    "خرداد": 3,
    "تیر": 4,
    "مرداد": 5,
    "امرداد": 5,
    "شهریور": 6,
    "مهر": 7,
    "آبان": 8,
    "آذر": 9,
    "دی": 10,
    "بهمن": 11,
    "اسفند": 12,
}
HIJRI_MONTHS: dict[str, int] = {
    "محرم": 1,
    "محرم‌الحرام": 1,
    "صفر": 2,
    "ربیع‌الاول": 3,
    "ربیع‌الثانی": 4,
    "ربیع‌الآخر": 4,
    "جمادی‌الاول": 5,
    "جمادی‌الاولی": 5,
    "جمادی‌الثانی": 6,
    "جمادی‌الثانیه": 6,
    "جمادی‌الآخر": 6,
    "رجب": 7,
    "شعبان": 8,
    "رمضان": 9,
    "شوال": 10,
    "ذی‌القعده": 11,
    "ذی‌الحجه": 12,
}
GREGORIAN_MONTHS_FA: dict[str, int] = {
    "ژانویه": 1,
    "ژانویه‌ی": 1,
    "فوریه": 2,
    "مارس": 3,
    "آوریل": 4,
    "مه": 5,
    "می": 5,
    "ژوئن": 6,
    "ژوئیه": 7,
    "جولای": 7,
    "اوت": 8,
    "آگوست": 8,
    "سپتامبر": 9,
    "اکتبر": 10,
    "نوامبر": 11,
    "دسامبر": 12,
}
GREGORIAN_MONTHS_EN: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
# Words before a date that make it the date of something told, not a dateline's: «در ۱۸ دی»,
# "on 12 January", "since May 2020".
DATE_PREPOSITIONS_FA: frozenset[str] = _words("در|از|تا|روز|پس|پیش|قبل|بعد|طی|سال|از")
DATE_PREPOSITIONS_EN: frozenset[str] = _words(
    "on|in|since|from|until|till|to|by|before|after|during|of|at|between|and"
)
WEEKDAYS_FA: frozenset[str] = _words(
    "شنبه|یکشنبه|یک‌شنبه|دوشنبه|سه‌شنبه|چهارشنبه|پنجشنبه|پنج‌شنبه|جمعه"
)
WEEKDAYS_EN: frozenset[str] = _words(
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
)
# The day of the week of each weekday name (Monday 0), as :meth:`date.weekday` counts.
WEEKDAY_NUMBERS: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "دوشنبه": 0,
    "سه‌شنبه": 1,
    "چهارشنبه": 2,
    "پنجشنبه": 3,
    "پنج‌شنبه": 3,
    "جمعه": 4,
    "شنبه": 5,
    "یکشنبه": 6,
    "یک‌شنبه": 6,
}

# --- ZWNJ restoration ----------------------------------------------------------------------------
PRESENT_STEMS: frozenset[str] = _words(
    "شو|کن|ده|گیر|رو|آی|آور|بر|دار|دان|توان|خواه|گو|گوی|یاب|ساز|پرداز|نشین|رس|گذار|گذر|بین|"
    "خوان|نویس|پذیر|بخش|فرست|کوش|افزا|افزای|گرد|مان|زن|خور|پوش|شناس|باش|ریز|سپار|آموز|کاه|"
    "کش|گشا|گشای|اندیش|نگر|پسند|جوی|شکن|گزین|ورز|انداز|افت|تاب|چین|خر|فروش|دو|خیز|نما|نمای|"
    "گرا|گرای|ران|بند|ستان|ترس|پرس|خند|بار|کار|آفرین|سوز|پیوند|فهم|شمار|رسان|گردان|نام|بال|"
    "طلب|جنگ|چرخ|لرز|کوب|بخشا|آزما|آزمای|گستر|پا|پای|آرا|آرای|میر|نه|ایست|گذران|کشان|رهان|"
    "پیما|پیمای|ستا|ستای|زدا|زدای|گریز|پاش|تراش|کاو|بوس|نوش|چسب|جنب"
)
PRESENT_ENDINGS: frozenset[str] = _words("م|ی|د|یم|ید|ند")
PAST_STEMS: frozenset[str] = _words(
    "شد|کرد|داد|گرفت|رفت|آمد|آورد|برد|داشت|دانست|توانست|خواست|گفت|یافت|ساخت|پرداخت|نشست|رسید|"
    "گذاشت|گذشت|دید|خواند|نوشت|پذیرفت|بخشید|فرستاد|کوشید|افزود|گردید|ماند|زد|خورد|پوشید|شناخت|"
    "بود|ریخت|سپرد|آموخت|کاست|کشید|گشود|اندیشید|نگریست|پسندید|جست|شکست|گزید|ورزید|انداخت|"
    "افتاد|تابید|چید|خرید|فروخت|دوید|خاست|نمود|گرایید|راند|بست|ستاند|ترسید|پرسید|خندید|بارید|"
    "کاشت|آفرید|سوخت|پیوست|فهمید|شمرد|رساند|گرداند|نامید|بایست|نهاد|ایستاد|طلبید|چرخید|گسترد|"
    "گذراند|کشاند|رهاند|پیمود|ستود|زدود|گریخت|پاشید|تراشید|کاوید|بوسید|نوشید|چسبید|جنبید"
)
PAST_ENDINGS: frozenset[str] = _words("م|ی|یم|ید|ند")
PREFIXED_WHOLE_WORDS: frozenset[str] = _words("توان")
# Words that look like «می» + verb but are not verbs.
NOT_PREFIXED_VERBS: frozenset[str] = _words("میدانی|میزد|میرا|نمیر|میدانیم")
GLUED_SUFFIXES: frozenset[str] = _words("ها|های|هایی|ترین")
# Words written glued to «به» in crawled text, which standard writing sets apart: «بهمیزبانی»,
# «بهمنظور», «بهعنوان». Only these: «بهنام», «بهروز» are names, «بهداشت» a word.
AFTER_BE_FA: frozenset[str] = _words(
    "میزبانی|منظور|عنوان|صورت|ویژه|نمایش|همت|دعوت|زودی|رسمیت|ابتکار|کوشش|مناسبت|همراه|نوبه|"
    "طور|خصوص|علاوه|دنبال|سوی|سمت|رغم|همین|موقع|جای|خاطر|گزارش|نقل|امضا|اجرا|ثبت|کار|"
    "اشتراک|تصویب|پایان|دست|نظر|شمار|حساب|وسیله|واسطه|لحاظ|مثابه|تدریج|سرعت|راحتی|خوبی|"
    "سختی|تازگی|تنهایی|ریاست|نیابت|مدیریت|همکاری"
)
# Stems that end a word which only looks like stem + suffix: «انتها», «بیشترین», «اشتها».
NOT_SUFFIXED_STEMS: frozenset[str] = _words(
    "انت|منت|اشت|اژد|گرانب|بیش|ابت|الل|کاتر|دکتر|پتر|اکاتر|ال"
)

# --- function words and boundaries ---------------------------------------------------------------
STOPWORDS_FA: frozenset[str] = _words(
    "در|از|به|با|که|را|و|این|آن|برای|تا|بر|هم|نیز|یک|یا|اما|ولی|چون|اگر|پس|سپس|همچنین|همین|"
    "همان|آنها|آن‌ها|ایشان|وی|او|ما|شما|من|تو|خود|خویش|هر|چه|چند|چندین|دیگر|باید|نباید|است|"
    "هست|نیست|بود|شد|شده|شود|می‌شود|کرد|کرده|کند|می‌کند|داد|داده|دارد|داشت|خواهد|نیز|بین|"
    "میان|روی|زیر|پیش|پس|نزد|بدون|درباره|طی|ضمن|جهت|توسط|سوی|همراه|علاوه|بنابراین|لذا|زیرا|"
    "هنگام|هنگامی|وقتی|زمانی|امروز|دیروز|فردا|امسال|پارسال|اکنون|هم‌اکنون|اخیر|اخیرا|نخست|"
    "ابتدا|ادامه|پایان|بیان|گفت|افزود|اظهار|تصریح|تاکید|تأکید|اینکه|آنکه|چرا|کجا|کی|چگونه|"
    "خیلی|بسیار|بیش|کم|بیشتر|کمتر|بزرگ|کوچک|جدید|قدیم|مهم|ویژه|عنوان|نام|سال|ماه|روز|هفته|"
    "شنبه|یکشنبه|دوشنبه|سه‌شنبه|چهارشنبه|پنجشنبه|جمعه|ساعت|تاریخ|جاری|گذشته|آینده|حاضر|"
    "نیز|الی|الا|فی|عن|لا|ما|قبل|بعد|حتی|آیا|ولی|بلکه|یعنی|مانند|مثل|چنین|چنان|همه|تمام|کل|"
    "بی|جز|مگر|چو|اندر|همی"
)
# Function words that may stand inside a name: «سازمان فرهنگ و ارتباطات اسلامی», «دانشکده تاریخ».
NAME_INNER_WORDS_FA: frozenset[str] = _words("و|ملی|عالی|کل|تاریخ")
STOPWORDS_EN: frozenset[str] = _words(
    "the|a|an|of|in|on|at|to|for|from|with|by|and|or|but|as|is|was|were|are|be|been|has|have|"
    "had|will|would|this|that|these|those|it|its|he|she|they|his|her|their|we|our|on|said|says|"
    "added|also|which|who|whom|whose|after|before|during|while|about|between|into|over|under|"
    "than|then|there|here|not|no|yes|all|any|some|such|more|most|other|new|first|last|"
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|"
    "may|june|july|august|september|october|november|december|today|yesterday|tomorrow"
)
# Words before a weekday that is not the town «دوشنبه»: «روز دوشنبه», «صبح دوشنبه».
TIME_WORDS_FA: frozenset[str] = _words(
    "روز|صبح|عصر|شب|ظهر|بامداد|بعدازظهر|بعد از ظهر|امروز|دیروز|فردا|هر"
)
IN_FA = "در"
AND_FA = "و"
PRONOUNS_FA: frozenset[str] = _words("وی|او|ایشان")
PRONOUNS_EN: frozenset[str] = _words("he|she")
CONJUNCTIONS_FA: frozenset[str] = _words("و|،")

# --- speech, reporting and publication ----------------------------------------------------------
# A speech verb followed by a colon introduces a statement (see EXTRACTION-GUIDE, CQ6).
SPEECH_VERBS_FA: frozenset[str] = _words(
    "گفت|افزود|تصریح کرد|اظهار کرد|اظهار داشت|ادامه داد|خاطرنشان کرد|خاطرنشان ساخت|"
    "بیان کرد|بیان داشت|اضافه کرد|تأکید کرد|تاکید کرد|عنوان کرد|یادآور شد|یادآوری کرد|"
    "اعلام کرد|تشریح کرد|اذعان کرد|گفته است|افزوده است|اظهار کرده است|تصریح کرده است|"
    "ابراز کرد|ابراز داشت|ابراز امیدواری کرد"
)
# The English verbs of the annotation guide ("noted", "stressed", "told" are not counted).
SPEECH_VERBS_EN: frozenset[str] = _words(
    "said|added|stated|observed|continued|revealed|says|adds|states|observes|continues|reveals|"
    "adding"
)
REPORT_CUES_FA: frozenset[str] = _words("به گزارش|به نقل از")
REPORT_CUES_EN: frozenset[str] = _words("according to|reported by|as reported by")
PUBLICATION_CUES_FA: frozenset[str] = _words(
    "تاریخ انتشار|زمان انتشار|تاریخ خبر|انتشار|منتشر شده در|تاریخ"
)
PUBLICATION_CUES_EN: frozenset[str] = _words("published|publish date|posted|updated|date")
# Words between «به گزارش» and the outlet: «به گزارش خبرنگار مهر».
REPORTER_WORDS: frozenset[str] = _words(
    "خبرنگار|خبرگزاری|روزنامه|پایگاه|سایت|پایگاه خبری|reporter|correspondent"
)
# Where an outlet is named: "Trend reports citing IRNA", "ISNA reported".
CITING_WORDS_EN: frozenset[str] = _words("citing|quoting")
REPORTED_WORDS_EN: frozenset[str] = _words("reported|reports")
# Between «به گزارش» and the outlet: the reporter, the desk, the section.
REPORTER_PASSED_WORDS: frozenset[str] = _words(
    "خبرنگار|خبرنگاران|گروه|سرویس|بخش|تحریریه|واحد|استان‌های|استان ها|استانهای|reporter|"
    "correspondent"
)
# «به خبرنگار مهر گفت»: a reporter of an outlet.
REPORTER_OF_FA: frozenset[str] = _words("خبرنگار|خبرنگاران")
# A press office names the body it speaks for, not an outlet: «به نقل از روابط عمومی بنیاد سعدی».
PRESS_OFFICE_FA: frozenset[str] = _words(
    "روابط عمومی|روابط‌عمومی|اداره کل روابط عمومی|دفتر رسانه|پایگاه اطلاع رسانی|"
    "پایگاه اطلاع‌رسانی|public relations|press office|press service|information department"
)
# Sources that are no outlet: «به نقل از منابع آگاه», «به گزارش رسانه‌های ترکیه».
GENERIC_SOURCES: frozenset[str] = _words(
    "منابع|منبع|رسانه|رسانه‌ها|رسانه‌های|رسانه ها|مقامات|مسئولان|کارشناسان|شاهدان|وی|او|ایشان"
)
NEWS_CODE_CUES: frozenset[str] = _words("کد خبر|شناسه خبر|news code|news id|story code")

# --- head words ----------------------------------------------------------------------------------
ORGANISATION_HEADS_FA: frozenset[str] = _words(
    "سازمان|وزارت|وزارتخانه|شهرداری|سفارت|سفارتخانه|رایزنی|رایزنی فرهنگی|کنسولگری|سرکنسولگری|"
    "دانشگاه|بنیاد|خبرگزاری|کمیسیون|مجمع|مرکز|انجمن|موسسه|مؤسسه|اداره|اداره کل|شورای|مجلس|"
    "پژوهشگاه|فرهنگستان|کتابخانه|ستاد|دفتر|کانون|آستان|نهاد|معاونت|دبیرخانه|صندوق|شرکت|"
    "دانشکده|پژوهشکده|اتاق|خانه|کمیته|جهاد|روزنامه|رادیو|تلویزیون|استانداری|فرمانداری|"
    "بخشداری|دولت شهر|انستیتو|انستیتوی|آکادمی|مدرسه|گروه|دپارتمان|کنسرواتوار|"
    "خانه فرهنگ|شورای شهر|شورای اسلامی شهر|نمایندگی|مجتمع|انتشارات|اداره‌کل|اتحادیه|"
    "بخش فرهنگی|بخش بین‌الملل|بخش بین الملل"
)
# Heads that differ from an ordinary word only by the madda, which match keys fold away:
# «آستان قدس رضوی» is a body, «مسئولان استان کربلا» a province.
MADDA_HEADS_FA: frozenset[str] = _words("آستان")
# Heads whose name is a place: «شهرداری کازان», «سفارت پرتغال در تهران», «شورای شهر قم».
PLACE_HEADS_FA: frozenset[str] = _words(
    "شهرداری|استانداری|فرمانداری|بخشداری|دولت شهر|شورای شهر|شورای اسلامی شهر|سفارت|"
    "سفارتخانه|کنسولگری|سرکنسولگری"
)
# Words between a place-head and its place: «شهرداری کلان‌شهر قونیه», «سفارت جمهوری اسلامی …».
PLACE_HEAD_MODIFIERS_FA: frozenset[str] = _words(
    "کلان‌شهر|کلانشهر|شهر|جمهوری|اسلامی|کشور|پادشاهی|بندر"
)
# Plural titles, with the title of one («معاونان» of «معاون»): a name stops before them as before
# a title; inside a body's name they are words («مجلس نمایندگان»).
PLURAL_TITLES_FA: dict[str, str] = {
    "روسای": "رئیس",
    "رؤسای": "رئیس",
    "رئیسان": "رئیس",
    "معاونان": "معاون",
    "معاونین": "معاون",
    "مدیران": "مدیر",
    "مسئولان": "مدیر",
    "مسئولین": "مدیر",
    "اعضای": "عضو",
    "اعضا": "عضو",
    "مشاوران": "مشاور",
    "نمایندگان": "نماینده",
    "شهرداران": "شهردار",
    "سفرای": "سفیر",
    "سفرا": "سفیر",
}
# Heads of missions and offices that sit in a place: «در <place>» is part of their name
# («رایزنی فرهنگی ایران در استانبول», «نمایندگی جامعه المصطفی در ژوهانسبورگ»).
REPRESENTATION_HEADS_FA: frozenset[str] = _words(
    "رایزنی|رایزنی فرهنگی|خانه فرهنگ|نمایندگی|سفارت|سفارتخانه|کنسولگری|سرکنسولگری|دفتر"
)
# Regions a mission may sit in, where the gazetteer has no place: «مجلس اهل البیت در آفریقا»,
# «نمایندگی المصطفی در خراسان». They name no place of their own.
REGIONS_FA: frozenset[str] = _words(
    "آفریقا|افریقا|آسیا|اروپا|آمریکای لاتین|آمریکای شمالی|آمریکای جنوبی|خاورمیانه|خاور میانه|"
    "قفقاز|آسیای مرکزی|آسیای میانه|بالکان|شبه قاره|شبه‌قاره|خراسان|کردستان|آذربایجان|جنوب شرق آسیا|"
    "شرق آسیا|غرب آسیا|غرب آفریقا|شرق آفریقا|شمال آفریقا|اقیانوسیه|اسکاندیناوی"
)
# Heads that name a body with no place after them: «از اعضای شورای اسلامی شهر».
BARE_HEADS_FA: frozenset[str] = _words("شورای اسلامی شهر|شورای شهر")
# Heads that name a body only with a name of two words or more, and never right after a place
# («کازان مرکز جمهوری تاتارستان»: the capital of a republic, not a centre).
WEAK_HEADS_FA: frozenset[str] = _words(
    "مرکز|دفتر|خانه|ستاد|کانون|اداره|بخش|واحد|گروه|اتاق|کمیته|صندوق|شرکت|نهاد|معاونت|"
    "مدرسه|دپارتمان|نمایندگی"
)
# Heads of a university's departments: a body only inside a university's name
# («گروه زبان و ادبیات فارسی دانشگاه آنکارا»; «گروه فرهنگی خبرگزاری فارس» is a desk).
DEPARTMENT_HEADS_FA: frozenset[str] = _words("گروه")
UNIVERSITY_HEADS_FA: frozenset[str] = _words("دانشگاه|دانشکده")
# Plural suffixes written apart: «کتابخانه های», «گروه ها».
PLURAL_SUFFIXES_FA: frozenset[str] = _words("ها|های|هایی")
# Units inside a body, written in lower case between a title and the body: "head of the Persian
# department of Peking University", "who heads the international affairs office of …".
SUBUNITS_EN: frozenset[str] = _words(
    "department|section|office|faculty|school|division|unit|desk|bureau|branch|group|centre|"
    "center|chair|directorate|secretariat"
)
# Consulates: bodies of their own, never the embassy of the country they are in.
CONSULATE_HEADS: frozenset[str] = _words("کنسولگری|سرکنسولگری|consulate|consulate-general")
# Units of a body whose positions are the body's («رئیس گروه زبان فارسی دانشگاه ورشو»).
UNITS_FA: frozenset[str] = _words("گروه|دپارتمان|بخش|واحد")
# Heads whose bodies the gazetteer holds by their place: Iran's embassies and counsellorships,
# municipalities (consulates are not among them).
CANONICAL_HEADS: frozenset[str] = _words(
    "سفارت|سفارتخانه|رایزنی فرهنگی|رایزنی|خانه فرهنگ|شهرداری|embassy|counsellorship|"
    "counselorship|municipality|city hall"
)
# Heads whose one-word names are names («بنیاد سعدی», «دانشگاه الزهرا»).
STRONG_HEADS_FA: frozenset[str] = _words(
    "شهرداری|دانشگاه|سفارت|خبرگزاری|بنیاد|وزارت|سازمان|کنسولگری|سرکنسولگری|استانداری|"
    "فرمانداری|فرهنگستان|پژوهشگاه|آستان|رایزنی فرهنگی|مجمع|انجمن|کمیسیون|موسسه|مؤسسه|"
    "انستیتو|آکادمی|روزنامه|مجلس"
)
ORGANISATION_HEADS_EN: frozenset[str] = _words(
    "ministry|organization|organisation|municipality|embassy|consulate|consulate-general|"
    "university|foundation|agency|commission|assembly|council|center|centre|association|"
    "institute|institution|office|academy|library|forum|committee|society|department|"
    "secretariat|fund|company|college|school|chamber|house|broadcasting|radio|television|"
    "bureau|authority|counsellorship|counselorship|congress|conservatoire|conservatory|"
    "directorate|mission|parliament|majlis|federation|union|league|publisher|publishers|"
    "faculty|observatory|archive|archives|trust|guild|corporation|governorate|seminary|church|"
    "club|division|administration|delegation"
)
# Heads that name a venue rather than a body after these words: "Teresa Carreño Cultural Center".
VENUE_BEFORE_AMBIGUOUS_HEAD_EN: frozenset[str] = _words(
    "cultural|culture|arts|art|exhibition|convention|conference|shopping|opera|concert|"
    "community|visitor|visitors|trade|sports|sport|heritage|music|film|youth|congress"
)
# A body's kind by its head word.
ORGANISATION_KINDS: dict[str, str] = {
    "شهرداری": "municipality",
    "دولت شهر": "municipality",
    "دانشگاه": "university",
    "دانشکده": "university",
    "سفارت": "embassy",
    "سفارتخانه": "embassy",
    "کنسولگری": "embassy",
    "سرکنسولگری": "embassy",
    "رایزنی فرهنگی": "cultural_counsellorship",
    "رایزنی": "cultural_counsellorship",
    "خانه فرهنگ": "cultural_counsellorship",
    "خبرگزاری": "news_agency",
    "روزنامه": "news_agency",
    "وزارت": "ministry",
    "وزارتخانه": "ministry",
    "شورای شهر": "council",
    "شورای اسلامی شهر": "council",
    "مجلس": "parliament",
    "بنیاد": "foundation",
    "پژوهشگاه": "research_institute",
    "پژوهشکده": "research_institute",
    "فرهنگستان": "research_institute",
    "انستیتو": "research_institute",
    "آکادمی": "research_institute",
    "استانداری": "governorate",
    "university": "university",
    "college": "university",
    "faculty": "university",
    "conservatoire": "university",
    "conservatory": "university",
    "municipality": "municipality",
    "embassy": "embassy",
    "consulate": "embassy",
    "consulate-general": "embassy",
    "mission": "embassy",
    "counsellorship": "cultural_counsellorship",
    "counselorship": "cultural_counsellorship",
    "ministry": "ministry",
    "agency": "news_agency",
    "council": "council",
    "foundation": "foundation",
    "institute": "research_institute",
    "academy": "research_institute",
    "governorate": "governorate",
    "parliament": "parliament",
}
EVENT_HEADS_FA: frozenset[str] = _words(
    "نشست|همایش|کنفرانس|اجلاس|اجلاسیه|جشنواره|نمایشگاه|هفته فرهنگی|هفته فیلم|آیین|مراسم|"
    "جلسه|سمینار|وبینار|کارگاه|گردهمایی|مسابقات|مسابقه|جشن|بزرگداشت|کنگره|سمپوزیوم|"
    "نشست هم‌اندیشی|هم‌اندیشی|میزگرد|دیدار|رونمایی|افتتاحیه|اختتامیه|نکوداشت|سوگواره|المپیاد|"
    "هفته|سفر|روزهای فرهنگی|برنامه"
)
EVENT_HEADS_EN: frozenset[str] = _words(
    "meeting|meetings|conference|summit|festival|exhibition|fair|week|ceremony|seminar|webinar|"
    "workshop|forum|symposium|congress|competition|celebration|commemoration|gathering|"
    "session|roundtable|round-table|visit|expo|event|events|trip|concert|screening"
)
# The kind of an event by its head word.
EVENT_KINDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "نشست",
            "جلسه",
            "دیدار",
            "میزگرد",
            "هم‌اندیشی",
            "meeting",
            "meetings",
            "session",
            "roundtable",
        ),
        "meeting",
    ),
    **dict.fromkeys(
        (
            "همایش",
            "کنفرانس",
            "اجلاس",
            "اجلاسیه",
            "کنگره",
            "سمینار",
            "سمپوزیوم",
            "وبینار",
            "conference",
            "summit",
            "seminar",
            "symposium",
            "congress",
            "webinar",
            "forum",
        ),
        "conference",
    ),
    **dict.fromkeys(("جشنواره", "سوگواره", "festival"), "festival"),
    **dict.fromkeys(("نمایشگاه", "exhibition", "fair", "expo"), "exhibition"),
    **dict.fromkeys(("هفته", "week"), "cultural_week"),
    **dict.fromkeys(
        ("آیین", "مراسم", "جشن", "بزرگداشت", "نکوداشت", "ceremony", "celebration", "commemoration"),
        "ceremony",
    ),
    **dict.fromkeys(("سفر", "visit", "trip"), "visit"),
}
# Who organised an event: «به همت X», «با همکاری Y», "organised by X", "hosted by Y".
ORGANISER_CUES_FA: frozenset[str] = _words(
    "به همت|از سوی|با همکاری|به دعوت|به میزبانی|به ابتکار|توسط|با مشارکت|با حضور و همکاری|"
    "به کوشش|با همکاری مشترک"
)
ORGANISER_CUES_EN: frozenset[str] = _words(
    "organised by|organized by|in cooperation with|in collaboration with|hosted by|"
    "held by|co-organised by|co-organized by|at the invitation of|jointly organised by|"
    "jointly organized by|in partnership with|in co-operation with|organised jointly by|"
    "organized jointly by"
)
# Cues that name an organiser only before a verb of organising: «از سوی X برگزار شد».
ORGANISER_CUES_NEEDING_VERB: frozenset[str] = _words("از سوی|توسط|held by")
# Who attended an event: «با حضور …», "attended by …"; the persons named after these.
ATTENDANCE_CUES: frozenset[str] = _words(
    "با حضور|در حضور|attended by|in the presence of|with the participation of|with the presence of"
)
ORGANISING_WORDS: frozenset[str] = _words(
    "برگزار|برپا|تشکیل|ترتیب|اجرا|افتتاح|راه‌اندازی|برگزاری|گشایش|organised|organized|held|"
    "hosted|staged|launched"
)
# Words that say an event was held (not only that something was set up or opened).
HOLDING_WORDS: frozenset[str] = _words(
    "برگزار|برپا|برگزاری|organised|organized|held|hosted|staged|holds|hold"
)
ORGANISER_CONTINUATIONS_FA: frozenset[str] = _words("همکاری|مشارکت|حمایت|همت")
HOLDING_ACTIVE_WORDS: frozenset[str] = _words(
    "برگزار|برپا|hold|holds|held|organised|organized|organises|organizes|hosted|hosts|staged"
)
# The light verbs of an active «برگزار …»: «برگزار کرد», «برپا می‌کند», not «برگزار شد».
ACTIVE_LIGHT_VERBS_FA: frozenset[str] = _words(
    "کرد|کردند|کند|کنند|می‌کند|می‌کنند|نمود|نمودند|خواهد|خواهند|کرده|کرده‌اند|کرده است"
)
# Organiser cues that make an event of a visit: the hosts invited or received the guests.
HOSTING_CUES: frozenset[str] = _words(
    "به دعوت|به میزبانی|at the invitation of|hosted by|on the invitation of"
)
TODAY_WORDS: frozenset[str] = _words("امروز|today|امشب|tonight")
EVENT_DETERMINERS: frozenset[str] = _words("the|a|an|this|that|these|those")
EVENT_FALLBACK_LABEL = "event"
# Lowercase words that belong to an English event's name: "an Iranian cultural week".
EVENT_MODIFIERS_EN: frozenset[str] = _words(
    "cultural|culture|film|book|art|arts|music|poetry|photo|photography|calligraphy|"
    "international|national|annual|joint|opening|closing|scientific|academic|literary|quran|"
    "quranic|cinema|theatre|theater|handicrafts|crafts|food|trade|tourism|media|friendship"
)
# Words before an event head that point back to one named before: "the event", «این هفته».
EVENT_BACK_REFERENCES: frozenset[str] = _words("the|this|that|این|همین")
# Heads that only ever point back: "The event was organised by …".
EVENT_ANAPHORS: frozenset[str] = _words("event|events|رویداد|برنامه")
VENUE_HEADS_FA: frozenset[str] = _words(
    "حسینیه|سالن|تالار|مسجد|هتل|ساختمان|محل|باغ|موزه|پردیس|مصلی|سینما|تماشاخانه|تئاتر|"
    "فرهنگسرا|کاخ|برج|مجموعه|ورزشگاه|آمفی‌تئاتر|خانه|عمارت|حرم|آرامگاه|مقبره|بارگاه|میدان|مصلای|"
    "خیابان|پل|بازار|کلیسا|کنیسه|مرکز فرهنگی|گالری|نگارخانه|پارک|بوستان|کاروانسرا|مدرسه تاریخی|"
    "مرکز همایش|مرکز همایش‌ها|مرکز همایش‌های|مرکز نمایشگاه‌ها|مرکز نمایشگاه‌های|مرکز نمایشگاهی|"
    "فرودگاه|بلوار|بزرگراه"
)
# Venue heads that name a venue wherever they stand; the others only after «در».
VENUE_HEADS_ANYWHERE_FA: frozenset[str] = _words(
    "سالن|تالار|مسجد|هتل|موزه|مصلی|مصلای|سینما|تماشاخانه|فرهنگسرا|کاخ|عمارت|حرم|آرامگاه|مقبره|"
    "بارگاه|میدان|خیابان|پل|بازار|کلیسا|کنیسه|مرکز فرهنگی|گالری|نگارخانه|کاروانسرا|"
    "مرکز همایش|مرکز همایش‌ها|مرکز همایش‌های|مرکز نمایشگاه‌ها|مرکز نمایشگاه‌های|مرکز نمایشگاهی|"
    "فرودگاه|بلوار|بزرگراه"
)
VENUE_HEADS_EN: frozenset[str] = _words(
    "hall|hotel|mosque|museum|palace|library|center|centre|theatre|theater|cinema|auditorium|"
    "stadium|house|garden|complex|tower|venue|pavilion|mosalla|musalla|mausoleum|tomb|shrine|"
    "square|bazaar|bridge|minaret|monument|gallery|park|street|avenue|airport|boulevard"
)

# Prepositions of place: a town after them is a town ("from Najaf", «در نجف»).
PLACE_PREPOSITIONS: frozenset[str] = _words("in|from|to|at|در")
# Words before "House" that make it a building: "Opera House", "Guest House".
HOUSE_VENUES_EN: frozenset[str] = _words(
    "opera|guest|tea|coffee|auction|court|custom|town|country|manor|summer"
)

# --- twinning and agreements ---------------------------------------------------------------------
TWINNING_CUES_FA: frozenset[str] = _words(
    "خواهرخوانده|خواهرخواندگی|خواهر خوانده|خواهر خواندگی|خواهرخوانده‌های|خواهرخوانده‌ها|"
    "خواهرخوانده‌اند|خواهرخوانده‌ایم|خواهرخوانده‌است"
)
# Twinning cues that are verbs themselves, and close their clause: «تبریز و باکو که سال‌هاست
# خواهرخوانده‌اند، می‌توانند …».
TWINNING_VERBS_FA: frozenset[str] = _words("خواهرخوانده‌اند|خواهرخوانده‌ایم|خواهرخوانده‌است")
TWINNING_CUES_EN: frozenset[str] = _words(
    "sister city|sister cities|sister-city|sister-cities|twin city|twin cities|twinned|twinning|"
    "sisterhood|twin-city|town twinning|twin town|twin towns|sister town|sister towns|"
    "sister-town"
)
# A twinning stated as concluded: the verbs and words of a done deed.
TWINNING_DONE_FA: frozenset[str] = _words(
    "شدند|شد|شده|شده است|شده‌اند|شده بود|شده بودند|امضا شد|امضا کردند|امضا رسید|به امضا رسید|"
    "منعقد شد|منعقد کردند|برقرار شد|برقرار است|برقرار کرد|برقرار کردند|برقرار|هستند|است|"
    "بوده است|بوده‌اند|امضا کرد|رسمیت یافت|رسما|دارد|دارند|عبارتند|عبارت|یافت|گرامیداشت|"
    "گرامی‌داشت|سالگرد|یادبود|بودند|خواهرخوانده‌اند|خواهرخوانده‌ایم|خواهرخوانده‌است|"
    "امضا کرده‌اند|امضا کرده‌ایم|امضا کرده است|امضا شده است|منعقد کرده‌اند|منعقد کرده‌ایم"
)
# A twinning planned, negotiated, proposed or denied.
TWINNING_PLANNED_FA: frozenset[str] = _words(
    "قرار است|خواهند شد|خواهد شد|مذاکره|مذاکرات|پیشنهاد|در حال|بررسی|امکان|آمادگی|تمایل|"
    "درخواست|پیگیری|زمینه‌سازی|خواهان|در دستور کار|برنامه‌ریزی|مقدمات|مقدمه|قصد|نزدیک|"
    "به زودی|به‌زودی|احتمال|تلاش|تدارک|مطرح|علاقه|آستانه|توافق اولیه|اولیه|روند|می‌تواند|"
    "می‌توانند|گامی|به سوی|نیست|نیستند|نشده|نشده است|نشد|نمی‌شود|هنوز|منتظر|موکول|خواستار"
)
TWINNING_DONE_EN: frozenset[str] = _words(
    "signed|became|become|becomes|inked|concluded|established|establishes|are sister|include|"
    "includes|have been twinned|were twinned|is twinned|are twinned|formalised|formalized|"
    "officially|have been|has been|had been|are|were|since|ink|inks|sealed|twinned with|"
    "already|has sister|have sister|ties with|relations with|anniversary"
)
TWINNING_PLANNED_EN: frozenset[str] = _words(
    "set to|will|would|plan|plans|planned|discuss|discussed|discussing|possibility|proposal|"
    "proposed|propose|negotiation|negotiations|negotiating|talks|seek|seeks|sought|explore|"
    "exploring|intend|prepare|preparing|soon|expected|aim|aims|could|may|might|hope|hopes|"
    "willingness|ready|in principle|not|yet|under way|underway|towards|toward|to sign|"
    "to become|agree to|agreed to|can|future|possible"
)
# Words before a city that make it no partner of a twinning: where a deed was signed, or an
# earlier partner («در قونیه», "in Nanjing", "after Chongqing").
TWINNING_NOT_PARTNER_FA: frozenset[str] = _words("در|پس از|بعد از|جز")
TWINNING_NOT_PARTNER_EN: frozenset[str] = _words("in|at|after|besides|except|from")
TWINNING_WITH: frozenset[str] = _words("با|with")
# Bodies named after their town: «شهرداری خوی», "Khoy Municipality"; the town is a town.
TOWN_BODY_HEADS: frozenset[str] = _words(
    "شهرداری|استانداری|فرمانداری|municipality|governorate|city"
)
# Conjunctions that open a new clause: «… تفاهم‌نامه دارد اما این شهرها …».
CLAUSE_CONJUNCTIONS_FA: frozenset[str] = _words("اما|ولی|لیکن|ولیکن|بلکه")
# «این دو شهر», "the two cities": the cities of the sentence before.
BOTH_CITIES: frozenset[str] = _words(
    "دو شهر|این دو شهر|هر دو شهر|two cities|both cities|the two cities"
)
AGREEMENT_CUES_FA: frozenset[str] = _words(
    "تفاهم‌نامه|یادداشت تفاهم|موافقت‌نامه|قرارداد|سند همکاری|توافق‌نامه|برنامه همکاری|پروتکل"
)
AGREEMENT_CUES_EN: frozenset[str] = _words(
    "memorandum of understanding|mou|memorandum|agreement|cooperation document|protocol|accord"
)
SIGNED_FA: frozenset[str] = _words("امضا|امضاء|منعقد|به امضا رسید|امضا شد|امضا کردند|امضا کرد")
SIGNED_EN: frozenset[str] = _words("signed|inked|concluded|sealed")

# --- page furniture ------------------------------------------------------------------------------
NEWS_HEADS_FA: frozenset[str] = _words(
    "خبرگزاری|روزنامه|پایگاه خبری|پایگاه اطلاع‌رسانی|هفته‌نامه|ماهنامه"
)
NAVIGATION_WORDS: frozenset[str] = _words(
    "صفحه اصلی|صفحه نخست|خانه|اخبار|خبر|سیاسی|اقتصادی|فرهنگی|اجتماعی|ورزشی|بین‌الملل|"
    "بین الملل|استان‌ها|عکس|فیلم|ویدئو|ویدیو|چندرسانه‌ای|جامعه|فرهنگ و هنر|"
    "فرهنگ|هنر|علمی|دانشگاه|قرآن|معارف|اندیشه|ورود|ثبت نام|ثبت‌نام|جستجو|جست‌وجو|آرشیو|"
    "تماس با ما|درباره ما|عربی|انگلیسی|فارسی|پادکست|اینفوگرافیک|گزارش|یادداشت|گفتگو|"
    "گفت‌وگو|مصاحبه|پربازدید|آخرین اخبار|همه اخبار|منو|بیشتر|رسانه|سرویس|دین و اندیشه|"
    "home|news|politics|economy|business|culture|society|sports|sport|world|iran|video|"
    "videos|photo|photos|search|login|sign in|contact|about|about us|contact us|english|"
    "persian|arabic|menu|more|opinion|tourism|art|arts|science|multimedia|podcast|latest|"
    "international|national|middle east|subscribe|rss|archive|editorial|interview|tehran|"
    "سیاست|اقتصاد|استان‌ها|شهرستان‌ها|صفحه اول|رسانه‌ها|رسانه ها|ورزشی|معرفی|معاونت‌ها|مناطق|"
    "سامانه|شهردار|اخبار بین‌الملل|ادبیات|کتاب|موسیقی|سینما|تئاتر|هنری|گالری|تصاویر|تماس|"
    "رویدادها|آموزش|media|newspaper|pdf|africa|asia|europe|americas|uk|programs|live|"
    "interviews|heritage|literature|west asia|asia-pacific|iranica|economy|tourism"
)
BOILERPLATE_LINES: frozenset[str] = _words(
    "captcha|کپچا|کد امنیتی|ارسال نظر|نظر شما|ثبت نظر|ارسال|انصراف|کپی شد|لینک کوتاه|"
    "اشتراک گذاری|اشتراک‌گذاری|چاپ|چاپ خبر|ذخیره|ارسال به دوستان|نسخه چاپی|"
    "share|print|email|copy link|copied|comment|comments|leave a comment|send|"
    "your comment|post comment|share this|share on|tweet|facebook|twitter|telegram|whatsapp"
)
RELATED_HEADERS: frozenset[str] = _words(
    "اخبار مرتبط|مطالب مرتبط|خبرهای مرتبط|پربازدیدترین|پربازدیدترین اخبار|پربازدیدترین‌ها|"
    "پربازدیدترین ها|پربحث‌ترین|آخرین اخبار|اخبار پیشنهادی|پیشنهاد سردبیر|انتخاب سردبیر|"
    "نظرات|نظرات کاربران|دیدگاه‌ها|مطالب پیشنهادی|بیشتر بخوانید|اخبار دیگر|سایر اخبار|"
    "دیگر اخبار|اخبار بیشتر|مطالب بیشتر|پیشنهادهای سردبیر|"
    "related news|related|related articles|related stories|related posts|most viewed|most read|"
    "most visited|most popular|latest news|comments|more news|read more|you may also like|"
    "recommended|also read|more stories|top stories|trending|popular|recent posts|more from|"
    "also in|other news|see also|editor's picks|editors picks"
)
# A line of page furniture starts with one of these: tags, short links, copyright, view counts.
TAIL_LINE_CUES: frozenset[str] = _words(
    "برچسب‌ها|برچسب ها|کلمات کلیدی|کلید واژه‌ها|کلیدواژه‌ها|کلیدواژه ها|کلید واژه ها|"
    "لینک کوتاه|آدرس کوتاه|کلیه حقوق|تمامی حقوق|کلیه‌ی حقوق|تعداد بازدید|زمان مطالعه|"
    "مدت زمان مطالعه|این خبر را به اشتراک بگذارید|"
    "tags|keywords|short url|short link|shortlink|all rights reserved|reading time"
)
# Words that open page furniture («منبع: ایرنا», "Tel: +98 21…", "Share this") but may also open
# a sentence («منبع آگاهی گفت…», "Tel Aviv…"): furniture only as a label before a colon, or
# opening a line too short to be a sentence.
# «به عنوان» (as): what follows describes the subject.
AS_FA: frozenset[str] = _words("به عنوان|بعنوان")
# Titles a name is known by («پاپ فرانسیس», "Imam Reza"): the titled name is one more label.
NAME_TITLES: frozenset[str] = _words(
    "پاپ|امام|حضرت|مولانا|شیخ|pope|imam|molana|mawlana|maulana|sheikh|saint|st"
)
# English words no sentence ends with: a line a page broke after one goes on in the next.
OPEN_ENDINGS_EN: frozenset[str] = _words(
    "the|a|an|of|to|and|or|in|on|at|for|with|by|from|as|that|this|these|its|their|his|her|our|"
    "is|are|was|were|be|been|has|have|had|will|would"
)
# Labels of a line naming the article's source.
SOURCE_CUES: frozenset[str] = _words("منبع|منابع|source|sources")
LABEL_CUES: frozenset[str] = _words(
    "منبع|منابع|نشانی|آدرس|تلفن|نمابر|ایمیل|پست الکترونیک|اشتراک|اشتراک‌گذاری|برچسب|کد مطلب|"
    "source|sources|tag|share|share this|views|address|tel|phone|fax|email|e-mail|copyright|"
    "follow us|read also"
)
# Prompts to follow the site elsewhere: furniture when one of these and a network or a channel
# share a short line («ما را در تلگرام دنبال کنید», "Join our Telegram channel").
FOLLOW_CUES: frozenset[str] = _words(
    "دنبال کنید|عضو شوید|بپیوندید|عضویت در|"
    "follow us|join us|join our|subscribe|sign up|download our|download the"
)
SOCIAL_NETWORKS: frozenset[str] = _words(
    "تلگرام|اینستاگرام|ایتا|سروش|روبیکا|آپارات|توییتر|تویتر|واتساپ|فیسبوک|کانال|"
    "telegram|instagram|twitter|facebook|whatsapp|youtube|linkedin|newsletter|channel|app|"
    "rss|feed|google news"
)
# Prompts to click a link («اخبار لبنان را اینجا پیگیری کنید», "Click here for more"): a short
# line holding one is furniture.
CLICK_CUES: frozenset[str] = _words(
    "کلیک کنید|اینجا پیگیری کنید|اینجا بخوانید|اینجا ببینید|click here|read here|tap here"
)
# Footers on reusing the site's texts: «استفاده از مطالب این سایت با ذکر منبع بلامانع است»,
# "All rights reserved": a notice names the reuse and whether it is allowed.
REUSE_NOTICES: frozenset[str] = _words(
    "ذکر منبع|نقل مطالب|استفاده از مطالب|کپی برداری|کپی‌برداری|rights reserved|reproduced|"
    "republished|reproduction"
)
REUSE_RULINGS: frozenset[str] = _words(
    "بلامانع|مجاز|ممنوع|آزاد|منوط|rights reserved|without permission|prohibited|not be"
)
# Marks of the end of an article's text: what follows is page furniture.
END_MARKS: frozenset[str] = _words(
    "انتهای پیام|پایان پیام|انتهای خبر|پایان خبر|انتهای متن|end of story"
)
# Words a site adds to its name in a masthead: «پورتال شهرداری اصفهان», "IRNA English".
SITE_WORDS: frozenset[str] = _words(
    "پورتال|پایگاه|اطلاع‌رسانی|اطلاع رسانی|رسمی|سایت|وب‌سایت|وبسایت|آنلاین|"
    "اخبار ایران و جهان|نسخه|انگلیسی|فارسی|english|persian|farsi|arabic|official|website|"
    "site|portal|online|home|homepage|edition|version|fa|en"
)
# Bylines that name a desk, not a person: "By IFP Editorial Staff".
STAFF_WORDS: frozenset[str] = _words(
    "staff|editorial|desk|team|newsroom|reporters|correspondents|تحریریه|گروه|سرویس"
)
BYLINE_CUES_FA: frozenset[str] = _words("خبرنگار|گزارش|نویسنده|گزارشگر|به قلم|ترجمه|مترجم|تهیه")

# --- name boundaries -----------------------------------------------------------------------------
# Verbs and the nouns of light verbs: a name never runs through them.
NAME_BREAKERS_FA: frozenset[str] = _words(
    "برگزار|برگزاری|افتتاح|آغاز|پایان|امضا|امضای|حضور|دیدار|گفت‌وگو|گفتگو|اشاره|بیان|"
    "گفت|افزود|تصریح|اظهار|تاکید|تأکید|ادامه|خاطرنشان|اضافه|عنوان|اعلام|شد|شدند|شده|"
    "کرد|کردند|کرده|است|هستند|بود|بودند|دارد|دارند|داشت|می‌شود|می‌کند|خواهد|گردید|"
    "رسید|کند|کنند|شود|شوند|باشد|باشند|نمود|نمودند|داد|دادند|یافت|پرداخت|پرداختند|"
    "گشایش|رونمایی|میزبانی|همکاری|همت|سوی|دعوت|ابتکار|مشارکت|حمایت|نیز|همچنین|امروز|"
    "دیروز|روز|صبح|عصر|شب|ظهر|بعدازظهر|هفته|ماه|سال|جاری|گذشته|آینده|اخیر|ضمن|طی|"
    "خواهرخوانده|خواهرخواندگی|تفاهم‌نامه|قرارداد|موافقت‌نامه|سخنرانی|سخنان|بازدید|"
    "اینکه|آنکه|زیرا|چراکه|تا|اما|ولی|که|با|در|از|به|برای|بر|را|این|آن|هر|یک|دو|سه|"
    "مراسم|آیین|نشست|همایش|جلسه|کنفرانس|اجلاس|جشنواره|نمایشگاه|شهرهای|کشورهای|"
    "مقام|مسئول|مسئولان|مقامات|رئیس|معاون|وزیر|سفیر|شهردار|مدیرکل|دبیرکل|نماینده"
)
# Words after a head that do not make a name: «سازمان‌های مربوط», «دانشگاه‌های کشور».
GENERIC_AFTER_HEAD_FA: frozenset[str] = _words(
    "مربوط|مربوطه|مذکور|ذی‌ربط|مختلف|دولتی|خصوصی|کشور|کشورها|استان|شهر|محلی|فرهنگی|"
    "بین‌المللی|مردمی|مردم‌نهاد|غیردولتی|متبوع|یادشده|یاد شده|مزبور|خود|ما|شما|آنها|آن‌ها|"
    "ایشان|دیگر|همتا|میزبان|مهمان|خارجی|داخلی|بزرگ|کوچک|ملی|عمومی|اصلی|جدید|تازه|فعال"
)
# Agent participles and nouns of doing: «نوید دهنده», «شرکت کنندگان», «برگزار کننده»: never part of
# a person's name, though the word before them may be a given name («نوید», «امید»).
AGENT_WORDS_FA: frozenset[str] = _words(
    "دهنده|دهندگان|کننده|کنندگان|گیرنده|گیرندگان|شونده|شوندگان|آورنده|سازنده|سازندگان|"
    "رساننده|خواننده|خوانندگان|بیننده|بینندگان|دارنده|دارندگان"
)
# Words before the quoted title of a work or an event: «با عنوان «…»», "entitled '…'".
TITLED_CUES: frozenset[str] = _words("عنوان|نام|موضوع|titled|entitled|called|named|themed")
# Occupations written after a name («آرش نیک‌نام نوازنده سنتور»), which are seldom surnames.
OCCUPATIONS_FA: frozenset[str] = _words(
    "نوازنده|نویسنده|کارگردان|بازیگر|مترجم|منتقد|آهنگساز|مستندساز|خوشنویس|دانشجوی"
)
SURNAME_PARTS_FA: frozenset[str] = _words(
    "پور|زاده|نژاد|فر|راد|نیا|منش|کیا|وند|لو|آبادی|فرد|نسب|مقدم"
)
NAME_PREPOSITIONS_EN: frozenset[str] = _words(
    "of|and|for|the|in|on|de|del|di|al|el|bin|ibn|von|van|&"
)
EMBASSY_HEADS_FA: frozenset[str] = _words(
    "سفارت|سفارتخانه|کنسولگری|سرکنسولگری|رایزنی فرهنگی|رایزنی|نمایندگی|دفتر"
)
IRAN_NAMES_FA: frozenset[str] = _words("ایران|جمهوری اسلامی ایران|جمهوری اسلامی")
CITY_CUES_FA: frozenset[str] = _words("شهر|کلانشهر|کلان‌شهر|بندر|شهرستان")
COUNTRY_CUES_FA: frozenset[str] = _words("کشور|جمهوری|پادشاهی")
PROVINCE_CUES_FA: frozenset[str] = _words("استان")
CITY_CUES_EN: frozenset[str] = _words("city|town|port")
# The fields of UNESCO's creative cities: "City of Music", "City of Crafts and Folk Art" name a
# title, not a town.
CREATIVE_FIELDS_EN: frozenset[str] = _words(
    "music|crafts|craft|folk|gastronomy|literature|film|design|media|arts|art"
)

# Sub-bodies named inside a body's name: «اداره کل ارتباطات و امور بین‌الملل شهرداری اصفهان».
SUB_BODY_HEADS_FA: frozenset[str] = _words(
    "اداره کل|اداره|دفتر|مرکز|معاونت|دانشکده|گروه|دبیرخانه|کمیته|کمیسیون|بخش|واحد|پژوهشکده|"
    "انستیتو|انستیتوی|مؤسسه|موسسه|کرسی|دپارتمان|ستاد|کانون|سازمان|شورای|مدرسه|آکادمی|پژوهشگاه"
)
# Particles inside foreign names: "Ahmed al-Saadi", "Ludwig van Beethoven".
NAME_PARTICLES_EN: frozenset[str] = _words(
    "al|el|bin|ibn|bint|abu|de|da|di|del|della|van|von|der|ul|ud|le|la|du|dos"
)
# Adverbs between a subject and its verb: «متشین نیز در این مراسم گفت».
ALSO_FA: frozenset[str] = _words("نیز|هم|همچنین|سپس|ضمنا|در ادامه")
# Words that end a title's portfolio: «وزیر فرهنگ و ارشاد اسلامی با یادآوری …».
TITLE_ENDS_FA: frozenset[str] = _words("با|برای|از|به|که|را|تا|بر|طی|ضمن|هنگام|پس")
# After a subject, words that bring in someone new: «وزیر فرهنگ ازبکستان نیز …», "… too".
ALSO_OTHER: frozenset[str] = _words("نیز|هم|too")
# Words before a person's name in English: "met with X", "led by X".
PERSON_CUES_EN: frozenset[str] = _words(
    "met with|met|led by|headed by|chaired by|received|welcomed|thanked|according to|"
    "accompanied by|joined by|along with|together with|talks with|meeting with"
)
# Capitalised words that are never part of a person's name.
NOT_NAMES_EN: frozenset[str] = _words(
    "the|a|an|this|that|these|those|he|she|it|they|we|i|you|his|her|their|its|our|my|"
    "in|on|at|for|and|but|or|as|after|before|during|while|with|from|by|to|of|also|"
    "iran|iranian|iranians|persian|islamic|republic|president|minister|ministry|mayor|"
    "ambassador|head|chief|deputy|director|professor|university|city|province|country|"
    "according|meanwhile|however|earlier|later|last|next|today|yesterday|tomorrow|"
    "tags|share|print|comments|related|more|news|agency|photo|video|by|staff|editorial|desk|"
    "team|newsroom|reporter|correspondent|speaking|addressing|referring|noting|pointing|"
    "both|two|three|several|many|some|all|each|other|such|there|here|what|when|where|how|"
    "why|who|which|if|so|not|no|yes|mr|mrs|ms|dr|prof|sheikh|hojatoleslam|ayatollah|imam|"
    "culture|cultural|international|national|festival|week|day|conference|quran|holy"
)
# Auxiliaries and light verbs: a name never runs through them.
# The copula: a name may stand right before it («… بنیاد سعدی است»).
COPULAS_FA: frozenset[str] = _words("است|هست|نیست|اند|ایم|اید")
COPULA_STEMS_FA: frozenset[str] = _words("بود|باش")
# The light verbs, which make a verb with the noun before them («راه‌اندازی شد», «ایجاد
# کنیم», «برگزار خواهد شد»): their stems, and the auxiliary of the future.
LIGHT_PAST_STEMS_FA: frozenset[str] = _words(
    "شد|کرد|داد|گرفت|یافت|نمود|گردید|رسید|زد|آورد|ساخت|داشت|بست"
)
LIGHT_PRESENT_STEMS_FA: frozenset[str] = _words("کن|شو|ده|گیر|یاب|نما|ساز|گرد|رس|زن|آور|دار|بند")
FUTURE_AUXILIARIES_FA: frozenset[str] = _words("خواهد|خواهند|خواهیم|خواهم|خواهی|خواهید")
AUXILIARIES_FA: frozenset[str] = _words(
    "است|هست|نیست|اند|ایم|اید|بود|بودند|خواهم|خواهی|خواهد|خواهیم|خواهید|خواهند|شد|شدند|"
    "شده|باشد|باشند|گردد|گردید|دارد|دارند|نمود|نمودند|کند|کنند|شود|شوند|دهد|دهند|گیرد|"
    "گیرند|رود|روند|آید|آیند|یابد|یابند|سازد|سازند|رسد|رسند|کرد|کردند|داد|دادند|دارم|داری|"
    "داریم|دارید"
)
# The endings of the present perfect after a participle: «کرده‌ایم», «شده‌اند».
PERFECT_ENDINGS_FA: frozenset[str] = _words("ام|ای|ایم|اید|اند")

# Persian verb morphology, for telling verbs from names: prefixes and the participle ending.
PRESENT_PREFIXES_FA: frozenset[str] = _words("می|نمی|ب|ن")
PAST_PREFIXES_FA: frozenset[str] = _words("ن|می|نمی")
PARTICIPLE_ENDING_FA = "ه"
NEGATION_PREFIX_FA = "ن"
CONTINUOUS_PREFIX_FA = "می"
# Name parts written glued to a given name: «سیدمحسن», «میرعماد».
NAME_PARTS_FA: frozenset[str] = _words("سید|سیده|میر")
# Endings that make a given name of another: «ناصرجان», «شمس‌الدین», «عزیزالله».
GIVEN_NAME_ENDINGS_FA: frozenset[str] = _words("جان|الدین|الله|علی|رضا")
# Pronouns that also end foreign names: «ژانگ وی» (Zhang Wei).
NAME_PRONOUN_PARTS_FA: frozenset[str] = _words("وی")
# Words that point back to an entity named before: «این شهر», "the university".
ANAPHORS: frozenset[str] = _words("این|همین|the|this")
# Nouns that, after «این» / "the", point back to the last body of their kind.
ANAPHOR_NOUNS: dict[str, str] = {
    "دانشگاه": "university",
    "شهرداری": "municipality",
    "وزارتخانه": "ministry",
    "سفارت": "embassy",
    "سفارتخانه": "embassy",
    "رایزنی": "cultural_counsellorship",
    "بنیاد": "foundation",
    "university": "university",
    "municipality": "municipality",
    "ministry": "ministry",
    "embassy": "embassy",
    "counsellorship": "cultural_counsellorship",
    "foundation": "foundation",
}
# Words joining places in a list: «پاریس و میلان», «از نجف تا کربلا», "Mashhad and Najaf".
PLACE_JOINERS: frozenset[str] = _words("و|تا|یا|با|and|or|to|with")
# Words before a place naming a region, not the place: "Latin America", "Central Asia".
REGION_WORDS_EN: frozenset[str] = _words(
    "latin|central|east|eastern|west|western|north|northern|south|southern|middle|far|near|"
    "upper|lower|greater|inner|outer"
)
# Words naming the home country after a title: «رایزن فرهنگی کشورمان».
HOME_WORDS_FA: frozenset[str] = _words("کشورمان|کشور|جمهوری|اسلامی|ایران|ما")
# «کشورمان» (our country) in a body's name is Iran.
HOME_COUNTRY_FA: frozenset[str] = _words("کشورمان")
IRAN_FA = "ایران"

# Nouns that stand for the person the text speaks of, after "the" / «این» ("The Iranian official
# said:", «این مقام مسئول گفت:»).
STANDING_NOUNS: frozenset[str] = _words(
    "official|diplomat|envoy|scholar|professor|cleric|مقام|مقام مسئول|دیپلمات|مسئول"
)
# Subjects that name nobody: «یکی از اعضای شورا گفت:», "officials said".
UNNAMED_SUBJECTS_FA: frozenset[str] = _words(
    "یکی|یک|برخی|تعدادی|عضو|اعضای|اعضا|مقامات|مسئولان|مسئولین|کارشناسان|شرکت‌کنندگان|داور|"
    "داوران|دانشجو|دانشجویان|مردم|منابع|منبع|نمایندگان|طرفین|هیئت|هیات|جمعی|گروهی|بسیاری"
)
UNNAMED_SUBJECTS_EN: frozenset[str] = _words(
    "officials|official|sources|source|participants|participant|experts|students|residents|"
    "people|organisers|organizers|members|member|someone|visitors|one|some|several|many|others|"
    "diplomats|authorities|observers|analysts|scholars|judges|delegates|guests"
)
# Words that open a clause without naming its subject: «در ادامه گفت:», «همچنین افزود:».
ADVERBIAL_OPENERS_FA: frozenset[str] = _words(
    "در|با|همچنین|سپس|به|از|پس|ضمن|طی|نیز|هم|بنابراین|اما|ولی|و|درباره|برای|پیش|بعد|امروز|"
    "همچنان|وی|او|ایشان|بر|تا|آنگاه|اکنون|حال"
)
# Prepositions that make the person after them an object, not a subject: «در دیدار با X».
OBJECT_PREPOSITIONS_FA: frozenset[str] = _words("با|از|به|برای|درباره|نزد|میان|بین")

# --- ZWNJ compounds ------------------------------------------------------------------------------
# Words that lose their ZWNJ in scraped text, in their ZWNJ-less form -> their proper form.
ZWNJ_COMPOUNDS: dict[str, str] = {
    w.replace("\u200c", ""): w
    for w in [
        "بین\u200cالمللی",
        "بین\u200cالملل",
        "بین\u200cالمللی\u200cشدن",
        "هم\u200cاندیشی",
        "هم\u200cافزایی",
        "هم\u200cزیستی",
        "هم\u200cاکنون",
        "هم\u200cزمان",
        "جهان\u200cشهر",
        "جهان\u200cشهرها",
        "جهان\u200cشهرهای",
        "حجت\u200cالاسلام",
        "آیت\u200cالله",
        "ثقه\u200cالاسلام",
        "رئیس\u200cجمهور",
        "رئیس\u200cجمهوری",
        "گفت\u200cوگو",
        "گفت\u200cوگوی",
        "گفت\u200cوگوها",
        "گفت\u200cوگوهای",
        "یکپارچه\u200cسازی",
        "زمینه\u200cسازی",
        "بهره\u200cگیری",
        "بهره\u200cبرداری",
        "خواهرخوانده",
        "خواهرخواندگی",
        "تفاهم\u200cنامه",
        "تفاهم\u200cنامه\u200cای",
        "موافقت\u200cنامه",
        "توافق\u200cنامه",
        "شیوه\u200cنامه",
        "آیین\u200cنامه",
        "برنامه\u200cریزی",
        "تصمیم\u200cگیری",
        "شکل\u200cگیری",
        "تسهیل\u200cگر",
        "پیش\u200cبینی",
        "پیش\u200cنویس",
        "دیپلماسی\u200cهای",
        "فرهنگی\u200cهنری",
        "علمی\u200cفرهنگی",
        "دانش\u200cآموخته",
        "دانش\u200cآموختگان",
        "بی\u200cدغدغه",
        "بی\u200cنظیر",
        "بی\u200cشک",
        "ذی\u200cربط",
        "ذی\u200cنفع",
        "ذی\u200cنفعان",
        "پایتخت\u200cهای",
        "می\u200cتوان",
        "نمی\u200cتوان",
    ]
}
