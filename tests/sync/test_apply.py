"""Applying plans: per-item isolation, lost responses, assignees, comments (in-memory store)."""

from __future__ import annotations

import pytest

from action_tracker.errors import AuthError, GitHubError
from action_tracker.github.store import TrackedIssue
from action_tracker.runtime.config import Config, config_from_mapping
from action_tracker.tracking.apply import SyncInterrupted, apply_plan
from action_tracker.tracking.plan import Scope, plan
from action_tracker.tracking.result import SyncResult
from tests.sync.helpers import action, desired_of, postmortem
from tests.sync.memory_store import MemoryStore

ALL = Scope(all_tracked=True)
PM = postmortem(
    "pm1",
    action("a", "Add an alert on replica lag", owner="@alice", priority="P1", type="prevent"),
    action("b", "Write the failover runbook", owner="@zed"),
    action("c", "Document the restore drill", owner="Carol Jones"),
)


def lost_response() -> GitHubError:
    from action_tracker.github.adapter import WriteOutcomeUnknown

    return WriteOutcomeUnknown("POST /issues: connection dropped before the response")


def sync_once(store: MemoryStore, *pms: object, config: Config | None = None) -> SyncResult:
    config = config or Config()
    desired = desired_of(*pms, config=config)  # type: ignore[arg-type]
    the_plan = plan(desired, store.list_issues(config.labels.tracking), ALL, config)
    items, warnings = apply_plan(the_plan, store, config)
    return SyncResult(dry_run=False, items=items, warnings=warnings)


def test_first_sync_creates_labels_once_and_assigns_only_assignable_owners() -> None:
    store = MemoryStore()
    result = sync_once(store, PM)
    assert result.counts()["created"] == 3
    first, second, third = (store.issues[n] for n in (1, 2, 3))
    assert first.assignees == ["alice"]
    assert set(first.labels) == {"postmortem-action", "priority:P1", "type:prevent"}
    assert second.assignees == [] and "`@zed` (cannot be assigned" in second.body
    assert third.assignees == [] and "Carol Jones" in third.body
    assert store.calls.count("label:postmortem-action") == 1
    assert sum(c.startswith("assignable:") for c in store.calls) == 2  # alice, zed; once each
    assert any("@zed cannot be assigned" in str(w) for w in result.warnings)


def test_second_sync_writes_nothing() -> None:
    store = MemoryStore()
    sync_once(store, PM)
    store.calls.clear()
    result = sync_once(store, PM)
    assert store.calls == ["list"]
    assert result.counts()["unchanged"] == 3


def test_one_failing_item_does_not_stop_the_others() -> None:
    store = MemoryStore()
    sync_once(store, PM)
    changed = postmortem("pm1", *(a.model_copy(update={"priority": "P0"}) for a in PM.actions))

    def refuse(number: int) -> None:
        if number == 2:
            raise GitHubError("issue #2: GitHub answered 422 Validation Failed", status=422)

    store.on_update = refuse
    result = sync_once(store, changed)
    assert result.counts() == {
        "created": 0, "updated": 2, "closed": 0, "unchanged": 0, "failed": 1, "removed": 0,
    }
    failed = [i for i in result.items if i.outcome == "failed"]
    assert failed[0].issue == 2 and "422" in (failed[0].error or "")
    assert "priority:P0" in store.issues[3].labels


def test_fatal_errors_stop_the_run() -> None:
    store = MemoryStore()

    def deny(issue: TrackedIssue) -> None:
        raise AuthError("GitHub refused the write: grant 'permissions: issues: write'")

    store.on_create = deny
    with pytest.raises(SyncInterrupted) as stopped:
        sync_once(store, PM)
    assert isinstance(stopped.value.cause, AuthError)
    assert store.calls.count("create") == 1
    # What was (not) done is still reported: the first item failed, the rest not attempted.
    outcomes = [(i.outcome, (i.error or "")[:13]) for i in stopped.value.items]
    assert outcomes[0] == ("failed", "GitHub refuse")
    assert all(o == ("failed", "not attempted") for o in outcomes[1:])
    assert len(outcomes) == 3


def test_lost_create_response_is_found_again_not_repeated() -> None:
    store = MemoryStore()

    def lose(issue: TrackedIssue) -> None:
        if issue.number == 1:
            raise lost_response()

    store.on_create = lose
    result = sync_once(store, PM)
    assert len(store.issues) == 3  # no duplicate of the first action
    assert [i.issue for i in result.items] == [1, 2, 3]
    assert result.failed == 0


def test_lost_create_that_github_never_applied_is_retried_once() -> None:
    store = MemoryStore()
    calls = {"n": 0}

    def lose_before(issue: TrackedIssue) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            del store.issues[issue.number]  # the write never happened
            raise lost_response()

    store.on_create = lose_before
    result = sync_once(store, postmortem("pm1", PM.actions[0]))
    assert len(store.issues) == 1 and result.failed == 0


def test_refused_assignee_falls_back_to_naming_the_owner() -> None:
    store = MemoryStore()

    def refuse_assignee(issue: TrackedIssue) -> None:
        if issue.assignees:
            del store.issues[issue.number]
            raise GitHubError("Validation Failed: assignees 'alice' invalid", status=422)

    store.on_create = refuse_assignee
    result = sync_once(store, postmortem("pm1", PM.actions[0]))
    assert result.failed == 0
    (issue,) = store.issues.values()
    assert issue.assignees == [] and "`@alice` (cannot be assigned" in issue.body


def test_done_closes_with_a_comment_and_removed_is_labelled_with_one_comment() -> None:
    store = MemoryStore()
    sync_once(store, PM)
    after = postmortem("pm1", PM.actions[0].model_copy(update={"status": "done"}), PM.actions[1])
    result = sync_once(store, after)
    assert result.counts()["closed"] == 1 and result.counts()["removed"] == 1
    assert store.issues[1].state == "closed" and store.issues[1].state_reason == "completed"
    assert "marks this action as done" in store.comments[1][0]
    assert store.issues[3].state == "open"
    assert "postmortem-action-removed" in store.issues[3].labels
    assert len(store.comments[3]) == 1
    sync_once(store, after)
    assert len(store.comments[3]) == 1 and len(store.comments[1]) == 1


def test_close_removed_and_duplicates() -> None:
    config = config_from_mapping({"sync": {"close_removed": True}})
    store = MemoryStore()
    sync_once(store, PM, config=config)
    copy = store.issues[1]
    store.issues[4] = copy.model_copy(update={"number": 4})
    result = sync_once(store, postmortem("pm1", *PM.actions[:2]), config=config)
    assert store.issues[3].state_reason == "not_planned"
    assert store.issues[4].state == "closed" and "Duplicate of #1" in store.comments[4][0]
    assert store.issues[1].state == "open"
    assert result.counts()["closed"] == 1 and result.counts()["removed"] == 1
