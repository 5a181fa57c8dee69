"""Role groups are declared by the handbook; roles follow their order, then file order."""

from __future__ import annotations

from tests.unit.test_coverage import ROLE, load


def second_role(files, rid="aide", group=None):
    role = {**ROLE, "id": rid, "name": rid.title(), "checklists": [
        {"id": "c", "title": "C", "items": [{"id": "x", "text": "Do."}]}]}
    role.pop("group", None)
    role.pop("does_not", None)
    if group:
        role["group"] = group
    files[f"roles/{rid}.yml"] = role


def declare(*groups):
    def change(files):
        files["handbook.yml"]["groups"] = [{"id": g, "title": g.title()} for g in groups]
    return change


def test_roles_follow_the_declared_groups_then_file_order():
    def roles(files):
        files["roles/lead.yml"]["group"] = "later"
        second_role(files, "aide", "first")
    hb, problems = load(declare("first", "later"), roles)
    assert problems == []
    assert list(hb.roles) == ["aide", "lead"]
    assert [g.title for g in hb.front.groups] == ["First", "Later"]
    assert hb.group("first").runbook_channels is True


def test_without_groups_a_role_needs_none_and_naming_one_says_to_declare_it():
    hb, problems = load()
    assert problems == [] and hb.roles["lead"].group is None and hb.front.groups == []

    def named(files):
        files["roles/lead.yml"]["group"] = "responder"
    _, problems = load(named)
    assert len(problems) == 1 and "group 'responder' is not declared" in problems[0]
    assert "handbook.yml declares no 'groups:'" in problems[0]


def test_a_channel_use_is_free_text_and_no_channel_need_be_primary():
    def channels(files):
        files["channels.yml"]["channels"] = [
            {"id": "chat", "name": "Chat", "use": "Only when *asked*", "text": "Chat."},
            {"id": "mail", "name": "Mail", "use": "Always", "text": "Mail.", "supersedes": "chat"}]
    hb, problems = load(channels)
    assert problems == []
    assert [c.use for c in hb.channels.channels] == ["Only when *asked*", "Always"]
    assert hb.channels.channels[0].rests_on is None
