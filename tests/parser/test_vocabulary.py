"""Every word of the parser's vocabulary (``action_tracker.parsing.fields.vocabulary``) is
read in every place its list serves: a word added to a list is read everywhere that list is
read, as these tests check word by word through the public parser."""

from __future__ import annotations

import datetime as dt

import pytest

from action_tracker.models import ActionItem
from action_tracker.parsing import parse_text
from action_tracker.parsing.fields.vocabulary import (
    CANCELLED_WORDS,
    COLUMN_WORDS,
    DOCUMENT_KEYS,
    DONE_WORDS,
    DUE_KEYS,
    DUE_PREPOSITIONS,
    DUE_SENTENCE_ONLY,
    DUE_TIMEFRAME_KEYS,
    FRONT_MATTER_KEYS,
    LEAD_STATUS_TAGS,
    OPEN_WORDS,
    OWNER_KEYS,
    OWNER_PART_KEYS,
    OWNER_SENTENCE_KEYS,
    PRIORITY_KEYS,
    PRIORITY_WORDS,
    STATUS_KEYS,
    STATUS_PART_KEYS,
    TICKET_LINE_KEYS,
    TRAIL_STATUS_TAGS,
    TYPE_KEYS,
    TYPE_WORDS,
)
from tests.parser.helpers import doc, one, parse, table

DUE = dt.date(2026, 3, 1)


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _spellings(word: str) -> list[str]:
    return [word, _cap(word), word.upper()]


# --- owner -----------------------------------------------------------------------------------

@pytest.mark.parametrize("key", OWNER_KEYS)
@pytest.mark.parametrize("shape", [
    "- Add the alert ({key}: Ana Lima)",            # a trailing group
    "- Add the alert — {key}: Ana Lima",           # after a dash
    "- Add the alert\n  - {key}: Ana Lima",        # a sub-bullet of its own
    "- Add the alert **{key}:** Ana Lima",         # the key in bold
    "- Add the alert. {key}: Ana Lima",            # closing the sentence
    "- Add the alert ({key}: Ana) and page the team",  # inside the sentence
])
def test_owner_keys(key: str, shape: str) -> None:
    for spelling in _spellings(key):
        action = one(shape.format(key=spelling))
        assert action.owner in ("Ana Lima", "Ana"), (spelling, action)
        assert action.description.startswith("Add the alert")


@pytest.mark.parametrize("key", OWNER_PART_KEYS)
def test_owner_part_keys(key: str) -> None:
    for spelling in _spellings(key):
        assert one(f"- Add the alert ({spelling}: Ana Lima, P2)").owner == "Ana Lima"


@pytest.mark.parametrize("key", OWNER_SENTENCE_KEYS)
def test_owner_sentence_keys(key: str) -> None:
    for spelling in _spellings(key):
        assert one(f"- Add the alert ({spelling}: Ana) and page the team").owner == "Ana"


# --- due -------------------------------------------------------------------------------------

@pytest.mark.parametrize("key", DUE_KEYS)
@pytest.mark.parametrize("shape", [
    "- Add the alert ({key}: 2026-03-01)",
    "- Add the alert — {key}: 2026-03-01",
    "- Add the alert\n  - {key}: 2026-03-01",
    "- Add the alert **{key}:** 2026-03-01",
    "- Add the alert {key} 2026-03-01",
    "- Add the alert {key} 2026-03-01 and page the team",
])
def test_due_keys(key: str, shape: str) -> None:
    for spelling in _spellings(key):
        action = one(shape.format(key=spelling))
        assert action.due == DUE, (spelling, action)


@pytest.mark.parametrize("word", DUE_PREPOSITIONS)
@pytest.mark.parametrize("shape", [
    "- Add the alert ({word} 2026-03-01)",
    "- Add the alert {word} 2026-03-01",
    "- Add the alert {word} 2026-03-01 and page the team",
    "- Add the alert ({word} 03/01)",
])
def test_due_prepositions(word: str, shape: str) -> None:
    for spelling in _spellings(word):
        action = one(shape.format(word=spelling))
        assert action.due == DUE or action.due_text == "03/01", (spelling, action)


