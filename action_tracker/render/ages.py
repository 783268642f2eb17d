"""How long ago, or how late, in the words a reader takes in at a glance.

"83 days" has to be divided in the head; "2 months" does not. One function, so the digest,
``status`` and the chat message say the same thing for the same number of days.
"""

from __future__ import annotations


def age(days: int) -> str:
    """``1 day``, ``9 days``, ``3 weeks``, ``11 months``, ``2 years`` (rounded down: an
    action 27 days late is "3 weeks" late, never "4")."""
    days = max(0, days)
    if days < 14:
        return "1 day" if days == 1 else f"{days} days"
    if days < 60:
        return f"{days // 7} weeks"
    if days < 730:
        return f"{days // 30} months"
    return f"{days // 365} years"


def overdue_text(days: int) -> str:
    """The digest's lateness cell: the reader's words, and the exact count the contract
    promises ("days overdue") where the words round it: ``9 days``, ``3 weeks (25 days)``."""
    words = age(days)
    return words if words.endswith(("day", "days")) else f"{words} ({max(0, days)} days)"
