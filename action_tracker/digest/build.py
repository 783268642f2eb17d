"""What the digest says, computed from tracked issues (or documents) for one day: pure, no I/O.

The digest exists to make forgotten follow-ups visible, so every tracked issue ends up
somewhere: counted in the headline, listed as overdue / due soon / closed, or listed as
needing attention when its marker or due date cannot be read. Nothing is dropped silently.

It is built from :class:`~action_tracker.digest.records.ActionRecord` values
(``digest.records``: from tracked issues, or from the documents alone), which ``status``
reads too; the period is ``digest.period``.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Mapping, Sequence
from typing import Literal
from urllib.parse import quote_plus

from pydantic import BaseModel, Field

from action_tracker.digest.period import Period, period_for, utc_date
from action_tracker.digest.records import NO_LINK, ActionRecord, ParentIssue
from action_tracker.models import Lessons, Postmortem
from action_tracker.render.links import DocLink
from action_tracker.runtime.config import Config
from action_tracker.tracking import due as due_rule
from action_tracker.tracking import reminders as reminder_rule
from action_tracker.tracking.owners import Owner

_PRIORITY_ORDER = ("P0", "P1", "P2", "P3", "P4")


class AttentionItem(BaseModel):
    """A tracked issue (or document action) the digest could not place, and why."""

    issue: int | None = None
    url: str | None = None
    title: str
    path: str | None = None
    line: int | None = None
    reason: str


class OwnerGroup(BaseModel):
    owner: Owner
    items: list[ActionRecord]


class PriorityCount(BaseModel):
    priority: str
    open: int
    overdue: int


class Headline(BaseModel):
    """The one line a busy reader takes away."""

    open: int
    overdue: int
    due_soon: int
    due_soon_days: int
    closed: int
    # Overdue by ``reminders.escalate_after_days`` (``tracking.reminders.escalated``).
    escalated: int = 0
    # Progress, one definition for both sources (see ``action_progress``).
    done: int = 0
    actions: int = 0
    completion_rate: float | None = None
    median_days_to_close: float | None = None
    by_priority: list[PriorityCount] = Field(default_factory=list)


class PostmortemLessons(BaseModel):
    id: str
    title: str
    date: dt.date | None = None
    path: str
    url: str | None = None
    lessons: Lessons


class BacklogSection(BaseModel):
    """The open actions filed under ``backlog``: a count and the oldest, never a table (the
    overdue table is for what the team can still act on in time; ``status`` lists these)."""

    since: dt.date
    open: int
    overdue: int
    oldest: ActionRecord | None = None
    oldest_date: dt.date | None = None  # the oldest one's postmortem date


class Progress(BaseModel):
    """How many actions are done, out of how many (see :func:`action_progress`)."""

    done: int
    actions: int

    @property
    def rate(self) -> float | None:
        return self.done / self.actions if self.actions else None


class PostmortemGroup(BaseModel):
    """One postmortem's open actions the digest lists (``digest.group_by: postmortem``),
    under its parent issue when ``sync`` keeps one, with its progress."""

    postmortem_id: str
    title: str
    url: str | None = None  # the document
    parent: ParentIssue | None = None
    # Done (dropped included) out of all its actions, as its parent's sub-issue bar counts
    # (see :func:`postmortem_progress`).
    progress: Progress
    escalated: int = 0
    overdue: list[ActionRecord] = Field(default_factory=list)
    due_soon: list[ActionRecord] = Field(default_factory=list)


class Digest(BaseModel):
    """Everything one digest shows; rendering only formats it."""

    period: Period
    today: dt.date
    source: Literal["github", "documents"]
    repo: str | None = None
    group_by: Literal["postmortem", "owner"] = "postmortem"
    headline: Headline
    overdue: list[OwnerGroup] = Field(default_factory=list)
    # ``group_by: postmortem``: the overdue and due-soon actions again, per postmortem
    # (escalated first); empty under ``group_by: owner``.
    groups: list[PostmortemGroup] = Field(default_factory=list)
    due_soon: list[ActionRecord] = Field(default_factory=list)
    closed: list[ActionRecord] = Field(default_factory=list)
    postmortems: list[PostmortemLessons] = Field(default_factory=list)
    needs_attention: list[AttentionItem] = Field(default_factory=list)
    backlog: BacklogSection | None = None
    # GitHub's search for the open tracked issues (where "…and 25 more" leads); None
    # without a repository.
    search_url: str | None = None

    @property
    def overdue_items(self) -> list[ActionRecord]:
        return [item for group in self.overdue for item in group.items]


PROGRESS_DEFINITION = (
    "Actions done: marked done in the document or issue closed as completed, out of every "
    "action in the documents or with a tracked issue (each once); dropped actions (won't "
    "fix, closed as not planned) not counted."
)


GROUP_PROGRESS_DEFINITION = (
    'A postmortem\'s "N of M done" counts its dropped actions as done, as the progress bar '
    "of its parent issue does."
)


def action_progress(
    records: Sequence[ActionRecord], postmortems: Sequence[Postmortem], *,
    dropped_done: bool = False,
) -> Progress:
    """Done actions out of all actions, the same with or without a token.

    An action is counted once, by ``(postmortem id, action id)``: its issue when it has one
    (a close on GitHub counts), else the document (done in the document: sync never opens
    an issue for it, so without this the rate with a token would leave them out). Dropped
    actions are left out of both numbers, or counted as done with ``dropped_done`` (a
    parent issue's sub-issue bar: every closed sub-issue is done).
    """
    done = total = 0
    seen: set[tuple[str, str]] = set()
    for record in records:
        if record.postmortem_id and record.action_id:
            seen.add((record.postmortem_id, record.action_id))
        if record.state == "closed" and record.state_reason == "not_planned" and not (
                dropped_done):
            continue
        total += 1
        done += record.state == "closed"
    for pm in postmortems:
        for action in pm.actions:
            if (pm.id, action.id) in seen or (action.not_planned and not dropped_done):
                continue
            total += 1
            done += action.status == "done"
    return Progress(done=done, actions=total)


def postmortem_progress(
    records: Sequence[ActionRecord], postmortems: Sequence[Postmortem]
) -> dict[str, Progress]:
    """Each postmortem's "3 of 5 done", by :attr:`ActionRecord.group_key`.

    Done is closed as completed, or done or dropped in the document (a dropped action is
    settled: the parent issue closes when every action is done or dropped, and GitHub's
    progress bar on it counts every closed sub-issue), so the digest and the parent agree.
    """
    by_key: dict[str, list[ActionRecord]] = {}
    for record in records:
        by_key.setdefault(record.group_key, []).append(record)
    by_id = {pm.id: pm for pm in postmortems}
    return {
        key: action_progress(by_key.get(key, []), [by_id[key]] if key in by_id else [],
                             dropped_done=True)
        for key in {*by_key, *by_id}
    }


def _priority_rank(priority: str) -> tuple[int, str]:
    if priority in _PRIORITY_ORDER:
        return (_PRIORITY_ORDER.index(priority), priority)
    return (len(_PRIORITY_ORDER) + (1 if priority == "none" else 0), priority)


def _by_priority(open_records: Sequence[ActionRecord], today: dt.date) -> list[PriorityCount]:
    counts: dict[str, list[int]] = {}
    for record in open_records:
        slot = counts.setdefault(record.priority or "none", [0, 0])
        slot[0] += 1
        if record.overdue_days(today):
            slot[1] += 1
    return [
        PriorityCount(priority=p, open=c[0], overdue=c[1])
        for p, c in sorted(counts.items(), key=lambda kv: _priority_rank(kv[0]))
    ]


def _overdue_order(record: ActionRecord) -> tuple[bool, int, int, str]:
    """Escalated first, then the most days overdue."""
    return (not record.escalated, -(record.days_overdue or 0), record.issue or 0,
            record.description)


def _group_overdue(overdue: list[ActionRecord]) -> list[OwnerGroup]:
    groups: dict[str, list[ActionRecord]] = {}
    owners: dict[str, Owner] = {}
    for record in overdue:
        key = record.owner.display.casefold()
        groups.setdefault(key, []).append(record)
        owners.setdefault(key, record.owner)
    for items in groups.values():
        items.sort(key=_overdue_order)

    def order(key: str) -> tuple[bool, bool, int, str]:
        worst = groups[key][0]
        return (not worst.escalated, owners[key].is_unassigned, -(worst.days_overdue or 0),
                key)

    return [OwnerGroup(owner=owners[key], items=groups[key]) for key in sorted(groups, key=order)]


def _group_by_postmortem(
    overdue: Sequence[ActionRecord], due_soon: Sequence[ActionRecord],
    progress: Mapping[str, Progress], parents: Mapping[str, ParentIssue],
) -> list[PostmortemGroup]:
    """The overdue and due-soon actions per postmortem: a group with an escalated action
    first, then the one with the most days overdue, then the soonest due."""
    groups: dict[str, PostmortemGroup] = {}
    for record in (*overdue, *due_soon):
        key = record.group_key
        if key not in groups:
            groups[key] = PostmortemGroup(
                postmortem_id=key,
                title=record.postmortem_title or record.postmortem_id or record.path or key,
                url=record.postmortem_url,
                parent=parents.get(record.postmortem_id or ""),
                progress=progress.get(key, Progress(done=0, actions=0)),
            )
        group = groups[key]
        (group.overdue if record.days_overdue else group.due_soon).append(record)
    for group in groups.values():
        group.overdue.sort(key=_overdue_order)
        group.escalated = sum(r.escalated for r in group.overdue)

    def order(group: PostmortemGroup) -> tuple[bool, int, dt.date, str, str]:
        worst = group.overdue[0].days_overdue or 0 if group.overdue else 0
        soonest = group.due_soon[0].due or dt.date.max if group.due_soon else dt.date.max
        return (not group.escalated, -worst, soonest, group.title.casefold(),
                group.postmortem_id)

    return sorted(groups.values(), key=order)


def _lessons_in_period(
    postmortems: Sequence[Postmortem], period: Period, doc_link: DocLink
) -> list[PostmortemLessons]:
    dated = [pm for pm in postmortems if pm.date is not None and period.contains(pm.date)]
    dated.sort(key=lambda pm: (pm.date or period.start, pm.path))
    return [
        PostmortemLessons(
            id=pm.id, title=pm.title or pm.id, date=pm.date, path=pm.path,
            url=doc_link.href(pm.path), lessons=pm.lessons,
        )
        for pm in dated
    ]


def build_digest(
    records: Sequence[ActionRecord],
    postmortems: Sequence[Postmortem],
    *,
    today: dt.date,
    config: Config,
    source: Literal["github", "documents"] = "github",
    repo: str | None = None,
    doc_link: DocLink = NO_LINK,
    parents: Mapping[str, ParentIssue] | None = None,
) -> Digest:
    """The digest for the period containing ``today`` (all dates compared in UTC).

    ``parents``: each postmortem's parent issue by postmortem id (``read_parents``), which
    its group links to under ``digest.group_by: postmortem``; without one, the document.
    """
    period = period_for(today, config.digest.period)
    soon_days = config.digest.due_soon_days
    open_records = [r for r in records if r.state == "open"]
    backlog = [r for r in open_records if r.backlog and not r.problem]

    overdue: list[ActionRecord] = []
    due_soon: list[ActionRecord] = []
    attention: list[AttentionItem] = []
    for record in open_records:
        if record.problem:
            attention.append(
                AttentionItem(
                    issue=record.issue, url=record.url, title=record.description,
                    path=record.path, line=record.line, reason=record.problem,
                )
            )
            continue
        if record.backlog:
            continue  # in the backlog section, never the overdue or due-soon tables
        assert record.due is not None
        days = record.overdue_days(today)
        if days:
            overdue.append(record.model_copy(update={
                "days_overdue": days,
                "escalated": reminder_rule.escalated(days, config.reminders),
            }))
        elif today <= record.due <= today + dt.timedelta(days=soon_days):
            due_soon.append(record.model_copy(update={"days_until_due": (record.due - today).days}))
    due_soon.sort(key=lambda r: (r.due or today, r.issue or 0, r.description))

    closed = [
        r for r in records
        if r.state == "closed" and r.closed_at is not None
        and period.contains(utc_date(r.closed_at))
    ]
    closed.sort(key=lambda r: (r.closed_at or dt.datetime.min.replace(tzinfo=dt.UTC)),
                reverse=True)

    # Actions of skipped backlog postmortems are never filed: not counted either way.
    counted = [pm for pm in postmortems if not due_rule.skipped(pm, config)]
    progress = action_progress(records, counted)
    durations = [
        (utc_date(r.closed_at) - utc_date(r.created_at)).days
        for r in closed
        if r.state_reason != "not_planned" and r.closed_at and r.created_at
    ]
    headline = Headline(
        open=len(open_records),
        overdue=len(overdue),
        due_soon=len(due_soon),
        due_soon_days=soon_days,
        closed=len(closed),
        escalated=sum(r.escalated for r in overdue),
        done=progress.done,
        actions=progress.actions,
        completion_rate=progress.rate,
        median_days_to_close=float(statistics.median(durations)) if durations else None,
        by_priority=_by_priority([r for r in open_records if not r.backlog], today),
    )
    attention.sort(key=lambda a: (a.issue or 0, a.path or "", a.line or 0))
    return Digest(
        period=period,
        today=today,
        source=source,
        repo=repo,
        group_by=config.digest.group_by,
        headline=headline,
        overdue=_group_overdue(overdue),
        groups=_group_by_postmortem(
            overdue, due_soon, postmortem_progress(records, counted), parents or {},
        ) if config.digest.group_by == "postmortem" else [],
        due_soon=due_soon,
        closed=closed,
        postmortems=_lessons_in_period(postmortems, period, doc_link),
        needs_attention=attention,
        backlog=_backlog_section(backlog, postmortems, today, config),
        search_url=open_issues_search(doc_link, config.labels.tracking),
    )


def _backlog_section(
    backlog: Sequence[ActionRecord], postmortems: Sequence[Postmortem], today: dt.date,
    config: Config,
) -> BacklogSection | None:
    """Count, overdue count and the oldest (by postmortem date) of the open backlog actions."""
    if config.backlog is None or not backlog:
        return None
    dates = {pm.id: pm.date for pm in postmortems}

    def age(record: ActionRecord) -> tuple[dt.date, str]:
        return (dates.get(record.postmortem_id or "") or dt.date.max, record.description)

    oldest = min(backlog, key=age)
    return BacklogSection(
        since=config.backlog.since,
        open=len(backlog),
        overdue=sum(1 for r in backlog if r.overdue_days(today)),
        oldest=oldest,
        oldest_date=dates.get(oldest.postmortem_id or ""),
    )


def open_issues_search(link: DocLink, label: str) -> str | None:
    """GitHub's issue search for the open tracked issues (``GITHUB_SERVER_URL`` for GHES):
    the full list a digest cut to ``max_items`` points to."""
    if not link.linked or link.server_url is None:
        return None
    query = f'is:issue is:open label:"{label}"' if " " in label else (
        f"is:issue is:open label:{label}")
    return f"{link.server_url.rstrip('/')}/{link.repo}/issues?q={quote_plus(query)}"
