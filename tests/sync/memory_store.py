"""An in-memory :class:`IssueStore` for fast tests of the applier (the fake server covers HTTP)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

from action_tracker.github.store import TrackedIssue

T0 = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)


class MemoryStore:
    """Issues in a dict; ``on_create`` may raise after (or instead of) applying a create."""

    def __init__(self, assignable: set[str] | None = None) -> None:
        self.issues: dict[int, TrackedIssue] = {}
        self.comments: dict[int, list[str]] = {}
        self.labels: set[str] = set()
        self.assignable = assignable if assignable is not None else {"alice", "bob"}
        self.calls: list[str] = []
        self.on_create: Callable[[TrackedIssue], None] | None = None
        self.on_update: Callable[[int], None] | None = None

    def list_issues(self, label: str) -> list[TrackedIssue]:
        self.calls.append("list")
        return [i for i in self.issues.values() if label in i.labels]

    def create_issue(
        self, title: str, body: str, *, labels: list[str], assignees: list[str]
    ) -> TrackedIssue:
        self.calls.append("create")
        issue = TrackedIssue(
            number=len(self.issues) + 1, title=title, body=body, labels=list(labels),
            assignees=list(assignees), created_at=T0, updated_at=T0,
        )
        self.issues[issue.number] = issue
        if self.on_create is not None:
            self.on_create(issue)
        return issue

    def update_issue(
        self, number: int, *, title: str | None = None, body: str | None = None,
        state: Literal["open", "closed"] | None = None, state_reason: str | None = None,
        labels: list[str] | None = None, assignees: list[str] | None = None,
    ) -> TrackedIssue:
        self.calls.append("update")
        if self.on_update is not None:
            self.on_update(number)
        changes = {
            key: value for key, value in {
                "title": title, "body": body, "state": state, "labels": labels,
                "assignees": assignees,
            }.items() if value is not None
        }
        if state is not None:
            changes["state_reason"] = state_reason
        issue = self.issues[number].model_copy(update=changes)
        self.issues[number] = issue
        return issue

    def add_comment(self, number: int, body: str) -> None:
        self.calls.append("comment")
        self.comments.setdefault(number, []).append(body)

    def comment_bodies(self, number: int) -> list[str]:
        self.calls.append("comments")
        return list(self.comments.get(number, []))

    def ensure_label(self, name: str, *, color: str, description: str) -> None:
        self.calls.append(f"label:{name}")
        self.labels.add(name)

    def is_assignable(self, login: str) -> bool:
        self.calls.append(f"assignable:{login}")
        return login in self.assignable
