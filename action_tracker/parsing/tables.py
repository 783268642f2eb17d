"""Action tables: pipe tables with whatever column names the team chose.

Columns are recognised by the words in their header (``Action Item``, ``Who``, ``ETA``,
``Bug``); rows whose cells are all empty or template placeholders are not actions. Status
often hides in another column (``Bug #123 TODO``, ``n/a DONE``), so a status word at the end
of a ticket cell is read as the status.
"""

from __future__ import annotations

import re

from action_tracker.models import Problem
from action_tracker.parsing.dates import find_dates, find_timeframe
from action_tracker.parsing.document import Inline, Table, TableRow
from action_tracker.parsing.fields import (
    URL_RE,
    Fields,
    clean,
    link_ticket,
    normalise_priority,
    normalise_status,
    normalise_type,
    read_item,
    text_ticket,
)
from action_tracker.parsing.fields.vocabulary import (
    CANCELLED_WORDS,
    COLUMN_WORDS,
    TRAIL_STATUS_TAGS,
    alternation,
)
from action_tracker.parsing.ids import looks_like_id
from action_tracker.parsing.raw import RawAction
from action_tracker.parsing.text import is_placeholder

# A column headed by a check mark is a status column.
_CHECK_MARK_HEADER = r"|^(?:✅|✔️?|☑️?|✓)$"
# Checked in this order; the first column a role matches gets it (the words: ``vocabulary``).
_ROLES: list[tuple[str, re.Pattern[str]]] = [
    ("id", re.compile(r"^(?:id|#|no\.?|num|ref|key|ai ?#?)$")),
    *((role, re.compile(r"\b" + alternation(COLUMN_WORDS[role], " ") + r"\b"
                        + (_CHECK_MARK_HEADER if role == "status" else "")))
      for role in ("status", "due", "owner", "priority", "type", "ticket", "description")),
]
_EMPTY = {"", "-", "–", "—", "n/a", "na", "none", "tbd", "tbc", "?", "…", "...", "null"}
_ACTION_WORD_RE = re.compile(r"\baction|\bfollow|\btodo|\bremediation")
# A status trailing a ticket cell (or filling it): the "won't fix" family is the same
# vocabulary a status column reads (``vocabulary.CANCELLED_WORDS``), so a Bug column reading
# "won't fix" drops the action as a Status column would.
_TRAIL_STATUS_RE = re.compile(
    r"\s*\b(" + alternation((*TRAIL_STATUS_TAGS, *CANCELLED_WORDS), " ") + r")\W*$",
    re.IGNORECASE)


def column_roles(header: list[Inline]) -> dict[str, int]:
    roles: dict[str, int] = {}
    taken: set[int] = set()
    names = [h.plain.lower().strip(" *_:") for h in header]
    for role, pattern in _ROLES:
        for index, name in enumerate(names):
            if index not in taken and name and pattern.search(name):
                roles[role] = index
                taken.add(index)
                break
    return roles


def is_action_table(table: Table, in_action_section: bool) -> bool:
    """A table that lists actions: one in an action section with a text column, or any
    table whose header says so (an owner or status next to an action/task column)."""
    if table.quoted or not table.rows or len(table.header) < 2:
        return False
    roles = column_roles(table.header)
    if in_action_section:
        return "description" in roles or any(
            r in roles for r in ("owner", "status", "due", "ticket", "priority"))
    names = " ".join(h.plain.lower() for h in table.header)
    if "description" in roles and _ACTION_WORD_RE.search(names):
        return True
    return "description" in roles and ("owner" in roles or "status" in roles) and "due" in roles


def _cell(cells: list[Inline], roles: dict[str, int], role: str) -> Inline | None:
    index = roles.get(role)
    if index is None or index >= len(cells):
        return None
    return cells[index]


def _empty(cell: Inline | None) -> bool:
    return cell is None or clean(cell.plain).lower() in _EMPTY


def _ticket_cell(cell: Inline, fields: Fields) -> None:
    text = clean(cell.plain)
    source = cell.source.strip()
    if len(source) > 4 and source.startswith("~~") and source.endswith("~~"):
        fields.status = fields.status or "done"  # a struck-through ticket is a closed one
    # A status word trailing the ticket: "Bug #5554823 TODO", "n/a DONE".
    m = _TRAIL_STATUS_RE.search(text)
    if m:
        fields.status = fields.status or normalise_status(m.group(1))
        text = text[: m.start()].strip()
    if cell.links:
        fields.ticket = link_ticket(cell.links) or cell.links[0][1]
        return
    urls = URL_RE.findall(text)
    if urls:
        fields.ticket = str(urls[0])
        return
    if text.lower() in _EMPTY:
        return
    fields.ticket = text if len(text) <= 60 else text_ticket(text)


def _owner_cell(cell: Inline) -> str | None:
    text = clean(cell.plain)
    if text.lower() in _EMPTY:
        return None
    # A sentence is a note, not a person ("Added along with the PR fix").
    if len(text.split()) > 4 and "," not in text and "@" not in text:
        return None
    return text


def _concat(first: Inline, second: Inline) -> Inline:
    if not first.source:
        return second
    return Inline(f"{first.source} {second.source}".strip(),
                  f"{first.plain} {second.plain}".strip(),
                  [*first.links, *second.links], [*first.lines, *second.lines])


