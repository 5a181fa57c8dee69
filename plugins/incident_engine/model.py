"""The handbook's content model: plain dataclasses, built from validated data.

Every addressable piece of guidance is a ``Passage`` with an id, so other
content can rest on it (``rests_on``), outcomes of the decision trees can
apply it (``applies``), and pages can quote and link to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .words import merge as _default_words

# The kinds of passage that can bear on a decision: each one is applied by an
# outcome of a decision tree, or says in the YAML why it bears on none
# (``outside_wizards``). The build checks this (content.check_coverage).
DECISION_BEARING = ("guideline", "callout", "rule", "duty", "does-not")

# The navigation's section words (``handbook.yml`` ``nav:``), besides page ids, in the default order;
# the prose pages (appointment, guidelines, channels, ``kind: page``) stand after ``incident`` by default.
NAV_WORDS = ("home", "wizards", "incident", "roles", "decision-tables", "runbooks", "hand-written")
NAV_PAGES_AFTER = "incident"

# The page ids (and so the URLs) of the appointment, guidelines and channels pages when their file names none.
DEFAULT_PAGE_IDS = {"appointment": "appointing", "guidelines": "guidelines", "channels": "channels"}

# What an outcome's ``notify`` says, in the order every rendering uses: field -> key of its label
# in ``Handbook.words`` (defaults in ``words.DEFAULTS``).
NOTIFY_LABELS = (("audience", "outcome.audience"), ("channel", "outcome.channel"), ("timing", "outcome.timing"))


@dataclass
class Passage:
    """A piece of the handbook's text that can be quoted, linked to and applied."""

    id: str
    text: str
    title: str = ""
    page: str = ""  # page key: "guidelines", "roles/comms-lead", ...
    anchor: str = ""
    kind: str = ""  # guideline, callout, rule, duty, does-not, item, intro, ...
    outside_wizards: str = ""  # why a decision-bearing passage bears on no wizard decision
    role: str | None = None  # the role whose page holds it (items, duties, does-not rules)
    owner: str | None = None  # the role that owns the duty, if not ``role``
    every_minutes: int | None = None  # a duty's cadence, in minutes (words.every says it)

    @property
    def bears_on_decisions(self) -> bool:
        return self.kind in DECISION_BEARING


@dataclass
class Callout:
    id: str
    title: str
    text: str
    roles: list = field(default_factory=list)
    tree: str | None = None


@dataclass
class Cadence:
    every_minutes: int  # cadence.parse_every of the YAML's ``every: 20m|6h|1d``
    rests_on: str


@dataclass
class Item:
    """One checklist item. Its id keeps a person's tick across rewordings."""

    id: str
    text: str
    detail: str = ""
    owner: str | None = None
    rests_on: str | None = None
    tree: str | None = None
    cadence: Cadence | None = None


@dataclass
class Checklist:
    """One phase of a role's work."""

    id: str
    title: str
    rests_on: str | None
    items: list
    intro: Passage | None = None
    callouts: list = field(default_factory=list)


@dataclass
class DoesNot:
    id: str
    text: str
    owner: str | None = None


@dataclass
class Role:
    id: str
    name: str
    summary: str
    group: str | None
    checklists: list
    link: str = ""
    intro: Passage | None = None
    appointed_by: list = field(default_factory=list)
    responsibilities_from: str | None = None
    closing: Passage | None = None
    does_not_intro: str = ""
    does_not: list = field(default_factory=list)
    source: str = ""

    def items(self):
        """Every (checklist, item) pair of the role, in order."""
        return [(c, i) for c in self.checklists for i in c.items]


@dataclass
class Guideline:
    id: str
    title: str
    text: str


@dataclass
class Rule:
    id: str
    text: str
    role: str | None = None


@dataclass
class Channel:
    id: str
    name: str
    use: str  # inline text of the handbook: how the channel is used
    text: str
    rests_on: str | None = None
    supersedes: str | None = None
    owner: str | None = None


@dataclass
class StartHere:
    label: str
    rests_on: str
    tree: str | None = None
    role: str | None = None


@dataclass
class Option:
    answer: str
    label: str
    next: str


@dataclass
class Notify:
    audience: str
    channel: str
    timing: str


