"""Statements: passages the text attributes to a named speaker with a speech verb.

Persian: a speech verb followed by a colon («گفت:»، «افزود:»، «تصریح کرد:» …) introduces a quote
that runs to the end of the paragraph, or to the next attribution in it; «گفت که …» (no colon)
is reported speech and not counted. English: one statement per sentence attributed with said /
added / stated / noted / observed / continued ("the said agreement" and "is observed" are no
speech).

The speaker is the subject of the verb:

* a person named before it («متشین تصریح کرد:», "Sargsyan said", "…," Imanipour said") or
  right after it ("said Liu");
* a title («رئیس سازمان … افزود:», «شهردار تهران ادامه داد:», "The ICRO chief noted", "the
  ambassador added"): the person who holds it, named beside it or earlier;
* «وی», «او», "he", "she", or a sentence with no subject («در ادامه گفت:»): the person the text
  last spoke of as a subject ("she" prefers a woman, "he" a man, when the given name tells);
* anything else («یکی از اعضای شورا گفت:», "officials said"): an unnamed speaker, not counted.
"""

from __future__ import annotations

import re

from payvand.extract import vocabulary as v
from payvand.extract.gazetteer import Gazetteer
from payvand.extract.kinds import PERSON
from payvand.extract.positions import Title, TitleIndex
from payvand.extract.reading import Reading, Span, keys_of
from payvand.model import Statement
from payvand.text import lexicon


def _alternation(words: frozenset[str]) -> str:
    return "|".join(
        re.escape(w).replace("\\ ", "\\s+") for w in sorted(words, key=len, reverse=True)
    )


_ZWNJ = "\u200c"
_SPEECH_FA = re.compile(
    rf"(?<![\w{_ZWNJ}])(?P<verb>{_alternation(lexicon.SPEECH_VERBS_FA)})(?:\u0646\u062f)?"
    rf"(?![\w{_ZWNJ}])\s*:"
)


def _speech_fa(text: str) -> re.Match[str] | None:
    """A Persian verb of speech before a colon («گفت:»); a text without a colon has none."""
    return _SPEECH_FA.search(text) if ":" in text else None


_SPEECH_EN = re.compile(rf"\b(?P<verb>{_alternation(lexicon.SPEECH_VERBS_EN)})\b", re.IGNORECASE)
_QUOTED = re.compile(r"[\"\u201c\u00ab]([^\"\u201d\u00bb]{8,})[\"\u201d\u00bb]")
_NOT_SPEECH_BEFORE_EN = frozenset(
    {"the", "a", "an", "this", "that", "is", "are", "was", "were", "be", "been", "being", "widely"}
)
_UNNAMED = keys_of(lexicon.UNNAMED_SUBJECTS_FA) | keys_of(lexicon.UNNAMED_SUBJECTS_EN)
_OPENERS = keys_of(lexicon.ADVERBIAL_OPENERS_FA)
# Nouns that stand for the person spoken of, after "the" / «این»: "the official", «این مقام».
_STANDING_NOUNS = keys_of(lexicon.STANDING_NOUNS)
_COMMAS = frozenset({",", "\u060c"})
_ANAPHORIC = keys_of(frozenset({"the", "this", "\u0627\u06cc\u0646"}))
_FEMALE = frozenset({"she", "her"})
_MALE = frozenset({"he", "his"})
_QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d", "\u00ab", "\u00bb"})
_CLOSING_QUOTES = frozenset({"\u201d", "\u00bb"})
_OBJECT_CUES = keys_of(lexicon.OBJECT_PREPOSITIONS_FA) | frozenset({"with", "to", "by", "met"})


def _token_at(reading: Reading, sentence: int, offset: int) -> int:
    """The first token of ``sentence`` at or after character ``offset``."""
    tokens = reading.sentence_tokens(sentence)
    for i in tokens:
        if reading.tokens[i].start >= offset:
            return i
    return tokens.stop


class _Subjects:
    """Who the text last spoke of as the subject of a sentence."""

    def __init__(self, reading: Reading, gazetteer: Gazetteer) -> None:
        self.r = reading
        self.g = gazetteer
        self.recent: list[str] = []

    def saw(self, person: str | None) -> None:
        if person is not None:
            if person in self.recent:
                self.recent.remove(person)
            self.recent.append(person)

    def last(self, pronoun: str = "") -> str | None:
        """The last subject; "she"/"he" skip a person whose given name says otherwise."""
        for person in reversed(self.recent):
            gender = self.gender(person)
            if (pronoun in _FEMALE and gender == "m") or (pronoun in _MALE and gender == "f"):
                continue
            return person
        return None

    def gender(self, person: str) -> str | None:
        for span in self.r.mentions_of(person):
            if span.kind is PERSON:
                first = next(
                    (self.r.words[i] for i in range(span.first, span.last) if self.r.words[i]),
                    "",
                )
                if first in self.g.genders:
                    return self.g.genders[first]
        return None