@pytest.mark.parametrize("words", DUE_SENTENCE_ONLY)
def test_due_sentence_only_words(words: str) -> None:
    assert one(f"- Add the alert {words} 2026-03-01 and page the team").due == DUE


@pytest.mark.parametrize("key", DUE_TIMEFRAME_KEYS)
def test_due_timeframe_keys(key: str) -> None:
    for spelling in _spellings(key):
        assert one(f"- Add the alert ({spelling} Q3 2026)").due_text == "Q3 2026"


# --- priority, type, status, ticket keys ----------------------------------------------------

KEYED = [
    (PRIORITY_KEYS, "high", "priority", "P1"),
    (TYPE_KEYS, "detect", "type", "detect"),
    (STATUS_KEYS, "done", "status", "done"),
]


@pytest.mark.parametrize(("keys", "value", "attr", "expected"), KEYED)
@pytest.mark.parametrize("shape", [
    "- Add the alert\n  - {key}: {value}",
    "- Add the alert **{key}:** {value}",
    "- Add the alert ({key}: {value}) and page the team",
])
def test_field_keys(keys: tuple[str, ...], value: str, attr: str, expected: str,
                    shape: str) -> None:
    for key in keys:
        for spelling in _spellings(key):
            action = one(shape.format(key=spelling, value=value))
            assert getattr(action, attr) == expected, (spelling, action)


@pytest.mark.parametrize("keys", [PRIORITY_KEYS, TYPE_KEYS, STATUS_PART_KEYS])
def test_keys_in_a_trailing_group(keys: tuple[str, ...]) -> None:
    value = {PRIORITY_KEYS: "high", TYPE_KEYS: "detect", STATUS_PART_KEYS: "done"}[keys]
    for key in keys:
        action = one(f"- Add the alert ({key}: {value}, @ana)")
        assert (action.priority, action.type, action.status)[
            [PRIORITY_KEYS, TYPE_KEYS, STATUS_PART_KEYS].index(keys)] in ("P1", "detect", "done")
        assert action.description == "Add the alert"


@pytest.mark.parametrize("key", TICKET_LINE_KEYS)
def test_ticket_line_keys(key: str) -> None:
    for spelling in _spellings(key):
        assert one(f"- Add the alert\n  - {spelling}: QUE-17").ticket == "QUE-17"


# --- values ----------------------------------------------------------------------------------

@pytest.mark.parametrize("word", PRIORITY_WORDS)
def test_priority_words(word: str) -> None:
    for shape in ("- Add the alert ({word})", "- [{word}] Add the alert",
                  "- Add the alert\n  - Priority: {word}"):
        assert one(shape.format(word=word)).priority == PRIORITY_WORDS[word], (word, shape)


@pytest.mark.parametrize("word", [w for w in TYPE_WORDS if w != "fix"])
def test_type_words(word: str) -> None:
    for shape in ("- Add the alert ({word})", "- [{word}] Add the alert",
                  "- Add the alert\n  - Type: {word}"):
        assert one(shape.format(word=word)).type == TYPE_WORDS[word], (word, shape)


def test_fix_is_a_type_only_with_its_key() -> None:
    assert one("- Add the alert\n  - Type: fix").type == "fix"
    assert one("- Add the alert (fix)").type is None


def _status_row(word: str) -> ActionItem:
    return one(table("Action | Owner | Status", f"Add the alert | @ana | {word}"))


# Read otherwise today: "([ ])" is an empty bracket tag.
READ_OTHERWISE = {"[ ]": "unknown"}


@pytest.mark.parametrize("word", DONE_WORDS + CANCELLED_WORDS + OPEN_WORDS)
def test_status_words(word: str) -> None:
    expected = READ_OTHERWISE.get(word, "open" if word in OPEN_WORDS else "done")
    group = one(f"- Add the alert ({word})")
    assert group.status == expected and group.description == "Add the alert"
    if word in ("[ ]", "[x]"):
        return  # a checkbox: in a list item's marker, not in a table cell
    assert _status_row(word).status == expected
    assert _status_row(word).not_planned == (word in CANCELLED_WORDS)


