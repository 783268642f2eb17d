"""When an overdue action is reminded or escalated: the one rule, for ``remind`` and the
digest (which lists escalated actions first), so the two never disagree."""

from __future__ import annotations

from action_tracker.runtime.config import RemindersConfig


def due_for_reminder(days_overdue: int | None, config: RemindersConfig) -> bool:
    """An open action overdue by at least ``after_days`` (and by one day at least: an action
    due today is not yet overdue)."""
    return days_overdue is not None and days_overdue > 0 and days_overdue >= config.after_days


def escalated(days_overdue: int | None, config: RemindersConfig) -> bool:
    """Overdue by ``escalate_after_days`` or more, when escalation is configured."""
    return (config.escalate_after_days is not None and days_overdue is not None
            and days_overdue > 0 and days_overdue >= config.escalate_after_days)
