"""Ages as a reader says them: the digest, ``status`` and chat share one wording."""

from __future__ import annotations

import pytest

from action_tracker.render.ages import age, overdue_text


@pytest.mark.parametrize(("days", "text"), [
    (1, "1 day"), (9, "9 days"), (13, "13 days"), (14, "2 weeks"), (27, "3 weeks"),
    (59, "8 weeks"), (60, "2 months"), (83, "2 months"), (335, "11 months"),
    (730, "2 years"),
])
def test_age(days: int, text: str) -> None:
    assert age(days) == text


@pytest.mark.parametrize(("days", "text"), [
    (0, "0 days"), (9, "9 days"), (25, "3 weeks (25 days)"), (112, "3 months (112 days)"),
])
def test_overdue_keeps_the_day_count_where_the_words_round_it(days: int, text: str) -> None:
    assert overdue_text(days) == text
