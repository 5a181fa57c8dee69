"""Assemble content files into one ``Handbook``, collecting every problem.

Input is plain data (what a YAML file holds) plus the positions of its
values; output is the model. Stages: schema validation per file, then the
model, then checks across files (ids, references, decision trees, links),
then, once the content is otherwise sound, coverage: every passage that bears
on a decision is applied by an outcome or says why it bears on none. Every
problem of every stage is collected before anything is reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import model as m
from . import words
from .cadence import parse_every
from .decision import check_tree
from .inline import LINK, SAFE_URL
from .problems import Positions, ProblemList, did_you_mean, did_you_mean_or_list, format_path
from .schema import load_schema, schema_kinds, validate

SINGLE_KINDS = ("handbook", "appointment", "guidelines", "channels")
REQUIRED_KINDS = ("handbook",)  # the appointment, guidelines and channels pages are optional


@dataclass
class Doc:
    """One content file: its display path, its data and where each value came from."""

    path: str
    data: Any
    where: Positions
    raw: dict


class _Assembler:
    def __init__(self, problems: ProblemList):
        self.problems = problems
        self.passages: dict[str, m.Passage] = {}
        self.passage_at: dict[str, tuple] = {}
        self.refs: list[tuple] = []  # (kind, value, where, path)
        self.roles: dict[str, m.Role] = {}
        self.role_at: dict[str, tuple] = {}
        self.trees: dict[str, m.Tree] = {}
        self.tree_at: dict[str, tuple] = {}
        self.single: dict[str, Any] = {}
        self.texts: list[tuple] = []  # (text, where, path)
        self.tolerated: set = set()  # (kind, id) declared by files that failed validation
        self.some_failed = False  # a file failed validation: the passages it holds are unknown
        self.page_trees: dict[str, set] = {}  # page key -> trees its content points to
        self.node_at: dict[str, dict] = {}  # tree id -> node id -> key path of the node
        self.pages: dict[str, m.Page] = {}  # kind: page, id -> page
        self.page_at: dict[str, tuple] = {}  # prose page id -> (Positions, key path of its id)
        self.words: dict = words.merge()  # interface words: defaults, then the handbook's overrides
        self.group_refs: list[tuple] = []  # (role id, group or None, where) for the declared groups

    # -- bookkeeping -------------------------------------------------------

    def tolerate(self, kind: str, data: Any) -> None:
        if kind in ("role", "tree") and isinstance(data.get("id"), str):
            self.tolerated.add((kind, data["id"]))
        stack = [data]
        while stack:
            value = stack.pop()
            if isinstance(value, dict):
                if isinstance(value.get("id"), str):
                    self.tolerated.add(("passage", value["id"]))
                stack.extend(value.values())
            elif isinstance(value, list):
                stack.extend(value)

    def ref(self, kind: str, value: str | None, where: Positions, path: tuple) -> None:
        if value is not None:
            self.refs.append((kind, value, where, path))

    def text(self, value: str, where: Positions, path: tuple) -> str:
        self.texts.append((value, where, path))
        return value

    def passage(self, data: dict, where: Positions, path: tuple, page: str, *, title: str = "", anchor: str = "",
                kind: str = "intro", **extra) -> m.Passage:
        pid = data["id"]
        p = m.Passage(pid, self.text(data["text"], where, path + ("text",)), title, page, anchor or pid, kind,
                      data.get("outside_wizards", ""), **extra)
        self.claim(pid, p, where, path)
        return p

    def claim(self, pid: str, p: m.Passage, where: Positions, path: tuple) -> None:
        if pid in self.passages:
            first_where, first_path = self.passage_at[pid]
            line, col = first_where.of(first_path + ("id",))
            self.problems.add(where, path + ("id",),
                              f"duplicate id '{pid}' (first used at {first_where.file}:{line}:{col}); ids must be unique")
            return
        self.passages[pid] = p
        self.passage_at[pid] = (where, path)

    def callouts(self, items: list, where: Positions, path: tuple, page: str, role: str | None = None) -> list:
        out = []
        for i, c in enumerate(items or []):
            p = path + (i,)
            callout = m.Callout(c["id"], self.text(c["title"], where, p + ("title",)),
                                self.text(c["text"], where, p + ("text",)), c.get("roles", []), c.get("tree"))
            self.claim(c["id"], m.Passage(c["id"], callout.text, callout.title, page, c["id"], "callout",
                                          c.get("outside_wizards", ""), role), where, p)
            if callout.tree:
                self.page_trees.setdefault(page, set()).add(callout.tree)
            for j, r in enumerate(callout.roles):
                self.ref("role", r, where, p + ("roles", j))
            self.ref("tree", callout.tree, where, p + ("tree",))
            out.append(callout)
        return out

    # -- one builder per kind ----------------------------------------------

    def build(self, doc: Doc) -> None:
        data, where = doc.data, doc.where
        if not isinstance(data, dict):
            self.problems.add(where, (), "a content file must be a mapping that starts with 'kind: …'")
            return
        kind = data.get("kind")
        kinds = schema_kinds()
        if kind not in kinds:
            if kind is None:
                msg = f"missing required key 'kind' (one of {', '.join(kinds)})"
            else:
                msg = f"unknown kind '{kind}'{did_you_mean(str(kind), kinds) or '; use one of ' + ', '.join(kinds)}"
            self.problems.add(where, ("kind",) if kind is not None else (), msg)
            return
        before = len(self.problems)
        data = validate(data, load_schema(kind), where, self.problems, doc.raw)
        if len(self.problems) > before:
            # The model needs well-formed data, and these problems are listed already.
            # Ids the file declares still count, so references to them don't pile up.
            self.tolerate(kind, data)
            self.some_failed = True
            return
        if kind in SINGLE_KINDS:
            if kind in self.single:
                self.problems.add(where, ("kind",),
                                  f"a second '{kind}' file; the first is {self.single[kind][1].file}; keep one")
                return
            self.single[kind] = (None, where)
        getattr(self, f"build_{kind}")(data, where, doc.path)

    def build_handbook(self, d: dict, where: Positions, source: str) -> None:
        start = []
        for i, s in enumerate(d["start_here"]):
            p = ("start_here", i)
            if not s.get("tree") and not s.get("role"):
                self.problems.add(where, p, "say where this leads: add 'tree: …' or 'role: …'")
            self.ref("tree", s.get("tree"), where, p + ("tree",))
            self.ref("role", s.get("role"), where, p + ("role",))
            self.ref("passage", s["rests_on"], where, p + ("rests_on",))
            start.append(m.StartHere(s["label"], s["rests_on"], s.get("tree"), s.get("role")))
        self.interface_words(d.get("words"), where)
        intro = [self.text(t, where, ("intro", i)) for i, t in enumerate(d["intro"])]
        related = [self.text(t, where, ("related", i)) for i, t in enumerate(d.get("related", []))]
        groups, seen_groups = [], {}
        for i, g in enumerate(d.get("groups", [])):
            if g["id"] in seen_groups:
                self.problems.add(where, ("groups", i, "id"),
                                  f"duplicate group id '{g['id']}' (first at groups[{seen_groups[g['id']]}])")
                continue
            seen_groups[g["id"]] = i
            groups.append(m.Group(g["id"], g["title"], g.get("runbook_channels", True)))
        front = m.Front(d["title"], self.text(d["audience"], where, ("audience",)), intro, start,
                        related, d.get("source", ""), d.get("source_text", ""))
        front.site_name = d.get("site_name", "")
        front.description = self.text(d["description"], where, ("description",)) if "description" in d else ""
        front.roles = list(d.get("roles", []))
        front.nav = list(d.get("nav", []))
        front.groups = groups
        self.single["handbook"] = (front, where)

    def page_id(self, kind: str, d: dict, where: Positions) -> str:
        """The page id (its URL) of a prose page; a second page with the same id is a problem."""
        pid = d.get("id", m.DEFAULT_PAGE_IDS.get(kind, ""))
        path = ("id",) if "id" in d else ("kind",)
        if pid in self.page_at:
            first, first_path = self.page_at[pid]
            line, col = first.of(first_path)
            default = ", its id by default" if first_path == ("kind",) else ""
            self.problems.add(where, path, f"a second page with the id '{pid}' (first at {first.file}:{line}:{col}"
                                           f"{default}); each page needs an id of its own: it is the page's address")
        else:
            self.page_at[pid] = (where, path)
        return pid

    def interface_words(self, overrides, where: Positions) -> None:
        """The handbook's ``words:``: checked against the defaults, then merged over them."""
        words.check(overrides, where, self.problems)
        for key, text in (overrides or {}).items() if isinstance(overrides, dict) else ():
            if key in words.DEFAULTS and isinstance(text, str) and text.strip():
                self.text(text, where, ("words", key))
        self.words = words.merge(overrides if isinstance(overrides, dict) else None)

    def build_appointment(self, d: dict, where: Positions, source: str) -> None:
        page = self.page_id("appointment", d, where)
        intro = self.passage(d["intro"], where, ("intro",), page)
        rules = []
        for i, r in enumerate(d["rules"]):
            self.passage(r, where, ("rules", i), page, kind="rule", role=r.get("role"))
            self.ref("role", r.get("role"), where, ("rules", i, "role"))
            rules.append(m.Rule(r["id"], r["text"], r.get("role")))
        resp = [self.passage(r, where, ("responsibilities", i), page, kind="responsibility")
                for i, r in enumerate(d.get("responsibilities", []))]
        callouts = self.callouts(d.get("callouts"), where, ("callouts",), page)
        self.ref("tree", d.get("tree"), where, ("tree",))
        if d.get("tree"):
            self.page_trees.setdefault(page, set()).add(d["tree"])
        self.single["appointment"] = (m.Appointment(d["title"], intro, rules, d.get("role_intro", ""), resp, callouts,
                                                    d.get("tree"), page), where)

    def build_guidelines(self, d: dict, where: Positions, source: str) -> None:
        page = self.page_id("guidelines", d, where)
        guidelines = []
        for i, g in enumerate(d["guidelines"]):
            self.text(g["title"], where, ("guidelines", i, "title"))
            self.passage(g, where, ("guidelines", i), page, title=g["title"], kind="guideline")
            guidelines.append(m.Guideline(g["id"], g["title"], g["text"]))
        callouts = self.callouts(d.get("callouts"), where, ("callouts",), page)
        self.ref("tree", d.get("tree"), where, ("tree",))
        if d.get("tree"):
            self.page_trees.setdefault(page, set()).add(d["tree"])
        self.single["guidelines"] = (m.Guidelines(d["title"], guidelines, d.get("intro", ""), callouts, d.get("tree"),
                                                  page), where)

    def build_channels(self, d: dict, where: Positions, source: str) -> None:
        page = self.page_id("channels", d, where)
        channels, seen = [], {}
        for i, c in enumerate(d["channels"]):
            p = ("channels", i)
            if c["id"] in seen:
                self.problems.add(where, p + ("id",), f"duplicate channel id '{c['id']}' (first at channels[{seen[c['id']]}])")
            seen.setdefault(c["id"], i)
            self.text(c["text"], where, p + ("text",))
            self.text(c["use"], where, p + ("use",))
            self.ref("passage", c.get("rests_on"), where, p + ("rests_on",))
            self.ref("role", c.get("owner"), where, p + ("owner",))
            channels.append(m.Channel(c["id"], c["name"], c["use"], c["text"], c.get("rests_on"), c.get("supersedes"),
                                      c.get("owner")))
        for i, c in enumerate(channels):
            if c.supersedes and c.supersedes not in seen:
                self.problems.add(where, ("channels", i, "supersedes"),
                                  f"unknown channel '{c.supersedes}'{did_you_mean_or_list(c.supersedes, seen)}")
        self.single["channels"] = (m.Channels(d["title"], channels, d.get("intro", ""), page), where)

    def build_page(self, d: dict, where: Positions, source: str) -> None:
        pid = self.page_id("page", d, where)
        intro = self.text(d["intro"], where, ("intro",)) if "intro" in d else ""
        sections = []
        for i, s in enumerate(d.get("sections", [])):
            p = ("sections", i)
            self.text(s["title"], where, p + ("title",))
            text = self.text(s["text"], where, p + ("text",)) if "text" in s else ""
            items = [self.text(t, where, p + ("list", j)) for j, t in enumerate(s.get("list", []))]
            self.claim(s["id"], m.Passage(s["id"], text, s["title"], pid, s["id"], "section"), where, p)
            callouts = self.callouts(s.get("callouts"), where, p + ("callouts",), pid)
            blocks = []
            for j, b in enumerate(s.get("blocks", [])):
                bp = p + ("blocks", j)
                if len(b) != 1:
                    self.problems.add(where, bp, "write one 'kind: reference' a block, e.g. '{checklist: lead/first}' "
                                                 f"(found {len(b)} keys)")
                    continue
                (kind, ref), = b.items()
                line, col = where.of(bp + (kind,))
                blocks.append(m.PageBlock(kind, ref, where.file, line, col, format_path(bp + (kind,))))
                if kind in ("tree", "wizard"):
                    self.page_trees.setdefault(pid, set()).add(ref)
            sections.append(m.Section(s["id"], s["title"], text, items, callouts, blocks))
        if pid not in self.pages:
            self.pages[pid] = m.Page(pid, d["title"], intro, sections)

    def taken(self, kind: str, ident: str, seen_at: dict, where: Positions) -> bool:
        """True (and a problem) if another file already declared this role or tree id."""
        if ident not in seen_at:
            return False
        first = seen_at[ident]
        line, col = first.of(("id",))
        self.problems.add(where, ("id",), f"duplicate {kind} id '{ident}' (first used at {first.file}:{line}:{col})")
        return True

    def check_front(self) -> None:
        """``roles:`` names known roles once each; ``nav:`` names section words and page ids once each;
        a role's duties taken from the appointment need an appointment page."""
        if "handbook" not in self.single:
            return
        front, where = self.single["handbook"]
        seen: dict = {}
        for i, rid in enumerate(front.roles):
            if rid in seen:
                self.problems.add(where, ("roles", i), f"'{rid}' is listed twice (first at roles[{seen[rid]}]); list it once")
            elif rid not in self.roles and ("role", rid) not in self.tolerated:
                self.problems.add(where, ("roles", i), f"unknown role '{rid}'{did_you_mean_or_list(rid, self.roles)}")
            seen.setdefault(rid, i)
        valid = list(m.NAV_WORDS) + list(self.page_at)
        seen = {}
        for i, entry in enumerate(front.nav):
            if entry in seen:
                self.problems.add(where, ("nav", i), f"'{entry}' is listed twice (first at nav[{seen[entry]}]); list it once")
            elif entry not in valid and not self.some_failed:  # a page that failed to load may be the one named
                hint = did_you_mean(entry, valid)
                self.problems.add(where, ("nav", i), f"unknown nav entry '{entry}'{hint}; use a page id or one of: "
                                                     + ", ".join(valid))
            seen.setdefault(entry, i)
        if "appointment" not in self.single:
            for rid, role in self.roles.items():
                if role.responsibilities_from == "appointment":
                    self.problems.add(self.role_at[rid], ("responsibilities_from",),
                                      "there is no appointment page to take the responsibilities from: "
                                      "add a file with 'kind: appointment', or remove this")

    def ordered_roles(self, roles: dict) -> dict:
        """The roles in the handbook's order: those ``roles:`` lists first, the others after, as they were."""
        listed = [r for r in self.single["handbook"][0].roles if r in roles]
        return {**{r: roles[r] for r in listed}, **roles}

    def nav_order(self, prose: list) -> list:
        """Every nav entry, in order: those ``nav:`` lists first, the others after in the default order."""
        default = []
        for word in m.NAV_WORDS:
            default.append(word)
            if word == m.NAV_PAGES_AFTER:
                default += prose
        listed = [e for e in self.single["handbook"][0].nav if e in default]
        return list(dict.fromkeys(listed + default))

    def build_role(self, d: dict, where: Positions, source: str) -> None:
        rid = d["id"]
        if self.taken("role", rid, self.role_at, where):
            self.tolerate("role", d)  # its passages are not what to fix: the duplicate id is
            return
        page = f"roles/{rid}"
        intro = self.passage(d["intro"], where, ("intro",), page, role=rid) if "intro" in d else None
        closing = self.passage(d["closing"], where, ("closing",), page, role=rid) if "closing" in d else None
        checklists, seen_lists, seen_items = [], {}, {}
        for ci, c in enumerate(d["checklists"]):
            cp = ("checklists", ci)
            if c["id"] in seen_lists:
                self.problems.add(where, cp + ("id",), f"duplicate checklist id '{c['id']}' in role '{rid}'")
            seen_lists.setdefault(c["id"], ci)
            self.ref("passage", c.get("rests_on"), where, cp + ("rests_on",))
            cintro = self.passage(c["intro"], where, cp + ("intro",), page, role=rid) if "intro" in c else None
            items = []
            for ii, it in enumerate(c["items"]):
                ip = cp + ("items", ii)
                if it["id"] in seen_items:
                    self.problems.add(where, ip + ("id",),
                                      f"duplicate item id '{it['id']}' in role '{rid}'; ticks are kept by id, so each must be unique")
                    continue
                seen_items[it["id"]] = ip
                cadence = None
                if "cadence" in it:
                    try:
                        every = parse_every(it["cadence"]["every"])
                    except ValueError as e:
                        self.problems.add(where, ip + ("cadence", "every"), str(e))
                        every = 60
                    cadence = m.Cadence(every, it["cadence"]["rests_on"])
                    self.ref("passage", cadence.rests_on, where, ip + ("cadence", "rests_on"))
                item = m.Item(it["id"], self.text(it["text"], where, ip + ("text",)), it.get("detail", ""),
                              it.get("owner"), it.get("rests_on"), it.get("tree"), cadence)
                if item.detail:
                    self.text(item.detail, where, ip + ("detail",))
                self.ref("role", item.owner, where, ip + ("owner",))
                self.ref("passage", item.rests_on, where, ip + ("rests_on",))
                self.ref("tree", item.tree, where, ip + ("tree",))
                if item.tree:
                    self.page_trees.setdefault(page, set()).add(item.tree)
                text = item.text + (" " + item.detail if item.detail else "")
                self.claim(f"{rid}/{item.id}",
                           m.Passage(f"{rid}/{item.id}", text, item.text, page, f"item-{item.id}",
                                     "duty" if cadence else "item", it.get("outside_wizards", ""), rid, item.owner,
                                     cadence.every_minutes if cadence else None), where, ip)
                if it.get("outside_wizards") and not cadence:
                    self.problems.add(where, ip + ("outside_wizards",),
                                      "only a passage that bears on decisions (a duty with a cadence) is marked "
                                      "outside_wizards; remove it here")
                items.append(item)
            callouts = self.callouts(c.get("callouts"), where, cp + ("callouts",), page, rid)
            checklists.append(m.Checklist(c["id"], c["title"], c.get("rests_on"), items, cintro, callouts))
        does_not = []
        for i, x in enumerate(d.get("does_not", [])):
            self.passage(x, where, ("does_not", i), page, kind="does-not", role=rid, owner=x.get("owner"))
            self.ref("role", x.get("owner"), where, ("does_not", i, "owner"))
            does_not.append(m.DoesNot(x["id"], x["text"], x.get("owner")))
        for i, r in enumerate(d.get("appointed_by", [])):
            self.ref("role", r, where, ("appointed_by", i))
        self.group_refs.append((rid, d.get("group"), where))
        self.roles[rid] = m.Role(rid, d["name"], d["summary"], d.get("group"), checklists, d.get("link", ""), intro,
                                 d.get("appointed_by", []), d.get("responsibilities_from"), closing,
                                 d.get("does_not_intro", ""), does_not, source)
        self.role_at[rid] = where

    def build_tree(self, d: dict, where: Positions, source: str) -> None:
        tid = d["id"]
        if self.taken("tree", tid, self.tree_at, where):
            return
        nodes: dict[str, m.Node] = {}
        node_at: dict[str, tuple] = {}
        for i, n in enumerate(d["nodes"]):
            p = ("nodes", i)
            if n["id"] in nodes:
                line, col = where.of(node_at[n["id"]] + ("id",))
                self.problems.add(where, p + ("id",), f"duplicate node id '{n['id']}' (first at line {line})")
                continue
            notify = m.Notify(**n["notify"]) if "notify" in n else None
            node = m.Node(n["id"], n.get("rests_on"), n.get("question", ""), n.get("help", ""),
                          [m.Option(o["answer"], o["label"], o["next"]) for o in n.get("options", [])],
                          n.get("outcome", ""), n.get("next_steps", ""), n.get("role"), n.get("gap", ""), notify,
                          n.get("message", ""), list(n.get("applies", [])))
            if node.applies and not node.is_outcome:
                self.problems.add(where, p + ("applies",), "'applies' belongs on an outcome, not a question")
            seen_applied: dict = {}
            for j, pid in enumerate(node.applies):
                self.ref("passage", pid, where, p + ("applies", j))
                if pid == node.rests_on or pid in seen_applied:
                    first = "rests_on" if pid == node.rests_on else f"applies[{seen_applied[pid]}]"
                    self.problems.add(where, p + ("applies", j), f"'{pid}' is applied already ({first}); list it once")
                seen_applied.setdefault(pid, j)
            for key in ("question", "help", "outcome", "next_steps", "gap", "message"):
                if n.get(key):
                    self.text(n[key], where, p + (key,))
            nodes[node.id] = node
            node_at[node.id] = p
            self.ref("passage", node.rests_on, where, p + ("rests_on",))
            self.ref("role", node.role, where, p + ("role",))
        for i, r in enumerate(d.get("used_by", [])):
            self.ref("role", r, where, ("used_by", i))
        tree = m.Tree(tid, d["title"], d["start"], nodes, d.get("summary", ""), d.get("used_by", []), source)
        for problem in check_tree(tree):
            self.problems.add(where, node_at.get(problem.node, ()) + problem.path, problem.message)
        self.trees[tid] = tree
        self.tree_at[tid] = where
        self.node_at[tid] = node_at

    # -- checks across files -------------------------------------------------

    def resolve_refs(self) -> None:
        known = {"role": self.roles, "tree": self.trees, "passage": self.passages}
        where_kind = {"role": "checklists/roles/", "tree": "checklists/trees/", "passage": "the content"}
        for kind, value, where, path in self.refs:
            if kind == "passage" and self.some_failed:
                continue  # what it names may stand in the file that failed; that file's problems come first
            if value not in known[kind] and (kind, value) not in self.tolerated and not (
                    kind == "passage" and ("passage", value.split("/")[-1]) in self.tolerated):
                hint = did_you_mean_or_list(value, known[kind])
                self.problems.add(where, path, f"unknown {kind} '{value}'{hint or f' (none such in {where_kind[kind]})'}")

    def check_groups(self) -> None:
        """A role's group names a group the handbook declares; with none declared, roles have no group."""
        if "handbook" not in self.single:
            return  # the handbook file failed (or is missing): its problems come first
        front, hb_where = self.single["handbook"]
        declared = [g.id for g in front.groups]
        for _rid, group, where in self.group_refs:
            if not declared:
                if group is not None:
                    self.problems.add(where, ("group",),
                                      f"group '{group}' is not declared: handbook.yml declares no 'groups:'; "
                                      "add it there (groups: [{id: " + group + ", title: …}]) or remove 'group'")
            elif group is None:
                self.problems.add(where, (), f"missing required key 'group': one of {', '.join(declared)} "
                                             f"(the groups declared in {hb_where.file})")
            elif group not in declared:
                self.problems.add(where, ("group",), f"unknown group '{group}'"
                                  f"{did_you_mean_or_list(group, declared)}; groups are declared in "
                                  f"{hb_where.file} under 'groups:'")

    def check_texts(self) -> None:
        for text, where, path in self.texts:
            for match in LINK.finditer(" ".join(text.split())):
                url = match.group("href")
                if not SAFE_URL.match(url):
                    self.problems.add(where, path,
                                      f"link '{url}' is not allowed: use https://, http://, mailto: or a site path starting with /")


    def applied_by(self) -> dict:
        """Passage id -> [(tree, outcome)] of the outcomes that apply it."""
        out: dict[str, list] = {}
        for tree in self.trees.values():
            for node in tree.nodes.values():
                for pid in node.applied:
                    out.setdefault(pid, []).append((tree, node))
        return out

    def check_marks(self) -> None:
        """A passage marked as bearing on no wizard decision is applied by none."""
        applied_by = self.applied_by()
        for pid, passage in self.passages.items():
            users = applied_by.get(pid, [])
            if passage.outside_wizards and users:
                where, path = self.passage_at[pid]
                tree, node = users[0]
                at = self.tree_at[tree.id]
                line, col = at.of(self.node_at[tree.id][node.id] + ("id",))
                self.problems.add(where, path + ("outside_wizards",),
                                  f"'{pid}' is marked as bearing on no wizard decision, but outcome "
                                  f"{tree.id}/{node.id} ({at.file}:{line}:{col}) applies it; remove one or the other")

    def check_coverage(self) -> None:
        """Every decision-bearing passage is applied by an outcome, or says why it bears on none.

        A handbook without decision trees has no outcomes and no wizard to leave a passage
        out of: there is nothing to check.
        """
        if not self.trees:
            return
        applied_by = self.applied_by()
        for pid, passage in self.passages.items():
            where, path = self.passage_at[pid]
            if passage.bears_on_decisions and not passage.outside_wizards and not applied_by.get(pid):
                names = [f"{t.id}/{n.id}" for t, n in self.candidates(passage)]
                shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
                self.problems.add(where, path + ("id",),
                                  f"{passage.kind} '{pid}' bears on decisions, but no outcome applies it: add it to "
                                  f"'applies' of the outcomes it concerns (could be: {shown}), or mark it "
                                  "'outside_wizards: <why it bears on no wizard decision>'")

    def candidates(self, passage: m.Passage) -> list:
        """Outcomes that could apply a passage: of the trees its page points to, or whose role it concerns."""
        trees = set(self.page_trees.get(passage.page, ()))
        if passage.role:
            trees |= {t.id for t in self.trees.values() if passage.role in t.used_by}
        roles = {r for r in (passage.role, passage.owner) if r}
        outcomes = [(t, n) for t in self.trees.values() for n in t.nodes.values() if n.is_outcome]
        near = [(t, n) for t, n in outcomes if t.id in trees or n.role in roles]
        return near or outcomes


