"""Shapes real teams write that the parser once misread: blog bylines, Jira keys leading an
item, Google ``b/`` bugs, priority and type tags, italic owners, sub-task checkboxes,
"won't fix" items, dues without a year, and a header written as a bullet list.

Each test states what a careful engineer reads; the fixtures in ``fixtures/real_world``
(``blog-byline-date.md``, ``jira-keyed-tasks.md``, ``google-bug-refs.md``,
``status-and-due-shapes.md``) show the same shapes in whole documents.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.parser.helpers import actions, doc, one, parse, table

FIXTURES = Path(__file__).parent / "fixtures" / "real_world"
NO_DATE_PATH = "postmortems/checkout-outage.md"  # the file name states no date


def _fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


# 1. The incident's date, not the byline's.

@pytest.mark.parametrize("byline", [
    "*Posted by Ana Lima on December 3, 2026*",
    "Published December 3, 2026 by the SRE team",
    "By Ana Lima, December 3, 2026",
    "December 3, 2026 · 6 min read",
    "_Last updated: 2026-12-03_",
])
def test_a_byline_date_gives_way_to_the_incident_date(byline: str) -> None:
    text = (f"# Checkout outage\n\n{byline}\n\n"
            "On November 28, 2026 at 14:02 UTC checkout requests started failing.\n")
    assert parse(text, NO_DATE_PATH).date == dt.date(2026, 11, 28)


def test_the_blog_fixture_is_dated_by_its_incident() -> None:
    assert parse(_fixture("blog-byline-date.md"), NO_DATE_PATH).date == dt.date(2026, 11, 28)


def test_a_byline_date_is_kept_when_the_document_states_no_other() -> None:
    text = "# Checkout outage\n\nPosted by Ana on December 3, 2026\n\nCheckout failed.\n"
    assert parse(text, NO_DATE_PATH).date == dt.date(2026, 12, 3)


def test_a_date_key_still_beats_the_text() -> None:
    text = ("# Checkout outage\n\nPosted by Ana on December 3, 2026\n\nDate: 2026-11-27\n\n"
            "On November 28, 2026 the retries ran out.\n")
    assert parse(text, NO_DATE_PATH).date == dt.date(2026, 11, 27)


def test_by_a_time_is_not_a_byline() -> None:
    text = "# Checkout outage\n\nBy 14:00 UTC on November 28, 2026 the queue was full.\n"
    assert parse(text, NO_DATE_PATH).date == dt.date(2026, 11, 28)


# 2. A Jira key leading an item is its ticket; our own action numbering stays the id.

@pytest.mark.parametrize(("item", "ticket"), [
    ("- [NOTIF-201] Add a retry budget\n", "NOTIF-201"),
    ("- [ ] [OPS-12] Add a retry budget\n", "OPS-12"),
    ("- OPS-12: Add a retry budget\n", "OPS-12"),
])
def test_a_leading_jira_key_is_the_ticket(item: str, ticket: str) -> None:
    action = one(item)
    assert (action.description, action.ticket) == ("Add a retry budget", ticket)
    assert action.id.startswith("add-retry-budget-")


@pytest.mark.parametrize(("item", "expected"), [
    ("- [AI-3] Add a retry budget\n", "AI-3"),
    ("- FU-2: Add a retry budget\n", "FU-2"),
    ("- [ai-4] Add a retry budget\n", "ai-4"),
])
def test_action_numbering_stays_the_explicit_id(item: str, expected: str) -> None:
    action = one(item)
    assert (action.id, action.description, action.ticket) == (
        expected, "Add a retry budget", None)


def test_an_id_column_wins_and_the_leading_key_is_the_ticket() -> None:
    action = one(table("ID | Action", "DB-9 | [NOTIF-7] Add a retry budget"))
    assert (action.id, action.description, action.ticket) == (
        "DB-9", "Add a retry budget", "NOTIF-7")


def test_the_leading_key_is_resolved_by_a_link_to_it() -> None:
    action = one("- [OPS-12] Add a retry budget "
                 "([OPS-12](https://acme.atlassian.net/browse/OPS-12))\n")
    assert action.ticket == "https://acme.atlassian.net/browse/OPS-12"


def test_the_leading_key_beats_a_reference_at_the_end() -> None:
    action = one("- [OPS-12] Add a retry budget (#45)\n")
    assert (action.description, action.ticket) == ("Add a retry budget", "OPS-12")


# 3. Google's bug references.

@pytest.mark.parametrize("item", [
    "- Add a quota load test (b/338125)\n",
    "- Add a quota load test — b/338125\n",
    "- Add a quota load test, tracked in b/338125\n",
])
def test_a_b_slash_bug_is_the_ticket(item: str) -> None:
    assert one(item).ticket == "b/338125"


def test_a_path_with_b_slash_is_not_a_bug() -> None:
    assert one("- Clean up /tmp/b/338125 on the runners\n").ticket is None


# 4. and 6. Priority and type tags in front of the action.

@pytest.mark.parametrize("item", [
    "- P1: Add an alert on queue age\n",
    "- **P1:** Add an alert on queue age\n",
    "- P1 - Add an alert on queue age\n",
    "- [P1] Add an alert on queue age\n",
])
def test_a_leading_priority_tag_leaves_the_description(item: str) -> None:
    action = one(item)
    assert (action.description, action.priority) == ("Add an alert on queue age", "P1")


@pytest.mark.parametrize("item", [
    "- [P1][prevent] Add a canary stage\n",
    "- [prevent][P1] Add a canary stage\n",
    "- [ ] [P1] [prevent] Add a canary stage\n",
])
def test_adjacent_tags_are_all_read(item: str) -> None:
    action = one(item)
    assert (action.description, action.priority, action.type) == (
        "Add a canary stage", "P1", "prevent")


def test_priority_tagged_actions_are_not_a_definition_list() -> None:
    found = actions("- P1: Add an alert on queue age\n- P1: Cap retries at 5\n"
                    "- P2: Add a dashboard\n")
    assert [(a.description, a.priority) for a in found] == [
        ("Add an alert on queue age", "P1"), ("Cap retries at 5", "P1"),
        ("Add a dashboard", "P2")]


def test_a_priority_definition_list_is_still_skipped() -> None:
    assert actions("- P0 - Critical, fix this week\n- P1 - Important, fix this quarter\n"
                   "- P2 - Nice to have\n") == []


# 5. An owner in italics.

@pytest.mark.parametrize(("item", "owner"), [
    ("- Page on disk full _(Ana)_\n", "Ana"),
    ("- Page on disk full *(Ana Lima)*\n", "Ana Lima"),
    ("- Page on disk full *(owner: @ana, due 2026-12-01)*.\n", "@ana"),
])
def test_an_italic_owner_at_the_end(item: str, owner: str) -> None:
    action = one(item)
    assert (action.description, action.owner) == ("Page on disk full", owner)


def test_italic_words_that_are_not_metadata_stay() -> None:
    assert one("- Page on disk full _(see the runbook first)_\n").description == (
        "Page on disk full _(see the runbook first)_")


# 7. Sub-task checkboxes stay visible in the details.

def test_sub_task_checkboxes_are_kept_in_the_details() -> None:
    action = one("- [ ] Add a retry budget\n  - [x] agree on the budget\n"
                 "  - [ ] load test it\n  - write it up\n")
    assert action.details == ["[x] agree on the budget", "[ ] load test it", "write it up"]
    assert action.status == "open"


# 8. Closed-without-doing, dues without a year, verbs that are not owners, bullet headers.

@pytest.mark.parametrize("item", [
    "- Rewrite the rebuild in Rust — Won't fix\n",
    "- Rewrite the rebuild in Rust (wontfix)\n",
    "- Rewrite the rebuild in Rust (Cancelled)\n",
    "- Rewrite the rebuild in Rust | Status: Dropped\n",
])
def test_an_item_closed_without_doing_it_is_not_open_work(item: str) -> None:
    action = one(item)
    assert (action.description, action.status, action.owner, action.not_planned) == (
        "Rewrite the rebuild in Rust", "done", None, True)
    assert action.to_contract()["status"] == "done"  # the contract's three states only


def test_a_won_t_fix_status_column() -> None:
    action = one(table("Action | Status", "Rewrite the rebuild in Rust | Won't fix"))
    assert (action.status, action.not_planned) == ("done", True)


@pytest.mark.parametrize("status", ["Done", "Fixed", "not cancelled", "In progress"])
def test_only_dropped_work_is_not_planned(status: str) -> None:
    action = one(table("Action | Status", f"Rewrite the rebuild in Rust | {status}"))
    assert not action.not_planned


@pytest.mark.parametrize("item", [
    "- Check that the nightly backup is done\n",
    "- Decide when to call an incident resolved\n",
])
def test_a_status_word_ending_a_sentence_stays_in_it(item: str) -> None:
    action = one(item)
    assert (action.description, action.status) == (item[2:-1], "unknown")


def test_a_status_word_after_a_ticket_is_its_status() -> None:
    assert one("- Upgrade the broker, see #5522 fixed\n").status == "done"


@pytest.mark.parametrize(("item", "due_text"), [
    ("- Parallelise the rebuild (owner: @nadia, due: 12/15)\n", "12/15"),
    ("- Parallelise the rebuild, due EOW\n", "EOW"),
    ("- Parallelise the rebuild (by Dec 15)\n", "Dec 15"),
    ("- Parallelise the rebuild — due end of month\n", "end of month"),
])
def test_a_due_without_a_year_is_kept_as_text(item: str, due_text: str) -> None:
    action = one(item)
    assert (action.description, action.due, action.due_text) == (
        "Parallelise the rebuild", None, due_text)


@pytest.mark.parametrize("item", [
    "- Upgrade Postgres — the primary ran out of connections\n",
    "- Migrate DNS - follow the runbook from the last cut-over\n",
])
def test_a_task_before_a_dash_is_not_an_owner(item: str) -> None:
    action = one(item)
    assert (action.description, action.owner) == (item[2:-1], None)


def test_a_name_before_a_dash_is_still_the_owner() -> None:
    action = one("- Ana Lima — Upgrade the primary\n")
    assert (action.description, action.owner) == ("Upgrade the primary", "Ana Lima")


def test_a_header_written_as_a_bullet_list() -> None:
    text = ("# Search rebuild\n\n- **Date:** 2026-10-30\n- **Severity:** SEV3\n"
            "- Authors: Nadia Haddad, Tom Lee\n\n## Summary\n\nSlow.\n")
    pm = parse(text, NO_DATE_PATH)
    assert (pm.date, pm.severity, pm.authors) == (
        dt.date(2026, 10, 30), "SEV3", ["Nadia Haddad", "Tom Lee"])


def test_an_action_list_with_a_status_item_is_not_the_header() -> None:
    pm = parse(doc("- Status: done\n- Add a canary stage\n"))
    assert pm.status is None


@pytest.mark.parametrize(("item", "owner"), [
    ("- Rotate the certificates (owners: @ana, @bo)\n", "@ana, @bo"),
    ("- Rotate the certificates (Ana Lima, Bo Chen, 2026-12-01)\n", "Ana Lima, Bo Chen"),
    ("- Rotate the certificates (@ana, P1)\n", "@ana"),
])
def test_every_owner_of_a_group_is_kept(item: str, owner: str) -> None:
    action = one(item)
    assert (action.description, action.owner) == ("Rotate the certificates", owner)
