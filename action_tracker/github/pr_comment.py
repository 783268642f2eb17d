"""The pull-request side of preview: which pull request a run is about, and the one sticky
comment that says what merging it will do.

Anyone who can comment can paste the preview marker into a comment: only a marked comment
written by one of the tool's own accounts (the token's, or ``github.trusted_authors``; the
rule of :func:`~action_tracker.github.store.is_trusted`) is taken as the preview, and edited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from action_tracker.errors import ActionTrackerError, AuthError
from action_tracker.github.store import TrackedIssue, is_trusted
from action_tracker.render import preview
from action_tracker.runtime.environment import PullRequestInfo, pull_request_from_event
from action_tracker.runtime.log import mask

__all__ = [
    "CommentStore", "PullRequestInfo", "forbidden", "pull_request_from_event", "upsert_comment",
]

if TYPE_CHECKING:  # PyGithub is imported only when GitHub is actually used
    from action_tracker.github.adapter import IssueComment


class CommentStore(Protocol):
    """What preview needs from GitHub: the tracked issues, and the pull request's comments."""

    def list_issues(self, label: str) -> list[TrackedIssue]: ...

    def list_comments(self, number: int) -> list[IssueComment]: ...

    def create_comment(self, number: int, body: str) -> int: ...

    def edit_comment(self, comment_id: int, body: str) -> None: ...

    def trusted_authors(self) -> frozenset[str]: ...

    def is_assignable(self, login: str) -> bool: ...

    def trust_warnings(self) -> list[str]: ...


def _ours(store: CommentStore, comments: list[IssueComment], pr: int) -> list[IssueComment]:
    """Our earlier preview comments: marked, and written by a trusted account. The account is
    looked up only when there is a marked comment at all."""
    marked = [c for c in comments if preview.is_preview_comment(c.body, pr)]
    if not marked:
        return []
    trusted = store.trusted_authors()
    return [c for c in marked if is_trusted(c.author, trusted)]


def forbidden(exc: ActionTrackerError) -> bool:
    """A 403 that is about permissions (a read-only token), not a rate limit."""
    return isinstance(exc, AuthError) and exc.status == 403


def upsert_comment(store: CommentStore, pr: int, body: str) -> tuple[int, str]:
    """Edit our preview comment on ``pr``, or create it: ``(comment id, what was done)``.

    An unchanged preview makes no write at all; a marked comment someone else wrote is
    never adopted (nor edited), and one we may no longer edit is passed over for a new one.
    """
    for comment in _ours(store, store.list_comments(pr), pr):
        if comment.body == mask(body):  # GitHub holds it with secrets masked
            return comment.id, "left unchanged"
        try:
            store.edit_comment(comment.id, body)
        except AuthError as exc:
            if not forbidden(exc):
                raise
            continue
        return comment.id, "updated"
    return store.create_comment(pr, body), "posted"
