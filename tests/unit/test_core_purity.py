"""The core runs in the browser: standard library only, and every content file names its schema."""

from __future__ import annotations

import re
import subprocess
import sys

from incident_engine.schema import schema_kinds
from tests.conftest import ROOT

CORE = ROOT / "plugins" / "incident_engine"


def test_the_core_imports_without_mkdocs_yaml_or_the_adapter():
    modules = sorted(p.stem for p in CORE.glob("*.py") if p.stem != "__init__")
    code = (
        "import sys\n"
        "for banned in ('mkdocs', 'yaml', 'jinja2', 'markdown', 'incident_handbook'):\n"
        "    sys.modules[banned] = None  # any import of these now fails\n"
        f"for name in {modules!r}:\n"
        "    __import__('incident_engine.' + name)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT / "plugins")
    assert result.stdout.strip() == "ok", result.stderr


def test_every_content_file_names_its_schema_for_editors():
    for path in sorted((ROOT / "checklists").rglob("*.yml")):
        first = path.read_text("utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path}: first line must be '# yaml-language-server: $schema=…'"
        schema = (path.parent / match.group(1)).resolve()
        assert schema.is_file(), f"{path}: {match.group(1)} does not exist"
        kind = re.search(r"^kind: (\S+)$", path.read_text("utf-8"), re.M).group(1)
        assert schema.name == f"{kind}.schema.json" and kind in schema_kinds(), path
