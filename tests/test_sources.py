"""Reading articles: every bad input is named by file, line and field, and never stops the rest."""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path

import pytest

from payvand.errors import InputError
from payvand.model import Article
from payvand.sources import Limits, Skipped, html_article, read_articles


def _write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    path = _write_jsonl(
        tmp_path / "a.jsonl",
        [
            json.dumps(
                {
                    "url": "https://example.org/1",
                    "text": "متن خبر",
                    "datePublished": "۲۸ دی ۱۴۰۰ - ۱۰:۵۸",
                }
            ),
            "{not json",
            json.dumps({"text": "no url"}),
            json.dumps({"url": "https://example.org/4", "text": "  "}),
            json.dumps({"url": "https://example.org/5", "text": "x", "lang": "de"}),
            json.dumps({"url": "https://example.org/6", "text": "x", "datePublished": "yesterday"}),
            json.dumps(["a list"]),
            json.dumps(
                {"url": "https://example.org/8", "text": "ok", "headline": "H", "lang": "en"}
            ),
        ],
    )
    items = list(read_articles([path]))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert [a.url for a in articles] == ["https://example.org/1", "https://example.org/8"]
    assert articles[0].date_published is not None
    assert articles[0].source == f"{path}:1"
    assert errors == [
        f"{path}, line 2: is not JSON (Expecting property name enclosed in double quotes at column 2)",
        f"{path}, line 3, field 'url': is missing; every article needs 'url' and 'text'",
        f"{path}, line 4, field 'text': is empty",
        f"{path}, line 5, field 'lang': is 'de'; use 'fa' or 'en', or leave it out to detect it",
        f"{path}, line 6, field 'datePublished': 'yesterday' is not a date: give ISO 8601 "
        "(2022-01-18T10:58:00+03:30), a Jalali date (۲۸ دی ۱۴۰۰ - ۱۰:۵۸ or 1400/10/28) or an English "
        "date (January 18, 2022)",
        f"{path}, line 7: must be a JSON object, not list",
    ]


def test_a_url_that_is_not_an_iri_is_named(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "a.jsonl", [json.dumps({"url": "not a url", "text": "x"})])
    (error,) = list(read_articles([path]))
    assert isinstance(error, InputError)
    assert str(error).startswith(f"{path}, line 1, field 'url': 'not a url' is not an http(s) URL")


# Each reader checks each article's URL: http(s) and a valid IRI, or an error for that article
# alone, naming the file, the item or line, and the field.
BAD_URLS = [
    ("not a url", "is not an http(s) URL"),
    ("javascript:alert(document.domain)//", "is not an http(s) URL"),
    ("JavaScript:alert(1)", "is not an http(s) URL"),
    ("data:text/html,<script>alert(1)</script>", "is not an http(s) URL"),
    ("https://example.org/a b", "is not a valid URL"),
    ("http://example.org/<x>", "is not a valid URL"),
]


@pytest.mark.parametrize(("url", "why"), BAD_URLS)
def test_every_reader_refuses_a_bad_url_for_that_article_only(
    tmp_path: Path, url: str, why: str
) -> None:
    jsonl = _write_jsonl(
        tmp_path / "a.jsonl",
        [
            json.dumps({"url": url, "text": "x"}),
            json.dumps({"url": "https://example.org/ok", "text": "x"}),
        ],
    )
    escaped = url.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    feed = tmp_path / "feed.rss"
    feed.write_text(
        f"""<rss version="2.0"><channel>
        <item><title>t</title><link>{escaped}</link><description>x</description></item>
        <item><title>t</title><link>https://example.org/f</link><description>x</description></item>
        </channel></rss>""",
        encoding="utf-8",
    )
    quoted = escaped.replace('"', "&quot;")
    page = tmp_path / "page.html"
    page.write_text(
        f'<html><head><meta property="og:url" content="{quoted}"></head><body><p>x</p></body></html>',
        encoding="utf-8",
    )
    canonical = tmp_path / "canonical.html"
    canonical.write_text(
        f'<html><head><link rel="canonical" href="{quoted}"></head><body><p>x</p></body></html>',
        encoding="utf-8",
    )
    items = list(read_articles([jsonl, feed, page, canonical]))
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert [i.url for i in items if isinstance(i, Article)] == [
        "https://example.org/ok",
        "https://example.org/f",
    ]
    assert [e.split(": ", 1)[0] for e in errors] == [
        f"{jsonl}, line 1, field 'url'",
        f"{feed} (item 1), field 'link'",
        f"{page}, field 'og:url'",
        f"{canonical}, field 'canonical'",
    ]
    assert all(why in e for e in errors)


