"""Action ids survive unrelated edits; explicit ids win; repeats are numbered."""

from __future__ import annotations

import pytest

from tests.parser.helpers import actions, doc, parse, table

ITEMS = "- Add a lag alert @ana\n- Script the failover (Bo)\n- Rotate the keys\n"


def ids(body: str) -> dict[str, str]:
    return {a.description: a.id for a in actions(body)}


def test_ids_are_the_same_on_every_parse() -> None:
    assert ids(ITEMS) == ids(ITEMS)


def test_adding_an_action_before_keeps_the_others_ids() -> None:
    before = ids(ITEMS)
    after = ids("- Write a runbook\n" + ITEMS)
    assert {k: after[k] for k in before} == before


def test_fixing_a_typo_elsewhere_keeps_the_other_ids() -> None:
    before = ids(ITEMS)
    after = ids(ITEMS.replace("Rotate the keys", "Rotate the API keys"))
    assert after["Add a lag alert"] == before["Add a lag alert"]
    assert after["Script the failover"] == before["Script the failover"]
    assert after["Rotate the API keys"] != before["Rotate the keys"]


def test_changing_owner_or_moving_to_a_table_keeps_the_id() -> None:
    listed = ids("- Add a lag alert @ana due 2026-03-01\n")
    moved = ids(table("Action | Owner", "Add a lag alert | Bo"))
    assert listed == moved


def test_edits_to_the_rest_of_the_document_keep_ids() -> None:
    first = parse(doc(ITEMS)).actions
    edited = parse("# API latency (edited)\n\nNew summary.\n\n" + doc(ITEMS)).actions
    assert [a.id for a in first] == [a.id for a in edited]


def test_derived_id_is_a_readable_slug_plus_hash() -> None:
    (item,) = actions("- Add an alert on the replica lag\n")
    slug, digest = item.id.rsplit("-", 1)
    assert slug == "add-alert-replica-lag"
    assert len(digest) == 6 and all(c in "0123456789abcdef" for c in digest)


@pytest.mark.parametrize(("body", "expected"), [
    ("- [AI-3] Add a lag alert\n", "AI-3"),
    ("- AI-4: Add a lag alert\n", "AI-4"),
    (table("ID | Action", "DB-9 | Add a lag alert"), "DB-9"),
])
def test_explicit_id_wins(body: str, expected: str) -> None:
    (item,) = actions(body)
    assert (item.id, item.description) == (expected, "Add a lag alert")


def test_explicit_id_from_front_matter() -> None:
    pm = parse("---\nactions:\n  - id: FM-1\n    description: Add a lag alert\n---\n# T\n")
    assert pm.actions[0].id == "FM-1"


def test_repeated_descriptions_get_numbered_suffixes_in_order() -> None:
    found = actions("- Rotate the keys\n- Add a lag alert\n- Rotate the keys\n"
                    "- Rotate the keys\n")
    base = found[0].id
    assert [a.id for a in found] == [base, found[1].id, f"{base}-2", f"{base}-3"]


def test_repeated_explicit_ids_are_kept_for_validate_to_report() -> None:
    found = actions("- [AI-1] Add a lag alert\n- [AI-1] Rotate the keys\n")
    assert [a.id for a in found] == ["AI-1", "AI-1"]


def test_markup_does_not_change_the_id() -> None:
    plain = ids("- Add a lag alert\n")["Add a lag alert"]
    (styled,) = actions("- **Add a lag alert**\n")
    assert styled.id == plain


def test_document_id_from_front_matter_else_file_stem() -> None:
    assert parse("---\nid: pm-7\n---\n# T\n", "docs/2026-01-12-lag.md").id == "pm-7"
    assert parse("# T\n", "docs/2026-01-12-lag.md").id == "2026-01-12-lag"


def test_line_numbers_are_one_based_file_lines_with_front_matter() -> None:
    text = ("---\ntitle: Lag\nauthors:\n  - Ana\n---\n\n# Lag\n\n## Action items\n\n"
            "| Action | Owner |\n|---|---|\n| Add a lag alert | Ana |\n\n## Follow-ups\n\n"
            "- [ ] Rotate the keys\n  continued here\n- Script the failover\n")
    assert [(a.description, a.line) for a in parse(text).actions] == [
        ("Add a lag alert", 13), ("Rotate the keys continued here", 17),
        ("Script the failover", 19)]
