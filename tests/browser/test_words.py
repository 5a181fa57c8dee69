"""The scripts' words come from the page (<script type="application/json" id="handbook-words">).

With the element present they are the handbook's; should it be missing or
unreadable, the scripts still work and show each word's key instead.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import SHARED_CONTEXT
from tests.handbook_content import role_with_items, say

pytestmark = SHARED_CONTEXT  # see tests/browser/conftest.py

ROLE_PAGE = f"roles/{role_with_items().id}/"
WORDS = re.compile(r'<script type="application/json" id="handbook-words">.*?</script>', re.S)
BROKEN = {
    "missing": lambda body: WORDS.sub("", body),
    "corrupt": lambda body: WORDS.sub('<script type="application/json" id="handbook-words">{"oops</script>', body),
    "not an object": lambda body: WORDS.sub('<script type="application/json" id="handbook-words">[1]</script>', body),
}


def test_the_scripts_show_the_pages_words(page: Page, site_url: str, console_errors):
    page.goto(site_url + ROLE_PAGE)
    expect(page.get_by_role("button", name=say("checklist.copy_markdown"))).to_be_visible()
    expect(page.locator(".handbook-incident-hint").first).to_contain_text(say("checklist.hint"))
    assert console_errors == []


@pytest.mark.parametrize("how", BROKEN)
def test_without_readable_words_the_scripts_still_work(page: Page, site_url: str, how: str):
    def serve(route):
        response = route.fetch()
        route.fulfill(response=response, body=BROKEN[how](response.text()))

    page.route(site_url + ROLE_PAGE, serve)
    errors: list = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(site_url + ROLE_PAGE)
    assert page.locator("#handbook-words").count() == (0 if how == "missing" else 1)
    # The toolbar stands (its words are the build's, in its template); ticking still works and is
    # announced, in the scripts' words' keys.
    expect(page.get_by_role("button", name=say("checklist.copy_markdown"))).to_be_visible()
    first = page.locator("li.handbook-item input[type=checkbox]").first
    first.check()
    expect(first).to_be_checked()
    expect(page.locator(".handbook-phase-progress").first).to_have_text(re.compile(r"^checklist\.progress 1 \d+$"))
    assert errors == []
