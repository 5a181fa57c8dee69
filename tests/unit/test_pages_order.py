"""Pages as data in the core: optional prose pages with ids, ``kind: page``, and the order of the nav and roles."""

from __future__ import annotations

from tests.unit.test_coverage import load

PAGE = {"kind": "page", "id": "etiquette", "title": "Call etiquette", "intro": "How we behave.",
        "sections": [{"id": "mute", "title": "Mute.", "text": "Mute when not speaking.", "list": ["One.", "Two."],
                      "callouts": [{"id": "echo", "title": "Echo:", "text": "no speakerphones."}],
                      "blocks": [{"checklist": "lead/during"}, {"wizard": "pick"}]}]}


def add(name, data):
    return lambda files: files.__setitem__(name, data)


def drop(*names):
    return lambda files: [files.pop(name) for name in names]


def applies(*ids):
    return lambda files: files["trees/pick.yml"]["nodes"][1]["applies"].extend(ids)


def test_by_default_the_nav_is_todays_order_with_content_pages_after_the_prose_pages():
    hb, problems = load(add("pages/etiquette.yml", PAGE), applies("echo"))
    assert not problems
    assert hb.nav == ["home", "wizards", "incident", "appointing", "guidelines", "channels", "etiquette", "roles",
                      "decision-tables", "runbooks", "hand-written"]


def test_listed_nav_entries_come_first_and_the_others_follow_in_the_default_order():
    def nav(files):
        files["handbook.yml"]["nav"] = ["home", "etiquette", "roles"]
    hb, problems = load(add("pages/etiquette.yml", PAGE), applies("echo"), nav)
    assert not problems
    assert hb.nav[:4] == ["home", "etiquette", "roles", "wizards"] and hb.nav[-1] == "hand-written"


def test_a_section_is_a_passage_on_its_page_and_its_callouts_bear_on_decisions():
    hb, problems = load(add("pages/etiquette.yml", PAGE))
    assert problems == ["checklists/pages/etiquette.yml:1:1: sections[0].callouts[0].id: callout 'echo' bears on "
                        "decisions, but no outcome applies it: add it to 'applies' of the outcomes it concerns "
                        "(could be: pick/go, pick/wait), or mark it 'outside_wizards: <why it bears on no wizard "
                        "decision>'"]
    hb, problems = load(add("pages/etiquette.yml", PAGE), applies("echo"))
    mute = hb.passages["mute"]
    assert (mute.page, mute.anchor, mute.kind, mute.bears_on_decisions) == ("etiquette", "mute", "section", False)
    section = hb.pages["etiquette"].sections[0]
    assert section.items == ["One.", "Two."]
    assert [(b.kind, b.ref, b.path) for b in section.blocks] == [
        ("checklist", "lead/during", "sections[0].blocks[0].checklist"), ("wizard", "pick", "sections[0].blocks[1].wizard")]


def test_the_appointment_guidelines_and_channels_pages_are_optional_and_named_by_their_id():
    def rename(files):
        files["appointing.yml"]["id"] = "who-leads"
    hb, problems = load(rename)
    assert not problems
    assert hb.appointment.id == "who-leads" and hb.passages["own"].page == "who-leads"
    assert [pid for pid, _ in hb.prose_pages()] == ["who-leads", "guidelines", "channels"]

    def elsewhere(files):  # what rested on the dropped pages rests on a content page
        files["pages/etiquette.yml"] = {"kind": "page", "id": "etiquette", "title": "E", "sections": [
            {"id": "calm", "title": "Calm."}, {"id": "rule", "title": "A rule."}]}
        files["trees/pick.yml"]["nodes"][1]["applies"] = ["lead/status", "not-vip"]
        files["trees/pick.yml"]["nodes"][2].pop("applies")
    hb, problems = load(drop("appointing.yml", "guidelines.yml", "channels.yml"), elsewhere)
    assert not problems, problems
    assert (hb.appointment, hb.guidelines, hb.channels) == (None, None, None)
    assert "appointing" not in hb.nav and "etiquette" in hb.nav


def test_duties_from_the_appointment_need_an_appointment_page():
    def from_appointment(files):
        files["roles/lead.yml"]["responsibilities_from"] = "appointment"
    _, problems = load(drop("appointing.yml"), from_appointment,
                       lambda files: files["trees/pick.yml"]["nodes"][2].__setitem__("rests_on", "calm"))
    assert problems == ["checklists/roles/lead.yml:1:1: responsibilities_from: there is no appointment page to take "
                        "the responsibilities from: add a file with 'kind: appointment', or remove this"]


def test_roles_follow_roles_then_the_default_order():
    other = {"kind": "role", "id": "helper", "name": "Helper", "summary": "Helps.",
             "checklists": [{"id": "help", "title": "Help", "rests_on": "calm", "items": [{"id": "h", "text": "Help."}]}]}
    hb, _ = load(add("roles/helper.yml", other))
    assert list(hb.roles) == ["lead", "helper"]

    def order(files):
        files["handbook.yml"]["roles"] = ["helper"]
    hb, problems = load(add("roles/helper.yml", other), order)
    assert not problems and list(hb.roles) == ["helper", "lead"]
