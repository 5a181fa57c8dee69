"""Read every content file under the content folder into one ``Handbook``."""

from __future__ import annotations

import os
from pathlib import Path

from incident_engine.content import Doc, assemble
from incident_engine.model import Handbook
from incident_engine.problems import ContentError, ProblemList

from . import yaml_source


def content_files(content_dir: Path) -> list:
    """The YAML files of the handbook, in a stable order."""
    files = [p for p in content_dir.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file()]
    return sorted(files, key=lambda p: p.relative_to(content_dir).as_posix())


def load_handbook(content_dir: Path, display_root: Path | None = None) -> Handbook:
    """Load and check the handbook; raise ``ContentError`` listing every problem."""
    problems = ProblemList()
    if not content_dir.is_dir():
        problems.add_at(str(content_dir), 1, 1, "", "the content folder does not exist")
        raise ContentError(problems)
    root = display_root or Path.cwd()
    docs = []
    unread = 0
    for path in content_files(content_dir):
        try:
            display = os.path.relpath(path, root)
        except ValueError:  # another drive on Windows
            display = str(path)
        display = Path(display).as_posix()
        source = yaml_source.read(path, display, problems)
        if source is None:
            unread += 1
        else:
            docs.append(Doc(source.path, source.data, source.where, source.raw))
    if not docs and not problems:
        problems.add_at(str(content_dir), 1, 1, "", "no .yml files found")
    handbook = assemble(docs, problems, all_read=not unread)
    if problems or handbook is None:
        raise ContentError(problems)
    return handbook
