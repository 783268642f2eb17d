"""Styles found when checking the parser against public postmortems it had never seen
(issue 13): past-tense reports with an adverb or a hyphenated verb, a bold "Action item:"
lead-in, and timelines whose first row is a lone background event.

The fixture in ``fixtures/unseen`` is our own text written in those styles.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from action_tracker.models import Postmortem
from action_tracker.parsing import parse_text
from tests.parser.helpers import one, parse

FIXTURES = Path(__file__).parent / "fixtures" / "unseen"


def _parse(name: str) -> Postmortem:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return parse_text(text, f"postmortems/{name}")


def test_security_postmortem_reads_like_an_engineer_would() -> None:
    # "We revoked the token …" opening the remediation section tells how the incident was
    # fixed; the sub-section's list below holds the follow-ups.
    pm = _parse("registry-token-leak.md")
    assert [(a.description, a.owner, a.status) for a in pm.actions] == [
        ("Rotate every long-lived registry credential and record the rotation date.",
         "@mara", "unknown"),
        ("We've permanently disabled debug logging on release jobs.", None, "done"),
        ("Re-issued the deploy keys with publish-only scope.", None, "done"),
        ("Moved the release job to short-lived OIDC credentials.", None, "done"),
    ]
    # The lone first row two days earlier is background; the incident is the first day
    # with more than one event.
    assert pm.date == dt.date(2025, 3, 4)


@pytest.mark.parametrize("item", [
    "We've significantly tightened the release workflow",
    "We have quietly retired the old build hosts",
    "We\u2019ve moved the cron jobs to the scheduler",
    "Re-worked the secrets management for CI",
    "Pre-provisioned two spare nodes per zone",
    "The team has already fully migrated the queue",
])
def test_past_tense_with_an_adverb_or_a_hyphenated_verb_is_done(item: str) -> None:
    assert one(f"- {item}\n").status == "done"


@pytest.mark.parametrize("item", [
    "We really need a staging environment",
    "Re-work the secrets management for CI",
    "Well-documented runbooks for every alert",
    "We should significantly reduce the blast radius",
])
def test_work_still_to_do_is_not_done(item: str) -> None:
    assert one(f"- {item}\n").status != "done"


def test_bold_action_item_lead_in_keeps_no_emphasis_marks() -> None:
    text = ("# Queue backlog\n\nDate: 2025-05-01\n\n## Follow-up\n\n"
            "**Action item:** Page the on-call when the backlog passes 10k.\n")
    [action] = parse(text).actions
    assert action.description == "Page the on-call when the backlog passes 10k."


def test_plain_action_item_lead_in_keeps_the_items_own_emphasis() -> None:
    text = ("# Queue backlog\n\nDate: 2025-05-01\n\n## Follow-up\n\n"
            "Action item: **Page** the on-call when the backlog passes 10k.\n")
    [action] = parse(text).actions
    assert action.description == "**Page** the on-call when the backlog passes 10k."


def _timeline_doc(*rows: str) -> str:
    lines = "\n".join(f"| {r} |" for r in rows)
    return f"# Node outage\n\n## Timeline\n\n| Time | Event |\n|---|---|\n{lines}\n"


def test_timeline_day_after_a_lone_background_row() -> None:
    pm = parse(_timeline_doc("2023-02-13 07:30 | Rollover scheduled",
                             "2023-02-14 09:33 | Users report missing logs",
                             "2023-02-14 10:48 | No nodes left"), "postmortems/node-outage.md")
    assert pm.date == dt.date(2023, 2, 14)


def test_timeline_that_runs_for_days_keeps_its_first_busy_day() -> None:
    pm = parse(_timeline_doc("2019-11-29 12:00 | Cluster scaled up ahead of migrations",
                             "2019-11-30 08:24 | Load balancer cannot scale: no free IPs",
                             "2019-11-30 10:30 | Cluster scaled down to free addresses",
                             "2019-12-04 03:00 | New subnets ready",
                             "2019-12-04 09:30 | Teams asked to scale down",
                             "2019-12-04 11:00 | Network replaced"), "postmortems/ip.md")
    assert pm.date == dt.date(2019, 11, 30)


def test_timeline_with_one_event_per_day_keeps_its_first_row() -> None:
    pm = parse(_timeline_doc("2024-06-01 | Disk fills", "2024-06-02 | Disk replaced"),
               "postmortems/disk.md")
    assert pm.date == dt.date(2024, 6, 1)


@pytest.mark.parametrize("item", [
    "Add a canary stage to the release. Owner: @mara",
    "Add a canary stage to the release. **Owner:** @mara",
])
def test_owner_label_before_a_handle_leaves_the_description(item: str) -> None:
    action = one(f"- {item}\n")
    assert (action.description, action.owner) == ("Add a canary stage to the release.", "@mara")


def test_a_lower_case_owner_inside_the_sentence_stays() -> None:
    action = one("- Ask the service owner: @mara\n")
    assert action.description == "Ask the service owner"


def test_finished_work_in_prose_is_an_action_when_the_section_has_no_lists_below() -> None:
    text = ("# Build outage\n\nDate: 2025-05-01\n\n## Follow-up actions\n\n"
            "Moved the build service to our own hosts.\n")
    [action] = parse(text).actions
    assert (action.description, action.status) == (
        "Moved the build service to our own hosts.", "done")


@pytest.mark.parametrize(("line", "day"), [
    ("**Date:** January 14-19, 2026", dt.date(2026, 1, 14)),
    ("Date: 14–19 January 2026", dt.date(2026, 1, 14)),
    ("Date: Jan 3 - 5, 2024", dt.date(2024, 1, 3)),
])
def test_a_span_of_days_dates_the_incident_by_its_first_day(line: str, day: dt.date) -> None:
    pm = parse(f"# SDK outage\n\n{line}\n\n## Action items\n\n- Add a test\n",
               "postmortems/sdk-outage.md")
    assert pm.date == day


def test_an_insights_section_holds_lessons() -> None:
    pm = parse("# SDK outage\n\nDate: 2026-01-14\n\n## Insights\n\n"
               "1. **Wrapper changes are high-risk:** the test suite does not cover them.\n\n"
               "2. **Feature flags help:** a flag would have allowed a rollback.\n\n"
               "## Action items\n\n- Add wrapper tests\n", "postmortems/sdk-outage.md")
    assert len(pm.lessons.other) == 2
    assert [a.description for a in pm.actions] == ["Add wrapper tests"]
