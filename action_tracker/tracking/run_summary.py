"""What a sync run amounts to, in the few numbers a team reads on its first run: documents,
actions, issues opened, owners, overdue on arrival, the backlog. Pure.

A first run on a repository that already holds years of postmortems would open issues that
are overdue the day they are filed; the summary counts them (once, never per action) and,
without ``backlog:`` in the config, names the setting that files them sensibly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

from pydantic import BaseModel

from action_tracker.models import Postmortem
from action_tracker.runtime.config import Config
from action_tracker.tracking import due as due_rule
from action_tracker.tracking.desired import DesiredIssue
from action_tracker.tracking.plan import Create, Plan


class BacklogSummary(BaseModel):
    """The configured backlog as this run saw it."""

    since: dt.date
    mode: str
    postmortems: int
    actions: int


class RunSummary(BaseModel):
    """The run's numbers (``--format json``: ``summary``; stderr and the job summary: a block).

    ``linked``: actions tracked in the GitHub issue their document links (no issue of our
    own); ``linked_unreachable``: links that could not be read, so those actions were filed
    as ordinary tracked issues."""

    documents: int
    documents_with_errors: int
    actions: int
    done_in_document: int
    to_open: int
    overdue_on_arrival: int
    overdue_on_arrival_backlog: int = 0
    open_actions: int
    owners_resolved: int
    owners_unresolved: int
    owners_missing: int
    backlog: BacklogSummary | None = None
    # No ``backlog:`` configured and issues would be overdue on arrival: the day to suggest.
    suggest_since: dt.date | None = None
    linked: int = 0
    linked_unreachable: int = 0


def summarise(
    postmortems: Sequence[Postmortem], desired: Sequence[DesiredIssue], the_plan: Plan,
    config: Config, *, today: dt.date, linked: Collection[tuple[str, str]] = (),
    linked_unreachable: int = 0,
) -> RunSummary:
    """The numbers of one run, as of ``today`` (UTC).

    Owners are counted over the open actions the run tracks (skipped backlog excluded): an
    owner resolves when every person it names is a login (``@alice`` or through
    ``owners:``); it is missing when the document names no one. ``linked``: the actions
    whose linked issue could be read (``app.read_linked``)."""
    backlog_ids = {pm.id for pm in postmortems if due_rule.in_backlog(pm, config)}
    creates = [op for op in the_plan.operations if isinstance(op, Create)]
    overdue = [op for op in creates if op.desired.due is not None and op.desired.due < today]
    open_desired = [d for d in desired if not d.is_done]
    resolved = sum(1 for d in open_desired if d.owner_logins and not d.owner_names)
    missing = sum(1 for d in open_desired if not d.owner_logins and not d.owner_names)
    backlog = None
    if config.backlog is not None:
        backlog = BacklogSummary(
            since=config.backlog.since, mode=config.backlog.mode,
            postmortems=len(backlog_ids),
            actions=sum(len(pm.actions) for pm in postmortems if pm.id in backlog_ids),
        )
    return RunSummary(
        documents=len(postmortems),
        documents_with_errors=sum(1 for pm in postmortems if pm.has_errors),
        actions=sum(len(pm.actions) for pm in postmortems),
        done_in_document=sum(1 for d in desired if d.is_done),
        to_open=len(creates),
        overdue_on_arrival=len(overdue),
        overdue_on_arrival_backlog=sum(1 for op in overdue if op.postmortem in backlog_ids),
        open_actions=len(open_desired),
        owners_resolved=resolved,
        owners_unresolved=len(open_desired) - resolved - missing,
        owners_missing=missing,
        backlog=backlog,
        suggest_since=today if overdue and config.backlog is None else None,
        linked=len(linked),
        linked_unreachable=linked_unreachable,
    )
