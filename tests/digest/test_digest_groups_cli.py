"""``digest`` grouped by postmortem, end to end through the CLI against the fake GitHub:
with and without parent issues, escalated first, ``group_by: owner``, and without a token."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from action_tracker.testing.fake_github import FakeGitHub
from action_tracker.testing.issues import UTC
from tests.digest.conftest import Runner
from tests.digest.documents import write_postmortem
from tests.digest.helpers import tables
from tests.digest.parents import seed_parent
from tests.digest.test_digest_cli import REPO, digests, seed_action, write_config

SERVER = "https://github.com"
ESCALATION = "reminders:\n  escalate_after_days: 14\n  escalate_to: ['@acme/leads']\n"


def _seed(fake: FakeGitHub) -> None:
    """Two postmortems: db (3 actions, one closed, one 25 days overdue, one due soon) and
    cdn (one action 5 days overdue)."""
    seed_action(fake, "Add replication-lag alert", pm="db", action="lag", due="2026-11-01",
                assignees=["alice"])
    seed_action(fake, "Write the runbook", pm="db", action="runbook", due="2026-12-01")
    seed_action(fake, "Rotate keys", pm="db", action="keys", due="2026-11-01",
                state="closed", closed_at=dt.datetime(2026, 11, 24, tzinfo=UTC))
    seed_action(fake, "Renew the certificate", pm="cdn", action="cert", due="2026-11-21",
                assignees=["bob"])


def _group_lines(body: str) -> list[str]:
    return [line for line in body.splitlines() if line.startswith("**[")]


def test_groups_link_their_parent_issue(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    _seed(fake_github)
    db_parent = seed_parent(fake_github, REPO, "db", "Database outage")
    # A look-alike opened by someone else is not the tool's: never linked.
    seed_parent(fake_github, REPO, "cdn", "CDN expiry", user="mallory")
    fake_github.clear_log()
    result = run("digest", "--today", "2026-11-26", env=fake_github_env)
    assert result.code == 0, result.stderr
    assert fake_github.count("GET", r"/issues$") == 3  # tracked, parents, digests
    (issue,) = digests(fake_github)
    body = issue["body"]
    parent_url = f"{SERVER}/{REPO}/issues/{db_parent}"
    assert _group_lines(body) == [
        f"**[db]({parent_url})** (#{db_parent}) · 1 of 3 done",
        f"**[cdn]({SERVER}/{REPO}/blob/HEAD/postmortems/cdn.md)** · 0 of 1 done",
        f"**[db]({parent_url})** (#{db_parent}) · 1 of 3 done",
    ]
    db_overdue, cdn_overdue, db_soon = tables(body)[:3]
    assert [row[2] for row in db_overdue[1:]] == ["Add replication-lag alert"]
    assert [row[2] for row in cdn_overdue[1:]] == ["Renew the certificate"]
    assert [row[2] for row in db_soon[1:]] == ["Write the runbook"]
    assert "mallory" in result.stderr  # the look-alike is reported, as for action issues


def test_without_parent_issues_groups_link_the_documents(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    _seed(fake_github)
    result = run("digest", "--today", "2026-11-26", "--dry-run", "--format", "json",
                 env=fake_github_env)
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(g["postmortem_id"], g["parent"], g["progress"]) for g in data["groups"]] == [
        ("db", None, {"done": 1, "actions": 3}), ("cdn", None, {"done": 0, "actions": 1})]

    # parent_issues off: the parents are not even looked for.
    write_config(checkout, "parent_issues: false\n")
    seed_parent(fake_github, REPO, "db", "Database outage")
    fake_github.clear_log()
    off = run("digest", "--today", "2026-11-26", "--dry-run", env=fake_github_env)
    assert off.code == 0, off.stderr
    assert fake_github.count("GET", r"/issues$") == 1  # the tracked issues only
    assert "/issues/" not in _group_lines(off.stdout)[0]


def test_escalated_first_through_the_cli(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    write_config(checkout, ESCALATION)
    seed_action(fake_github, "Drill the failover", pm="aaa", action="drill", due="2026-11-16")
    seed_action(fake_github, "Renew the certificate", pm="zzz", action="cert",
                due="2026-11-06")
    seed_action(fake_github, "Add a dashboard", pm="zzz", action="dash", due="2026-11-21")
    result = run("digest", "--today", "2026-11-26", env=fake_github_env)
    assert result.code == 0, result.stderr
    body = digests(fake_github)[0]["body"]
    assert "**3 overdue** (1 escalated)" in body
    zzz, aaa = tables(body)[:2]
    assert [(row[2], row[-1]) for row in zzz[1:]] == [
        ("Renew the certificate", "2 weeks (20 days) · escalated"),
        ("Add a dashboard", "5 days")]
    assert [row[2] for row in aaa[1:]] == ["Drill the failover"]


def test_group_by_owner_keeps_one_overdue_table_and_reads_no_parents(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    write_config(checkout, ESCALATION + "digest:\n  group_by: owner\n")
    _seed(fake_github)
    seed_parent(fake_github, REPO, "db", "Database outage")
    fake_github.clear_log()
    result = run("digest", "--today", "2026-11-26", env=fake_github_env)
    assert result.code == 0, result.stderr
    assert fake_github.count("GET", r"/issues$") == 2  # tracked, digests: no parent listing
    body = digests(fake_github)[0]["body"]
    assert _group_lines(body) == []
    overdue = tables(body)[0]
    assert overdue[0] == ["Owner", "Issue", "Action", "Postmortem", "Due", "Overdue"]
    assert [(row[0], row[-1]) for row in overdue[1:]] == [
        ("@alice", "3 weeks (25 days) · escalated"), ("@bob", "5 days")]


def test_documents_alone_are_grouped_too(run: Runner, checkout: Path) -> None:
    write_config(checkout, ESCALATION)
    write_postmortem(
        checkout, "2026-10-01-db", title="Database outage", date="2026-10-01",
        actions=[("Add replication-lag alert", "@alice", "2026-11-01", "P1"),
                 ("Write the failover runbook", "Dana Scully", "2026-12-05", "P2")],
    )
    write_postmortem(
        checkout, "2026-10-05-cdn", title="CDN expiry", date="2026-10-05",
        actions=[("Renew the certificate", "@bob", "2026-11-21", "P1")],
    )
    result = run("digest", "--dry-run", "--today", "2026-11-26", env={"GITHUB_REPOSITORY": REPO})
    assert result.code == 0, result.stderr
    blob = f"{SERVER}/{REPO}/blob/HEAD/postmortems"
    assert _group_lines(result.stdout) == [
        f"**[Database outage]({blob}/2026-10-01-db.md)** · 0 of 2 done",
        f"**[CDN expiry]({blob}/2026-10-05-cdn.md)** · 0 of 1 done",
        f"**[Database outage]({blob}/2026-10-01-db.md)** · 0 of 2 done",
    ]
    db = tables(result.stdout)[0]
    assert db[0] == ["Owner", "Action", "Due", "Overdue"]
    assert db[1][-1] == "3 weeks (25 days) · escalated"
    data = json.loads(run("digest", "--dry-run", "--today", "2026-11-26", "--format", "json",
                          env={"GITHUB_REPOSITORY": REPO}).stdout)
    assert data["headline"]["escalated"] == 1
    assert [g["parent"] for g in data["groups"]] == [None, None]
