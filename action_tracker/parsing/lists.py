"""Actions from list items: bullets, numbers and task lists, with nested items as details."""

from __future__ import annotations

import re

from action_tracker.models import Problem
from action_tracker.parsing.document import ListBlock, ListItem
from action_tracker.parsing.fields import key_line_fields, read_item
from action_tracker.parsing.fields.vocabulary import TYPE_WORDS
from action_tracker.parsing.raw import RawAction
from action_tracker.parsing.text import is_placeholder

_DEFINITION_RE = re.compile(
    # ``\W*`` also covers the spaces before the dash (``\W*\s*`` would be quadratic).
    r"^\W*(P[0-4]|sev\s?[0-4]|" + "|".join(TYPE_WORDS) + r")\W*[-–—:]\s", re.IGNORECASE
)
# "- [ ] @ana due 2026-03-01": who and when, but nothing to do.
_ONLY_HANDLES_RE = re.compile(r"(?:@[\w-]+(?:/[\w.-]+)?[\s,&]*)+")
_DONE_NOTE_RE = re.compile(
    r"\b(?:this|it|that) (?:has|was|is) (?:been |now )?(?:done|completed|fixed|implemented|"
    r"merged|shipped|resolved)\b", re.IGNORECASE,
)


def is_definition_list(block: ListBlock) -> bool:
    """``- Prevent - …`` / ``- P0 - …``: the template's explanation of types or priorities.

    A definition list explains several tags, each once; a tag that comes back with other text
    ("P1: Add …", "P1: Cap …") marks a list of prioritised actions instead."""
    seen: dict[str, str] = {}
    for item in block.items:
        plain = item.text.plain
        m = _DEFINITION_RE.match(plain)
        if m is None:
            return False
        tag = m.group(1).lower()
        if seen.setdefault(tag, plain) != plain:
            return False
    return len(block.items) > 1  # one tagged item explains nothing: it is an action


def item_details(item: ListItem) -> list[str]:
    """The text of nested items, a sub-task's checkbox kept in front ("[x] Drain the node"):
    which steps are finished is part of what the parent item says."""
    out: list[str] = []
    for child in item.children:
        text = child.text.source
        if text:
            if child.checked is not None:
                text = ("[x] " if child.checked else "[ ] ") + text
            out.append(text)
        out.extend(item_details(child))
    return out


def item_action(item: ListItem, problems: list[Problem]) -> RawAction | None:
    source = item.paragraphs[0].source if item.paragraphs else ""
    links = item.paragraphs[0].links if item.paragraphs else []
    if is_placeholder(source):
        if item.checked is not None or not source.strip():
            problems.append(Problem(
                line=item.line, severity="warning",
                message="action item has no text; skipped (write what is to be done)",
            ))
        return None
    parsed = read_item(source, links)
    if parsed.description and item.checked is None and len(parsed.description) <= 24 \
            and parsed.description != source and is_placeholder(parsed.description):
        return None  # "TBD (owner: TBD)": template filler, not a forgotten description
    if not parsed.description or _ONLY_HANDLES_RE.fullmatch(parsed.description):
        problems.append(Problem(line=item.line, severity="warning",
                                message="action item has no text besides its metadata; skipped"))
        return None
    fields = parsed.fields
    if item.checked is not None:
        fields.status = "done" if item.checked else (fields.status or "open")
    for child in item.children:  # "- **Owner:** Ravi Shah" under the item (Notion exports)
        keyed = key_line_fields(child.text.plain, child.text.links) if child.paragraphs else None
        if keyed is not None:
            fields.merge(keyed)
    details = [p.source for p in item.paragraphs[1:]] + item_details(item)
    if fields.status is None and any(_DONE_NOTE_RE.search(d) for d in details):
        fields.status = "done"
    return RawAction(parsed.description, item.line, fields, parsed.explicit_id, details)


def list_actions(block: ListBlock, problems: list[Problem]) -> list[RawAction]:
    if block.quoted or is_definition_list(block):
        return []
    actions = []
    for item in block.items:
        action = item_action(item, problems)
        if action is not None:
            actions.append(action)
    return actions
