"""Due dates and timeframes as people write them, and dates that do not exist.

Choices pinned here (documented in the parser's ``dates`` module): ``01/12/2026`` is read
month-first (US, as the templates that use slashes mean it) unless the first number cannot
be a month; ``01-12-2026`` (dashes, year last) is read day-first, as European documents do.
"""

from __future__ import annotations

import datetime as dt

import pytest

from action_tracker.parsing.dates import find_dates
from tests.parser.helpers import BODY_LINE, doc, one, parse, table

TASK = "Renew the wildcard certificate"


@pytest.mark.parametrize(("tail", "due"), [
    ("2026-12-01", dt.date(2026, 12, 1)),
    ("due 2026-12-01", dt.date(2026, 12, 1)),
    ("(due: 2026-12-01)", dt.date(2026, 12, 1)),
    ("by Dec 1 2026", dt.date(2026, 12, 1)),
    ("by December 1, 2026", dt.date(2026, 12, 1)),
    ("by 1 Dec 2026", dt.date(2026, 12, 1)),
    ("due 6th November, 2026", dt.date(2026, 11, 6)),
    ("(deadline 2026-12-01)", dt.date(2026, 12, 1)),
    ("ETA: 2026-12-01", dt.date(2026, 12, 1)),
    ("— @ana, 2026-12-01", dt.date(2026, 12, 1)),
    ("due 01/12/2026", dt.date(2026, 1, 12)),  # slashes: month first
    ("due 25/12/2026", dt.date(2026, 12, 25)),  # 25 cannot be a month: day first
    ("due 01-12-2026", dt.date(2026, 12, 1)),  # dashes, year last: day first
])
def test_due_date_forms(tail: str, due: dt.date) -> None:
    item = one(f"- {TASK} {tail}\n")
    assert (item.description, item.due, item.due_text) == (TASK, due, None)


def test_a_date_in_the_sentence_without_a_due_word_is_not_the_due_date() -> None:
    item = one("- Replay the 2026-01-10 traffic against staging\n")
    assert item.due is None


@pytest.mark.parametrize(("tail", "frame"), [
    ("(Q4 2026)", "Q4 2026"), ("due Q4 2026", "Q4 2026"), ("— H2 2026", "H2 2026"),
    ("(next sprint)", "next sprint"), ("target: Q1 2027", "Q1 2027"),
    ("(Q4 2026 - Q1 2027)", "Q4 2026 - Q1 2027"),
])
def test_timeframes_are_due_text_not_due(tail: str, frame: str) -> None:
    item = one(f"- {TASK} {tail}\n")
    assert (item.description, item.due, item.due_text) == (TASK, None, frame)


def test_a_timeframe_inside_the_sentence_stays_in_it() -> None:
    item = one(f"- {TASK} for Q4 2026 customers\n")
    assert (item.due, item.due_text) == (None, None)


@pytest.mark.parametrize("bad", ["2026-02-30", "2026-13-01", "31/31/2026"])
def test_impossible_due_date_warns_and_due_stays_null(bad: str) -> None:
    pm = parse(doc(f"- {TASK} due {bad}\n"))
    item = pm.actions[0]
    assert (item.description, item.due) == (TASK, None)
    assert [(p.line, p.severity) for p in pm.problems] == [(BODY_LINE, "warning")]
    assert bad in pm.problems[0].message


def test_impossible_date_in_a_table_warns_on_its_row() -> None:
    pm = parse(doc(table("Action | Due", f"{TASK} | 2026-02-29")))  # 2026 is not a leap year
    assert pm.actions[0].due is None
    assert pm.problems[0].line == BODY_LINE + 2 and pm.problems[0].severity == "warning"


def test_leap_day_is_a_real_date() -> None:
    assert one(f"- {TASK} due 2028-02-29\n").due == dt.date(2028, 2, 29)


def test_due_in_json_is_iso_text() -> None:
    pm = parse(doc(f"- {TASK} by Dec 1 2026\n"))
    assert pm.to_contract()["actions"][0]["due"] == "2026-12-01"


def test_month_names_the_ignore_case_pattern_matches_in_other_forms_are_read() -> None:
    """"ſept" (long s) matches the month pattern; reading it must not crash the parse."""
    found = find_dates("due ſept 3, 2026")
    assert [(m.value, m.raw) for m in found] == [(dt.date(2026, 9, 3), "ſept 3, 2026")]
