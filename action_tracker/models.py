"""Typed model of a parsed postmortem: the one shape every other stage reads.

The JSON form of :class:`Postmortem` is the public ``parse`` contract
(``shared/spec/interface.md``); :meth:`Postmortem.to_contract` emits exactly those keys,
while the model may carry a little more context (sub-item details, timeframes) for sync
and digest.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["error", "warning"]
ActionStatus = Literal["open", "done", "unknown"]


class Problem(BaseModel):
    """Something wrong with a document, located by line so an editor can jump to it."""

    model_config = ConfigDict(frozen=True)

    line: int | None = None
    severity: Severity = "warning"
    message: str


class ActionItem(BaseModel):
    """One follow-up the postmortem commits to."""

    id: str
    description: str
    owner: str | None = None
    due: dt.date | None = None
    priority: str | None = None
    type: str | None = None
    status: ActionStatus = "unknown"
    ticket: str | None = None
    line: int = 0
    # Context beyond the contract: nested sub-items, and a timeframe that is not a date.
    details: list[str] = Field(default_factory=list)
    due_text: str | None = None
    # Done because the document drops it ("won't fix", "cancelled"): its issue is closed as
    # not planned, never counted as completed.
    not_planned: bool = False

    def to_contract(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "description": self.description,
            "owner": self.owner,
            "due": self.due.isoformat() if self.due else None,
            "priority": self.priority,
            "type": self.type,
            "status": self.status,
            "ticket": self.ticket,
            "line": self.line,
        }


class Lessons(BaseModel):
    """Lessons learned, sorted the way postmortem templates label them."""

    went_well: list[str] = Field(default_factory=list)
    went_wrong: list[str] = Field(default_factory=list)
    got_lucky: list[str] = Field(default_factory=list)
    other: list[str] = Field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.went_well or self.went_wrong or self.got_lucky or self.other)


class Postmortem(BaseModel):
    """A parsed postmortem document."""

    path: str
    id: str
    title: str | None = None
    date: dt.date | None = None
    severity: str | None = None
    status: str | None = None
    authors: list[str] = Field(default_factory=list)
    actions: list[ActionItem] = Field(default_factory=list)
    lessons: Lessons = Field(default_factory=Lessons)
    problems: list[Problem] = Field(default_factory=list)
    # Line of a front-matter ``id:`` (None: the id is the file name). Not in the contract's
    # JSON: only validate and sync use it, to point at the id when two documents share one.
    id_line: int | None = Field(default=None, exclude=True)
    # The document's link reference definitions (markdown-it's normalised label -> href), so
    # text copied out of it (an action into its issue) keeps ``[fixed][fix-pr]`` links.
    # Lessons are resolved when parsed; actions keep their source (their content hash).
    references: dict[str, str] = Field(default_factory=dict, exclude=True)
    # Line of the first lessons heading (None: no lessons section): issues link there.
    lessons_line: int | None = Field(default=None, exclude=True)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def to_contract(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "id": self.id,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "severity": self.severity,
            "status": self.status,
            "authors": list(self.authors),
            "actions": [a.to_contract() for a in self.actions],
            "lessons": self.lessons.model_dump(),
            "problems": [p.model_dump() for p in self.problems],
        }
