"""When an action is due: the one rule, for sync, the preview, the digest and ``status``."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from action_tracker.models import ActionItem, Postmortem
from action_tracker.runtime.config import Config


def effective_due(
    action: ActionItem, postmortem: Postmortem, config: Config
) -> tuple[dt.date | None, Literal["document", "default", "none"]]:
    """The document's due date, else postmortem date + the configured days for the priority.

    The one home of this rule (sync, preview and the digest use it). The parser refuses
    dates far enough out for the sum to pass year 9999 (a document error), so the
    ``OverflowError`` branch only keeps a run alive should such a date reach it anyway."""
    if action.due is not None:
        return action.due, "document"
    if postmortem.date is not None:
        try:
            due = postmortem.date + dt.timedelta(days=config.days_for_priority(action.priority))
        except OverflowError:
            return None, "none"
        return due, "default"
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
