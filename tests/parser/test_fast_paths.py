"""The parser's speed shortcuts (masking inert sections, reading plain sections without
markdown-it) must never change a result: each test compares with the plain markdown-it path."""

from __future__ import annotations

import random
import re

import pytest

import action_tracker.parsing as parsing
from action_tracker.parsing import parse_text, sections
from action_tracker.parsing.document import parse_markdown
from action_tracker.parsing.masking import _KEYWORD_RE, mask_inert_sections
from action_tracker.parsing.simple_blocks import plan

POSTMORTEM = """\
# Checkout outage

Date: 2026-03-02

## Summary

Payments failed for 40 minutes after a config push.

## Timeline

- 10:02 config pushed
- 10:10 alerts fired

## Action items

- [ ] Add a canary stage @ana due 2026-04-01
- [x] Roll back the config (owner: @bo)
  - verified in staging

| Action | Owner | Due |
|---|---|---|
| Alert on error rate | @cy | 2026-05-01 |

## Lessons learned

### What went well

- Paging worked.
"""

FRAGMENTS = [
    "Action Items:", "**What went well**", "Action point: write the runbook @lee",
    "Date: 2021-03-04", "Status: resolved", "It started in 2019.", "| Task | Owner |",
    "|---|---|", "| Fix the alert | @ana |", "[1]: https://github.com/o/r/issues/1",
    "See [the ticket][1].", "> ## Follow-ups", "Setext title", "===", "---", "```",
    "<!--", "-->", "<div>", "    indented", "- [ ] task @bo due 2026-01-02", "* bullet",
    "  * detail", "1. first", "To (x) do", "to", "do", "Next steps", "\u00a0", "",
    "Plain prose about the incident.", "- 10:32 paged", "#hashtag", "   # indented heading",
    "- **Severity:** SEV3", "* Authors: Ana Lima, Bo Chen", "1. Severity: SEV2",
    "+ Title: Checkout outage",
]
HEADINGS = ["Summary", "Timeline", "Impact", "Action Items", "Follow-ups", "Lessons learned",
            "What went wrong", "Database", "Immediate (done)", "References", "Root cause"]


def _without_shortcuts(monkeypatch: pytest.MonkeyPatch, text: str, path: str) -> object:
    with monkeypatch.context() as patch:
        patch.setattr(parsing, "prepare", lambda body: (body, []))
        return parse_text(text, path).to_contract()


def _documents() -> list[str]:
    rng = random.Random(5)
    docs = [POSTMORTEM]
    for _ in range(150):
        lines: list[str] = []
        for _ in range(rng.randint(1, 7)):
            lines.append("#" * rng.choice([1, 2, 2, 3]) + " " + rng.choice(HEADINGS))
            lines.extend(rng.choice(FRAGMENTS) for _ in range(rng.randint(0, 6)))
        docs.append("\n".join(lines))
    return docs


def test_results_are_those_of_plain_markdown_it(monkeypatch: pytest.MonkeyPatch) -> None:
    for index, text in enumerate(_documents()):
        path = f"doc-{index}.md"
        assert parse_text(text, path).to_contract() == _without_shortcuts(monkeypatch, text, path)


def test_summary_and_timeline_are_blanked_line_for_line() -> None:
    masked = mask_inert_sections(POSTMORTEM)
    assert masked.count("\n") == POSTMORTEM.count("\n")
    assert "Payments failed" not in masked and "10:02 config pushed" not in masked
    assert "## Summary" in masked and "## Timeline" in masked
    assert "Date: 2026-03-02" in masked and "Add a canary stage" in masked


@pytest.mark.parametrize("line", [
    "Action Items:", "What went well", "Date: 2020-01-01", "It happened in 2019.",
    "| a | b |", "[1]: https://example.com/issues/1", "Action point: page the owner",
    "To (x) do", "> quoted", "- **Severity:** SEV3", "* Authors: Ana Lima",
    "2. Severity: SEV1",
])
def test_a_section_with_something_read_elsewhere_is_kept(line: str) -> None:
    text = f"# Title\n\n## Background\n\nSome prose.\n{line}\n\n## Impact\n\nMore prose.\n"
    masked = mask_inert_sections(text)
    assert line in masked and "Some prose." in masked
    assert "More prose." not in masked


def test_nothing_is_masked_after_a_heading_the_scan_cannot_follow() -> None:
    text = "# T\n\n## Action items\n\nSetext\n---\n\n### Database\n\nprose\n"
    assert mask_inert_sections(text) == text


