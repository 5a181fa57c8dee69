"""Settings of the ``handbook`` plugin in ``mkdocs.yml``."""

from mkdocs.config import base
from mkdocs.config import config_options as c


class HandbookConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it from ``mkdocs.yml``."""
    content_dir = c.Type(str, default="checklists")
    """Folder of the YAML content, relative to ``mkdocs.yml``."""
    nav = c.Type(bool, default=True)
    """Build the navigation from the content when ``mkdocs.yml`` has no ``nav``."""
    wizards = c.Type(bool, default=True)
    """Interactive wizards (Pyodide in the browser). Off: trees show as static outlines only."""
    runtime_root = c.Optional(c.Type(str))
    """Folder with ``package.json`` and ``node_modules/pyodide``; default: next to ``mkdocs.yml``."""
    runbook_pdfs = c.Type(bool, default=False)
    """Link each runbook page to its PDFs. ``make pdf`` (``scripts/runbook_pdf.py``) turns it on, since
    it prints those PDFs after the build; a plain build has none, so it links to none."""
    engine_snapshot = c.Type(bool, default=True)
    """Ship a Pyodide memory snapshot made at build time for return visits: the worker uses it only
    once the service worker has it locally, only for the pinned Pyodide version it was made with
    (an undocumented Pyodide API), and boots normally if it fails. About 12 MB more to precache."""
    precompress = c.Type(bool, default=True)
    """Write ``.br`` and ``.gz`` copies beside every compressible file of the build (needs Node.js),
    for static hosts that serve them as they are (nginx ``brotli_static``/``gzip_static``)."""
