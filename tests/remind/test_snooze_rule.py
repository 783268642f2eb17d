"""The snooze rule (``tracking.reminders``): which comments snooze, until when, by whom."""

from __future__ import annotations

import datetime as dt

import pytest

from action_tracker.github.threads import IssueThread, RecentComment
from action_tracker.testing.issues import tracked
from action_tracker.tracking.reminders import OFF, may_snooze, snooze_command, snoozes

POSTED = dt.date(2026, 12, 4)


@pytest.mark.parametrize(("body", "until"), [
    ("/snooze 2w", dt.date(2026, 12, 18)),
    ("/snooze 3d", dt.date(2026, 12, 7)),
    ("/snooze 1m", dt.date(2027, 1, 4)),
    ("/SNOOZE 10 days", dt.date(2026, 12, 14)),
    ("/snooze 2026-12-31", dt.date(2026, 12, 31)),
    ("Busy with the freeze.\n/snooze 1 week\n", dt.date(2026, 12, 11)),
    ("/snooze 2w\n/snooze off", OFF),
    ("/snooze off", OFF),
    ("please /snooze 2w", None),
    ("> /snooze 2w", None),
    ("/snooze", None),
    ("/snooze 2026-02-30", None),
    ("/snooze 2y", None),
    ("/snoozed 2w", None),
])
def test_snooze_command(body: str, until: dt.date | None) -> None:
    assert snooze_command(body, POSTED) == until


def test_month_end_and_huge_durations_do_not_fail() -> None:
    assert snooze_command("/snooze 1m", dt.date(2027, 1, 31)) == dt.date(2027, 2, 28)
    assert snooze_command("/snooze 9999w", POSTED) == POSTED + dt.timedelta(days=3650)


def test_who_may_snooze() -> None:
    assert may_snooze("Alice", "NONE", ["alice"])
    assert may_snooze("dana", "MEMBER", [])
    assert may_snooze("owner", "OWNER", [])
    assert may_snooze("eve", "COLLABORATOR", [])
    assert not may_snooze("mallory", "CONTRIBUTOR", ["alice"])
    assert not may_snooze("mallory", "NONE", [])
    assert not may_snooze(None, "MEMBER", [])


def comment(author: str, body: str, day: int, association: str = "NONE") -> RecentComment:
    return RecentComment(author=author, association=association, body=body,
                         created_at=dt.datetime(2026, 12, day, 9, tzinfo=dt.UTC))


def test_latest_accepted_snooze_wins_and_expires() -> None:
    issue = tracked(7, assignees=("alice",))
    thread = IssueThread(issue=issue, comments=[
        comment("alice", "/snooze 1m", 1),
        comment("mallory", "/snooze off", 3),  # not theirs to lift either
        comment("alice", "/snooze 2w", 2),
    ])
    assert snoozes([thread], dt.date(2026, 12, 8)) == {7: dt.date(2026, 12, 16)}
    assert snoozes([thread], dt.date(2026, 12, 16)) == {}
    lifted = IssueThread(issue=issue, comments=[*thread.comments,
                                                comment("dana", "/snooze off", 5, "MEMBER")])
    assert snoozes([lifted], dt.date(2026, 12, 8)) == {}
