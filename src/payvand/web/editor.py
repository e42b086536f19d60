"""The SPARQL editor page: YASGUI (from npm, served under /assets) with Payvand's prefixes and the
example queries of ``queries/`` preloaded, one tab each."""

from __future__ import annotations

import html
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from payvand.config import Settings
from payvand.namespaces import PREFIXES

YASGUI = "/assets/@zazuko/yasgui/build"
DEFAULT_QUERY = (
    "# The project's prefixes (pv:, schema:, org:, rdfs:, wd: …) need no PREFIX line.\n"
    "SELECT ?person ?name WHERE {\n  ?person a pv:Person ; rdfs:label ?name .\n} LIMIT 20\n"
)


@dataclass(frozen=True, slots=True)
class ExampleQuery:
    name: str  # the file name without .rq, relative to queries/
    title: str  # the first line of the header comment
    description: str  # the rest of the header comment
    query: str


def read_examples(queries_dir: Path) -> list[ExampleQuery]:
    """Every ``.rq`` file under ``queries_dir``, with its header comment, sorted by name."""
    if not queries_dir.is_dir():
        return []
    examples = []
    for path in sorted(queries_dir.rglob("*.rq")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # an unreadable file is left out of the page, not a reason to fail it
        header: list[str] = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            header.append(line.lstrip("#").strip())
        name = path.relative_to(queries_dir).with_suffix("").as_posix()
        title = header[0] if header and header[0] else name.replace("_", " ")
        examples.append(ExampleQuery(name, title, " ".join(h for h in header[1:] if h), text))
    return examples


def _json_for_script(value: object) -> str:
    """JSON that is safe inside <script> (no '</' can close it)."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def editor_page(settings: Settings, endpoint: str) -> str:
    """The HTML of the query page for ``endpoint``."""
    examples = read_examples(settings.queries_dir)
    config = {
        "endpoint": endpoint,
        "prefixes": dict(PREFIXES),
        "defaultQuery": DEFAULT_QUERY,
        "examples": [asdict(e) for e in examples],
    }
    items = "\n".join(
        f'<li><button type="button" class="example" data-name="{html.escape(e.name)}">'
        f"{html.escape(e.title)}</button> <span>{html.escape(e.description)}</span></li>"
        for e in examples
    )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Payvand — SPARQL</title>
<link rel="stylesheet" href="{YASGUI}/yasgui.min.css">
<link rel="stylesheet" href="/static/payvand.css">
<link rel="stylesheet" href="/static/sparql.css">
</head>
<body class="sparql-page">
<header class="site"><span class="brand">Payvand <span lang="fa">پیوند</span> — SPARQL</span>
<p>Query the graph with SPARQL 1.1. Endpoint: <code>{html.escape(endpoint)}</code></p></header>
<nav aria-label="Example queries"><h2>Examples</h2><ul id="examples">
{items}
</ul></nav>
<main><div id="yasgui"></div></main>
<script type="application/json" id="payvand-config">{_json_for_script(config)}</script>
<script src="{YASGUI}/yasgui.min.js"></script>
<script src="/static/sparql.js"></script>
</body>
</html>
"""
