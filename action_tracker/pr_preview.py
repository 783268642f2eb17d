"""The pull-request preview: what merging will do to the tracked issues, as one comment.

Reviewers of a postmortem see, before merging, which issues sync will open, update and
close. The comment is *sticky*: it carries a hidden ``preview`` marker, so every push edits
the same comment instead of piling up new ones. Everything here is pure: a sync plan in,
counts and Markdown out; the CLI (``cli/preview_cmd.py``) does the reading and writing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict

from action_tracker.config import Config
from action_tracker.markers import Marker, find_marker, neutralize, render_marker
from action_tracker.planning import Operation
from action_tracker.rendering import render

PREVIEW_KIND = "preview"
TEMPLATE = "pr_preview.md.j2"
MAX_ROWS = 200  # keeps the comment far below GitHub's 65,536-character limit
COMMENT_LIMIT = 65_536

# How each operation reads in the table ("what merging will do to this issue").
_VERBS = {
    "create": "open",
    "update": "update",
    "close": "close (done)",
    "mark_removed": "mark removed",
    "close_duplicate": "close (duplicate)",
}


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


class PreviewRow(BaseModel):
    """One issue that merging changes."""

    model_config = ConfigDict(frozen=True)

    verb: str
    postmortem: str
    action: str
    title: str
    issue: int | None = None
    owner: str | None = None
    due: str | None = None
    reason: str


class Preview(BaseModel):
    """Everything the comment shows."""

    model_config = ConfigDict(frozen=True)

    pr: int | None = None
    head_sha: str | None = None
    counts: PreviewCounts
    rows: list[PreviewRow]
    problems: list[str] = []
    compared_with_issues: bool = True


def count_operations(operations: Iterable[Operation]) -> PreviewCounts:
    """Counts as sync would report them: a removal that also closes counts as a close."""
    create = update = close = remove = unchanged = 0
    for op in operations:
        if op.op == "create":
            create += 1
        elif op.op == "update":
            update += 1
        elif op.op in ("close", "close_duplicate"):
            close += 1
        elif op.op == "mark_removed":
            if op.close:
                close += 1
            else:
                remove += 1
        else:
            unchanged += 1
    return PreviewCounts(
        create=create, update=update, close=close, remove=remove, unchanged=unchanged
    )


def _row(op: Operation) -> PreviewRow | None:
    if op.op == "noop":
        return None
    owner = due = None
    issue: int | None = None
    if op.op in ("create", "update", "close"):
        desired = op.desired
        owner = desired.owner
        due = desired.due.isoformat() if desired.due else None
    if op.op != "create":
        issue = op.issue
    verb = _VERBS[op.op]
    if op.op == "mark_removed" and op.close:
        verb = "close (removed)"
    return PreviewRow(
        verb=verb, postmortem=op.postmortem, action=op.action, title=op.title, issue=issue,
        owner=owner, due=due, reason=op.reason,
    )


def build_preview(
    operations: Sequence[Operation],
    *,
    pr: int | None = None,
    head_sha: str | None = None,
    problems: Sequence[str] = (),
    compared_with_issues: bool = True,
) -> Preview:
    """The preview of a plan: counts plus one row per issue that changes, in plan order."""
    rows = [row for row in (_row(op) for op in operations) if row is not None]
    return Preview(
        pr=pr, head_sha=head_sha, counts=count_operations(operations), rows=rows,
        problems=list(problems), compared_with_issues=compared_with_issues,
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


def preview_marker(pr: int | None) -> str:
    """The hidden line that makes the comment findable again on the next push."""
    return render_marker(PREVIEW_KIND, {"pr": str(pr) if pr is not None else None})


def is_preview_comment(body: str | None, pr: int | None = None) -> bool:
    """Whether a comment is our preview (for ``pr`` when given)."""
    marker: Marker | None = find_marker(body, PREVIEW_KIND)
    if marker is None:
        return False
    return pr is None or marker.get("pr") in (None, str(pr))


def render_preview(preview: Preview, config: Config) -> str:
    """The comment body: the template's Markdown, then our marker, under GitHub's limit.

    A user's template override cannot smuggle in a second marker (document text is
    untrusted and may reach the template): every marker-looking comment is defused first.
    """
    shown = preview.rows[:MAX_ROWS]
    context = {
        "preview": preview,
        "headline": headline(preview.counts),
        "counts": preview.counts,
        "rows": shown,
        "hidden_rows": len(preview.rows) - len(shown),
        "problems": preview.problems,
        "short_sha": preview.head_sha[:7] if preview.head_sha else None,
    }
    text = neutralize(render(TEMPLATE, context, user_dir=config.templates_dir)).rstrip()
    marker = preview_marker(preview.pr)
    room = COMMENT_LIMIT - len(marker) - 64
    if len(text) > room:
        text = text[:room].rstrip() + "\n\n…(cut to fit GitHub's size limit)"
    return f"{text}\n\n{marker}\n"
