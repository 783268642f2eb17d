"""Owner, priority, type, ticket and status written inside a list item."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.parser.helpers import one

TASK = "Add an alert on replica lag"


@pytest.mark.parametrize(("line", "owner"), [
    (f"{TASK} @ana-silva", "@ana-silva"),
    (f"{TASK} (@ana-silva)", "@ana-silva"),
    (f"{TASK} (Ana Silva)", "Ana Silva"),
    (f"{TASK} — Ana Silva", "Ana Silva"),
    (f"{TASK}, owner: @ana-silva", "@ana-silva"),
    (f"{TASK} Owner: Ana Silva", "Ana Silva"),
    (f"{TASK}. Owner: Ana.", "Ana"),
    (f"{TASK} (owner: SRE team)", "SRE team"),
    (f"{TASK} (assignee: @acme/sre)", "@acme/sre"),
    (f"@ana-silva to {TASK.lower()}", "@ana-silva"),
])
def test_owner_forms(line: str, owner: str) -> None:
    assert one(f"- {line}\n").owner == owner


@pytest.mark.parametrize("line", [
    f"{TASK} @ana-silva", f"{TASK} (@ana-silva)", f"{TASK} (Ana Silva)", f"{TASK} — Ana Silva",
    f"{TASK}, owner: @ana-silva", f"{TASK} Owner: Ana Silva", f"{TASK} (owner: SRE team)",
    f"{TASK} (P1)", f"{TASK} [high]", f"{TASK}, priority: medium", f"{TASK} [prevent]",
    f"{TASK} (type: detect)", f"{TASK}, category: process", f"{TASK} (acme/db#12)",
    f"{TASK} — https://github.com/acme/db/issues/12", f"{TASK} (done)", f"~~{TASK}~~",
    f"✅ {TASK}", f"{TASK} ✅", f"{TASK} - fixed", f"[P1] {TASK}", f"**DONE** {TASK}",
    f"{TASK} (@ana, due 2026-03-01, P1, #12)",
])
def test_trailing_and_leading_metadata_leave_the_description(line: str) -> None:
    assert one(f"- {line}\n").description == TASK


@pytest.mark.parametrize("line", [
    f"[ ] {TASK} Owner: Ana Silva due 2026-03-01",
    f"{TASK} (owner: Ana Silva; due: March 1, 2026)",
    f"{TASK} — Ana Silva — 1 March 2026",
    f"{TASK}, owner: Ana Silva, by Mar 1 2026",
    f"{TASK} (owner: Ana Silva, by 2026-03-01, [high])",
])
def test_keyed_owner_next_to_a_due_date(line: str) -> None:
    item = one(f"- {line}\n")
    assert (item.description, item.owner, item.due) == (TASK, "Ana Silva",
                                                        dt.date(2026, 3, 1))


def test_names_at_the_end_of_a_sentence_stay_in_it() -> None:
    item = one("- Talk to Support\n")
    assert (item.description, item.owner) == ("Talk to Support", None)


@pytest.mark.parametrize(("tag", "priority"), [
    ("P0", "P0"), ("P1", "P1"), ("P2", "P2"), ("P3", "P3"), ("P4", "P4"),
    ("[high]", "P1"), ("(critical)", "P0"), ("[urgent]", "P0"), ("[sev1]", "P1"),
    (", priority: medium", "P2"), ("(priority: low)", "P3"), ("(lowest priority)", "P4"),
])
def test_priority_forms(tag: str, priority: str) -> None:
    sep = "" if tag.startswith(",") else " "
    assert one(f"- {TASK}{sep}{tag}\n").priority == priority


def test_unmapped_priority_word_is_kept_as_written() -> None:
    assert one(f"- {TASK} (priority: whenever)\n").priority == "whenever"


def test_no_priority_when_none_is_written() -> None:
    assert one(f"- {TASK} @ana\n").priority is None


@pytest.mark.parametrize(("tag", "kind"), [
    ("[mitigate]", "mitigate"), ("[prevent]", "prevent"), ("[detect]", "detect"),
    ("[repair]", "repair"), ("[process]", "process"), ("(type: prevention)", "prevent"),
    (", category: detection", "detect"),
])
def test_type_forms(tag: str, kind: str) -> None:
    sep = "" if tag.startswith(",") else " "
    assert one(f"- {TASK}{sep}{tag}\n").type == kind


def test_leading_type_tag() -> None:
    item = one(f"- [detect] {TASK}\n")
    assert (item.description, item.type) == (TASK, "detect")


@pytest.mark.parametrize(("text", "ticket"), [
    (f"{TASK} #123", "#123"),
    (f"{TASK} (acme/db#12)", "acme/db#12"),
    (f"{TASK} OPS-123", "OPS-123"),
    (f"{TASK} https://github.com/acme/db/issues/9", "https://github.com/acme/db/issues/9"),
    (f"{TASK} ([issue](https://github.com/acme/db/issues/9))",
     "https://github.com/acme/db/issues/9"),
    (f"[{TASK}](https://github.com/acme/db/pull/10)", "https://github.com/acme/db/pull/10"),
    (f"{TASK} (https://acme.atlassian.net/browse/OPS-5)",
     "https://acme.atlassian.net/browse/OPS-5"),
])
def test_ticket_forms(text: str, ticket: str) -> None:
    assert one(f"- {text}\n").ticket == ticket


def test_reference_style_link_is_resolved() -> None:
    body = (f"- {TASK} ([tracking issue][lag])\n- Rotate the keys [#77]\n\n"
            "[lag]: https://github.com/acme/db/issues/41\n"
            "[#77]: https://github.com/acme/db/issues/77\n")
    from tests.parser.helpers import actions

    assert [a.ticket for a in actions(body)] == ["https://github.com/acme/db/issues/41",
                                                 "https://github.com/acme/db/issues/77"]


@pytest.mark.parametrize("text", ["SHA-256 checksums for backups", "Move to TLS-13 ciphers",
                                  "Enable UTF-8 logs"])
def test_standard_names_are_not_tickets(text: str) -> None:
    assert one(f"- {text}\n").ticket is None


def test_link_to_documentation_is_not_a_ticket() -> None:
    item = one(f"- {TASK}, see [the runbook](https://wiki.acme.dev/runbooks/db)\n")
    assert item.ticket is None


@pytest.mark.parametrize(("text", "status"), [
    (f"~~{TASK}~~", "done"), (f"{TASK} (done)", "done"), (f"{TASK} - fixed", "done"),
    (f"{TASK} (completed)", "done"), (f"✅ {TASK}", "done"), (f"{TASK} ✅", "done"),
    (f"DONE: {TASK}", "done"), (f"{TASK} (in progress)", "open"), (f"TODO: {TASK}", "open"),
    (f"{TASK}, status: ongoing", "open"), (f"{TASK} (not done)", "open"), (TASK, "unknown"),
])
def test_status_forms(text: str, status: str) -> None:
    assert one(f"- {text}\n").status == status


def test_everything_at_once() -> None:
    item = one(f"- [ ] {TASK} (@ana, due 2026-03-01, P1, [prevent], acme/db#12)\n")
    assert item.model_dump(include={"description", "owner", "priority", "type", "status",
                                    "ticket"}) == {
        "description": TASK, "owner": "@ana", "priority": "P1", "type": "prevent",
        "status": "open", "ticket": "acme/db#12"}
    assert item.due is not None and item.due.isoformat() == "2026-03-01"


def test_emoji_in_the_text_are_kept() -> None:
    item = one("- 🚨 Page the DBA on replica lag 🔥 @ana\n")
    assert (item.description, item.owner) == ("🚨 Page the DBA on replica lag 🔥", "@ana")
