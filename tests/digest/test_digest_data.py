"""The digest's arithmetic: periods, overdue / due soon / closed, owners, what needs attention."""

from __future__ import annotations

import datetime as dt

import pytest

from action_tracker.digest.build import Digest, build_digest
from action_tracker.digest.period import parse_period, period_for, previous_period
from action_tracker.digest.records import records_from_documents, records_from_issues
from action_tracker.github.store import TrackedIssue
from action_tracker.models import ActionItem, Lessons, Postmortem
from action_tracker.runtime.config import Config
from action_tracker.testing.issues import UTC, action_body, tracked
from action_tracker.tracking.owners import resolve_owner

D = dt.date


@pytest.mark.parametrize(
    ("today", "label", "start", "end"),
    [
        (D(2026, 11, 29), "2026-W48", D(2026, 11, 23), D(2026, 11, 29)),  # Sunday
        (D(2026, 11, 30), "2026-W49", D(2026, 11, 30), D(2026, 12, 6)),  # Monday
        (D(2026, 12, 31), "2026-W53", D(2026, 12, 28), D(2027, 1, 3)),
        (D(2027, 1, 3), "2026-W53", D(2026, 12, 28), D(2027, 1, 3)),  # Sunday, new year
        (D(2027, 1, 4), "2027-W01", D(2027, 1, 4), D(2027, 1, 10)),
        (D(2025, 12, 29), "2026-W01", D(2025, 12, 29), D(2026, 1, 4)),  # ISO year ahead
    ],
)
def test_iso_week_periods(today: dt.date, label: str, start: dt.date, end: dt.date) -> None:
    period = period_for(today, "week")
    assert (period.label, period.start, period.end) == (label, start, end)
    assert parse_period(label) == period


@pytest.mark.parametrize(
    ("today", "label", "end"),
    [
        (D(2026, 2, 14), "2026-02", D(2026, 2, 28)),
        (D(2028, 2, 1), "2028-02", D(2028, 2, 29)),
        (D(2026, 12, 31), "2026-12", D(2026, 12, 31)),
    ],
)
def test_month_periods(today: dt.date, label: str, end: dt.date) -> None:
    period = period_for(today, "month")
    assert (period.label, period.start, period.end) == (label, today.replace(day=1), end)
    assert parse_period(label) == period


def test_previous_period_crosses_the_year() -> None:
    assert previous_period(period_for(D(2027, 1, 4))).label == "2026-W53"
    assert previous_period(period_for(D(2027, 1, 15), "month")).label == "2026-12"
    assert parse_period("garbage") is None and parse_period("2026-W60") is None


def _digest(
    issues: list[TrackedIssue], today: dt.date, config: Config | None = None,
    pms: list[Postmortem] | None = None,
) -> Digest:
    config = config or Config()
    records = records_from_issues(issues, pms or [], config)
    return build_digest(records, pms or [], today=today, config=config)


def test_overdue_and_due_soon_boundaries() -> None:
    today = D(2026, 11, 30)  # a Monday
    issues = [
        tracked(1, due="2026-11-29"),  # yesterday (Sunday): 1 day overdue
        tracked(2, due="2026-11-30"),  # today: due soon, not overdue
        tracked(3, due="2026-12-14"),  # today + 14: still due soon
        tracked(4, due="2026-12-15"),  # today + 15: neither
        tracked(5, due="2025-11-30"),  # a year late
        tracked(6, due="2026-11-01", state="closed",
                closed_at=dt.datetime(2026, 11, 2, tzinfo=UTC)),  # closed: never overdue
    ]
    digest = _digest(issues, today)
    overdue = {r.issue: r.days_overdue for r in digest.overdue_items}
    assert overdue == {1: 1, 5: 365}
    assert [(r.issue, r.days_until_due) for r in digest.due_soon] == [(2, 0), (3, 14)]
    assert digest.headline.open == 5
    assert (digest.headline.overdue, digest.headline.due_soon) == (2, 2)


def test_due_soon_window_follows_config() -> None:
    config = Config.model_validate({"digest": {"due_soon_days": 3}})
    digest = _digest([tracked(1, due="2026-12-03"), tracked(2, due="2026-12-04")],
                     D(2026, 11, 30), config)
    assert [r.issue for r in digest.due_soon] == [1]


def test_closed_this_period_uses_the_utc_date() -> None:
    minus5 = dt.timezone(dt.timedelta(hours=-5))
    issues = [
        # Sunday 23:30 in New York is Monday 04:30 UTC: belongs to the new week.
        tracked(1, state="closed", closed_by="bob",
                closed_at=dt.datetime(2026, 11, 29, 23, 30, tzinfo=minus5)),
        # Sunday 23:30 UTC: the old week.
        tracked(2, state="closed", closed_by="carol",
                closed_at=dt.datetime(2026, 11, 29, 23, 30, tzinfo=UTC)),
    ]
    monday = _digest(issues, D(2026, 11, 30))
    assert [r.issue for r in monday.closed] == [1]
    sunday = _digest(issues, D(2026, 11, 29))
    assert [(r.issue, r.closed_by) for r in sunday.closed] == [(2, "carol")]


def test_closed_across_the_new_year_week() -> None:
    issue = tracked(1, state="closed", closed_at=dt.datetime(2027, 1, 2, 12, tzinfo=UTC))
    assert [r.issue for r in _digest([issue], D(2026, 12, 28)).closed] == [1]  # 2026-W53
    assert _digest([issue], D(2027, 1, 4)).closed == []  # 2027-W01


