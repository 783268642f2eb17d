"""The parser on random postmortem-shaped text: it never raises, and what it returns is
valid contract JSON with lines inside the document."""

from __future__ import annotations

import json

from hypothesis import given

from action_tracker.parsing import parse_text
from tests.fuzz.strategies import FUZZ, documents, front_matter


def _check(text: str) -> None:
    pm = parse_text(text, "postmortems/fuzz.md")
    data = json.loads(json.dumps(pm.to_contract()))
    assert set(data) >= {"path", "id", "title", "date", "actions", "lessons", "problems"}
    assert isinstance(data["id"], str) and data["id"]
    last = text.count("\n") + text.count("\r") + 2
    for action in data["actions"]:
        assert isinstance(action["id"], str) and action["id"]
        assert isinstance(action["description"], str) and action["description"]
        assert action["status"] in ("open", "done", "unknown")
        assert action["line"] is None or 1 <= action["line"] <= last
    for problem in data["problems"]:
        assert problem["severity"] in ("error", "warning")
        assert problem["line"] is None or 1 <= problem["line"] <= last


@FUZZ
@given(documents)
def test_parse_text_never_raises_and_returns_contract_json(text: str) -> None:
    _check(text)


@FUZZ
@given(front_matter)
def test_front_matter_of_any_shape_never_raises(text: str) -> None:
    _check(text + "# T\n\n## Action items\n\n- Fix it\n")
