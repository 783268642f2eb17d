"""What a sync did (or, in a dry run, would do): one :class:`ItemResult` per action and the
run's :class:`SyncResult`, counted with the one operation vocabulary (``tracking.operations``).
"""

from __future__ import annotations

from collections import Counter
from typing import Literal

from pydantic import BaseModel, Field

from action_tracker.located import Located
from action_tracker.tracking import operations
from action_tracker.tracking.operations import COUNT_NAMES, OpKind
from action_tracker.tracking.owners import OwnerSource, choose_assignees
from action_tracker.tracking.parents import ParentResult
from action_tracker.tracking.plan import (
    MarkRemoved,
    Operation,
    Plan,
    TrackLinked,
    desired_of,
    issue_of,
)
from action_tracker.tracking.run_summary import RunSummary

Outcome = Literal["planned", "done", "failed"]



class ItemResult(BaseModel):
    """What happened (or would happen) to one action's issue."""

    op: OpKind
    postmortem: str
    action: str
    issue: int | None = None
    title: str
    reason: str
    outcome: Outcome
    error: str | None = None
    path: str | None = None
    line: int | None = None
    owner_source: OwnerSource | None = None  # the rule behind the assignees (issue ops only)


class SyncResult(BaseModel):
    """The whole run: every item, what the documents got wrong, and warnings."""

    dry_run: bool
    repo: str | None = None
    items: list[ItemResult] = Field(default_factory=list)
    problems: list[Located] = Field(default_factory=list)
    warnings: list[Located | str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    summary: RunSummary | None = None
    parents: list[ParentResult] = Field(default_factory=list)  # one per postmortem

    def counts(self) -> dict[str, int]:
        counter: Counter[str] = Counter()
        for item in self.items:
            counter[operations.count_key(item.op, failed=item.outcome == "failed")] += 1
        return {name: counter.get(name, 0) for name in COUNT_NAMES}

    @property
    def failed(self) -> int:
        """Failed action items, and failed parent issues."""
        return sum(1 for item in self.items if item.outcome == "failed") + sum(
            1 for parent in self.parents if parent.outcome == "failed")


def item_location(op: Operation) -> tuple[str | None, int | None]:
    """Where the item's action is written (the document's path, and its line when the
    action is still there)."""
    desired = desired_of(op)
    if desired is not None:
        return desired.path, desired.line or None
    return (op.path, None) if isinstance(op, MarkRemoved | TrackLinked) else (None, None)


def planned_source(op: Operation) -> OwnerSource | None:
    """The rule that gives an operation's issue its assignees, all owners taken as assignable
    (a dry run does not ask GitHub); None for operations that set no owner."""
    desired = desired_of(op)
    if desired is None:
        return None
    return choose_assignees(
        desired.owner_logins, desired.owner_source, desired.default_owner, None)[1]


def planned_results(plan: Plan) -> list[ItemResult]:
    """A dry run's items: what each operation would do."""
    out = []
    for op in plan.operations:
        path, line = item_location(op)
        out.append(
            ItemResult(
                op=op.op, postmortem=op.postmortem, action=op.action,
                issue=issue_of(op), title=op.title, reason=op.reason,
                outcome="planned", path=path, line=line, owner_source=planned_source(op),
            )
        )
    return out