@pytest.mark.parametrize("tag", LEAD_STATUS_TAGS)
def test_status_tags_leading_an_item(tag: str) -> None:
    action = one(f"- {tag.upper()}: Add the alert")
    assert action.description == "Add the alert"
    assert action.status == ("open" if tag in OPEN_WORDS else "done")


@pytest.mark.parametrize("tag", TRAIL_STATUS_TAGS + CANCELLED_WORDS)
def test_status_tags_trailing_a_ticket_cell(tag: str) -> None:
    action = one(table("Action | Owner | Bug", f"Add the alert | @ana | #12 {tag.upper()}"))
    assert action.status == ("open" if tag in OPEN_WORDS else "done")
    assert action.ticket == "#12"


# --- front matter, table columns, the document's keys ----------------------------------------

FRONT_VALUES = {"owner": ("Ana", "owner", "Ana"), "due": ("2026-03-01", "due", DUE),
                "priority": ("high", "priority", "P1"), "type": ("detect", "type", "detect"),
                "status": ("done", "status", "done"),
                "ticket": ("https://x/issues/4", "ticket", "https://x/issues/4")}


@pytest.mark.parametrize("field", FRONT_MATTER_KEYS)
def test_front_matter_keys(field: str) -> None:
    for key in FRONT_MATTER_KEYS[field]:
        if field == "description":
            text = f"---\nactions:\n  - {key}: Add the alert\n---\n# T\n"
            assert parse_text(text, "p.md").actions[0].description == "Add the alert"
            continue
        value, attr, expected = FRONT_VALUES[field]
        text = f"---\nactions:\n  - description: Add the alert\n    {key}: {value}\n---\n# T\n"
        assert getattr(parse_text(text, "p.md").actions[0], attr) == expected, key


COLUMN_VALUES = {"status": ("done", "status", "done"), "due": ("2026-03-01", "due", DUE),
                 "owner": ("@ana", "owner", "@ana"), "priority": ("high", "priority", "P1"),
                 "type": ("detect", "type", "detect"),
                 "ticket": ("#12", "ticket", "#12")}


@pytest.mark.parametrize("role", COLUMN_VALUES)
def test_column_words(role: str) -> None:
    value, attr, expected = COLUMN_VALUES[role]
    for word in COLUMN_WORDS[role]:
        action = one(table(f"Action | {_cap(word)}", f"Add the alert | {value}"))
        assert getattr(action, attr) == expected, word


@pytest.mark.parametrize("word", COLUMN_WORDS["description"])
def test_description_column_words(word: str) -> None:
    action = one(table(f"{_cap(word)} | Owner", "Add the alert | @ana"))
    assert action.description == "Add the alert"


DOCUMENT_VALUES = {"date": ("2025-11-02", "date", dt.date(2025, 11, 2)),
                   "severity": ("SEV2", "severity", "SEV2"),
                   "authors": ("Ana Lima", "authors", ["Ana Lima"]),
                   "title": ("Checkout outage", "title", "Checkout outage")}


@pytest.mark.parametrize("kind", DOCUMENT_VALUES)
def test_document_keys(kind: str) -> None:
    value, attr, expected = DOCUMENT_VALUES[kind]
    for key in DOCUMENT_KEYS[kind]:
        if kind == "authors" and key in DOCUMENT_KEYS["teams"]:
            continue  # "Team:" names who took part; tested below
        title = "" if kind == "title" else "# Outage\n\n"  # a heading would be the title
        text = f"{title}{_cap(key)}: {value}\n\n## Summary\n\nIt broke.\n"
        assert getattr(parse(text), attr) == expected, key


def test_document_status_keys() -> None:
    for key in DOCUMENT_KEYS["status"]:
        assert parse(f"# Outage\n\n{_cap(key)}: Draft\n").status == "Draft", key


@pytest.mark.parametrize("key", DOCUMENT_KEYS["teams"])
def test_team_keys(key: str) -> None:
    """A team the document says took part is an owner where an item starts with it."""
    text = doc("- Storage will add the alert\n").replace(
        "Date: 2026-01-10", f"Date: 2026-01-10\n\n{_cap(key)}: Storage")
    assert parse(text).actions[0].owner == "Storage", key
