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