@dataclass
class Node:
    """A question (with options) or an outcome of a decision tree."""

    id: str
    rests_on: str | None = None
    question: str = ""
    help: str = ""
    options: list = field(default_factory=list)
    outcome: str = ""
    next_steps: str = ""
    role: str | None = None
    gap: str = ""
    notify: Notify | None = None
    message: str = ""
    applies: list = field(default_factory=list)  # passage ids, besides rests_on

    @property
    def is_outcome(self) -> bool:
        return bool(self.outcome)

    @property
    def applied(self) -> list:
        """Every passage id an outcome applies: the one it rests on first, then ``applies``, once each."""
        out = [self.rests_on] if self.is_outcome and self.rests_on else []
        return out + [p for p in dict.fromkeys(self.applies) if p not in out]


@dataclass
class Tree:
    id: str
    title: str
    start: str
    nodes: dict  # id -> Node, in file order
    summary: str = ""
    used_by: list = field(default_factory=list)
    source: str = ""


@dataclass
class Group:
    """A group of roles the handbook declares (handbook.yml ``groups:``), in order."""

    id: str
    title: str
    runbook_channels: bool = True  # runbooks of its roles list the channel rules


@dataclass
class Front:
    title: str
    audience: str
    intro: list
    start_here: list
    related: list = field(default_factory=list)
    source: str = ""
    source_text: str = ""  # the source handbook's text, relative to the content folder (for fidelity tests)
    site_name: str = ""  # the site's name (default: title)
    description: str = ""  # the site's description, plain words (default: the audience text)
    roles: list = field(default_factory=list)  # role ids in the order the handbook asks for
    nav: list = field(default_factory=list)  # nav entries (words of NAV_WORDS and page ids) as written
    groups: list = field(default_factory=list)  # Group, in the declared order; empty: one flat list of roles


@dataclass
class Appointment:
    title: str
    intro: Passage
    rules: list
    role_intro: str = ""
    responsibilities: list = field(default_factory=list)
    callouts: list = field(default_factory=list)
    tree: str | None = None
    id: str = DEFAULT_PAGE_IDS["appointment"]  # the page's id: its URL


@dataclass
class Guidelines:
    title: str
    guidelines: list
    intro: str = ""
    callouts: list = field(default_factory=list)
    tree: str | None = None
    id: str = DEFAULT_PAGE_IDS["guidelines"]


@dataclass
class Channels:
    title: str
    channels: list
    intro: str = ""
    id: str = DEFAULT_PAGE_IDS["channels"]


@dataclass
class PageBlock:
    """A handbook block embedded in a page section (``{checklist: lead/first}``), with where it is written."""

    kind: str
    ref: str
    file: str = ""
    line: int = 1
    col: int = 1
    path: str = ""  # key path in its file, for errors


@dataclass
class Section:
    """A section of a ``kind: page`` file: a passage other content can rest on, shown under its title."""

    id: str
    title: str
    text: str = ""
    items: list = field(default_factory=list)  # the bullet list (inline text)
    callouts: list = field(default_factory=list)
    blocks: list = field(default_factory=list)  # PageBlock


@dataclass
class Page:
    """A prose page of the handbook (``kind: page``); its id is its URL."""

    id: str
    title: str
    intro: str = ""
    sections: list = field(default_factory=list)


@dataclass
class Handbook:
    """The whole handbook, as one model the pages, wizards and runbooks share."""

    front: Front
    appointment: Appointment | None  # each of these three pages is optional
    guidelines: Guidelines | None
    channels: Channels | None
    roles: dict  # id -> Role, in the handbook's order (``roles:``, else responders first)
    trees: dict  # id -> Tree
    passages: dict  # id -> Passage
    pages: dict = field(default_factory=dict)  # id -> Page (``kind: page``), in file order
    nav: list = field(default_factory=list)  # the navigation's entries, in order: NAV_WORDS and page ids
    page_at: dict = field(default_factory=dict)  # prose page id -> (file, line, col) of the id that names it
    words: dict = field(default_factory=_default_words)  # interface words: key -> inline text (words.py)

    def prose_pages(self) -> list:
        """(id, title) of the appointment, guidelines, channels and ``kind: page`` pages there are, in default order."""
        out = [(x.id, x.title) for x in (self.appointment, self.guidelines, self.channels) if x is not None]
        return out + [(p.id, p.title) for p in self.pages.values()]

    def group(self, gid: str | None):
        """The declared group of that id, or None."""
        return next((g for g in self.front.groups if g.id == gid), None)
