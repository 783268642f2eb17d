"""Fuzz: hostile document text in a reminder comment and its printed line, and arbitrary
comment text read as a snooze command."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from action_tracker.digest.period import period_for
from action_tracker.markers import find_markers
from action_tracker.render.reminder import reminder_comment, reminder_line
from action_tracker.tracking.remind import Reminder
from action_tracker.tracking.reminders import snooze_command
from tests.hostile import foreign_html, mentions, runner_commands

PIECES = ["@torvalds", "@acme/everyone", "@here", "<details>", "<!--", "-->", "`", "```",
          "<!-- action-tracker:reminder v=1 pm=a action=b period=2026-W50 -->", "|", "\\",
          "&#64;x", "\u2028", "\n", "\n::error::pwned", "##[stop-commands]t", "/snooze 2w\n",
          "[x](javascript:alert(1))", " ", "a"]
hostile = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


@settings(max_examples=150, deadline=None)
@given(title=hostile, owner=hostile, description=hostile, pm=hostile,
       kind=st.sampled_from(["reminder", "escalation", "both"]),
       assignees=st.sampled_from([[], ["alice"], ["alice", "bob"]]))
def test_reminder_mentions_only_assignees_and_escalation_targets(
    title: str, owner: str, description: str, pm: str, kind: str, assignees: list[str],
) -> None:
    period = period_for(dt.date(2026, 12, 7))
    item = Reminder(issue=12, postmortem=pm or "pm", postmortem_title=title,
                    postmortem_url="https://github.com/acme/widgets/blob/HEAD/p.md",
                    action="a1", description=description, assignees=assignees, owner=owner,
                    due=dt.date(2026, 11, 1), days_overdue=36, kind=kind,  # type: ignore[arg-type]
                    status="would_send",
                    escalate_to=["acme/leads"] if kind != "reminder" else [])
    body = reminder_comment(item, period=period, digest_url=None, escalate_after_days=30)
    allowed = {a.lower() for a in assignees if kind != "escalation"} | (
        {"acme/leads"} if kind != "reminder" else set())
    assert {m.lower() for m in mentions(body)} <= allowed
    assert foreign_html(body) == []
    assert all(m.kind in ("reminder", "escalation") and m.get("pm") == item.postmortem
               for m in find_markers(body))
    assert runner_commands(reminder_line(item)) == []


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_comment_text_reads_as_a_snooze_or_not_without_failing(text: str) -> None:
    result = snooze_command(text, dt.date(2026, 12, 4))
    assert result is None or isinstance(result, dt.date)
