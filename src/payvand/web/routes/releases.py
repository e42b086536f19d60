"""/releases: the releases the server was given (``payvand serve --releases DIR``), each with
its description and files, and the files themselves.

``/releases/VERSION`` is where a release's IRI (``…/payvand/releases/VERSION``) lands: its VoID
and DCAT description as Turtle, or its ``release.json`` with links as JSON, or a page.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

from payvand.config import Settings
from payvand.errors import NotFoundError
from payvand.publishing import PublishedRelease, list_releases
from payvand.web.negotiation import MediaChoice
from payvand.web.protocol import choose
from payvand.web.routing import ThreadRoute

router = APIRouter(route_class=ThreadRoute, tags=["releases"])

_LISTING = (MediaChoice("application/json"), MediaChoice("text/html"))
_RELEASE = (MediaChoice("text/turtle"), MediaChoice("application/json"), MediaChoice("text/html"))
_MEDIA = {
    ".gz": "application/gzip",
    ".ttl": "text/turtle; charset=utf-8",
    ".json": "application/json",
    ".md": "text/markdown; charset=utf-8",
    ".cff": "application/yaml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


def served_releases(settings: Settings) -> list[PublishedRelease]:
    """The releases under ``settings.releases_dir``; NotFoundError when the server has none."""
    if settings.releases_dir is None:
        raise NotFoundError("this server was given no releases (payvand serve --releases DIR)")
    return list_releases(settings.releases_dir)


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def release_entry(release: PublishedRelease, base: str) -> dict[str, object]:
    """A release's ``release.json`` with the URLs this server serves it and its files at."""
    url = f"{base}/releases/{release.version}"
    files = []
    for name in release.file_names():
        listed = _listed(release, name)
        files.append({**listed, "name": name, "url": f"{url}/{name}"})
    return {**release.description, "url": url, "void": f"{url}/void.ttl", "files": files}


def _listed(release: PublishedRelease, name: str) -> dict[str, object]:
    files = release.description.get("files")
    if isinstance(files, list):
        for entry in files:
            if isinstance(entry, dict) and entry.get("name") == name:
                return dict(entry)
    return {}


def _find(settings: Settings, version: str) -> PublishedRelease:
    for release in served_releases(settings):
        if release.version == version:
            return release
    raise NotFoundError(f"there is no release '{version}' here; GET /releases lists them")


def _page(title: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        '<!DOCTYPE html>\n<html lang="en" dir="ltr">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)} · Payvand</title>\n"
        '<link rel="stylesheet" href="/static/payvand.css">\n</head>\n<body>\n'
        f"<main>\n<h1>{escape(title)}</h1>\n{body}</main>\n</body>\n</html>\n"
    )


def _text(value: object, lang: str) -> str:
    return str(value.get(lang, "")) if isinstance(value, dict) else ""


def _release_html(entry: dict[str, object]) -> str:
    title, description, files = entry.get("title"), entry.get("description"), entry.get("files")
    rows = "".join(
        f'<li><a href="{escape(str(f["url"]))}">{escape(str(f["name"]))}</a>'
        + (
            f" ({f['bytes']} bytes, SHA-256 <code>{escape(str(f['sha256']))}</code>)"
            if "sha256" in f
            else ""
        )
        + "</li>\n"
        for f in (files if isinstance(files, list) else [])
        if isinstance(f, dict)
    )
    return (
        f'<section>\n<h2><a href="{escape(str(entry["url"]))}">{escape(str(entry["version"]))}</a>'
        f" · {escape(str(entry.get('issued', '')))}</h2>\n"
        f'<p lang="en">{escape(_text(title, "en"))}</p>\n'
        f'<p lang="en">{escape(_text(description, "en"))}</p>\n'
        f'<p lang="fa" dir="rtl">{escape(_text(title, "fa"))}</p>\n'
        f'<p lang="fa" dir="rtl">{escape(_text(description, "fa"))}</p>\n'
        f"<ul>\n{rows}</ul>\n</section>\n"
    )


@router.get(
    "/releases",
    summary="The releases of the data",
    description="Every release the server was given (payvand serve --releases DIR), the newest "
    "first, with its description in English and Persian, its counts, its SHACL verdict and "
    "its files (URL, size, SHA-256); JSON, or a page by Accept.",
    response_class=Response,
)
def releases(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    choice = choose(request.headers.get("accept"), _LISTING, "release lists")
    base = _base(request)
    entries = [release_entry(r, base) for r in served_releases(settings)]
    if choice.media_type == "text/html":
        return _page("Payvand releases", "".join(_release_html(e) for e in entries))
    return JSONResponse({"releases": entries})


@router.get(
    "/releases/{version}",
    summary="A release",
    description="The release's VoID and DCAT description (Turtle), its release.json with the "
    "URLs of its files (JSON), or a page, by Accept.",
    response_class=Response,
)
def release(version: str, request: Request) -> Response:
    settings: Settings = request.app.state.settings
    found = _find(settings, version)
    choice = choose(request.headers.get("accept"), _RELEASE, "releases")
    if choice.media_type == "text/turtle":
        return FileResponse(found.directory / "void.ttl", media_type=_MEDIA[".ttl"])
    entry = release_entry(found, _base(request))
    if choice.media_type == "text/html":
        return _page(f"Payvand {version}", _release_html(entry))
    return JSONResponse(entry)


@router.get(
    "/releases/{version}/{name}",
    summary="A file of a release",
    description="One of the files the release lists (dumps, description, report, citation, "
    "changes, checksums).",
    response_class=Response,
)
def release_file(version: str, name: str, request: Request) -> Response:
    settings: Settings = request.app.state.settings
    found = _find(settings, version)
    if name not in found.file_names():
        raise NotFoundError(
            f"release {version} has no file '{name}'; GET /releases/{version} lists its files"
        )
    path: Path = found.directory / name
    if not path.is_file():
        raise NotFoundError(f"the file '{name}' of release {version} is missing on the server")
    media = _MEDIA.get(path.suffix, "text/plain; charset=utf-8")
    return FileResponse(path, media_type=media, filename=name if path.suffix == ".gz" else None)
