"""Labels have one home (``tracking.labels`` says which are the tool's; which ones an action
gets is ``tracking.desired.issue_labels``), and every command finds the tool's issues by the
one configured tracking label: sync writes and keeps labels by that rule, and ``preview``,
``digest`` and ``status`` read back exactly the issues sync wrote, even with labels renamed
in the config."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from action_tracker.testing.fake_github import FakeGitHub
from tests.sync.conftest import CONFIG, Checkout, CliRun
from tests.sync.helpers import labels_of, tracked

REPO = "acme/widgets"
LABELS = "labels:\n  tracking: pm-followup\n  priority_prefix: 'prio/'\n  type_prefix: 'kind/'\n"
ROWS = [
    ("Add an alert on replica lag", "@alice", "2026-02-01", "P1", "prevent", "open"),
    ("Write the failover runbook", "@bob", "2026-02-10", "P2", "mitigate", "open"),
]


def test_every_command_reads_the_issues_sync_labels(
    checkout: Checkout, run_cli: Callable[..., CliRun], gh: tuple[FakeGitHub, dict[str, str]],
) -> None:
    fake, env = gh
    (checkout.root / ".github" / "action-tracker.yml").write_text(CONFIG + LABELS,
                                                                 encoding="utf-8")
    checkout.write("2026-01-12-db", "Database failover", ROWS)
    assert run_cli("sync", env=env).code == 0

    issues = {i["title"]: i for i in tracked(fake)}
    alert = issues["Add an alert on replica lag"]
    assert labels_of(alert) == {"pm-followup", "prio/P1", "kind/prevent"}
    created = {label["name"]: label["description"] for label in fake.labels(REPO)}
    assert created["prio/P1"] == "Postmortem action priority"  # tracking.labels' description

    # A person's label survives; the tool's own stale priority label does not.
    fake.person_edit(REPO, alert["number"], labels=[*labels_of(alert), "team:db"])
    rows = [("Add an alert on replica lag", "@alice", "2026-02-01", "P2", "prevent", "open"),
            ROWS[1]]
    checkout.write("2026-01-12-db", "Database failover", rows)
    assert run_cli("sync", env=env).code == 0
    assert labels_of(fake.issue(REPO, alert["number"])) == {
        "pm-followup", "prio/P2", "kind/prevent", "team:db"}

    preview = run_cli("preview", "--dry-run", "--format", "json", env=env)
    assert preview.code == 0, preview.stderr
    assert json.loads(preview.stdout)["counts"]["unchanged"] == 2

    status = run_cli("status", "--format", "json", "--today", "2026-01-20", env=env)
    assert status.code == 0, status.stderr
    rows_seen: list[dict[str, Any]] = json.loads(status.stdout)
    assert sorted(row["issue"] for row in rows_seen) == sorted(
        i["number"] for i in tracked(fake))

    digest = run_cli("digest", "--dry-run", "--format", "json", "--today", "2026-01-20",
                     env=env)
    assert digest.code == 0, digest.stderr
    data = json.loads(digest.stdout)
    assert data["headline"]["open"] == 2
    assert data["search_url"].endswith("label%3Apm-followup")  # the link to the open issues