def _persons_in(reading: Reading, first: int, last: int) -> list[Span]:
    seen: list[Span] = []
    for i in range(first, last):
        span = reading.span_at(i)
        if span is not None and span.kind is PERSON and span.key and span.first == i:
            seen.append(span)
    return seen


def _sentence_subject(reading: Reading, titles: TitleIndex, sentence: int) -> str | None:
    """The person a sentence opens with (after honorifics, a dateline or an article), or after an
    opening phrase closed by a comma ("Speaking at the ceremony, X …", «با اشاره به …، X …»)."""
    tokens = reading.sentence_tokens(sentence)
    found = _opening_subject(reading, titles, tokens)
    if found is None:
        comma = next(
            (i for i in tokens if i < tokens.start + 14 and reading.tokens[i].text in _COMMAS),
            None,
        )
        if comma is not None:
            found = _opening_subject(reading, titles, range(comma + 1, tokens.stop))
    if found is None and reading.latin[tokens.start]:
        found = _closing_subject(reading, tokens)
    return found


def _closing_subject(reading: Reading, tokens: range) -> str | None:
    """The person of an English attribution that closes a sentence after its last comma: "…,
    Ghanbari told reporters", "…, Liu Jianping announced on Monday" (a lower-case word that is
    no function word follows the name; "…, the mayor, Ali Karimi and …" is a list)."""
    comma = next((i for i in reversed(tokens) if reading.tokens[i].text in _COMMAS), None)
    if comma is None or comma + 1 >= tokens.stop:
        return None
    span = reading.span_at(comma + 1)
    if span is None or span.kind is not PERSON or not span.key or span.first != comma + 1:
        return None
    k = span.last
    if (
        k < tokens.stop
        and reading.tokens[k].is_word
        and reading.latin[k]
        and not reading.capital[k]
        and reading.words[k] not in v.STOP
    ):
        return span.key
    return None


def _opening_subject(reading: Reading, titles: TitleIndex, tokens: range) -> str | None:
    for i in tokens:
        span = reading.span_at(i)
        if span is not None and span.kind is PERSON and span.key:
            return span.key
        if span is not None or not reading.tokens[i].is_word or reading.words[i] in ("the",):
            continue
        if reading.in_honorific(i):
            continue
        title = titles.covering(i)
        if title is not None:
            return titles.holder_of(title.role.first, title.role.last)
        return None
    return None


def _subject(
    reading: Reading, titles: TitleIndex, subjects: _Subjects, first: int, verb: int
) -> str | None:
    """The speaker of a verb at token ``verb`` whose clause starts at token ``first``."""
    words = [i for i in range(first, verb) if reading.tokens[i].is_word]
    keys = [reading.words[i] for i in words]
    if keys and keys[0] in v.PRONOUNS:
        return subjects.last(keys[0])
    persons = [
        p
        for p in _persons_in(reading, first, verb)
        if not (p.first - 1 >= first and reading.words[p.first - 1] in _OBJECT_CUES)
    ]
    if persons:
        return persons[0].key
    if titles.any_role_in(first, verb):
        return titles.holder_of(first, verb)
    if keys and keys[-1] in _STANDING_NOUNS and keys[0] in _ANAPHORIC:
        return subjects.last()  # "The Iranian official said:", «این مقام مسئول گفت:»
    if any(k in _UNNAMED for k in keys):
        return None
    if any(k in v.PRONOUNS for k in keys):
        return subjects.last(next(k for k in keys if k in v.PRONOUNS))
    if not keys or keys[0] in _OPENERS:
        return subjects.last()
    return None


def _persian(
    reading: Reading, titles: TitleIndex, subjects: _Subjects, skip_until: int
) -> list[Statement]:
    found: list[tuple[int, str, str, int]] = []  # (sentence, verb, speaker, quote start)
    for sentence in reading.sentences:
        if sentence.end <= skip_until:
            continue
        tokens = reading.sentence_tokens(sentence.index)
        text = reading.text[sentence.start : sentence.end]
        match = _speech_fa(text)
        if match is None:
            subjects.saw(_sentence_subject(reading, titles, sentence.index))
            continue
        verb_token = _token_at(reading, sentence.index, sentence.start + match.start())
        speaker = _subject(reading, titles, subjects, tokens.start, verb_token)
        if speaker is None:
            continue
        subjects.saw(speaker)
        found.append(
            (
                sentence.index,
                " ".join(match.group("verb").split()),
                speaker,
                sentence.start + match.end(),
            )
        )
    statements = []
    for n, (index, verb, speaker, quote_start) in enumerate(found):
        paragraph = reading.sentences[index].paragraph
        end = reading.sentences[index].end
        for later in reading.sentences[index + 1 :]:
            if later.paragraph != paragraph:
                break
            if n + 1 < len(found) and later.index == found[n + 1][0]:
                break
            if _speech_fa(reading.text[later.start : later.end]):
                break
            end = later.end
        raw = reading.text[quote_start:end]
        if not raw.strip() and index + 1 < len(reading.sentences):
            # «… گفت:» closing its paragraph: the quote is the paragraph after it
            nxt = reading.sentences[index + 1]
            if not (n + 1 < len(found) and found[n + 1][0] == nxt.index):
                end = max(
                    (s.end for s in reading.sentences[index + 1 :] if s.paragraph == nxt.paragraph),
                    default=nxt.end,
                )
                raw = reading.text[quote_start:end]
        quote = raw.strip()
        if not quote:
            continue
        start = quote_start + (len(raw) - len(raw.lstrip()))
        statements.append(Statement(speaker, quote, verb, index, start, start + len(quote)))
    return statements


