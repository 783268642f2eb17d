"""The digest grouped by postmortem (``digest.group_by``): parent links, progress, escalated
first, snoozed marks, the cap across groups and the templates written before grouping."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from action_tracker.digest.build import Digest, build_digest, postmortem_progress
from action_tracker.digest.records import (
    ActionRecord,
    parent_links,
    records_from_documents,
    records_from_issues,
)
from action_tracker.github.store import TrackedIssue
from action_tracker.models import ActionItem, Postmortem
from action_tracker.render.digest import chat_payload, render_json, render_markdown
from action_tracker.render.links import DocLink
from action_tracker.runtime.config import Config
from action_tracker.testing.issues import UTC, tracked
from tests.digest.helpers import html, tables
from tests.digest.parents import parent

TODAY = dt.date(2026, 11, 26)
LINK = DocLink(server_url="https://github.com", repo="acme/widgets")
ISSUES = "https://github.com/acme/widgets/issues"
BLOB = "https://github.com/acme/widgets/blob/HEAD/postmortems"
ESCALATE = {"reminders": {"escalate_after_days": 14, "escalate_to": ["@acme/leads"]}}


def _pm(pm_id: str, title: str, *numbers: int, date: dt.date | None = None) -> Postmortem:
    return Postmortem(path=f"postmortems/{pm_id}.md", id=pm_id, title=title, date=date,
                      actions=[ActionItem(id=f"a{n}", description=f"Action {n}", line=10 + n)
                               for n in numbers])


def _digest(
    issues: list[TrackedIssue], pms: list[Postmortem], config: Config | None = None,
    parents: list[TrackedIssue] = (),  # type: ignore[assignment]
    snoozed: dict[int, dt.date] | None = None,
) -> Digest:
    config = config or Config()
    records = records_from_issues(issues, pms, config, LINK)
    records = [r.model_copy(update={"snoozed_until": (snoozed or {}).get(r.issue or 0)})
               for r in records]
    return build_digest(records, pms, today=TODAY, config=config, repo="acme/widgets",
                        doc_link=LINK, parents=parent_links(parents))


def _lines(body: str) -> list[str]:
    return [line for line in body.splitlines() if line.startswith("**[")]


def test_groups_link_the_parent_issue_and_say_how_far_the_postmortem_is() -> None:
    pms = [_pm("db", "Database outage", 1, 2, 3, 4, 5), _pm("cdn", "CDN expiry", 6, 7)]
    closed = dt.datetime(2026, 11, 24, tzinfo=UTC)
    issues = [
        tracked(1, pm="db", due="2026-11-01"),
        tracked(2, pm="db", state="closed", closed_at=closed),
        tracked(3, pm="db", state="closed", state_reason="not_planned", closed_at=closed),
        tracked(4, pm="db", due="2026-12-01"),
        tracked(5, pm="db", due="2027-01-01"),
        tracked(6, pm="cdn", due="2026-11-20"),
        tracked(7, pm="cdn", due="2027-01-01"),
    ]
    config = Config()
    body = render_markdown(_digest(issues, pms, parents=[parent(12, "db")]), config)
    # db has a parent (linked, "#12"); cdn has none (its document). Done counts the dropped
    # action, as the parent's progress bar does; the worst overdue postmortem comes first.
    assert _lines(body) == [
        f"**[Database outage]({ISSUES}/12)** (#12) · 2 of 5 done",
        f"**[CDN expiry]({BLOB}/cdn.md)** · 0 of 2 done",
        f"**[Database outage]({ISSUES}/12)** (#12) · 2 of 5 done",
    ]
    db_overdue, cdn_overdue, db_soon, _closed = tables(body)
    assert [row[1] for row in db_overdue[1:]] == ["#1"]
    assert [row[1] for row in cdn_overdue[1:]] == ["#6"]
    assert [row[1] for row in db_soon[1:]] == ["#4"]
    assert f'<a href="{ISSUES}/12">Database outage</a></strong> (#12)' in html(body)
    assert "counts its dropped actions as done" in body


def test_escalated_actions_and_their_postmortem_come_first() -> None:
    pms = [_pm("aaa", "Alpha", 1, 4), _pm("zzz", "Zulu", 2, 3)]
    issues = [
        tracked(1, pm="aaa", due="2026-11-16", assignees=("alice",)),  # 10 days
        tracked(4, pm="aaa", due="2026-11-12", assignees=("alice",)),  # 14 days: escalated
        tracked(2, pm="zzz", due="2026-11-06", owner=None),  # 20 days: escalated
        tracked(3, pm="zzz", due="2026-11-21", assignees=("bob",)),  # 5 days
    ]
    config = Config.model_validate(ESCALATE)
    digest = _digest(issues, pms, config)
    body = render_markdown(digest, config)
    assert "**4 overdue** (2 escalated)" in body
    zulu, alpha = tables(body)[:2]
    assert [(row[1], row[-1]) for row in zulu[1:]] == [
        ("#2", "2 weeks (20 days) · escalated"), ("#3", "5 days")]
    assert [(row[1], row[-1]) for row in alpha[1:]] == [
        ("#4", "2 weeks (14 days) · escalated"), ("#1", "10 days")]
    assert "· **escalated**" in body  # bold: the row a reader must not miss
    assert [g.escalated for g in digest.groups] == [1, 1]

    # Without escalation configured, nothing is escalated and the order is by days.
    plain = _digest(issues, pms)
    assert not any(r.escalated for r in plain.overdue_items)
    assert "escalated" not in render_markdown(plain, Config())


def test_group_by_owner_lists_escalated_owners_first_in_one_table() -> None:
    pms = [_pm("db", "Database outage", 1, 2)]
    issues = [
        tracked(1, pm="db", due="2026-11-06", owner=None),  # unassigned, 20 days: escalated
        tracked(2, pm="db", due="2026-11-21", assignees=("alice",)),  # 5 days
    ]
    config = Config.model_validate({**ESCALATE, "digest": {"group_by": "owner"}})
    digest = _digest(issues, pms, config, parents=[parent(12, "db")])
    assert digest.groups == [] and digest.group_by == "owner"
    assert [g.owner.display for g in digest.overdue] == ["unassigned", "@alice"]
    body = render_markdown(digest, config)
    assert _lines(body) == []  # no group headings: one table, owner first
    (overdue,) = tables(body)
    assert overdue[0] == ["Owner", "Issue", "Action", "Postmortem", "Due", "Overdue"]
    assert [(row[0], row[1], row[-1]) for row in overdue[1:]] == [
        ("unassigned", "#1", "2 weeks (20 days) · escalated"), ("@alice", "#2", "5 days")]
    chat = chat_payload(digest, config, digest_url=None)["text"]
    assert "2 overdue (1 escalated)" in chat


def test_a_snoozed_action_stays_overdue_marked_snoozed() -> None:
    pms = [_pm("db", "Database outage", 1, 2, 3)]
    issues = [tracked(n, pm="db", due="2026-11-01") for n in (1, 2, 3)]
    digest = _digest(issues, pms, snoozed={1: dt.date(2026, 12, 20)})
    body = render_markdown(digest, Config())
    assert "**3 overdue**" in body
    (overdue,) = tables(body)
    days = {row[1]: row[-1] for row in overdue[1:]}
    assert days == {"#1": "3 weeks (25 days) · snoozed until 2026-12-20",
                    "#2": "3 weeks (25 days)", "#3": "3 weeks (25 days)"}
    data = json.loads(render_json(digest, Config()))
    assert data["groups"][0]["overdue"][0]["snoozed_until"] == "2026-12-20"


def test_the_cap_counts_rows_across_groups() -> None:
    pms = [_pm("db", "Database outage", 1, 2), _pm("cdn", "CDN expiry", 3, 4)]
    issues = [tracked(1, pm="db", due="2026-11-01"), tracked(2, pm="db", due="2026-11-02"),
              tracked(3, pm="cdn", due="2026-11-10"), tracked(4, pm="cdn", due="2026-11-11")]
    config = Config.model_validate({"digest": {"max_items": 3}})
    body = render_markdown(_digest(issues, pms, config), config)
    db, cdn = tables(body)
    assert [row[1] for row in db[1:]] == ["#1", "#2"]
    assert [row[1] for row in cdn[1:]] == ["#3"]
    assert "…and 1 more overdue: `action-tracker status --overdue`" in body


def test_json_adds_the_groups_and_the_escalated_count() -> None:
    pms = [_pm("db", "Database outage", 1, 2)]
    issues = [tracked(1, pm="db", due="2026-11-01"), tracked(2, pm="db", due="2026-12-01")]
    config = Config.model_validate(ESCALATE)
    data = json.loads(render_json(_digest(issues, pms, config, parents=[parent(12, "db")]),
                                  config))
    # The keys that were there stay; these are new.
    assert {"overdue", "due_soon", "closed", "headline"} <= set(data)
    assert data["group_by"] == "postmortem"
    assert data["headline"]["escalated"] == 1
    (group,) = data["groups"]
    assert group["postmortem_id"] == "db" and group["title"] == "Database outage"
    assert group["url"] == f"{BLOB}/db.md"
    assert group["parent"] == {"number": 12, "url": f"{ISSUES}/12"}
    assert group["progress"] == {"done": 0, "actions": 2}
    assert group["escalated"] == 1
    assert [r["issue"] for r in group["overdue"]] == [1]
    assert group["overdue"][0]["escalated"] is True
    assert [r["issue"] for r in group["due_soon"]] == [2]
    assert data["overdue"][0]["items"][0]["escalated"] is True


def test_chat_names_the_escalated_count_and_lists_them_first() -> None:
    pms = [_pm("db", "Database outage", 1, 2, 3)]
    issues = [tracked(1, pm="db", due="2026-11-20"), tracked(2, pm="db", due="2026-11-10"),
              tracked(3, pm="db", due="2026-11-24")]
    config = Config.model_validate(ESCALATE)
    text = chat_payload(_digest(issues, pms, config), config, digest_url=None)["text"]
    assert "3 overdue (1 escalated) · " in text
    bullets = [line for line in text.splitlines() if line.startswith("• ")]
    assert bullets[0].startswith("• <https://github.com/acme/widgets/issues/2|#2>")
    assert bullets[0].endswith("overdue, escalated")
    assert "escalated" not in bullets[1]
    # No escalation: the line says nothing about it.
    quiet = chat_payload(_digest(issues, pms), Config(), digest_url=None)["text"]
    assert "escalated" not in quiet


def test_progress_counts_each_action_once_dropped_as_done() -> None:
    pm = Postmortem(path="postmortems/db.md", id="db", title="DB", actions=[
        ActionItem(id="a1", description="tracked, closed", line=1),
        ActionItem(id="a2", description="done in the document", status="done", line=2),
        ActionItem(id="a3", description="won't fix", status="done", not_planned=True, line=3),
        ActionItem(id="a4", description="open", line=4),
    ])
    records = [ActionRecord(description="x", postmortem_id="db", action_id="a1",
                            state="closed", state_reason="completed"),
               ActionRecord(description="y", postmortem_id="db", action_id="a4")]
    progress = postmortem_progress(records, [pm])
    assert (progress["db"].done, progress["db"].actions) == (3, 4)


def test_documents_alone_group_by_postmortem_and_escalate() -> None:
    pm = Postmortem(path="postmortems/db.md", id="db", title="Database outage",
                    date=dt.date(2026, 10, 1), actions=[
                        ActionItem(id="a1", description="Alert", due=dt.date(2026, 11, 1),
                                   owner="@alice", line=11),
                        ActionItem(id="a2", description="Runbook", due=dt.date(2026, 11, 20),
                                   owner="@bob", line=12),
                        ActionItem(id="a3", description="Drill", status="done", line=13),
                    ])
    config = Config.model_validate(ESCALATE)
    records = records_from_documents([pm], config, LINK)
    digest = build_digest(records, [pm], today=TODAY, config=config, source="documents",
                          repo="acme/widgets", doc_link=LINK)
    body = render_markdown(digest, config)
    assert _lines(body) == [f"**[Database outage]({BLOB}/db.md)** · 1 of 3 done"]
    (overdue,) = tables(body)
    assert overdue[0] == ["Owner", "Action", "Due", "Overdue"]
    assert [row[-1] for row in overdue[1:]] == ["3 weeks (25 days) · escalated", "6 days"]


def test_a_template_written_before_grouping_still_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An override copied from the shipped template before groups existed: its variables
    are all still given (flat tables), now with the escalated and snoozed marks."""
    folder = tmp_path / "tpl"
    folder.mkdir()
    shutil.copy(Path(__file__).parent / "data" / "digest_before_groups.md.j2",
                folder / "digest.md.j2")
    monkeypatch.chdir(tmp_path)
    config = Config.model_validate({**ESCALATE, "templates_dir": "tpl"})
    pms = [_pm("db", "Database outage", 1, 2)]
    issues = [tracked(1, pm="db", due="2026-11-01"), tracked(2, pm="db", due="2026-12-01")]
    body = render_markdown(_digest(issues, pms, config, parents=[parent(12, "db")]), config)
    overdue, due_soon = tables(body)
    assert overdue[0] == ["Owner", "Issue", "Action", "Postmortem", "Due", "Overdue"]
    assert overdue[1][1] == "#1" and overdue[1][-1] == "3 weeks (25 days) · escalated"
    assert due_soon[1][1] == "#2"
    assert _lines(body) == []

