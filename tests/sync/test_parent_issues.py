"""One parent issue per postmortem, its actions' issues as sub-issues: end to end through
the CLI against the fake GitHub (README, "Parent issues")."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from action_tracker.markers import find_marker, find_markers
from action_tracker.testing.fake_github import FakeGitHub
from tests.sync.conftest import CONFIG, Checkout, CliRun, Row
from tests.sync.helpers import labels_of

REPO = "acme/widgets"
Run = Callable[..., CliRun]
Gh = tuple[FakeGitHub, dict[str, str]]
SHA = "0123456789abcdef0123456789abcdef01234567"

ALERT: Row = ("Add alert on replica lag", "@alice", "2026-02-01", "P1", "detect", "open")
RUNBOOK: Row = ("Write failover runbook", "@bob", "2026-02-01", "P2", "mitigate", "open")
DRILL: Row = ("Run a restore drill", "@carol", "2026-03-01", "P2", "prevent", "open")


def done(row: Row) -> Row:
    return (*row[:5], "done")


def parents(fake: FakeGitHub) -> list[dict[str, Any]]:
    """Every issue carrying a parent marker (labelled or not, open or closed)."""
    return [i for i in fake.issues(REPO) if find_marker(i["body"], "parent") is not None]


def action_numbers(fake: FakeGitHub) -> list[int]:
    return [i["number"] for i in fake.issues(REPO) if find_marker(i["body"]) is not None]


def the_parent(fake: FakeGitHub, pm: str = "2026-01-12-db") -> dict[str, Any]:
    found = [p for p in parents(fake) if find_marker(p["body"], "parent").postmortem_id == pm]
    open_ = [p for p in found if "postmortem" in labels_of(p)]
    assert len(open_) == 1, [(p["number"], p["state"], labels_of(p)) for p in found]
    return open_[0]


def sync(run_cli: Run, env: dict[str, str], *args: str) -> CliRun:
    result = run_cli("sync", *args, env=env)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def assert_quiet_rerun(fake: FakeGitHub, run_cli: Run, env: dict[str, str]) -> None:
    fake.clear_log()
    again = sync(run_cli, env)
    assert again.code == 0, again.stderr
    assert fake.writes == 0, [(r.method, r.path) for r in fake.requests if r.is_write]


def test_parent_created_with_its_actions_as_sub_issues(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    checkout.write("2026-01-12-db", "DB outage", [ALERT, RUNBOOK])
    summary = checkout.root / "summary.md"
    first = sync(run_cli, {**env, "GITHUB_STEP_SUMMARY": str(summary)})
    assert first.code == 0, first.stderr
    assert "created parent: 2026-01-12-db: Follow-ups: DB outage" in first.stdout
    said = "parent issues: created 1, updated 0, closed 0, reopened 0, unchanged 0, failed 0; "
    assert said + "sub-issues attached 2" in first.stderr
    assert said + "sub-issues attached 2" in summary.read_text(encoding="utf-8")
    parent = the_parent(fake)
    assert parent["title"] == "Follow-ups: DB outage"
    assert labels_of(parent) == {"postmortem"}
    assert parent["user"]["login"] == "github-actions[bot]"
    marker = find_marker(parent["body"], "parent")
    assert marker is not None and marker.content_hash
    assert f"/blob/{SHA}/postmortems/2026-01-12-db.md" in parent["body"]
    assert "2026-01-12" in parent["body"] and "SEV2" in parent["body"]
    assert "Alerts fired late" in parent["body"]  # what went wrong
    numbers = action_numbers(fake)
    assert fake.sub_issue_numbers(REPO, parent["number"]) == numbers
    for number in numbers:
        assert f"#{number} (open)" in parent["body"]
    # The sub-issue API was given the issues' ids, not their numbers.
    posted = [r.json["sub_issue_id"] for r in fake.requests
              if r.method == "POST" and r.path.endswith("/sub_issues")]
    assert posted == [fake.issue(REPO, n)["id"] for n in numbers]
    assert parent["sub_issues_summary"]["total"] == 2
    assert_quiet_rerun(fake, run_cli, env)


def test_json_and_dry_run_show_parent_operations(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    checkout.write("2026-01-12-db", "DB outage", [ALERT, RUNBOOK])
    dry = sync(run_cli, env, "--dry-run", "--format", "json")
    assert dry.code == 0, dry.stderr
    data = json.loads(dry.stdout)
    assert data["counts"]["created"] == 2  # the existing keys are unchanged
    (parent,) = data["parents"]
    assert parent["op"] == "create" and parent["outcome"] == "planned"
    assert parent["title"] == "Follow-ups: DB outage"
    assert parent["attached"] == ["(new issue)", "(new issue)"]
    assert data["parent_counts"]["created"] == 1 and data["parent_counts"]["attached"] == 2
    assert fake.writes == 0
    text = sync(run_cli, {k: v for k, v in env.items() if k != "GITHUB_TOKEN"}, "--dry-run")
    assert "would create parent: 2026-01-12-db: Follow-ups: DB outage" in text.stdout
    assert ("parent issues (dry run): would create 1, update 0, close 0, reopen 0; unchanged 0; "
            "sub-issues would be attached 2") in text.stderr
    # The quick start: no token and no repository. The dry run still shows the parents.
    bare = {k: v for k, v in env.items() if k not in ("GITHUB_TOKEN", "GITHUB_REPOSITORY")}
    text = run_cli("sync", "--dry-run", env=bare)
    assert text.code == 0, text.stderr
    assert "would create parent: 2026-01-12-db: Follow-ups: DB outage" in text.stdout
    real = json.loads(sync(run_cli, env, "--format", "json").stdout)
    (parent,) = real["parents"]
    assert parent["op"] == "create" and parent["outcome"] == "done"
    assert parent["issue"] == the_parent(fake)["number"]
    assert parent["attached"] == [f"#{n}" for n in action_numbers(fake)]


def test_no_sub_issues_api_gives_a_task_list_and_says_so_once(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    fake.set_sub_issues(False)  # an older GitHub Enterprise Server
    checkout.write("2026-01-12-db", "DB outage", [ALERT, RUNBOOK])
    checkout.write("2026-02-02-dns", "DNS outage", [DRILL], )
    first = sync(run_cli, env)
    assert first.code == 0, first.stderr
    assert first.stderr.count("no sub-issues API") == 1, first.stderr
    parent = the_parent(fake)
    numbers = [n for n in action_numbers(fake)][:2]
    for number in numbers:
        assert f"- [ ] #{number}" in parent["body"], parent["body"]
    assert "task list" in parent["body"]
    assert "- [ ] #" in the_parent(fake, "2026-02-02-dns")["body"]
    # The next run knows it from the listing (no sub_issues_summary): no sub-issue request.
    fake.clear_log()
    second = sync(run_cli, env)
    assert second.code == 0 and fake.writes == 0
    assert second.stderr.count("no sub-issues API") == 1
    assert fake.count(path=r"/sub_issues?$") == 0
    # An action done in the document is ticked.
    checkout.write("2026-01-12-db", "DB outage", [done(ALERT), RUNBOOK])
    assert sync(run_cli, env).code == 0
    assert f"- [x] #{numbers[0]}" in the_parent(fake)["body"]
    assert f"- [ ] #{numbers[1]}" in the_parent(fake)["body"]
    assert_quiet_rerun(fake, run_cli, env)


def test_parent_closes_when_all_done_and_reopens_on_a_new_action(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    checkout.write("2026-01-12-db", "DB outage", [ALERT, RUNBOOK])
    assert sync(run_cli, env).code == 0
    checkout.write("2026-01-12-db", "DB outage", [done(ALERT), RUNBOOK])
    assert sync(run_cli, env).code == 0
    assert the_parent(fake)["state"] == "open"
    checkout.write("2026-01-12-db", "DB outage", [done(ALERT), done(RUNBOOK)])
    closing = sync(run_cli, env)
    assert "closed parent: 2026-01-12-db" in closing.stdout
    parent = the_parent(fake)
    assert (parent["state"], parent["state_reason"]) == ("closed", "completed")
    assert parent["sub_issues_summary"] == {"total": 2, "completed": 2, "percent_completed": 100}
    assert_quiet_rerun(fake, run_cli, env)

    checkout.write("2026-01-12-db", "DB outage", [done(ALERT), done(RUNBOOK), DRILL])
    reopening = sync(run_cli, env)
    assert "reopened parent: 2026-01-12-db" in reopening.stdout, reopening.stdout
    parent = the_parent(fake)
    assert parent["state"] == "open"
    numbers = action_numbers(fake)
    assert fake.sub_issue_numbers(REPO, parent["number"]) == numbers and len(numbers) == 3
    assert_quiet_rerun(fake, run_cli, env)


def test_a_persons_title_is_kept_until_the_postmortem_changes(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    checkout.write("2026-01-12-db", "DB outage", [ALERT, RUNBOOK])
    assert sync(run_cli, env).code == 0
    number = the_parent(fake)["number"]
    fake.person_edit(REPO, number, title="DB outage follow-ups (owned by SRE)")
    assert_quiet_rerun(fake, run_cli, env)
    # An action's state changes: the body follows, the person's title stays.
    checkout.write("2026-01-12-db", "DB outage", [done(ALERT), RUNBOOK])
    assert sync(run_cli, env).code == 0
    parent = fake.issue(REPO, number)
    assert parent["title"] == "DB outage follow-ups (owned by SRE)"
    assert "(done)" in parent["body"]
    # The person closes the parent by hand: kept while the actions do not change.
    fake.person_edit(REPO, number, state="closed", state_reason="not_planned")
    assert_quiet_rerun(fake, run_cli, env)
    # The postmortem's own title changes: the parent's title follows.
    checkout.write("2026-01-12-db", "Database outage", [done(ALERT), RUNBOOK])
    assert sync(run_cli, env).code == 0
    assert fake.issue(REPO, number)["title"] == "Follow-ups: Database outage"
    assert_quiet_rerun(fake, run_cli, env)


def test_parent_issues_false_turns_it_off(checkout: Checkout, run_cli: Run, gh: Gh) -> None:
    fake, env = gh
    config = checkout.root / ".github" / "action-tracker.yml"
    config.write_text(CONFIG + "parent_issues: false\n", encoding="utf-8")
    checkout.write("2026-01-12-db", "DB outage", [ALERT, RUNBOOK])
    result = sync(run_cli, env, "--format", "json")
    assert result.code == 0
    assert json.loads(result.stdout)["parents"] == []
    assert parents(fake) == []
    assert fake.count(path=r"sub_issue") == 0
    assert fake.count("GET", r"/issues$") == 1  # the tracked listing only


def test_upgrade_gets_parents_and_leaves_action_issues_untouched(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    config = checkout.root / ".github" / "action-tracker.yml"
    config.write_text(CONFIG + "parent_issues: false\n", encoding="utf-8")  # before the change
    checkout.write("2026-01-12-db", "DB outage", [ALERT, done(RUNBOOK)])
    checkout.write("2026-02-02-dns", "DNS outage", [DRILL])
    assert sync(run_cli, env).code == 0
    numbers = action_numbers(fake)
    before = {n: fake.issue(REPO, n) for n in numbers}
    config.write_text(CONFIG, encoding="utf-8")
    fake.clear_log()
    upgrade = sync(run_cli, env)
    assert upgrade.code == 0, upgrade.stderr
    assert upgrade.stdout.count("created parent") == 2
    touched = [r for r in fake.requests if r.is_write
               and any(r.path.endswith(f"/issues/{n}") or f"/issues/{n}/" in r.path
                       for n in numbers)]
    assert touched == []  # not one write to an action issue
    for n in numbers:
        now = fake.issue(REPO, n)
        assert (now["title"], now["body"], now["labels"], now["state"]) == (
            before[n]["title"], before[n]["body"], before[n]["labels"], before[n]["state"])
        assert fake.parent_of(REPO, n) is not None
    assert_quiet_rerun(fake, run_cli, env)


def test_linked_issues_are_attached_unless_they_have_a_parent(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    free = fake.seed_issue(REPO, "Replica lag alert (SRE)", "Our own issue", user="alice")
    epic = fake.seed_issue(REPO, "Q1 reliability epic", "", user="bob")
    taken = fake.seed_issue(REPO, "Runbooks for every DB", "", user="bob")
    fake.person_add_sub_issue(REPO, epic, taken)
    checkout.write("2026-01-12-db", "DB outage", [
        (*ALERT[:4], f"#{free}", "open"), (*RUNBOOK[:4], f"#{taken}", "open"), DRILL])
    (checkout.root / "postmortems" / "2026-01-12-db.md").write_text(
        (checkout.root / "postmortems" / "2026-01-12-db.md").read_text(encoding="utf-8")
        .replace("| Type |", "| Ticket |"), encoding="utf-8")
    first = sync(run_cli, env)
    assert first.code == 0, first.stderr
    parent = the_parent(fake)
    assert fake.parent_of(REPO, free) == parent["number"]
    assert fake.parent_of(REPO, taken) == epic  # left where it is
    assert f"#{taken}" in parent["body"]  # listed instead
    own = [n for n in action_numbers(fake) if n not in (free, taken)]
    assert len(own) == 1 and fake.parent_of(REPO, own[0]) == parent["number"]
    assert "a sub-issue of another issue: left there" in parent["body"]
    assert_quiet_rerun(fake, run_cli, env)
    assert fake.parent_of(REPO, taken) == epic


def test_lost_responses_leave_one_parent_and_one_attachment(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    checkout.write("2026-01-12-db", "DB outage", [ALERT, RUNBOOK])
    # The third create is the parent's: GitHub makes it but the answer never arrives.
    fake.drop("POST", r"/issues$", when="after").skip = 2
    fake.drop("POST", r"/sub_issues$", when="after")  # the first attach: done, answer lost
    first = sync(run_cli, env)
    assert first.code == 0, first.stderr
    assert len(parents(fake)) == 1
    parent = the_parent(fake)
    assert fake.sub_issue_numbers(REPO, parent["number"]) == action_numbers(fake)
    assert_quiet_rerun(fake, run_cli, env)


def test_a_5xx_on_attach_converges_next_run(checkout: Checkout, run_cli: Run, gh: Gh) -> None:
    fake, env = gh
    checkout.write("2026-01-12-db", "DB outage", [ALERT, RUNBOOK])
    fake.fail("POST", r"/sub_issues$", 502, times=2)  # before: nothing attached, retry fails
    first = sync(run_cli, env)
    assert first.code == 1  # an attach failed (said, exit 1); everything else synced
    assert "failed to create parent" in first.stdout
    second = sync(run_cli, env)
    assert second.code == 0, second.stderr
    parent = the_parent(fake)
    assert fake.sub_issue_numbers(REPO, parent["number"]) == action_numbers(fake)
    assert_quiet_rerun(fake, run_cli, env)


def _subprocess_env(env: dict[str, str]) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env, "GITHUB_SHA": SHA}


def test_a_killed_run_converges(checkout: Checkout, run_cli: Run, gh: Gh) -> None:
    fake, env = gh
    checkout.write("2026-01-12-db", "DB outage", [ALERT, RUNBOOK])
    fake.stall("POST", r"/sub_issues$", 3)  # the run waits at its first attach: killed there
    proc = subprocess.Popen([sys.executable, "-m", "action_tracker", "sync"],
                            cwd=checkout.root, env=_subprocess_env(env),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not fake.count("POST", r"/sub_issues$") and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert len(parents(fake)) == 1
    parent = the_parent(fake)["number"]
    assert fake.sub_issue_numbers(REPO, parent) == []
    fake.clear_faults()
    again = sync(run_cli, env)
    assert again.code == 0, again.stderr
    assert len(parents(fake)) == 1
    assert fake.sub_issue_numbers(REPO, parent) == action_numbers(fake)
    assert_quiet_rerun(fake, run_cli, env)


def test_two_racing_runs_leave_one_parent_after_the_next_run(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    checkout.write("2026-01-12-db", "DB outage", [ALERT, RUNBOOK])
    fake.set_listing_lag(2)  # neither run's listings see what the other creates
    procs = [subprocess.Popen([sys.executable, "-m", "action_tracker", "sync"],
                              cwd=checkout.root, env=_subprocess_env(env),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert "Traceback" not in err
    assert len(parents(fake)) == 2
    fake.set_listing_lag(0)
    fake.settle_listings()
    heal = sync(run_cli, env)
    assert heal.code == 0, heal.stderr
    heal2 = sync(run_cli, env)  # the action duplicates' heal may add a step
    assert heal2.code == 0, heal2.stderr
    kept = the_parent(fake)
    twins = [p for p in parents(fake) if p["number"] != kept["number"]]
    assert all((p["state"], p["state_reason"]) == ("closed", "not_planned") for p in twins)
    assert all("postmortem" not in labels_of(p) for p in twins)
    assert kept["number"] < twins[0]["number"]
    kept_actions = [i["number"] for i in fake.issues(REPO)
                    if find_marker(i["body"]) and "postmortem-action" in labels_of(i)]
    assert sorted(fake.sub_issue_numbers(REPO, kept["number"])) == sorted(kept_actions)
    assert_quiet_rerun(fake, run_cli, env)


def test_no_op_resync_of_50_postmortems_reads_little_and_writes_nothing(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    for n in range(50):
        checkout.write(f"2026-01-{n:02d}-incident", f"Incident {n}", [
            (f"Add alert {n}", "@alice", "2026-02-01", "P1", "detect", "open"),
            (f"Write runbook {n}", "@bob", "2026-02-01", "P2", "mitigate", "open"),
            (f"Run drill {n}", "", "2026-02-01", "P3", "prevent", "done")])
    checkout.write("2026-01-99-more", "More", [ALERT, RUNBOOK, DRILL])
    assert sync(run_cli, env).code == 0
    assert len(parents(fake)) == 51
    fake.clear_log()
    assert sync(run_cli, env).code == 0
    assert fake.writes == 0
    # 103 tracked issues: 2 pages; 51 parents: 1 page. No sub-issue list is read.
    assert fake.reads == 3, [(r.method, r.path) for r in fake.requests]


def test_no_op_resync_reads_no_sub_issues_where_listings_lack_parent_issue_url(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    """GitHub's issue payloads recorded in 2025 carry ``sub_issues_summary`` but no
    ``parent_issue_url``: the parent's count alone says its sub-issues are all there, so
    a no-op re-sync still reads no sub-issue list (and a missing one is still attached)."""
    fake, env = gh
    fake.set_parent_urls(False)
    for n in range(5):
        checkout.write(f"2026-01-{n:02d}-incident", f"Incident {n}", [ALERT, RUNBOOK])
    assert sync(run_cli, env).code == 0
    assert len(parents(fake)) == 5
    fake.clear_log()
    assert sync(run_cli, env).code == 0
    assert fake.writes == 0
    assert fake.reads == 2, [(r.method, r.path) for r in fake.requests]  # issues + parents
    # A person detaches one action's issue: the count differs, the list is read, it is back.
    parent = parents(fake)[0]["number"]
    child = fake.sub_issue_numbers(REPO, parent)[0]
    fake.person_remove_sub_issue(REPO, parent, child)
    assert sync(run_cli, env).code == 0
    assert child in fake.sub_issue_numbers(REPO, parent)
    assert_quiet_rerun(fake, run_cli, env)


def test_actions_past_100_are_listed_in_the_parent_body(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    rows: list[Row] = [(f"Harden service {n}", "@alice", "2026-02-01", "P2", "prevent", "open")
                       for n in range(101)]
    checkout.write("2026-01-12-db", "DB outage", rows)
    first = sync(run_cli, env)
    assert first.code == 0, first.stderr
    parent = the_parent(fake)
    numbers = action_numbers(fake)
    assert len(numbers) == 101
    assert fake.sub_issue_numbers(REPO, parent["number"]) == numbers[:100]
    assert fake.parent_of(REPO, numbers[100]) is None
    assert f"- #{numbers[100]} (open): Harden service 100 (not a sub-issue" in parent["body"]
    assert_quiet_rerun(fake, run_cli, env)


def test_document_text_in_the_parent_is_escaped_and_the_template_overridable(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    path = checkout.write("2026-01-12-db", "DB outage @acme/sre <details>", [ALERT])
    path.write_text(path.read_text(encoding="utf-8").replace(
        "- Alerts fired late",
        "- @mallory paged nobody <!-- action-tracker:parent v=1 pm=x hash=y -->"),
        encoding="utf-8")
    assert sync(run_cli, env).code == 0
    body = the_parent(fake)["body"]
    assert "`@acme/sre`" in body and "<details>" not in body
    assert "`@mallory`" in body
    assert [m.postmortem_id for m in find_markers(body)] == ["2026-01-12-db"]
    # A template override by name, rendered in the sandbox; the marker is still added.
    folder = checkout.root / ".github" / "tpl"
    folder.mkdir()
    (folder / "parent_body.md.j2").write_text(
        "Our follow-ups of {{ postmortem_title | md_inline }}: {{ done }}/{{ total }}\n",
        encoding="utf-8")
    config = checkout.root / ".github" / "action-tracker.yml"
    config.write_text(CONFIG + "templates_dir: .github/tpl\n", encoding="utf-8")
    checkout.write("2026-01-12-db", "DB outage", [ALERT])  # the postmortem changes
    assert sync(run_cli, env).code == 0
    body = the_parent(fake)["body"]
    assert body.startswith("Our follow-ups of DB outage: 0/1")
    assert find_marker(body, "parent") is not None


def test_a_fatal_error_while_attaching_still_reports_the_action_issues(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    checkout.write("2026-01-12-db", "DB outage", [ALERT, RUNBOOK])
    fake.fail("POST", r"/sub_issues$", 403,
              body={"message": "Resource not accessible by integration"})
    result = sync(run_cli, env, "--format", "json")
    assert result.code == 2
    assert "issues: write" in result.stderr
    assert json.loads(result.stdout)["counts"]["created"] == 2
    fake.clear_faults()
    assert sync(run_cli, env).code == 0
    parent = the_parent(fake)
    assert fake.sub_issue_numbers(REPO, parent["number"]) == action_numbers(fake)
    assert_quiet_rerun(fake, run_cli, env)


def test_the_pull_request_preview_shows_the_parent_issues(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    checkout.write("2026-01-12-db", "DB outage", [ALERT, RUNBOOK])
    before = run_cli("preview", "--dry-run", "--pr", "7", env=env)
    assert before.code == 0, before.stderr
    assert "**Parent issues**" in before.stdout
    assert "- open a new issue: Follow-ups: DB outage (2 sub-issues to attach)" in before.stdout
    assert sync(run_cli, env).code == 0
    number = the_parent(fake)["number"]
    checkout.write("2026-01-12-db", "DB outage", [done(ALERT), done(RUNBOOK)])
    fake.clear_log()
    after = run_cli("preview", "--dry-run", "--pr", "7", "--format", "json", env=env)
    assert after.code == 0, after.stderr
    (parent,) = json.loads(after.stdout)["parents"]
    assert (parent["op"], parent["issue"]) == ("close", number)
    assert fake.writes == 0
    text = run_cli("preview", "--dry-run", "--pr", "7", env=env)
    assert f"- close #{number}: Follow-ups: DB outage" in text.stdout


def test_crossed_race_heals_kept_parent_holds_the_kept_issues_only(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    """Two racing runs whose writes interleaved: the older parent holds the newer (duplicate)
    action issues and the newer parent the older (kept) ones. The next run moves the kept
    issues under the kept parent, detaches the duplicates it closes, closes the other
    parent; the run after writes nothing."""
    fake, env = gh
    checkout.write("2026-01-12-db", "DB outage", [ALERT, RUNBOOK])
    assert sync(run_cli, env).code == 0
    kept_parent = the_parent(fake)
    first, second = action_numbers(fake)
    bot = fake.login
    twins = [fake.seed_issue(REPO, fake.issue(REPO, n)["title"], fake.issue(REPO, n)["body"],
                             labels=["postmortem-action"], user=bot) for n in (first, second)]
    other = fake.seed_issue(REPO, kept_parent["title"], kept_parent["body"],
                            labels=["postmortem"], user=bot)
    for n in (first, second):
        fake.person_add_sub_issue(REPO, other, n)
    for n in twins:
        fake.person_add_sub_issue(REPO, kept_parent["number"], n)
    heal = sync(run_cli, env)
    assert heal.code == 0, heal.stderr
    assert "detached" in heal.stdout
    assert fake.sub_issue_numbers(REPO, kept_parent["number"]) == [first, second]
    closed = fake.issue(REPO, other)
    assert (closed["state"], closed["state_reason"]) == ("closed", "not_planned")
    assert "postmortem" not in labels_of(closed)
    assert all(fake.issue(REPO, n)["state"] == "closed" for n in twins)
    assert_quiet_rerun(fake, run_cli, env)


def test_the_digest_groups_actions_under_the_parent_sync_keeps(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    """The contract with the digest: label ``labels.parent``, the ``parent`` marker naming
    the postmortem, opened by the tool's own account."""
    fake, env = gh
    checkout.write("2026-01-12-db", "DB outage", [done(ALERT), RUNBOOK])
    assert sync(run_cli, env).code == 0
    number = the_parent(fake)["number"]
    digest = run_cli("digest", "--today", "2026-03-20", "--dry-run", "--format", "json",
                     env=env)
    assert digest.code == 0, digest.stderr
    (group,) = json.loads(digest.stdout)["groups"]
    assert group["postmortem_id"] == "2026-01-12-db"
    assert group["parent"]["number"] == number


def test_a_removed_action_stays_a_sub_issue_and_costs_no_read(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    checkout.write("2026-01-12-db", "DB outage", [ALERT, RUNBOOK])
    assert sync(run_cli, env).code == 0
    parent = the_parent(fake)["number"]
    first, second = action_numbers(fake)
    checkout.write("2026-01-12-db", "DB outage", [ALERT])
    assert sync(run_cli, env).code == 0
    assert f"#{second}" not in fake.issue(REPO, parent)["body"]  # no longer its action
    assert fake.sub_issue_numbers(REPO, parent) == [first, second]  # never detached
    fake.clear_log()
    assert sync(run_cli, env).code == 0
    assert fake.writes == 0
    assert fake.count("GET", r"/sub_issues$") == 0  # GitHub's count is what is expected
    assert fake.reads == 2  # the tracked issues and the parents: one listing each
