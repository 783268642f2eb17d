"""Ages as a reader says them: the digest, ``status`` and chat share one wording."""

from __future__ import annotations

import pytest

from action_tracker.ages import age


@pytest.mark.parametrize(("days", "text"), [
    (1, "1 day"), (9, "9 days"), (13, "13 days"), (14, "2 weeks"), (27, "3 weeks"),
    (59, "8 weeks"), (60, "2 months"), (83, "2 months"), (335, "11 months"),
    (730, "2 years"),
])
def test_age(days: int, text: str) -> None:
    assert age(days) == text
