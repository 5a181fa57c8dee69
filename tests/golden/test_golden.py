"""Golden tests: each folder here is a mistake laid over the fixture site.

The build must fail before writing anything, with exactly the lines in the
folder's ``expected.txt``. Set ``UPDATE_GOLDEN=1`` to rewrite them (then read
the diff: a golden file is only as good as its review).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from incident_handbook.local_site import build_site
from tests.conftest import copy_site

CASES = sorted(p for p in Path(__file__).parent.iterdir() if p.is_dir() and not p.name.startswith("__"))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_content_is_reported_with_file_line_and_fix(case: Path, tmp_path: Path, caplog) -> None:
    project = copy_site(tmp_path / "project", case)
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("an earlier build")
    # Not conftest's build_site: these builds stop at the content, before the Pyodide cache that its
    # lock guards, so they run while another process makes that cache (a fresh clone's first build).
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        build_site(project, out)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1, errors
    report = errors[0].strip() + "\n"
    expected = case / "expected.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(report)
    assert report == expected.read_text()
    assert "Traceback" not in report
    assert [p.name for p in out.iterdir()] == ["keep.txt"], "nothing may be written when the content is wrong"
