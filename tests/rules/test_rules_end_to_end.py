"""The owner and due rules, end to end through the commands a team runs: what ``preview``
shows on the pull request, what ``sync`` assigns, and what ``digest`` and ``status`` read back
afterwards agree for ``@ana, @bo`` (two logins everywhere) and ``@Ana/team`` (a name, never
the login ``Ana/team``), and for a default due date."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from action_tracker.testing.fake_github import FakeGitHub
from tests.sync.conftest import Checkout, CliRun
from tests.sync.helpers import tracked

REPO = "acme/widgets"
ROWS = [
    ("Add an alert on replica lag", "@ana, @bo", "2026-02-01", "P1", "prevent", "open"),
    ("Write the runbook", "@Ana/team", "", "P2", "mitigate", "open"),
]
TODAY = "2026-03-01"


def _digest_items(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    items = [*data["due_soon"]]
    for group in data["overdue"]:
        items.extend(group["items"])
    return {item["description"]: item for item in items}


def test_every_command_reads_owners_and_due_dates_alike(
    checkout: Checkout, run_cli: Callable[..., CliRun], gh: tuple[FakeGitHub, dict[str, str]],
) -> None:
    fake, env = gh
    fake.add_assignable(REPO, "ana", "bo")
    checkout.write("2026-01-12-db", "Database failover", ROWS, date=dt.date(2026, 1, 12))

    preview = run_cli("preview", "--dry-run", "--format", "json", env=env)
    assert preview.code == 0, preview.stderr
    shown = {row["title"]: (row["owners"], row["due"])
             for row in json.loads(preview.stdout)["changes"]}

    assert run_cli("sync", env=env).code == 0
    issues = {i["title"]: i for i in tracked(fake)}
    assigned = {title: sorted(a["login"] for a in issue["assignees"])
                for title, issue in issues.items()}

    digest = run_cli("digest", "--dry-run", "--format", "json", "--today", TODAY, env=env)
    assert digest.code == 0, digest.stderr
    items = _digest_items(json.loads(digest.stdout))

    status = run_cli("status", "--format", "json", "--today", TODAY, env=env)
    assert status.code == 0, status.stderr
    rows = {issues_title: row for row in json.loads(status.stdout)
            for issues_title, issue in issues.items() if issue["number"] == row["issue"]}

    alert, runbook = "Add an alert on replica lag", "Write the runbook"
    assert shown[alert][0] == ["@ana", "@bo"]
    assert assigned[alert] == ["ana", "bo"]
    assert items[alert]["owner"]["logins"] == ["ana", "bo"]
    assert "ana" in rows[alert]["owner"] and "bo" in rows[alert]["owner"]
    bo = run_cli("status", "--format", "json", "--owner", "bo", "--today", TODAY, env=env)
    assert [row["issue"] for row in json.loads(bo.stdout)] == [issues[alert]["number"]]

    assert shown[runbook][0] == ["@Ana/team (unassigned)"]
    assert assigned[runbook] == []
    assert items[runbook]["owner"] == {"logins": [], "name": "@Ana/team", "assigned": False}
    assert "Ana/team" in rows[runbook]["owner"]

    for title in (alert, runbook):  # one due date: written, or the default for the priority
        assert shown[title][1] == items[title]["due"] == rows[title]["due"], title
    assert items[runbook]["due"] == "2026-03-09"