def assemble(docs: list, problems: ProblemList, *, all_read: bool = True) -> m.Handbook | None:
    """Build the handbook from content files; ``None`` if any problem was found.

    ``all_read`` is False when some file could not be read at all (a YAML
    syntax error): references are then left unchecked, since what they name
    may stand in the unreadable file, and the syntax error is what to fix.
    """
    a = _Assembler(problems)
    for doc in docs:
        a.build(doc)
    for kind in REQUIRED_KINDS:
        if kind not in a.single and not problems:
            problems.add_at("checklists", 1, 1, "", f"no '{kind}' file: add one with 'kind: {kind}'")
    if not a.roles and not problems:
        problems.add_at("checklists/roles", 1, 1, "", "no roles: add a file with 'kind: role'")
    if all_read:
        a.resolve_refs()
        a.check_groups()
        a.check_marks()
        a.check_front()
    a.check_texts()
    if not problems:
        # Only sound content: a file that failed to load would make every passage look unapplied.
        a.check_coverage()
    if problems:
        return None
    front = a.single["handbook"][0]
    order = {g.id: i for i, g in enumerate(front.groups)}
    # Group order, then file name (the files are read in name order; sorted is stable).
    roles = dict(sorted(a.roles.items(), key=lambda kv: order.get(kv[1].group, len(order))))
    roles = a.ordered_roles(roles)
    single = {kind: a.single[kind][0] if kind in a.single else None for kind in SINGLE_KINDS}
    hb = m.Handbook(single["handbook"], single["appointment"], single["guidelines"], single["channels"], roles,
                    a.trees, a.passages, a.pages, words=a.words)
    hb.nav = a.nav_order([pid for pid, _title in hb.prose_pages()])
    hb.page_at = {pid: (where.file, *where.of(path)) for pid, (where, path) in a.page_at.items()}
    return hb
