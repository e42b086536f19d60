"""The SPARQL editor page: YASGUI (from npm, served under /assets) with Payvand's prefixes and one
tab per query of ``queries/*.rq`` (the named queries) and ``queries/examples/*.rq``, titled and
described in the page's language; the internal views and lookups (``queries/views/``) are not
shown."""

from __future__ import annotations

import html
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import parse_qsl

from payvand.config import Settings
from payvand.errors import InputError
from payvand.namespaces import PREFIXES
from payvand.store.queries import NamedQuery, bind, load_queries, parse_query

YASGUI = "/assets/@zazuko/yasgui/build"
DEFAULT_QUERY = (
    "# The project's prefixes (pv:, schema:, org:, rdfs:, wd: …) need no PREFIX line.\n"
    "SELECT ?person ?name WHERE {\n  ?person a pv:Person ; rdfs:label ?name .\n} LIMIT 20\n"
)
# The words of the page, by language.
WORDS = {
    "en": {
        "lead": "Query the graph with SPARQL 1.1. Endpoint:",
        "tabs": "One tab per example and named query; a named query's parameters are set to its "
        "example in a VALUES row.",
    },
    "fa": {
        "lead": "پرس‌وجو از گراف با SPARQL 1.1. نشانی:",
        "tabs": "هر نمونه و هر پرس‌وجوی نام‌دار در یک زبانه؛ پارامترهای پرس‌وجوی نام‌دار در یک ردیف "
        "VALUES با مقدار نمونه‌اش پر شده‌اند.",
    },
}


@dataclass(frozen=True, slots=True)
class EditorTab:
    name: str  # the file name without .rq, relative to queries/
    title: str
    description: str
    query: str  # the query without its header comment, parameters bound to the example


def _without_header(text: str) -> str:
    """``text`` without the comment lines (and blank lines) it starts with."""
    lines = text.splitlines(keepends=True)
    start = 0
    while start < len(lines) and (lines[start].startswith("#") or not lines[start].strip()):
        start += 1
    return "".join(lines[start:])


def _tab(name: str, query: NamedQuery, lang: str, base: str) -> EditorTab:
    example = dict(parse_qsl(query.example, keep_blank_values=True))
    try:
        text = bind(query, example, base=base)
    except InputError:
        text = query.sparql  # an example that does not bind is shown unbound
    return EditorTab(
        name,
        query.title.get(lang) or query.title["en"],
        query.description.get(lang) or query.description["en"],
        _without_header(text),
    )


def read_tabs(queries_dir: Path, *, lang: str, base: str) -> list[EditorTab]:
    """The examples of ``queries_dir/examples``, then the named queries, each sorted by name."""
    tabs: list[EditorTab] = []
    examples = queries_dir / "examples"
    for path in sorted(examples.glob("*.rq")) if examples.is_dir() else []:
        name = f"examples/{path.stem}"
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"cannot be read: {err}", source=str(path)) from err
        tabs.append(_tab(name, parse_query(text, name, source=str(path)), lang, base))
    tabs += [_tab(n, q, lang, base) for n, q in sorted(load_queries(queries_dir).items())]
    return tabs


def _json_for_script(value: object) -> str:
    """JSON that is safe inside <script> (no '</' can close it)."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def editor_page(settings: Settings, endpoint: str, *, lang: str = "en") -> str:
    """The HTML of the query page for ``endpoint``, in ``lang`` (fa or en)."""
    tabs = read_tabs(settings.queries_dir, lang=lang, base=settings.base_iri)
    config = {
        "endpoint": endpoint,
        "prefixes": dict(PREFIXES),
        "defaultQuery": DEFAULT_QUERY,
        "examples": [asdict(t) for t in tabs],
    }
    words = WORDS.get(lang, WORDS["en"])
    direction = "rtl" if lang == "fa" else "ltr"
    return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Payvand — SPARQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{YASGUI}/yasgui.min.css">
<link rel="stylesheet" href="/static/payvand.css">
<link rel="stylesheet" href="/static/sparql.css">
</head>
<body class="sparql-page">
<header class="site"><a class="brand" href="/">Payvand <span lang="fa">پیوند</span></a>
<a href="/">Explore</a> <a href="/sparql">SPARQL</a> <a href="/docs">API</a>
<p dir="{direction}">{html.escape(words["lead"])} <code dir="ltr">{html.escape(endpoint)}</code></p>
</header>
<p id="query-description" dir="{direction}" title="{html.escape(words["tabs"])}"></p>
<main><div id="yasgui"></div></main>
<script type="application/json" id="payvand-config">{_json_for_script(config)}</script>
<script src="{YASGUI}/yasgui.min.js"></script>
<script src="/static/sparql.js"></script>
</body>
</html>
"""
