"""``default_owner:`` (a login, or ``author``) and ``owner_source`` in sync's JSON, end to end."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from action_tracker.markers import find_marker
from action_tracker.testing.fake_github import FakeGitHub
from tests.sync.conftest import CONFIG, Checkout, CliRun

REPO = "acme/widgets"
Run = Callable[..., CliRun]
Gh = tuple[FakeGitHub, dict[str, str]]

ROWS = [
    ("Add an alert on replica lag", "@alice", "", "", "", "open"),
    ("Write the failover runbook", "Carol Jones", "", "", "", "open"),
    ("Automate the restore drill", "Bo Smith", "", "", "", "open"),
    ("Tune the pool", "", "", "", "", "open"),
    ("Shipped the hotfix", "Someone", "", "", "", "done"),
]


def _config(checkout: Checkout, extra: str) -> None:
    (checkout.root / ".github" / "action-tracker.yml").write_text(CONFIG + extra, "utf-8")


def _by_title(fake: FakeGitHub) -> dict[str, dict[str, Any]]:
    return {i["title"]: i for i in fake.issues(REPO) if find_marker(i["body"]) is not None}


def _logins(issue: dict[str, Any]) -> list[str]:
    return [str(a["login"]) for a in issue["assignees"]]


def _sources(stdout: str) -> dict[str, str | None]:
    return {op["title"]: op.get("owner_source") for op in json.loads(stdout)["operations"]}


def test_default_owner_login_takes_what_resolves_to_nobody(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    _config(checkout, "owners:\n  Carol Jones: carol\ndefault_owner: '@bob'\n")
    checkout.write("pm", "Database outage", ROWS)
    result = run_cli("sync", "--format", "json", env=env)
    assert result.code == 0, result.stderr
    assert _sources(result.stdout) == {
        "Add an alert on replica lag": "login",
        "Write the failover runbook": "owners",
        "Automate the restore drill": "default",
        "Tune the pool": "default",
        "Shipped the hotfix": "none",  # done: no default owner for finished work
    }
    issues = _by_title(fake)
    assignees = {t: _logins(i) for t, i in issues.items()}
    assert assignees["Automate the restore drill"] == ["bob"]
    assert assignees["Add an alert on replica lag"] == ["alice"]
    assert "Shipped the hotfix" not in assignees  # done before it was ever tracked
    body = str(issues["Automate the restore drill"]["body"])
    assert "@bob (default owner)" in body and "Bo Smith" in body
    # the owner resolves to nobody, but the default owner took it: no "not a login" warning
    assert "'Bo Smith' is not a GitHub login" not in result.stderr
    dry = run_cli("sync", "--dry-run", "--format", "json")  # no token: the same rules
    assert _sources(dry.stdout)["Automate the restore drill"] == "default"


def test_a_default_owner_github_refuses_is_not_assigned(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    _config(checkout, "default_owner: mallory\n")
    checkout.write("pm", "Database outage", ROWS[1:2])
    result = run_cli("sync", "--format", "json", env=env)
    assert result.code == 0, result.stderr
    assert _sources(result.stdout) == {"Write the failover runbook": "none"}
    assert "@mallory cannot be assigned" in result.stderr
    assert not _by_title(fake)["Write the failover runbook"]["assignees"]


def test_default_owner_must_be_a_login(checkout: Checkout, run_cli: Run) -> None:
    _config(checkout, "default_owner: 'the SRE team'\n")
    checkout.write("pm", "Database outage", ROWS)
    result = run_cli("sync", "--dry-run")
    assert result.code == 2 and "default_owner" in result.stderr


def _git(root: Path, *args: str, email: str = "dana@example.com") -> str:
    env = {"GIT_AUTHOR_NAME": "Dana", "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": "Dana",
           "GIT_COMMITTER_EMAIL": email, "HOME": str(root), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True,
                          check=True)
    return done.stdout.strip()


def test_default_owner_author_is_who_added_the_document(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    _config(checkout, "default_owner: author\n")
    checkout.write("pm", "Database outage", ROWS)
    checkout.write("tidy", "Cache outage", [("Cap the warmup", "@alice", "", "", "", "open")])
    _git(checkout.root, "init", "-q")
    _git(checkout.root, "add", "postmortems/pm.md")
    _git(checkout.root, "commit", "-qm", "add postmortem")
    added = _git(checkout.root, "rev-parse", "HEAD")
    _git(checkout.root, "add", "-A")
    _git(checkout.root, "commit", "-qm", "later", email="erin@example.com")
    fake.add_assignable(REPO, "dana")
    fake.seed_commit(REPO, added, "dana")
    fake.clear_log()
    result = run_cli("sync", "--format", "json", env=env)
    assert result.code == 0, result.stderr
    assert _sources(result.stdout)["Automate the restore drill"] == "author"
    assert _sources(result.stdout)["Cap the warmup"] == "login"
    issue = _by_title(fake)["Automate the restore drill"]
    assert _logins(issue) == ["dana"]
    assert "@dana (default owner)" in str(issue["body"])
    # one commit read, for the one document that needs it ("tidy" resolves on its own)
    assert fake.count("GET", "/commits/") == 1


def test_default_owner_author_unlinked_email_means_no_default(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    _config(checkout, "default_owner: author\n")
    checkout.write("pm", "Database outage", ROWS[1:2])
    _git(checkout.root, "init", "-q")
    _git(checkout.root, "add", "-A")
    _git(checkout.root, "commit", "-qm", "add postmortem")
    fake.seed_commit(REPO, _git(checkout.root, "rev-parse", "HEAD"), None)
    result = run_cli("sync", "--format", "json", env=env)
    assert result.code == 0, result.stderr
    assert _sources(result.stdout) == {"Write the failover runbook": "none"}
    assert "links commit" in result.stderr and "no default owner" in result.stderr


def test_a_team_is_mentioned_only_when_the_config_lists_it(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    _config(checkout, "owners:\n  '@acme/sre': carol\n")
    checkout.write("pm", "Database outage", [
        ("Add an alert on replica lag", "@acme/sre", "", "", "", "open"),
        ("Write the failover runbook", "@acme/dba", "", "", "", "open"),
    ])
    result = run_cli("sync", "--format", "json", env=env)
    assert result.code == 0, result.stderr
    assert _sources(result.stdout) == {
        "Add an alert on replica lag": "owners", "Write the failover runbook": "none"}
    issues = _by_title(fake)
    listed = issues["Add an alert on replica lag"]
    assert _logins(listed) == ["carol"] and "@carol, @acme/sre |" in listed["body"]
    unlisted = issues["Write the failover runbook"]["body"]
    assert "`@acme/dba`" in unlisted and " @acme/dba" not in unlisted  # text, not a mention


def test_default_owner_added_later_assigns_existing_issues_once(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    checkout.write("pm", "Database outage", ROWS[1:4])
    assert run_cli("sync", env=env).code == 0  # day one: nobody assigned
    assert all(not i["assignees"] for i in _by_title(fake).values())
    _config(checkout, "owners:\n  Carol Jones: carol\ndefault_owner: bob\n")
    second = run_cli("sync", "--format", "json", env=env)
    assert second.code == 0, second.stderr
    ops = {op["title"]: (op["op"], op["owner_source"])
           for op in json.loads(second.stdout)["operations"]}
    assert ops["Automate the restore drill"] == ("update", "default")
    assert ops["Tune the pool"] == ("update", "default")
    issues = _by_title(fake)
    assert _logins(issues["Automate the restore drill"]) == ["bob"]
    # A person unassigns the default owner: sync does not assign it again.
    number = issues["Tune the pool"]["number"]
    fake.person_edit(REPO, number, assignees=[])
    third = run_cli("sync", "--format", "json", env=env)
    assert {op["op"] for op in json.loads(third.stdout)["operations"]} == {"noop"}
    assert not _by_title(fake)["Tune the pool"]["assignees"]