def _english(
    reading: Reading, titles: TitleIndex, subjects: _Subjects, skip_until: int
) -> list[Statement]:
    statements = []
    for sentence in reading.sentences:
        if sentence.end <= skip_until:
            continue
        tokens = reading.sentence_tokens(sentence.index)
        text = reading.text[sentence.start : sentence.end]
        verb = None
        for match in _SPEECH_EN.finditer(text):
            i = _token_at(reading, sentence.index, sentence.start + match.start())
            if i - 1 >= tokens.start and reading.words[i - 1] in _NOT_SPEECH_BEFORE_EN:
                continue
            if reading.capital[i] and i > tokens.start:
                continue  # "Sayyid Theyazin bin Haitham Al Said": a name, not "said"
            verb = (i, match)
            break
        if verb is None:
            subjects.saw(_sentence_subject(reading, titles, sentence.index))
            continue
        i, match = verb
        speaker = None
        before = i - 1
        if before >= tokens.start and reading.words[before] in v.PRONOUNS:
            speaker = _named_before(reading, subjects, tokens.start, before) or subjects.last(
                reading.words[before]
            )
        if speaker is None:
            person = reading.span_at(before) if before >= tokens.start else None
            if person is not None and person.kind is PERSON and person.key:
                speaker = person.key
        if speaker is None and i + 1 < tokens.stop:
            # "…," said Liu. / "…," said Sanandaj Mayor Hashmatullah Saidi.
            k = _past_title(titles, i + 1, tokens.stop)
            person = reading.span_at(k)
            if person is not None and person.kind is PERSON and person.first == k:
                speaker = person.key
        if speaker is None:
            clause = _clause_start(reading, tokens.start, i)
            speaker = _subject(reading, titles, subjects, clause, i)
        if speaker is None:
            continue
        subjects.saw(speaker)
        quoted = _QUOTED.search(text)
        if quoted:
            start, end = sentence.start + quoted.start(1), sentence.start + quoted.end(1)
        else:
            start, end = sentence.start, sentence.end
        statements.append(
            Statement(
                speaker,
                reading.text[start:end],
                match.group("verb").lower(),
                sentence.index,
                start,
                end,
            )
        )
    return statements


def _named_before(reading: Reading, subjects: _Subjects, first: int, pronoun: int) -> str | None:
    """The person a sentence names before the pronoun that says something, outside quotes and
    not as an object: "A second speaker was X, who …; “…,” he added" is X's."""
    inside = False
    for i in range(first, pronoun):
        text = reading.tokens[i].text
        if text in _QUOTE_MARKS:
            inside = text not in _CLOSING_QUOTES and not (text == '"' and inside)
            continue
        span = reading.span_at(i)
        if inside or span is None or span.first != i or span.kind is not PERSON:
            continue
        if not span.key or (i > first and reading.words[i - 1] in _OBJECT_CUES):
            continue
        gender = subjects.gender(span.key)
        word = reading.words[pronoun]
        if (word in _FEMALE and gender == "m") or (word in _MALE and gender == "f"):
            continue
        return span.key
    return None


def _past_title(titles: TitleIndex, i: int, stop: int) -> int:
    """The token after a title that starts at ``i`` (its place or body included), else ``i``."""
    for title in titles.starting(i):
        if title.end < stop:
            return title.end
    return i


def _clause_start(reading: Reading, first: int, verb: int) -> int:
    """Where the subject of an English verb may start: after a closing quote and its comma."""
    for i in range(verb - 1, first - 1, -1):
        if reading.tokens[i].text in ("\u201d", '"', "\u00bb"):
            return i + 1
    return first


def extract_statements(
    reading: Reading, gazetteer: Gazetteer, titles: list[Title], *, headline_end: int = 0
) -> list[Statement]:
    """Statements in text order; the header (headline, kicker, byline) is never read."""
    subjects = _Subjects(reading, gazetteer)
    index = TitleIndex(titles)
    if reading.lang == "en":
        return _english(reading, index, subjects, headline_end)
    return _persian(reading, index, subjects, headline_end)
