"""Build hook: compile the pure core's text, extraction and mapping modules with mypyc.

Everything else about the package is in pyproject.toml. A wheel (``pip install .``) carries
these modules as C extensions, about a third faster than the same code interpreted; the Python
sources stay beside them. An editable install (``pip install -e .``, the development set-up)
never compiles, so that an edited module takes effect at once; ``PAYVAND_COMPILE=0`` builds a
pure-Python wheel. Only the commands that build (a wheel, ``build_ext``) compile: pip's earlier
steps, which only read the metadata, do not.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import setup

COMPILED_PACKAGES = ("text", "extract", "mapping")


def _compiled_modules() -> list[str]:
    root = Path(__file__).resolve().parent / "src" / "payvand"
    return [
        str(path.relative_to(root.parents[1]))
        for package in COMPILED_PACKAGES
        for path in sorted((root / package).glob("*.py"))
        if path.name != "__init__.py"
    ]


# The setup commands that build extension modules (an editable install runs "editable_wheel").
_BUILDS = frozenset({"bdist_wheel", "build", "build_ext", "install"})


def _wants_compiling() -> bool:
    setting = os.environ.get("PAYVAND_COMPILE", "").strip()
    if setting not in ("", "0", "1"):
        sys.exit(f"PAYVAND_COMPILE must be 0 or 1, not {setting!r}")
    return setting != "0" and not _BUILDS.isdisjoint(sys.argv[1:])


def _extensions() -> list[object]:
    if not _wants_compiling():
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        sys.exit("compiling payvand needs mypy (pip install mypy), or PAYVAND_COMPILE=0")
    os.chdir(Path(__file__).resolve().parent)
    return list(mypycify(["--config-file", "pyproject.toml", *_compiled_modules()], opt_level="3"))


setup(ext_modules=_extensions())
