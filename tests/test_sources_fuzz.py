"""The article readers fed hostile bytes: bad encodings, deep nesting, entity bombs, huge lines,
bad URLs. Whatever comes in, a reader gives articles or per-item errors, and never raises.

A fixed number of examples each (derandomised), so CI runs the same cases every time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from payvand.errors import InputError
from payvand.model import Article
from payvand.sources import Limits, Skipped, read_articles

# Small limits, so that generated input crosses them too.
LIMITS = Limits(article_bytes=256 * 1024, file_bytes=1024 * 1024)

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# URLs a hostile source might give: schemes, spaces, control and bidi characters, IRIs that
# pyoxigraph refuses, very long ones.
URLS = st.one_of(
    st.sampled_from(
        [
            "https://example.org/news/1",
            "http://example.org/a b",
            "javascript:alert(document.domain)//",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "https://example.org/\u202e",
            "https://[::1",
            "https://example.org/<>",
            "https://example.org/\x00",
            "//example.org/x",
            "",
            " ",
            "https://" + "a" * 5000,
        ]
    ),
    st.text(max_size=40),
    st.text(max_size=20).map(lambda tail: f"https://example.org/{tail}"),
)

# Byte strings that are not UTF-8, or are in odd ways.
BAD_BYTES = st.sampled_from(
    [
        b"\xff\xfe\x00a",
        b"\xc3\x28",
        b"\xed\xa0\x80",  # a surrogate
        b"\xef\xbb\xbf",  # a BOM
        b"\x00",
        b"\xe2\x80",
        "\u0627\u0635\u0641\u0647\u0627\u0646".encode("utf-16"),
        "\u0627\u0635\u0641\u0647\u0627\u0646".encode("cp1256"),
    ]
)

TEXT = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        ["Isfahan and Kazan signed an agreement.", "\u0627\u0635\u0641\u0647\u0627\u0646"]
    ),
)

# Nesting depths: shallow ones, and deeper than a recursive reader can go.
DEPTHS = st.one_of(st.sampled_from([1_000, 10_000, 40_000]), st.integers(1, 40_000))


def _deep(depth: int, opening: str, closing: str) -> str:
    return opening * depth + closing * depth


@st.composite
def jsonl_lines(draw: st.DrawFn) -> bytes:
    record = st.fixed_dictionaries(
        {"url": URLS, "text": TEXT},
        optional={
            "headline": st.one_of(TEXT, st.integers(), st.none()),
            "date_published": st.one_of(
                st.sampled_from(["2024-02-30", "1402-12-30", "yesterday", "", "9999-99-99"]),
                st.integers(),
                st.lists(st.integers(), max_size=2),
            ),
            "lang": st.one_of(st.text(max_size=5), st.none()),
        },
    ).map(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8"))
    line = st.one_of(
        record,
        st.binary(max_size=80),
        BAD_BYTES,
        DEPTHS.map(lambda n: _deep(n, "[", "]").encode()),
        DEPTHS.map(lambda n: ('{"a":' * n + "1" + "}" * n).encode()),
        st.integers(LIMITS.article_bytes - 64, LIMITS.article_bytes + 64).map(
            lambda n: json.dumps({"url": "https://e.org/", "text": "x" * n}).encode()
        ),
        st.sampled_from([b"null", b"[]", b"42", b'"text"', b"{}", b'{"url": null}', b"NaN"]),
    )
    lines = draw(st.lists(line, max_size=8))
    return draw(st.sampled_from([b"\n", b"\r\n"])).join(lines)


@st.composite
def html_pages(draw: st.DrawFn) -> bytes:
    pieces = st.one_of(
        TEXT,
        st.sampled_from(
            [
                "<html>",
                "<body>",
                "<div>",
                "</div>",
                "<p>",
                "</p>",
                "</span>",
                "<script>",
                "</script>",
                "<style>",
                "<nav>",
                "<h1>",
                "</h1>",
                "<title>",
                "<!--",
                "-->",
                "<![CDATA[",
                "]]>",
                "&amp;",
                "&#xffffff;",
                "&#0;",
                "&bogus;",
                "<time datetime='x'>",
                "<meta charset='windows-1256'>",
                "<meta charset='no-such-charset'>",
                "<meta charset='utf-16'>",
                "<meta property='article:published_time' content='x'>",
                "<",
                ">",
                "</",
                "<!DOCTYPE html [<!ENTITY a 'aaaa'>]>",
            ]
        ),
        URLS.map(lambda u: f"<meta property='og:url' content='{u}'>"),
        URLS.map(lambda u: f'<link rel="canonical" href="{u}">'),
        DEPTHS.map(lambda n: "<div>" * n),
    )
    page = "".join(draw(st.lists(pieces, max_size=30)))
    encoded = page.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        encoded += draw(BAD_BYTES)
    return encoded


_BOMB = (
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + "]>"
)


@st.composite
def feeds(draw: st.DrawFn) -> bytes:
    def item(atom: bool) -> st.SearchStrategy[str]:
        if atom:
            return st.tuples(URLS, TEXT, TEXT).map(
                lambda t: (
                    f'<entry><link href="{_attr(t[0])}"/><title>{_esc(t[1])}</title>'
                    f"<content>{_esc(t[2])}</content></entry>"
                )
            )
        return st.tuples(
            URLS, TEXT, TEXT, st.sampled_from(["", "Mon, 99 Foo 2024", "1402/12/30"])
        ).map(
            lambda t: (
                f"<item><link>{_esc(t[0])}</link><title>{_esc(t[1])}</title>"
                f"<description>{_esc(t[2])}</description><pubDate>{t[3]}</pubDate></item>"
            )
        )

    atom = draw(st.booleans())
    items = "".join(draw(st.lists(item(atom), max_size=6)))
    prologue = draw(
        st.sampled_from(
            [
                "",
                '<?xml version="1.0" encoding="UTF-8"?>',
                _BOMB,
                '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
                '<!DOCTYPE rss SYSTEM "http://127.0.0.1:9/evil.dtd">',
                '<?xml version="1.0" encoding="windows-1256"?>',
            ]
        )
    )
    if atom:
        body = f'<feed xmlns="http://www.w3.org/2005/Atom">{items}</feed>'
    else:
        body = f"<rss><channel>{items}</channel></rss>"
    if draw(st.booleans()):
        depth = draw(DEPTHS)
        body = body.replace("</channel>", "<x>" * depth + "</x>" * depth + "</channel>")
    if "&b;" not in body and prologue == _BOMB:
        body = body.replace("<channel>", "<channel><title>&i;</title>")
    raw = (prologue + body).encode("utf-8", "surrogatepass")
    cut = draw(st.one_of(st.none(), st.integers(0, len(raw))))
    if cut is not None:
        raw = raw[:cut]
    if draw(st.booleans()):
        raw += draw(BAD_BYTES)
    return raw


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _attr(text: str) -> str:
    return _esc(text).replace('"', "&quot;")


def _read_all(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    for found in read_articles([path], limits=LIMITS):
        assert isinstance(found, Article | InputError | Skipped), found
        if isinstance(found, InputError):
            assert str(path) in str(found)
            assert "\n" not in str(found), str(found)  # one line


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@FUZZ
@given(data=jsonl_lines())
def test_json_lines_never_raise(folder: Path, data: bytes) -> None:
    _read_all(folder / "articles.jsonl", data)


@FUZZ
@given(
    data=st.one_of(
        st.binary(max_size=200),
        st.tuples(URLS, TEXT).map(lambda t: f"{t[0]}\n{t[1]}".encode("utf-8", "surrogatepass")),
        st.integers(LIMITS.article_bytes - 8, LIMITS.article_bytes + 8).map(lambda n: b"x" * n),
    )
)
def test_plain_text_never_raises(folder: Path, data: bytes) -> None:
    _read_all(folder / "article.txt", data)


@FUZZ
@given(data=html_pages())
def test_html_never_raises(folder: Path, data: bytes) -> None:
    _read_all(folder / "page.html", data)


@FUZZ
@given(data=feeds())
def test_feeds_never_raise(folder: Path, data: bytes) -> None:
    suffix = ".atom" if b"<feed" in data else ".rss"
    _read_all(folder / f"feed{suffix}", data)
