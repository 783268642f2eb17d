"""The ``sync`` use case: make GitHub's tracked issues match the documents' action items.

One call, :func:`run_sync`: the shared plan (:func:`~action_tracker.app.plan.plan_for_run`),
then either the dry run's planned items or the writes through the store, each item handed
to the caller's :meth:`SyncReport.writing` observer as soon as it is done; then the
postmortems' parent issues (:func:`~action_tracker.tracking.parent_apply.sync_parents`),
whose results and warnings join the same
:class:`~action_tracker.tracking.result.SyncResult`. A further step is one more call there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Protocol

from action_tracker.app.plan import PlanStore, plan_for_run
from action_tracker.app.report import PlanReport
from action_tracker.errors import ActionTrackerError
from action_tracker.github.store import IssueStore
from action_tracker.render.links import DocLink
from action_tracker.runtime.config import Config
from action_tracker.tracking.apply import ItemObserver, SyncInterrupted, apply_plan, render_plan
from action_tracker.tracking.parent_apply import ParentStore, sync_parents
from action_tracker.tracking.plan import Operation, Plan
from action_tracker.tracking.result import SyncResult, planned_results
from action_tracker.tracking.run_summary import summarise


class SyncStore(IssueStore, PlanStore, ParentStore, Protocol):
    """What sync reads and writes on GitHub (the parent issues' sub-issues included)."""


@dataclass(frozen=True)
class SyncRequest:
    """What ``sync`` was asked for. ``offline``: why there is no store (``"no token"``,
    ``"no repository"``), noted in the result of a run planned without GitHub."""

    paths: Sequence[str]
    config: Config
    repo: str | None
    link: DocLink
    server_url: str
    api_url: str
    today: dt.date
    dry_run: bool = False
    offline: str | None = None


class SyncReport(PlanReport):
    """What ``sync`` tells the person running it, as it happens."""

    def writing(self, result: SyncResult, total: int) -> AbstractContextManager[ItemObserver]:
        """The writes begin (``total`` of them; ``result`` holds the warnings known so far):
        the observer hears of each item as it is done."""
        return nullcontext(lambda _item: None)


@dataclass
class SyncRun:
    """The run's result; ``stopped``: the fatal error that ended the writes part-way (the
    caller reports ``result``, what was done before it, then raises it)."""

    result: SyncResult
    stopped: ActionTrackerError | None = None


def run_sync(
    request: SyncRequest, store: SyncStore | None, report: SyncReport | None = None,
) -> SyncRun:
    """Plan, then apply the plan through ``store`` (unless a dry run, or no store: the plan
    is then rendered, so a broken template fails now and not after the merge)."""
    report = report or SyncReport()
    config = request.config
    result = SyncResult(dry_run=request.dry_run, repo=request.repo)
    run = plan_for_run(
        request.paths, config, store, repo=request.repo, link=request.link,
        server_url=request.server_url, api_url=request.api_url, report=report,
    )
    planned = run.planned
    result.warnings.extend([*run.untrusted, *run.author_warnings, *run.link_warnings,
                            *planned.warnings])
    if store is None and request.offline:
        result.notes.append(request.offline)
    result.problems = planned.problems
    result.summary = summarise(
        run.documents.postmortems, planned.desired, planned.plan, config, today=request.today,
        linked=run.linked, linked_unreachable=len(run.link_warnings),
    )
    if request.dry_run or store is None:
        render_plan(planned.plan, config)
        result.items = planned_results(planned.plan)
    else:
        stopped = _write(planned.plan, planned.writes, store, config, result, report)
        if stopped is not None:
            return SyncRun(result, stopped=stopped)
    # One parent issue per postmortem, its actions' issues as sub-issues (after them).
    try:
        result.parents, parent_warnings = sync_parents(
            store, run.documents.postmortems, planned.desired, planned.plan, result.items,
            run.existing, run.linked, run.documents.scope, config, request.link, request.repo,
            dry_run=request.dry_run or store is None)
    except ActionTrackerError as exc:
        if not exc.fatal:
            raise
        return SyncRun(result, stopped=exc)  # the action issues' results are still reported
    result.warnings.extend(parent_warnings)
    return SyncRun(result)


def _write(
    the_plan: Plan, writes: Sequence[Operation], store: SyncStore, config: Config,
    result: SyncResult, report: SyncReport,
) -> ActionTrackerError | None:
    """Apply the plan, each item handed to the report as it is done; the fatal error that
    stopped it part-way, if any (what was done before it is in ``result``)."""
    try:
        with report.writing(result, len(writes)) as observer:
            result.items, apply_warnings = apply_plan(the_plan, store, config,
                                                      observer=observer)
    except SyncInterrupted as stop:
        result.items = stop.items
        result.warnings.extend(stop.warnings)
        return stop.cause
    result.warnings.extend(apply_warnings)
    return None
