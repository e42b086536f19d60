"""Static files: the project's own pages and the front-end libraries installed from npm.

``/assets/<package>/<path>`` serves ``node_modules/<package>/<path>`` (YASGUI, Cytoscape.js), which
``make`` installs from the npm registry; ``/static/<path>`` serves ``src/payvand/web/static``.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).resolve().parent / "static"


def mount_assets(app: FastAPI, node_modules: Path) -> None:
    """Serve the npm libraries (when installed) and the project's static files."""
    if node_modules.is_dir():
        app.mount("/assets", StaticFiles(directory=node_modules), name="assets")
    if STATIC_DIR.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
