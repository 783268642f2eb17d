"""Reworded and replaced actions end to end (CLI -> fake GitHub): a rewording keeps its issue,
an unrelated action put where another one was never takes that one's issue over."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from action_tracker.testing.fake_github import FakeGitHub
from tests.sync.conftest import Checkout, CliRun
from tests.sync.helpers import labels_of, tracked

REPO = "acme/widgets"
Run = Callable[..., CliRun]
Gh = tuple[FakeGitHub, dict[str, str]]

ROWS = [
    ("Add an alert on replica lag", "@alice", "2026-02-01", "P1", "prevent", "open"),
    ("Write the failover runbook", "@bob", "", "P2", "mitigate", "open"),
]


def test_an_unrelated_action_in_a_removed_ones_place_gets_its_own_issue(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    checkout.write("pm", "Outage", ROWS)
    assert run_cli("sync", env=env).code == 0
    runbook = next(i for i in tracked(fake) if i["title"] == ROWS[1][0])

    # The runbook is dropped and, in the same row, an unrelated action is added.
    replaced = [ROWS[0], ("Rotate the leaked deploy keys", "@carol", "", "P0", "", "open")]
    checkout.write("pm", "Outage", replaced)
    result = run_cli("sync", env=env)
    assert result.code == 0, result.stderr

    old = fake.issue(REPO, runbook["number"])
    assert old["title"] == ROWS[1][0]  # not rewritten into the new action
    assert "postmortem-action-removed" in labels_of(old)
    assert len(fake.comments(REPO, runbook["number"])) == 1
    new = [i for i in tracked(fake) if i["title"] == "Rotate the leaked deploy keys"]
    assert len(new) == 1 and new[0]["number"] != runbook["number"]
    assert [a["login"] for a in new[0]["assignees"]] == ["carol"]
    assert "created 1" in result.stderr

    fake.clear_log()
    assert run_cli("sync", env=env).code == 0
    assert fake.writes == 0  # settled: nothing flips back and forth


REWORDINGS = {
    "typo fixed": "Add an alret on replica lag",
    "words added": "Add an alert on replica lag above 30 seconds, paging the on-call DBA",
}


@pytest.mark.parametrize("change", sorted(REWORDINGS))
def test_a_rewording_updates_the_issue_in_place(
    checkout: Checkout, run_cli: Run, gh: Gh, change: str
) -> None:
    fake, env = gh
    first = [(REWORDINGS[change], *ROWS[0][1:]), ROWS[1]] if change == "typo fixed" else ROWS
    second = [ROWS[0], ROWS[1]] if change == "typo fixed" else [
        (REWORDINGS[change], *ROWS[0][1:]), ROWS[1]]
    checkout.write("pm", "Outage", first)
    assert run_cli("sync", env=env).code == 0
    number = next(i["number"] for i in tracked(fake) if i["title"] == first[0][0])

    checkout.write("pm", "Outage", second)
    result = run_cli("sync", env=env)
    assert result.code == 0, result.stderr
    assert len(tracked(fake)) == 2  # no second issue
    issue = fake.issue(REPO, number)
    assert issue["title"] == second[0][0]
    assert "postmortem-action-removed" not in labels_of(issue)
    assert "updated 1" in result.stderr and "created 0" in result.stderr


def test_a_jira_key_moved_to_the_ticket_column_keeps_the_issue(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    path = checkout.root / "postmortems" / "pm.md"
    head = (
        "---\ntitle: Outage\ndate: 2026-01-12\n---\n\n# Outage\n\n## Action items\n\n"
        "| Action | Owner | Ticket |\n|---|---|---|\n"
    )
    path.write_text(head + "| OPS-123 Add an alert on replica lag | @alice | |\n"
                    "| Write the failover runbook | @bob | |\n", encoding="utf-8")
    assert run_cli("sync", env=env).code == 0
    (number,) = [i["number"] for i in tracked(fake) if "replica lag" in i["title"]]

    path.write_text(head + "| Add an alert on replica lag | @alice | OPS-123 |\n"
                    "| Write the failover runbook | @bob | |\n", encoding="utf-8")
    result = run_cli("sync", env=env)
    assert result.code == 0, result.stderr
    assert len(tracked(fake)) == 2
    issue = fake.issue(REPO, number)
    assert issue["title"] == "Add an alert on replica lag" and "OPS-123" in issue["body"]
