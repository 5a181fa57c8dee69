"""Fragments are made finished for their page: links print their address and ids take their prefix as they are made."""

from __future__ import annotations

import ast

from incident_handbook.fragments import Render, basis, checklist_html, role_link
from tests.conftest import ROOT
from tests.handbook_content import HANDBOOK

ADAPTER = ROOT / "plugins" / "incident_handbook"


def _imports(module: str) -> set:
    tree = ast.parse((ADAPTER / f"{module}.py").read_text("utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            out |= {node.module} if node.module else {a.name for a in node.names}
    return out


def test_only_the_registry_imports_the_page_builders():
    """Pages, runbooks and ``handbook`` blocks share fragments, not each other."""
    importers = {p.stem for p in ADAPTER.glob("*.py") if "pages" in _imports(p.stem)}
    assert importers == {"registry"}
    for module in ("pages", "runbooks", "directives"):
        assert not _imports(module) & {"pages", "runbooks", "directives"} - {module}, module
        assert "fragments" in _imports(module), module


def test_web_fragments_print_no_address_and_keep_their_ids():
    role = next(r for r in HANDBOOK.roles.values() if r.checklists and r.checklists[0].items)
    html = checklist_html(HANDBOOK, Render(f"roles/{role.id}"), role, role.checklists[0])
    assert "handbook-runbook-address" not in html
    assert f'id="handbook-{role.id}-{role.checklists[0].items[0].id}"' in html


def test_printed_fragments_take_their_prefix_and_their_addresses_when_made():
    role = next(r for r in HANDBOOK.roles.values() if r.checklists and r.checklists[0].items)
    r = Render("runbooks/index", print_addresses=True, id_prefix=f"{role.id}--")
    html = checklist_html(HANDBOOK, r, role, role.checklists[0])
    box = f"{role.id}--handbook-{role.id}-{role.checklists[0].items[0].id}"
    assert f'id="{box}"' in html and f'for="{box}"' in html
    assert r.text("[a](#x) [b](https://b.example) [https://c.example](https://c.example) [d](/teams)") == (
        f'<a href="#{role.id}--x">a</a> '
        '<a href="https://b.example">b</a><span class="handbook-runbook-address"> (https://b.example)</span> '
        '<a href="https://c.example">https://c.example</a> <a href="/teams">d</a>')
    # a role's name names its page: nothing to add; a quoted passage names the page and the passage
    assert "handbook-runbook-address" not in role_link(HANDBOOK, r, role.id)
    ref = next(p.id for p in HANDBOOK.passages.values() if p.page == f"roles/{role.id}")
    assert "(see " in basis(HANDBOOK, r, ref, "From the handbook")
