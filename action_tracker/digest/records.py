"""One tracked action as the digest and ``status`` see it (:class:`ActionRecord`), from
tracked issues joined with the documents, or from the documents alone (no token).

Owners and due dates are read by the same rules as sync (``tracking.owners``,
``tracking.due``), so the digest never shows an action differently from its issue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from pydantic import BaseModel, Field

from action_tracker.digest.period import Period, utc_date
from action_tracker.github.store import TrackedIssue
from action_tracker.markers import find_marker
from action_tracker.models import ActionItem, Postmortem
from action_tracker.parsing.text import resolve_references
from action_tracker.render.links import DocLink
from action_tracker.runtime.config import Config
from action_tracker.tracking import due as due_rule
from action_tracker.tracking import owners as owner_rule
from action_tracker.tracking.linked import LinkedIssue
from action_tracker.tracking.owners import Owner
from action_tracker.tracking.parents import parents_by_postmortem


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
    # Filed under ``backlog`` (its postmortem is dated before ``backlog.since``): the digest
    # lists it apart, never in its overdue table. Recomputed from the document and the
    # config by ``tracking.due.in_backlog``, with or without a token.
    backlog: bool = False
    # Overdue by ``reminders.escalate_after_days`` (``tracking.reminders.escalated``).
    escalated: bool = False
    # A person snoozed reminders on its issue until this day (read by ``remind``'s reader).
    snoozed_until: dt.date | None = None

    @property
    def group_key(self) -> str:
        """The postmortem this action is listed under (its id; its path or title when the
        issue no longer names one)."""
        return self.postmortem_id or self.path or self.postmortem_title or "?"

    def overdue_days(self, today: dt.date) -> int | None:
        """Days past due for an open action with a readable due date, else ``None``."""
        if self.state != "open" or self.due is None or self.problem:
            return None
        days = (today - self.due).days
        return days if days > 0 else None


class ParentIssue(BaseModel):
    """A postmortem's parent issue (``sync`` keeps one per postmortem with ``parent_issues``
    on): the digest's group for that postmortem links it."""

    number: int
    url: str | None = None


def parent_links(issues: Sequence[TrackedIssue]) -> dict[str, ParentIssue]:
    """The parent issue of each postmortem (``issues``: listed by ``labels.parent``, trusted
    authors only, as for action issues). Should two carry one postmortem (racing runs, until
    the next sync closes the newer), the one sync keeps is linked
    (``tracking.parents.parents_by_postmortem``: the oldest)."""
    return {pm_id: ParentIssue(number=found[0].number, url=found[0].html_url or None)
            for pm_id, found in parents_by_postmortem(issues).items()}


# No repository known: documents are named by path, never linked.
NO_LINK = DocLink()


NO_DUE = "no due date"


def _parse_due(raw: str | None) -> tuple[dt.date | None, str | None]:
    if raw is None or not raw.strip():
        return None, NO_DUE
    try:
        return dt.date.fromisoformat(raw.strip()), None
    except ValueError:
        return None, f"due date '{raw}' is not a date (YYYY-MM-DD)"


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
    doc_link: DocLink = NO_LINK,
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
                backlog=pm is not None and due_rule.in_backlog(pm, config),
            )
        )
    return records


def without_linked(
    issues: Iterable[TrackedIssue], linked: dict[tuple[str, str], LinkedIssue],
    repo: str | None,
) -> list[TrackedIssue]:
    """The tracked issues less the ones :func:`records_from_linked` speaks for: a person's
    issue an action links (labelled in place, no marker), and the tool's own issue of an
    action that now links another (closed "Tracked in #N"), so no action is counted twice."""
    numbers = {link.ref.number for link in linked.values() if link.ref.same_repo(repo)}
    out = []
    for issue in issues:
        marker = find_marker(issue.body, "action")
        if marker is not None and marker.key in linked:
            continue
        if marker is None and issue.number in numbers:
            continue
        out.append(issue)
    return out


def records_from_linked(
    linked: dict[tuple[str, str], LinkedIssue],
    postmortems: Sequence[Postmortem],
    config: Config,
    doc_link: DocLink = NO_LINK,
    repo: str | None = None,
) -> list[ActionRecord]:
    """Actions tracked in the issue their ticket links (``tracking.linked``): the issue's
    state is the action's (closed as completed or a merged PR: done; closed as not planned
    or a PR closed unmerged: dropped; open: open, due by sync's rule), unless the document
    says done, which wins. Shown with the real issue's link and assignees."""
    records: list[ActionRecord] = []
    for pm in postmortems:
        for action in pm.actions:
            link = linked.get((pm.id, action.id))
            if link is None:
                continue
            due, _source = due_rule.effective_due(action, pm, config)
            status = link.status
            if action.status == "done":
                status = "dropped" if action.not_planned else "done"
            records.append(ActionRecord(
                issue=link.ref.number if link.ref.same_repo(repo) else None,
                url=link.html_url or None,
                **_from_document(pm, action, doc_link),
                owner=owner_rule.resolve_owner(action.owner, link.assignees, config.owners),
                due=due,
                priority=action.priority,
                state="open" if status == "open" else "closed",
                state_reason=None if status == "open"
                else "not_planned" if status == "dropped" else "completed",
                created_at=link.created_at,
                closed_at=link.closed_at if status != "open" else None,
                problem=None if due else due_rule.missing_due(action, pm),
            ))
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
    postmortems: Sequence[Postmortem], config: Config, doc_link: DocLink = NO_LINK
) -> list[ActionRecord]:
    """Actions straight from the documents, with sync's effective due date rule.

    Due = the document's date, else postmortem date + ``config.days_for_priority`` (from
    ``backlog.since`` for a backlog postmortem; one under ``mode: skip`` is left out).
    Done actions count as closed (when is unknown), so they feed the completion rate only;
    dropped ones ("won't fix") as closed not planned, as sync closes their issues.
    """
    records: list[ActionRecord] = []
    for pm in postmortems:
        if due_rule.skipped(pm, config):  # backlog, mode skip: never filed, so not tracked
            continue
        for action in pm.actions:
            due, _source = due_rule.effective_due(action, pm, config)
            done = action.status == "done"
            records.append(
                ActionRecord(
                    **_from_document(pm, action, doc_link),
                    owner=owner_rule.resolve_owner(
                        action.owner, (), config.owners, _default_login(config, done)),
                    due=due,
                    priority=action.priority,
                    state="closed" if done else "open",
                    state_reason=(
                        ("not_planned" if action.not_planned else "completed") if done else None
                    ),
                    problem=None if due else due_rule.missing_due(action, pm),
                    backlog=due_rule.in_backlog(pm, config),
                )
            )
    return records


def _default_login(config: Config, done: bool) -> str | None:
    """The default owner sync assigns an open action, as far as the documents tell (the
    author of ``default_owner: author`` needs GitHub: not known here)."""
    setting = config.default_owner if config.sync.assign_owners and not done else None
    default = owner_rule.default_for(setting, None)
    return default[0] if default else None


def _from_document(pm: Postmortem, action: ActionItem, doc_link: DocLink) -> dict[str, Any]:
    """The fields of a record that come from the document alone (whatever tracks the action:
    a linked issue, or nothing yet)."""
    return {
        "description": resolve_references(action.description, pm.references),
        "action_id": action.id,
        "postmortem_id": pm.id,
        "postmortem_title": pm.title or pm.id,
        "postmortem_url": doc_link.href(pm.path),
        "action_url": doc_link.href(pm.path, action.line),
        "path": pm.path,
        "line": action.line or None,
    }
