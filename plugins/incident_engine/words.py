"""Every word of the interface, in one place: defaults a handbook can override.

A reader sees two kinds of words: the handbook's own (its YAML) and the
interface's (headings, buttons, labels, status messages, export text). The
second kind lives here, as ``DEFAULTS``: a dotted key -> inline text with
``{named}`` placeholders. ``handbook.yml`` may override any of them under
``words:``; ``check`` refuses an unknown key (with did-you-mean), empty text,
and an override whose placeholders differ from the default's (the code fills
exactly those). ``merge`` gives the words a build uses (``Handbook.words``).

Values are inline text like the rest of the content (**strong**, *emphasis*,
links), never HTML: the adapter renders them with ``inline`` and fills the
placeholders after escaping. The browser's words (``BROWSER``, by key
prefix) reach the scripts as JSON in the page, as plain text.

The defaults are neutral: they name no role, audience or channel of any one
handbook. Where this project's own handbook says it differently (``Comms
Lead``, ``users``), its ``checklists/handbook.yml`` overrides the key under
``words:`` -- see ``OUR_PHRASING`` below for which keys it overrides.
"""

from __future__ import annotations

import re

from .problems import Positions, ProblemList, did_you_mean

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")

DEFAULTS: dict = {
    # -- outcome fields (wizard, outline, decision table, runbooks' flow) ----------------
    "outcome.audience": "Audience",
    "outcome.channel": "Channel",
    "outcome.timing": "Timing",
    # -- the decision record (the engine's Markdown, in the browser too) ---------------------
    "decision_record.title": "{tree} — decision record ({when})",
    "decision_record.outcome": "Outcome:",
    "decision_record.next": "Next:",
    "decision_record.undecided": "Not decided yet.",
    "decision_record.next_question": "Next question: {question}",
    # -- cadences, as people say them ------------------------------------------------------
    "cadence.minute": "every minute",
    "cadence.minutes": "every {n} minutes",
    "cadence.hour": "every hour",
    "cadence.hours": "every {n} hours",
    "cadence.day": "every day",
    "cadence.days": "every {n} days",
    "cadence.short_minutes": "every {n} min",
    "cadence.short_hours": "every {n} h",
    "cadence.short_days": "every {n} d",
    # -- the wizard, as built (Python) ----------------------------------------------------
    "wizard.question": "Question",
    "wizard.outcome": "Outcome",
    "wizard.gap": "Where the handbook is silent:",
    "wizard.applied": "What the handbook asks here",
    "wizard.source": "Where the handbook says so",
    "wizard.checklist": "Checklist:",
    "wizard.trail": "Your answers",
    "wizard.back": "Back",
    "wizard.restart": "Start again",
    "wizard.copy_record": "Copy decision record",
    "wizard.copy_message": "Copy message to post",
    "wizard.copy_link": "Copy link to this decision",
    "wizard.record": "Decision record",
    "wizard.message": "Message to post",
    "wizard.duty_lead": "{role}, at least {every}:",
    "wizard.duty_lead_nobody": "At least {every}:",
    "wizard.owner": "Owner:",
    "wizard.not_for": "Not for the {role}:",
    "wizard.outline_title": "The whole decision at a glance",
    "wizard.outline_intro": "Start at the top and follow your answers to an outcome. Every path is also in the {table}.",
    "wizard.outline_table": "decision table",
    # -- the wizard, in the browser --------------------------------------------------------
    "wizard.engine_loading": "Decision engine loading…",
    "wizard.engine_starting": "Starting the decision engine…",
    "wizard.engine_downloading": "Downloading the decision engine: {percent} %",
    "wizard.engine_ready": "Decision engine ready.",
    "wizard.engine_download": "Decision engine download",
    "wizard.failed_because": "The interactive wizard could not start ({reason}). Use the whole decision below: start "
                             "at the top and follow your answers to an outcome.",
    "wizard.no_script": "its script did not load",
    "wizard.go_to_outline": "Go to the whole decision",
    "wizard.link_unreadable": "The answers in this link could not be read",
    "wizard.link_misfit": "The answers in this link don't fit this decision ({why})",
    "wizard.link_refused": "{reason}, so the wizard starts from the first question.",
    "wizard.opening_link": "Opening the decision from this link…",
    "wizard.answer_noted": "Answer noted: the next step appears as soon as the decision engine is ready.",
    "wizard.answer_noted_said": "Answer noted. The next step appears as soon as the decision engine is ready.",
    "wizard.answer_refused_said": "That answer could not be applied; starting again.",
    "wizard.record_link": "Link: {url}",
    "wizard.copied": "Copied",
    "wizard.copied_said": "Copied to the clipboard.",
    "wizard.copy_box": "Text to copy",
    "wizard.copy_blocked": "Copying was blocked; the text is selected in the box below, ready to copy.",
    # -- the engine's own failures (engine-client.mjs), shown as the wizard's reason --------
    "engine.no_start": "This browser could not start the interactive engine ({error}).",
    "engine.not_loaded": "The interactive engine could not be loaded.",
    "engine.not_loaded_because": "The interactive engine could not be loaded ({reason}).",
    "engine.stalled": "The interactive engine stopped loading (no progress for {seconds} s).",
    "engine.no_answer": "The interactive engine stopped responding (no answer within {seconds} s).",
    # ... and the engine worker's (engine-worker.mjs names the key; the page says it)
    "engine.runtime_missing": "The Python runtime is missing from this site or could not be downloaded.",
    "engine.runtime_failed": "The Python runtime could not start: {detail}",
    "engine.download_failed": "The decision engine could not be downloaded (network error).",
    "engine.missing": "The decision engine is missing from this site (HTTP {status} for {path}).",
    "engine.start_failed": "The decision engine could not start: {detail}",
    "engine.failed": "The interactive engine could not start: {detail}",
    # -- the decision table -----------------------------------------------------------------
    "table.caption": "{tree}: every path",
    "table.number": "#",
    "table.answers": "Answers",
    "table.outcome": "Outcome",
    "table.checklist": "Checklist",
    # -- the incident record's page (Python) ----------------------------------------------
    "incident.title": "Incident record",
    "incident.intro": ("One place for the incident you are working on: the decisions taken with the wizards, the "
                       "checklist items ticked and when, and the duties coming due. It is kept in this browser only, "
                       "until you export it: copy it as Markdown for the incident channel or the post-mortem, or save "
                       "a handover file for whoever takes over to open on their machine."),
    "incident.noscript": "The incident record needs JavaScript. Without it, use the checklists and the wizards directly:",
    "incident.checklists": "Checklists",
    "incident.wizards": "Decision wizards",
    # -- the incident picker (browser) ----------------------------------------------------
    "picker.default_name": "{date} incident",
    "time.local": "({clock} local)",
    "picker.label": "Incident",
    "picker.region": "Current incident",
    "picker.hint": "Ticks and decisions are kept in this browser, separately for each incident.",
    "picker.new": "New incident",
    "picker.switch": "Switch to",
    "picker.open_record": "Incident record",
    "picker.new_said": "New incident: {name}. Type its name in the Incident field.",
    "picker.showing_said": "Showing {name}.",
    "picker.showing_status_said": "Showing {name}: {status}.",
    # -- checklists (browser) --------------------------------------------------------------
    "checklist.region": "Incident checklist",
    "checklist.hint": "Tick items as you go. Ticks are kept in this browser, separately for each incident.",
    "checklist.progress": "{done} of {total} done",
    "checklist.progress_overdue": "{done} of {total} done, {overdue} overdue",
    "checklist.page_progress_overdue": "{done} of {total} done · {overdue} overdue",
    "checklist.copy_markdown": "Copy as Markdown",
    "checklist.reset": "Reset ticks…",
    "checklist.export_label": "The checklist as Markdown: select it all and copy",
    "checklist.reset_title": "Reset the ticks?",
    "checklist.keep_ticks": "Keep the ticks",
    "checklist.untick_all": "Untick all",
    "checklist.reset_text": ("This unticks the {items} on this page for “{name}” and forgets when they were done. "
                             "It cannot be undone."),
    "checklist.ticked_item": "{n} ticked item",
    "checklist.ticked_items": "{n} ticked items",
    "checklist.done_again": "Done again",
    "checklist.ticked_at": "Ticked {time}",
    "checklist.last_done": "Last done {last} · next due {next}",
    "checklist.overdue": "Overdue",
    "checklist.overdue_since": "since {next} · last done {last}",
    "checklist.time": "({n} time)",
    "checklist.times": "({n} times)",
    "checklist.overdue_said": "Overdue: {text}",
    "checklist.ticked_said": "Ticked. {title}: {progress}.",
    "checklist.unticked_said": "Unticked. {title}: {progress}.",
    "checklist.done_again_said": "Done again at {clock}. Next due {in}.",
    "checklist.due_in_minutes": "in {n} minutes",
    "checklist.due_in_hours": "in {n} hours",
    "checklist.reset_said": "Unticked everything on this page for {name}.",
    "checklist.copied": "Copied the checklist as Markdown. Paste it where the incident is coordinated.",
    "checklist.copy_refused": ("This browser did not let the page copy. The Markdown is in the box below: select it "
                               "all and copy."),
    "checklist.title_one": "{role} checklist",
    "checklist.title_many": "Checklists",
    "checklist.md_title": "{title}: {incident}",
    "checklist.md_progress": "{done} of {total} done, as of {time}.",
    "checklist.md_ticked": "(ticked {time})",
    "checklist.md_overdue_since": "**overdue** since {time}",
    "checklist.md_next_due": "next due {time}",
    "checklist.md_repeated": "({every}: last done {last}, {due})",
    "checklist.md_repeated_times": "({every}: last done {last}, {due}; done {n} times: {times})",
    # -- storage trouble (browser) ---------------------------------------------------------
    "storage.lead_in": "Ticks won't be kept.",
    "storage.lost": ("Your ticks are kept only while this tab is open: they will be lost when you reload or close "
                     "it. Use “Copy as Markdown” to keep a record."),
    "storage.unavailable": "This browser does not let the handbook store anything.",
    "storage.corrupt": "The checklist data stored in this browser could not be read (it is left as it was).",
    "storage.newer": "A newer version of the handbook stored checklist data in this browser: reload the page to use it.",
    "storage.write_failed": "Your last change could not be stored (the browser's storage is full or refused it).",
    "storage.discard": "Discard the unreadable data and keep ticks from now on",
    "storage.discarded_said": "Ticks are kept in this browser again.",
    "storage.write_failed_said": "Ticks won't be kept: the browser refused to store them.",
    # -- decisions kept from the wizards (browser) -------------------------------------------
    "decision.record": "Record this decision",
    "decision.recorded": "Recorded in “{name}” at {clock}.",
    "decision.refused": "This decision could not be recorded.",
    # -- reminders (browser) ------------------------------------------------------------------
    "reminder.tab_title": "({count} due) {title}",
    "reminder.a_duty": "a repeated duty",
    "reminder.due_said": "Due now (since {clock}): {text}",
    "reminder.due_title": "Due in “{name}”",
    # -- the incident record: page and Markdown (browser) ------------------------------------------
    "record.heading": "Incident record: {name}",
    "record.md_started": "Started {started}; exported {exported}.",
    "record.md_decided_at": "decided {time}",
    "record.md_overdue_since": "**Overdue** since {time}",
    "record.md_next_due": "next due {time}",
    "record.md_cadence": "({every}; last done {last})",
    "record.md_last_done": "(last done {last})",
    "record.channel_label": "Incident channel",
    "record.plan_label": "Comms plan",
    "record.links_hint": "Links for whoever reads the record or takes it over (web addresses).",
    "record.link_refused": "That is not a web address (it should start with https://), so it was not kept.",
    "record.link_saved": "{what} kept.",
    "record.timeline": "Timeline (UTC)",
    "record.decisions": "Decisions",
    "record.duties": "Duties coming due",
    "record.progress": "Progress by role",
    "record.handover": "Hand over and export",
    "record.event_started": "Incident record started",
    "record.event_decision": "Decided with “{title}”: {outcome}",
    "record.event_ticked": "Ticked: {text}",
    "record.event_ticked_role": "Ticked ({role}): {text}",
    "record.event_again": "Done again: {text}",
    "record.event_again_role": "Done again ({role}): {text}",
    "record.no_decisions": "No decision recorded yet. At a wizard's outcome, use “Record this decision”.",
    "record.no_duties": "No repeated duty has been started yet.",
    "record.nothing_ticked": "Nothing ticked yet.",
    "record.no_events": "Nothing recorded yet.",
    "record.reopen_decision": "Open this decision in the wizard",
    "record.show_record": "The decision record",
    "record.answers": "Answers",
    "record.duty_overdue": "Overdue",
    "record.duty_overdue_since": "since {time}",
    "record.duty_next_due": "Next due {time}",
    "record.duty_not_started": "Not done yet",
    "record.duty_last_done": "last done {time}",
    "record.notify_offer": "Also remind me with a browser notification",
    "record.notify_granted": "Browser notifications are on for due duties while the handbook is open.",
    "record.notify_denied": ("This browser does not allow notifications from the handbook; the tab's title and an "
                             "announcement still say when a duty is due."),
    "record.copy": "Copy as Markdown",
    "record.copied": "Copied the incident record as Markdown. Paste it into the incident channel or the post-mortem.",
    "record.copy_refused": ("This browser did not let the page copy. The Markdown is in the box below: select it all "
                            "and copy."),
    "record.export_label": "The incident record as Markdown: select it all and copy",
    "record.save_handover": "Save handover file",
    "record.handover_saved": "Saved {file}. Send it to whoever takes over; they open it on this page.",
    "record.open_handover": "Open a handover file",
    "record.open_handover_hint": ("Whoever takes over opens the file here to continue with the same decisions, ticks "
                                  "and due duties."),
    "record.handover_refused": "This handover was not opened, and nothing stored here was changed. {why}",
    "record.handover_taken": "Opened the handover of “{name}”: {decisions}, {items}. It is now the current incident.",
    "record.decision": "{n} decision",
    "record.decisions_n": "{n} decisions",
    "record.ticked_item": "{n} ticked item",
    "record.ticked_items": "{n} ticked items",
    "record.handover_unreadable": "The file could not be read.",
    # -- why a handover file was refused (browser) -----------------------------------------------
    "handover.too_large": "The file is too large to be a handover.",
    "handover.empty": "The file is empty.",
    "handover.incomplete": "The file is not a complete handover: it may have been cut short, or it is another kind of file.",
    "handover.not_handover": "The file is not an incident handover from this handbook.",
    "handover.no_version": "The handover does not say which version it is.",
    "handover.newer": ("The handover was made by a newer version of the handbook (format {version}; this one reads up "
                       "to {known}). Reload the page to get the newest handbook, then try again."),
    "handover.bad_field": "The handover has a field that cannot be read: {fields}.",
    "handover.bad_fields": "The handover has fields that cannot be read: {fields}.",
    "handover.more": "(and {n} more)",
    # -- the offline copy (browser) ------------------------------------------------------------
    "offline.offline": "Offline: you are reading the copy of the handbook saved in this browser.",
    "offline.update": "A newer version of the handbook is ready.",
    "offline.reload": "Reload",
    # -- runbooks ----------------------------------------------------------------------------------
    "runbook.title": "{role} runbook",
    "runbook.every": "At least {every}:",
    "runbook.kept_by": "(kept by {role})",
    "runbook.not_yours": "Not yours:",
    "runbook.yours": "Yours, from other roles:",
    "runbook.not_theirs": "(not the {role}’s)",
    "runbook.from": "From the handbook: {handbook} › {roles} › {role}",
    "runbook.key_rules": "Key rules",
    "runbook.decide": "Decide: {tree}",
    "runbook.see": "see {where}",
    "runbook.pdf": "PDF, {paper}",
    "runbook.note": "Print this page for a paper runbook: the site's navigation and buttons are left out.",
    "runbook.download": "Or download it: {links}.",
    "runbook.index_title": "Runbooks",
    "runbook.index_intro": ("A runbook for each role, to print and keep at hand: the key rules, the checklists with "
                            "empty boxes and the decisions the role makes. This page holds them all, each starting on "
                            "a new sheet, so printing it prints every runbook."),
    "runbook.all_pdf": "Every runbook in one PDF: {links}.",
    "runbook.all": "All runbooks",
    # -- the maintainers' review page -----------------------------------------------------------------
    "review.title": "Review: the decision trees against the handbook",
    "review.play": "Play this path",
    "review.paths": "Paths",
    "review.applies": "Applies",
    "review.passages": "Passages that bear on decisions",
    "review.outside": "Outside the wizards:",
    "review.caption": "Each passage and the outcomes that apply it",
    "review.passage": "Passage",
    "review.kind": "Kind",
    "review.words": "Words",
    "review.applied_by": "Applied by",
    # -- generated pages (pages.py: wired by the merge of the pages work) ---------------------------
    "pages.start_here": "In an incident now? Start here",
    "pages.kind_wizard": "Decision wizard",
    "pages.kind_checklist": "Checklist",
    "pages.from_handbook": "From the handbook",
    "pages.in_handbook": "In the handbook",
    "pages.about": "About these guidelines",
    "pages.contents": "What's in this handbook",
    "pages.roles": "Roles",
    "pages.decision_wizards": "Decision wizards:",
    "pages.adapted_from": "Adapted from {source}.",
    "pages.not_sure": "Not sure? Use the wizard:",
    "pages.appointee_role": "The {role}'s role",
    "pages.responsibilities": "Responsibilities",
    "pages.rule_who": "Who: {role}",
    "pages.guidelines_cta": "Use the wizard:",
    "pages.channels_caption": "Channels, in the order we use them",
    "pages.channels_order": "Order",
    "pages.channels_channel": "Channel",
    "pages.channels_use": "Use",
    "pages.channels_why": "Why",
    "pages.channels_from": "From",
    "pages.kept_by": "Kept by {role}",
    "pages.more": "More:",
    "pages.appointed_by": "Appointed by: {roles} — see {page}.",
    "pages.appointed_by_only": "Appointed by: {roles}.",
    "pages.does": "What does the {role} do?",
    "pages.does_not": "What does the {role} not do?",
    "pages.taken_on": "Taken on from other roles",
    "pages.not_for": "Not for the {role}",
    "pages.owner": "Owner:",
    "pages.owned_by": "Owned by {role}.",
    "pages.why": "Why",
    "pages.why_phase": "Why this phase",
    "pages.concerns": "Concerns:",
    "pages.decision_wizard": "Decision wizard:",
    "pages.repeat": "Repeat at least {every}.",
    "pages.decision_tables": "Decision tables",
    "pages.decision_tables_intro": "Every path through each decision wizard, and the outcome it reaches.",
    # -- navigation (plugin.py's default_nav: wired by the merge of the pages work) -------------------
    "nav.home": "Home",
    "nav.roles": "Roles",
    "nav.all_roles": "All roles",
    "nav.decision_tables": "Decision tables",
    "nav.runbooks": "Runbooks",
}