def test_completion_rate_and_median_days_to_close() -> None:
    created = dt.datetime(2026, 11, 1, 10, tzinfo=UTC)
    issues = [
        tracked(1, due="2026-12-20"),
        tracked(2, state="closed", created=created,
                closed_at=dt.datetime(2026, 11, 24, tzinfo=UTC)),  # 23 days
        tracked(3, state="closed", created=created,
                closed_at=dt.datetime(2026, 11, 26, tzinfo=UTC)),  # 25 days
        tracked(4, state="closed", state_reason="not_planned", created=created,
                closed_at=dt.datetime(2026, 11, 25, tzinfo=UTC)),
    ]
    h = _digest(issues, D(2026, 11, 27)).headline
    assert h.closed == 3
    assert h.completion_rate == pytest.approx(2 / 3)  # not planned is not "done"
    assert h.median_days_to_close == 24


def test_owners_with_and_without_logins() -> None:
    owners = {"Alice Smith": "alice"}
    assert resolve_owner("@bob", ()).display == "@bob"
    assert resolve_owner("alice smith", (), owners).display == "@alice"
    assert resolve_owner("Dana Scully", (), owners).display == "Dana Scully"
    assert resolve_owner("Dana Scully", ("dana",), owners).display == "@dana"
    assert resolve_owner(None, ()).display == "unassigned"


def test_overdue_grouped_by_owner_worst_first_unassigned_last() -> None:
    config = Config.model_validate({"owners": {"Alice Smith": "alice"}})
    issues = [
        tracked(1, due="2026-11-20", owner="Alice Smith"),
        tracked(2, due="2026-11-01", owner="@alice"),
        tracked(3, due="2026-11-25", owner="Dana Scully"),
        tracked(4, due="2026-10-01", owner=None),
        tracked(5, due="2026-11-28", owner=None, assignees=("bob",)),
    ]
    digest = _digest(issues, D(2026, 11, 30), config)
    groups = [(g.owner.display, [r.issue for r in g.items]) for g in digest.overdue]
    assert groups == [
        ("@alice", [2, 1]),
        ("Dana Scully", [3]),
        ("@bob", [5]),
        ("unassigned", [4]),
    ]


def test_unreadable_issues_need_attention_and_are_not_dropped() -> None:
    issues = [
        tracked(1, due="next week"),
        tracked(2, due=None),
        tracked(3, body="Someone removed the marker."),
        tracked(4, body="closed, no marker", state="closed",
                closed_at=dt.datetime(2026, 11, 30, tzinfo=UTC)),
        tracked(5, due="2026-11-01"),
    ]
    digest = _digest(issues, D(2026, 11, 30))
    reasons = {a.issue: a.reason for a in digest.needs_attention}
    assert set(reasons) == {1, 2, 3}
    assert "next week" in reasons[1] and "no due date" in reasons[2]
    assert "marker" in reasons[3]
    assert digest.headline.open == 4 and digest.headline.overdue == 1
    assert [r.issue for r in digest.closed] == [4]


def test_issues_joined_with_documents() -> None:
    pm = Postmortem(
        path="postmortems/2026-11-02-db.md", id="2026-11-02-db", title="Database outage",
        date=D(2026, 11, 2),
        actions=[ActionItem(id="a1", description="Page on replication lag", line=12)],
    )
    issue = tracked(1, title="[2026-11-02-db] Page on repl…", due="2026-11-10")
    (record,) = records_from_issues([issue], [pm], Config())
    assert record.description == "Page on replication lag"
    assert record.postmortem_title == "Database outage"
    assert record.line == 12
    # An issue whose postmortem is not in the checkout keeps its own title.
    (orphan,) = records_from_issues(
        [tracked(2, title="Old action", body=action_body(pm="gone", action="x"))], [pm], Config()
    )
    assert (orphan.description, orphan.postmortem_title) == ("Old action", "gone")


def test_documents_alone_use_default_due_dates() -> None:
    config = Config()  # P1: 28 days, default 90
    pm = Postmortem(
        path="postmortems/a.md", id="a", title="A", date=D(2026, 10, 1),
        actions=[
            ActionItem(id="x", description="explicit", due=D(2026, 11, 1), priority="P0"),
            ActionItem(id="y", description="by priority", priority="P1"),
            ActionItem(id="z", description="done already", status="done"),
        ],
        lessons=Lessons(went_wrong=["no alert"]),
    )
    undated = Postmortem(path="postmortems/b.md", id="b",
                         actions=[ActionItem(id="w", description="whenever", line=7)])
    records = records_from_documents([pm, undated], config)
    assert {r.action_id: r.due for r in records} == {
        "x": D(2026, 11, 1), "y": D(2026, 10, 29), "z": D(2026, 12, 30), "w": None,
    }
    digest = build_digest(records, [pm, undated], today=D(2026, 11, 2), config=config,
                          source="documents")
    assert [(r.action_id, r.days_overdue) for r in digest.overdue_items] == [("y", 4), ("x", 1)]
    assert [(a.path, a.line) for a in digest.needs_attention] == [("postmortems/b.md", 7)]
    assert digest.headline.completion_rate == pytest.approx(1 / 4)


def test_postmortems_dated_in_the_period_bring_their_lessons() -> None:
    def pm(day: dt.date, name: str) -> Postmortem:
        return Postmortem(path=f"p/{name}.md", id=name, title=name, date=day,
                          lessons=Lessons(went_well=[f"{name} went well"]))

    pms = [pm(D(2026, 11, 29), "sunday"), pm(D(2026, 11, 30), "monday"),
           pm(D(2026, 11, 23), "last-monday")]
    digest = build_digest([], pms, today=D(2026, 11, 29), config=Config())
    assert [p.id for p in digest.postmortems] == ["last-monday", "sunday"]
