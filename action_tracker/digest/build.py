"""What the digest says, computed from tracked issues (or documents) for one day: pure, no I/O.

The digest exists to make forgotten follow-ups visible, so every tracked issue ends up
somewhere: counted in the headline, listed as overdue / due soon / closed, or listed as
needing attention when its marker or due date cannot be read. Nothing is dropped silently.

Two sources feed the same :class:`ActionRecord` shape: tracked issues joined with the
postmortems of the checkout (the normal case), or the postmortems alone (a dry run without
a token, where issue numbers and closing dates are unknown). ``status`` reuses the records.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from typing import Literal
from urllib.parse import quote_plus

from pydantic import BaseModel, ConfigDict, Field

from action_tracker.github.store import TrackedIssue
from action_tracker.markers import find_marker
from action_tracker.models import ActionItem, Lessons, Postmortem
from action_tracker.parsing.text import resolve_references
from action_tracker.render.links import DocLink
from action_tracker.runtime.config import Config
from action_tracker.tracking import due as due_rule
from action_tracker.tracking import owners as owner_rule
from action_tracker.tracking.owners import Owner

PeriodKind = Literal["week", "month"]
_PRIORITY_ORDER = ("P0", "P1", "P2", "P3", "P4")


class Period(BaseModel):
    """An ISO week (Monday..Sunday, ``2026-W48``) or a calendar month (``2026-11``)."""

    model_config = ConfigDict(frozen=True)

    kind: PeriodKind
    label: str
    start: dt.date
    end: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def noun(self) -> str:
        return self.kind

    def describe(self) -> str:
        """Human form: ``week 2026-W48 (Mon 23 Nov – Sun 29 Nov 2026)``."""
        if self.kind == "month":
            return self.start.strftime("%B %Y")
        first = f"{self.start:%a} {self.start.day} {self.start:%b}"
        last = f"{self.end:%a} {self.end.day} {self.end:%b %Y}"
        return f"week {self.label} ({first} – {last})"


def period_for(today: dt.date, kind: PeriodKind = "week") -> Period:
    """The period containing ``today``: its ISO week, or its calendar month."""
    if kind == "month":
        start = today.replace(day=1)
        next_month = (start + dt.timedelta(days=32)).replace(day=1)
        return Period(
            kind="month", label=f"{start:%Y-%m}", start=start,
            end=next_month - dt.timedelta(days=1),
        )
    year, week, weekday = today.isocalendar()
    start = today - dt.timedelta(days=weekday - 1)
    return Period(
        kind="week", label=f"{year}-W{week:02d}", start=start, end=start + dt.timedelta(days=6)
    )


def parse_period(label: str | None) -> Period | None:
    """The period a digest marker names (``2026-W48`` or ``2026-11``), or ``None``."""
    if not label:
        return None
    try:
        if "-W" in label:
            year, week = label.split("-W", 1)
            return period_for(dt.date.fromisocalendar(int(year), int(week), 1), "week")
        year, month = label.split("-", 1)
        return period_for(dt.date(int(year), int(month), 1), "month")
    except ValueError:
        return None


def previous_period(period: Period) -> Period:
    return period_for(period.start - dt.timedelta(days=1), period.kind)


class ActionRecord(BaseModel):
    """One tracked action as the digest and ``status`` see it, whatever its source."""

    issue: int | None = None
    url: str | None = None
    description: str
    action_id: str | None = None
    postmortem_id: str | None = None
    postmortem_title: str | None = None
    postmortem_url: str | None = None
    # The document at the action's line (``…?plain=1#L114``): where the reader should land.
    action_url: str | None = None
    path: str | None = None
    line: int | None = None
    owner: Owner = Field(default_factory=Owner)
    due: dt.date | None = None
    priority: str | None = None
    state: Literal["open", "closed"] = "open"
    state_reason: str | None = None
    created_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    closed_by: str | None = None
    problem: str | None = None
    days_overdue: int | None = None
    days_until_due: int | None = None

    def overdue_days(self, today: dt.date) -> int | None:
        """Days past due for an open action with a readable due date, else ``None``."""
        if self.state != "open" or self.due is None or self.problem:
            return None
        days = (today - self.due).days
        return days if days > 0 else None


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


class Digest(BaseModel):
    """Everything one digest shows; rendering only formats it."""

    period: Period
    today: dt.date
    source: Literal["github", "documents"]
    repo: str | None = None
    headline: Headline
    overdue: list[OwnerGroup] = Field(default_factory=list)
    due_soon: list[ActionRecord] = Field(default_factory=list)
    closed: list[ActionRecord] = Field(default_factory=list)
    postmortems: list[PostmortemLessons] = Field(default_factory=list)
    needs_attention: list[AttentionItem] = Field(default_factory=list)
    # GitHub's search for the open tracked issues (where "…and 25 more" leads); None
    # without a repository.
    search_url: str | None = None

    @property
    def overdue_items(self) -> list[ActionRecord]:
        return [item for group in self.overdue for item in group.items]


# No repository known: documents are named by path, never linked.
_NO_LINK = DocLink()


NO_DUE = "no due date"


def _parse_due(raw: str | None) -> tuple[dt.date | None, str | None]:
    if raw is None or not raw.strip():
        return None, NO_DUE
    try:
        return dt.date.fromisoformat(raw.strip()), None
    except ValueError:
        return None, f"due date '{raw}' is not a date (YYYY-MM-DD)"


def utc_date(moment: dt.datetime) -> dt.date:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).date()


def closers_to_fetch(issues: Iterable[TrackedIssue], period: Period, limit: int) -> list[int]:
    """Issues whose "Closed by" the digest needs but the listing did not give: closed in
    ``period``, most recent first (the digest's order), at most ``limit`` (the rows it shows).

    GitHub's issue list leaves ``closed_by`` empty; one GET per issue names the closer, so
    the digest asks only for the few it shows, never for every closed issue.
    """
    wanted = [
        issue for issue in issues
        if issue.state == "closed" and issue.closed_by is None and issue.closed_at is not None
        and period.contains(utc_date(issue.closed_at))
    ]
    wanted.sort(key=lambda issue: (issue.closed_at, issue.number), reverse=True)
    return [issue.number for issue in wanted[:limit]]


def records_from_issues(
    issues: Iterable[TrackedIssue],
    postmortems: Sequence[Postmortem],
    config: Config,
    doc_link: DocLink = _NO_LINK,
) -> list[ActionRecord]:
    """Join tracked issues with the documents by the marker's postmortem and action ids."""
    by_pm = {pm.id: pm for pm in postmortems}
    records: list[ActionRecord] = []
    for issue in issues:
        marker = find_marker(issue.body, "action")
        pm_id = marker.postmortem_id if marker else None
        action_id = marker.action_id if marker else None
        pm = by_pm.get(pm_id) if pm_id else None
        action = _find_action(pm, action_id)
        path = (marker.get("path") if marker else None) or (pm.path if pm else None)
        problem: str | None
        if marker is None or marker.key is None:
            due, problem = None, "no action-tracker marker in the issue body"
        else:
            due, problem = _parse_due(marker.get("due"))
            if due is None and problem == NO_DUE:
                problem = _no_due_cause(pm, action, pm_id)
        written_owner = (marker.get("owner") if marker else None) or (
            action.owner if action else None
        )
        records.append(
            ActionRecord(
                issue=issue.number,
                url=issue.html_url or None,
                description=(resolve_references(action.description, pm.references)
                             if action and pm else issue.title),
                action_id=action_id,
                postmortem_id=pm_id,
                postmortem_title=(pm.title if pm and pm.title else pm_id),
                postmortem_url=doc_link.href(path) if path else None,
                action_url=(doc_link.href(path, action.line if action else None)
                            if path else None),
                path=path,
                line=action.line if action else None,
                owner=owner_rule.resolve_owner(written_owner, issue.assignees, config.owners),
                due=due,
                priority=(marker.get("priority") if marker else None)
                or (action.priority if action else None),
                state=issue.state,
                state_reason=issue.state_reason,
                created_at=issue.created_at,
                closed_at=issue.closed_at,
                closed_by=issue.closed_by,
                problem=problem,
            )
        )
    return records


def _no_due_cause(pm: Postmortem | None, action: ActionItem | None, pm_id: str | None) -> str:
    """Why an issue has no due date, in words that say what to fix (sync's own rule)."""
    if pm is None:
        return f"{NO_DUE}, and its postmortem '{pm_id}' is not among the documents read"
    if action is None:
        return f"{NO_DUE}, and the action is no longer in {pm.path}"
    return due_rule.missing_due(action, pm) or (
        f"{NO_DUE} on the issue, but {pm.path} gives one now: run `action-tracker sync`"
    )


def _find_action(pm: Postmortem | None, action_id: str | None) -> ActionItem | None:
    if pm is None or action_id is None:
        return None
    return next((a for a in pm.actions if a.id == action_id), None)


def records_from_documents(
    postmortems: Sequence[Postmortem], config: Config, doc_link: DocLink = _NO_LINK
) -> list[ActionRecord]:
    """Actions straight from the documents, with sync's effective due date rule.

    Due = the document's date, else postmortem date + ``config.days_for_priority``.
    Done actions count as closed (when is unknown), so they feed the completion rate only;
    dropped ones ("won't fix") as closed not planned, as sync closes their issues.
    """
    records: list[ActionRecord] = []
    for pm in postmortems:
        for action in pm.actions:
            due, _source = due_rule.effective_due(action, pm, config)
            done = action.status == "done"
            records.append(
                ActionRecord(
                    description=resolve_references(action.description, pm.references),
                    action_id=action.id,
                    postmortem_id=pm.id,
                    postmortem_title=pm.title or pm.id,
                    postmortem_url=doc_link.href(pm.path),
                    action_url=doc_link.href(pm.path, action.line),
                    path=pm.path,
                    line=action.line or None,
                    owner=owner_rule.resolve_owner(action.owner, (), config.owners),
                    due=due,
                    priority=action.priority,
                    state="closed" if done else "open",
                    state_reason=(
                        ("not_planned" if action.not_planned else "completed") if done else None
                    ),
                    problem=None if due else due_rule.missing_due(action, pm),
                )
            )
    return records


class Progress(BaseModel):
    """How many actions are done, out of how many (see :func:`action_progress`)."""

    done: int
    actions: int

    @property
    def rate(self) -> float | None:
        return self.done / self.actions if self.actions else None


PROGRESS_DEFINITION = (
    "Actions done: marked done in the document or issue closed as completed, out of every "
    "action in the documents or with a tracked issue (each once); dropped actions (won't "
    "fix, closed as not planned) not counted."
)


def action_progress(
    records: Sequence[ActionRecord], postmortems: Sequence[Postmortem]
) -> Progress:
    """Done actions out of all actions, the same with or without a token.

    An action is counted once, by ``(postmortem id, action id)``: its issue when it has one
    (a close on GitHub counts), else the document (done in the document: sync never opens
    an issue for it, so without this the rate with a token would leave them out). Dropped
    actions are left out of both numbers.
    """
    done = total = 0
    seen: set[tuple[str, str]] = set()
    for record in records:
        if record.postmortem_id and record.action_id:
            seen.add((record.postmortem_id, record.action_id))
        if record.state == "closed" and record.state_reason == "not_planned":
            continue
        total += 1
        done += record.state == "closed"
    for pm in postmortems:
        for action in pm.actions:
            if (pm.id, action.id) in seen or action.not_planned:
                continue
            total += 1
            done += action.status == "done"
    return Progress(done=done, actions=total)


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


def _group_overdue(overdue: list[ActionRecord]) -> list[OwnerGroup]:
    groups: dict[str, list[ActionRecord]] = {}
    owners: dict[str, Owner] = {}
    for record in overdue:
        key = record.owner.display.casefold()
        groups.setdefault(key, []).append(record)
        owners.setdefault(key, record.owner)
    for items in groups.values():
        items.sort(key=lambda r: (-(r.days_overdue or 0), r.issue or 0, r.description))

    def order(key: str) -> tuple[bool, int, str]:
        worst = groups[key][0].days_overdue or 0
        return (owners[key].is_unassigned, -worst, key)

    return [OwnerGroup(owner=owners[key], items=groups[key]) for key in sorted(groups, key=order)]


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
    doc_link: DocLink = _NO_LINK,
) -> Digest:
    """The digest for the period containing ``today`` (all dates compared in UTC)."""
    period = period_for(today, config.digest.period)
    soon_days = config.digest.due_soon_days
    open_records = [r for r in records if r.state == "open"]

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
        assert record.due is not None
        days = record.overdue_days(today)
        if days:
            overdue.append(record.model_copy(update={"days_overdue": days}))
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

    progress = action_progress(records, postmortems)
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
        done=progress.done,
        actions=progress.actions,
        completion_rate=progress.rate,
        median_days_to_close=float(statistics.median(durations)) if durations else None,
        by_priority=_by_priority(open_records, today),
    )
    attention.sort(key=lambda a: (a.issue or 0, a.path or "", a.line or 0))
    return Digest(
        period=period,
        today=today,
        source=source,
        repo=repo,
        headline=headline,
        overdue=_group_overdue(overdue),
        due_soon=due_soon,
        closed=closed,
        postmortems=_lessons_in_period(postmortems, period, doc_link),
        needs_attention=attention,
        search_url=open_issues_search(doc_link, config.labels.tracking),
    )


def open_issues_search(link: DocLink, label: str) -> str | None:
    """GitHub's issue search for the open tracked issues (``GITHUB_SERVER_URL`` for GHES):
    the full list a digest cut to ``max_items`` points to."""
    if not link.linked or link.server_url is None:
        return None
    query = f'is:issue is:open label:"{label}"' if " " in label else (
        f"is:issue is:open label:{label}")
    return f"{link.server_url.rstrip('/')}/{link.repo}/issues?q={quote_plus(query)}"