def test_a_text_whose_first_line_is_a_bad_url_is_named(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("https://example.org/<b>\nThe text.\n", encoding="utf-8")
    (error,) = list(read_articles([path]))
    assert str(error).startswith(f"{path}, field 'first line': 'https://example.org/<b>'")


def test_missing_binary_and_non_utf8_files(tmp_path: Path) -> None:
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    latin = tmp_path / "c.txt"
    latin.write_bytes("caf\u00e9".encode("latin-1"))
    unknown = tmp_path / "d.pdf"
    unknown.write_bytes(b"%PDF")
    items = [str(i) for i in read_articles([tmp_path / "nope.jsonl", binary, latin, unknown])]
    assert items == [
        f"{tmp_path / 'nope.jsonl'}: does not exist",
        f"{binary}: is a binary file, not UTF-8 text; give a .jsonl, .txt, .html or feed file",
        f"{latin}, line 1: is not UTF-8 text (byte 3: unexpected end of data); convert it to UTF-8 first",
        f"{unknown}: has an unknown type '.pdf'; give .jsonl, .txt, .html, .htm, .xml, .rss or .atom",
    ]


def test_directories_are_walked_in_order(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("https://example.org/b\nمتن دوم", encoding="utf-8")
    (tmp_path / "a.txt").write_text("متن اول", encoding="utf-8")
    (tmp_path / "README.md").write_text("not an article", encoding="utf-8")
    items = list(read_articles([tmp_path]))
    assert isinstance(items[0], Skipped)
    assert [i.url for i in items if isinstance(i, Article)] == [
        (tmp_path / "a.txt").resolve().as_uri(),
        "https://example.org/b",
    ]


def test_html_page_without_scripts_and_navigation() -> None:
    page = """<html><head><title>Site | Title</title>
      <meta property="og:url" content="https://example.org/news/1">
      <meta property="article:published_time" content="2023-05-10T09:30:00+03:30">
      <style>.x{color:red}</style><script>var a = "سازمان";</script></head>
      <body><nav><a>خانه</a><a>اخبار</a></nav>
      <h1>خواهرخواندگی اصفهان و کازان</h1>
      <article><p>اصفهان و کازان خواهرخوانده شدند.</p><p>بند دوم.</p></article>
      <footer>همه حقوق محفوظ است</footer></body></html>"""
    article = html_article(page, source="page.html", url="file:///page.html")
    assert article.url == "https://example.org/news/1"
    assert article.headline == "خواهرخواندگی اصفهان و کازان"
    assert article.date_published is not None
    assert article.date_published.isoformat() == "2023-05-10T09:30:00+03:30"
    assert "var a" not in article.text
    assert "خانه" not in article.text
    assert "حقوق" not in article.text
    assert article.text.splitlines() == [
        "خواهرخواندگی اصفهان و کازان",
        "اصفهان و کازان خواهرخوانده شدند.",
        "بند دوم.",
    ]


def test_html_page_furniture_by_class_and_id() -> None:
    page = """<html><head><title>Portal | A title</title></head><body>
      <div id="top"><a>ICRO</a> | <a>English</a></div>
      <ul class="menu"><li>Home</li><li>News</li></ul>
      <div class="news"><h1>Tbilisi marks Hafez Day</h1>
        <div class="item-date">13 October 2022</div>
        <p>Tbilisi State University held a ceremony on Hafez Day.</p></div>
      <div class="related"><h4>Related</h4><ul><li>Baku hosts a fair</li></ul></div>
      <div class="otherNews"><li>Yerevan news</li></div>
      <div class="tags">Tags: Hafez</div><footer class="foot">Address: Tehran</footer>
      </body></html>"""
    article = html_article(page, source="page.html", url="file:///page.html")
    assert article.headline == "Tbilisi marks Hafez Day"
    assert article.text.startswith("Tbilisi marks Hafez Day\n")
    assert article.text.count("Tbilisi marks Hafez Day") == 1
    assert "Hafez Day." in article.text
    for furniture in ("ICRO", "Home", "Baku", "Yerevan", "Tags", "Address"):
        assert furniture not in article.text


def test_rss_and_atom_feeds(tmp_path: Path) -> None:
    rss = tmp_path / "feed.rss"
    rss.write_text(
        """<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
        <item><title>Isfahan and Kazan twinned</title><link>https://example.org/1</link>
        <pubDate>Wed, 09 Apr 2025 10:00:00 +0330</pubDate>
        <description>&lt;p&gt;Isfahan and Kazan signed a sister-city agreement.&lt;/p&gt;</description></item>
        <item><title>no link</title><description>x</description></item>
        </channel></rss>""",
        encoding="utf-8",
    )
    atom = tmp_path / "feed.atom"
    atom.write_text(
        """<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
        <entry><title>عنوان</title><link href="https://example.org/2"/><updated>2024-03-20T08:00:00Z</updated>
        <content>متن خبر</content></entry></feed>""",
        encoding="utf-8",
    )
    items = list(read_articles([rss, atom]))
    first, error, second = items
    assert isinstance(first, Article)
    assert first.headline == "Isfahan and Kazan twinned"
    assert isinstance(first.date_published, datetime)
    assert first.date_published.date() == date(2025, 4, 9)
    assert "signed a sister-city agreement" in first.text
    assert str(error) == f"{rss} (item 2), field 'link': has no link; every article needs a URL"
    assert isinstance(second, Article)
    assert second.url == "https://example.org/2"


def test_a_broken_feed_is_one_clear_error(tmp_path: Path) -> None:
    feed = tmp_path / "broken.xml"
    feed.write_text("<rss><channel><item>", encoding="utf-8")
    (error,) = list(read_articles([feed]))
    assert isinstance(error, InputError)
    assert str(error).startswith(f"{feed}: is not a well-formed feed")


def test_a_feed_is_read_as_a_stream_up_to_where_it_breaks(tmp_path: Path) -> None:
    feed = tmp_path / "cut.rss"
    items = "".join(
        f"<item><link>https://example.org/{i}</link><description>Isfahan {i}</description></item>"
        for i in range(3)
    )
    # Cut off inside the fourth item, as a download that stopped would be.
    feed.write_text(f"<rss><channel>{items}<item><link>https://exa", encoding="utf-8")
    found = list(read_articles([feed]))
    assert [a.url for a in found if isinstance(a, Article)] == [
        f"https://example.org/{i}" for i in range(3)
    ]
    assert len(found) == 4
    assert isinstance(found[3], InputError)
    assert str(found[3]).startswith(f"{feed}: is not a well-formed feed")


def test_a_feed_is_read_in_the_encoding_it_declares(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    text = "\N{ARABIC LETTER ALEF}\N{ARABIC LETTER SAD}\N{ARABIC LETTER FEH}\N{ARABIC LETTER HEH}"
    feed.write_bytes(
        (
            '<?xml version="1.0" encoding="windows-1256"?><rss><channel><item>'
            f"<link>https://example.org/a</link><description>{text}</description></item>"
            "</channel></rss>"
        ).encode("cp1256")
    )
    (article,) = list(read_articles([feed]))
    assert isinstance(article, Article)
    assert article.text == text


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_an_empty_text_file_is_an_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "empty.txt"
    path.write_text(text, encoding="utf-8")
    assert [str(i) for i in read_articles([path])] == [f"{path}: is empty"]


# -- bounded and hostile input ---------------------------------------------------------------


def test_an_article_over_the_size_limit_is_refused_alone(tmp_path: Path) -> None:
    limits = Limits(article_bytes=1000, file_bytes=10_000)
    lines = [
        json.dumps({"url": "https://example.org/big", "text": "x" * 5000}),
        json.dumps({"url": "https://example.org/ok", "text": "small"}),
    ]
    jsonl = _write_jsonl(tmp_path / "a.jsonl", lines)
    text = tmp_path / "big.txt"
    text.write_text("https://example.org/t\n" + "y" * 2000, encoding="utf-8")
    feed = tmp_path / "feed.rss"
    feed.write_text(
        "<rss><channel>"
        f"<item><link>https://example.org/f1</link><description>{'z' * 2000}</description></item>"
        "<item><link>https://example.org/f2</link><description>fine</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    huge = tmp_path / "huge.xml"
    huge.write_text("<rss>" + " " * 20_000 + "</rss>", encoding="utf-8")
    items = list(read_articles([jsonl, text, feed, huge], limits=limits))
    assert [i.url for i in items if isinstance(i, Article)] == [
        "https://example.org/ok",
        "https://example.org/f2",
    ]
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert errors[0].startswith(f"{jsonl}, line 1: is 0.0 MB, more than the 0.0 MB an article")
    assert errors[1].startswith(f"{text}: is 0.0 MB, more than the 0.0 MB an article may be")
    assert errors[2].startswith(f"{feed} (item 1): has 0.0 MB of text, more than the")
    assert errors[3].startswith(f"{huge}: is 0.0 MB, more than the 0.0 MB a feed may be")


def test_a_long_line_is_passed_over_without_being_held(tmp_path: Path) -> None:
    # a line of 3 MB among good ones, with a limit of 1 MB: the others are read
    path = tmp_path / "a.jsonl"
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"url": "https://example.org/1", "text": "one"}) + "\n")
        out.write(json.dumps({"url": "https://example.org/2", "text": "w" * 3_000_000}) + "\n")
        out.write(json.dumps({"url": "https://example.org/3", "text": "three"}) + "\n")
    items = list(read_articles([path], limits=Limits(article_bytes=1 << 20)))
    assert [i.url if isinstance(i, Article) else str(i)[: len(str(path)) + 8] for i in items] == [
        "https://example.org/1",
        f"{path}, line 2",
        "https://example.org/3",
    ]


def test_fifos_devices_and_link_loops_are_named(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.jsonl"
    loop.symlink_to(tmp_path / "loop2.jsonl")
    (tmp_path / "loop2.jsonl").symlink_to(loop)
    missing = tmp_path / "none.jsonl"
    errors = [str(e) for e in read_articles([fifo, Path("/dev/zero"), loop, missing])]
    assert errors[0].startswith(f"{fifo}: is a named pipe (FIFO), not a file")
    assert errors[1].startswith("/dev/zero: is a device, not a file")
    assert errors[2].startswith(f"{loop}: is a loop of symbolic links")
    assert errors[3] == f"{missing}: does not exist"


def test_a_folder_with_a_fifo_and_a_link_loop_names_both(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    _write_jsonl(folder / "sub" / "a.jsonl", [json.dumps({"url": "https://e.org/a", "text": "a"})])
    os.mkfifo(folder / "pipe.jsonl")
    (folder / "sub" / "back").symlink_to(folder)
    (folder / "x.jsonl").symlink_to(folder / "y.jsonl")
    (folder / "y.jsonl").symlink_to(folder / "x.jsonl")
    items = list(read_articles([folder]))
    assert [i.url for i in items if isinstance(i, Article)] == ["https://e.org/a"]
    errors = sorted(str(i) for i in items if isinstance(i, InputError))
    assert errors == [
        f"{folder / 'pipe.jsonl'}: is a named pipe (FIFO), not a file; save the articles to a "
        "file and give that",
        f"{folder / 'sub' / 'back'}: is a symbolic link to a folder read already (a loop)",
        f"{folder / 'x.jsonl'}: is a loop of symbolic links; point the link at a file or folder",
        f"{folder / 'y.jsonl'}: is a loop of symbolic links; point the link at a file or folder",
    ]


def test_an_unreadable_folder_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    _write_jsonl(folder / "a.jsonl", [json.dumps({"url": "https://e.org/a", "text": "a"})])
    # Not a folder any user can list: a regular file where a folder name points, seen through
    # a link to it as a folder ("Not a directory"), which even root cannot read.
    (folder / "locked").rmdir()
    (folder / "locked").write_text("", encoding="utf-8")
    (folder / "as-folder").symlink_to(folder / "locked" / "sub")
    if os.geteuid() != 0:  # a folder its user may not list (root lists every folder)
        (folder / "private").mkdir(mode=0)
    items = list(read_articles([folder]))
    assert [i.url for i in items if isinstance(i, Article)] == ["https://e.org/a"]
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert f"{folder / 'as-folder'}: cannot be read: Not a directory" in errors
    if os.geteuid() != 0:
        assert f"{folder / 'private'}: cannot be read: Permission denied" in errors


def test_a_page_declaring_windows_1256_is_decoded(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
        b"</head><body><p>"
        + "\N{ARABIC LETTER PEH}\N{ARABIC LETTER YEH}\N{ARABIC LETTER WAW}\N{ARABIC LETTER NOON}\N{ARABIC LETTER DAL}".encode(
            "cp1256"
        )
        + b"</p></body></html>"
    )
    (article,) = list(read_articles([page]))
    assert isinstance(article, Article), str(article)
    assert "\N{ARABIC LETTER PEH}\N{ARABIC LETTER YEH}\N{ARABIC LETTER WAW}" in article.text


def test_a_page_of_unclosed_tags_is_read_whole() -> None:
    # 100,000 unclosed tags, then end tags of nothing open: read in one pass (the time it takes
    # is measured in bench/hostile.py)
    page = "<html><body>" + "<div><span>" * 50_000 + "word" + "</p>" * 100_000 + "</body></html>"
    article = html_article(page, source="page.html", url="https://example.org/p")
    assert article.text == "word"
