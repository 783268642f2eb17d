"""``status``: one row per tracked action, as a terminal table or JSON. Pure.

The table answers "what is late and whose is it" at a glance, so overdue rows come first
(worst first), then open rows by due date, then closed ones; it fits the terminal by
shortening the free-text columns (action, postmortem), never the numbers, and is not cut at
all when there is no terminal (piped into ``grep``, a file: every word kept). Rows can be
narrowed to one owner, the overdue ones, or one postmortem.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Sequence

from pydantic import BaseModel

from action_tracker.digest.records import ActionRecord
from action_tracker.render.ages import age
from action_tracker.render.safe_text import json_text, one_line

TABLE_WIDTH = 120
_COLUMNS = ("postmortem", "action", "issue", "owner", "due", "state", "overdue_days")
_HEADERS = {
    "postmortem": "POSTMORTEM", "action": "ACTION", "issue": "ISSUE", "owner": "OWNER",
    "due": "DUE", "state": "STATE", "overdue_days": "OVERDUE",
}
_SHRINKABLE = ("action", "postmortem", "owner")
_MIN_WIDTH = {"action": 12, "postmortem": 10, "owner": 8}


class StatusRow(BaseModel):
    """The JSON object of one tracked action (keys are the public ``status`` contract)."""

    postmortem: str | None
    action: str
    issue: int | None
    owner: str
    due: dt.date | None
    state: str
    overdue_days: int | None
    # The postmortem at the action's line (``…?plain=1#L114``); None without a repository
    # or when the action is no longer in the documents. JSON only (not a table column).
    postmortem_url: str | None = None


def _owned_by(record: ActionRecord, owner: str) -> bool:
    """``alice``, ``@alice`` (any case) match the login; a plain name matches the name."""
    wanted = owner.strip().lstrip("@").casefold()
    if any(login.casefold() == wanted for login in record.owner.logins):
        return True
    return " ".join((record.owner.name or "").split()).casefold() == " ".join(
        owner.split()
    ).casefold()


def status_rows(
    records: Sequence[ActionRecord],
    today: dt.date,
    *,
    owner: str | None = None,
    overdue: bool = False,
    postmortem: Collection[str] = (),
) -> list[StatusRow]:
    """Rows sorted overdue first (most overdue on top), then open by due date, then closed.

    Filters (all given must hold): ``owner`` a login (with or without ``@``) or a name as
    written; ``overdue`` only open actions past their due date; ``postmortem`` the spellings
    of one postmortem, matched against the id and the path in the checkout."""
    rows = []
    for record in records:
        if owner is not None and not _owned_by(record, owner):
            continue
        if postmortem and not (
            record.postmortem_id in postmortem or record.path in postmortem
        ):
            continue
        if overdue and not record.overdue_days(today):
            continue
        state: str = record.state
        if state == "closed" and record.state_reason == "not_planned":
            state = "closed (not planned)"
        rows.append(
            StatusRow(
                postmortem=record.postmortem_id,
                action=record.description,
                issue=record.issue,
                owner=record.owner.display,
                due=record.due,
                state=state,
                overdue_days=record.overdue_days(today),
                postmortem_url=record.action_url,
            )
        )

    def order(row: StatusRow) -> tuple[int, int, dt.date, int]:
        far = dt.date.max
        if row.overdue_days:
            return (0, -row.overdue_days, row.due or far, row.issue or 0)
        if row.state == "open":
            return (1, 0, row.due or far, row.issue or 0)
        return (2, 0, row.due or far, row.issue or 0)

    return sorted(rows, key=order)


def render_json(rows: Sequence[StatusRow]) -> str:
    data = [r.model_dump(mode="json") for r in rows]
    return json_text(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def _cell(row: StatusRow, column: str) -> str:
    value = getattr(row, column)
    if value is None:
        return "-"
    if column == "issue":
        return f"#{value}"
    if column == "overdue_days":
        return age(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return one_line(" ".join(str(value).split()))


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def render_table(
    rows: Sequence[StatusRow], width: int | None = TABLE_WIDTH,
    empty: str = "No tracked actions.",
) -> str:
    """A plain-text table no wider than ``width`` (long text cut with an ellipsis); with
    ``width=None`` nothing is cut. ``empty`` is what an empty table says."""
    if not rows:
        return empty + "\n"
    cells = [[_cell(row, c) for c in _COLUMNS] for row in rows]
    widths = {
        c: max(len(_HEADERS[c]), *(len(r[i]) for r in cells)) for i, c in enumerate(_COLUMNS)
    }
    gaps = 2 * (len(_COLUMNS) - 1)
    while width is not None and sum(widths.values()) + gaps > width:
        widest = max(_SHRINKABLE, key=lambda c: widths[c] - _MIN_WIDTH[c])
        if widths[widest] <= _MIN_WIDTH[widest]:
            break
        widths[widest] -= 1
    lines = []
    for values in [[_HEADERS[c] for c in _COLUMNS], *cells]:
        parts = []
        for column, value in zip(_COLUMNS, values, strict=True):
            text = _shorten(value, widths[column])
            parts.append(text.rjust(widths[column]) if column == "overdue_days"
                         else text.ljust(widths[column]))
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines) + "\n"
