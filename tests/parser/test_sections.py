"""Which headings announce action items: any level, case, numbering or punctuation."""

from __future__ import annotations

import pytest

from tests.parser.helpers import parse

TIMELINE = "## Timeline\n\n- 10:00 paged the on-call\n- 10:40 we decided to roll back\n\n"


@pytest.mark.parametrize("heading", [
    "## Action Items", "# ACTION ITEMS:", "### action items", "#### Action items (tracked)",
    "## 5. Follow-ups", "## Follow-up tasks", "## Follow up",
    "## Corrective and Preventive Actions", "## Corrective actions", "## Preventive measures",
    "## Next steps", "## Next Steps:",
    "## Action plan", "## TODO", "## To-do", "## Remediation", "## Remediation items",
    "## ☑️ Action Items", "## IV. Action items", "## Improvements",
    "Next Steps\n----------", "Action Items\n============",
])
def test_action_headings(heading: str) -> None:
    text = f"# DB failover\n\n{TIMELINE}{heading}\n\n- Add an alert on replica lag\n"
    assert [a.description for a in parse(text).actions] == ["Add an alert on replica lag"]


@pytest.mark.parametrize("label", ["Action Items", "ACTION ITEMS:", "**Action items**",
                                   "**Follow-ups:**", "Next steps:"])
def test_plain_line_labels_open_an_action_section(label: str) -> None:
    text = f"# DB failover\n\nWe rolled back.\n\n{label}\n\n- Add an alert on replica lag\n"
    assert [a.description for a in parse(text).actions] == ["Add an alert on replica lag"]


@pytest.mark.parametrize("heading", [
    "## Timeline", "## Summary", "## Impact", "## Root cause", "## Contributing factors",
    "## Resolution", "## Actions taken", "## Detection", "## Five whys", "## Background",
])
def test_non_action_sections_yield_nothing(heading: str) -> None:
    text = f"# DB failover\n\n{heading}\n\n- We rolled back the deploy\n1. Restarted the primary\n"
    assert parse(text).actions == []


def test_the_action_section_ends_at_the_next_heading_of_its_level() -> None:
    text = ("# DB failover\n\n## Action items\n\n- Add an alert\n\n### Done\n\n- Restart\n\n"
            f"{TIMELINE}")
    assert [a.description for a in parse(text).actions] == ["Add an alert", "Restart"]


def test_code_blocks_are_not_read() -> None:
    text = ("# DB failover\n\n```markdown\n## Action items\n\n- not a real item\n```\n\n"
            "    ## Action items\n    - indented code either\n")
    assert parse(text).actions == []


def test_document_without_actions_has_none() -> None:
    text = (f"# DB failover\n\n## Summary\n\nThe primary failed over.\n\n{TIMELINE}"
            "## Root cause\n\nA kernel bug.\n")
    pm = parse(text)
    assert pm.actions == [] and pm.problems == []
    assert pm.to_contract()["actions"] == []


def test_several_action_sections_are_all_read_in_order() -> None:
    text = ("# DB failover\n\n## Short-term follow-ups\n\n- First\n\n" + TIMELINE
            + "## Long-term corrective actions\n\n- Second\n")
    assert [a.description for a in parse(text).actions] == ["First", "Second"]