def test_nothing_is_masked_with_an_indented_fence() -> None:
    text = "## Summary\n\n- item\n\n  ```\n## Not a heading\n  ```\n\n## Impact\n\nprose\n"
    assert mask_inert_sections(text) == text


def test_every_section_name_alternative_has_a_masking_keyword() -> None:
    """A new alternative in ``sections`` needs its word in ``masking._KEYWORD_RE``."""
    for pattern in (sections._WELL, sections._WRONG, sections._LUCKY, sections._LESSONS,
                    sections._ACTIONS):
        depth, current, alternatives = 0, "", []
        for ch in pattern.pattern:
            depth += {"(": 1, ")": -1}.get(ch, 0)
            if ch == "|" and depth == 0:
                alternatives.append(current)
                current = ""
            else:
                current += ch
        alternatives.append(current)
        for alternative in alternatives:
            letters = re.sub(r"[^a-z0-9]", "", alternative.lower())
            assert _KEYWORD_RE.search(letters), alternative


@pytest.mark.parametrize("body", [
    "- [ ] one @ana\n- [x] two\n\n- three",
    "* parent (owner: @bo, [high])\n  * detail one\n  + detail two\n* next",
    "1. first\n1. second\n\n10. tenth\n    - sub",
    "Lead in line\nwrapped here\n\n- a\n\nAfter the list.",
    "| Action | Owner | Due |\n|:--|--:|---|\n| Fix a\\|b | @cy |\n| x | y | z | extra |",
    "- see [link](https://example.com/issues/4)\n- a `code` and <b>html</b> &amp; more",
])
def test_plain_sections_read_without_markdown_it_match_it(body: str) -> None:
    lines = body.split("\n")
    assert plan(lines) is not None
    assert parse_markdown(body, sections=[(0, len(lines))]).blocks == parse_markdown(body).blocks


@pytest.mark.parametrize("body", [
    "| e |\x1f\n|---|---|\n| c |",  # header of one column in 4.0-4.2, of two in 4.3
    "| e |\x85\t\n|---|---|\n\nText",
    "| A\x85 | \x1cB |\n|---|---|\n| \x1fc\u3000 | d\x1d |\x85",
    "Lead in\x1e\n\n- item\x85",
])
def test_edge_characters_are_trimmed_as_the_installed_markdown_it_trims_them(body: str) -> None:
    """markdown-it-py 4.3 keeps U+001C-U+001F and U+0085 at the edges of a cell or line,
    4.0-4.2 trim them (``str.strip()``): the shortcut follows the installed release (CI runs
    the suite on the lowest allowed versions too)."""
    lines = body.split("\n")
    assert parse_markdown(body, sections=[(0, len(lines))]).blocks == parse_markdown(body).blocks


@pytest.mark.parametrize("body", [
    "- item\nlazy continuation",
    "Paragraph\n- list right below",
    "- item\n\n  - sub-item after a blank line",
    "- item\n   - sub-item at the wrong indent",
    "- # heading in an item",
    "| a | b |\n|---|---|\n| c | d |\ntext row",
    "  indented text",
])
def test_anything_else_is_left_to_markdown_it(body: str) -> None:
    assert plan(body.split("\n")) is None


def _top_level_alternatives(pattern: str) -> list[str]:
    body = pattern.removeprefix("^(?:").removesuffix(")$")
    out, depth, current = [], 0, ""
    for char in body:
        depth += char == "("
        depth -= char == ")"
        if char == "|" and depth == 0:
            out.append(current)
            current = ""
        else:
            current += char
    return [*out, current]


def test_masking_key_lookahead_knows_every_metadata_key_s_first_letter() -> None:
    """Masking skips lines whose first letter starts no metadata key; a key added to
    ``metadata`` with a new first letter (or a leading group) must be seen there too."""
    from action_tracker.parsing.masking import _KEY_FIRST
    from action_tracker.parsing.metadata import KEY_PATTERNS

    for pattern in KEY_PATTERNS:
        for alternative in _top_level_alternatives(pattern.pattern):
            assert alternative[0].isalpha() and alternative[0] in _KEY_FIRST, alternative
            key = re.sub(r"\(\?:[^)]*\)\?|\?", "", alternative)  # one spelling it matches
            text = "## Background\n\nProse.\n- " + key + ": x\n"
            assert "Prose." in mask_inert_sections("# T\n\n" + text + "## Impact\n\nmore\n")
