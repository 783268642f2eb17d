"""An action whose ticket links a GitHub issue or pull request is tracked in that issue
(issue 12, part 1), end to end: CLI -> planner -> PyGithub/GraphQL -> fake GitHub."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from action_tracker.markers import find_marker
from action_tracker.testing.fake_github import FakeGitHub
from tests.sync.conftest import Checkout, CliRun
from tests.sync.helpers import labels_of

REPO = "acme/widgets"
Run = Callable[..., CliRun]
Gh = tuple[FakeGitHub, dict[str, str]]


def write_doc(checkout: Checkout, rows: list[tuple[str, str]]) -> None:
    """A postmortem whose action table has a Ticket column: ``(action, ticket)`` rows."""
    lines = [
        "---", "title: Database failover", "date: 2026-01-12", "severity: SEV2", "---", "",
        "# Database failover", "", "## Action items", "",
        "| Action | Owner | Ticket | Status |", "|---|---|---|---|",
        *(f"| {action} | @alice | {ticket} | open |" for action, ticket in rows),
    ]
    path = checkout.root / "postmortems" / "2026-01-12-db.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def tool_issues(fake: FakeGitHub) -> list[dict[str, Any]]:
    return [i for i in fake.issues(REPO) if find_marker(i["body"] or "") is not None]


def sync(run_cli: Run, env: dict[str, str], *args: str) -> CliRun:
    result = run_cli("sync", *args, env=env)
    assert result.code == 0, result.stderr
    return result


def test_same_repo_linked_issue_is_tracked_in_place_once(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    number = fake.seed_issue(REPO, "Replica lag alert", "A person's words.", user="dana",
                             assignees=["bob"])
    write_doc(checkout, [("Add an alert on replica lag", f"#{number}")])
    sync(run_cli, env)
    assert tool_issues(fake) == []  # no duplicate opened
    issue = fake.issue(REPO, number)
    assert labels_of(issue) == {"postmortem-action"}
    assert issue["title"] == "Replica lag alert" and issue["body"] == "A person's words."
    assert issue["state"] == "open" and [a["login"] for a in issue["assignees"]] == ["bob"]
    comments = fake.comments(REPO, number)
    assert len(comments) == 1
    assert "Tracked as a follow-up of" in comments[0]["body"]
    assert "postmortems/2026-01-12-db.md" in comments[0]["body"]
    assert ", line 13" in comments[0]["body"]

    fake.clear_log()
    again = sync(run_cli, env, "--format", "json")
    assert fake.writes == 0
    assert fake.reads <= 1 + 1 + 3  # ⌈T/100⌉ + ⌈L/50⌉ + 3
    summary = json.loads(again.stdout)["summary"]  # the first-run summary counts it
    assert (summary["linked"], summary["linked_unreachable"], summary["to_open"]) == (1, 0, 0)
    items = json.loads(again.stdout)["operations"]
    assert [i["op"] for i in items] == ["noop"] and items[0]["issue"] == number
    assert len(fake.comments(REPO, number)) == 1


def test_linked_issues_config_turns_label_and_comment_off(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    config = checkout.root / ".github" / "action-tracker.yml"
    config.write_text(config.read_text() + "linked_issues:\n  label: false\n  comment: false\n"
                      "parent_issues: false\n")
    number = fake.seed_issue(REPO, "Replica lag alert", "", user="dana")
    write_doc(checkout, [("Add an alert on replica lag", f"https://github.com/{REPO}/issues/{number}")])
    fake.clear_log()
    sync(run_cli, env)
    assert fake.writes == 0 and tool_issues(fake) == []


def test_merged_pr_and_not_planned_issue_open_nothing(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    pr = fake.seed_pull_request(REPO, "Add alert", state="closed", state_reason="merged")
    dropped = fake.seed_issue(REPO, "Runbook", state="closed", state_reason="not_planned")
    write_doc(checkout, [
        ("Add an alert on replica lag", f"https://github.com/{REPO}/pull/{pr}"),
        ("Write the failover runbook", f"{REPO}#{dropped}"),
    ])
    sync(run_cli, env)
    assert tool_issues(fake) == []
    assert fake.issue(REPO, dropped)["state"] == "closed"  # never reopened


def test_cross_repo_link_is_read_only(checkout: Checkout, run_cli: Run, gh: Gh) -> None:
    fake, env = gh
    fake.create_repo("acme/infra")
    number = fake.seed_issue("acme/infra", "Lag alert", "theirs")
    write_doc(checkout, [("Add an alert on replica lag", f"acme/infra#{number}")])
    fake.clear_log()
    result = sync(run_cli, env, "--format", "json")
    # Nothing is written to the other repository; its issue (same owner) becomes a
    # sub-issue of the postmortem's parent, which lives here.
    assert [r.path for r in fake.requests if r.is_write and "acme/infra" in r.path] == []
    assert tool_issues(fake) == [] and fake.comments("acme/infra", number) == []
    assert fake.parent_of("acme/infra", number) is not None
    assert "acme/infra#1" in json.loads(result.stdout)["operations"][0]["reason"]
    dry = run_cli("sync", "--dry-run", env=env)  # not "done in the document"
    assert "unchanged 1 (1 tracked in the issue the document links)" in dry.stderr


def test_unreadable_link_files_an_ordinary_issue_with_a_warning(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    write_doc(checkout, [
        ("Add an alert on replica lag", f"https://github.com/{REPO}/issues/404"),
        ("Write the failover runbook", "https://ghe.example.org/acme/widgets/issues/7"),
    ])
    result = sync(run_cli, env)
    issues = tool_issues(fake)
    assert len(issues) == 2
    assert any(f"github.com/{REPO}/issues/404" in i["body"] for i in issues)
    assert "postmortems/2026-01-12-db.md:13" in result.stderr
    assert "issues/404" in result.stderr and "ghe.example.org/acme/widgets/issues/7" in (
        result.stderr)
    assert "linked issues tracked in place: 0 (2 links could not be read" in result.stderr


def test_upgrade_closes_the_tools_own_issue_once_the_action_links_another(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    write_doc(checkout, [("Add an alert on replica lag", "")])
    sync(run_cli, env)
    [own] = tool_issues(fake)
    person = fake.seed_issue(REPO, "Replica lag alert", "", user="dana")
    write_doc(checkout, [("Add an alert on replica lag", f"#{person}")])
    sync(run_cli, env)
    own_now = fake.issue(REPO, own["number"])
    assert own_now["state"] == "closed" and own_now["state_reason"] == "not_planned"
    assert any(f"Tracked in #{person}" in c["body"]
               for c in fake.comments(REPO, own["number"]))
    open_issues = [i for i in fake.issues(REPO)
                   if i["state"] == "open" and find_marker(i["body"], "parent") is None]
    assert [i["number"] for i in open_issues] == [person]
    fake.clear_log()
    sync(run_cli, env)
    assert fake.writes == 0


def test_status_and_digest_take_the_linked_issues_state(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    fake.create_repo("acme/infra")
    open_one = fake.seed_issue(REPO, "Lag alert", assignees=["bob"])
    pr = fake.seed_pull_request(REPO, "Runbook", state="closed", state_reason="merged")
    dropped = fake.seed_issue(REPO, "Keys", state="closed", state_reason="not_planned")
    other = fake.seed_issue("acme/infra", "Queue")
    write_doc(checkout, [
        ("Add an alert on replica lag", f"#{open_one}"),
        ("Write the failover runbook", f"#{pr}"),
        ("Rotate the keys", f"#{dropped}"),
        ("Cap the queue", f"acme/infra#{other}"),
    ])
    sync(run_cli, env)
    status = run_cli("status", "--format", "json", "--today", "2026-12-01", env=env)
    assert status.code == 0, status.stderr
    rows = {r["action"]: r for r in json.loads(status.stdout)}
    assert len(rows) == 4  # each action once: no "no marker" row for the labelled issue
    alert = rows["Add an alert on replica lag"]
    assert alert["issue"] == open_one and alert["state"] == "open"
    assert alert["overdue_days"] and alert["owner"] == "@bob"
    assert rows["Write the failover runbook"]["state"] == "closed"
    assert rows["Rotate the keys"]["state"] == "closed (not planned)"
    assert rows["Cap the queue"]["state"] == "open"

    digest = run_cli("digest", "--dry-run", "--format", "json", "--today", "2026-12-01",
                     env=env)
    assert digest.code == 0, digest.stderr
    data = json.loads(digest.stdout)
    text = json.dumps(data)
    assert f"https://github.com/{REPO}/issues/{open_one}" in text
    assert "https://github.com/acme/infra/issues/1" in text


def test_no_op_re_sync_of_many_cross_repo_links_stays_within_budget(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    fake.create_repo("acme/infra")
    numbers = [fake.seed_issue("acme/infra", f"Item {i}") for i in range(60)]
    write_doc(checkout, [(f"Follow up item number {n} for infra {n}", f"acme/infra#{n}")
                         for n in numbers])
    sync(run_cli, env)
    assert tool_issues(fake) == []
    fake.clear_log()
    sync(run_cli, env)
    assert fake.writes == 0
    assert fake.reads <= 0 + 2 + 3  # ⌈T/100⌉ + ⌈L/50⌉ + 3 with T = 0, L = 60
    assert fake.count("POST", "/graphql") == 2


def test_dry_run_without_a_token_plans_linked_actions_in_place(
    checkout: Checkout, run_cli: Run
) -> None:
    write_doc(checkout, [("Add an alert on replica lag", "#12"),
                         ("Write the failover runbook", "")])
    result = run_cli("sync", "--dry-run", "--format", "json",
                     env={"GITHUB_REPOSITORY": REPO})
    assert result.code == 0, result.stderr
    ops = json.loads(result.stdout)["operations"]
    assert [o["op"] for o in ops] == ["track_linked", "create"]
    assert ops[0]["issue"] == 12


def test_a_ticket_naming_the_tools_own_issue_keeps_it_the_tools(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    write_doc(checkout, [("Add an alert on replica lag", "")])
    sync(run_cli, env)
    [own] = tool_issues(fake)
    write_doc(checkout, [("Add an alert on replica lag", f"#{own['number']}")])
    sync(run_cli, env)
    issue = fake.issue(REPO, own["number"])
    assert issue["state"] == "open" and fake.comments(REPO, own["number"]) == []
    assert f"#{own['number']}" in issue["body"]  # updated from the document as usual
    fake.clear_log()
    sync(run_cli, env)
    assert fake.writes == 0


def test_a_pull_request_closed_unmerged_is_dropped_never_completed(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    pr = fake.seed_pull_request(REPO, "Try the alert", state="closed")
    write_doc(checkout, [("Add an alert on replica lag", f"#{pr}")])
    sync(run_cli, env)
    assert tool_issues(fake) == []
    status = run_cli("status", "--format", "json", "--today", "2026-12-01", env=env)
    [row] = json.loads(status.stdout)
    assert row["state"] == "closed (not planned)"


def test_a_label_a_person_took_off_stays_off(checkout: Checkout, run_cli: Run, gh: Gh) -> None:
    fake, env = gh
    number = fake.seed_issue(REPO, "Replica lag alert", "", user="dana")
    write_doc(checkout, [("Add an alert on replica lag", f"#{number}")])
    sync(run_cli, env)
    fake.person_edit(REPO, number, labels=[])
    fake.clear_log()
    sync(run_cli, env)
    assert fake.writes == 0 and labels_of(fake.issue(REPO, number)) == set()
    assert len(fake.comments(REPO, number)) == 1
