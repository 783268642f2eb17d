"""Planning rules: from documents and existing issues to the operations sync will perform."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from action_tracker.github.store import TrackedIssue
from action_tracker.markers import Marker, find_marker, render_marker, with_marker_fields
from action_tracker.runtime.config import Config, config_from_mapping
from action_tracker.tracking.desired import content_hash, render_issue
from action_tracker.tracking.plan import (
    Close,
    CloseDuplicate,
    MarkRemoved,
    Noop,
    Plan,
    Scope,
    Update,
    plan,
    similarity,
)
from tests.sync.helpers import T0, action, desired_of, issue_for, postmortem

ALL = Scope(all_tracked=True)


def ops_by_action(result: Plan) -> dict[str, object]:
    return {op.action: op for op in result.operations}


def kinds(result: Plan) -> list[tuple[str, str, int | None]]:
    return [(op.op, op.action, getattr(op, "issue", None)) for op in result.operations]


PM = postmortem(
    "2026-01-12-db",
    action("add-alert", "Add an alert on replica lag", owner="@alice", priority="P1"),
    action("runbook", "Write the failover runbook", owner="Bob", type="mitigate"),
)


def test_first_sync_creates_one_issue_per_open_action_and_skips_done_ones() -> None:
    pm = postmortem(
        "pm1",
        action("a", "Open action"),
        action("b", "Already finished", status="done"),
    )
    result = plan(desired_of(pm), [], ALL, Config())
    assert kinds(result) == [("create", "a", None), ("noop", "b", None)]
    assert "nothing to track" in result.operations[1].reason


def test_unchanged_hash_is_a_noop_whatever_a_person_did_to_the_issue() -> None:
    desired = desired_of(PM)
    edited = issue_for(desired[0], 1).model_copy(
        update={"title": "Renamed by a person", "body": "person rewrote it\n" + desired[0].marker()}
    )
    closed = issue_for(desired[1], 2, state="closed", state_reason="completed")
    result = plan(desired, [edited, closed], ALL, Config())
    assert kinds(result) == [("noop", "add-alert", 1), ("noop", "runbook", 2)]


def test_changed_text_updates_the_same_issue() -> None:
    before = desired_of(PM)
    existing = [issue_for(before[0], 1), issue_for(before[1], 2)]
    changed = postmortem(
        "2026-01-12-db",
        action("add-alert", "Add an alert on replica lag above 30s", owner="@alice", priority="P1"),
        PM.actions[1],
    )
    result = plan(desired_of(changed), existing, ALL, Config())
    assert kinds(result) == [("update", "add-alert", 1), ("noop", "runbook", 2)]
    update = result.operations[0]
    assert isinstance(update, Update)
    assert not update.set_assignees  # owner unchanged: a person's reassignment stays
    assert not update.reopen


def test_owner_change_resets_assignees() -> None:
    before = desired_of(PM)
    changed = postmortem(
        "2026-01-12-db",
        action("add-alert", "Add an alert on replica lag", owner="@carol", priority="P1"),
        PM.actions[1],
    )
    result = plan(desired_of(changed), [issue_for(before[0], 1), issue_for(before[1], 2)], ALL,
                  Config())
    update = result.operations[0]
    assert isinstance(update, Update) and update.set_assignees


def test_newly_done_closes_as_completed_and_closed_issue_only_gets_the_text() -> None:
    before = desired_of(PM)
    done = postmortem(
        "2026-01-12-db",
        PM.actions[0].model_copy(update={"status": "done"}),
        PM.actions[1].model_copy(update={"status": "done"}),
    )
    existing = [issue_for(before[0], 1), issue_for(before[1], 2, state="closed")]
    result = plan(desired_of(done), existing, ALL, Config())
    assert kinds(result) == [("close", "add-alert", 1), ("update", "runbook", 2)]
    assert isinstance(result.operations[0], Close)
    second = result.operations[1]
    assert isinstance(second, Update) and not second.reopen


def test_person_closed_issue_is_not_reopened_when_the_text_changes() -> None:
    before = desired_of(PM)
    existing = [issue_for(before[0], 1, state="closed", state_reason="not_planned"),
                issue_for(before[1], 2)]
    changed = postmortem("2026-01-12-db", PM.actions[0].model_copy(update={"owner": "@dan"}),
                         PM.actions[1])
    result = plan(desired_of(changed), existing, ALL, Config())
    update = result.operations[0]
    assert isinstance(update, Update)
    assert not update.reopen
    assert "stays closed" in update.reason


def test_won_t_fix_closes_as_not_planned_and_keeps_other_hashes() -> None:
    before = desired_of(PM)
    dropped = postmortem(
        "2026-01-12-db",
        PM.actions[0].model_copy(update={"status": "done", "not_planned": True}),
        PM.actions[1],
    )
    result = plan(desired_of(dropped), [issue_for(before[0], 1), issue_for(before[1], 2)],
                  ALL, Config())
    close = result.operations[0]
    assert isinstance(close, Close) and close.state_reason == "not_planned"
    assert "not planned" in close.reason
    assert isinstance(result.operations[1], Noop)  # the untouched action's hash is unchanged
    done = postmortem("2026-01-12-db", PM.actions[0].model_copy(update={"status": "done"}))
    assert content_hash(dropped.actions[0]) != content_hash(done.actions[0])


def test_reopened_only_when_the_document_goes_from_done_to_open() -> None:
    done_pm = postmortem("pm", action("a", "Fix it", status="done"))
    closed = issue_for(desired_of(done_pm)[0], 7, state="closed", state_reason="completed")
    open_again = postmortem("pm", action("a", "Fix it", status="open"))
    result = plan(desired_of(open_again), [closed], ALL, Config())
    update = result.operations[0]
    assert isinstance(update, Update) and update.reopen and update.issue == 7


def test_reworded_action_updates_its_issue_never_a_second_one() -> None:
    before = desired_of(PM)
    existing = [issue_for(before[0], 1), issue_for(before[1], 2)]
    reworded = postmortem(
        "2026-01-12-db",
        action("add-alert-2", "Add an alert on replica lag and on WAL size", owner="@alice",
               priority="P1"),
        PM.actions[1],
    )
    result = plan(desired_of(reworded), existing, ALL, Config())
    assert kinds(result) == [("update", "add-alert-2", 1), ("noop", "runbook", 2)]
    assert "was add-alert" in result.operations[0].reason
    # The rewritten body carries the new action id, so the next run matches it directly.
    update = result.operations[0]
    assert isinstance(update, Update)
    assert render_issue(update.desired, Config()).body.count("action=add-alert-2 ") == 1


def test_rename_prefers_the_most_similar_pair() -> None:
    before = postmortem("pm", action("x1", "Rotate the database credentials"),
                        action("x2", "Add disk space alerting to the storage nodes"))
    existing = [issue_for(d, n) for n, d in enumerate(desired_of(before), start=1)]
    after = postmortem("pm", action("y1", "Add disk space alerting to all storage nodes"),
                       action("y2", "Rotate the database credentials quarterly"))
    result = plan(desired_of(after), existing, ALL, Config())
    assert kinds(result) == [("update", "y1", 2), ("update", "y2", 1)]


def test_an_unrelated_action_at_the_same_position_never_takes_over_the_issue() -> None:
    before = postmortem("pm", action("a", "Keep this"), action("b", "Totally old words"))
    existing = [issue_for(d, n) for n, d in enumerate(desired_of(before), start=1)]
    after = postmortem("pm", action("a", "Keep this"), action("c", "Completely new wording xyz"))
    # Same position, nothing in common: a removal plus a creation, not a rename.
    assert sorted(kinds(plan(desired_of(after), existing, ALL, Config()))) == [
        ("create", "c", None), ("mark_removed", "b", 2), ("noop", "a", 1),
    ]


# Rewordings that must keep their issue, and different actions that must not share one.
SAME_ACTION = [
    ("Add an alret on replica lag", "Add an alert on replica lag"),  # typo fixed
    ("Add an alert on replica lag", "Add an alert on replica lag and on WAL size, paging the DBA"),
    ("PROJ-123: Add an alert on replica lag", "Add an alert on replica lag"),  # key -> ticket
    ("Document the deploy rollback procedure", "Document the rollback procedure for deploys"),
    ("Write the failover runbook", "Write and test the failover runbook for the primary DB"),
    ("Rotate the database credentials", "Rotate the database credentials quarterly"),
    ("Fix flakey test", "Fix the flaky test in CI"),
    ("Fix it", "fix it!"),
]
DIFFERENT_ACTIONS = [
    ("Write the failover runbook", "Add an alert on replica lag"),
    ("Add an alert on replica lag", "Add an alert on disk usage"),
    ("Add an alert on replica lag", "Add a dashboard for replica lag"),
    ("Add monitoring for the queue", "Add monitoring for the cache"),  # 86% alike as characters
    ("Upgrade Postgres to 15", "Upgrade Redis to 7"),
    ("Update the on-call runbook", "Update the deploy checklist"),
    ("Fix it", "Fix the login page"),
]


@pytest.mark.parametrize(("old", "new"), SAME_ACTION)
def test_a_reworded_action_keeps_its_issue_at_any_position(old: str, new: str) -> None:
    before = postmortem("pm", action("x", old), action("keep", "Keep this one as it is"))
    existing = [issue_for(d, n) for n, d in enumerate(desired_of(before), start=1)]
    after = postmortem("pm", action("keep", "Keep this one as it is"), action("y", new))
    assert kinds(plan(desired_of(after), existing, ALL, Config())) == [
        ("noop", "keep", 2), ("update", "y", 1),
    ]


@pytest.mark.parametrize(("old", "new"), DIFFERENT_ACTIONS)
def test_a_different_action_at_the_same_position_gets_its_own_issue(old: str, new: str) -> None:
    before = postmortem("pm", action("x", old))
    existing = [issue_for(desired_of(before)[0], 1)]
    after = postmortem("pm", action("y", new))
    assert sorted(kinds(plan(desired_of(after), existing, ALL, Config()))) == [
        ("create", "y", None), ("mark_removed", "x", 1),
    ]


def test_position_breaks_a_tie_between_equally_similar_issues() -> None:
    before = postmortem("pm", action("a1", "Rotate the credentials"),
                        action("a2", "Rotate the credentials"))
    first, second = desired_of(before)
    existing = [issue_for(second, 1), issue_for(first, 2)]  # #1 was filed for position 2
    after = postmortem("pm", action("b1", "Rotate the credentials now"),
                       action("b2", "Rotate the credentials"))
    # Both issues are as similar to either action; each action keeps the issue at its position.
    assert kinds(plan(desired_of(after), existing, ALL, Config())) == [
        ("update", "b1", 2), ("update", "b2", 1),
    ]


def test_rename_never_crosses_postmortems() -> None:
    old = postmortem("pm-old", action("a", "Add an alert on replica lag"))
    existing = [issue_for(desired_of(old)[0], 1)]
    new = postmortem("pm-new", action("b", "Add an alert on replica lag"))
    result = plan(desired_of(new), existing, ALL, Config())
    assert sorted(kinds(result)) == [("create", "b", None), ("mark_removed", "a", 1)]


def test_removed_action_is_labelled_and_commented_once_never_deleted() -> None:
    before = desired_of(PM)
    existing = [issue_for(before[0], 1), issue_for(before[1], 2)]
    only_first = postmortem("2026-01-12-db", PM.actions[0])
    result = plan(desired_of(only_first), existing, ALL, Config())
    removal = ops_by_action(result)["runbook"]
    assert isinstance(removal, MarkRemoved)
    assert removal.comment and not removal.close
    assert "postmortem-action-removed" in removal.labels
    assert "postmortem-action" in removal.labels
    # Next run: already labelled, nothing more to do.
    labelled = existing[1].model_copy(
        update={"labels": [*existing[1].labels, "postmortem-action-removed"]}
    )
    again = plan(desired_of(only_first), [existing[0], labelled], ALL, Config())
    assert isinstance(ops_by_action(again)["runbook"], Noop)


def test_close_removed_closes_open_issues() -> None:
    config = config_from_mapping({"sync": {"close_removed": True}})
    existing = [issue_for(d, n, config=config) for n, d in enumerate(desired_of(PM), start=1)]
    result = plan(desired_of(postmortem("2026-01-12-db", PM.actions[0])), existing, ALL, config)
    removal = ops_by_action(result)["runbook"]
    assert isinstance(removal, MarkRemoved) and removal.close


def test_close_removed_notes_in_the_marker_that_sync_closed_it() -> None:
    config = config_from_mapping({"sync": {"close_removed": True}})
    existing = [issue_for(d, n, config=config) for n, d in enumerate(desired_of(PM), start=1)]
    result = plan(desired_of(postmortem("2026-01-12-db", PM.actions[0])), existing, ALL, config)
    removal = ops_by_action(result)["runbook"]
    assert isinstance(removal, MarkRemoved) and removal.body is not None
    marker = find_marker(removal.body)
    before = existing[1].marker
    assert marker is not None and before is not None
    assert marker.get("closed") == "removed"
    assert marker.key == before.key and marker.content_hash == before.content_hash
    # Only the marker line changed: the rest of the body (a person's notes too) stays.
    assert removal.body.replace(render_marker_line(marker), "") == existing[1].body.replace(
        render_marker_line(before), "")


def render_marker_line(marker: Marker) -> str:
    return render_marker(marker.kind, {k: v for k, v in marker.fields.items() if k != "v"})


def _back_after_close(closed_by_sync: bool) -> Update:
    item = desired_of(PM)[1]
    issue = issue_for(item, 2, state="closed", state_reason="not_planned",
                      extra_labels=("postmortem-action-removed",))
    if closed_by_sync:
        issue = issue.model_copy(update={
            "body": with_marker_fields(issue.body, "action", {"closed": "removed"})})
    result = plan([item], [issue], ALL, Config())
    update = result.operations[0]
    assert isinstance(update, Update)
    return update


def test_action_back_reopens_the_issue_sync_closed_on_removal() -> None:
    update = _back_after_close(closed_by_sync=True)
    assert update.reopen and update.reason == "back in the document"


def test_action_back_leaves_a_person_s_not_planned_close_alone() -> None:
    """A person closed the issue as not planned (before or after the action left): the
    action coming back drops the removed label but does not undo their decision."""
    update = _back_after_close(closed_by_sync=False)
    assert not update.reopen
    assert "stays closed" in update.reason


def test_action_back_in_the_document_drops_the_removed_label() -> None:
    item = desired_of(PM)[1]
    labelled = issue_for(item, 2, extra_labels=("postmortem-action-removed", "team:db"))
    result = plan([item], [labelled], Scope(all_tracked=False, postmortems=frozenset({
        item.postmortem_id})), Config())
    update = result.operations[0]
    assert isinstance(update, Update)
    assert update.keep_labels == ["team:db"]
    content = render_issue(update.desired, Config(), keep_labels=update.keep_labels)
    assert "postmortem-action-removed" not in content.labels
    assert "team:db" in content.labels


def test_explicit_paths_leave_other_postmortems_alone() -> None:
    other = postmortem("pm-other", action("z", "Something else"))
    existing = [issue_for(desired_of(other)[0], 9)]
    scope = Scope(all_tracked=False, postmortems=frozenset({PM.id}))
    result = plan(desired_of(PM), existing, scope, Config())
    assert kinds(result) == [("create", "add-alert", None), ("create", "runbook", None)]
    # With the default globs the same issue is in scope: its document is gone.
    result = plan(desired_of(PM), existing, ALL, Config())
    assert ("mark_removed", "z", 9) in kinds(result)


def test_postmortem_with_parse_errors_loses_no_issue_but_syncs_what_was_read() -> None:
    before = desired_of(PM)
    existing = [issue_for(before[0], 1), issue_for(before[1], 2)]
    broken = postmortem(
        "2026-01-12-db",
        action("add-alert", "Add an alert on replica lag", owner="@alice", priority="P0"),
        action("new-one", "A new action that was read"),
        errors=True,
    )
    scope = Scope(all_tracked=True, errored=frozenset({broken.id}))
    result = plan(desired_of(broken), existing, scope, Config())
    assert kinds(result) == [("update", "add-alert", 1), ("create", "new-one", None)]


def test_duplicates_keep_the_oldest_and_close_the_others() -> None:
    item = desired_of(PM)[0]
    dupes = [issue_for(item, 12), issue_for(item, 5), issue_for(item, 30, state="closed")]
    result = plan([item], dupes, ALL, Config())
    assert kinds(result) == [("noop", "add-alert", 5), ("close_duplicate", "add-alert", 12)]
    dup = result.operations[1]
    assert isinstance(dup, CloseDuplicate) and dup.kept == 5


def test_issues_without_our_marker_are_ignored() -> None:
    stranger = TrackedIssue(
        number=3, title="Labelled by hand", body="no marker here", labels=["postmortem-action"],
        created_at=T0, updated_at=T0,
    )
    result = plan(desired_of(PM), [stranger], ALL, Config())
    assert [op.op for op in result.operations] == ["create", "create"]


def test_duplicate_action_ids_across_files_are_reported_not_synced_twice() -> None:
    a = postmortem("same", action("x", "One"))
    b = a.model_copy(update={"path": "docs/postmortems/same.md"})
    result = plan(desired_of(a, b), [], ALL, Config())
    assert len(result.operations) == 1
    assert "already used" in str(result.problems[0])


def test_hash_is_stable_and_ignores_layout_but_not_content() -> None:
    one = action("a", "Add  an alert\non lag", owner="@alice", due=dt.date(2026, 3, 1))
    same = action("a", "Add an alert on lag", owner="@alice", due=dt.date(2026, 3, 1), line=99)
    assert content_hash(one) == content_hash(same)
    assert len(content_hash(one)) == 12
    for change in ({"owner": "@bob"}, {"due": dt.date(2026, 3, 2)}, {"priority": "P0"},
                   {"type": "detect"}, {"status": "done"}, {"ticket": "#4"},
                   {"details": ["sub-item"]}, {"description": "Add an alert on load"}):
        assert content_hash(same.model_copy(update=change)) != content_hash(one), change


def test_hash_does_not_depend_on_config_or_template() -> None:
    item = action("a", "Add an alert", priority="P1")
    pm = postmortem("pm", item)
    config = config_from_mapping({"due_days": {"P1": 3}, "labels": {"priority_prefix": "prio-"}})
    assert desired_of(pm)[0].content_hash == desired_of(pm, config=config)[0].content_hash


def test_renamed_document_keeps_its_issues() -> None:
    """A postmortem without ``id:`` is known by its file name; renaming the file must move
    its issues to the new id (updated in place), never open a second set."""
    old = postmortem("2026-01-12-db", action("a", "Add an alert"), action("b", "Write a runbook"))
    issues = [issue_for(d, n) for n, d in enumerate(desired_of(old), start=1)]
    new = postmortem("2026-01-12-database-failover", action("a", "Add an alert"),
                     action("b", "Write a runbook"), action("c", "A new one"))
    scope = Scope(all_tracked=True, postmortems=frozenset({new.id}))
    result = plan(desired_of(new), issues, scope, Config())
    assert kinds(result) == [("update", "a", 1), ("update", "b", 2), ("create", "c", None)]
    assert "document renamed; was postmortem 2026-01-12-db" in result.operations[0].reason
    # The rewritten issue carries the new identity, so the next run is a no-op.
    again = [issue_for(d, n) for n, d in enumerate(desired_of(new)[:2], start=1)]
    assert kinds(plan(desired_of(new), again, scope, Config()))[:2] == [
        ("noop", "a", 1), ("noop", "b", 2)]


def test_a_deleted_document_is_not_mistaken_for_a_renamed_one() -> None:
    """One shared action id is not a rename when the documents otherwise differ."""
    old = postmortem("old", action("a", "Add an alert"), action("b", "Write a runbook"),
                     action("c", "Fix the cron job"))
    issues = [issue_for(d, n) for n, d in enumerate(desired_of(old), start=1)]
    other = postmortem("other", action("a", "Add an alert"), action("x", "Something else"),
                       action("y", "And another"), action("z", "And more"))
    scope = Scope(all_tracked=True, postmortems=frozenset({other.id}))
    result = plan(desired_of(other), issues, scope, Config())
    assert [k for k in kinds(result) if k[0] == "create"] == [
        ("create", "a", None), ("create", "x", None), ("create", "y", None),
        ("create", "z", None)]
    assert sorted(k for k in kinds(result) if k[0] == "mark_removed") == [
        ("mark_removed", "a", 1), ("mark_removed", "b", 2), ("mark_removed", "c", 3)]


def test_renames_need_every_tracked_issue_in_scope() -> None:
    old = postmortem("old", action("a", "Add an alert"))
    issues = [issue_for(d, 1) for d in desired_of(old)]
    new = postmortem("new", action("a", "Add an alert"))
    explicit = Scope(all_tracked=False, postmortems=frozenset({new.id}))
    assert kinds(plan(desired_of(new), issues, explicit, Config())) == [("create", "a", None)]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.text(max_size=60))
def test_similarity_is_symmetric_bounded_and_one_for_the_same_text(a: str, b: str) -> None:
    assert similarity(a, b) == similarity(b, a)
    assert 0.0 <= similarity(a, b) <= 1.0
    assert similarity(a, a) == 1.0
