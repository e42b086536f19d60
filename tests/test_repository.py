"""The repository stands on its own: a clone builds, runs and tests with nothing beside it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, W3C_SUITE

# A path into a folder beside the checkout: "../" then the folder, or a Path built from the parent.
SIBLING = re.compile(r"\.\./" + "shared" + r"|parents?(\[\d\])?\s*/\s*[\"']" + "shared" + r"[\"']")
CHECKED = ("src", "tests", "scripts", "bench", ".ci", "Makefile", "pyproject.toml", "setup.py")


def _tracked_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [ROOT / name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def test_nothing_reads_a_folder_beside_the_checkout() -> None:
    offenders = []
    for path in _tracked_files():
        relative = path.relative_to(ROOT)
        if relative.parts[0] not in CHECKED or path.suffix in (".nt", ".ttl", ".json"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        offenders += [
            f"{relative}:{number}: {line.strip()}"
            for number, line in enumerate(text.splitlines(), 1)
            if SIBLING.search(line)
        ]
    assert offenders == []


def test_the_w3c_manifests_are_vendored_with_their_licence() -> None:
    assert W3C_SUITE.is_relative_to(ROOT / "tests")
    assert "W3C" in (W3C_SUITE / "LICENSE.md").read_text(encoding="utf-8")
    readme = (W3C_SUITE / "README.md").read_text(encoding="utf-8")
    assert "https://github.com/w3c/rdf-tests" in readme
    assert "testsuite-copyright" in readme


@pytest.mark.integration
def test_a_copy_of_the_repository_alone_collects_every_test(tmp_path: Path) -> None:
    # A clone somewhere else: the checkout's files and nothing beside them.
    clone = tmp_path / "elsewhere" / "payvand"
    for path in _tracked_files():
        target = clone / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=clone,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert collected.returncode == 0, collected.stdout[-3000:] + collected.stderr[-3000:]
    assert "test_w3c.py::test_protocol" in collected.stdout