# Keys whose default is neutral where this project's handbook says it its own way; its
# checklists/handbook.yml overrides each under ``words:`` so our site reads as before.
OUR_PHRASING = (
    "incident.intro",             # "... a handover file for the next Comms Lead to open ..."
    "checklist.copied",           # "Paste it into the comms plan or the incident channel."
    "record.handover_saved",      # "Send it to the next Comms Lead; ..."
    "record.open_handover_hint",  # "The next Comms Lead opens the file here ..."
    "pages.guidelines_cta",       # "Deciding whether to tell users now?"
)

# Key prefixes the browser's scripts use: these words are in every page's JSON. (A duty's cadence is said
# by the build, in the page: its words are not among them.)
BROWSER = ("outcome.", "wizard.", "engine.", "picker.", "checklist.", "storage.", "decision.",
           "reminder.", "record.", "handover.", "offline.", "time.")


def placeholders(text: str) -> set:
    return set(PLACEHOLDER.findall(text))


def fill(template: str, **values) -> str:
    """``template`` with each ``{name}`` replaced by ``values[name]`` (as it is: escape first if need be)."""
    return PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)


def check(overrides, where: Positions, problems: ProblemList, path: tuple = ("words",)) -> None:
    """Each override: a known key, text, with the default's placeholders exactly."""
    if not isinstance(overrides, dict):
        return  # the schema reports it
    for key, text in overrides.items():
        at = path + (key,)
        if key not in DEFAULTS:
            hint = did_you_mean(str(key), DEFAULTS) or " (the keys are listed in incident_engine/words.py)"
            problems.add(where, at, f"unknown word '{key}'{hint}", key=True)
            continue
        if not isinstance(text, str) or not text.strip():
            problems.add(where, at, "say the words: empty text is not allowed")
            continue
        want, got = placeholders(DEFAULTS[key]), placeholders(text)
        if want != got:
            expected = ", ".join("{" + p + "}" for p in sorted(want)) or "none"
            extra = sorted(got - want)
            detail = f"; unknown: {', '.join('{' + p + '}' for p in extra)}" if extra else ""
            problems.add(where, at, f"the placeholders must be exactly those of the default ({expected}){detail}")


