"""The ``handbook`` MkDocs plugin: a thin adapter around ``incident_engine``."""

from __future__ import annotations

import html
import json
from pathlib import Path

from markupsafe import Markup
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

import incident_engine
from incident_engine import inline
from incident_engine.decision import record_words, tree_to_dict
from incident_engine.model import Handbook
from incident_engine.problems import ContentError, ProblemList

from . import csp, directives, fragments, offline, page_words, precompress, pyodide_runtime, registry, wizard
from .config import HandbookConfig
from .links import Here
from .loading import load_handbook

log = get_plugin_logger(__name__)
ASSETS = Path(__file__).parent / "assets"
REQUIRED_EXTENSIONS = ("attr_list", "toc")


def plain_titles(nav):
    """Navigation titles from content, as plain words, HTML-escaped.

    Theme templates print nav titles as they are, so a name from the YAML
    must reach them as text, never as markup (see test_hostile_content).
    """
    if isinstance(nav, list):
        return [plain_titles(entry) for entry in nav]
    if isinstance(nav, dict):
        return {html.escape(inline.to_plain(k), quote=False): plain_titles(v) for k, v in nav.items()}
    return nav


def theme_fixes(output: str) -> str:
    """Narrow repairs to Material's markup, for every HTML page the build writes (404 included)."""
    # Material's search overlay is a dialog without a name (axe: aria-dialog-name).
    output = output.replace('<div class="md-search" data-md-component="search" role="dialog">',
                            '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">', 1)
    # On a page outside the navigation (the maintainers' pages) the table of contents' title labels
    # the toggle that only the navigation renders (HTML checker: label for a missing control).
    if 'id="__toc"' not in output:
        output = output.replace('<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">', 1)
    return output


def for_maintainers(path: Path) -> bool:
    """A hand-written page kept out of search (front matter ``search: {exclude: true}``) is for
    maintainers: the default navigation, which is the readers', leaves it out too."""
    _, meta = get_data(path.read_text("utf-8"))
    search = meta.get("search") if isinstance(meta, dict) else None
    return isinstance(search, dict) and bool(search.get("exclude"))


def search_languages(config: MkDocsConfig) -> list:
    """The languages the site's search indexes (the search plugin's ``lang``, else the theme's language)."""
    search = config.plugins.get("search") or config.plugins.get("material/search")
    lang = getattr(getattr(search, "config", None), "lang", None) if search else None
    if isinstance(lang, str):
        lang = [lang]
    return list(lang or [config.theme.get("language") or "en"])


