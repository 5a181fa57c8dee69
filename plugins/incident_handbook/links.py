"""Where generated pages live and how they link to each other.

Page keys are source paths without ``.md`` (``roles/comms-lead``). Content is
emitted as finished HTML, which MkDocs does not rewrite, so links here are
the final relative URLs; the test suite checks that every one resolves. How
the site forms URLs travels with the page a link is made from (``Here``), not
in a setting of this module. The links themselves, as HTML, are made by
``fragments``.
"""

from __future__ import annotations

import html
import posixpath

# The keys of the pages the plugin makes whatever the content; the prose pages' keys are their ids
# (``Handbook.prose_pages``), every page's place in the navigation is in ``registry``.
HOME = "index"
ROLES_DIR = "roles"
WIZARDS_DIR = "wizards"
RUNBOOKS_DIR = "runbooks"
ROLES_INDEX = f"{ROLES_DIR}/index"
DECISION_TABLE = f"{WIZARDS_DIR}/decision-table"
RUNBOOKS_INDEX = f"{RUNBOOKS_DIR}/index"
INCIDENT_PAGE = "incident"


def src(page: str) -> str:
    """The source path of a page key: ``roles/comms-lead`` -> ``roles/comms-lead.md``."""
    return f"{page}.md"


class Here(str):
    """The page a link is made from: its key (``roles/comms-lead``), and how the site forms URLs.

    MkDocs' ``use_directory_urls`` decides whether a page is ``roles/comms-lead/``
    or ``roles/comms-lead.html``; the plugin makes each page's ``Here`` with the
    site's setting, and every link made from that page follows it. A plain
    ``str`` key is a page of a site with MkDocs' default (directory URLs).
    """

    use_directory_urls: bool

    def __new__(cls, page: str, use_directory_urls: bool = True) -> Here:
        here = super().__new__(cls, page)
        here.use_directory_urls = use_directory_urls
        return here


def directory_urls(here: str) -> bool:
    """Whether the site of ``here`` uses directory URLs (MkDocs' default for a plain key)."""
    return getattr(here, "use_directory_urls", True)


def url(page: str) -> str:
    """The URL of a page key, relative to the site root, as MkDocs makes it."""
    if not directory_urls(page):
        return f"{page}.html"
    if page == "index":
        return ""
    if page.endswith("/index"):
        return page[: -len("index")]
    return f"{page}/"


def link(here: str, page: str, anchor: str = "") -> str:
    """A relative link from one page key to another (and an optional anchor)."""
    fragment = f"#{anchor}" if anchor else ""
    if page == here:
        return fragment or "./"
    directories = directory_urls(here)
    base = url(here).rstrip("/") if directories else posixpath.dirname(url(here))
    target = url(Here(page, directories))
    rel = posixpath.relpath(target or ".", base or ".")
    if directories and rel != "." and not rel.endswith("/"):
        rel += "/"
    if rel == ".":
        rel = "./"
    return rel + fragment


def asset(here: str, path: str) -> str:
    """A relative URL from a page to a file of the site, e.g. ``assets/handbook/x.mjs``."""
    base = url(here)
    base = base.rstrip("/") if directory_urls(here) else posixpath.dirname(base)
    return posixpath.relpath(path, base or ".")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def role_page(role_id: str) -> str:
    return f"{ROLES_DIR}/{role_id}"


def tree_page(tree_id: str) -> str:
    return f"{WIZARDS_DIR}/{tree_id}"


def runbook_page(role_id: str) -> str:
    return f"{RUNBOOKS_DIR}/{role_id}"
