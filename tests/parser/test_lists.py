"""Actions written as task lists, bullets and numbered lists, with groups and sub-items."""

from __future__ import annotations

import pytest

from tests.parser.helpers import BODY_LINE, actions, doc, one, parse


@pytest.mark.parametrize(("line", "status"), [
    ("- [ ] Add an alert on replica lag", "open"),
    ("- [x] Add an alert on replica lag", "done"),
    ("* [X] Add an alert on replica lag", "done"),
    ("+ [ ] Add an alert on replica lag", "open"),
    ("1. [x] Add an alert on replica lag", "done"),
    ("- Add an alert on replica lag", "unknown"),
    ("1. Add an alert on replica lag", "unknown"),
    ("3) Add an alert on replica lag", "unknown"),
])
def test_list_shapes(line: str, status: str) -> None:
    item = one(line + "\n")
    assert (item.description, item.status) == ("Add an alert on replica lag", status)


def test_checkbox_wins_over_words_in_the_text() -> None:
    assert one("- [x] Stop the cron job (in progress)\n").status == "done"


def test_items_keep_document_order_and_lines() -> None:
    found = actions("- [ ] First\n- [x] Second\n\n1. Third\n2. Fourth\n")
    assert [(a.description, a.line) for a in found] == [
        ("First", BODY_LINE), ("Second", BODY_LINE + 1),
        ("Third", BODY_LINE + 3), ("Fourth", BODY_LINE + 4)]


def test_nested_items_are_details_of_their_parent() -> None:
    body = ("- [ ] Make health checks ack-aware @bo\n"
            "  - cover the dead-letter queue\n"
            "    - and the retry topic\n"
            "  - [x] draft the design\n"
            "- [ ] Add a consumer lag panel\n")
    first, second = actions(body)
    assert first.details == ["cover the dead-letter queue", "and the retry topic",
                             "[x] draft the design"]  # a sub-step's checkbox stays visible
    assert (first.owner, first.status) == ("@bo", "open")
    assert second.details == []


def test_nested_numbered_items_are_details() -> None:
    found = actions("1. Replace the queue\n   1. benchmark candidates\n   2. plan cut-over\n")
    assert [(a.description, a.details) for a in found] == [
        ("Replace the queue", ["benchmark candidates", "plan cut-over"])]


def test_later_paragraphs_of_an_item_are_details() -> None:
    item = one("- Add a canary stage\n\n  It should hold 5% of traffic for an hour.\n")
    assert item.details == ["It should hold 5% of traffic for an hour."]


def test_a_sub_item_saying_it_is_done_marks_the_parent_done() -> None:
    assert one("- Rotate the leaked key\n  - This has been done.\n").status == "done"


def test_wrapped_lines_are_joined() -> None:
    item = one("- Add an alert on replica lag\n  above five minutes @ana\n")
    assert (item.description, item.owner) == ("Add an alert on replica lag above five minutes",
                                              "@ana")


def test_empty_task_box_warns_with_its_line() -> None:
    pm = parse(doc("- [ ] Real action\n- [ ]\n"))
    assert [a.description for a in pm.actions] == ["Real action"]
    assert [(p.line, p.severity) for p in pm.problems] == [(BODY_LINE + 1, "warning")]
    assert "no text" in pm.problems[0].message


@pytest.mark.parametrize("line", ["- @ana, 2026-03-01", "- [ ] @ana due 2026-03-01",
                                  "- [ ] (@ana, P1)"])
def test_item_that_is_only_metadata_warns(line: str) -> None:
    pm = parse(doc(f"{line}\n- Real action\n"))
    assert [a.description for a in pm.actions] == ["Real action"]
    assert [(p.line, p.severity) for p in pm.problems] == [(BODY_LINE, "warning")]


@pytest.mark.parametrize("body", ["- TBD\n", "- ...\n", "- <action item>\n", "- N/A\n",
                                  "- _List the follow-ups here._\n", "None.\n"])
def test_placeholders_are_not_actions(body: str) -> None:
    assert actions(body) == []


def test_quoted_lists_are_not_actions() -> None:
    found = actions("> - we should probably fix this (chat log)\n\n- [ ] Real one\n")
    assert [a.description for a in found] == ["Real one"]


def test_definition_list_of_types_is_not_actions() -> None:
    body = ("- Mitigate: reduce the impact\n- Prevent: stop it recurring\n"
            "- Detect: find out sooner\n")
    assert actions(body) == []


def test_group_headings_carry_status_to_their_items() -> None:
    body = ("### Completed\n\n- Restart the brokers\n\n"
            "### In progress\n\n- Make health checks ack-aware\n\n"
            "### Done (ops team)\n\n1. Page on queue age\n")
    assert [(a.description, a.status) for a in actions(body)] == [
        ("Restart the brokers", "done"), ("Make health checks ack-aware", "open"),
        ("Page on queue age", "done")]


def test_group_heading_carries_ticket_and_timeframe() -> None:
    body = ("### Short term ([tracking issue](https://github.com/acme/q/issues/5))\n\n"
            "- Add a lag panel\n\n"
            "### Long term (Q3 2026)\n\n- Replace the queue\n- Shard by tenant due 2026-10-01\n")
    panel, queue, shard = actions(body)
    assert panel.ticket == "https://github.com/acme/q/issues/5"
    assert (queue.due, queue.due_text) == (None, "Q3 2026")
    assert shard.due is not None and shard.due_text is None  # its own date wins


def test_group_heading_names_the_type() -> None:
    body = "### Prevent\n\n- Add a canary stage\n\n### Detect\n\n- Alert on queue age\n"
    assert [a.type for a in actions(body)] == ["prevent", "detect"]


def test_item_fields_win_over_the_group() -> None:
    body = "### Done\n\n- [ ] Still open despite the group\n"
    assert one(body).status == "open"


def test_bold_labels_inside_a_section_group_items() -> None:
    body = "**Completed:**\n\n- Restart the brokers\n\n**Next:**\n\n- Replace the queue\n"
    assert [(a.description, a.status) for a in actions(body)] == [
        ("Restart the brokers", "done"), ("Replace the queue", "unknown")]


def test_action_point_paragraph_anywhere() -> None:
    text = ("# Queue outage\n\n## Discussion\n\nWe talked about upgrades.\n\n"
            "Action point: write a broker upgrade guide @kim\n")
    item = parse(text).actions[0]
    assert (item.description, item.owner, item.line) == ("write a broker upgrade guide",
                                                         "@kim", 7)


def test_list_beside_an_action_table_is_not_counted_twice() -> None:
    body = ("| Action | Owner |\n|---|---|\n| Add a canary stage | Ana |\n\n"
            "In short:\n\n- Add a canary stage\n")
    assert [a.description for a in actions(body)] == ["Add a canary stage"]


def test_task_list_beside_an_action_table_is_still_actions() -> None:
    body = ("| Action | Owner |\n|---|---|\n| Add a canary stage | Ana |\n\n"
            "**Later (Q3 2026):**\n\n- [ ] Replace the queue @bo\n")
    found = actions(body)
    assert [(a.description, a.due_text) for a in found] == [
        ("Add a canary stage", None), ("Replace the queue", "Q3 2026")]
