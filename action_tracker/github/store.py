"""The seam between the pure core and GitHub: what sync, digest and status need from it.

:class:`IssueStore` is implemented by the PyGithub adapter (``github.adapter``) and, in
unit tests, by simple in-memory fakes. Planning and rendering only ever see
:class:`TrackedIssue` values, never PyGithub objects.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from action_tracker.markers import Marker, find_marker, find_markers


class TrackedIssue(BaseModel):
    """An issue as the tool sees it (pull requests are never TrackedIssues)."""

    model_config = ConfigDict(frozen=True)

    number: int
    title: str
    body: str = ""
    state: Literal["open", "closed"] = "open"
    state_reason: str | None = None
    html_url: str = ""
    labels: list[str] = Field(default_factory=list)
    assignees: list[str] = Field(default_factory=list)
    author: str | None = None
    comments: int = 0  # how many comments it has (the listing says; no request)
    created_at: dt.datetime
    updated_at: dt.datetime
    closed_at: dt.datetime | None = None
    closed_by: str | None = None
    # For parent issues (``tracking.parents``): GitHub's numeric id (what the sub-issues
    # API takes), how many sub-issues it has (``None``: GitHub does not say, an older
    # GHES without sub-issues) and the API URL of its own parent, if any.
    id: int | None = None
    sub_issues: int | None = None
    parent_url: str | None = None
    # Whether GitHub's payload says where its parent is at all (``parent_issue_url``, null
    # when none): payloads recorded in 2025 carry ``sub_issues_summary`` but not this key,
    # and then a missing URL says nothing (the parent's count decides, see parent_apply).
    parent_listed: bool = True

    @property
    def marker(self) -> Marker | None:
        """The action marker in the body, if the body still carries one."""
        return find_marker(self.body, "action")


def is_trusted(author: str | None, trusted: frozenset[str]) -> bool:
    """Whether ``author`` is one of the tool's own accounts (``trusted``, lower case).

    The one rule for issues and preview comments: anyone who can triage can write a marker
    into an issue or comment, but only the token's account (or one configured in
    ``github.trusted_authors``) can be its author.
    """
    return author is not None and author.lower() in trusted


def split_trusted(
    issues: list[TrackedIssue], trusted: frozenset[str]
) -> tuple[list[TrackedIssue], list[TrackedIssue]]:
    """``(ours, forged)``: issues by a trusted author, and the others that carry a marker of
    the tool (reported, never used). Issues without a marker are someone's own: in ``ours``,
    where planning passes over them as before."""
    ours: list[TrackedIssue] = []
    forged: list[TrackedIssue] = []
    for issue in issues:
        if is_trusted(issue.author, trusted) or not find_markers(issue.body):
            ours.append(issue)
        else:
            forged.append(issue)
    return ours, forged


def untrusted_warning(issue: TrackedIssue, trusted: frozenset[str]) -> str:
    """One line per ignored issue, saying what to do if it is in fact the tool's own."""
    marker = issue.marker
    what = f"the marker of action '{marker.postmortem_id}/{marker.action_id}'" if (
        marker and marker.key) else "an action-tracker marker"
    accounts = ", ".join(f"@{name}" for name in sorted(trusted)) or "none"
    return (
        f"issue #{issue.number} carries {what} but was opened by @{issue.author or 'ghost'}, "
        f"not by an account the tool trusts ({accounts}): ignored. If @{issue.author} is the "
        "account this workflow writes with, add it to github.trusted_authors"
    )


class IssueStore(Protocol):
    """The issue operations the tool performs, one HTTP request each where possible."""

    def list_issues(self, label: str) -> list[TrackedIssue]:
        """Every issue (open and closed) carrying ``label``, pull requests skipped."""
        ...

    def create_issue(
        self, title: str, body: str, *, labels: list[str], assignees: list[str]
    ) -> TrackedIssue: ...

    def update_issue(
        self,
        number: int,
        *,
        title: str | None = None,
        body: str | None = None,
        state: Literal["open", "closed"] | None = None,
        state_reason: str | None = None,
        labels: list[str] | None = None,
        assignees: list[str] | None = None,
    ) -> TrackedIssue: ...

    def add_comment(self, number: int, body: str) -> None: ...

    def comment_bodies(self, number: int) -> list[str]:
        """The bodies of issue ``number``'s comments, oldest first."""
        ...

    def ensure_label(self, name: str, *, color: str, description: str) -> None:
        """Create the label unless it exists (an existing one is left as the user made it)."""
        ...

    def is_assignable(self, login: str) -> bool: ...
