"""Action tables: whatever the team called its columns, in whatever order."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.parser.helpers import BODY_LINE, actions, doc, one, parse, table


@pytest.mark.parametrize("name", ["Action", "Action item", "Item", "Task", "Description",
                                  "What", "Follow-up", "Remediation"])
def test_description_column_names(name: str) -> None:
    item = one(table(f"{name} | Owner", "Add an alert on replica lag | Ana"))
    assert (item.description, item.owner) == ("Add an alert on replica lag", "Ana")


@pytest.mark.parametrize("name", ["Owner", "Owners", "Assignee", "Who", "DRI", "Responsible"])
def test_owner_column_names(name: str) -> None:
    item = one(table(f"Action | {name}", "Add an alert on replica lag | @ana-silva"))
    assert item.owner == "@ana-silva"


@pytest.mark.parametrize("name", ["Due", "Due date", "Deadline", "Target date", "ETA", "When"])
def test_due_column_names(name: str) -> None:
    item = one(table(f"Action | {name}", "Add an alert on replica lag | 2026-03-01"))
    assert item.due == dt.date(2026, 3, 1)


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("Priority", "P1", "P1"), ("Severity", "high", "P1"), ("Prio", "critical", "P0"),
    ("Pri", "Medium", "P2"), ("Priority", "low", "P3"), ("Priority", "sev2", "P2"),
])
def test_priority_column_names(name: str, value: str, expected: str) -> None:
    item = one(table(f"Action | {name}", f"Add an alert on replica lag | {value}"))
    assert item.priority == expected


@pytest.mark.parametrize("name", ["Type", "Category", "Kind"])
def test_type_column_names(name: str) -> None:
    item = one(table(f"Action | {name}", "Add an alert on replica lag | Detect"))
    assert item.type == "detect"


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("Status", "Done", "done"), ("State", "In progress", "open"), ("Done?", "yes", "done"),
    ("Status", "TODO", "open"), ("Status", "Completed", "done"), ("Status", "✅", "done"),
    ("Done", "x", "done"), ("Status", "not done", "open"), ("Status", "", "unknown"),
])
def test_status_column_names_and_values(name: str, value: str, expected: str) -> None:
    item = one(table(f"Action | {name}", f"Add an alert on replica lag | {value}"))
    assert item.status == expected


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("Bug", "#412", "#412"), ("Issue", "acme/db#12", "acme/db#12"), ("Ticket", "OPS-77", "OPS-77"),
    ("Link", "https://github.com/acme/db/issues/9", "https://github.com/acme/db/issues/9"),
    ("Issue", "[#9](https://github.com/acme/db/issues/9)", "https://github.com/acme/db/issues/9"),
])
def test_ticket_column_names(name: str, value: str, expected: str) -> None:
    item = one(table(f"Action | {name}", f"Add an alert on replica lag | {value}"))
    assert item.ticket == expected


@pytest.mark.parametrize("name", ["ID", "#", "Ref"])
def test_id_column_gives_the_explicit_id(name: str) -> None:
    item = one(table(f"{name} | Action", "DB-7 | Add an alert on replica lag"))
    assert item.id == "DB-7"


def test_a_bare_row_number_is_not_an_id() -> None:
    found = actions(table("# | Action", "1 | Add an alert", "2 | Rotate the keys"))
    assert [a.id[:9] for a in found] == ["add-alert", "rotate-ke"]


def test_every_column_read_in_one_row_whatever_the_order() -> None:
    body = table("Ticket | Status | Type | Priority | Due | Owner | Task",
                 "acme/db#5 | open | prevent | P2 | 2026-04-01 | Bo Chen | Add a canary stage")
    item = one(body)
    assert item.model_dump(include={"description", "owner", "due", "priority", "type",
                                    "status", "ticket"}) == {
        "description": "Add a canary stage", "owner": "Bo Chen", "due": dt.date(2026, 4, 1),
        "priority": "P2", "type": "prevent", "status": "open", "ticket": "acme/db#5"}


def test_rows_keep_document_order_and_their_lines() -> None:
    found = actions(table("Action | Owner", "First | Ana", "Second | Bo", "Third | Cy"))
    assert [(a.description, a.line) for a in found] == [
        ("First", BODY_LINE + 2), ("Second", BODY_LINE + 3), ("Third", BODY_LINE + 4)]


def test_empty_cells_leave_fields_empty() -> None:
    item = one(table("Action | Owner | Due | Priority | Status", "Add a canary |  |  |  |  "))
    assert (item.owner, item.due, item.priority, item.status) == (None, None, None, "unknown")


@pytest.mark.parametrize("filler", ["-", "n/a", "TBD", "?"])
def test_filler_cells_are_empty(filler: str) -> None:
    item = one(table("Action | Owner | Due", f"Add a canary | {filler} | {filler}"))
    assert (item.owner, item.due) == (None, None)


def test_ragged_rows_warn_with_their_line_and_still_count() -> None:
    pm = parse(doc(table("Action | Owner | Due", "Short row | Ana",
                         "Long row | Bo | 2026-03-01 | surplus")))
    assert [a.owner for a in pm.actions] == ["Ana", "Bo"]
    assert [(p.line, p.severity) for p in pm.problems] == [
        (BODY_LINE + 2, "warning"), (BODY_LINE + 3, "warning")]
    assert "2 cells but the header has 3" in pm.problems[0].message


def test_row_without_description_is_a_warning_not_an_action() -> None:
    pm = parse(doc(table("Action | Owner", "Add a canary | Ana", " | Bo")))
    assert [a.description for a in pm.actions] == ["Add a canary"]
    assert [(p.line, p.severity) for p in pm.problems] == [(BODY_LINE + 3, "warning")]
    assert "no description" in pm.problems[0].message


@pytest.mark.parametrize(("bug", "status"), [
    ("~~#41~~", "done"),
    ("~~[#41](https://github.com/acme/db/issues/41)~~", "done"),
    ("#41 fixed", "done"), ("#41 DONE", "done"), ("#41 TODO", "open"), ("#41", "unknown"),
])
def test_status_hidden_in_the_bug_column(bug: str, status: str) -> None:
    item = one(table("Action | Owner | Bug", f"Add a disk alert | Ana | {bug}"))
    assert item.status == status
    assert item.ticket in ("#41", "https://github.com/acme/db/issues/41")


@pytest.mark.parametrize(("column", "cell", "ticket"), [
    ("Bug", "won't fix", None), ("Bug", "Won’t Fix", None), ("Bug", "WONTFIX", None),
    ("Bug", "#41 won't fix", "#41"), ("Bug", "#41 Cancelled", "#41"),
    ("Status", "won't fix", None), ("Status", "Won’t fix", None), ("Status", "DROPPED", None),
])
def test_wont_fix_in_a_bug_or_status_column_drops_the_action(
        column: str, cell: str, ticket: str | None) -> None:
    """A Bug column reading "won't fix" drops the action as "DONE" there closes it: done,
    closed as not planned (the vocabulary of a status column, any case, curly apostrophes)."""
    item = one(table(f"Action | Owner | {column}", f"Add a disk alert | Ana | {cell}"))
    assert (item.status, item.not_planned, item.ticket) == ("done", True, ticket)


def test_done_in_a_bug_column_is_done_not_dropped() -> None:
    item = one(table("Action | Owner | Bug", "Add a disk alert | Ana | n/a DONE"))
    assert (item.status, item.not_planned) == ("done", False)


def test_status_column_wins_over_a_struck_ticket() -> None:
    item = one(table("Action | Status | Bug", "Add a disk alert | open | ~~#41~~"))
    assert item.status == "open"


def test_timeframe_in_due_column_is_due_text_not_due() -> None:
    item = one(table("Action | Due", "Replace the queue | Q4 2026"))
    assert (item.due, item.due_text) == (None, "Q4 2026")


def test_impossible_date_in_due_column_warns() -> None:
    pm = parse(doc(table("Action | Due", "Replace the queue | 2026-02-30")))
    assert pm.actions[0].due is None
    assert pm.problems[0].line == BODY_LINE + 2 and "2026-02-30" in pm.problems[0].message


def test_table_after_a_plain_action_items_line() -> None:
    text = ("# API latency\n\nSome context.\n\nAction Items\n\n"
            + table("Action | Owner", "Add a canary | Ana"))
    assert [a.description for a in parse(text).actions] == ["Add a canary"]


def test_action_table_with_no_heading_above_it() -> None:
    text = ("# API latency\n\nWe rolled back at 10:40.\n\n"
            + table("Action item | Owner | Due", "Add a canary | Ana | 2026-03-01"))
    item = parse(text).actions[0]
    assert (item.description, item.owner, item.due) == ("Add a canary", "Ana",
                                                        dt.date(2026, 3, 1))


def test_tables_outside_action_sections_are_not_actions() -> None:
    text = ("# API latency\n\n## Timeline\n\n" + table("Time | Event", "10:00 | Paged",
                                                     "10:40 | Rolled back")
            + "\n## Impact\n\n" + table("Service | Errors", "api | 4%"))
    assert parse(text).actions == []


@pytest.mark.parametrize("row", [
    "<description> | <owner> | <date>", "TBD | TBD | TBD", "... | ... | ...",
    "Action item | Owner | Due date", "  |  |  ", "- | - | -",
])
def test_template_placeholder_rows_are_not_actions(row: str) -> None:
    pm = parse(doc(table("Action | Owner | Due", row)))
    assert pm.actions == []


def test_quoted_table_is_not_actions() -> None:
    body = "> | Action | Owner |\n> |---|---|\n> | Add a canary | Ana |\n"
    assert actions(body) == []


def test_definition_list_above_the_table_is_not_actions() -> None:
    body = ("- **Prevent** - stops it happening again\n- **Detect** - tells us sooner\n\n"
            + table("Action | Type", "Add a canary stage | Prevent"))
    found = actions(body)
    assert [(a.description, a.type) for a in found] == [("Add a canary stage", "prevent")]


def test_escaped_pipe_stays_in_the_cell() -> None:
    pm = parse(doc(table("Action | Owner", r"Split `a \| b` parsing | Ana")))
    assert pm.actions[0].owner == "Ana" and pm.problems == []
