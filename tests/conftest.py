"""Shared fixtures: a small fixture site, and building a site into tmp_path."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

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


def build_site(project: Path, out: Path, site_url: str | None = None) -> Path:
    """Build the MkDocs project at ``project`` into ``out`` (as ``mkdocs build --strict``).

    ``site_url`` should be where the site will be served: Material's instant
    navigation only takes over links to the host and port of its sitemap.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    extra = {"site_url": site_url} if site_url else {}
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(out), strict=True, **extra)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return out


@pytest.fixture
def fixture_site(tmp_path: Path) -> Path:
    return copy_site(tmp_path / "project")
