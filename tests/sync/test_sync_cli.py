"""``action-tracker sync`` end to end: CLI -> parser -> planner -> PyGithub -> fake GitHub."""

from __future__ import annotations

import datetime as dt
import json
import math
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from action_tracker.markers import find_marker
from action_tracker.testing.fake_github import FakeGitHub
from tests.sync.conftest import Checkout, CliRun
from tests.sync.helpers import labels_of, tracked

REPO = "acme/widgets"
Run = Callable[..., CliRun]
Gh = tuple[FakeGitHub, dict[str, str]]

DB_ROWS = [
    ("Add an alert on replica lag", "@alice", "2026-02-01", "P1", "prevent", "open"),
    ("Write the failover runbook", "@bob", "", "P2", "mitigate", "open"),
    ("Automate the restore drill", "Carol Jones", "", "", "", "open"),
]
CACHE_ROWS = [
    ("Cap the cache warmup concurrency", "@carol", "2026-03-01", "P0", "prevent", "open"),
    ("Already shipped the hotfix", "@alice", "2026-01-13", "P0", "mitigate", "done"),
]


def by_title(fake: FakeGitHub) -> dict[str, dict[str, Any]]:
    return {i["title"]: i for i in tracked(fake)}


def first_sync(checkout: Checkout, run_cli: Run, gh: Gh) -> CliRun:
    _, env = gh
    checkout.write("2026-01-12-db", "Database failover", DB_ROWS)
    checkout.write("2026-01-20-cache", "Cache stampede", CACHE_ROWS, date=dt.date(2026, 1, 20))
    result = run_cli("sync", env=env)
    assert result.code == 0, result.stderr
    return result



def parent_numbers(fake: FakeGitHub) -> list[int]:
    """The postmortems' parent issues (README, "Parent issues")."""
    return [i["number"] for i in fake.issues(REPO) if find_marker(i["body"], "parent")]

