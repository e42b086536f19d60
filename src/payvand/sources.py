"""Read articles and the gazetteer from disk; every error names the file, line and field.

Articles come from JSON Lines (one article per line), plain text, HTML pages and RSS/Atom feeds,
or a directory of them. :func:`read_articles` yields :class:`Article` values and, for the bad ones,
:class:`InputError` values, so that one bad line never stops the others.
"""

from __future__ import annotations

import codecs
import csv
import email.utils
import errno
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from pyoxigraph import NamedNode, RdfFormat, Triple, parse

from payvand.errors import InputError
from payvand.evaluation import GoldArticle, gold_from_record
from payvand.extract.gazetteer import (
    Gazetteer,
    GazetteerEntry,
    Honorific,
    KnownTwinning,
    Post,
    Role,
)
from payvand.extract.topics import TopicScheme
from payvand.mapping.rdf import period_literal
from payvand.model import Article, EntityKind
from payvand.text.jalali import parse_date
from payvand.validation import Shapes
from payvand.vocabulary import Vocabulary

ARTICLE_SUFFIXES = {
    ".jsonl": "jsonl",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
_BINARY_SNIFF = 8192
# The most an article may weigh (a line of JSON Lines, a text or HTML file, a feed item's text):
# extraction takes time and memory with the size of an article, so larger ones are refused.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
# The most a file read whole may weigh (a feed); JSON Lines files are read a line at a time.
MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Sizes above which an article, or a file read whole, is refused."""

    article_bytes: int = MAX_ARTICLE_BYTES
    file_bytes: int = MAX_FILE_BYTES


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file in a directory that is not an article source (a README, an image)."""

    path: Path


def _decode_error(path: Path) -> InputError:
    return InputError(
        "is a binary file, not UTF-8 text; give a .jsonl, .txt, .html or feed file",
        source=str(path),
    )


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data[:_BINARY_SNIFF]:
        raise _decode_error(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(
            f"is not UTF-8 text (byte {err.start}: {err.reason}); convert it to UTF-8 first",
            source=str(path),
            line=line,
        ) from err


def _read(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; InputError otherwise."""
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise InputError(
                    f"is {_megabytes(size)}, more than the {_megabytes(limit)} an article may "
                    "be (PAYVAND_MAX_ARTICLE_BYTES); split it or raise the limit",
                    source=str(path),
                )
            return handle.read(limit + 1)
    except IsADirectoryError as err:
        raise InputError("is a directory", source=str(path)) from err
    except OSError as err:
        raise InputError(f"cannot be read: {err.strerror}", source=str(path)) from err


def _read_text(path: Path) -> str:
    """A UTF-8 text file of the project's own (gazetteer, gold): no size limit."""
    return _decode(path, _read(path, MAX_FILE_BYTES))


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)


def _decode_html(path: Path, data: bytes) -> str:
    """An HTML page's text: in the encoding its <meta> declares (windows-1256 and the like),
    else UTF-8."""
    declared = _CHARSET.search(data[:4096])
    if declared is not None and b"\x00" not in data[:_BINARY_SNIFF]:
        name = declared.group(1).decode("ascii").lower()
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            codec = "utf-8"
        if codec not in ("utf-8", "ascii"):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as err:
                raise InputError(
                    f"is not {name} text as it declares (byte {err.start}: {err.reason})",
                    source=str(path),
                ) from err
    return _decode(path, data)


def _file_kind(path: Path) -> str | None:
    """What ``path`` is when it is no regular file or directory to read: None when it is one."""
    try:
        mode = path.stat().st_mode
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "is a loop of symbolic links; point the link at a file or folder"
        if err.errno == errno.ENOENT:
            return "does not exist" if not path.is_symlink() else "is a broken symbolic link"
        return f"cannot be read: {err.strerror}"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a file; save the articles to a file and give that"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file; save the articles to a file and give that"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    return "is not a regular file"


def _walk(folder: Path) -> Iterator[Path | InputError]:
    """The files under ``folder``, sorted, hidden ones left out. A folder that cannot be read,
    a symbolic link loop, a FIFO or a device is an error of its own; a folder reached again
    through a link is read once."""
    problems: list[InputError] = []

    def unreadable(err: OSError) -> None:
        where = err.filename or folder
        problems.append(InputError(f"cannot be read: {err.strerror}", source=str(where)))

    found: list[Path] = []
    seen = {folder.resolve()}
    for root, dirs, files in os.walk(folder, onerror=unreadable, followlinks=True):
        base = Path(root)
        kept = []
        for name in sorted(dirs):
            child = base / name
            if name.startswith("."):
                continue
            real = child.resolve()
            if real in seen:
                problems.append(
                    InputError(
                        "is a symbolic link to a folder read already (a loop)", source=str(child)
                    )
                )
                continue
            seen.add(real)
            kept.append(name)
        dirs[:] = kept
        found.extend(base / name for name in files if not name.startswith("."))
    yield from problems
    for path in sorted(found):
        kind = _file_kind(path)
        yield InputError(kind, source=str(path)) if kind is not None else path


def expand_paths(paths: Iterable[Path]) -> Iterator[Path | InputError | Skipped]:
    """Files to read, in a stable order: directories are walked; missing paths, unreadable
    folders, symbolic link loops, FIFOs and devices are errors."""
    for path in paths:
        kind = _file_kind(path)
        if kind is not None:
            yield InputError(kind, source=str(path))
        elif path.is_dir():
            for child in _walk(path):
                if isinstance(child, InputError) or child.suffix.lower() in ARTICLE_SUFFIXES:
                    yield child
                else:
                    yield Skipped(child)
        elif path.suffix.lower() not in ARTICLE_SUFFIXES:
            yield InputError(
                f"has an unknown type '{path.suffix or '(none)'}'; "
                "give .jsonl, .txt, .html, .htm, .xml, .rss or .atom",
                source=str(path),
            )
        else:
            yield path


def count_articles(paths: Iterable[Path]) -> int:
    """About how many articles ``paths`` hold (lines of JSON Lines, items of feeds), cheaply.

    For a progress display only: unreadable files count as one, and nothing is parsed.
    """
    total = 0
    for item in expand_paths(paths):
        if not isinstance(item, Path):
            continue
        kind = ARTICLE_SUFFIXES[item.suffix.lower()]
        if kind not in ("jsonl", "feed"):
            total += 1
            continue
        try:
            with item.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    if kind == "jsonl":
                        total += block.count(b"\n")
                    else:
                        total += block.count(b"<item") + block.count(b"<entry")
        except OSError:
            total += 1
    return total


def read_articles(
    paths: Iterable[Path], *, limits: Limits | None = None
) -> Iterator[Article | InputError | Skipped]:
    """Articles from files and directories; bad files and lines come back as InputError values."""
    limits = limits or Limits()
    for item in expand_paths(paths):
        if not isinstance(item, Path):
            yield item
            continue
        kind = ARTICLE_SUFFIXES[item.suffix.lower()]
        try:
            if kind == "jsonl":
                yield from _jsonl(item, limits.article_bytes)
            elif kind == "text":
                data = _read(item, limits.article_bytes)
                yield _text_article(item, _decode(item, data))
            elif kind == "html":
                html = _decode_html(item, _read(item, limits.article_bytes))
                yield html_article(html, source=str(item), url=item.resolve().as_uri())
            else:
                for found in _feed(item, limits.file_bytes):
                    yield _within(found, limits.article_bytes)
        except InputError as err:
            yield err


def _feed(path: Path, limit: int) -> Iterator[Article | InputError]:
    """The items of a feed of at most ``limit`` bytes, parsed as a stream."""
    try:
        handle = path.open("rb")
    except IsADirectoryError as err:
        raise InputError("is a directory", source=str(path)) from err
    except OSError as err:
        raise InputError(f"cannot be read: {err.strerror}", source=str(path)) from err
    with handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise InputError(
                f"is {_megabytes(size)}, more than the {_megabytes(limit)} a feed may be "
                "(PAYVAND_MAX_FILE_BYTES); split it or raise the limit",
                source=str(path),
            )
        if b"\x00" in handle.read(_BINARY_SNIFF):
            raise _decode_error(path)
        handle.seek(0)
        yield from feed_articles(handle, source=str(path))


def _within(found: Article | InputError, limit: int) -> Article | InputError:
    """A feed item, or an error when its text is more than an article may be."""
    if isinstance(found, Article) and len(found.text) > limit // 4:
        size = len(found.text.encode("utf-8"))
        if size > limit:
            return InputError(
                f"has {_megabytes(size)} of text, more than the {_megabytes(limit)} an article "
                "may be (PAYVAND_MAX_ARTICLE_BYTES)",
                source=found.source,
            )
    return found


def _date_field(value: object, *, source: str, line: int | None, name: str) -> date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(
            f"must be a string, not {type(value).__name__}", source=source, line=line, field=name
        )
    try:
        return parse_date(value)
    except InputError as err:
        raise InputError(err.message, source=source, line=line, field=name) from err


def _string_field(
    record: dict[str, object], name: str, *, source: str, line: int, required: bool
) -> str | None:
    value = record.get(name)
    if value is None:
        if required:
            raise InputError(
                "is missing; every article needs 'url' and 'text'",
                source=source,
                line=line,
                field=name,
            )
        return None
    if not isinstance(value, str):
        raise InputError(
            f"must be a string, not {type(value).__name__}", source=source, line=line, field=name
        )
    if required and not value.strip():
        raise InputError("is empty", source=source, line=line, field=name)
    return value


def article_from_record(record: object, *, source: str, line: int) -> Article:
    """An Article from one decoded JSON object, with errors naming the field."""
    if not isinstance(record, dict):
        raise InputError(
            f"must be a JSON object, not {type(record).__name__}", source=source, line=line
        )
    url = _string_field(record, "url", source=source, line=line, required=True)
    text = _string_field(record, "text", source=source, line=line, required=True)
    url = (url or "").strip()
    _check_url(url, source=source, line=line)
    lang = _string_field(record, "lang", source=source, line=line, required=False)
    if lang is not None and lang not in ("fa", "en"):
        raise InputError(
            f"is '{lang}'; use 'fa' or 'en', or leave it out to detect it",
            source=source,
            line=line,
            field="lang",
        )
    return Article(
        url=url,
        text=text or "",
        headline=_string_field(record, "headline", source=source, line=line, required=False),
        date_published=_date_field(
            record.get("datePublished"), source=source, line=line, name="datePublished"
        ),
        lang=lang,
        publisher=_string_field(record, "publisher", source=source, line=line, required=False),
        source=f"{source}:{line}",
    )


def _shown(url: str) -> str:
    """``url`` for a one-line message: control characters escaped, at most 80 characters."""
    shown = "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in url
    )
    return shown if len(shown) <= 80 else f"{shown[:77]}..."


def _check_url(url: str, *, source: str, line: int | None, field: str = "url") -> None:
    """An article's URL becomes an IRI in the graph and a link on the pages: it must be an
    absolute http(s) URL and a well-formed IRI."""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    shown = _shown(url)
    if scheme not in ("http", "https"):
        raise InputError(
            f"'{shown}' is not an http(s) URL; give the article's address, such as https://…",
            source=source,
            line=line,
            field=field,
        )
    try:
        NamedNode(url)
    except ValueError as err:
        raise InputError(
            f"'{shown}' is not a valid URL ({_shown(str(err))}); give the article's address, "
            "such as https://…",
            source=source,
            line=line,
            field=field,
        ) from err


def _lines(handle: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """The lines of a file with their lengths; a line longer than ``limit`` is passed over
    (None) without being held in memory."""
    while True:
        data = handle.readline(limit + 1)
        if not data:
            return
        if len(data) <= limit or data.endswith(b"\n"):
            yield len(data), data
            continue
        length = len(data)
        while data and not data.endswith(b"\n"):
            data = handle.readline(1 << 20)
            length += len(data)
        yield length, None


def _jsonl(path: Path, limit: int = MAX_ARTICLE_BYTES) -> Iterator[Article | InputError]:
    """Articles of a JSON Lines file, read a line at a time: memory stays flat however big."""
    try:
        handle = path.open("rb")
    except IsADirectoryError as err:
        raise InputError("is a directory", source=str(path)) from err
    except OSError as err:
        raise InputError(f"cannot be read: {err.strerror}", source=str(path)) from err
    with handle:
        if b"\x00" in handle.read(_BINARY_SNIFF):
            raise _decode_error(path)
        handle.seek(0)
        offset = 0
        for number, (length, data) in enumerate(_lines(handle, limit), start=1):
            start, offset = offset, offset + length
            if data is None:
                yield InputError(
                    f"is {_megabytes(length)}, more than the {_megabytes(limit)} an article may "
                    "be (PAYVAND_MAX_ARTICLE_BYTES); split it or raise the limit",
                    source=str(path),
                    line=number,
                )
                continue
            try:
                raw = data.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as err:
                yield InputError(
                    f"is not UTF-8 text (byte {start + err.start}: {err.reason}); "
                    "convert it to UTF-8 first",
                    source=str(path),
                    line=number,
                )
                continue
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as err:
                yield InputError(
                    f"is not JSON ({err.msg} at column {err.colno})", source=str(path), line=number
                )
                continue
            except RecursionError:
                yield InputError(
                    "is JSON nested too deeply to read; an article is one flat object",
                    source=str(path),
                    line=number,
                )
                continue
            try:
                yield article_from_record(record, source=str(path), line=number)
            except InputError as err:
                yield err


def _text_article(path: Path, text: str) -> Article:
    if not text.strip():
        raise InputError("is empty", source=str(path))
    first = text.lstrip().split("\n", 1)[0].strip()
    url = (
        first
        if first.startswith(("http://", "https://")) and " " not in first
        else path.resolve().as_uri()
    )
    if url == first:
        _check_url(url, source=str(path), line=None, field="first line")
        text = text.lstrip()[len(first) :]
    return Article(url=url, text=text, source=str(path))


# --- HTML ---------------------------------------------------------------------------------------

_SKIPPED_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "iframe",
        "form",
        "button",
        "select",
        "nav",
        "footer",
        "aside",
        "head",
    }
)
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "header",
        "tr",
        "td",
        "th",
        "blockquote",
        "figcaption",
        "time",
        "span",
        "dd",
        "dt",
        "table",
        "main",
        "title",
    }
)