class HandbookPlugin(BasePlugin[HandbookConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self._forget_the_last_build()

    def _forget_the_last_build(self) -> None:
        # MkDocs keeps one instance of a plugin per process (`mkdocs serve` reloads, tests that build
        # twice): what one build learnt from its config must not reach the next.
        self.handbook: Handbook | None = None
        self.pages: list[registry.GeneratedPage] = []  # every page made from the content, made once in on_config
        self.content_dir: Path | None = None
        self.pyodide_dir: Path | None = None
        self.cache_dir: Path | None = None
        self.directory_urls = True  # the site's use_directory_urls, read in on_config
        self.warming = None  # the background compression of the runtime's files (precompress.warm)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    # -- configuration: load and check everything before anything is written --

    # Early (Material's plugins use 50 too): a content mistake stops the build before other plugins
    # do any work, and the nav, styles and scripts we add are in the config before they read it.
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self._forget_the_last_build()
        if not self.config.enabled:
            return None
        root = Path(config.config_file_path or ".").resolve().parent
        self.content_dir = (root / self.config.content_dir).resolve()
        try:
            self.handbook = load_handbook(self.content_dir, root)
        except ContentError as exc:
            raise PluginError(str(exc)) from None
        if self.config.wizards and self.handbook.trees:
            runtime_root = (root / self.config.runtime_root).resolve() if self.config.runtime_root else root
            try:
                self.pyodide_dir = pyodide_runtime.find_pyodide(runtime_root)
            except pyodide_runtime.PyodideRuntimeError as exc:
                raise PluginError(f"handbook: the wizards need the Pyodide runtime: {exc}") from None
            self.cache_dir = runtime_root / ".cache" / "pyodide"
            if self.config.precompress and not self.serving:
                # Half a minute of brotli for the wasm on a fresh clone: let it run while the pages are made.
                self.warming = precompress.warm([self.pyodide_dir / name for name in pyodide_runtime.PYODIDE_FILES],
                                                self.cache_dir.parent / "precompressed")
        self.directory_urls = config.use_directory_urls
        self.pages = registry.build(self.handbook, directory_urls=self.directory_urls, pdfs=self.config.runbook_pdfs)
        self._check_hand_written(config, root)
        front = self.handbook.front
        # The handbook file names the site (mkdocs.yml's site_name is only a placeholder MkDocs requires).
        # Theme templates print both as they are (in attributes too) or through Jinja's `e` filter: plain
        # words, escaped once, marked as markup so the filter leaves them be.
        config.site_name = Markup(html.escape(inline.to_plain(front.site_name or front.title), quote=True))
        config.site_description = Markup(html.escape(inline.to_plain(front.description or front.audience), quote=True))
        for ext in REQUIRED_EXTENSIONS:
            if ext not in config.markdown_extensions:
                config.markdown_extensions.append(ext)
        # Ours first, so a site's own extra_css can override them.
        styles = sorted(p.name for p in (ASSETS / "handbook").glob("*.css"))
        config.extra_css[:0] = [f"assets/handbook/{name}" for name in styles]
        script = ExtraScriptValue("assets/handbook/handbook.mjs")
        script.type = "module"
        config.extra_javascript.append(script)
        if self.config.nav and config.nav is None:
            config.nav = self.default_nav(config)
        return config

    def _check_hand_written(self, config: MkDocsConfig, root: Path) -> None:
        """Expand every ``handbook`` block once now, so a bad one stops the build early (those of the
        content's pages too), and find generated pages that would share an address."""
        problems = ProblemList()
        docs = Path(config.docs_dir)
        hand_written = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
        shown = docs.relative_to(root).as_posix() if docs.is_relative_to(root) else str(docs)
        registry.check(self.handbook, self.pages, problems, hand_written, shown)
        for path in sorted(docs.rglob("*.md")):
            display = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
            here = Here(path.relative_to(docs).with_suffix("").as_posix(), config.use_directory_urls)
            directives.expand(path.read_text("utf-8"), self.handbook, here, display, problems)
        if problems:
            raise PluginError(problems.report())

    def default_nav(self, config: MkDocsConfig) -> list:
        generated = {page.src for page in self.pages}
        extra = sorted(p.relative_to(config.docs_dir).as_posix() for p in Path(config.docs_dir).rglob("*.md")
                       if not for_maintainers(p))
        return plain_titles(registry.nav(self.handbook, self.pages, [p for p in extra if p not in generated]))

    # -- files and pages ----------------------------------------------------

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        for page in self.pages:
            if files.get_file_from_path(page.src) is None:  # a hand-written page of the same name wins
                files.append(File.generated(config, page.src, content=page.markdown))
        for path in sorted(ASSETS.rglob("*")):
            if path.is_file():
                uri = path.relative_to(ASSETS.parent).as_posix()
                if files.get_file_from_path(uri) is None:
                    files.append(File.generated(config, uri, abs_src_path=str(path)))
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return None
        problems = ProblemList()
        here = Here(page.file.src_uri.removesuffix(".md"), config.use_directory_urls)
        out = directives.expand(markdown, self.handbook, here, page.file.src_uri, problems,
                                wizard=wizard.widget_html if self.config.wizards else None)
        if problems:
            raise PluginError(problems.report())
        return out

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or fragments.CHECKLIST_TAG not in html:
            return None
        # The checklists' toolbar, once a page however many checklists it has (checklist-toolbar.mjs clones it).
        here = Here(page.file.src_uri.removesuffix(".md"), config.use_directory_urls)
        return html + fragments.toolbar_html(self.handbook, fragments.Render(here))

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        output = page_words.add_to(theme_fixes(output), self.handbook)  # the words the scripts show
        if self.pyodide_dir is not None and wizard.MARKER in output:
            here = Here(page.file.src_uri.removesuffix(".md"), config.use_directory_urls)
            output = output.replace("</head>", wizard.head_tags(here) + "</head>", 1)
        return output

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        # 404.html is a theme template, not a page: on_post_page never sees it.
        if not template_name.endswith(".html"):
            return output_content
        return page_words.add_to(theme_fixes(output_content), self.handbook)

    @event_priority(-100)  # last: the service worker and the CSP list every file of the build
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        site = Path(config.site_dir)
        if self.pyodide_dir is not None:
            self._add_runtime(site / "assets" / "handbook")
        offline.write_service_worker(site, offline=not self.serving, languages=search_languages(config))
        csp.write_headers(site)
        if self.config.precompress and not self.serving:  # `mkdocs serve` compresses nothing anyway
            root = self.cache_dir.parent if self.cache_dir else Path(config.config_file_path or ".").parent / ".cache"
            try:
                report = precompress.precompress(site, root / "precompressed", self.warming)
            except precompress.PrecompressFailed as exc:
                raise PluginError(f"handbook: {exc}") from None
            if report:
                log.info("precompressed %s files: %.1f MB, %.1f MB brotli, %.1f MB gzip", report["files"],
                         report["bytes"] / 1e6, report["br"] / 1e6, report["gz"] / 1e6)

    def on_build_error(self, *, error: Exception) -> None:
        # A failed build leaves no compression running behind it (what it finished stays in the cache).
        if self.warming is not None and self.warming.poll() is None:
            self.warming.kill()
            self.warming.wait()

    def _add_runtime(self, assets: Path) -> None:
        """Put the Pyodide runtime and the precompiled engine next to the wizard script."""
        try:
            engine_dir = Path(incident_engine.__file__).parent
            engine = pyodide_runtime.precompiled_engine(self.pyodide_dir, engine_dir, self.cache_dir)
            trees = self.trees_json()
            stdlib, engine = pyodide_runtime.trimmed_runtime(self.pyodide_dir, engine, trees, self.cache_dir)
            snapshot = (pyodide_runtime.memory_snapshot(self.pyodide_dir, stdlib, self.cache_dir)
                        if self.config.engine_snapshot else None)
            pyodide_runtime.copy_runtime(self.pyodide_dir, stdlib, assets / pyodide_runtime.RUNTIME_DIRNAME,
                                         engine=engine, trees_json=trees, snapshot=snapshot)
        except pyodide_runtime.PyodideRuntimeError as exc:
            raise PluginError(f"handbook: could not prepare the Pyodide runtime: {exc}") from None

    def trees_json(self) -> str:
        """Every decision tree, as the worker sets them up once (``incident_engine.browser.new_session``)."""
        trees = [tree_to_dict(tree) for tree in self.handbook.trees.values()]
        return json.dumps({"trees": trees, "words": record_words(self.handbook.words)}, ensure_ascii=False,
                          separators=(",", ":"))

    def on_serve(self, server, /, *, config: MkDocsConfig, builder):
        if self.config.enabled and self.content_dir is not None:
            server.watch(str(self.content_dir))
        return server
