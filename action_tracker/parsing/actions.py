"""Collect the action items of a document from every place they live.

Sources, in document order: tables and lists inside action sections (groups below them carry
status, ticket and timeframe to their items), action tables anywhere, ``Action point: …``
paragraphs anywhere, and the front matter ``actions:`` list. When an action section holds an
action table, the lists beside it are explanations (type definitions, summaries), not actions.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from action_tracker.models import Problem
from action_tracker.parsing.brackets import findall_enclosed, sub_enclosed
from action_tracker.parsing.dates import find_timeframe, out_of_range, parse_date
from action_tracker.parsing.document import Block, Inline, ListBlock, Paragraph, Table
from action_tracker.parsing.inline_fields import (
    TYPE_WORDS,
    Fields,
    clean,
    link_ticket,
    normalise_priority,
    normalise_status,
    normalise_type,
    read_item,
    text_ticket,
)
from action_tracker.parsing.lists import list_actions
from action_tracker.parsing.outline import Context
from action_tracker.parsing.raw import Group, RawAction
from action_tracker.parsing.tables import is_action_table, table_actions

_ACTION_POINT_RE = re.compile(
    r"^\W{0,3}(?:action points?|action items?|follow[- ]?ups?|todo|ai)\W{0,3}"
    r"\s*[:\-–—]\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
_NOTE_RE = re.compile(r"\(([^)]*)\)")
_GROUP_TAIL_RE = re.compile(r"[:\-–—]\s+(.+)$")
_WORD_RE = re.compile(r"[a-z]+")
_ANY_WORD_RE = re.compile(r"\w")
_POINT_DONE_RE = re.compile(r"\b(?:has been|was|is now) (?:done|completed|fixed)\b", re.IGNORECASE)


def group_of(heading: Inline) -> Group:
    """Status, ticket, timeframe and type a group heading gives its items."""
    plain = heading.plain
    notes = findall_enclosed(_NOTE_RE, plain, ")")  # the regex's own calls are quadratic
    unnoted = sub_enclosed(_NOTE_RE, "", plain, ")")
    m = _GROUP_TAIL_RE.search(unnoted)
    if m:
        notes.append(m.group(1))
    bare = unnoted.strip(" :*")
    group = Group()
    for note in [*notes, bare if len(bare.split()) <= 2 else ""]:
        group.status = group.status or normalise_status(note)
        group.due_text = group.due_text or find_timeframe(note)
    group.ticket = link_ticket(heading.links) or text_ticket(" ".join(notes))
    for word in _WORD_RE.findall(bare.lower()):
        if word in TYPE_WORDS:
            group.type = TYPE_WORDS[word]
            break
    return group


def _groups_of(headings: list[Inline]) -> list[Group]:
    """What each group heading says, innermost first (read once per block, not per item)."""
    return [group_of(heading) for heading in reversed(headings)]


def _apply_groups(action: RawAction, groups: list[Group]) -> None:
    for group in groups:  # the innermost group wins
        f = action.fields
        f.status = f.status or group.status
        f.ticket = f.ticket or group.ticket
        f.type = f.type or group.type
        if f.due is None:
            f.due_text = f.due_text or group.due_text


def _action_point(paragraph: Paragraph, problems: list[Problem]) -> RawAction | None:
    m = _ACTION_POINT_RE.match(paragraph.text.source)
    if not m or not _ANY_WORD_RE.search(m.group("rest")):
        return None  # "**Follow-ups:**" is a label over a list, not an action point
    item = read_item(m.group("rest"), paragraph.text.links)
    if not item.description:
        problems.append(Problem(line=paragraph.line, severity="warning",
                                message="action point has no text; skipped"))
        return None
    return RawAction(item.description, paragraph.line, item.fields, item.explicit_id)


def collect_actions(
    blocks: list[Block], contexts: list[Context], problems: list[Problem]
) -> list[RawAction]:
    found: list[tuple[int, str, RawAction]] = []  # (section root, shape, action)
    last_point: RawAction | None = None
    for index, (block, ctx) in enumerate(zip(blocks, contexts, strict=True)):
        in_actions = ctx.kind == "actions"
        if isinstance(block, Table) and is_action_table(block, in_actions):
            groups = _groups_of(ctx.groups) if in_actions else []
            for action in table_actions(block, problems):
                _apply_groups(action, groups)
                found.append((ctx.root if in_actions else -2 - index, "table", action))
            last_point = None
        elif isinstance(block, ListBlock):
            if last_point is not None:
                # "Action point: …" followed directly by a list: the list is its detail.
                for item in block.items:
                    last_point.details.append(item.text.source)
                    if _POINT_DONE_RE.search(item.text.plain):
                        last_point.fields.status = last_point.fields.status or "done"
                last_point = None
                continue
            if in_actions:
                # A task list is a list of things to do even beside a table; a plain list
                # there is usually an explanation or a summary of the table.
                shape = "tasks" if all(i.checked is not None for i in block.items) else "list"
                groups = _groups_of(ctx.groups)
                for action in list_actions(block, problems):
                    _apply_groups(action, groups)
                    found.append((ctx.root, shape, action))
        elif isinstance(block, Paragraph):
            last_point = None
            if not block.quoted:
                point = _action_point(block, problems)
                if point is not None:
                    found.append((-1, "point", point))
                    last_point = point
        else:
            last_point = None
    with_tables = {root for root, shape, _ in found if shape == "table" and root >= 0}
    return [a for root, shape, a in found if not (shape == "list" and root in with_tables)]


def front_matter_actions(
    data: dict[str, Any], item_lines: dict[int, int], problems: list[Problem]
) -> list[RawAction]:
    """The ``actions:`` list of the front matter (strings or mappings)."""
    raw = data.get("actions")
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.append(Problem(line=1, severity="error",
                                message="front matter 'actions' must be a list"))
        return []
    actions = []
    for index, entry in enumerate(raw):
        line = item_lines.get(index, 1)
        if isinstance(entry, str):
            item = read_item(entry, [])
            if item.description:
                actions.append(RawAction(item.description, line, item.fields, item.explicit_id))
            continue
        if not isinstance(entry, dict):
            problems.append(Problem(line=line, severity="warning",
                                    message="front matter action is neither text nor a mapping"))
            continue
        action = _mapping_action({str(k).lower(): v for k, v in entry.items()}, line, problems)
        if action is not None:
            actions.append(action)
    return actions


def _first(entry: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if entry.get(key) not in (None, ""):
            return entry[key]
    return None


def _mapping_action(entry: dict[str, Any], line: int, problems: list[Problem]) -> RawAction | None:
    text = _first(entry, "description", "action", "title", "text", "summary", "task")
    if text is None or not str(text).strip():
        problems.append(Problem(line=line, severity="warning",
                                message="front matter action has no description; skipped"))
        return None
    item = read_item(str(text), [])
    fields = Fields()
    owner = _first(entry, "owner", "assignee", "who", "dri")
    fields.owner = clean(str(owner)) if owner is not None else None
    due = _first(entry, "due", "due_date", "deadline", "target", "eta")
    if due is not None:
        if isinstance(due, dt.date):
            value = due.date() if isinstance(due, dt.datetime) else due
            bad = out_of_range(value)
            if bad is None:
                fields.due = value
            else:
                problems.append(Problem(line=line, severity="error", message=f"due date {bad}"))
        else:
            found = parse_date(str(due))
            if found is not None and found.value is not None:
                fields.due = found.value
            elif found is not None:
                fields.impossible_dates.append(found.raw)
            else:
                fields.due_text = str(due)
    prio = _first(entry, "priority", "severity")
    fields.priority = normalise_priority(str(prio)) if prio is not None else None
    typ = _first(entry, "type", "category")
    fields.type = normalise_type(str(typ)) if typ is not None else None
    status = _first(entry, "status", "state")
    done = entry.get("done")
    if isinstance(done, bool):
        fields.status = "done" if done else "open"
    elif status is not None:
        fields.status = normalise_status(str(status))
    ticket = _first(entry, "ticket", "issue", "link", "bug", "url")
    fields.ticket = str(ticket) if ticket is not None else None
    fields.merge(item.fields)
    given = _first(entry, "id")
    explicit = str(given) if given is not None else item.explicit_id
    return RawAction(item.description, line, fields, explicit)
