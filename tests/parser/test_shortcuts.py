"""The parser's speed shortcuts change no result: with them on and off
(``action_tracker.parsing.shortcuts``), every Markdown file in the repository, seeded random
mutations of those files and generated documents parse to the same contract JSON.

These checks can be re-run from a clone at any size: ``SHORTCUT_DOCS=30000 python -m pytest
tests/parser/test_shortcuts.py`` compares 30,000 mutated documents (default: 300), and
``FUZZ_EXAMPLES`` raises the Hypothesis runs as for the other fuzz tests."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from action_tracker.parsing import parse_text, shortcuts
from action_tracker.parsing.document import parse_markdown
from action_tracker.parsing.frontmatter import FrontMatter, split_front_matter
from action_tracker.parsing.simple_blocks import plan
from tests.fuzz.strategies import FUZZ, PIECES, documents

ROOT = Path(__file__).resolve().parents[2]
REPOSITORY_DOCS = sorted([*(ROOT / "examples" / "postmortems").glob("*.md"),
                          *(ROOT / "tests").rglob("*.md")])
MUTATED = int(os.environ.get("SHORTCUT_DOCS", "300"))


def _both_ways(text: str, path: str = "postmortems/doc.md") -> tuple[object, object]:
    fast = parse_text(text, path).to_contract()
    with shortcuts.disabled():
        plain = parse_text(text, path).to_contract()
    return fast, plain


def test_the_switch_turns_the_shortcuts_off_and_back_on() -> None:
    assert shortcuts.ENABLED
    with shortcuts.disabled():
        assert not shortcuts.ENABLED
    assert shortcuts.ENABLED


@pytest.mark.parametrize("path", REPOSITORY_DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_markdown_file_in_the_repository(path: Path) -> None:
    fast, plain = _both_ways(path.read_text(encoding="utf-8"), path.name)
    assert fast == plain


def test_there_are_documents_to_compare() -> None:
    assert len(REPOSITORY_DOCS) >= 30


# Pieces spliced into documents: metadata shapes, Markdown structure and the characters the
# shortcuts look for (a heading, a fence, HTML, a table pipe, an indented sub-item).
SNIPPETS = [
    "(owner: Ana Lima)", " — @ana", "[P1] ", "[prevent]", "~~", "Q3 2026", "due 1 Dec 2026",
    "| x | y |", "by 2026-02-30", "#123", "ABC-42", "https://github.com/o/r/issues/7",
    "**Owner:** Bo", "✅ ", "DONE: ", "(Ana, 2026-03-01)", ", P2", "; status: done",
    " - SRE team", "<https://jira.example.com/browse/AB-1>", "[link](http://x/pull/3)",
    "_(Ana)_", "next sprint", "Owner: Bo Chen", "priority: high", "type: detect",
    "03/04/2026", "`code`", "\\|", "&amp;", "<br>", "\n", "\n\n", "  ", "    ", "# ",
    "## Action Items\n", "### What went well\n", "- [ ] ", "- [x] ", "1. ", "* ", "> ",
    "```\n", "---\n", "===\n", "Action Items:\n", "Lessons learned\n", "Date: 2025-11-02\n",
    "[ref]: http://x/issues/9\n", "| Action | Owner | Due |\n|---|---|---|\n", "<!-- c -->",
    "<div>\n", "~~~\n", "\t", "(", ")", "[", "]", ":", "|", "@", "*", "_", "\x85", "\x1c",
    "title: x\n", "---\ntitle: T\ndate: 2026-01-02\n---\n",
]


def _mutate(text: str, rng: random.Random) -> str:
    """A few random line deletions, copies, swaps and spliced-in snippets."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 6)):
        index = rng.randrange(len(lines))
        op = rng.random()
        if op < 0.2 and len(lines) > 1:
            del lines[index]
        elif op < 0.35:
            lines.insert(index, lines[rng.randrange(len(lines))])
        elif op < 0.45:
            other = rng.randrange(len(lines))
            lines[index], lines[other] = lines[other], lines[index]
        else:
            at = rng.randint(0, len(lines[index]))
            lines[index] = lines[index][:at] + rng.choice(SNIPPETS) + lines[index][at:]
    return "\n".join(lines)


def test_mutated_repository_documents() -> None:
    sources = [p.read_text(encoding="utf-8") for p in REPOSITORY_DOCS]
    rng = random.Random(11)
    for index in range(MUTATED):
        text = _mutate(sources[rng.randrange(len(sources))], rng)
        fast, plain = _both_ways(text)
        assert fast == plain, f"mutated document {index}:\n{text}"


