"""Applying a plan through an :class:`IssueStore`, one action at a time.

Each operation is isolated: an item-level failure (GitHub refusing one write) is recorded
and the run goes on; only fatal errors (bad token, missing permission, repository gone)
stop it. A create whose response was lost is never blindly repeated: the tracked issues
are listed again and the action's marker looked for first (GitHub may have applied it).
If two racing runs still leave two issues, the next run's duplicate rule heals it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from action_tracker.errors import ActionTrackerError, GitHubError
from action_tracker.github.store import IssueStore, TrackedIssue
from action_tracker.located import Located
from action_tracker.markers import render_marker
from action_tracker.render.issue import IssueContent, render_issue
from action_tracker.render.templates import render
from action_tracker.runtime.config import Config
from action_tracker.runtime.log import get_logger, mask
from action_tracker.tracking import labels as label_rule
from action_tracker.tracking.desired import DesiredIssue
from action_tracker.tracking.linked import tracking_marker
from action_tracker.tracking.owners import OwnerSource
from action_tracker.tracking.plan import (
    Close,
    CloseDuplicate,
    CloseSuperseded,
    Create,
    MarkRemoved,
    Noop,
    Operation,
    Plan,
    TrackLinked,
    Update,
    issue_of,
)
from action_tracker.tracking.result import ItemResult, item_location, planned_source


def _is_fatal(exc: ActionTrackerError) -> bool:
    """Errors that make every further request pointless (auth, permission, repository)."""
    return exc.fatal


def _outcome_unknown(exc: ActionTrackerError) -> bool:
    """A write whose response was lost: GitHub may or may not have applied it.

    Besides the error class's own word, any GitHub failure without a definite 4xx answer
    (a 5xx, a timeout) counts: only a 4xx proves GitHub did not create the issue.
    """
    return exc.may_have_applied if isinstance(exc, GitHubError) else exc.outcome_unknown


def _about_assignees(exc: BaseException) -> bool:
    return "assignee" in str(exc).lower()


def done_comment(op: Close, config: Config) -> str:
    """The comment on an issue the document marked done (or dropped)."""
    return render(
        "issue_comment_done.md.j2",
        {"postmortem_title": op.desired.postmortem_title, "doc_url": op.desired.doc_url,
         "path": op.desired.path, "not_planned": op.desired.not_planned},
        user_dir=config.templates_dir,
    )


def removed_comment(op: MarkRemoved, config: Config) -> str:
    """The one comment on an issue whose action left its document."""
    return render(
        "issue_comment_removed.md.j2",
        {"path": op.path or op.postmortem, "postmortem_id": op.postmortem,
         "label": config.labels.removed, "close": op.close},
        user_dir=config.templates_dir,
    )


def duplicate_comment(op: CloseDuplicate, config: Config) -> str:
    """The comment on a second issue for one action, pointing at the kept one."""
    return render(
        "issue_comment_duplicate.md.j2",
        {"kept": op.kept, "postmortem_id": op.postmortem, "action_id": op.action},
        user_dir=config.templates_dir,
    )


def linked_comment(op: TrackLinked, config: Config) -> str:
    """The one comment on a person's issue that an action links, with its hidden marker
    (added after rendering, so an override cannot drop it)."""
    text = render(
        "issue_comment_linked.md.j2",
        {"path": op.path or op.postmortem, "doc_url": op.doc_url, "line": op.line,
         "postmortem_id": op.postmortem},
        user_dir=config.templates_dir,
    )
    return f"{text.rstrip()}\n\n{tracking_marker(op.postmortem, op.action)}\n"


def superseded_comment(op: CloseSuperseded, config: Config) -> str:
    """The comment on the tool's own issue once the action links another one."""
    return render(
        "issue_comment_superseded.md.j2",
        {"tracked_in": op.tracked_in, "postmortem_id": op.postmortem, "action_id": op.action},
        user_dir=config.templates_dir,
    )


def render_plan(plan: Plan, config: Config) -> None:
    """Render every text the plan would send, sending nothing.

    A dry run calls this so that a template override that fails to render (a syntax error,
    a sandbox refusal, a symlink) fails the dry run with the same :class:`ConfigError` the
    real run would stop on, instead of passing and leaving the failure to after the merge.
    A dry run does not ask GitHub who is assignable, so a body naming owners is rendered
    both ways (owners assigned, owners named in the text), as the real run may send either.
    """
    for op in plan.operations:
        if isinstance(op, Create | Update | Close):
            render_issue(op.desired, config)
            if op.desired.owner_logins:
                render_issue(op.desired, config, assignable=set())
        if isinstance(op, Close):
            done_comment(op, config)
        elif isinstance(op, MarkRemoved) and op.comment:
            removed_comment(op, config)
        elif isinstance(op, CloseDuplicate):
            duplicate_comment(op, config)
        elif isinstance(op, TrackLinked) and op.comment:
            linked_comment(op, config)
        elif isinstance(op, CloseSuperseded):
            superseded_comment(op, config)


