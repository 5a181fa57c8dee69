"""Shared fixtures: a small fixture site, and building a site into tmp_path."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from incident_handbook.local_site import build_site  # noqa: F401 - the tests import it from here

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_SITE = Path(__file__).parent / "fixtures" / "site"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def copy_site(dest: Path, overlay: Path | None = None) -> Path:
    """A copy of the fixture site, with the files of ``overlay`` laid over it."""
    shutil.copytree(FIXTURE_SITE, dest)
    # The wizards need the Pyodide runtime that `npm ci` put next to the real site.
    config = dest / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - handbook\n", f"  - handbook:\n      runtime_root: {ROOT}\n"))
    if overlay is not None:
        for path in overlay.rglob("*"):
            if path.is_file() and path.name != "expected.txt":
                target = dest / path.relative_to(overlay)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, target)
    return dest


@pytest.fixture
def fixture_site(tmp_path: Path) -> Path:
    return copy_site(tmp_path / "project")
