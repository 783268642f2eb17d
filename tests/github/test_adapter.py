"""The PyGithub adapter against the fake server: request budget, retries, error translation."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import Any

import pytest

from action_tracker.errors import ActionTrackerError, AuthError
from action_tracker.github.adapter import (
    FatalGitHubError,
    GitHubIssueStore,
    ItemError,
    RateLimitError,
    WriteOutcomeUnknown,
)
from action_tracker.runtime import log
from action_tracker.runtime.config import Config, config_from_mapping
from action_tracker.runtime.environment import RunEnvironment
from action_tracker.testing.fake_github import FakeGitHub

REPO = "acme/widgets"
LABEL = "postmortem-action"


def make_config(**github: Any) -> Config:
    settings = {"write_interval": 0, "max_retries": 3, "max_rate_limit_wait": 5, "timeout": 5}
    return config_from_mapping({"github": {**settings, **github}})


def store_for(
    fake: FakeGitHub, *, repo: str = REPO, token: str | None = None, **github: Any
) -> GitHubIssueStore:
    env = RunEnvironment.from_environ(fake.env(repo, token=token))
    return GitHubIssueStore.from_environment(env, make_config(**github), repo, backoff_factor=0)


def test_listing_250_tracked_issues_and_30_prs_takes_3_gets(fake_github: FakeGitHub) -> None:
    for n in range(250):
        fake_github.seed_issue(REPO, f"action {n}", labels=[LABEL])
    for n in range(30):
        fake_github.seed_pull_request(REPO, f"pr {n}", labels=[LABEL])
    fake_github.seed_issue(REPO, "not ours")
    store = store_for(fake_github)
    fake_github.clear_log()

    issues = store.list_issues(LABEL)

    assert len(issues) == 250
    assert {i.title for i in issues} == {f"action {n}" for n in range(250)}
    assert fake_github.count("GET") == 3 and fake_github.writes == 0
    assert store.stats.reads == 3


def test_listing_converts_every_field(fake_github: FakeGitHub) -> None:
    opened = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
    number = fake_github.seed_issue(
        REPO,
        "Add alert",
        "body text",
        labels=[LABEL, "priority:P1"],
        assignees=["alice"],
        created_at=opened,
    )
    fake_github.person_edit(
        REPO,
        number,
        actor="carol",
        state="closed",
        state_reason="not_planned",
        at=opened + dt.timedelta(days=1),
    )

    store = store_for(fake_github)
    [issue] = store.list_issues(LABEL)

    assert issue.number == number and issue.body == "body text"
    assert issue.labels == [LABEL, "priority:P1"] and issue.assignees == ["alice"]
    # As on GitHub, the listing does not say who closed an issue; one GET of the issue does.
    assert (issue.state, issue.state_reason, issue.closed_by) == ("closed", "not_planned", None)
    assert store.get_issue(number).closed_by == "carol"
    assert issue.created_at == opened and issue.created_at.tzinfo is not None
    assert issue.closed_at == opened + dt.timedelta(days=1)
    assert issue.html_url == f"{fake_github.server_url}/{REPO}/issues/{number}"


def test_create_update_and_comment(fake_github: FakeGitHub) -> None:
    store = store_for(fake_github)
    created = store.create_issue("T", "B", labels=[LABEL], assignees=["alice"])
    updated = store.update_issue(
        created.number, state="closed", state_reason="completed", labels=[LABEL, "done"]
    )
    store.add_comment(created.number, "closing")

    assert created.assignees == ["alice"] and created.state == "open"
    assert (updated.state, updated.state_reason) == ("closed", "completed")
    assert updated.labels == [LABEL, "done"]
    assert [c["body"] for c in fake_github.comments(REPO, created.number)] == ["closing"]
    assert (store.stats.reads, store.stats.writes) == (0, 3)


def test_non_assignable_assignee_is_an_item_error(fake_github: FakeGitHub) -> None:
    store = store_for(fake_github)
    with pytest.raises(ItemError) as caught:
        store.create_issue("T", "B", labels=[LABEL], assignees=["ghost"])

    assert not caught.value.fatal and caught.value.status == 422
    assert "assignees" in str(caught.value) and "ghost" in str(caught.value)
    assert fake_github.issues(REPO) == []


def test_patch_is_retried_on_502(fake_github: FakeGitHub) -> None:
    number = fake_github.seed_issue(REPO, "old")
    fake_github.fail("PATCH", r"/issues/\d+$", 502, times=2)
    store = store_for(fake_github)

    issue = store.update_issue(number, title="new")

    assert issue.title == "new"
    assert fake_github.count("PATCH") == 3
    assert store.stats.retries == 2


def test_post_answered_502_after_the_write_is_not_retried(fake_github: FakeGitHub) -> None:
    fake_github.fail("POST", r"/issues$", 502, when="after")
    store = store_for(fake_github)

    with pytest.raises(WriteOutcomeUnknown) as caught:
        store.create_issue("Only once", "B", labels=[LABEL], assignees=[])

    assert caught.value.outcome_unknown and not caught.value.fatal
    assert [i["title"] for i in fake_github.issues(REPO)] == ["Only once"]
    assert fake_github.count("POST") == 1


def test_post_with_dropped_connection_is_outcome_unknown(fake_github: FakeGitHub) -> None:
    fake_github.drop("POST", r"/issues$")
    store = store_for(fake_github)

    with pytest.raises(WriteOutcomeUnknown):
        store.create_issue("Dropped", "B", labels=[LABEL], assignees=[])

    assert len(fake_github.issues(REPO)) == 1
    assert fake_github.count("POST") == 1


def test_get_survives_a_dropped_connection(fake_github: FakeGitHub) -> None:
    fake_github.seed_issue(REPO, "t", labels=[LABEL])
    fake_github.drop("GET", r"/issues$")
    assert len(store_for(fake_github).list_issues(LABEL)) == 1


@pytest.mark.parametrize("status", [403, 429])
def test_secondary_limit_with_retry_after_is_waited_out(
    fake_github: FakeGitHub, status: int
) -> None:
    fake_github.secondary_rate_limit("POST", r"/issues$", retry_after=1, status=status)
    store = store_for(fake_github)

    started = time.monotonic()
    issue = store.create_issue("After the wait", "B", labels=[LABEL], assignees=[])

    assert time.monotonic() - started >= 1.0
    assert [i["number"] for i in fake_github.issues(REPO)] == [issue.number]
    assert fake_github.count("POST") == 2


def test_primary_limit_beyond_max_wait_is_a_clear_fatal_error(fake_github: FakeGitHub) -> None:
    fake_github.primary_rate_limit("GET", r"/issues$", reset_in=3600)
    store = store_for(fake_github, max_rate_limit_wait=5)

    started = time.monotonic()
    with pytest.raises(RateLimitError) as caught:
        store.list_issues(LABEL)

    assert time.monotonic() - started < 2
    assert caught.value.fatal
    reset = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=3600)
    assert "resets at " + reset.strftime("%Y-%m-%d %H:") in str(caught.value)
    assert "max_rate_limit_wait" in str(caught.value)


def test_primary_limit_within_max_wait_is_waited_out(fake_github: FakeGitHub) -> None:
    fake_github.seed_issue(REPO, "t", labels=[LABEL])
    fake_github.primary_rate_limit("GET", r"/issues$", reset_in=0, status=429)
    assert len(store_for(fake_github).list_issues(LABEL)) == 1
    assert fake_github.count("GET", r"/issues$") == 2


def test_secondary_limit_without_retry_after_beyond_max_wait(fake_github: FakeGitHub) -> None:
    fake_github.secondary_rate_limit("POST", r"/issues$", retry_after=None)
    with pytest.raises(RateLimitError) as caught:
        store_for(fake_github).create_issue("T", "B", labels=[], assignees=[])
    assert "secondary rate limit" in str(caught.value)
    assert fake_github.issues(REPO) == []


def test_bad_token_is_an_auth_error(fake_github: FakeGitHub) -> None:
    store = store_for(fake_github, token="ghp_thisIsNotTheRightToken000")
    with pytest.raises(AuthError) as caught:
        store.list_issues(LABEL)
    assert str(caught.value).startswith("GitHub rejected the token")
    assert caught.value.exit_code == 2


def test_read_only_token_explains_the_missing_permission(fake_github: FakeGitHub) -> None:
    fake_github.read_only = True
    with pytest.raises(AuthError) as caught:
        store_for(fake_github).create_issue("T", "B", labels=[], assignees=[])
    assert "permissions: issues: write" in str(caught.value)
    assert "forks" in str(caught.value)


def test_unknown_repo_is_fatal(fake_github: FakeGitHub) -> None:
    with pytest.raises(FatalGitHubError) as caught:
        store_for(fake_github, repo="acme/nope").list_issues(LABEL)
    assert str(caught.value) == "repository acme/nope not found or the token cannot see it (404)"


def test_unknown_repo_on_an_item_request_is_still_fatal(fake_github: FakeGitHub) -> None:
    with pytest.raises(FatalGitHubError, match="repository acme/nope not found"):
        store_for(fake_github, repo="acme/nope").update_issue(1, title="x")


def test_missing_issue_is_an_item_error(fake_github: FakeGitHub) -> None:
    with pytest.raises(ItemError) as caught:
        store_for(fake_github).update_issue(99, title="x")
    assert not caught.value.fatal and caught.value.status == 404
    assert "#99" in str(caught.value)


def test_issues_disabled_is_fatal(fake_github: FakeGitHub) -> None:
    fake_github.set_issues_enabled(REPO, False)
    with pytest.raises(FatalGitHubError, match="issues are disabled on acme/widgets"):
        store_for(fake_github).create_issue("T", "B", labels=[], assignees=[])


def test_listing_that_keeps_failing_is_fatal_after_the_retries(fake_github: FakeGitHub) -> None:
    fake_github.fail("GET", r"/issues$", 503, times=10)
    store = store_for(fake_github, max_retries=2)
    with pytest.raises(FatalGitHubError, match="GitHub answered 503"):
        store.list_issues(LABEL)
    assert fake_github.count("GET", r"/issues$") == 3


def test_ensure_label_creates_once_and_leaves_existing_labels_alone(
    fake_github: FakeGitHub,
) -> None:
    fake_github.seed_label(REPO, "mine", "123456", "made by hand")
    store = store_for(fake_github)

    store.ensure_label(LABEL, color="#5319e7", description="d" * 150)
    store.ensure_label(LABEL, color="5319e7", description="again")
    store.ensure_label("mine", color="5319e7", description="ours")

    labels = {lb["name"]: lb for lb in fake_github.labels(REPO)}
    assert (labels[LABEL]["color"], len(labels[LABEL]["description"])) == ("5319e7", 100)
    assert labels["mine"]["color"] == "123456"
    assert fake_github.count("POST", r"/labels$") == 1


def test_ensure_label_treats_already_exists_as_success(fake_github: FakeGitHub) -> None:
    fake_github.seed_label(REPO, LABEL, "5319e7")
    fake_github.fail("GET", r"/labels/", 404, body={"message": "Not Found"})
    store_for(fake_github).ensure_label(LABEL, color="5319e7", description="x")
    assert fake_github.count("POST", r"/labels$") == 1


def test_is_assignable_asks_once_per_login(fake_github: FakeGitHub) -> None:
    store = store_for(fake_github)
    answers = [store.is_assignable(login) for login in ("alice", "ghost", "Alice", "ghost")]
    assert answers == [True, False, True, False]
    assert fake_github.count("GET", r"/assignees/") == 2


def test_comments_for_the_pr_preview(fake_github: FakeGitHub) -> None:
    pr = fake_github.seed_pull_request(REPO, "docs: postmortem")
    fake_github.person_comment(REPO, pr, "looks good", actor="bob")
    store = store_for(fake_github)

    comment_id = store.create_comment(pr, "<!-- preview --> plan")
    store.edit_comment(comment_id, "<!-- preview --> new plan")
    comments = store.list_comments(pr)

    assert [(c.author, c.body) for c in comments] == [
        ("bob", "looks good"),
        (fake_github.login, "<!-- preview --> new plan"),
    ]
    assert comments[1].id == comment_id


def test_rate_limit_remaining_comes_from_the_last_response(fake_github: FakeGitHub) -> None:
    store = store_for(fake_github)
    assert store.get_rate_limit_remaining() is None
    store.list_issues(LABEL)
    remaining = store.get_rate_limit_remaining()
    assert remaining == 5000 - len(fake_github.requests)
    assert fake_github.count("GET", "rate_limit") == 0
    assert "1 reads, 0 writes; rate limit remaining" in store.request_summary()


def test_ghes_base_url_with_api_prefix() -> None:
    with FakeGitHub(api_prefix="/api/v3") as fake:
        fake.create_repo(REPO)
        for n in range(120):
            fake.seed_issue(REPO, f"a{n}", labels=[LABEL])
        assert len(store_for(fake).list_issues(LABEL)) == 120
        assert fake.count("GET") == 2


def test_token_never_appears_in_errors_or_logs(
    fake_github: FakeGitHub, capfd: pytest.CaptureFixture[str]
) -> None:
    log.setup(2)  # debug logging of action_tracker, PyGithub and urllib3
    try:
        store = store_for(fake_github)
        fake_github.fail("POST", r"/issues$", 502, when="after")
        fake_github.drop("POST", r"/comments$")
        fake_github.fail("PATCH", r"/issues/\d+$", 500)
        scenarios: list[Callable[[], object]] = [
            lambda: store.create_issue("T", "B", labels=[], assignees=[]),
            lambda: store.create_issue("T", "B", labels=[], assignees=["ghost"]),
            lambda: store.add_comment(1, "c"),
            lambda: store.update_issue(1, title="t"),
            lambda: store.update_issue(404, title="t"),
            lambda: store_for(fake_github, token="ghp_wrongTokenWrongToken01").list_issues(LABEL),
        ]
        messages = []
        for scenario in scenarios:
            try:
                scenario()
            except ActionTrackerError as exc:
                messages.append(str(exc))
        fake_github.read_only = True
        with pytest.raises(AuthError) as caught:
            store.ensure_label("x", color="ededed", description="")
        messages.append(str(caught.value))
    finally:
        for name in ("github", "urllib3"):
            logging.getLogger(name).handlers.clear()
            logging.getLogger(name).setLevel(logging.WARNING)
    out, err = capfd.readouterr()

    assert len(messages) == 6
    assert err  # debug logging really ran
    for text in [*messages, out, err]:
        assert fake_github.token not in text
        assert "ghp_wrongTokenWrongToken01" not in text