class Applier:
    """Performs a plan's writes, caching label and assignee checks for the run."""

    def __init__(self, store: IssueStore, config: Config) -> None:
        self.store = store
        self.config = config
        self.warnings: list[Located] = []
        self._labels_ready: set[str] = set()
        self._assignable: dict[str, bool] = {}
        self._source: OwnerSource | None = None  # the rule behind the last rendered assignees
        self.log = get_logger()

    # -- helpers -----------------------------------------------------------------------
    def _ensure_labels(self, labels: Iterable[str]) -> None:
        for name in labels:
            if name in self._labels_ready:
                continue
            description = label_rule.label_description(name, self.config)
            if description is not None:  # else a person's label: it exists already
                self.store.ensure_label(
                    name, color=self.config.labels.color, description=description
                )
            self._labels_ready.add(name)

    def _assignable_logins(self, desired: DesiredIssue) -> set[str]:
        ok: set[str] = set()
        default = [desired.default_owner[0]] if desired.default_owner else []
        for login in [*desired.owner_logins, *default]:
            if login not in self._assignable:
                try:
                    self._assignable[login] = self.store.is_assignable(login)
                except ActionTrackerError as exc:
                    if _is_fatal(exc):
                        raise
                    self._assignable[login] = False
                if not self._assignable[login]:
                    # Once per login, at the first action naming it: in Actions the
                    # annotation sits on that line of the document.
                    self.warnings.append(Located(
                        path=desired.path, line=desired.line or 1,
                        message=f"@{login} cannot be assigned issues in this repository; "
                        + ("no default owner assigned" if login in default
                           and login not in desired.owner_logins
                           else "named in the issue body instead"),
                    ))
            if self._assignable[login]:
                ok.add(login)
        return ok

    def _content(self, desired: DesiredIssue, keep_labels: list[str]) -> IssueContent:
        content = render_issue(
            desired, self.config, assignable=self._assignable_logins(desired),
            keep_labels=keep_labels,
        )
        self._ensure_labels(content.labels)
        self._source = content.owner_source
        return content

    def _find_existing(self, desired: DesiredIssue) -> TrackedIssue | None:
        matches = [
            issue for issue in self.store.list_issues(self.config.labels.tracking)
            if issue.marker is not None and issue.marker.key == desired.key
        ]
        return min(matches, key=lambda i: i.number) if matches else None

    # -- operations ----------------------------------------------------------------------
    def _create(self, op: Create) -> int:
        content = self._content(op.desired, [])
        try:
            return self._post(content).number
        except ActionTrackerError as exc:
            if _is_fatal(exc):
                raise
            if not _outcome_unknown(exc):
                if content.assignees and _about_assignees(exc):
                    return self._create_without_assignees(op.desired, exc)
                raise
            self.log.info(
                "create of %s/%s: response lost (%s); looking for the issue before retrying",
                op.postmortem, op.action, mask(str(exc)),
            )
        found = self._find_existing(op.desired)
        if found is not None:
            return found.number
        return self._post(content).number

    def _create_without_assignees(self, desired: DesiredIssue, exc: Exception) -> int:
        """GitHub refused an assignee after all (422): name the owners in the body instead."""
        for login in desired.owner_logins:
            self._assignable[login] = False
        self.warnings.append(Located(
            path=desired.path, line=desired.line,
            message=f"GitHub refused the assignees ({mask(str(exc))}); owners named in the "
            "issue body instead",
        ))
        content = render_issue(desired, self.config, assignable=set())
        self._source = content.owner_source
        return self._post(content).number

    def _post(self, content: IssueContent) -> TrackedIssue:
        return self.store.create_issue(
            content.title, content.body, labels=content.labels, assignees=content.assignees
        )

    def _update(self, op: Update | Close) -> int:
        content = self._content(op.desired, op.keep_labels)
        closing = isinstance(op, Close)
        reopen = isinstance(op, Update) and op.reopen
        if isinstance(op, Close):
            self._done_comment(op)
        self.store.update_issue(
            op.issue,
            title=content.title,
            body=content.body,
            labels=content.labels,
            assignees=content.assignees if op.set_assignees else None,
            state="closed" if closing else "open" if reopen else None,
            state_reason=op.state_reason if isinstance(op, Close)
            else "reopened" if reopen else None,
        )
        return op.issue

    def _done_comment(self, op: Close) -> None:
        """Comment first, close second: the close PATCH also writes the new marker, so a
        failed comment leaves the issue open with its old marker and the next run does both
        again. (Closing first lost the comment for good: the next run saw the new hash.)

        The comment carries a hidden ``done`` marker, so that a comment an earlier run
        posted before its close failed (or whose answer was lost) is found, not repeated.
        """
        marker = render_marker("done", {"pm": op.postmortem, "action": op.action,
                                        "hash": op.desired.content_hash})
        if op.check_comments and self._commented(op.issue, marker):
            return
        comment = done_comment(op, self.config)
        try:
            self.store.add_comment(op.issue, f"{comment.rstrip()}\n\n{marker}\n")
        except ActionTrackerError as exc:
            if _is_fatal(exc) or not _outcome_unknown(exc) or not self._commented(
                op.issue, marker
            ):
                raise

    def _commented(self, number: int, marker: str) -> bool:
        return any(marker in body for body in self.store.comment_bodies(number))

    def _mark_removed(self, op: MarkRemoved) -> int:
        # Label (and close) first, comment second: a failure between the two costs a
        # missing comment, never a repeated one ("comment once").
        self._ensure_labels([self.config.labels.removed])
        self.store.update_issue(
            op.issue,
            labels=op.labels,
            body=op.body,
            state="closed" if op.close else None,
            state_reason="not_planned" if op.close else None,
        )
        if op.comment:
            self.store.add_comment(op.issue, removed_comment(op, self.config))
        return op.issue

    def _track_linked(self, op: TrackLinked) -> int:
        """Comment first (once: planning read the issue's comments and found no marker),
        label second: the label is what a re-run sees, so a failed comment is
        retried and a failed label never repeats the comment."""
        if op.comment:  # planned only when the issue's comments carry no such marker
            self.store.add_comment(op.issue, linked_comment(op, self.config))
        if op.add_label:
            self._ensure_labels([self.config.labels.tracking])
            self.store.update_issue(op.issue, labels=op.labels)
        return op.issue

    def _close_superseded(self, op: CloseSuperseded) -> int:
        self.store.add_comment(op.issue, superseded_comment(op, self.config))
        self.store.update_issue(op.issue, state="closed", state_reason="not_planned")
        return op.issue

    def _close_duplicate(self, op: CloseDuplicate) -> int:
        self.store.update_issue(
            op.issue, state="closed", state_reason="not_planned", labels=op.labels
        )
        self.store.add_comment(op.issue, duplicate_comment(op, self.config))
        return op.issue

    def apply(self, op: Operation) -> ItemResult:
        path, line = item_location(op)
        result = ItemResult(
            op=op.op, postmortem=op.postmortem, action=op.action,
            issue=issue_of(op), title=op.title, reason=op.reason,
            outcome="done", path=path, line=line, owner_source=planned_source(op),
        )
        self._source = None
        try:
            if isinstance(op, Create):
                result.issue = self._create(op)
            elif isinstance(op, Update | Close):
                self._update(op)
            elif isinstance(op, MarkRemoved):
                self._mark_removed(op)
            elif isinstance(op, CloseDuplicate):
                self._close_duplicate(op)
            elif isinstance(op, TrackLinked):
                self._track_linked(op)
            elif isinstance(op, CloseSuperseded):
                self._close_superseded(op)
            elif isinstance(op, Noop):
                pass
        except ActionTrackerError as exc:
            if _is_fatal(exc):
                raise
            result.outcome = "failed"
            result.error = mask(str(exc))
        if self._source is not None:
            result.owner_source = self._source
        return result


