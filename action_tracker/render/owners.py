"""What ``owners`` prints: the unresolved owners as YAML comments and a ready-to-paste
``owners:`` block (text), or the same as JSON."""

from __future__ import annotations

import json

from action_tracker.render.safe_text import one_line
from action_tracker.tracking import owners as owner_rule
from action_tracker.tracking.owners import Assignable, Unresolved


def render_json(unresolved: list[Unresolved], resolved: int, users: list[Assignable] | None,
                repo: str | None) -> str:
    """The whole answer as one JSON object (secrets are the caller's to mask)."""
    suggested = sum(item.count for item in unresolved if item.suggestion)
    total = resolved + sum(item.count for item in unresolved)
    return json.dumps({
        "repo": repo,
        "assignable_users": None if users is None else len(users),
        "owners": total,
        "resolved": resolved,
        "resolved_with_suggestions": resolved + suggested,
        "unresolved": [_as_json(item) for item in unresolved],
        "owners_block": owner_rule.owners_block(unresolved) if users is not None else None,
    }, ensure_ascii=False, indent=2)


def _as_json(item: Unresolved) -> dict[str, object]:
    return {
        "name": item.name,
        "count": item.count,
        "open": item.open,
        "places": [{"path": path, "line": line} for path, line in item.places],
        "suggestion": item.suggestion,
        "matches": item.matches,
    }


def text_lines(unresolved: list[Unresolved], *, with_block: bool) -> list[str]:
    """The list as YAML comments, then the block: the whole output pastes as YAML."""
    if not unresolved:
        return ["# every owner resolves to an assignable login"]
    lines = ["# owners that resolve to no assignable login (times named, on open actions: where)"]
    for item in unresolved:
        where = ", ".join(f"{path}:{line}" for path, line in item.places[:10])
        more = f", … {item.count - 10} more" if item.count > 10 else ""
        lines.append(f"#   {one_line(item.name)} ({item.count}×, {item.open} open): "
                     f"{one_line(where)}{more}")
    if with_block:
        lines.append("")
        lines.extend(owner_rule.owners_block(unresolved).splitlines())
    return lines
