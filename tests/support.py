"""What the tests share: ``incident_handbook.local_site`` (also the benchmarks' and scripts'), and a few
helpers that edit a copied fixture and read its built pages."""

import re
from pathlib import Path

from incident_handbook.local_site import (  # noqa: F401 - re-exported for the tests
    CHROMIUM,
    CHROMIUM_ARGS,
    QuietHandler,
    build_site,
    handler_with_headers,
    headers_from,
    serve,
)

# An init script that records each Content-Security-Policy violation of a page in window.__csp.
CSP_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def edit_files(project: Path, edits: dict) -> Path:
    """Apply ``{file: [(old, new), ...]}`` to a copied project; ``old`` is a string or a compiled pattern, and
    must be there (a fixture that changed under a test fails it, rather than leaving the edit undone)."""
    for name, pairs in edits.items():
        path = project / name
        text = path.read_text("utf-8")
        for old, new in pairs:
            if isinstance(old, re.Pattern):
                assert old.search(text), f"the fixture changed: {name}"
                text = old.sub(new, text)
            else:
                assert old in text, f"the fixture changed: {name} no longer has {old!r}"
                text = text.replace(old, new)
        path.write_text(text, "utf-8")
    return project


def read_page(site: Path, uri: str) -> str:
    """The HTML of a built page, by its directory (``""`` for the home page)."""
    return (site / uri / "index.html" if uri else site / "index.html").read_text("utf-8")


def contents(home: str) -> str:
    """The words of the home page's list of contents."""
    return re.sub(r"<[^>]+>", "", home.split('id="contents"')[1].split("</ul>")[0])
