"""Statements: passages the text attributes to a named speaker with a speech verb.

Persian: a speech verb followed by a colon («گفت:»، «افزود:»، «تصریح کرد:» …) introduces a quote
that runs to the end of the paragraph, or to the next attribution in it. English: one statement
per sentence attributed with said / added / stated / noted / observed / continued.

The speaker is the person named before the verb; «وی»/«او»/"he"/"she" and a sentence with no
subject continue the last speaker; a title («رئیس سازمان …») resolves to the person who holds it.
"""

from __future__ import annotations

import re

from payvand.extract.positions import holder_of
from payvand.extract.reading import Reading, keys_of
from payvand.model import EntityKind, Position, Statement
from payvand.text import lexicon


def _alternation(words: frozenset[str]) -> str:
    return "|".join(
        re.escape(w).replace("\\ ", "\\s+") for w in sorted(words, key=len, reverse=True)
    )


_ZWNJ = "\u200c"
_SPEECH_FA = re.compile(
    rf"(?<![\w{_ZWNJ}])(?P<verb>{_alternation(lexicon.SPEECH_VERBS_FA)})(?:\u0646\u062f)?(?![\w{_ZWNJ}])\s*:"
)
_SPEECH_EN = re.compile(rf"\b(?P<verb>{_alternation(lexicon.SPEECH_VERBS_EN)})\b", re.IGNORECASE)
_PRONOUNS = keys_of(lexicon.PRONOUNS_FA) | keys_of(lexicon.PRONOUNS_EN)
_QUOTED = re.compile(r"[\"\u201c\u00ab]([^\"\u201d\u00bb]{8,})[\"\u201d\u00bb]")


def _token_index(reading: Reading, sentence: int, offset: int) -> int:
    """The first token of ``sentence`` at or after character ``offset``."""
    tokens = reading.sentence_tokens(sentence)
    for i in tokens:
        if reading.tokens[i].start >= offset:
            return i
    return tokens.stop


class _Speakers:
    """Who spoke last, and who was named last, as the text goes on."""

    def __init__(self, reading: Reading) -> None:
        self.reading = reading
        self.last_speaker: str | None = None

    def last_person_before(self, token: int) -> str | None:
        best: tuple[int, str] | None = None
        for span in self.reading.spans:
            if (
                span.kind is EntityKind.PERSON
                and span.key
                and span.first < token
                and (best is None or span.first > best[0])
            ):
                best = (span.first, span.key)
        return best[1] if best else None

    def continuing(self, token: int) -> str | None:
        return self.last_speaker or self.last_person_before(token)


def _subject(
    reading: Reading, positions: list[Position], speakers: _Speakers, first: int, verb: int
) -> str | None:
    """The speaker of a verb at token ``verb`` whose sentence starts at token ``first``."""
    words = [i for i in range(first, verb) if reading.tokens[i].is_word]
    if words and reading.words[words[0]] in _PRONOUNS:
        return speakers.continuing(verb)
    for i in range(first, verb):
        span = reading.span_at(i)
        if span is not None and span.kind is EntityKind.PERSON and span.key:
            return span.key
    holder = holder_of(positions, reading, first, verb)
    if holder is not None:
        return holder
    if any(reading.words[i] in _PRONOUNS for i in words):
        return speakers.continuing(verb)
    if not any(reading.span_at(i) is not None for i in range(first, verb)):
        return speakers.last_speaker
    return None


def _persian(reading: Reading, positions: list[Position], skip_until: int) -> list[Statement]:
    speakers = _Speakers(reading)
    found: list[
        tuple[int, int, str, str, int]
    ] = []  # (sentence, verb offset, verb, speaker, quote start)
    for sentence in reading.sentences:
        if sentence.end <= skip_until:
            continue
        text = reading.text[sentence.start : sentence.end]
        for match in _SPEECH_FA.finditer(text):
            verb_offset = sentence.start + match.start()
            tokens = reading.sentence_tokens(sentence.index)
            verb_token = _token_index(reading, sentence.index, verb_offset)
            speaker = _subject(reading, positions, speakers, tokens.start, verb_token)
            if speaker is None:
                continue
            speakers.last_speaker = speaker
            found.append(
                (
                    sentence.index,
                    verb_offset,
                    match.group("verb"),
                    speaker,
                    sentence.start + match.end(),
                )
            )
            break
    statements = []
    for n, (sentence_index, _verb_offset, verb, speaker, quote_start) in enumerate(found):
        paragraph = reading.sentences[sentence_index].paragraph
        end = reading.sentences[sentence_index].end
        for later in reading.sentences[sentence_index + 1 :]:
            if later.paragraph != paragraph:
                break
            if n + 1 < len(found) and later.index == found[n + 1][0]:
                break
            end = later.end
        quote = reading.text[quote_start:end].strip()
        if not quote:
            continue
        start = quote_start + (
            len(reading.text[quote_start:end]) - len(reading.text[quote_start:end].lstrip())
        )
        statements.append(
            Statement(
                speaker, quote, " ".join(verb.split()), sentence_index, start, start + len(quote)
            )
        )
    return statements


def _english(reading: Reading, positions: list[Position], skip_until: int) -> list[Statement]:
    speakers = _Speakers(reading)
    statements = []
    for sentence in reading.sentences:
        if sentence.end <= skip_until:
            continue
        text = reading.text[sentence.start : sentence.end]
        match = _SPEECH_EN.search(text)
        if match is None:
            continue
        tokens = reading.sentence_tokens(sentence.index)
        verb = _token_index(reading, sentence.index, sentence.start + match.start())
        speaker = None
        # The person closest before the verb, or a pronoun right before it, or "said X".
        before = verb - 1
        if before >= tokens.start and reading.words[before] in _PRONOUNS:
            speaker = speakers.continuing(verb)
        if speaker is None:
            for i in range(verb - 1, tokens.start - 1, -1):
                span = reading.span_at(i)
                if span is not None and span.kind is EntityKind.PERSON and span.key:
                    speaker = span.key
                    break
        if speaker is None and verb + 1 < tokens.stop:
            span = reading.span_at(verb + 1)
            if span is not None and span.kind is EntityKind.PERSON:
                speaker = span.key
        if speaker is None:
            speaker = holder_of(positions, reading, tokens.start, verb)
        if speaker is None and any(
            reading.words[i] in _PRONOUNS for i in range(tokens.start, verb)
        ):
            speaker = speakers.continuing(verb)
        if speaker is None:
            continue
        speakers.last_speaker = speaker
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


def extract_statements(
    reading: Reading, positions: list[Position], *, headline_end: int = 0
) -> list[Statement]:
    """Statements in text order; the headline («نام: نقل‌قول») is never one."""
    if reading.lang == "en":
        return _english(reading, positions, headline_end)
    return _persian(reading, positions, headline_end)
