"""When an action is due: the one rule, for sync, the preview, the digest and ``status``."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from action_tracker.models import ActionItem, Postmortem
from action_tracker.runtime.config import Config

DueSource = Literal["document", "default", "backlog", "none"]


def in_backlog(postmortem: Postmortem, config: Config) -> bool:
    """Whether ``postmortem`` is part of the configured backlog (``backlog.since``): dated
    before that day. An undated postmortem is never backlog (nothing says it is old).

    The one home of this rule: sync files (or skips) by it, and the digest lists these
    actions apart by recomputing it from the document and the config, with or without a
    token, so both digests always agree."""
    return (config.backlog is not None and postmortem.date is not None
            and postmortem.date < config.backlog.since)


def skipped(postmortem: Postmortem, config: Config) -> bool:
    """A backlog postmortem under ``mode: skip``: validated, never filed."""
    return (config.backlog is not None and config.backlog.mode == "skip"
            and in_backlog(postmortem, config))


def effective_due(
    action: ActionItem, postmortem: Postmortem, config: Config
) -> tuple[dt.date | None, DueSource]:
    """The document's due date, else postmortem date + the configured days for the priority
    (for a backlog postmortem: ``backlog.since`` + those days, source ``backlog``).

    The one home of this rule (sync, preview and the digest use it). The parser refuses
    dates far enough out for the sum to pass year 9999 (a document error), so the
    ``OverflowError`` branch only keeps a run alive should such a date reach it anyway."""
    if action.due is not None:
        return action.due, "document"
    if postmortem.date is not None:
        start, source = postmortem.date, "default"
        if config.backlog is not None and in_backlog(postmortem, config):
            start, source = config.backlog.since, "backlog"
        try:
            due = start + dt.timedelta(days=config.days_for_priority(action.priority))
        except OverflowError:
            return None, "none"
        return due, "backlog" if source == "backlog" else "default"
    return None, "none"


def missing_due(action: ActionItem, postmortem: Postmortem) -> str | None:
    """Why :func:`effective_due` finds no due date for ``action`` (``None``: it finds one).

    The one wording of the cause, for sync's warning and the digest's "needs attention":
    the fix is in the document (a ``date:`` for the postmortem, or a due date for the action).
    """
    if action.due is not None or postmortem.date is not None:
        return None
    if action.due_text:
        own = f"the action's due '{' '.join(action.due_text.split())[:60]}' is not a date"
    else:
        own = "the action has no due date"
    return f"no due date: the postmortem has no date and {own}"
