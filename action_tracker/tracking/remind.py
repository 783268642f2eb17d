"""What ``remind`` does to each overdue action: pure planning over the digest's records and
the issues' recent comments.

Per open tracked action overdue by ``reminders.after_days`` (the digest's record: the same
due rule, the same days overdue), at most one comment per run, carrying hidden markers:

* ``reminder pm=… action=… period=2026-W50``: this period's reminder was posted; a later run
  of the same period (however often, including after a killed run) posts none;
* ``escalation pm=… action=…``: the escalation was posted; never again for that action. Every
  later comment of the tool repeats it, so the latest one alone tells what was sent (the
  reader sees an issue's last comments only).

Only markers in comments by a trusted account (``github.store.is_trusted``) count: anyone
may paste a marker into a comment to silence reminders; only the tool's account posts them.
When a reminder and the escalation are both due they go in one comment (one write).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from action_tracker.digest.period import Period
from action_tracker.digest.records import ActionRecord
from action_tracker.github.store import is_trusted
from action_tracker.github.threads import IssueThread
from action_tracker.markers import find_markers, render_marker
from action_tracker.runtime.config import RemindersConfig
from action_tracker.tracking import reminders as rule

ReminderKind = Literal["reminder", "escalation", "both"]
ReminderStatus = Literal[
    "sent", "would_send", "skipped_already_sent", "skipped_snoozed", "skipped_no_assignee",
    "failed",
]
REMINDER = "reminder"
ESCALATION = "escalation"


class Reminder(BaseModel):
    """One overdue action and what ``remind`` does (or did) about it."""

    model_config = ConfigDict(frozen=True)

    issue: int | None = None
    url: str | None = None
    postmortem: str | None = None
    postmortem_title: str | None = None
    postmortem_url: str | None = None
    action: str | None = None
    description: str = ""
    # The issue's assignees as GitHub reports them: the only names ever mentioned.
    assignees: list[str] = Field(default_factory=list)
    # Who the document names (shown when nobody is assigned: whom to assign).
    owner: str = ""
    due: dt.date | None = None
    days_overdue: int
    kind: ReminderKind
    status: ReminderStatus
    snoozed_until: dt.date | None = None
    escalate_to: list[str] = Field(default_factory=list)
    # An escalation comment was posted in an earlier run (its marker is carried forward).
    escalated_before: bool = False
    error: str | None = None

    @property
    def writes(self) -> bool:
        return self.status in ("would_send", "sent", "failed")


class _Sent(BaseModel):
    periods: set[str] = Field(default_factory=set)
    escalated: bool = False


def _sent(thread: IssueThread | None, key: tuple[str, str],
          trusted: frozenset[str]) -> _Sent:
    """What the tool's own comments on ``thread`` say it sent for action ``key``."""
    sent = _Sent()
    for comment in thread.comments if thread else ():
        if not is_trusted(comment.author, trusted):
            continue
        for marker in find_markers(comment.body):
            if marker.key != key:
                continue
            if marker.kind == REMINDER and marker.get("period"):
                sent.periods.add(str(marker.get("period")))
            elif marker.kind == ESCALATION:
                sent.escalated = True
    return sent


def plan_reminders(
    records: Sequence[ActionRecord], threads: Mapping[int, IssueThread] | None,
    config: RemindersConfig, *, today: dt.date, period: Period, trusted: frozenset[str],
) -> list[Reminder]:
    """One :class:`Reminder` per open action due for a reminder or an escalation, most
    overdue first. ``threads`` (by issue number) is what GitHub shows; ``None`` without a
    token: then nothing is known of what was sent or snoozed, and the document's owner
    logins stand for the assignees sync gives the issue."""
    planned: list[Reminder] = []
    for record in records:
        days = record.overdue_days(today)
        if days is None or record.backlog or not (
                rule.due_for_reminder(days, config) or rule.escalated(days, config)):
            continue
        key = (record.postmortem_id or "", record.action_id or "")
        thread = threads.get(record.issue) if threads is not None and record.issue else None
        if threads is not None and thread is None:
            continue  # not an open issue of this repository the tool may comment on
        assignees = list(thread.issue.assignees) if thread else list(record.owner.logins)
        sent = _sent(thread, key, trusted)
        snoozed = rule.snoozed_until(thread, today) if thread else None
        remind = rule.due_for_reminder(days, config)
        escalate = rule.escalated(days, config) and not sent.escalated
        skip: ReminderStatus | None = None
        if period.label in sent.periods:
            skip = "skipped_already_sent"
        elif snoozed is not None:
            skip = "skipped_snoozed"
        elif not assignees:
            skip = "skipped_no_assignee"
        elif not remind:
            skip = "skipped_already_sent"  # only the escalation was due, and it was sent
        kind: ReminderKind
        if escalate:
            kind = "both" if remind and skip is None else "escalation"
            status: ReminderStatus = "would_send"
        else:
            kind = "reminder" if remind else "escalation"
            status = skip or "would_send"
        planned.append(Reminder(
            issue=record.issue, url=record.url, postmortem=record.postmortem_id,
            postmortem_title=record.postmortem_title, postmortem_url=record.postmortem_url,
            action=record.action_id, description=record.description, assignees=assignees,
            owner=record.owner.display if not record.owner.assigned else "",
            due=record.due, days_overdue=days, kind=kind, status=status,
            snoozed_until=snoozed,
            escalate_to=list(config.escalate_to) if kind != "reminder" else [],
            escalated_before=sent.escalated,
        ))
    planned.sort(key=lambda r: (-r.days_overdue, r.issue or 0, r.postmortem or "",
                                r.action or ""))
    return planned


def markers_for(item: Reminder, period: Period) -> list[str]:
    """The hidden markers the comment for ``item`` carries (see the module docstring)."""
    fields: dict[str, str | None] = {"pm": item.postmortem, "action": item.action}
    found = []
    if item.kind in ("reminder", "both"):
        found.append(render_marker(REMINDER, {**fields, "period": period.label}))
    if item.kind != "reminder" or item.escalated_before:
        found.append(render_marker(ESCALATION, fields))
    return found
