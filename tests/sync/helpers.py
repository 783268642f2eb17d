"""Builders for sync tests: postmortems as models, and issues as a previous sync left them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from action_tracker.github.store import TrackedIssue
from action_tracker.markers import find_marker
from action_tracker.models import ActionItem, Lessons, Postmortem, Problem
from action_tracker.render.issue import render_issue
from action_tracker.render.links import DocLink
from action_tracker.runtime.config import Config
from action_tracker.testing.fake_github import FakeGitHub
from action_tracker.tracking.desired import DesiredIssue, build_desired

T0 = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
LINK = DocLink(server_url="https://github.com", repo="acme/widgets", ref="abc123")


def action(aid: str, description: str, **fields: Any) -> ActionItem:
    fields.setdefault("line", 10)
    return ActionItem(id=aid, description=description, **fields)


def postmortem(
    pm_id: str, *actions: ActionItem, date: dt.date | None = dt.date(2026, 1, 12),
    errors: bool = False, went_wrong: list[str] | None = None,
) -> Postmortem:
    problems = [Problem(line=3, severity="error", message="broken front matter")] if errors else []
    return Postmortem(
        path=f"postmortems/{pm_id}.md", id=pm_id, title=f"Incident {pm_id}", date=date,
        actions=list(actions), problems=problems, lessons=Lessons(went_wrong=went_wrong or []),
    )


def desired_of(*pms: Postmortem, config: Config | None = None) -> list[DesiredIssue]:
    return build_desired(pms, config or Config(), LINK)


def issue_for(
    item: DesiredIssue, number: int, *, config: Config | None = None, state: str = "open",
    state_reason: str | None = None, extra_labels: tuple[str, ...] = (),
    assignees: list[str] | None = None,
) -> TrackedIssue:
    """The issue a previous sync wrote for ``item``."""
    content = render_issue(item, config or Config())
    return TrackedIssue(
        number=number, title=content.title, body=content.body, state=state,  # type: ignore[arg-type]
        state_reason=state_reason, labels=[*content.labels, *extra_labels],
        assignees=content.assignees if assignees is None else assignees,
        created_at=T0, updated_at=T0,
    )


def tracked(fake: FakeGitHub, repo: str = "acme/widgets") -> list[dict[str, Any]]:
    """The issues of ``repo`` on the fake GitHub that carry the tool's marker."""
    return [i for i in fake.issues(repo) if find_marker(i["body"]) is not None]


def labels_of(issue: dict[str, Any]) -> set[str]:
    return {label["name"] for label in issue["labels"]}
