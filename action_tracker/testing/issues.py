"""Tracked issues as sync writes them (marker and all), for the tests and the benchmarks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from action_tracker.github.store import TrackedIssue
from action_tracker.markers import render_marker

UTC = dt.UTC


def action_body(
    pm: str = "2026-11-02-db",
    action: str = "add-alert",
    *,
    due: str | None = "2026-11-20",
    owner: str | None = "@alice",
    priority: str | None = "P1",
    path: str | None = None,
    text: str = "Tracked by action-tracker.",
) -> str:
    """A body like sync writes: some text, then the action marker at the end."""
    marker = render_marker(
        "action",
        {
            "pm": pm, "action": action, "hash": "0123456789ab", "due": due, "owner": owner,
            "priority": priority, "path": path or f"postmortems/{pm}.md",
        },
    )
    return f"{text}\n\n{marker}\n"


def tracked(
    number: int,
    *,
    title: str | None = None,
    state: str = "open",
    assignees: tuple[str, ...] = (),
    created: dt.datetime | None = None,
    closed_at: dt.datetime | None = None,
    closed_by: str | None = None,
    state_reason: str | None = None,
    body: str | None = None,
    **marker: Any,
) -> TrackedIssue:
    """A TrackedIssue for the pure tests (the CLI tests seed the fake server instead)."""
    created = created or dt.datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
    return TrackedIssue(
        number=number,
        title=title or f"Action {number}",
        body=body if body is not None else action_body(action=f"a{number}", **marker),
        state=state,
        state_reason=state_reason or ("completed" if state == "closed" else None),
        html_url=f"https://github.com/acme/widgets/issues/{number}",
        labels=["postmortem-action"],
        assignees=list(assignees),
        created_at=created,
        updated_at=closed_at or created,
        closed_at=closed_at,
        closed_by=closed_by,
    )
