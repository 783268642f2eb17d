"""YAML (``---``) and TOML (``+++``) front matter, its ``actions:`` list, and broken ones."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.parser.helpers import parse

YAML_DOC = """---
id: pm-2026-007
title: Replica lag outage
date: 2026-01-12
severity: SEV2
status: final
authors:
  - Ana Silva
  - name: Bo Chen
actions:
  - Add a lag alert @ana due 2026-03-01
  - description: Script the failover
    owner: Bo Chen
    due: 2026-04-01
    priority: high
    type: repair
    ticket: acme/db#12
    id: DB-2
  - description: Rotate the replication password
    done: true
---
# Replica lag outage

## Action items

- [ ] Write the failover runbook
"""


def test_yaml_front_matter_metadata() -> None:
    pm = parse(YAML_DOC)
    assert (pm.id, pm.title, pm.date, pm.severity, pm.status, pm.authors) == (
        "pm-2026-007", "Replica lag outage", dt.date(2026, 1, 12), "SEV2", "final",
        ["Ana Silva", "Bo Chen"])
    assert pm.problems == []


def test_front_matter_actions_come_first_with_their_lines() -> None:
    found = parse(YAML_DOC).actions
    assert [(a.description, a.line) for a in found] == [
        ("Add a lag alert", 11), ("Script the failover", 12),
        ("Rotate the replication password", 19), ("Write the failover runbook", 26)]


def test_front_matter_action_fields() -> None:
    text_item, mapping, done, _ = parse(YAML_DOC).actions
    assert (text_item.owner, text_item.due) == ("@ana", dt.date(2026, 3, 1))
    assert mapping.model_dump(include={"id", "owner", "due", "priority", "type", "ticket"}) == {
        "id": "DB-2", "owner": "Bo Chen", "due": dt.date(2026, 4, 1), "priority": "P1",
        "type": "repair", "ticket": "acme/db#12"}
    assert done.status == "done"


def test_front_matter_action_without_description_warns() -> None:
    pm = parse("---\nactions:\n  - owner: Ana\n  - Real one\n---\n# T\n")
    assert [a.description for a in pm.actions] == ["Real one"]
    assert [(p.line, p.severity) for p in pm.problems] == [(3, "warning")]


def test_front_matter_actions_that_is_not_a_list_is_an_error() -> None:
    pm = parse("---\nactions: fix everything\n---\n# T\n")
    assert pm.actions == [] and pm.problems[0].severity == "error"


def test_toml_front_matter() -> None:
    pm = parse('+++\ntitle = "Login limiter"\ndate = 2026-03-20\nseverity = "SEV3"\n'
               'authors = ["Joel"]\n+++\n\n# Ignored H1\n\n## Action items\n\n- Raise the limit\n')
    assert (pm.title, pm.date, pm.severity, pm.authors) == (
        "Login limiter", dt.date(2026, 3, 20), "SEV3", ["Joel"])
    assert pm.actions[0].line == 12


@pytest.mark.parametrize(("front", "line"), [
    ("---\ntitle: [unclosed\n---\n", 3),
    ("---\ntitle: a\n  bad: indent\n---\n", 3),
    ("---\n- just\n- a list\n---\n", 1),
    ("---\ncount: !!int many\n---\n", 1),
    ("+++\ntitle = \n+++\n", 1),
    ("+++\ntitle = \"never closed\"\n", 1),
])
def test_broken_front_matter_is_an_error_and_the_body_is_still_read(front: str,
                                                                     line: int) -> None:
    pm = parse(front + "# T\n\n## Action items\n\n- Still read\n")
    errors = [p for p in pm.problems if p.severity == "error"]
    assert len(errors) == 1 and errors[0].line == line
    assert "front matter" in errors[0].message
    assert [a.description for a in pm.actions] == ["Still read"]


@pytest.mark.parametrize("value", ["2026-02-30", "2026-13-01", "someday"])
def test_front_matter_date_that_does_not_exist_warns(value: str) -> None:
    pm = parse(f"---\ntitle: T\ndate: {value}\n---\n# T\n")
    assert pm.date is None
    assert [p.severity for p in pm.problems] == ["warning"]
    assert value in pm.problems[0].message


def test_front_matter_action_due_that_does_not_exist_warns() -> None:
    pm = parse("---\nactions:\n  - description: Rotate keys\n    due: 2026-02-30\n---\n# T\n")
    assert pm.actions[0].due is None
    assert [(p.line, p.severity) for p in pm.problems] == [(3, "warning")]


def test_a_thematic_break_at_the_top_is_not_front_matter() -> None:
    pm = parse("---\n\n# Lag outage\n\n## Action items\n\n- Add a lag alert\n")
    assert pm.title == "Lag outage" and pm.problems == []
    assert pm.actions[0].line == 7


def test_empty_front_matter() -> None:
    pm = parse("---\n---\n# Lag outage\n")
    assert pm.title == "Lag outage" and pm.problems == []