def _continues(row: TableRow, prev: TableRow, text_column: int) -> bool:
    """``| | servers so that we notice | | |``: only the text cell, going on in lower case
    from a row that has more filled in (a row wrapped by hand, cell by cell)."""
    if text_column >= len(row.cells) or text_column >= len(prev.cells):
        return False
    text = row.cells[text_column].plain.strip()
    if not text[:1].islower() or not prev.cells[text_column].plain.strip():
        return False
    others = [i for i in range(len(row.cells)) if i != text_column]
    return all(not row.cells[i].plain.strip() for i in others) and any(
        i < len(prev.cells) and prev.cells[i].plain.strip() for i in others)


def joined_rows(rows: list[TableRow], width: int, text_column: int) -> list[TableRow]:
    """Rows with the lines an editor wrapped joined back to the row they continue.

    GitHub renders a line without pipes under a table row as a row of its own, one cell
    wide, and a row broken inside a cell as two short rows; neither is a second action.
    A line that does not start with a pipe is a continuation when the row above it was cut
    short (no closing pipe, too few cells) and the two together fill the row (its first
    cell continues the last cell above), or when the line is one cell of text (it continues
    the row's text column)."""
    out: list[TableRow] = []
    for row in rows:
        prev = out[-1] if out else None
        if prev is not None and row.opened and _continues(row, prev, text_column):
            cells = list(prev.cells)
            cells[text_column] = _concat(cells[text_column], row.cells[text_column])
            out[-1] = TableRow(cells, prev.line, prev.source_cells, prev.opened, prev.closed)
            continue
        if prev is None or row.opened:
            out.append(row)
            continue
        count = prev.source_cells
        if not prev.closed and count < width and count + row.source_cells - 1 <= width:
            cells = [*prev.cells[:count - 1], _concat(prev.cells[count - 1], row.cells[0]),
                     *row.cells[1:row.source_cells]]
            cells += [Inline("", "")] * (width - len(cells))
            out[-1] = TableRow(cells, prev.line, count + row.source_cells - 1, prev.opened,
                               row.closed)
        elif row.source_cells == 1 and text_column < len(prev.cells):
            cells = list(prev.cells)
            cells[text_column] = _concat(cells[text_column], row.cells[0])
            out[-1] = TableRow(cells, prev.line, prev.source_cells, prev.opened, prev.closed)
        else:
            out.append(row)
    return out


def table_actions(table: Table, problems: list[Problem]) -> list[RawAction]:
    roles = column_roles(table.header)
    if "description" not in roles:
        free = [i for i in range(len(table.header)) if i not in roles.values()]
        if not free:
            return []
        roles["description"] = free[0]
    width = len(table.header)
    actions: list[RawAction] = []
    for row in joined_rows(table.rows, width, roles["description"]):
        if row.source_cells != width:
            problems.append(Problem(
                line=row.line, severity="warning",
                message=f"table row has {row.source_cells} cells but the header has {width}; "
                        "cells were matched to columns by position",
            ))
        if all(_empty(c) for c in row.cells):
            continue
        desc_cell = _cell(row.cells, roles, "description")
        if desc_cell is None or _empty(desc_cell) or is_placeholder(desc_cell.source):
            if any(not _empty(c) and not is_placeholder(c.source) for c in row.cells):
                problems.append(Problem(
                    line=row.line, severity="warning",
                    message="action row has no description; skipped (write what is to be done)",
                ))
            continue
        item = read_item(desc_cell.source, desc_cell.links)
        fields = Fields()
        owner = _cell(row.cells, roles, "owner")
        if owner is not None:
            fields.owner = _owner_cell(owner)
        due = _cell(row.cells, roles, "due")
        if due is not None and not _empty(due):
            found = find_dates(due.plain)
            if found and found[0].impossible:
                fields.impossible_dates.append(found[0].raw)
            elif found:
                fields.due = found[0].value
            else:
                fields.due_text = find_timeframe(due.plain) or clean(due.plain)
        prio = _cell(row.cells, roles, "priority")
        if prio is not None:
            fields.priority = normalise_priority(prio.plain)
        typ = _cell(row.cells, roles, "type")
        if typ is not None and not _empty(typ):
            if typ.links:  # a deliverable link in the wrong column: keep the link as ticket
                fields.ticket = link_ticket(typ.links) or typ.links[0][1]
            else:
                fields.type = normalise_type(typ.plain)
        status = _cell(row.cells, roles, "status")
        if status is not None and not _empty(status):
            mark = clean(status.plain).lower()
            # A "Done" column ticked with a bare x, as people tick paper checklists.
            fields.status = "done" if mark in ("x", "[x]") else normalise_status(status.plain)
        ticket = _cell(row.cells, roles, "ticket")
        if ticket is not None:
            _ticket_cell(ticket, fields)
        fields.merge(item.fields)
        explicit = item.explicit_id
        id_cell = _cell(row.cells, roles, "id")
        if id_cell is not None and looks_like_id(clean(id_cell.plain)):
            explicit = clean(id_cell.plain)
        actions.append(RawAction(item.description, row.line, fields, explicit))
    return actions