_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
# Classes and ids of page furniture: menus, mastheads, related lists, tags, share bars, footers.
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|main-menu|top-menu|topbar|top-links|top|masthead|logo|"
    r"site-header|breadcrumbs?|related|related-news|other-?news|recent|widget\w*|sidebar|"
    r"side-box|tags?|share|social|comments?|footer|foot|copyright|most-?\w*|popular|ads?|"
    r"banner|subscribe)(?:$|[\s_-])",
    re.IGNORECASE,
)


class _PageReader(HTMLParser):
    """The text of a page without scripts, styles, navigation, related lists and footers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []
        self.open: dict[str, int] = {}  # how many of each tag the stack holds
        self.skipping = 0
        self.title = ""
        self.in_title = False
        self.in_h1 = False
        self.h1 = ""
        self.meta: dict[str, str] = {}
        self.times: list[str] = []
        self.canonical: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta":
            name = values.get("property") or values.get("name") or values.get("itemprop")
            if name and "content" in values:
                self.meta.setdefault(name.lower(), values["content"])
            return
        if tag == "link" and values.get("rel", "").lower() == "canonical" and values.get("href"):
            self.canonical = values["href"]
            return
        if tag in _VOID_TAGS:
            if tag == "br":
                self.parts.append("\n")
            return
        if tag == "time" and values.get("datetime"):
            self.times.append(values["datetime"])
        if tag == "title":
            self.in_title = True
        if tag == "h1" and not self.skipping:
            self.in_h1 = True
        skip = tag in _SKIPPED_TAGS or bool(
            _FURNITURE.search(f"{values.get('class', '')} {values.get('id', '')}")
        )
        self.stack.append((tag, skip))
        self.open[tag] = self.open.get(tag, 0) + 1
        if skip:
            self.skipping += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag == "h1":
            self.in_h1 = False
        # An end tag of nothing open is passed over at once: looking for it down the stack
        # would make a page of unclosed tags take time in the square of its length.
        if tag in _VOID_TAGS or not self.open.get(tag):
            return
        while self.stack:
            open_tag, skip = self.stack.pop()
            self.open[open_tag] -= 1
            if skip:
                self.skipping -= 1
            if open_tag == tag:
                break
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        if self.in_h1:
            self.h1 += data
        if not self.skipping:
            self.parts.append(data)


def _page_text(parts: list[str]) -> str:
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line)


def html_article(html: str, *, source: str, url: str) -> Article:
    """An Article from an HTML page: body text without scripts, navigation or footers."""
    reader = _PageReader()
    reader.feed(html)
    reader.close()
    text = _page_text(reader.parts)
    if not text.strip():
        raise InputError("has no text in its body", source=source)
    h1 = " ".join(reader.h1.split())
    headline = (h1 or reader.meta.get("og:title") or reader.title).strip() or None
    published = (
        reader.meta.get("article:published_time")
        or reader.meta.get("datepublished")
        or (reader.times[0] if reader.times else None)
    )
    date_published = None
    if published:
        try:
            date_published = parse_date(published)
        except InputError:
            date_published = None
    page_url = url
    for field, given in (("og:url", reader.meta.get("og:url")), ("canonical", reader.canonical)):
        if given:
            _check_url(given.strip(), source=source, line=None, field=field)
            page_url = given.strip()
            break
    if h1 and h1 not in text:
        text = f"{h1}\n{text}"
    return Article(
        url=page_url, text=text, headline=headline, date_published=date_published, source=source
    )


def html_text(html: str) -> str:
    """The readable text of an HTML fragment (feed descriptions)."""
    reader = _PageReader()
    reader.feed(html)
    reader.close()
    return _page_text(reader.parts)


# --- RSS and Atom -------------------------------------------------------------------------------

_ATOM = "{http://www.w3.org/2005/Atom}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def _feed_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        pass
    try:
        return parse_date(value)
    except InputError:
        return None


def feed_articles(data: IO[bytes], *, source: str) -> Iterator[Article | InputError]:
    """Articles from the items of an RSS 2.0 or Atom feed, read as a stream: each item is
    yielded as soon as it ends and then dropped, so memory holds one item at a time. A feed
    that breaks off part way yields its items up to the break, then the error."""
    tag: str | None = None  # 'item' (RSS) or Atom's entry, whichever the feed opens with
    number = 0
    try:
        for _, element in ElementTree.iterparse(data, events=("end",)):
            if element.tag not in ("item", f"{_ATOM}entry") or tag not in (None, element.tag):
                continue
            tag = element.tag
            number += 1
            yield _feed_item(element, f"{source} (item {number})")
            element.clear()
    except (ElementTree.ParseError, DefusedXmlException) as err:
        raise InputError(f"is not a well-formed feed: {err}", source=source) from err
    if not number:
        raise InputError(
            "has no <item> or <entry> elements; is it an RSS or Atom feed?", source=source
        )


def _feed_item(item: Element, where: str) -> Article | InputError:
    link = item.findtext("link") or ""
    atom_link = item.find(f"{_ATOM}link")
    if not link and atom_link is not None:
        link = atom_link.get("href", "")
    title = item.findtext("title") or item.findtext(f"{_ATOM}title")
    body = (
        item.findtext(_CONTENT)
        or item.findtext("description")
        or item.findtext(f"{_ATOM}content")
        or item.findtext(f"{_ATOM}summary")
        or ""
    )
    when = (
        item.findtext("pubDate")
        or item.findtext(f"{_ATOM}published")
        or item.findtext(f"{_ATOM}updated")
    )
    if not link.strip():
        return InputError("has no link; every article needs a URL", source=where, field="link")
    try:
        _check_url(link.strip(), source=where, line=None, field="link")
    except InputError as err:
        return err
    text = html_text(body) if "<" in body else body
    if not text.strip():
        return InputError("has no text", source=where, field="description")
    headline = (title or "").strip() or None
    return Article(
        url=link.strip(),
        text=f"{headline}\n{text}" if headline else text,
        headline=headline,
        date_published=_feed_date(when),
        source=where,
    )


# --- gazetteer ----------------------------------------------------------------------------------


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    text = _read_text(path)
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"lacks the column(s) {', '.join(missing)}", source=str(path), line=1)
    for number, row in enumerate(reader, start=2):
        yield number, {k: (v or "").strip() for k, v in row.items() if k is not None}


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def _need(row: dict[str, str], column: str, path: Path, line: int) -> str:
    value = row.get(column, "")
    if not value:
        raise InputError(
            "is empty; fill it in or delete the row", source=str(path), line=line, field=column
        )
    return value


def _period(row: dict[str, str], column: str, path: Path, line: int) -> str | None:
    """A date known to the year, month or day (YYYY, YYYY-MM, YYYY-MM-DD), or None when empty."""
    value = row.get(column, "")
    if not value:
        return None
    try:
        period_literal(value)
    except InputError as err:
        raise InputError(err.message, source=str(path), line=line, field=column) from err
    return value


TWINNING_STATUSES = ("concluded", "proposed", "mou_only")


def _choice(
    row: dict[str, str], column: str, choices: tuple[str, ...], path: Path, line: int
) -> str:
    value = row.get(column) or choices[0]
    if value not in choices:
        raise InputError(
            f"is '{value}'; use one of {', '.join(choices)}",
            source=str(path),
            line=line,
            field=column,
        )
    return value


def _city_rank(numbered: tuple[int, dict[str, str]]) -> tuple[bool, int, int]:
    """The order in which towns of one name are offered: the towns described by hand ('public
    record': the well-known ones, «حلب» Aleppo, «هرات» Herat, «میلان» Milan) first, then the more
    populous, then the order of the file."""
    line, row = numbered
    curated = "public record" in (row.get("source") or "")
    try:
        population = int(row.get("population") or 0)
    except ValueError:
        population = 0
    return (not curated, -population, line)


def load_gazetteer(directory: Path) -> Gazetteer:
    """The gazetteer in ``directory`` (see data/gazetteer/README.md for the files and columns)."""
    if not directory.is_dir():
        raise InputError("is not a directory holding the gazetteer files", source=str(directory))
    entries: list[GazetteerEntry] = []
    demonyms: list[tuple[str, str]] = []
    places = directory / "places"
    countries = places / "countries.csv"
    if countries.exists():
        for line, row in _rows(countries, ("id", "name_fa", "name_en")):
            demonyms.extend(
                (word, row["id"].lower())
                for column in ("demonyms_fa", "demonyms_en")
                for word in _split(row.get(column, ""))
            )
            entries.append(
                GazetteerEntry(
                    id=_need(row, "id", countries, line).lower(),
                    kind=EntityKind.COUNTRY,
                    name_fa=row["name_fa"],
                    name_en=_need(row, "name_en", countries, line),
                    aliases_fa=_split(row.get("aliases_fa", ""))
                    + _split(row.get("official_name_fa", "")),
                    aliases_en=_split(row.get("aliases_en", ""))
                    + _split(row.get("official_name_en", "")),
                    wikidata=row.get("wikidata") or None,
                )
            )
    provinces = places / "provinces.csv"
    if provinces.exists():
        for line, row in _rows(provinces, ("id", "name_fa", "name_en")):
            entries.append(
                GazetteerEntry(
                    id=_need(row, "id", provinces, line),
                    kind=EntityKind.PROVINCE,
                    name_fa=row["name_fa"],
                    name_en=row["name_en"],
                    aliases_fa=_split(row.get("aliases_fa", "")),
                    aliases_en=_split(row.get("aliases_en", "")),
                    located_in="country/ir",
                    wikidata=row.get("wikidata") or None,
                )
            )
    cities = places / "cities.csv"
    if cities.exists():
        rows = sorted(_rows(cities, ("id", "name_fa", "name_en", "country")), key=_city_rank)
        for line, row in rows:
            entries.append(
                GazetteerEntry(
                    id=_need(row, "id", cities, line),
                    kind=EntityKind.CITY,
                    name_fa=row["name_fa"],
                    name_en=row["name_en"],
                    aliases_fa=_split(row.get("aliases_fa", "")),
                    aliases_en=_split(row.get("aliases_en", "")),
                    located_in=f"country/{_need(row, 'country', cities, line).lower()}",
                    parent=f"province/{row['province']}" if row.get("province") else None,
                    wikidata=row.get("wikidata") or None,
                    ambiguous=row.get("ambiguous", "0") in ("1", "true", "yes", "fa"),
                    ambiguous_only_fa=row.get("ambiguous", "0") == "fa",
                )
            )
    organisations = directory / "organisations.csv"
    if organisations.exists():
        for line, row in _rows(organisations, ("id", "kind", "name_fa", "name_en")):
            where = (
                f"city/{row['city']}"
                if row.get("city")
                else f"country/{row['country'].lower()}"
                if row.get("country")
                else None
            )
            subkind = _need(row, "kind", organisations, line)
            if subkind in ("embassy", "cultural_counsellorship") and row.get("country"):
                where = f"country/{row['country'].lower()}"
            entries.append(
                GazetteerEntry(
                    id=_need(row, "id", organisations, line),
                    kind=EntityKind.ORGANISATION,
                    name_fa=row["name_fa"],
                    name_en=row["name_en"],
                    aliases_fa=_split(row.get("aliases_fa", "")),
                    aliases_en=_split(row.get("aliases_en", "")),
                    subkind=subkind,
                    parent=f"organisation/{row['parent']}" if row.get("parent") else None,
                    located_in=where,
                    wikidata=row.get("wikidata") or None,
                )
            )
    persons = directory / "persons.csv"
    if persons.exists():
        for line, row in _rows(persons, ("id", "name_fa", "name_en")):
            entries.append(
                GazetteerEntry(
                    id=_need(row, "id", persons, line),
                    kind=EntityKind.PERSON,
                    name_fa=row["name_fa"],
                    name_en=row["name_en"],
                    aliases_fa=_split(row.get("aliases_fa", "")),
                    aliases_en=_split(row.get("aliases_en", "")),
                    wikidata=row.get("wikidata") or None,
                )
            )
    roles = [
        Role(
            _need(row, "id", path, line),
            row["name_fa"],
            row["name_en"],
            _split(row.get("aliases_fa", "")),
            _split(row.get("aliases_en", "")),
        )
        for path in [directory / "roles.csv"]
        if path.exists()
        for line, row in _rows(path, ("id", "name_fa", "name_en"))
    ]
    honorifics = [
        Honorific(
            _need(row, "text", path, line), row.get("lang", "fa"), row.get("kind", "courtesy")
        )
        for path in [directory / "honorifics.csv"]
        if path.exists()
        for line, row in _rows(path, ("text", "lang", "kind"))
    ]
    given_rows = [
        (_need(row, "name", path, line), row.get("lang", "fa"), row.get("gender", ""))
        for path in [directory / "given_names.csv"]
        if path.exists()
        for line, row in _rows(path, ("name",))
    ]
    given = [(name, lang) for name, lang, _gender in given_rows]
    genders = [(name, gender) for name, _lang, gender in given_rows if gender]
    stoplist = [
        _need(row, "text", path, line)
        for path in [directory / "stoplist.csv"]
        if path.exists()
        for line, row in _rows(path, ("text",))
    ]
    posts = [
        Post(
            f"person/{_need(row, 'person', path, line)}",
            f"organisation/{_need(row, 'organisation', path, line)}",
            row.get("role_fa", ""),
            row.get("role_en", ""),
            _period(row, "start", path, line),
            _period(row, "end", path, line),
        )
        for path in [directory / "posts.csv"]
        if path.exists()
        for line, row in _rows(path, ("person", "organisation"))
    ]
    twinnings = [
        KnownTwinning(
            f"city/{_need(row, 'city_a', path, line)}",
            f"city/{_need(row, 'city_b', path, line)}",
            _period(row, "year", path, line),
            _choice(row, "status", TWINNING_STATUSES, path, line),
        )
        for path in [directory / "twinnings.csv"]
        if path.exists()
        for line, row in _rows(path, ("city_a", "city_b"))
    ]
    common_words: list[str] = []
    common = directory / "common_words_fa.txt"
    if common.exists():
        text = _read_text(common)
        common_words = [w for w in text.split() if not w.startswith("#")]
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        if path.is_file() and path.suffix in (".csv", ".txt"):
            digest.update(path.relative_to(directory).as_posix().encode())
            digest.update(path.read_bytes())
    if not entries:
        raise InputError(
            "holds no gazetteer entries (organisations.csv, places/*.csv, persons.csv)",
            source=str(directory),
        )
    return Gazetteer(
        entries,
        roles=roles,
        honorifics=honorifics,
        given_names=given,
        stoplist=stoplist,
        common_words=common_words,
        posts=posts,
        twinnings=twinnings,
        demonyms=demonyms,
        genders=genders,
        fingerprint=digest.hexdigest(),
    )


# --- ontology, topics and shapes ----------------------------------------------------------------


def read_turtle(path: Path) -> tuple[bytes, list[Triple]]:
    """The bytes of a Turtle file and its triples; a syntax error names the file and line."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot be read: {err.strerror}", source=str(path)) from err
    try:
        triples = [
            q.triple for q in parse(data, format=RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
        ]
    except SyntaxError as err:
        raise InputError(
            f"is not valid Turtle: {err.msg}", source=str(path), line=err.lineno
        ) from err
    return data, triples


def load_topics(path: Path) -> TopicScheme:
    """The topic scheme in ``path`` (ontology/topics.ttl), with its keyword index."""
    data, triples = read_turtle(path)
    try:
        scheme = TopicScheme.from_triples(triples, fingerprint=hashlib.sha256(data).hexdigest())
    except InputError as err:
        raise InputError(err.message, source=str(path)) from err
    if not scheme.topics:
        raise InputError("holds no skos:Concept in the topic namespace", source=str(path))
    return scheme


def load_vocabulary(directory: Path) -> Vocabulary:
    """The terms of payvand.ttl and (when there) topics.ttl in ``directory``, in both languages."""
    triples = read_turtle(directory / "payvand.ttl")[1]
    topics = directory / "topics.ttl"
    if topics.exists():
        triples += read_turtle(topics)[1]
    return Vocabulary.from_triples(triples)


def load_shapes(path: Path) -> Shapes:
    """The SHACL shapes in ``path`` (ontology/shapes.ttl)."""
    _data, triples = read_turtle(path)
    try:
        return Shapes(triples)
    except InputError as err:
        raise InputError(err.message, source=str(path)) from err


# --- annotated articles -------------------------------------------------------------------------


def read_gold(directory: Path) -> Iterator[tuple[GoldArticle, Article] | InputError]:
    """Each ``*.gold.json`` in ``directory`` with the article it annotates (its ``source``)."""
    if not directory.is_dir():
        yield InputError("is not a directory of *.gold.json files", source=str(directory))
        return
    for path in sorted(directory.glob("*.gold.json")):
        try:
            try:
                record = json.loads(_read_text(path))
            except json.JSONDecodeError as err:
                raise InputError(
                    f"is not JSON ({err.msg} at column {err.colno})",
                    source=str(path),
                    line=err.lineno,
                ) from err
            gold = gold_from_record(record, source=str(path))
            article_path = directory / gold.source
            if not article_path.is_file():
                raise InputError(
                    f"names the source '{gold.source}', which is not a file next to it",
                    source=str(path),
                    field="source",
                )
            articles = [a for a in read_articles([article_path]) if not isinstance(a, Skipped)]
            if len(articles) != 1:
                raise InputError(
                    f"holds {len(articles)} articles; an annotated source holds exactly one",
                    source=str(article_path),
                )
            (article,) = articles
            if isinstance(article, InputError):
                raise article
            yield gold, article
        except InputError as err:
            yield err
