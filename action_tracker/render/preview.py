"""The pull-request preview: what merging will do to the tracked issues, as one comment.

Reviewers of a postmortem see, before merging, which issues sync will open, update and
close, with owners as sync assigns them, and for an existing issue what changes, field by
field (before → after). The comment is *sticky*: it carries a hidden ``preview`` marker,
so every push edits the same comment instead of piling up new ones. Everything here is
pure: a sync plan in, counts and Markdown out; the CLI (``cli/preview_cmd.py``) does the
reading and writing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from action_tracker.github.store import TrackedIssue
from action_tracker.located import Located
from action_tracker.markers import Marker, find_marker, neutralize, render_marker
from action_tracker.render import github_text
from action_tracker.render.templates import render
from action_tracker.runtime.config import Config
from action_tracker.tracking import operations as op_words
from action_tracker.tracking.desired import DesiredIssue
from action_tracker.tracking.parents import ParentResult
from action_tracker.tracking.plan import Operation

PREVIEW_KIND = "preview"
TEMPLATE = "pr_preview.md.j2"
MAX_ROWS = 200  # keeps the comment far below GitHub's 65,536-character limit



class PreviewCounts(BaseModel):
    """How many issues each kind of change touches; ``unchanged`` counts the no-ops."""

    model_config = ConfigDict(frozen=True)

    create: int = 0
    update: int = 0
    close: int = 0
    remove: int = 0
    unchanged: int = 0

    @property
    def changes(self) -> int:
        return self.create + self.update + self.close + self.remove

    def outputs(self) -> dict[str, int]:
        """The step outputs a workflow can branch on (``would_create`` …)."""
        return {
            "would_create": self.create,
            "would_update": self.update,
            "would_close": self.close,
            "would_remove": self.remove,
            "unchanged": self.unchanged,
        }


class FieldChange(BaseModel):
    """One field of an existing issue that merging changes: what it says now, and after."""

    model_config = ConfigDict(frozen=True)

    field: Literal["title", "owner", "due", "priority", "status"]
    before: str
    after: str


class PreviewRow(BaseModel):
    """One issue that merging changes.

    ``owner`` is the owner as the document writes it; ``owners`` as sync assigns them
    (``@login``, or a name that maps to no login, marked unassigned). ``field_changes`` are the
    fields of an existing issue that change (empty for a new issue).
    """

    model_config = ConfigDict(frozen=True)

    verb: str
    postmortem: str
    action: str
    title: str
    # The document at the action's line, at the pull request's head (None: no repository).
    url: str | None = None
    issue: int | None = None
    owner: str | None = None
    owners: list[str] = []
    due: str | None = None
    reason: str
    field_changes: list[FieldChange] = []


class Preview(BaseModel):
    """Everything the comment shows."""

    model_config = ConfigDict(frozen=True)

    pr: int | None = None
    head_sha: str | None = None
    counts: PreviewCounts
    rows: list[PreviewRow]
    problems: list[str] = []
    compared_with_issues: bool = True
    # The postmortems' parent issues merging opens, updates, closes or reopens, or attaches
    # sub-issues to ("Parent issues"; the same plan sync applies).
    parents: list[ParentResult] = []


def count_operations(operations: Iterable[Operation]) -> PreviewCounts:
    """Counts as sync reports them (one count key per operation, :mod:`operations`)."""
    counts = Counter(op_words.count_key(op.op) for op in operations)
    return PreviewCounts(
        create=counts["created"], update=counts["updated"], close=counts["closed"],
        remove=counts["removed"], unchanged=counts["unchanged"],
    )


UNASSIGNED = "(unassigned)"
NOT_ASSIGNABLE = "(cannot be assigned in this repository)"
NOBODY = "nobody"
NONE = "none"


def assigned_owners(
    desired: DesiredIssue, assignable: Callable[[str], bool] | None = None
) -> list[str]:
    """The owners as sync assigns them: ``@login`` for each login (from ``@login`` or the
    config's ``owners:`` map, resolved once in :func:`tracking.owners.resolve_owners`), marked when
    GitHub would refuse it (``assignable``, when known), then the names that map to no
    login, which sync only names in the body."""
    logins = [
        f"@{login}" if assignable is None or assignable(login) else f"@{login} {NOT_ASSIGNABLE}"
        for login in desired.owner_logins
    ]
    if desired.default_owner and not any(assignable is None or assignable(login)
                                         for login in desired.owner_logins):
        login = desired.default_owner[0]  # what sync assigns when no owner of its own can be
        if assignable is None or assignable(login):
            logins.append(f"@{login} (default owner)")
    return logins + [f"{name} {UNASSIGNED}" for name in desired.owner_names]


def _state(issue: TrackedIssue) -> str:
    if issue.state == "closed" and issue.state_reason == "not_planned":
        return "closed (not planned)"
    return issue.state


def _status_after(op: Operation, issue: TrackedIssue) -> str:
    """The issue's state once sync has applied ``op``."""
    if op.op == "close":
        return "closed (not planned)" if op.desired.not_planned else "closed (done)"
    if op.op == "update" and op.reopen:
        return "open"
    if op.op == "mark_removed" and op.close and issue.state == "open":
        return "closed (removed)"
    if op.op == "close_duplicate" and issue.state == "open":
        return f"closed (duplicate of #{op.kept})"
    if op.op == "close_superseded" and issue.state == "open":
        return f"closed (tracked in {op.tracked_in})"
    return _state(issue)


def field_changes(
    op: Operation, issue: TrackedIssue, assignable: Callable[[str], bool] | None = None
) -> list[FieldChange]:
    """What an operation changes on an existing issue, field by field.

    Before is what the issue says now: its title, its assignees and its state from GitHub,
    and the due date and priority the hidden marker recorded when sync last wrote it (the
    values the body shows, unless a person edited the body). After is what sync writes.
    Assignees change only when the document's owner changed (as sync does); a person's
    reassignment is otherwise kept, and not shown as a change.
    """
    pairs: list[tuple[Literal["title", "owner", "due", "priority", "status"], str, str]] = []
    if op.op in ("update", "close"):
        desired = op.desired
        marker = issue.marker
        recorded = marker.fields if marker is not None else {}
        pairs.append(("title", issue.title, desired.title))
        if op.set_assignees:
            now = ", ".join(f"@{login}" for login in issue.assignees) or NOBODY
            after = ", ".join(assigned_owners(desired, assignable)) or NOBODY
            pairs.append(("owner", now, after))
        due = desired.due.isoformat() if desired.due else NONE
        pairs.append(("due", recorded.get("due") or NONE, due))
        pairs.append(("priority", recorded.get("priority") or NONE, desired.priority or NONE))
    pairs.append(("status", _state(issue), _status_after(op, issue)))
    return [FieldChange(field=name, before=before, after=after)
            for name, before, after in pairs if before != after]


def _row(
    op: Operation, issues: Mapping[int, TrackedIssue], assignable: Callable[[str], bool] | None
) -> PreviewRow | None:
    if op.op == "noop":
        return None
    owner = due = url = None
    owners: list[str] = []
    issue: int | None = None
    current = issues.get(op.issue) if op.op != "create" and op.issue is not None else None
    if op.op in ("create", "update", "close"):
        desired = op.desired
        owner = desired.owner
        due = desired.due.isoformat() if desired.due else None
        url = desired.action_url if desired.action_url.startswith(("https://", "http://")) else None
        if op.op != "create" and not op.set_assignees and current is not None:
            owners = [f"@{login}" for login in current.assignees]  # sync keeps them
        else:
            owners = assigned_owners(desired, assignable)
    diffs: list[FieldChange] = []
    if op.op != "create":
        issue = op.issue
        if current is not None:
            diffs = field_changes(op, current, assignable)
    verb = op_words.words(op.op).preview
    if op.op == "mark_removed" and op.close:
        verb = "close (removed)"
    return PreviewRow(
        verb=verb, postmortem=op.postmortem, action=op.action, title=op.title, url=url, issue=issue,
        owner=owner, owners=owners, due=due, reason=op.reason, field_changes=diffs,
    )


def build_preview(
    operations: Sequence[Operation],
    *,
    existing: Iterable[TrackedIssue] = (),
    assignable: Callable[[str], bool] | None = None,
    pr: int | None = None,
    head_sha: str | None = None,
    problems: Sequence[Located | str] = (),
    compared_with_issues: bool = True,
    parents: Sequence[ParentResult] = (),
) -> Preview:
    """The preview of a plan: counts plus one row per issue that changes, in plan order.

    ``existing`` are the tracked issues the plan was made against: they give each changed
    issue's "before" (:func:`field_changes`). ``assignable`` says whether GitHub accepts a
    login as an assignee (``None``: not asked, as without a token)."""
    issues = {issue.number: issue for issue in existing}
    rows = [row for row in (_row(op, issues, assignable) for op in operations)
            if row is not None]
    return Preview(
        pr=pr, head_sha=head_sha, counts=count_operations(operations), rows=rows,
        problems=[str(p) for p in problems], compared_with_issues=compared_with_issues,
        parents=[p for p in parents if p.op != "noop" or p.attached],
    )


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def headline(counts: PreviewCounts) -> str:
    """One sentence a reviewer reads first, e.g. "Merging this pull request will open 5
    issues, update 2, close 1."."""
    if counts.changes == 0:
        tracked = _plural(counts.unchanged, "tracked action", "tracked actions")
        return f"Merging this pull request will not change any issue ({tracked} unchanged)."
    parts = [
        f"open {_plural(counts.create, 'issue', 'issues')}",
        f"update {counts.update}",
        f"close {counts.close}",
    ]
    if counts.remove:
        parts.append(f"mark {counts.remove} as removed from their postmortem")
    return "Merging this pull request will " + ", ".join(parts) + "."


def json_data(preview: Preview) -> dict[str, object]:
    """The preview as ``preview --dry-run --format json`` prints it."""
    return {
        "dry_run": True, "pr": preview.pr, "headline": headline(preview.counts),
        "counts": preview.counts.model_dump(),
        "changes": [row.model_dump() for row in preview.rows], "problems": preview.problems,
        "parents": [p.model_dump(mode="json", exclude_none=True) for p in preview.parents],
    }


def preview_marker(pr: int | None) -> str:
    """The hidden line that makes the comment findable again on the next push."""
    return render_marker(PREVIEW_KIND, {"pr": str(pr) if pr is not None else None})


def is_preview_comment(body: str | None, pr: int | None = None) -> bool:
    """Whether a comment is our preview (for ``pr`` when given)."""
    marker: Marker | None = find_marker(body, PREVIEW_KIND)
    if marker is None:
        return False
    return pr is None or marker.get("pr") in (None, str(pr))


_PARENT_VERBS = {"create": "open", "update": "update", "close": "close", "reopen": "reopen",
                 "close_duplicate": "close duplicates of", "noop": "attach to"}


def _render_rows(preview: Preview, config: Config, limit: int) -> str:
    shown = preview.rows[:limit]
    context = {
        "preview": preview,
        "headline": headline(preview.counts),
        "counts": preview.counts,
        "rows": shown,
        # Existing issues whose fields change, or (an update) whose body alone is rewritten.
        "changed_rows": [
            row for row in shown if row.issue and (row.field_changes or row.verb == "update")
        ],
        "hidden_rows": len(preview.rows) - len(shown),
        "problems": preview.problems,
        "short_sha": preview.head_sha[:7] if preview.head_sha else None,
        "parents": [{"verb": _PARENT_VERBS[p.op], "issue": p.issue, "title": p.title,
                     "attached": len(p.attached)} for p in preview.parents],
    }
    return neutralize(render(TEMPLATE, context, user_dir=config.templates_dir)).rstrip()


def render_preview(preview: Preview, config: Config) -> str:
    """The comment body: the template's Markdown, then our marker, under GitHub's limit.

    A user's template override cannot smuggle in a second marker (document text is
    untrusted and may reach the template): every marker-looking comment is defused first.
    """
    marker = preview_marker(preview.pr)
    text = github_text.shrink_to_fit(  # fewer rows (said as "…and N more") until it fits
        lambda rows: _render_rows(preview, config, rows), MAX_ROWS, github_text.room_for(marker)
    )
    return github_text.seal(text, marker)
