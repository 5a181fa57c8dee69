"""The site is faithful to the source handbook the content declares (``source_text:``): every sentence
of its guidance is in the site in its own words, and its links stay absolute."""

from __future__ import annotations

import re
from pathlib import Path

from tests.build.test_site import pages, parse, words
from tests.conftest import ROOT
from tests.handbook_content import source_text

# The source as the project's shared folder holds it (CI copies it next to the repository; forks may not).
SHARED_SEED = ROOT.parent / "shared" / "seed" / "incident-comms.md"


def seed_sentences() -> list:
    """Every sentence of guidance in the source, with Markdown stripped."""
    text = source_text().read_text("utf-8")
    text = text.split("---", 2)[2]  # front matter
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)  # links keep their words
    text = re.sub(r"^[=-]{3,}$", "", text, flags=re.M)  # setext underlines
    out = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(>\s*)?([-*]\s+)?", "", line).strip()
        if not line:
            continue
        for sentence in re.split(r"(?<=[.!?:])\s+(?=[A-Z*])", words(line)):
            sentence = sentence.strip(" :")
            if len(sentence) > 3:
                out.append(sentence)
    return out


def test_the_declared_source_text_exists():
    assert source_text().is_file(), source_text()


def test_seed_copy_is_current():
    """Tests run without ../shared too (CI copies it, forks may not): keep a copy in sync."""
    if SHARED_SEED.exists():
        assert source_text().read_text("utf-8") == SHARED_SEED.read_text("utf-8")


def test_every_sentence_of_the_seed_is_in_the_site(site: Path):
    text = words(" ".join("".join(parse(p).text) for p in pages(site)))
    missing = [s for s in seed_sentences() if s not in text]
    assert not missing, "sentences of the seed not found in the site:\n" + "\n".join(missing)


def test_seed_links_are_absolute_on_the_handbook_site(site: Path):
    hrefs = {v for p in pages(site) for t, k, v in parse(p).refs if k == "href"}
    for path in ("/handbook/engineering/operations/incidents", "/teams", "/blog/nov-24-shai-hulud-attack-post-mortem",
                 "/handbook/growth/sales/communications-templates-incidents"):
        assert f"https://posthog.com{path}" in hrefs
