"""The adapter replayed against real GitHub responses (vcrpy cassettes, no network).

The cassettes are generated from recorded payloads by ``make_cassettes.py`` (provenance in
its docstring). ``record_mode="none"``: a request the cassette does not hold fails the test
instead of reaching api.github.com.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import vcr
import yaml

from action_tracker.errors import AuthError
from action_tracker.github.adapter import GitHubIssueStore, ItemError, RateLimitError
from action_tracker.runtime.config import config_from_mapping
from action_tracker.runtime.environment import RunEnvironment

CASSETTES = Path(__file__).parent / "cassettes"
TOKEN = "ghp_cassetteReplayToken0123456789abcdef"
LABEL = "postmortem-action"
TOKEN_PATTERN = re.compile(r"gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}")

REPLAY = vcr.VCR(
    cassette_library_dir=str(CASSETTES),
    record_mode="none",
    filter_headers=["authorization"],
    match_on=["method", "scheme", "host", "port", "path", "query"],
    decode_compressed_response=True,
)


def store(repo: str) -> GitHubIssueStore:
    config = config_from_mapping(
        {"github": {"write_interval": 0, "max_retries": 2, "max_rate_limit_wait": 5}}
    )
    env = RunEnvironment.from_environ({"GITHUB_TOKEN": TOKEN})
    return GitHubIssueStore.from_environment(env, config, repo, backoff_factor=0)


@contextmanager
def replay(name: str) -> Iterator[Any]:
    with REPLAY.use_cassette(f"{name}.yaml") as cassette:
        yield cassette
    assert cassette.all_played, f"{name}: not every recorded interaction was requested"


def test_listing_skips_the_real_pull_requests_and_follows_the_real_link() -> None:
    with replay("list_issues_with_prs") as cassette:
        issues = store("PyGithub/PyGithub").list_issues(LABEL)

    assert len(issues) == 21  # 30 recorded items, 9 of them pull requests
    assert all("/issues/" in issue.html_url for issue in issues)
    assert all(issue.created_at.tzinfo is not None for issue in issues)
    assert cassette.requests[1].uri == "https://api.github.com/repositories/3544490/issues?page=2"


def test_create_issue_201() -> None:
    repo = "octokit-fixture-org/tmp-scenario-paginate-issues-20220719043836917-izyoe"
    with replay("create_issue_201"):
        issue = store(repo).create_issue("Test issue 1", "", labels=[], assignees=[])

    assert (issue.number, issue.title, issue.state) == (1, "Test issue 1", "open")
    assert issue.closed_at is None and issue.closed_by is None and issue.state_reason is None


def test_invalid_assignee_422_is_an_item_error_naming_the_login() -> None:
    with replay("create_issue_invalid_assignee_422"), pytest.raises(ItemError) as caught:
        store("acme/widgets").create_issue(
            "T", "B", labels=[LABEL], assignees=["e1-user-that-does-not-exist"]
        )

    assert not caught.value.fatal
    assert "e1-user-that-does-not-exist" in str(caught.value)
    assert "assignees" in str(caught.value)


def test_secondary_limit_with_retry_after_beyond_max_wait_stops_without_retrying() -> None:
    with (
        replay("list_issues_secondary_limit_403") as cassette,
        pytest.raises(RateLimitError) as caught,
    ):
        store("acme/widgets").list_issues(LABEL)

    assert "wait 60 s" in str(caught.value)
    assert caught.value.fatal
    assert cassette.play_count == 1


def test_bad_credentials_401() -> None:
    with replay("list_issues_bad_credentials_401"), pytest.raises(AuthError) as caught:
        store("acme/widgets").list_issues(LABEL)
    assert str(caught.value).startswith("GitHub rejected the token")


def test_no_cassette_contains_a_token_or_authorization_header() -> None:
    files = sorted(CASSETTES.glob("*.yaml"))
    assert len(files) == 5
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert TOKEN_PATTERN.search(text) is None, path.name
        assert TOKEN not in text, path.name
        for interaction in yaml.safe_load(text)["interactions"]:
            names = {name.lower() for name in interaction["request"]["headers"]}
            assert "authorization" not in names, path.name
