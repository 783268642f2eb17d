"""One vocabulary of operations: sync's counts, its report lines and the preview's counts
read the same table, so one plan is never described or counted two ways.

Regression: a removal with ``sync.close_removed`` counted as ``removed`` in sync and as
``would_close`` in the preview."""

from __future__ import annotations

import datetime as dt

from action_tracker.github.store import TrackedIssue
from action_tracker.models import ActionItem, Postmortem
from action_tracker.render import report
from action_tracker.render.issue import render_issue
from action_tracker.render.links import DocLink
from action_tracker.render.preview import build_preview, count_operations
from action_tracker.runtime.config import Config
from action_tracker.tracking.desired import build_desired
from action_tracker.tracking.linked import IssueRef, LinkedIssue
from action_tracker.tracking.operations import VOCABULARY
from action_tracker.tracking.plan import Plan, Scope, plan
from action_tracker.tracking.result import SyncResult, planned_results

T0 = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
LINK = DocLink(server_url="https://github.com", repo="acme/widgets", ref="abc123")
CLOSING = Config.model_validate({"sync": {"close_removed": True}})


def _pm(*actions: ActionItem) -> Postmortem:
    return Postmortem(path="postmortems/db.md", id="db", title="Incident db",
                      date=dt.date(2026, 1, 12), actions=list(actions))


def _act(aid: str, text: str, **fields: object) -> ActionItem:
    return ActionItem(id=aid, description=text, line=10, **fields)  # type: ignore[arg-type]


def _issues(pm: Postmortem, config: Config) -> list[TrackedIssue]:
    out = []
    for number, item in enumerate(build_desired([pm], config, LINK), start=1):
        content = render_issue(item, config)
        out.append(TrackedIssue(number=number, title=content.title, body=content.body,
                                labels=content.labels, assignees=content.assignees,
                                created_at=T0, updated_at=T0))
    return out


def _every_kind_of_operation() -> Plan:
    before = _pm(_act("a", "Add alert"), _act("b", "Fix backup"), _act("c", "Rotate keys"),
                 _act("d", "Write runbook", owner="@ana"), _act("f", "Shard the queue"))
    issues = _issues(before, CLOSING)
    issues.append(issues[0].model_copy(update={"number": 9}))  # a duplicate of #1
    after = _pm(_act("a", "Add alert"), _act("c", "Rotate keys", status="done"),
                _act("d", "Write runbook", owner="@bo"), _act("e", "Cap queue"),
                _act("f", "Shard the queue", ticket="#40"))
    # "f" now links a person's issue #40: the tool's own #5 is closed, #40 tracked in place.
    ref = IssueRef(repo="acme/widgets", number=40, text="#40")
    linked = {("db", "f"): LinkedIssue(ref=ref, html_url="https://github.com/acme/widgets/issues/40")}
    return plan(build_desired([after], CLOSING, LINK), issues, Scope(all_tracked=True), CLOSING,
                linked=linked, repo="acme/widgets")


def test_the_plan_has_every_kind_of_operation() -> None:
    assert {op.op for op in _every_kind_of_operation().operations} == set(VOCABULARY)


def test_preview_counts_equal_sync_counts_for_the_same_plan() -> None:
    the_plan = _every_kind_of_operation()
    sync_counts = SyncResult(dry_run=True, items=planned_results(the_plan)).counts()
    preview = build_preview(the_plan.operations).counts
    assert preview.outputs() == {
        "would_create": sync_counts["created"], "would_update": sync_counts["updated"],
        "would_close": sync_counts["closed"], "would_remove": sync_counts["removed"],
        "unchanged": sync_counts["unchanged"],
    }
    assert count_operations(the_plan.operations) == preview
    assert sync_counts["removed"] == 1 and preview.remove == 1 and preview.close == 3


def test_report_lines_use_the_vocabulary_verbs() -> None:
    items = planned_results(_every_kind_of_operation())
    for item in items:
        said = VOCABULARY[item.op]
        assert report.item_line(item, dry_run=True).startswith(f"{said.dry}: ")
        done = item.model_copy(update={"outcome": "done"})
        assert report.item_line(done, dry_run=False).startswith(f"{said.done}: ")
