"""The reminder comment on an overdue action's own issue (and its printed form).

Mentions: only the issue's assignees as GitHub reported them and the configured
``reminders.escalate_to`` (the config is the repository's own, trusted) are written as
``@name``; every piece of document text goes through ``render.markdown.inline``, which
turns any ``@name`` in it into a code span (no notification) and defuses HTML and markers.
"""

from __future__ import annotations

import json

from action_tracker.digest.period import Period
from action_tracker.render.ages import overdue_text
from action_tracker.render.markdown import inline
from action_tracker.render.safe_text import json_text, one_line
from action_tracker.tracking.remind import Reminder, markers_for

TITLE_ROOM = 200  # a postmortem title is the document's: never let it fill a comment


def _short(text: str) -> str:
    return text if len(text) <= TITLE_ROOM else text[:TITLE_ROOM - 1] + "…"


def _mentions(names: list[str]) -> str:
    return ", ".join(f"@{name}" for name in names)


def reminder_comment(
    item: Reminder, *, period: Period, digest_url: str | None,
    escalate_after_days: int | None,
) -> str:
    """The comment for ``item`` (its kind says: reminder, escalation, or both in one)."""
    late = overdue_text(item.days_overdue)
    due = f" (due {item.due.isoformat()})" if item.due else ""
    lines: list[str] = []
    if item.kind in ("reminder", "both"):
        lines.append(f"{_mentions(item.assignees)}: this action is **{late} overdue**{due}.")
    else:
        lines.append(f"This action is **{late} overdue**{due}.")
    if not item.assignees:
        who = (f" The postmortem names {inline(_short(item.owner))} as its owner:"
               if item.owner else "")
        lines.append(f"Nobody is assigned to this issue.{who} assign whoever will do it, so "
                     "that the reminders reach them.")
    if item.kind in ("escalation", "both"):
        after = (f" more than {escalate_after_days} days" if escalate_after_days else "")
        lines.append(f"**Escalation** to {_mentions(item.escalate_to)}: overdue{after}; please "
                     "help unblock it, re-plan it, or close it as not planned.")
    text = "\n\n".join(lines)
    source = []
    if item.postmortem_url:
        title = inline(_short(item.postmortem_title or item.postmortem or "the postmortem"))
        source.append(f"Postmortem: [{title}]({item.postmortem_url})")
    elif item.postmortem_title or item.postmortem:
        name = item.postmortem_title or item.postmortem or ""
        source.append(f"Postmortem: {inline(_short(name))}")
    if digest_url:
        source.append(f"[digest of {period.noun} {period.label}]({digest_url})")
    if source:
        text += "\n\n" + " · ".join(source)
    text += ("\n\nDone or no longer planned? Close this issue (as not planned if dropped). "
             "To pause these reminders, comment `/snooze 2w` (or `3d`, `1m`, a date such as "
             "`/snooze 2026-12-31`; `/snooze off` resumes them).")
    return text + "\n\n" + "\n".join(markers_for(item, period)) + "\n"


def reminder_line(item: Reminder) -> str:
    """One printed line (safe for a workflow log) for ``remind``'s text output."""
    where = f"#{item.issue}" if item.issue else f"{item.postmortem}/{item.action}"
    who = _mentions(item.assignees) or f"nobody assigned (assign {item.owner or 'someone'})"
    status = item.status.replace("_", " ")
    if item.snoozed_until and item.status == "skipped_snoozed":
        status += f" until {item.snoozed_until.isoformat()}"
    kind = {"reminder": "reminder", "escalation": "escalation",
            "both": "reminder + escalation"}[item.kind]
    esc = f" → {_mentions(item.escalate_to)}" if item.kind != "reminder" else ""
    return one_line(f"{where}: {status}: {kind} to {who}{esc}, {overdue_text(item.days_overdue)} "
                    f"overdue: {item.description}")


def reminder_summary(items: list[Reminder], period: Period, *, dry_run: bool) -> str:
    """The job summary: one bullet per overdue action, what was (or would be) done."""
    head = f"### Reminders, {period.describe()}{' (dry run)' if dry_run else ''}\n\n"
    if not items:
        return head + "No action is due for a reminder.\n"
    lines = []
    for item in items:
        where = f"#{item.issue}" if item.issue else inline(f"{item.postmortem}/{item.action}")
        who = ", ".join(f"`@{name}`" for name in item.assignees) or "nobody assigned"
        lines.append(f"- {where} {item.status.replace('_', ' ')} ({item.kind}): {who}, "
                     f"{overdue_text(item.days_overdue)} overdue: "
                     f"{inline(_short(item.description))}")
    return head + "\n".join(lines) + "\n"


def render_text(items: list[Reminder], period: Period, *, knows_sent: bool) -> str:
    """``remind``'s text output: one line per overdue action (or a line saying none is due)."""
    lines = [reminder_line(item) for item in items] or ["No action is due for a reminder."]
    if not knows_sent:
        lines.append(f"(without a token: reminders already sent this {period.noun} and "
                     "snoozes are not known)")
    return "\n".join(lines) + "\n"


def render_json(items: list[Reminder]) -> str:
    """``remind --format json``: one object per overdue action (keys in the README)."""
    rows = [item.model_dump(mode="json", exclude={"escalated_before", "url"})
            | {"url": item.url} for item in items]
    return json_text(json.dumps(rows, indent=2, ensure_ascii=False)) + "\n"
