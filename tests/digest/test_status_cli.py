"""``status`` through the CLI against the fake GitHub server."""

from __future__ import annotations

import datetime as dt
import json

from tests.digest.conftest import Runner
from tests.digest.helpers import UTC, action_body
from tests.fake_github import FakeGitHub

REPO = "acme/widgets"


def _seed(fake: FakeGitHub) -> None:
    fake.seed_issue(REPO, "Write the runbook", action_body(action="runbook", due="2026-12-10",
                    owner="Dana Scully"), labels=["postmortem-action"], user=fake.login)
    fake.seed_issue(REPO, "Add replication-lag alert " + "and more words " * 10,
                    action_body(action="lag", due="2026-11-20", owner="@alice"),
                    labels=["postmortem-action"], assignees=["alice"], user=fake.login)
    fake.seed_issue(REPO, "Rotate keys", action_body(action="keys", due="2026-11-01"),
                    labels=["postmortem-action"], state="closed", user=fake.login,
                    closed_at=dt.datetime(2026, 11, 5, tzinfo=UTC))
    fake.seed_issue(REPO, "Not tracked", "plain issue")
    fake.seed_pull_request(REPO, "A PR", labels=["postmortem-action"])


def test_status_table(run: Runner, fake_github: FakeGitHub,
                      fake_github_env: dict[str, str]) -> None:
    _seed(fake_github)
    result = run("status", "--today", "2026-11-30", env=fake_github_env)
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert all(len(line) <= 120 for line in lines)
    assert lines[1].split()[:2] == ["2026-11-02-db", "Add"]
    assert "#2" in lines[1] and "@alice" in lines[1] and lines[1].endswith("10")
    assert "Dana Scully" in lines[2] and "open" in lines[2]
    assert "closed" in lines[3]
    assert fake_github.writes == 0


def test_status_json(run: Runner, fake_github: FakeGitHub,
                     fake_github_env: dict[str, str]) -> None:
    _seed(fake_github)
    result = run("status", "--format", "json", "--today", "2026-11-30", env=fake_github_env)
    rows = json.loads(result.stdout)
    assert [(r["issue"], r["state"], r["overdue_days"]) for r in rows] == [
        (2, "open", 10), (1, "open", None), (3, "closed", None)]
    assert rows[1] == {"postmortem": "2026-11-02-db", "action": "Write the runbook", "issue": 1,
                       "owner": "Dana Scully", "due": "2026-12-10", "state": "open",
                       "overdue_days": None}


def test_status_needs_a_token(run: Runner) -> None:
    result = run("status", "--repo", REPO)
    assert result.code == 2
    assert result.stderr.startswith("error: no GitHub token")
