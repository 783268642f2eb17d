"""Small postmortems in the plain shape the parser reads (front matter, action table, lessons)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def write_postmortem(
    root: Path,
    name: str,
    *,
    title: str,
    date: str,
    actions: Sequence[tuple[str, str, str, str]] = (),
    went_wrong: Sequence[str] = (),
    went_well: Sequence[str] = (),
) -> Path:
    """``actions``: (description, owner, due, priority) rows."""
    lines = ["---", f"title: {title}", f"date: {date}", "severity: SEV2", "status: final", "---",
             "", f"# {title}", "", "## Summary", "", "Something broke, we fixed it.", ""]
    if actions:
        lines += ["## Action items", "", "| Action | Owner | Due | Priority |",
                  "| --- | --- | --- | --- |"]
        lines += [f"| {d} | {o} | {due} | {p} |" for d, o, due, p in actions]
        lines.append("")
    if went_wrong or went_well:
        lines += ["## Lessons learned", ""]
        if went_well:
            lines += ["### What went well", "", *[f"- {item}" for item in went_well], ""]
        if went_wrong:
            lines += ["### What went wrong", "", *[f"- {item}" for item in went_wrong], ""]
    path = root / "postmortems" / f"{name}.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
