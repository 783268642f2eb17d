"""Small builders for parser tests: a realistic document around the part under test."""

from __future__ import annotations

from action_tracker.models import ActionItem, Postmortem
from action_tracker.parsing import parse_text

PATH = "postmortems/2026-01-10-api-latency.md"
# "# API latency" / blank / "Date: …" / blank / heading / blank: the body starts on line 7.
BODY_LINE = 7


def doc(body: str, heading: str = "## Action items") -> str:
    """``body`` under ``heading`` in a short postmortem with a title and a date."""
    return f"# API latency\n\nDate: 2026-01-10\n\n{heading}\n\n{body}"


def parse(text: str, path: str = PATH) -> Postmortem:
    return parse_text(text, path)


def actions(body: str, heading: str = "## Action items") -> list[ActionItem]:
    return parse(doc(body, heading)).actions


def one(body: str, heading: str = "## Action items") -> ActionItem:
    """The single action ``body`` yields (fails the test when there are more or fewer)."""
    found = actions(body, heading)
    assert len(found) == 1, [a.description for a in found]
    return found[0]


def table(header: str, *rows: str) -> str:
    """A pipe table from ``"A | B"`` strings (the delimiter row is added)."""
    width = header.count("|") + 1
    lines = [f"| {header} |", "|" + "---|" * width] + [f"| {row} |" for row in rows]
    return "\n".join(lines) + "\n"
