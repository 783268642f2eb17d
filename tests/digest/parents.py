"""Parent issues as ``sync`` keeps them (one per postmortem), for the digest tests.

The shape is the contract with ``sync``'s parents: label ``labels.parent`` (default
``postmortem``), the hidden ``parent`` marker naming the postmortem, authored by the
tool's own account (an issue by anyone else is never taken for the tool's).
"""

from __future__ import annotations

import datetime as dt

from action_tracker.github.store import TrackedIssue
from action_tracker.markers import render_marker
from action_tracker.testing.fake_github import FakeGitHub
from action_tracker.testing.issues import UTC

PARENT_LABEL = "postmortem"


def parent_body(pm: str, text: str = "Follow-ups of this postmortem.") -> str:
    """A parent issue's body: some text, then its marker."""
    marker = render_marker("parent", {"pm": pm, "hash": "0123456789ab"})
    return f"{text}\n\n{marker}\n"


def seed_parent(
    fake: FakeGitHub, repo: str, pm: str, title: str, *, user: str | None = None,
    label: str = PARENT_LABEL, state: str = "open",
) -> int:
    """A parent issue an earlier sync opened (``user``: someone else opened it instead)."""
    return fake.seed_issue(repo, f"Follow-ups: {title}", parent_body(pm), labels=[label],
                           state=state, user=user or fake.login)


def parent(number: int, pm: str, *, repo: str = "acme/widgets") -> TrackedIssue:
    """A parent issue as the store lists it, for the pure tests."""
    created = dt.datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
    return TrackedIssue(
        number=number, title=f"Follow-ups: {pm}", body=parent_body(pm),
        html_url=f"https://github.com/{repo}/issues/{number}", labels=[PARENT_LABEL],
        created_at=created, updated_at=created,
    )
