"""What ``parse --format text`` prints: a readable summary of one parsed postmortem."""

from __future__ import annotations

from action_tracker.models import Postmortem
from action_tracker.render.safe_text import one_line


def render_postmortem_text(pm: Postmortem) -> str:
    """A readable summary: what a person wants to check after writing the document.

    Every piece of document text (and the path) is :func:`one_line`: a title or id with a
    newline cannot start a line the runner would read as a workflow command."""
    lines = [f"{one_line(pm.path)}: {one_line(pm.title) or '(no title)'}"]
    facts = [f"date {pm.date.isoformat() if pm.date else 'unknown'}"]
    if pm.severity:
        facts.append(f"severity {one_line(pm.severity)}")
    if pm.status:
        facts.append(f"status {one_line(pm.status)}")
    if pm.authors:
        facts.append("by " + ", ".join(one_line(a) for a in pm.authors))
    lines.append("  " + ", ".join(facts))
    lines.append(f"  actions ({len(pm.actions)}):")
    for a in pm.actions:
        due = a.due.isoformat() if a.due else (a.due_text or "no due date")
        extra = [a.owner or "no owner", due, a.status]
        if a.priority:
            extra.append(a.priority)
        if a.ticket:
            extra.append(a.ticket)
        lines.append(f"    - [{one_line(a.id)}] {one_line(a.description)}")
        lines.append(f"      line {a.line}: " + " · ".join(one_line(x) for x in extra))
    for name, label in (("went_well", "went well"), ("went_wrong", "went wrong"),
                        ("got_lucky", "got lucky"), ("other", "other lessons")):
        items = getattr(pm.lessons, name)
        if items:
            lines.append(f"  {label} ({len(items)}):")
            lines.extend(f"    - {one_line(item)}" for item in items)
    for p in pm.problems:
        where = f"line {p.line}: " if p.line else ""
        lines.append(f"  {p.severity}: {where}{one_line(p.message)}")
    return "\n".join(lines)
