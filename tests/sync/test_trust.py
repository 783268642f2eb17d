"""Only issues the tool's own account opened are taken as an action's issue.

Anyone with triage rights can open an issue carrying the marker sync would compute (its
fields are all derivable from the document). Trusted on label + marker alone, such an issue
stood in for the real one, which was never opened. The token's account is the trusted one
(GraphQL's ``viewer``, which answers for personal, ``GITHUB_TOKEN`` and App installation
tokens alike, where ``GET /user`` refuses the last two), plus ``github.trusted_authors``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from action_tracker.testing.fake_github import FakeGitHub
from tests.sync.conftest import Checkout, CliRun
from tests.sync.helpers import tracked

REPO = "acme/widgets"
Run = Callable[..., CliRun]
Gh = tuple[FakeGitHub, dict[str, str]]
ROWS = [
    ("Add an alert on replica lag", "@alice", "2026-02-01", "P1", "prevent", "open"),
    ("Write the failover runbook", "@bob", "2026-03-01", "P2", "mitigate", "open"),
]
PLAIN_CONFIG = "github:\n  write_interval: 0\n  max_retries: 2\n  timeout: 5\n"


def forged_bodies(checkout: Checkout, run_cli: Run) -> list[dict[str, Any]]:
    """The issues sync would open, as an attacker can compute them (here: by syncing the
    same document against a scratch repository)."""
    with FakeGitHub() as scratch:
        scratch.create_repo(REPO, assignable=["alice", "bob"])
        assert run_cli("sync", env=scratch.env(REPO)).code == 0
        return scratch.issues(REPO)


def use_config(checkout: Checkout, text: str) -> None:
    (checkout.root / ".github" / "action-tracker.yml").write_text(text, encoding="utf-8")


def test_a_pre_created_issue_with_a_computed_marker_is_ignored_and_reported(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    use_config(checkout, PLAIN_CONFIG)  # nothing configured: the default rule
    env = {**env, "GITHUB_ACTIONS": "true"}
    checkout.write("2026-01-12-db", "Database failover", ROWS)
    forged = forged_bodies(checkout, run_cli)[0]
    planted = fake.seed_issue(REPO, forged["title"], forged["body"],
                              labels=["postmortem-action"], user="mallory")

    result = run_cli("sync", env=env)
    assert result.code == 0, result.stderr
    real = [i for i in tracked(fake) if i["user"]["login"] == "github-actions[bot]"]
    assert sorted(i["title"] for i in real) == sorted(r[0] for r in ROWS)  # both opened
    warning = [line for line in result.stderr.splitlines() if f"issue #{planted} " in line]
    assert len(warning) == 1 and "@mallory" in warning[0] and warning[0].startswith("::warning")
    assert "github.trusted_authors" in warning[0]
    assert fake.issue(REPO, planted)["body"] == forged["body"]  # not touched either
    assert fake.count(method="PATCH", path=rf"/issues/{planted}$") == 0
    assert fake.comments(REPO, planted) == []

    fake.clear_log()
    again = run_cli("sync", env=env)
    assert again.code == 0 and fake.writes == 0
    # One listing, one identity lookup (GraphQL viewer: github-actions[bot]) and the
    # listing of the postmortems' parent issues.
    assert fake.reads == 3 and fake.count("POST", r"^/graphql$") == 1


def test_status_and_digest_apply_the_same_rule(checkout: Checkout, run_cli: Run, gh: Gh) -> None:
    fake, env = gh
    checkout.write("2026-01-12-db", "Database failover", ROWS[:1])
    forged = forged_bodies(checkout, run_cli)[0]
    planted = fake.seed_issue(REPO, forged["title"], forged["body"],
                              labels=["postmortem-action"], user="mallory")
    status = run_cli("status", "--format", "json", env=env)
    assert status.code == 0, status.stderr
    assert f'"issue": {planted}' not in status.stdout and f"#{planted}" not in status.stdout
    assert f"issue #{planted} " in status.stderr
    digest = run_cli("digest", "--dry-run", "--today", "2026-02-10", env=env)
    assert digest.code == 0, digest.stderr
    assert f"#{planted}" not in digest.stdout and f"issue #{planted} " in digest.stderr


def test_a_personal_token_trusts_its_own_account(tmp_path: Path, checkout: Checkout,
                                                 run_cli: Run) -> None:
    use_config(checkout, PLAIN_CONFIG)
    checkout.write("2026-01-12-db", "Database failover", ROWS)
    with FakeGitHub(login="release-robot", token="ghp_" + "a" * 36) as fake:
        fake.create_repo(REPO, assignable=["alice", "bob"])
        env = fake.env(REPO)
        assert run_cli("sync", env=env).code == 0  # no issues yet: no identity lookup
        assert fake.count("POST", r"^/graphql$") == 0
        fake.clear_log()
        again = run_cli("sync", env=env)
        assert again.code == 0, again.stderr
        # the listing, the viewer query and the listing of parent issues
        assert fake.writes == 0 and fake.reads == 3
        assert "warning" not in again.stderr


def test_issues_of_an_earlier_sync_stay_trusted_after_the_upgrade(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    """Issues the workflow's GITHUB_TOKEN opened before trust existed are its own: nothing
    is re-created or commented on."""
    fake, env = gh
    use_config(checkout, PLAIN_CONFIG)
    env = {**env, "GITHUB_ACTIONS": "true"}
    checkout.write("2026-01-12-db", "Database failover", ROWS)
    for issue in forged_bodies(checkout, run_cli):  # as the old version left them
        fake.seed_issue(REPO, issue["title"], issue["body"], labels=["postmortem-action"],
                        user="github-actions[bot]")
    seeded = [i["number"] for i in tracked(fake)]
    fake.clear_log()
    result = run_cli("sync", env=env)
    assert result.code == 0, result.stderr
    assert "warning" not in result.stderr
    # Not one write to them (the postmortem gets its parent issue, they its sub-issues).
    assert [r.path for r in fake.requests if r.is_write and any(
        r.path.endswith(f"/issues/{n}") or f"/issues/{n}/" in r.path for n in seeded)] == []
    assert all(fake.parent_of(REPO, n) is not None for n in seeded)


def test_an_app_token_knows_its_own_account_without_configuration(
    checkout: Checkout, run_cli: Run
) -> None:
    """A GitHub App installation token cannot call ``GET /user`` (403), in Actions or not;
    GraphQL's viewer names its ``<app>[bot]`` account, so nothing is guessed or configured,
    and the workflow's ``github-actions[bot]`` issues are not taken for the App's."""
    use_config(checkout, PLAIN_CONFIG)
    checkout.write("2026-01-12-db", "Database failover", ROWS)
    with FakeGitHub(login="postmortem-app[bot]") as fake:
        fake.create_repo(REPO, assignable=["alice", "bob"])
        env = fake.env(REPO)  # outside Actions
        assert run_cli("sync", env=env).code == 0
        fake.clear_log()
        again = run_cli("sync", env=env)
        assert again.code == 0, again.stderr
        assert fake.writes == 0 and fake.count("POST", r"^/graphql$") == 1
        assert fake.count("GET", r"^/user$") == 0 and "warning" not in again.stderr
        other = fake.seed_issue(REPO, "x", tracked(fake)[0]["body"],
                                labels=["postmortem-action"], user="github-actions[bot]")
        third = run_cli("sync", env=env)
        assert third.code == 0 and f"issue #{other} " in third.stderr  # not the App's own


def test_a_trusted_app_account_from_the_config(checkout: Checkout, run_cli: Run) -> None:
    use_config(checkout, PLAIN_CONFIG + "  trusted_authors: ['postmortem-app[bot]']\n")
    checkout.write("2026-01-12-db", "Database failover", ROWS)
    with FakeGitHub(login="postmortem-app[bot]") as fake:
        fake.create_repo(REPO, assignable=["alice", "bob"])
        env = {**fake.env(REPO), "GITHUB_ACTIONS": "true"}
        assert run_cli("sync", env=env).code == 0
        fake.clear_log()
        again = run_cli("sync", env=env)
        assert again.code == 0 and fake.writes == 0 and fake.reads == 2  # and the parents
        assert "warning" not in again.stderr
