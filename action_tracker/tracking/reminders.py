"""When an overdue action is reminded or escalated, and when a person snoozed it: the one
rule, for ``remind`` and the digest (which lists escalated actions first and marks snoozed
ones), so the two never disagree."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Protocol

from action_tracker.github.store import TrackedIssue
from action_tracker.runtime.config import RemindersConfig


def due_for_reminder(days_overdue: int | None, config: RemindersConfig) -> bool:
    """An open action overdue by at least ``after_days`` (and by one day at least: an action
    due today is not yet overdue)."""
    return days_overdue is not None and days_overdue > 0 and days_overdue >= config.after_days


def escalated(days_overdue: int | None, config: RemindersConfig) -> bool:
    """Overdue by ``escalate_after_days`` or more, when escalation is configured."""
    return (config.escalate_after_days is not None and days_overdue is not None
            and days_overdue > 0 and days_overdue >= config.escalate_after_days)


# --------------------------------------------------------------------------- snooze
#
# ``/snooze 2w`` (``3d``, ``1m``, a date ``2026-12-31``, or ``off``) on a line of its own in a
# comment pauses the reminders of that issue until the day it implies (comment day + the
# duration, or the date): reminders resume on that day. Only the issue's assignees and
# people GitHub names OWNER, MEMBER or COLLABORATOR of the repository may snooze: anyone
# can comment on a public repository, and a stranger must not be able to silence the
# follow-up of someone else's action. The latest accepted command wins.

SNOOZE_ROLES = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})
MAX_SNOOZE_DAYS = 3650
_SNOOZE_RE = re.compile(
    r"^/snooze[ \t]+(?:(?P<off>off)|(?P<date>\d{4}-\d{2}-\d{2})|(?P<count>\d{1,4})[ \t]*"
    r"(?P<unit>d|days?|w|weeks?|m|months?))[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
OFF = dt.date.min  # what ``/snooze off`` resolves to: a day that is always past


class _Comment(Protocol):
    @property
    def author(self) -> str | None: ...
    @property
    def association(self) -> str: ...
    @property
    def body(self) -> str: ...
    @property
    def created_at(self) -> dt.datetime: ...


class _Thread(Protocol):
    @property
    def issue(self) -> TrackedIssue: ...
    @property
    def comments(self) -> Sequence[_Comment]: ...


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def snooze_command(body: str, posted: dt.date) -> dt.date | None:
    """The day a comment's ``/snooze`` resumes reminders (:data:`OFF` for ``/snooze off``),
    or ``None`` when the comment has none. The last command in the comment counts."""
    found = list(_SNOOZE_RE.finditer(body or ""))
    if not found:
        return None
    match = found[-1]
    if match["off"]:
        return OFF
    if match["date"]:
        try:
            return dt.date.fromisoformat(match["date"])
        except ValueError:
            return None
    count, unit = int(match["count"]), match["unit"].lower()[0]
    if unit == "m":
        return _add_months(posted, min(count, MAX_SNOOZE_DAYS // 30))
    days = count * (7 if unit == "w" else 1)
    return posted + dt.timedelta(days=min(days, MAX_SNOOZE_DAYS))


def may_snooze(author: str | None, association: str, assignees: Sequence[str]) -> bool:
    """Whether a comment's author may snooze the issue: an assignee, or someone GitHub
    names OWNER, MEMBER or COLLABORATOR of the repository (never any commenter)."""
    if author is None:
        return False
    return author.lower() in {a.lower() for a in assignees} or association in SNOOZE_ROLES


def snoozed_until(thread: _Thread, today: dt.date) -> dt.date | None:
    """The day reminders resume on ``thread``'s issue, when it is snoozed on ``today``
    (latest accepted ``/snooze`` wins; ``off`` or a past day: not snoozed)."""
    latest: tuple[dt.datetime, dt.date] | None = None
    for comment in thread.comments:
        if not may_snooze(comment.author, comment.association, thread.issue.assignees):
            continue
        until = snooze_command(comment.body, comment.created_at.astimezone(dt.UTC).date())
        if until is not None and (latest is None or comment.created_at >= latest[0]):
            latest = (comment.created_at, until)
    if latest is None or latest[1] <= today:
        return None
    return latest[1]


def snoozes(threads: Iterable[_Thread], today: dt.date) -> dict[int, dt.date]:
    """Issue number → the day its reminders resume, for every issue snoozed on ``today``:
    what the digest marks as snoozed (``ActionRecord.snoozed_until``)."""
    found: dict[int, dt.date] = {}
    for thread in threads:
        until = snoozed_until(thread, today)
        if until is not None:
            found[thread.issue.number] = until
    return found
