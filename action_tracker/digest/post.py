"""Posting the digest issue: one per period, found again by its own marker, never two.

The digest issue carries ``<!-- action-tracker:digest v=1 period=2026-W48 -->`` and the
digest label. A rerun in the same period edits that issue (and writes nothing when the body
is unchanged); the previous periods' digests still open are closed so only the current one
asks for attention. Only issues with the digest label *and* a digest marker are touched.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from action_tracker.digest.period import Period, parse_period
from action_tracker.github.store import IssueStore, TrackedIssue
from action_tracker.markers import find_marker
from action_tracker.runtime.config import Config
from action_tracker.runtime.log import get_logger, mask

LABEL_DESCRIPTION = "Periodic digest of postmortem follow-ups (action-tracker)"


class PostResult(BaseModel):
    """What happened on GitHub, for stdout and ``GITHUB_OUTPUT``."""

    number: int
    url: str
    created: bool = False
    updated: bool = False
    closed_previous: list[int] = Field(default_factory=list)


def _classify(
    issues: list[TrackedIssue], period: Period
) -> tuple[list[TrackedIssue], list[TrackedIssue]]:
    """(digests of this period, open digests of earlier periods)."""
    current: list[TrackedIssue] = []
    earlier: list[TrackedIssue] = []
    for issue in issues:
        marker = find_marker(issue.body, "digest")
        if marker is None:
            continue
        label = marker.get("period")
        if label == period.label:
            current.append(issue)
            continue
        other = parse_period(label)
        if issue.state == "open" and other is not None and other.start < period.start:
            earlier.append(issue)
    return sorted(current, key=lambda i: i.number), sorted(earlier, key=lambda i: i.number)


def post_digest(
    store: IssueStore, *, title: str, body: str, period: Period, config: Config
) -> PostResult:
    """Create or update this period's digest issue; close earlier ones if configured."""
    log = get_logger()
    label = config.labels.digest
    current, earlier = _classify(store.list_issues(label), period)
    if current:
        issue = current[0]
        if len(current) > 1:
            others = ", ".join(f"#{i.number}" for i in current[1:])
            log.warning("several digest issues for %s (%s); updating #%s",
                        period.label, others, issue.number)
        # GitHub holds the masked text (the adapter masks secrets in every write), so a body
        # quoting a secret compares equal to what was posted and is not rewritten every run.
        changed = issue.body != mask(body) or issue.title != mask(title)
        if changed:
            issue = store.update_issue(issue.number, title=title, body=body)
        result = PostResult(number=issue.number, url=issue.html_url, updated=changed)
    else:
        store.ensure_label(label, color=config.labels.color, description=LABEL_DESCRIPTION)
        issue = store.create_issue(title, body, labels=[label], assignees=[])
        result = PostResult(number=issue.number, url=issue.html_url, created=True)
    if config.digest.close_previous:
        for old in earlier:
            if old.number == result.number:
                continue
            store.update_issue(old.number, state="closed", state_reason="completed")
            result.closed_previous.append(old.number)
    return result