# Documents built of sections: each line is one a reader outside actions and lessons
# sections looks at (a label, a date, a table, a link definition, a metadata key), or a
# construct that decides where blocks end (headings, fences, HTML, setext underlines).
FRAGMENTS = [
    "Action Items:", "**What went well**", "Action point: write the runbook @lee",
    "Date: 2021-03-04", "Status: resolved", "It started in 2019.", "| Task | Owner |",
    "|---|---|", "| Fix the alert | @ana |", "[1]: https://github.com/o/r/issues/1",
    "See [the ticket][1].", "> ## Follow-ups", "Setext title", "===", "---", "```",
    "<!--", "-->", "<div>", "    indented", "- [ ] task @bo due 2026-01-02", "* bullet",
    "  * detail", "1. first", "To (x) do", "to", "do", "Next steps", "\u00a0", "",
    "Plain prose about the incident.", "- 10:32 paged", "#hashtag", "   # indented heading",
    "- **Severity:** SEV3", "* Authors: Ana Lima, Bo Chen", "1. Severity: SEV2",
    "+ Title: Checkout outage", "What went well", "It happened in 2019.", "| a | b |",
    "Action point: page the owner", "> quoted", "2. Severity: SEV1",
    "Going forward, we will do the following:", "- Add an alert @ana", "Teams involved: SRE",
]
HEADINGS = ["Summary", "Timeline", "Impact", "Action Items", "Follow-ups", "Lessons learned",
            "What went wrong", "Database", "Immediate (done)", "References", "Root cause",
            "Participants"]


def test_documents_of_sections() -> None:
    rng = random.Random(5)
    for _ in range(300):
        lines: list[str] = []
        for _ in range(rng.randint(1, 7)):
            lines.append("#" * rng.choice([1, 2, 2, 3]) + " " + rng.choice(HEADINGS))
            lines.extend(rng.choice(FRAGMENTS) for _ in range(rng.randint(0, 6)))
        text = "\n".join(lines)
        fast, plain = _both_ways(text)
        assert fast == plain, text


@pytest.mark.parametrize("text", [
    "# T\n\n## Action items\n\nSetext\n---\n\n### Database\n\nprose\n- Fix it @ana\n",
    "## Summary\n\n- item\n\n  ```\n## Not a heading\n  ```\n\n## Impact\n\nprose\n",
    "## Summary\n\n<div>\n\n## Action items\n\n- Fix it\n</div>\n\n## Impact\n",
    "```\n# not a heading\n```\n\n## Action items\n\n- [ ] Fix it @ana due 2026-03-01\n",
])
def test_headings_the_scan_must_not_trust(text: str) -> None:
    fast, plain = _both_ways(text)
    assert fast == plain


@FUZZ
@given(documents)
def test_generated_documents(text: str) -> None:
    fast, plain = _both_ways(text)
    assert fast == plain


@FUZZ
@given(st.lists(st.sampled_from(PIECES + FRAGMENTS), max_size=60).map("\n".join))
def test_generated_documents_of_whole_lines(text: str) -> None:
    fast, plain = _both_ways(text)
    assert fast == plain


# Front matter made of plain ``key: value`` lines is read without a YAML loader: it must give
# exactly what the loader gives (values, their types, problems, item lines).
KEYS = ["title", "date", "severity", "id", "yes", "on", "Null", "a b", "a  b", "x.y", "k-1",
        "True", "key ", "a:b", "A" * 1030, "n", "status", "a,b", "a[b]", "a{b}", "a'b", 'a"b',
        "a!b", "a%b", "a@b", "a|b", "a>b", "a?b", "a&b", "a*b", "a\\b"]
VALUES = ["Incident 1", "2026-07-08", "2026-02-30", "2026-7-8", "2026-07-08 10:00:00",
          "2026-07-08T10:00:00Z", "SEV1", "1", "1.5", "1:20", "0x1F", "0o17", "017", "yes",
          "No", "on", "null", "~", "true", "x: y", "x:y", "x #c", "x#c", "a:", "a ", "1e3",
          "1_000", ".inf", "a, b", "a [b]", "a {b}", "a 'b'", 'a "b"', "a|b", "a > b", "a - b",
          "9999-12-31", "0000-01-01", "2026-13-01", "2026-01-01 1:02:03.5 +1", "a  b", "NaN",
          "-", "a%b", "a`b", "=", "2026", "20:15", "1,000", "a\tb", "Café", "x\u00a0y"]
UNUSUAL = ["", "  ", "---", "# c", "  x: y", "- a", "title: x\nactions:\n  - Fix it",
           "date: yes", "a: b: c", "title: x # note", "title: 'quoted'"]


def _seen(result: FrontMatter) -> str:
    return repr((result.data, [type(v) for v in result.data.values()], result.problems,
                 result.item_lines, result.body_offset))


def test_plain_front_matter_reads_as_the_yaml_loader_reads_it() -> None:
    rng = random.Random(1)
    plain_ones = 0
    for _ in range(3000):
        lines = [f"{rng.choice(KEYS)}: {rng.choice(VALUES)}" for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.1:
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(UNUSUAL))
        else:
            plain_ones += 1
        text = "---\n" + "\n".join(lines) + "\n---\n# T\n\n## Action items\n\n- Fix it\n"
        fast = split_front_matter(text)
        with shortcuts.disabled():
            loaded = split_front_matter(text)
        assert _seen(fast) == _seen(loaded), text
        fast_pm, plain_pm = _both_ways(text)
        assert fast_pm == plain_pm, text
    assert plain_ones > 2000  # most cases are the plain shape the shortcut reads


# The markdown-it-free reader of plain sections gives markdown-it's blocks.
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
    assert plan(lines) is not None  # the shortcut does read these
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
    fast, plain = _both_ways("# T\n\n## Action items\n\n" + body + "\n")
    assert fast == plain