def merge(overrides=None) -> dict:
    """The words of a build: the defaults, with the handbook's overrides (checked already) on top."""
    out = dict(DEFAULTS)
    for key, text in (overrides or {}).items():
        if key in DEFAULTS and isinstance(text, str) and text.strip():
            out[key] = " ".join(text.split())
    return out


def browser_words(words: dict) -> dict:
    """The words the scripts use: plain text, but the record's Markdown export keeps its markup."""
    from . import inline

    return {k: inline.to_markdown(v) if ".md_" in k else inline.to_plain(v)
            for k, v in words.items() if k.startswith(BROWSER)}


def every(words: dict, minutes: int, *, short: bool = False) -> str:
    """A cadence as people say it: 'every 20 minutes', 'every 6 hours', 'every hour', 'every day';
    ``short``, as the Markdown exports write it: 'every 20 min', 'every 6 h', 'every 1 d'."""
    if short:
        key, n = (("cadence.short_days", minutes // 1440) if minutes % 1440 == 0 else
                  ("cadence.short_hours", minutes // 60) if minutes % 60 == 0 else ("cadence.short_minutes", minutes))
        return fill(words[key], n=n)
    if minutes % 1440 == 0:
        n = minutes // 1440
        return words["cadence.day"] if n == 1 else fill(words["cadence.days"], n=n)
    if minutes % 60 == 0:
        n = minutes // 60
        return words["cadence.hour"] if n == 1 else fill(words["cadence.hours"], n=n)
    return words["cadence.minute"] if minutes == 1 else fill(words["cadence.minutes"], n=minutes)


def due_in(words: dict, minutes: int) -> str:
    """When a duty done now is next due: 'in 20 minutes', 'in 6 hours'."""
    if minutes % 60 == 0:
        return fill(words["checklist.due_in_hours"], n=minutes // 60)
    return fill(words["checklist.due_in_minutes"], n=minutes)


def html(words: dict, key: str, **values) -> str:
    """Safe HTML of the words under ``key``; ``values`` are HTML already (escaped by the caller)."""
    from . import inline

    return fill(inline.to_html(words[key]), **values)


def plain(words: dict, key: str, **values) -> str:
    """The words under ``key`` as plain text (for headings, titles and attributes); ``values`` are plain."""
    from . import inline

    return fill(inline.to_plain(words[key]), **values)
