"""Persian (and English) text normalisation, and the key we match names on.

Two forms come out of here:

* :func:`normalise_text` gives the *display* form that the graph stores and that every offset
  points into: Persian letters instead of Arabic look-alikes, Persian digits, no diacritics or
  tatweel, tidy spaces, and zero-width non-joiners (ZWNJ) restored where real text loses them.
* :func:`match_key` gives the *matching* form: also ZWNJ-, hamza-, case- and punctuation-blind,
  with ASCII digits, so that «بینالمللی», «بین‌المللی» and «بين‌المللي» meet.

Letters are written as escapes so that a reviewer sees which letter is which.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Mapping
from functools import lru_cache

from payvand.text import lexicon

ZWNJ = "\N{ZERO WIDTH NON-JOINER}"
TATWEEL = "\N{ARABIC TATWEEL}"

# Arabic look-alikes and stray code points -> the Persian letter (or nothing).
_LETTERS: dict[str, str] = {
    "\N{ARABIC LETTER YEH}": "\N{ARABIC LETTER FARSI YEH}",
    "\N{ARABIC LETTER ALEF MAKSURA}": "\N{ARABIC LETTER FARSI YEH}",
    "\N{ARABIC LETTER YEH BARREE}": "\N{ARABIC LETTER FARSI YEH}",
    "\N{ARABIC LETTER KAF}": "\N{ARABIC LETTER KEHEH}",
    "\N{ARABIC LETTER HEH WITH YEH ABOVE}": "\N{ARABIC LETTER HEH}",
    "\N{ARABIC LETTER AE}": "\N{ARABIC LETTER HEH}",
    "\N{ARABIC LETTER HEH GOAL}": "\N{ARABIC LETTER HEH}",
    "\N{ARABIC LETTER FARSI YEH}\N{ARABIC HAMZA ABOVE}": "\N{ARABIC LETTER YEH WITH HAMZA ABOVE}",
}
_DROP = {
    "\N{ZERO WIDTH SPACE}",
    "\N{ZERO WIDTH JOINER}",
    "\N{ZERO WIDTH NO-BREAK SPACE}",
    "\N{LEFT-TO-RIGHT MARK}",
    "\N{RIGHT-TO-LEFT MARK}",
    "\N{SOFT HYPHEN}",
    "\N{LEFT-TO-RIGHT EMBEDDING}",
    "\N{RIGHT-TO-LEFT EMBEDDING}",
    "\N{POP DIRECTIONAL FORMATTING}",
    "\N{LEFT-TO-RIGHT OVERRIDE}",
    "\N{RIGHT-TO-LEFT OVERRIDE}",
    "\N{LEFT-TO-RIGHT ISOLATE}",
    "\N{RIGHT-TO-LEFT ISOLATE}",
    "\N{FIRST STRONG ISOLATE}",
    "\N{POP DIRECTIONAL ISOLATE}",
    "\N{ARABIC LETTER MARK}",
}
_SPACES = {
    "\N{NO-BREAK SPACE}",
    "\N{NARROW NO-BREAK SPACE}",
    "\N{EN SPACE}",
    "\N{EM SPACE}",
    "\N{THIN SPACE}",
    "\N{IDEOGRAPHIC SPACE}",
    "\t",
    "\f",
    "\v",
}
# Harakat, tanwin, shadda, sukun, superscript alef and the other combining Arabic marks.
_DIACRITICS = [chr(c) for c in range(0x064B, 0x0660)] + ["\N{ARABIC LETTER SUPERSCRIPT ALEF}"]

_ARABIC_INDIC = [chr(0x0660 + d) for d in range(10)]
_PERSIAN_DIGITS = [chr(0x06F0 + d) for d in range(10)]

_DISPLAY_TABLE = str.maketrans(
    {
        **{k: v for k, v in _LETTERS.items() if len(k) == 1},
        **dict.fromkeys(_DROP, ""),
        **dict.fromkeys(_SPACES, " "),
        **dict.fromkeys(_DIACRITICS, ""),
        **dict(zip(_ARABIC_INDIC, _PERSIAN_DIGITS, strict=True)),
        "\r": "\n",
        "\N{LINE SEPARATOR}": "\n",
        "\N{PARAGRAPH SEPARATOR}": "\n",
    }
)

_DISPLAY_MAP: dict[int, str] = {
    k: v if isinstance(v, str) else "" for k, v in _DISPLAY_TABLE.items() if v is not None
} | {k: "" for k, v in _DISPLAY_TABLE.items() if v is None}
# Only a few code points change in display: find them with one scan, not a lookup per char.
_DISPLAY_CHARS = re.compile("[" + "".join(re.escape(chr(k)) for k in _DISPLAY_MAP) + "]")


def _display_char(match: re.Match[str]) -> str:
    return _DISPLAY_MAP[ord(match.group(0))]


def _latin_bases() -> dict[str, str]:
    """Latin letters with accents, cedillas, carons and the like, as their bare letters: "Gökçek"
    and "Gokcek", "Kovač" and "Kovac" are written both ways in news."""
    bases = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        if not char.isalpha():
            continue
        base = unicodedata.normalize("NFKD", char)[0]
        if base != char and base.isascii() and base.isalpha():
            bases[char] = base
    return {**bases, **_LATIN_STROKES}


# Letters that carry a stroke or are tied, which Unicode does not decompose.
_LATIN_STROKES = {
    "\N{LATIN SMALL LETTER D WITH STROKE}": "d",
    "\N{LATIN CAPITAL LETTER D WITH STROKE}": "D",
    "\N{LATIN SMALL LETTER L WITH STROKE}": "l",
    "\N{LATIN CAPITAL LETTER L WITH STROKE}": "L",
    "\N{LATIN SMALL LETTER O WITH STROKE}": "o",
    "\N{LATIN CAPITAL LETTER O WITH STROKE}": "O",
}
_LATIN_BASES = _latin_bases()

# The key also folds alef, waw and yeh with hamza or madda, teh marbuta, hamza itself,
# ZWNJ and tatweel, and turns every digit into ASCII.
_KEY_TABLE = str.maketrans(
    {
        **{k: v for k, v in _LETTERS.items() if len(k) == 1},
        **dict.fromkeys(_DROP, ""),
        **dict.fromkeys(_DIACRITICS, ""),
        **{d: str(i) for i, d in enumerate(_ARABIC_INDIC)},
        **{d: str(i) for i, d in enumerate(_PERSIAN_DIGITS)},
        "\N{ARABIC LETTER ALEF WITH MADDA ABOVE}": "\N{ARABIC LETTER ALEF}",
        "\N{ARABIC LETTER ALEF WITH HAMZA ABOVE}": "\N{ARABIC LETTER ALEF}",
        "\N{ARABIC LETTER ALEF WITH HAMZA BELOW}": "\N{ARABIC LETTER ALEF}",
        "\N{ARABIC LETTER ALEF WASLA}": "\N{ARABIC LETTER ALEF}",
        "\N{ARABIC LETTER WAW WITH HAMZA ABOVE}": "\N{ARABIC LETTER WAW}",
        "\N{ARABIC LETTER YEH WITH HAMZA ABOVE}": "\N{ARABIC LETTER FARSI YEH}",
        "\N{ARABIC LETTER TEH MARBUTA}": "\N{ARABIC LETTER HEH}",
        "\N{ARABIC LETTER HAMZA}": "",
        ZWNJ: "",
        TATWEEL: "",
        "\N{RIGHT SINGLE QUOTATION MARK}": "",
        "'": "",
        "\N{MODIFIER LETTER APOSTROPHE}": "",
        "\N{MODIFIER LETTER TURNED COMMA}": "",
        "\N{MODIFIER LETTER RIGHT HALF RING}": "",
        "\N{MODIFIER LETTER LEFT HALF RING}": "",
        "`": "",
        "\N{LATIN SMALL LETTER DOTLESS I}": "i",
        **_LATIN_BASES,
    }
)

# Letters that never join to the next one: a ZWNJ after them is redundant.
_NON_JOINING = (
    "\N{ARABIC LETTER ALEF}\N{ARABIC LETTER ALEF WITH MADDA ABOVE}"
    "\N{ARABIC LETTER ALEF WITH HAMZA ABOVE}\N{ARABIC LETTER ALEF WITH HAMZA BELOW}"
    "\N{ARABIC LETTER DAL}\N{ARABIC LETTER THAL}\N{ARABIC LETTER REH}\N{ARABIC LETTER ZAIN}"
    "\N{ARABIC LETTER JEH}\N{ARABIC LETTER WAW}\N{ARABIC LETTER WAW WITH HAMZA ABOVE}"
    "\N{ARABIC LETTER TEH MARBUTA}\N{ARABIC LETTER HAMZA}"
)
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
# A run of tatweels between spaces is a dash: «کمیسیون ـ ایران». (The tatweel comes first and
# the look back at the space before it, so that a search jumps from tatweel to tatweel; the
# spaces around it are made one later, with every other run of spaces.)
_DASH_TATWEEL = re.compile(f"{TATWEEL}(?<= {TATWEEL}){TATWEEL}*( +)")
# " {2,}" written "  +", " +" written "  *": a leading literal lets a search jump from one to
# the next instead of trying the pattern at every character.
_SPACE_RUNS = re.compile(r"  +")
_MANY_NEWLINES = re.compile(r"\n\n\n+")
_SPACE_BEFORE_PUNCT = re.compile(r"  *([\u060c\u061b\u061f.,;:!?)\u00bb\]])")
_SPACE_AFTER_OPEN = re.compile(r"([(\u00ab\[]) +")
_ZWNJ_RUNS = re.compile(f"(?: *{ZWNJ} *)+")
_ZWNJ_AFTER_NON_JOINING = re.compile(f"(?<=[{_NON_JOINING}]){ZWNJ}")
_ZWNJ_AT_EDGES = re.compile(rf"(?<![\w]){ZWNJ}|{ZWNJ}(?![\w])")
_NON_WORD = re.compile(r"[\W_]+")


def _alternation(words: frozenset[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_NOON = "\N{ARABIC LETTER NOON}"
_BE = "\N{ARABIC LETTER BEH}\N{ARABIC LETTER HEH}"
_MI = "\N{ARABIC LETTER MEEM}\N{ARABIC LETTER FARSI YEH}"
# «می» / «نمی» before a verb stem, written apart or glued: «میشود», «می شود» -> «می‌شود».
# (The match starts at «می», with the check after it that no letter precedes it, or a «ن» that
# starts the word: a search then jumps from one «می» to the next; see _restore_verb_prefix.)
_VERB_PREFIX = re.compile(
    rf"{_MI}(?:(?<![\w{ZWNJ}]{_MI})|(?<=(?<![\w{ZWNJ}]){_NOON}{_MI})) ?"
    rf"(?:(?P<present>{_alternation(lexicon.PRESENT_STEMS)})(?P<pending>{_alternation(lexicon.PRESENT_ENDINGS)})"
    rf"|(?P<past>{_alternation(lexicon.PAST_STEMS)})(?P<pastending>{_alternation(lexicon.PAST_ENDINGS)})?"
    rf"|(?P<whole>{_alternation(lexicon.PREFIXED_WHOLE_WORDS)}))(?![\w{ZWNJ}])"
)
_HEH = "\N{ARABIC LETTER HEH}"
_HAY = "\N{ARABIC LETTER HEH}\N{ARABIC LETTER ALEF}\N{ARABIC LETTER FARSI YEH}"
_AY = "\N{ARABIC LETTER ALEF}\N{ARABIC LETTER FARSI YEH}"
_YEH = "\N{ARABIC LETTER FARSI YEH}"
_POUR = "\N{ARABIC LETTER PEH}\N{ARABIC LETTER WAW}\N{ARABIC LETTER REH}"
# A family name glued to «پور» after «ی»: «ایمانیپور» -> «ایمانی‌پور».
_NAME_SUFFIX = re.compile(rf"(?<![\w{ZWNJ}])(\w{{2,}}{_YEH})({_POUR})(?![\w{ZWNJ}])")
# A word glued to the plural or superlative suffix: «فعالیتهای» -> «فعالیت‌های».
_SUFFIX = re.compile(
    rf"(?<![\w{ZWNJ}])(\w{{2,}}?[^\W{_NON_JOINING}])({_alternation(lexicon.GLUED_SUFFIXES)})(?![\w{ZWNJ}])"
)


_NAME_SUFFIX_WORD = re.compile(rf"(\w{{2,}}{_YEH})({_POUR})")
_SUFFIX_WORD = re.compile(
    rf"(\w{{2,}}?[^\W{_NON_JOINING}])({_alternation(lexicon.GLUED_SUFFIXES)})"
)


def _tidy_zwnj(text: str) -> str:
    """ZWNJ runs (with the spaces around them) as one ZWNJ, kept only between two letters of
    which the first joins: «می ‌ شود» -> «می‌شود», «شهر‌ها» -> «شهرها», «‌سلام» -> «سلام»."""
    pieces = text.split(ZWNJ)
    out = [pieces[0]]
    for piece in pieces[1:]:
        left = out[-1].rstrip(" ")
        right = piece.lstrip(" ")
        if not right and piece is not pieces[-1]:
            out[-1] = left  # a run of ZWNJs: the next one decides
            continue
        keep = (
            bool(left)
            and bool(right)
            and _IN_WORD(left[-1])
            and _IN_WORD(right[0])
            and left[-1] not in _NON_JOINING
        )
        if keep:
            out[-1] = left
            out.append(ZWNJ + right)
        elif left != out[-1] or right != piece:
            out[-1] = left
            out.append(right)
        else:
            out.append(piece)
    return "".join(out)


def _has_presentation_forms(text: str) -> bool:
    """Whether the text holds Arabic presentation forms (U+FB50-FDFF, U+FE70-FEFF). All of them
    start with the byte EF in UTF-8, which a byte search finds several times faster than a
    pattern looks at every character; only a text with that byte is searched."""
    if text.isascii() or b"\xef" not in text.encode("utf-8", "surrogatepass"):
        return False
    return _PRESENTATION_FORMS.search(text) is not None


def _without_spaces_around_newlines(text: str) -> str:
    lines = text.split("\n")
    last = len(lines) - 1
    for i, line in enumerate(lines):
        if i == 0:
            lines[i] = line.rstrip(" ")
        elif i == last:
            lines[i] = line.lstrip(" ")
        else:
            lines[i] = line.strip(" ")
    return "\n".join(lines)


def _dash_tatweels(text: str) -> str:
    """Runs of tatweels between spaces as dashes: «الف ـ ب» -> «الف - ب». The spaces after a dash
    are its own: in «الف ـ ـ ب» the second run has none left before it, and is no dash."""
    taken = -1  # where the spaces after the last dash end

    def dash(match: re.Match[str]) -> str:
        nonlocal taken
        if match.start() <= taken:
            return match.group(1)
        taken = match.end()
        return f"-{match.group(1)}"

    return _DASH_TATWEEL.sub(dash, text)


def _restore_verb_prefix(match: re.Match[str]) -> str:
    found = match.group(0)
    start = match.start()
    negative = start > 0 and match.string[start - 1] == _NOON  # «نمی»: the «ن» stays as it is
    if (_NOON if negative else "") + found.replace(" ", "") in lexicon.NOT_PREFIXED_VERBS:
        return found
    return f"{_MI}{ZWNJ}{found[len(_MI) :].lstrip(' ')}"


def _restore_suffix(match: re.Match[str], words: Container[str]) -> str:
    stem, suffix = match.group(1), match.group(2)
    word = stem + suffix
    if len(stem) < 3 or stem in lexicon.NOT_SUFFIXED_STEMS or word in words:
        return word
    if suffix == _HAY and not stem.endswith(_HEH):
        # «برنامهای» is «برنامه‌ای», «فعالیتهای» is «فعالیت‌های»: only a known word decides.
        if stem + _HEH in words and stem not in words:
            return f"{stem}{_HEH}{ZWNJ}{_AY}"
        if stem not in words:
            return word
    return f"{stem}{ZWNJ}{suffix}"


def _restore_name_suffix(match: re.Match[str], words: Container[str]) -> str:
    word = match.group(0)
    if word in words:
        return word
    return f"{match.group(1)}{ZWNJ}{match.group(2)}"


def normalise_text(
    text: str,
    *,
    compounds: Mapping[str, str] | None = None,
    words: Container[str] = frozenset(),
    memo: dict[str, str] | None = None,
) -> str:
    """The display form of ``text``: what the graph stores and offsets point into.

    ``compounds`` maps the ZWNJ-less form of a word (``"بینالمللی"``) to its proper form
    (``"بین‌المللی"``), and ``words`` holds known words, which decide ambiguous suffixes
    («برنامهای»: «برنامه‌ای», not «برنام‌های»); the gazetteer supplies both, and a ``memo`` in
    which words already looked at are remembered (valid for these ``compounds`` and ``words``).
    Never raises; idempotent.
    """
    if _has_presentation_forms(text):
        text = unicodedata.normalize("NFKC", text)
    text = text.replace("\r\n", "\n")
    text = text.replace(
        "\N{ARABIC LETTER FARSI YEH}\N{ARABIC HAMZA ABOVE}",
        "\N{ARABIC LETTER YEH WITH HAMZA ABOVE}",
    )
    text = _DISPLAY_CHARS.sub(_display_char, text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if TATWEEL in text:
        text = _dash_tatweels(text)
        text = text.replace(TATWEEL, "")
    if ZWNJ in text:
        text = _tidy_zwnj(text)
    if "  " in text:
        text = _SPACE_RUNS.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = _without_spaces_around_newlines(text)
    if "\n\n\n" in text:
        text = _MANY_NEWLINES.sub("\n\n", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _SPACE_AFTER_OPEN.sub(r"\1", text)
    if _PERSIAN.search(text):
        # Persian only: verbal prefixes, lost ZWNJs, glued suffixes.
        text = _VERB_PREFIX.sub(_restore_verb_prefix, text)
        text = _restore_words(text, compounds, words, {} if memo is None else memo)
    return text.strip(" \n")


def _restored(word: str, compounds: Mapping[str, str] | None, words: Container[str]) -> str:
    """A word with the ZWNJ it lost (a compound, a glued suffix or a glued «پور»), or the «به»
    glued to it set apart («بهمیزبانی» -> «به میزبانی»)."""
    if compounds is not None and word in compounds:
        return compounds[word]
    if word.startswith(_BE) and word[2:] in lexicon.AFTER_BE_FA:
        return f"{_BE} {word[2:]}"
    if word in lexicon.ZWNJ_COMPOUNDS:
        return lexicon.ZWNJ_COMPOUNDS[word]
    if ZWNJ in word:
        return word
    match = _SUFFIX_WORD.fullmatch(word)
    if match is not None:
        restored = _restore_suffix(match, words)
        if restored != word:
            return restored
    match = _NAME_SUFFIX_WORD.fullmatch(word)
    if match is not None:
        return _restore_name_suffix(match, words)
    return word


def _restore_words(
    text: str, compounds: Mapping[str, str] | None, words: Container[str], memo: dict[str, str]
) -> str:
    """Words that lost their ZWNJ («بینالمللی», «فعالیتهای», «ایمانیپور»), restored.

    The text is cut at its spaces (a plain split, much cheaper than finding its words with a
    pattern); each distinct piece is looked at once (and remembered in ``memo``), and the text is
    rebuilt only when a piece changes.
    """
    pieces = text.split(" ")
    if len(memo) + len(pieces) > _MEMO_KEPT:
        memo.clear()
    changed = False
    for i, piece in enumerate(pieces):
        restored = memo.get(piece)
        if restored is None:
            restored = memo[piece] = _restore_piece(piece, compounds, words)
        if restored != piece:
            pieces[i] = restored
            changed = True
    return " ".join(pieces) if changed else text


def _restore_piece(piece: str, compounds: Mapping[str, str] | None, words: Container[str]) -> str:
    """A piece of text without spaces («(فعالیتهای»), its words restored."""
    parts = _WORD_SPLIT.split(piece)  # separators and words, alternately
    found = parts[1::2]
    restored = [_restored(word, compounds, words) for word in found]
    if restored == found:
        return piece
    parts[1::2] = restored
    return "".join(parts)


_WORD_SPLIT = re.compile(rf"([\w{ZWNJ}]+)")
_MEMO_KEPT = 200_000


def _IN_WORD(char: str) -> bool:  # noqa: N802 - a predicate used like a character class
    return char.isalnum() or char == "_" or char == ZWNJ


_PERSIAN = re.compile("[\u0621-\u064a\u067e-\u06cc]")


_WORD = re.compile(rf"[\w{ZWNJ}]+")


def match_key(text: str) -> str:
    """The matching key: letters folded, ZWNJ/diacritics/punctuation gone, ASCII digits.

    Tokens are joined by one space. Two strings name the same thing when their keys are equal.
    Short strings (words, names) are remembered: news repeats them.
    """
    if len(text) <= _CACHED_LENGTH:
        return _cached_key(text)
    return _key(text)


def _key(text: str) -> str:
    folded = text.translate(_KEY_TABLE).casefold()
    return _NON_WORD.sub(" ", folded).strip()


_CACHED_LENGTH = 64
# 16,384 keys hold the words news repeats; a larger cache only grows with the rare names of a long
# ingest (measured on 30,000 synthetic articles: 65,536 keys made an extracting process grow from
# 100 to 118 MB, with no gain in speed; 16,384 keep it at 98 MB from the 2,000th article on).
_cached_key = lru_cache(maxsize=1 << 14)(_key)


def squashed_key(text: str) -> str:
    """The matching key without spaces, so that «صنایع دستی» and «صنایع‌دستی» meet."""
    return match_key(text).replace(" ", "")


def persian_digits(text: str) -> str:
    """ASCII and Arabic-Indic digits written as Persian digits."""
    return text.translate(_TO_PERSIAN_DIGITS)


def ascii_digits(text: str) -> str:
    """Persian and Arabic-Indic digits written as ASCII digits."""
    return text.translate(_TO_ASCII_DIGITS)


_TO_PERSIAN_DIGITS = str.maketrans(
    {
        **{str(i): d for i, d in enumerate(_PERSIAN_DIGITS)},
        **dict(zip(_ARABIC_INDIC, _PERSIAN_DIGITS, strict=True)),
    }
)
_TO_ASCII_DIGITS = str.maketrans(
    {
        **{d: str(i) for i, d in enumerate(_PERSIAN_DIGITS)},
        **{d: str(i) for i, d in enumerate(_ARABIC_INDIC)},
    }
)
