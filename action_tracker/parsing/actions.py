"""Collect the action items of a document from every place they live.

Sources, in document order: tables and lists inside action sections (groups below them carry
status, ticket and timeframe to their items), action tables anywhere, ``Action point: …``
paragraphs anywhere, and the front matter ``actions:`` list. When an action section holds an
action table, the lists beside it are explanations (type definitions, summaries), not actions.

Prose counts too (see :mod:`prose`): a sub-heading of an action section that names a task
("#### 1) Log cleanup cron @dana", its paragraphs the detail), a paragraph under an action
heading that commits to work, a list after a commitment lead-in ("Going forward, we will do
the following:") anywhere, and the commitments of a mixed section ("Lessons learned and
future improvements").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from action_tracker.models import Problem
from action_tracker.parsing.brackets import findall_enclosed, sub_enclosed
from action_tracker.parsing.dates import find_timeframe, out_of_range, parse_date
from action_tracker.parsing.document import Block, Heading, Inline, ListBlock, Paragraph, Table
from action_tracker.parsing.fields import (
    Fields,
    clean,
    key_line_fields,
    link_ticket,
    normalise_priority,
    normalise_status,
    normalise_type,
    read_item,
    text_ticket,
    worded_status,
)
from action_tracker.parsing.fields.vocabulary import (
    ACTION_POINT_LEADS,
    FRONT_MATTER_KEYS,
    TYPE_WORDS,
    alternation,
)
from action_tracker.parsing.lists import item_action, list_actions
from action_tracker.parsing.outline import Context
from action_tracker.parsing.prose import (
    commits_to_work,
    is_commitment,
    is_commitment_lead,
    is_narrative,
    item_lines,
    reports_work_done,
)
from action_tracker.parsing.raw import Group, RawAction
from action_tracker.parsing.tables import is_action_table, table_actions
from action_tracker.parsing.text import is_placeholder

_ACTION_POINT_RE = re.compile(
    r"^\W{0,3}" + alternation(ACTION_POINT_LEADS, " ") + r"\W{0,3}"
    r"\s*[:\-–—]\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
_LABEL_EMPHASIS_RE = re.compile(r"^[*_]{1,3}")
_NOTE_RE = re.compile(r"\(([^)]*)\)")
_GROUP_TAIL_RE = re.compile(r"[:\-–—]\s+(.+)$")
_WORD_RE = re.compile(r"[a-z]+")
_ANY_WORD_RE = re.compile(r"\w")
_POINT_DONE_RE = re.compile(r"\b(?:has been|was|is now) (?:done|completed|fixed)\b", re.IGNORECASE)
# A label's wording gives its items a status ("**What we did**", "Remediations completed",
# "Planned improvements"); an item's own wording still wins.
_LABEL_DONE_RE = re.compile(
    r"\b(?:completed?|done|finished|implemented|shipped|resolved|already|"
    r"what we(?: have| ve)? (?:did|done|changed|fixed|improved)|(?:we )?(?:did|have done))\b")
_LABEL_OPEN_RE = re.compile(
    r"\b(?:planned|pending|open|remaining|outstanding|ongoing|in progress|upcoming|to ?do|"
    r"not (?:yet )?(?:done|started)|what we (?:will|are going to|plan to) do)\b")
_STILL_OPEN_RE = re.compile(
    r"\b(?:not (?:yet|started)|still (?:open|to do|pending)|will|planned|in progress|pending|"
    r"to be (?:done|written|added|decided))\b", re.IGNORECASE)
# "1) ", "2. ", "#3 ", "Step 4: " before a heading's task.
_HEADING_NUMBER_RE = re.compile(r"^\s*(?:(?:step|item|action)\s+)?(?:\d{1,3}|[a-z])[.):]\s+|"
                                r"^\s*#\d{1,3}\s+", re.IGNORECASE)
_CODE_HANDLE_RE = re.compile(r"`(@[\w/-]+)`")


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
    if group.status is None:
        words = " ".join(_WORD_RE.findall(bare.lower()))
        if _LABEL_DONE_RE.search(words):
            group.status = "done"
        elif _LABEL_OPEN_RE.search(words):
            group.status = "open"
    group.ticket = link_ticket(heading.links) or text_ticket(" ".join(notes))
    for word in _WORD_RE.findall(bare.lower()):
        if word in TYPE_WORDS:
            group.type = TYPE_WORDS[word]
            break
    return group


def _groups_of(headings: list[Inline]) -> list[Group]:
    """What each group heading says, innermost first (read once per block, not per item)."""
    return [group_of(heading) for heading in reversed(headings)]


def _section_groups(blocks: list[Block], ctx: Context) -> list[Group]:
    """The groups over a block, innermost first; a label that opened the section
    ("Remediations completed", "**What we did**") gives its items its status as well."""
    groups = _groups_of(ctx.groups)
    root = blocks[ctx.root] if ctx.root >= 0 else None
    if isinstance(root, Paragraph):
        status = group_of(root.text).status
        if status is not None:
            groups.append(Group(status=status))
    return groups


def _apply_groups(action: RawAction, groups: list[Group]) -> None:
    for group in groups:  # the innermost group wins
        f = action.fields
        if f.status is None and group.status == "done" and _STILL_OPEN_RE.search(
                action.description):
            f.status = "open"  # "Add a runbook entry (not yet written)" under "What we did"
        f.status = f.status or group.status
        f.ticket = f.ticket or group.ticket
        f.type = f.type or group.type
        if f.due is None:
            f.due_text = f.due_text or group.due_text


def _action_point(paragraph: Paragraph, problems: list[Problem]) -> RawAction | None:
    m = _ACTION_POINT_RE.match(paragraph.text.source)
    if not m or not _ANY_WORD_RE.search(m.group("rest")):
        return None  # "**Follow-ups:**" is a label over a list, not an action point
    rest = m.group("rest")
    opened = _LABEL_EMPHASIS_RE.match(paragraph.text.source)
    if opened and rest.startswith(opened.group(0)):
        # "**Action item:** Start …": the label's closing emphasis is not the item's text.
        rest = rest[len(opened.group(0)):].lstrip()
    item = read_item(rest, paragraph.text.links)
    if not item.description:
        problems.append(Problem(line=paragraph.line, severity="warning",
                                message="action point has no text; skipped"))
        return None
    return RawAction(item.description, paragraph.line, item.fields, item.explicit_id)


def _prose_body(blocks: list[Block], index: int) -> list[Paragraph] | None:
    """The paragraphs below heading ``index`` when that is all there is (a list, a table or
    a deeper heading makes the heading a group), else None."""
    heading = blocks[index]
    assert isinstance(heading, Heading)
    body: list[Paragraph] = []
    for block in blocks[index + 1:]:
        if isinstance(block, Heading):
            if block.level > heading.level:
                return None
            break
        if isinstance(block, (ListBlock, Table)) and not block.quoted:
            return None
        if isinstance(block, Paragraph) and not block.quoted \
                and not is_placeholder(block.text.source):
            body.append(block)
    return body


def _heading_action(heading: Heading, body: list[Paragraph], series: bool) -> RawAction | None:
    """A sub-heading of an action section that is itself a task ("#### 1) Log cleanup cron
    `@dana`", "#### TODO Configuration management"); the paragraphs below it are its detail.

    It is a task when it has nothing below it but paragraphs and it says so: a number, a
    status, an owner, a ticket, or an imperative; or when it is one of a ``series`` of such
    headings and names something (two words or more) rather than a category. A bare topic
    ("### Detection", "### Process") stays a group of the prose below it."""
    details = [p.text.source for p in body]
    detail_lines = [line for p in body for line in p.text.lines]
    source = heading.text.source.strip()
    if source.endswith(":") or is_placeholder(source):
        return None
    numbered = _HEADING_NUMBER_RE.match(source)
    if numbered:
        source = source[numbered.end():]
    item = read_item(_CODE_HANDLE_RE.sub(r"\1", source), heading.text.links)
    if not item.description or is_placeholder(item.description):
        return None
    f = item.fields
    group = group_of(heading.text)
    said = (numbered is not None or item.explicit_id is not None or is_commitment(item.description)
            or any(v is not None for v in (f.owner, f.status, f.ticket, f.priority, f.due))
            or (series and len(item.description.split()) >= 2 and group.type is None
                and group.status is None and group.due_text is None))
    if not said:
        return None
    if (group.status or group.due_text) and len(item.description.split()) <= 1 \
            and numbered is None:
        return None  # "### Open items", "### Done (Q3)": a group label over nothing
    for line in detail_lines:  # "Owner: @karim" on its own line below the heading
        keyed = key_line_fields(line, [])
        if keyed is not None:
            f.merge(keyed)
    if f.status is None and any(worded_status(d) or _POINT_DONE_RE.search(d) for d in details):
        f.status = "done"
    return RawAction(item.description, heading.line, f, item.explicit_id, details)


def _prose_actions(paragraph: Paragraph, mixed: bool) -> list[RawAction]:
    """A paragraph that commits to work: one action, or one per line when each physical line
    is its own commitment (soft line breaks, no list markers). In a mixed section the lines
    that commit are actions and the others lessons."""
    text = paragraph.text
    if is_placeholder(text.source) or text.source.rstrip("*_ ").endswith(":"):
        return []
    def commits(part: str) -> bool:
        # Under an actions heading, a report of finished work ("Removed …") is an action too;
        # in a mixed lessons section it may be an observation.
        return commits_to_work(part) or (
            not mixed and reports_work_done(part) and not is_narrative(part))

    lines = item_lines(text.lines) or []
    committed = [(number, line) for number, line in enumerate(lines) if commits(line)]
    parts: list[tuple[int, str, list[tuple[str, str]]]]
    if lines and (len(committed) == len(lines) or mixed):
        parts = [(number, line, [link for link in text.links if link[0] and link[0] in line])
                 for number, line in committed]
    elif commits(text.plain):
        parts = [(0, text.source, text.links)]
    else:
        return []
    actions = []
    for number, source, links in parts:
        item = read_item(source, links)
        if not item.description or is_placeholder(item.description):
            continue
        actions.append(RawAction(item.description, paragraph.line + number, item.fields,
                                 item.explicit_id))
    return actions


def _commitment_items(block: ListBlock, problems: list[Problem]) -> list[RawAction]:
    """The items of a list in a mixed section that commit to work (the rest are lessons)."""
    actions = []
    for item in block.items:
        if commits_to_work(item.text.source):
            action = item_action(item, problems)
            if action is not None:
                actions.append(action)
    return actions


def collect_actions(
    blocks: list[Block], contexts: list[Context], problems: list[Problem]
) -> list[RawAction]:
    found: list[tuple[int, str, RawAction]] = []  # (section root, shape, action)
    last_point: RawAction | None = None
    # Where the lists and tables of action sections are: a paragraph beside them explains
    # them (or introduces them) rather than being an action of its own.
    listed: set[int] = set()
    listed_below: set[int] = set()  # action sections with a list or table under a sub-heading
    tabled: set[int] = set()
    sub_headings: list[int] = []
    for index, (block, ctx) in enumerate(zip(blocks, contexts, strict=True)):
        if isinstance(block, Heading):
            if ctx.within == "actions":
                sub_headings.append(index)
        elif ctx.kind == "actions" and isinstance(block, (ListBlock, Table)) \
                and not block.quoted:
            listed.add(ctx.sub)
            if ctx.sub != ctx.root:
                listed_below.add(ctx.root)
            if isinstance(block, Table):
                tabled.add(ctx.root)
    # Sub-headings of action sections with only paragraphs below them, by section and level:
    # two or more of them in a row are one heading per action.
    prose_bodies: dict[int, list[Paragraph]] = {}
    series: dict[tuple[int, int], int] = {}
    for index in sub_headings:
        heading, ctx = blocks[index], contexts[index]
        assert isinstance(heading, Heading)
        body = _prose_body(blocks, index) if ctx.root not in tabled else None
        if body is not None:
            prose_bodies[index] = body
            key = (ctx.root, heading.level)
            series[key] = series.get(key, 0) + 1
    task_headings: set[int] = set()
    after_lead = False
    for index, (block, ctx) in enumerate(zip(blocks, contexts, strict=True)):
        in_actions = ctx.kind == "actions"
        lead, after_lead = after_lead, False
        if isinstance(block, Heading):
            last_point = None
            body = prose_bodies.get(index)
            if body is not None:
                task = _heading_action(block, body,
                                       series.get((ctx.root, block.level), 0) > 1)
                if task is not None:
                    _apply_groups(task, _section_groups(blocks, ctx))
                    task_headings.add(index)
                    found.append((ctx.root, "heading", task))
        elif isinstance(block, Table) and is_action_table(block, in_actions):
            groups = _section_groups(blocks, ctx) if in_actions else []
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
                groups = _section_groups(blocks, ctx)
                for action in list_actions(block, problems):
                    _apply_groups(action, groups)
                    found.append((ctx.root, shape, action))
            elif lead:
                # "Going forward, we will do the following:" over a list, in any section.
                for action in list_actions(block, problems):
                    found.append((-2 - index, "lead", action))
            elif ctx.kind == "lessons" and ctx.mixed and not block.quoted:
                for action in _commitment_items(block, problems):
                    found.append((-2 - index, "mixed", action))
        elif isinstance(block, Paragraph):
            last_point = None
            if not block.quoted:
                point = _action_point(block, problems)
                if point is not None:
                    found.append((-1, "point", point))
                    last_point = point
                elif is_commitment_lead(block.text.plain) and not in_actions \
                        and not is_narrative(block.text.plain):
                    after_lead = True
                elif (in_actions and ctx.sub not in listed and ctx.root not in tabled
                      and ctx.sub not in task_headings) or (
                        ctx.kind == "lessons" and ctx.mixed):
                    groups = _section_groups(blocks, ctx) if in_actions else []
                    # A report of finished work opening a section whose sub-sections list
                    # the work ("We reverted the change …" over "### Immediate actions")
                    # tells the story of the fix; the lists below carry the actions.
                    if in_actions and ctx.sub == ctx.root and ctx.root in listed_below \
                            and worded_status(block.text.plain) == "done":
                        continue
                    for action in _prose_actions(block, not in_actions):
                        _apply_groups(action, groups)
                        found.append((-2 - index, "prose", action))
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
    text = _first(entry, *FRONT_MATTER_KEYS["description"])
    if text is None or not str(text).strip():
        problems.append(Problem(line=line, severity="warning",
                                message="front matter action has no description; skipped"))
        return None
    item = read_item(str(text), [])
    fields = Fields()
    owner = _first(entry, *FRONT_MATTER_KEYS["owner"])
    fields.owner = clean(str(owner)) if owner is not None else None
    due = _first(entry, *FRONT_MATTER_KEYS["due"])
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
    prio = _first(entry, *FRONT_MATTER_KEYS["priority"])
    fields.priority = normalise_priority(str(prio)) if prio is not None else None
    typ = _first(entry, *FRONT_MATTER_KEYS["type"])
    fields.type = normalise_type(str(typ)) if typ is not None else None
    status = _first(entry, *FRONT_MATTER_KEYS["status"])
    done = entry.get("done")
    if isinstance(done, bool):
        fields.status = "done" if done else "open"
    elif status is not None:
        fields.status = normalise_status(str(status))
    ticket = _first(entry, *FRONT_MATTER_KEYS["ticket"])
    fields.ticket = str(ticket) if ticket is not None else None
    fields.merge(item.fields)
    given = _first(entry, "id")
    explicit = str(given) if given is not None else item.explicit_id
    return RawAction(item.description, line, fields, explicit)
