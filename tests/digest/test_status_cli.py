"""``status`` through the CLI against the fake GitHub server."""

from __future__ import annotations

import datetime as dt
import json
import sys

import pytest

from action_tracker.testing.fake_github import FakeGitHub
from action_tracker.testing.issues import UTC, action_body
from tests.digest.conftest import Runner

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
    assert "Add replication-lag alert " + "and more words " * 9 + "and more words" in lines[1]
    assert lines[1].split()[:2] == ["2026-11-02-db", "Add"]
    assert "#2" in lines[1] and "@alice" in lines[1] and lines[1].endswith("10 days")
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
                       "overdue_days": None,
                       # Its document is not in the checkout: the document, not a line.
                       "postmortem_url": "https://github.com/acme/widgets/blob/HEAD/"
                                         "postmortems/2026-11-02-db.md"}


def test_status_needs_a_token(run: Runner) -> None:
    result = run("status", "--repo", REPO)
    assert result.code == 2
    assert result.stderr.startswith("error: status: no GitHub token")
    assert "GITHUB_TOKEN" in result.stderr and "GH_TOKEN" in result.stderr
    assert "--dry-run" not in result.stderr  # status has none


def test_status_fits_the_terminal_and_cuts_nothing_when_piped(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _seed(fake_github)
    piped = run("status", "--today", "2026-11-30", env=fake_github_env)
    assert max(len(line) for line in piped.stdout.splitlines()) > 160  # the whole title
    assert "…" not in piped.stdout
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    narrow = run("status", "--today", "2026-11-30", env={**fake_github_env, "COLUMNS": "90"})
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 90
    assert "…" in narrow.stdout


def test_status_filters(run: Runner, fake_github: FakeGitHub,
                        fake_github_env: dict[str, str]) -> None:
    _seed(fake_github)
    fake_github.seed_issue(REPO, "Page the on-call", action_body(
        pm="2026-10-01-dns", action="page", due="2026-11-01", owner="@Bob"),
        labels=["postmortem-action"], assignees=["bob"], user=fake_github.login)

    def issues(*args: str) -> list[int | None]:
        result = run("status", "--format", "json", "--today", "2026-11-30", *args,
                     env=fake_github_env)
        assert result.code == 0, result.stderr
        return [row["issue"] for row in json.loads(result.stdout)]

    assert issues() == [6, 2, 1, 3]  # 4 and 5 are the untracked issue and the pull request
    assert issues("--overdue") == [6, 2]
    assert issues("--owner", "alice") == [2, 3] == issues("--owner", "@Alice")
    assert issues("--owner", "bob") == [6]
    assert issues("--owner", "dana  scully") == [1]  # a name as written, any case
    assert issues("--postmortem", "2026-10-01-dns") == [6]
    assert issues("--postmortem", "postmortems/2026-11-02-db.md") == [2, 1, 3]
    assert issues("--postmortem", "./postmortems/2026-11-02-db.md", "--overdue") == [2]
    assert issues("--owner", "nobody") == []
    table = run("status", "--owner", "nobody", env=fake_github_env)
    assert table.code == 0 and table.stdout == "No tracked actions match the filters.\n"
