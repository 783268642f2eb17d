"""Lessons learned, sorted into went_well / went_wrong / got_lucky / other."""

from __future__ import annotations

import pytest

from action_tracker.models import Lessons
from tests.parser.helpers import parse


def lessons(body: str) -> Lessons:
    return parse(f"# DB failover\n\nDate: 2026-01-10\n\n{body}").lessons


@pytest.mark.parametrize(("heading", "category"), [
    ("What went well", "went_well"), ("What Went Well?", "went_well"),
    ("Things that went well", "went_well"), ("What worked", "went_well"),
    ("What went wrong", "went_wrong"), ("What went poorly", "went_wrong"),
    ("What didn't go so well", "went_wrong"), ("What could be improved", "went_wrong"),
    ("Things to improve", "went_wrong"), ("Where we got lucky", "got_lucky"),
    ("Where we got lucky:", "got_lucky"), ("Lessons learned", "other"),
    ("Lessons Learnt", "other"), ("Key takeaways", "other"),
])
def test_heading_names_the_category(heading: str, category: str) -> None:
    got = lessons(f"## {heading}\n\n- The failover runbook was current\n")
    assert getattr(got, category) == ["The failover runbook was current"]
    assert sum(len(v) for v in got.model_dump().values()) == 1


def test_subsections_of_lessons_learned() -> None:
    got = lessons("## Lessons learned\n\n- Test restores monthly\n\n"
                  "### What went well\n\n- Alerts fired within a minute\n\n"
                  "### What went wrong\n\n- The rollback took an hour\n\n"
                  "### Where we got lucky\n\n- Traffic was low on a Sunday\n")
    assert got.model_dump() == {
        "went_well": ["Alerts fired within a minute"],
        "went_wrong": ["The rollback took an hour"],
        "got_lucky": ["Traffic was low on a Sunday"],
        "other": ["Test restores monthly"]}


@pytest.mark.parametrize("label", ["What went well:", "**What went well**", "What Went Well"])
def test_plain_line_labels_name_the_category(label: str) -> None:
    got = lessons(f"## Lessons learned\n\n{label}\n\n- Alerts fired within a minute\n\n"
                  "Where we got lucky:\n\n- Traffic was low\n")
    assert (got.went_well, got.got_lucky) == (["Alerts fired within a minute"],
                                              ["Traffic was low"])


def test_paragraphs_are_lessons_when_there_is_no_list() -> None:
    got = lessons("## Lessons learned\n\nWe were lucky that the outage began at night.\n\n"
                  "Restores were never tested.\n\nThe failover runbook was out of date and "
                  "nobody noticed for a year.\n")
    assert got.got_lucky == ["We were lucky that the outage began at night."]
    assert got.other == ["Restores were never tested.",
                         "The failover runbook was out of date and nobody noticed for a year."]


@pytest.mark.parametrize("body", [
    "TBD.", "_List what went well._", "- TBD\n- <lesson>", "*Describe what went wrong here.*",
    "N/A", "We didn't, really.", "Nothing to report.",
])
def test_placeholders_and_template_guidance_are_not_lessons(body: str) -> None:
    got = lessons(f"## What went well\n\n{body}\n\n## Where we got lucky\n\n{body}\n")
    assert got.is_empty()


def test_lead_in_lines_are_not_lessons() -> None:
    got = lessons("## What went wrong\n\nA few things slowed us down:\n\n- Paging was slow\n")
    assert got.went_wrong == ["Paging was slow"]


def test_non_lesson_sections_give_no_lessons() -> None:
    got = lessons("## Root cause\n\n- A kernel bug\n\n## Contributing factors\n\n"
                  "- No alert on lag\n\n## Timeline\n\n- 10:00 paged\n")
    assert got.is_empty()


def test_action_items_are_not_lessons_and_lessons_are_not_actions() -> None:
    pm = parse("# DB failover\n\n## What went wrong\n\n- The rollback took an hour\n\n"
               "## Action items\n\n- Script the rollback\n")
    assert pm.lessons.went_wrong == ["The rollback took an hour"]
    assert [a.description for a in pm.actions] == ["Script the rollback"]


def test_quoted_prompts_are_not_lessons() -> None:
    got = lessons("## What went well\n\n> What went well during the response?\n\n- Paging\n")
    assert got.went_well == ["Paging"]