def test_first_sync_creates_labelled_assigned_issues_with_due_dates(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, _ = gh
    result = first_sync(checkout, run_cli, gh)
    issues = by_title(fake)
    assert len(issues) == 4  # the done action gets no issue
    alert = issues["Add an alert on replica lag"]
    assert [a["login"] for a in alert["assignees"]] == ["alice"]
    assert labels_of(alert) == {"postmortem-action", "priority:P1", "type:prevent"}
    assert "2026-02-01" in alert["body"]
    assert "blob/0123456789abcdef0123456789abcdef01234567/postmortems/2026-01-12-db.md" in (
        alert["body"]
    )
    runbook = issues["Write the failover runbook"]
    assert "2026-03-09" in runbook["body"]  # 2026-01-12 + 56 days for P2
    drill = issues["Automate the restore drill"]
    assert drill["assignees"] == [] and "Carol Jones" in drill["body"]
    assert "Carol Jones" in result.stderr  # warned: not a login, not mapped
    marker = find_marker(alert["body"])
    assert marker is not None and marker.get("due") == "2026-02-01"
    assert marker.get("owner") == "@alice" and marker.get("priority") == "P1"
    assert marker.get("path") == "postmortems/2026-01-12-db.md"
    colour = {label["name"]: label["color"] for label in fake.labels(REPO)}
    assert colour["postmortem-action"] == "5319e7"
    assert "created 4, updated 0, closed 0, unchanged 1, failed 0" in result.stderr
    assert "(1 done in the document, no issue needed)" in result.stderr
    # No more writes than one per issue plus the labels created on the way (and one
    # parent issue per postmortem).
    assert fake.count("POST", r"/issues$") == 4 + 2


def test_second_sync_makes_no_write(checkout: Checkout, run_cli: Run, gh: Gh) -> None:
    fake, env = gh
    first_sync(checkout, run_cli, gh)
    fake.clear_log()
    result = run_cli("sync", env=env)
    assert result.code == 0, result.stderr
    assert fake.writes == 0
    assert fake.reads <= math.ceil(4 / 100) + 3
    assert "created 0, updated 0, closed 0, unchanged 5, failed 0" in result.stderr


def test_editing_one_document_updates_only_its_issues(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    first_sync(checkout, run_cli, gh)
    numbers = {t: i["number"] for t, i in by_title(fake).items()}
    rows = list(DB_ROWS)
    rows[1] = ("Write the failover runbook", "@carol", "2026-02-20", "P1", "mitigate", "open")
    checkout.write("2026-01-12-db", "Database failover", rows)
    fake.clear_log()
    result = run_cli("sync", env=env)
    assert result.code == 0, result.stderr
    patched = {r.path for r in fake.requests if r.method == "PATCH"}
    assert patched == {f"/repos/{REPO}/issues/{numbers['Write the failover runbook']}"}
    assert fake.count("POST") == 0 or all("/labels" in r.path for r in fake.requests
                                          if r.method == "POST")
    runbook = fake.issue(REPO, numbers["Write the failover runbook"])
    assert [a["login"] for a in runbook["assignees"]] == ["carol"]
    assert "priority:P1" in labels_of(runbook) and "priority:P2" not in labels_of(runbook)
    assert "2026-02-20" in runbook["body"]
    assert "updated 1" in result.stderr


def test_rewording_an_action_keeps_its_issue(checkout: Checkout, run_cli: Run, gh: Gh) -> None:
    fake, env = gh
    first_sync(checkout, run_cli, gh)
    rows = list(DB_ROWS)
    rows[0] = ("Add an alert on replica lag above 30 seconds", *DB_ROWS[0][1:])
    checkout.write("2026-01-12-db", "Database failover", rows)
    result = run_cli("sync", env=env)
    assert result.code == 0, result.stderr
    titles = [i["title"] for i in tracked(fake)]
    assert len(titles) == 4
    assert "Add an alert on replica lag above 30 seconds" in titles


@pytest.mark.parametrize(("status", "reason", "comment", "body"), [
    ("done", "completed", "closes it as completed", "done in the document"),
    # Dropped work is closed as not planned: the digest never counts it as completed.
    ("Won't fix", "not_planned", "closes it as not planned", "will not be done"),
])
def test_done_in_document_closes_the_issue_with_a_comment(
    checkout: Checkout, run_cli: Run, gh: Gh, status: str, reason: str, comment: str, body: str
) -> None:
    fake, env = gh
    first_sync(checkout, run_cli, gh)
    number = by_title(fake)["Add an alert on replica lag"]["number"]
    rows = list(DB_ROWS)
    rows[0] = (*DB_ROWS[0][:5], status)
    checkout.write("2026-01-12-db", "Database failover", rows)
    result = run_cli("sync", env=env)
    assert result.code == 0, result.stderr
    issue = fake.issue(REPO, number)
    assert (issue["state"], issue["state_reason"]) == ("closed", reason)
    comments = fake.comments(REPO, number)
    assert len(comments) == 1 and comment in comments[0]["body"]
    assert body in issue["body"]
    assert "closed 1" in result.stderr
    fake.clear_log()
    assert run_cli("sync", env=env).code == 0
    assert fake.writes == 0


def test_removed_action_is_labelled_and_commented_not_deleted(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    first_sync(checkout, run_cli, gh)
    number = by_title(fake)["Automate the restore drill"]["number"]
    checkout.write("2026-01-12-db", "Database failover", DB_ROWS[:2])
    assert run_cli("sync", env=env).code == 0
    issue = fake.issue(REPO, number)
    assert issue["state"] == "open"
    assert "postmortem-action-removed" in labels_of(issue)
    assert len(fake.comments(REPO, number)) == 1
    fake.clear_log()
    assert run_cli("sync", env=env).code == 0
    assert fake.writes == 0 and len(fake.comments(REPO, number)) == 1


def test_issue_a_person_closed_stays_closed(checkout: Checkout, run_cli: Run, gh: Gh) -> None:
    fake, env = gh
    first_sync(checkout, run_cli, gh)
    number = by_title(fake)["Write the failover runbook"]["number"]
    fake.person_edit(REPO, number, state="closed", state_reason="not_planned",
                     title="Runbook (handled elsewhere)")
    fake.clear_log()
    assert run_cli("sync", env=env).code == 0
    # Only the postmortem's parent issue follows (its list shows the action dropped).
    writes = [r.path for r in fake.requests if r.is_write]
    assert len(writes) == 1 and writes[0] in {
        f"/repos/{REPO}/issues/{n}" for n in parent_numbers(fake)}
    issue = fake.issue(REPO, number)
    assert issue["state"] == "closed" and issue["title"] == "Runbook (handled elsewhere)"


def test_create_answered_502_after_the_write_converges(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    fake.fail("POST", r"/issues$", 502, when="after")
    first_sync(checkout, run_cli, gh)
    assert not fake.pending_faults()
    assert len(tracked(fake)) == 4
    keys = [find_marker(i["body"]).key for i in tracked(fake)]  # type: ignore[union-attr]
    assert len(set(keys)) == 4
    fake.clear_log()
    assert run_cli("sync", env=env).code == 0
    assert fake.writes == 0 and len(tracked(fake)) == 4


def test_dropped_connection_after_the_write_converges(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    fake.drop("POST", r"/issues$", when="after", times=2)
    first_sync(checkout, run_cli, gh)
    assert not fake.pending_faults()
    # found again, not posted twice (and the two postmortems' parents)
    assert fake.count("POST", r"/issues$") == 4 + 2
    assert len(tracked(fake)) == 4
    assert run_cli("sync", env=env).code == 0
    assert len(tracked(fake)) == 4
    open_issues = [i for i in tracked(fake) if i["state"] == "open"]
    assert len(open_issues) == 4


def test_duplicates_from_racing_runs_are_healed(checkout: Checkout, run_cli: Run, gh: Gh) -> None:
    fake, env = gh
    first_sync(checkout, run_cli, gh)
    original = by_title(fake)["Add an alert on replica lag"]
    # A racing run of the tool itself left a second issue (same account).
    twin = fake.seed_issue(REPO, original["title"], original["body"],
                           labels=["postmortem-action"], user=fake.login)
    assert run_cli("sync", env=env).code == 0
    assert fake.issue(REPO, twin)["state"] == "closed"
    assert f"#{original['number']}" in fake.comments(REPO, twin)[0]["body"]
    assert fake.issue(REPO, original["number"])["state"] == "open"


def test_secondary_rate_limit_is_waited_out(checkout: Checkout, run_cli: Run, gh: Gh) -> None:
    fake, _ = gh
    fake.secondary_rate_limit("POST", r"/issues$", retry_after=1)
    first_sync(checkout, run_cli, gh)
    assert not fake.pending_faults()
    # the refused one, then the retry (and the two postmortems' parents)
    assert fake.count("POST", r"/issues$") == 5 + 2
    assert len(tracked(fake)) == 4


def test_create_refused_for_an_assignee_falls_back_to_naming_the_owner(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    checkout.write("pm", "Outage", [("Fix the thing", "@alice", "", "P1", "", "open")])
    body = {"message": "Validation Failed", "errors": [
        {"value": ["alice"], "resource": "Issue", "field": "assignees", "code": "invalid"}],
        "documentation_url": "https://docs.github.com/rest/issues/issues#create-an-issue",
        "status": "422"}
    fake.fail("POST", r"/issues$", 422, body=body)
    result = run_cli("sync", env=env)
    assert result.code == 0, result.stderr
    assert not fake.pending_faults()
    (issue,) = tracked(fake)
    assert issue["assignees"] == [] and "@alice" in issue["body"]


def test_non_assignable_owner_is_named_not_an_error(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    checkout.write("pm", "Outage", [("Fix the thing", "@mallory", "", "P1", "", "open")])
    result = run_cli("sync", env=env)
    assert result.code == 0, result.stderr
    (issue,) = tracked(fake)
    assert issue["assignees"] == [] and "@mallory" in issue["body"]
    assert "mallory" in result.stderr


def test_pull_requests_in_listings_are_ignored(checkout: Checkout, run_cli: Run, gh: Gh) -> None:
    fake, env = gh
    first_sync(checkout, run_cli, gh)
    original = by_title(fake)["Add an alert on replica lag"]
    pr = fake.seed_pull_request(REPO, "PR mentioning the action", body=original["body"],
                                labels=["postmortem-action"])
    fake.clear_log()
    assert run_cli("sync", env=env).code == 0
    assert fake.writes == 0
    assert fake.issue(REPO, pr)["state"] == "open"


def test_more_than_a_page_of_tracked_issues(checkout: Checkout, run_cli: Run, gh: Gh) -> None:
    fake, env = gh
    for n in range(11):
        rows = [(f"Action {n}-{k} harden component {k * 7 + n}", "@alice", "2026-04-01", "P2",
                 "prevent", "open") for k in range(11)]
        checkout.write(f"2026-02-{n + 1:02d}-pm", f"Incident {n}", rows)
    for n in range(15):
        fake.seed_pull_request(REPO, f"pr {n}", labels=["postmortem-action"])
    assert run_cli("sync", env=env).code == 0
    assert len(tracked(fake)) == 121
    fake.clear_log()
    result = run_cli("sync", env=env)
    assert result.code == 0
    assert fake.writes == 0
    assert fake.reads <= math.ceil(136 / 100) + 3
    assert "unchanged 121" in result.stderr


def test_dry_run_without_token_writes_nothing(checkout: Checkout, run_cli: Run, gh: Gh) -> None:
    fake, _ = gh
    checkout.write("2026-01-12-db", "Database failover", DB_ROWS)
    result = run_cli("sync", "--dry-run")
    assert result.code == 0, result.stderr
    assert fake.requests == []
    assert "would create: 2026-01-12-db: Add an alert on replica lag" in result.stdout
    assert "no tracked issues" in result.stderr or "token" in result.stderr


def test_dry_run_with_token_plans_against_real_issues_and_json_shape(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    first_sync(checkout, run_cli, gh)
    checkout.write("2026-01-12-db", "Database failover", DB_ROWS[:2])
    fake.clear_log()
    result = run_cli("sync", "--dry-run", "--format", "json", env=env)
    assert result.code == 0, result.stderr
    assert fake.writes == 0
    data = json.loads(result.stdout)
    assert data["dry_run"] is True and data["repo"] == REPO
    assert set(data["counts"]) == {"created", "updated", "closed", "unchanged", "failed",
                                   "removed"}
    assert data["counts"]["removed"] == 1 and data["counts"]["unchanged"] == 4
    removal = next(op for op in data["operations"] if op["op"] == "mark_removed")
    assert removal["issue"] is not None and removal["postmortem"] == "2026-01-12-db"
    assert set(removal) >= {"op", "postmortem", "action", "issue", "title", "reason"}


def test_actions_outputs_and_job_summary(
    checkout: Checkout, run_cli: Run, gh: Gh, tmp_path: Path
) -> None:
    _, env = gh
    checkout.write("2026-01-12-db", "Database failover", DB_ROWS)
    outputs, summary = tmp_path / "out.txt", tmp_path / "summary.md"
    result = run_cli("sync", env={**env, "GITHUB_OUTPUT": str(outputs),
                                  "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_ACTIONS": "true"})
    assert result.code == 0, result.stderr
    lines = outputs.read_text().splitlines()
    assert "created=3" in lines and "failed=0" in lines and "removed=0" in lines
    # the postmortem's parent issue, its three actions attached as sub-issues
    assert "parents_created=1" in lines and "sub_issues_attached=3" in lines
    assert "parents_failed=0" in lines
    assert "| created | updated |" in summary.read_text()
    assert "::warning" in result.stderr  # Carol Jones is not a login


def test_real_run_needs_a_repository_and_a_token(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    _, env = gh
    checkout.write("pm", "Outage", DB_ROWS[:1])
    no_repo = {k: v for k, v in env.items() if k != "GITHUB_REPOSITORY"}
    result = run_cli("sync", env=no_repo)
    assert result.code == 2 and "--repo" in result.stderr
    result = run_cli("sync", env={**env, "GITHUB_TOKEN": ""})
    assert result.code == 2 and "token" in result.stderr
    assert run_cli("sync", "--dry-run", env=no_repo).code == 0


def test_failed_item_exits_1_and_the_rest_still_syncs(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    checkout.write("pm", "Outage", DB_ROWS)
    fake.fail("POST", r"/issues$", 422, body={"message": "Validation Failed", "errors": [
        {"resource": "Issue", "field": "title", "code": "custom", "message": "title is bad"}],
        "status": "422"})
    result = run_cli("sync", env=env)
    assert result.code == 1
    assert len(tracked(fake)) == 2
    assert "failed 1" in result.stderr


def test_token_never_appears_in_output(checkout: Checkout, gh: Gh) -> None:
    fake, env = gh
    checkout.write("pm", "Outage", DB_ROWS)
    fake.fail("POST", r"/issues$", 500, times=50)
    proc = subprocess.run(
        [sys.executable, "-m", "action_tracker", "-vv", "sync", "--format", "json"],
        capture_output=True, text=True, timeout=60, cwd=checkout.root,
        env={"PATH": "/usr/bin:/bin", **env, "GITHUB_SHA": "abc1234"},
    )
    assert proc.returncode in (1, 2), proc.stderr
    assert fake.token not in proc.stdout and fake.token not in proc.stderr
    assert "Traceback" not in proc.stderr


def test_config_error_is_one_line_exit_2(checkout: Checkout) -> None:
    bad = checkout.root / "bad.yml"
    bad.write_text("sync:\n  close_removed: true\n  colse_removed: false\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "action_tracker", "--config", str(bad), "sync", "--dry-run"],
        capture_output=True, text=True, timeout=60, cwd=checkout.root,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "sync.colse_removed" in proc.stderr


def test_lost_response_hidden_by_listing_lag_is_healed_on_the_next_run(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    checkout.write("pm", "Outage", DB_ROWS[:1])
    fake.set_listing_lag(1)  # the re-list right after the lost response cannot see it yet
    fake.drop("POST", r"/issues$", when="after")
    assert run_cli("sync", env=env).code == 0
    assert not fake.pending_faults()
    twins = tracked(fake)
    assert len(twins) == 2  # GitHub's lag made a duplicate unavoidable in this run
    fake.set_listing_lag(0)
    # The re-created twin is itself hidden from the next listing; once both are visible,
    # the duplicate rule keeps the oldest.
    assert run_cli("sync", env=env).code == 0
    assert run_cli("sync", env=env).code == 0
    states = {i["number"]: i["state"] for i in tracked(fake)}
    oldest, newest = sorted(states)
    assert states == {oldest: "open", newest: "closed"}
    assert fake.issue(REPO, newest)["state_reason"] == "not_planned"
    fake.clear_log()
    assert run_cli("sync", env=env).code == 0
    assert fake.writes == 0


def test_missing_issues_permission_stops_the_run_but_reports_it(
    checkout: Checkout, run_cli: Run, gh: Gh, tmp_path: Path
) -> None:
    """A token without `issues: write` fails every write: one clear line, exit 2, and the
    Actions outputs still say nothing was created and how many were not synced."""
    fake, env = gh
    checkout.write("2026-01-12-db", "Database failover", DB_ROWS)
    fake.read_only = True
    outputs = tmp_path / "out.txt"
    result = run_cli("sync", env={**env, "GITHUB_OUTPUT": str(outputs)})
    assert result.code == 2
    assert "issues: write" in result.stderr
    assert "Traceback" not in result.stderr
    assert tracked(fake) == []
    lines = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    assert lines["created"] == "0"
    assert lines["failed"] == "3"


def test_github_unreachable_is_one_line_and_exit_1(
    checkout: Checkout, run_cli: Run, gh: Gh, tmp_path: Path
) -> None:
    """Nothing is wrong with the setup when GitHub cannot be reached: exit 1, not the
    usage/config/auth code 2, one line, and the next run simply syncs."""
    fake, env = gh
    checkout.write("2026-01-12-db", "Database failover", DB_ROWS)
    with socket.socket() as probe:  # a loopback port with nothing listening
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    result = run_cli("sync", env={**env, "GITHUB_API_URL": dead})
    assert result.code == 1, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and "could not be reached" in last
    assert "Traceback" not in result.stderr
    assert run_cli("sync", env=env).code == 0
    assert len(tracked(fake)) == 3


def test_renaming_a_postmortem_file_moves_its_issues(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    """Without an ``id:`` the postmortem id is the file name; a rename must not open a
    second set of issues nor flag the first set as removed."""
    fake, env = gh
    old = checkout.write("2026-01-12-db", "Database failover", DB_ROWS)
    assert run_cli("sync", env=env).code == 0
    before = {i["number"] for i in tracked(fake)}
    old.rename(old.with_name("2026-01-12-database-failover.md"))

    result = run_cli("sync", env=env)
    assert result.code == 0, result.stderr
    assert "created 0, updated 3, closed 0" in result.stderr
    after = tracked(fake)
    assert {i["number"] for i in after} == before
    for issue in after:
        marker = find_marker(issue["body"])
        assert marker is not None and marker.postmortem_id == "2026-01-12-database-failover"
        assert marker.get("path") == "postmortems/2026-01-12-database-failover.md"
        assert "postmortem-action-removed" not in labels_of(issue)
    fake.clear_log()
    assert run_cli("sync", env=env).code == 0
    assert fake.writes == 0


@pytest.mark.parametrize("status", [502, 422])
def test_done_comment_that_fails_is_posted_by_the_next_run(
    checkout: Checkout, run_cli: Run, gh: Gh, status: int
) -> None:
    """A failed "done" comment is never lost: the next run closes and comments, once."""
    fake, env = gh
    first_sync(checkout, run_cli, gh)
    number = by_title(fake)["Add an alert on replica lag"]["number"]
    rows = list(DB_ROWS)
    rows[0] = (*DB_ROWS[0][:5], "done")
    checkout.write("2026-01-12-db", "Database failover", rows)
    fake.fail("POST", rf"/issues/{number}/comments$", status,
              body={"message": "Server Error" if status == 502 else "Validation Failed"})
    failed = run_cli("sync", env=env)
    assert failed.code == 1
    issue = fake.issue(REPO, number)
    # What is reported is what GitHub shows: not closed, so "failed" is the truth.
    assert issue["state"] == "open" and "failed 1" in failed.stderr
    assert fake.comments(REPO, number) == []

    repaired = run_cli("sync", env=env)
    assert repaired.code == 0, repaired.stderr
    issue = fake.issue(REPO, number)
    assert (issue["state"], issue["state_reason"]) == ("closed", "completed")
    assert len(fake.comments(REPO, number)) == 1
    fake.clear_log()
    assert run_cli("sync", env=env).code == 0
    assert fake.writes == 0 and len(fake.comments(REPO, number)) == 1


def test_done_comment_is_not_repeated_when_the_close_keeps_failing(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    """Commenting first must not turn a close that fails (a 422 on every run, or a lost
    answer) into one more "done" comment per run: the earlier comment is found."""
    fake, env = gh
    first_sync(checkout, run_cli, gh)
    number = by_title(fake)["Add an alert on replica lag"]["number"]
    rows = list(DB_ROWS)
    rows[0] = (*DB_ROWS[0][:5], "done")
    checkout.write("2026-01-12-db", "Database failover", rows)
    fake.fail("PATCH", rf"/issues/{number}$", 422, times=2,
              body={"message": "Validation Failed"})
    for _ in range(2):
        assert run_cli("sync", env=env).code == 1
        assert fake.issue(REPO, number)["state"] == "open"
        assert len(fake.comments(REPO, number)) == 1
    fixed = run_cli("sync", env=env)
    assert fixed.code == 0, fixed.stderr
    assert fake.issue(REPO, number)["state"] == "closed"
    assert len(fake.comments(REPO, number)) == 1

    # A comment whose answer was lost (applied, 502) is found too, within the same run.
    rows[1] = (*DB_ROWS[1][:5], "done")
    checkout.write("2026-01-12-db", "Database failover", rows)
    runbook = by_title(fake)["Write the failover runbook"]["number"]
    fake.fail("POST", rf"/issues/{runbook}/comments$", 502, when="after")
    lost = run_cli("sync", env=env)
    assert lost.code == 0, lost.stderr
    assert fake.issue(REPO, runbook)["state"] == "closed"
    assert len(fake.comments(REPO, runbook)) == 1


def test_upgrading_the_body_layout_or_moving_lines_makes_no_write(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    """Issues written by an older version (plain document link, the title repeated on the
    first line, lessons in every body) are not rewritten: the body is not compared, only the
    document's version of the action. Lines that move (the link's ``#L``) change nothing."""
    fake, env = gh
    first_sync(checkout, run_cli, gh)
    for issue in tracked(fake):
        assert "?plain=1#L" in issue["body"]
        marker = issue["body"][issue["body"].index("<!-- action-tracker:"):]
        old = (f"{issue['title']}\n\n| **Postmortem** | [x](https://github.com/{REPO}/blob/"
               "0123456/postmortems/x.md) |\n\n<details><summary>What went wrong</summary>"
               f"\n\n- Paging was slow\n\n</details>\n\n{marker}")
        fake.person_edit(REPO, issue["number"], actor="action-tracker-bot", body=old)
    path = checkout.root / "postmortems" / "2026-01-12-db.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("## Summary", "A paragraph added: lines move.\n\n## Summary"),
                    encoding="utf-8")
    fake.clear_log()
    result = run_cli("sync", env=env)
    assert result.code == 0, result.stderr
    assert fake.writes == 0
