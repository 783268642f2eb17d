"""The intermediate action record every shape (table, list, front matter) produces."""

from __future__ import annotations

from dataclasses import dataclass, field

from action_tracker.parsing.fields import Fields


@dataclass
class RawAction:
    description: str
    line: int
    fields: Fields = field(default_factory=Fields)
    explicit_id: str | None = None
    details: list[str] = field(default_factory=list)


@dataclass
class Group:
    """What a group heading or label says about the items below it."""

    status: str | None = None
    ticket: str | None = None
    due_text: str | None = None
    type: str | None = None