class SyncInterrupted(ActionTrackerError):
    """A fatal error stopped the run part-way: what was done before it is still reported.

    The CLI prints the partial results (and writes the Actions outputs) before exiting with
    the original error's code, so a user sees which issues exist and which were not tried.
    """

    def __init__(
        self, cause: ActionTrackerError, items: list[ItemResult], warnings: list[Located]
    ):
        super().__init__(str(cause), exit_code=cause.exit_code)
        self.cause = cause
        self.items = items
        self.warnings = warnings


ItemObserver = Callable[[ItemResult], None]
"""Told about each operation the moment it is applied (in plan order, noops included)."""


def apply_plan(
    plan: Plan, store: IssueStore, config: Config, *, observer: ItemObserver | None = None
) -> tuple[list[ItemResult], list[Located]]:
    """Apply every operation in order; returns the item results and the run's warnings.

    ``observer`` hears of each item as soon as its writes are done, so the CLI can print a
    300-write run as it goes (a job killed by its timeout still leaves a record of what was
    done); the core itself prints nothing. Items a fatal error leaves unattempted are not
    observed: they are in the :class:`SyncInterrupted` raised, with the items done so far
    and the rest marked failed ("not attempted").
    """
    applier = Applier(store, config)
    items: list[ItemResult] = []
    for index, op in enumerate(plan.operations):
        try:
            item = applier.apply(op)
        except ActionTrackerError as exc:
            for later in plan.operations[index:]:
                path, line = item_location(later)
                unchanged = isinstance(later, Noop)
                items.append(ItemResult(
                    op=later.op, postmortem=later.postmortem, action=later.action,
                    issue=issue_of(later), title=later.title, reason=later.reason,
                    outcome="done" if unchanged else "failed",
                    error=None if unchanged else mask(str(exc)) if later is op
                    else "not attempted: the run stopped on a fatal error (see the error line)",
                    path=path, line=line,
                ))
            raise SyncInterrupted(exc, items, applier.warnings) from None
        items.append(item)
        if observer is not None:
            observer(item)
    return items, applier.warnings
