"""The interface words the browser's scripts show, as JSON in every page.

``<script type="application/json" id="handbook-words">`` in the ``<head>``: a
data block, never run (so the CSP has nothing to allow), read once by
``assets/handbook/words.mjs``. In the head, Material's instant navigation
keeps it from the first page: the words are the same on every page of a site.
"""

from __future__ import annotations

import json

from incident_engine import words
from incident_engine.model import Handbook

ELEMENT_ID = "handbook-words"


def words_json(hb: Handbook) -> str:
    """The words as JSON safe inside a <script> element (no ``<``, so no ``</script>``)."""
    data = json.dumps(words.browser_words(hb.words), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return data.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def tag(hb: Handbook) -> str:
    return f'<script type="application/json" id="{ELEMENT_ID}">{words_json(hb)}</script>'


def add_to(output: str, hb: Handbook) -> str:
    """The page with the words in its <head> (once)."""
    if f'id="{ELEMENT_ID}"' in output:
        return output
    return output.replace("</head>", tag(hb) + "</head>", 1)
