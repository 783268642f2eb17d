"""Documents built to hurt the parser: long runs of one character, alias bombs, deep
nesting, dates past what a date can hold. The results are asserted, not the time (timings are
in ``benchmarks/adversarial_benchmark.py``); each input here took seconds to minutes, or
crashed, before the parser was made linear and bounded."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from action_tracker.parsing.brackets import findall_enclosed, replace_links, sub_enclosed
from tests.parser.helpers import actions, one, parse

# The regexes the linear functions replace, kept here as the specification.
_LINKS = {
    "inline": re.compile(r"\[([^\]]*)\]\([^)]*\)"),
    "reference": re.compile(r"\[([^\]]*)\]\[[^\]]*\]"),
    "optional": re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])?"),
}
_PAREN = re.compile(r"\(([^)]*)\)")


@pytest.mark.parametrize("text", [
    "", "[a](b)", "[[a](b)", "[a [b](c) d](e)", "[a][b] [c](d", "[a](b", "[](", "]([",
    "x [a] (b) [c][d] [e](f)g", "[\n](\n)", "[a]]()", "(((a)", "((a) b) (c",
])
def test_linear_link_and_note_readers_agree_with_the_regexes(text: str) -> None:
    for tail, pattern in _LINKS.items():
        assert replace_links(text, tail) == pattern.sub(r"\1", text)  # type: ignore[arg-type]
    assert sub_enclosed(_PAREN, " ", text, ")") == _PAREN.sub(" ", text)
    assert findall_enclosed(_PAREN, text, ")") == _PAREN.findall(text)


BIG = 50_000  # each of these took seconds (quadratic) or minutes before


@pytest.mark.parametrize("run", ["[", "[a", "(", "(a", "]( ", " ", "\t", "_", "~", "<http://"])
def test_a_long_run_in_an_action_item_is_read_as_text(run: str) -> None:
    item = one(f"- Fix the parser {run * (BIG // len(run))} end\n")
    assert item.description.startswith("Fix the parser")
    assert item.owner is None and item.due is None


def test_a_long_run_of_brackets_in_a_table_cell_and_a_heading() -> None:
    found = actions("| Action | Owner |\n|---|---|\n| Fix " + "[" * BIG + " | @ana |\n")
    assert [a.owner for a in found] == ["@ana"]
    pm = parse("# T\n\n## Action items " + "(" * BIG + "\n\n- Cap the queue\n")
    assert [a.description for a in pm.actions] == ["Cap the queue"]


@pytest.mark.parametrize("filler", ["\n", " \n", "\t\n"])
def test_many_blank_lines_before_the_actions(filler: str) -> None:
    pm = parse("# Outage\n\nIntro\n" + filler * BIG + "## Action items\n\n- Add an alert @ana\n")
    assert [(a.description, a.owner) for a in pm.actions] == [("Add an alert", "@ana")]


def test_long_whitespace_in_headings_does_not_change_what_they_say() -> None:
    pm = parse("# Owner" + " " * BIG + "x: y\n\n## Action items\n\n"
               "### Later (Q1" + " " * BIG + "2027)\n\n- Cap the queue\n")
    assert pm.actions[0].due_text == "Q1" + " " * BIG + "2027"


def test_many_dates_after_a_due_keyword_and_a_long_dotted_run() -> None:
    item = one("- Fix by x " + "2026-01-01 x " * 4000 + "\n")
    assert item.due is None  # no date right after the keyword
    item = one("- Fix " + "." * BIG + " acme/widgets#12 end\n")
    assert item.ticket == "acme/widgets#12"


def test_a_deep_list_and_a_deep_quote_are_read() -> None:
    pm = parse("# T\n\n## Action items\n\n- " + "- " * BIG + "a\n\n" + "> " * BIG + "b\n")
    assert pm.problems == [] or all(p.severity == "warning" for p in pm.problems)


ALIAS_BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi",
                                                              strict=True)) + "title: *i\n"


@pytest.mark.parametrize(("front", "line", "says"), [
    (ALIAS_BOMB, 3, "alias *a"),  # 9 levels of 9: 66 s and 2.2 GB before
    ("x: &a [*a]\n", 2, "alias *a"),
    ("title: &t Outage\nother: *t\n", 3, "alias *t"),
    ("title: " + "[" * 150 + "]" * 150 + "\n", 2, "nested more than 100"),
])
def test_yaml_aliases_and_deep_nesting_are_a_document_error(front: str, line: int,
                                                            says: str) -> None:
    pm = parse(f"---\n{front}---\n# Outage\n\n## Action items\n\n- Still read\n")
    errors = [p for p in pm.problems if p.severity == "error"]
    assert [(p.line, says in p.message) for p in errors] == [(line, True)]
    assert pm.title == "Outage"  # the front matter is not used, the body is
    assert [a.description for a in pm.actions] == ["Still read"]


def test_an_anchor_without_an_alias_is_fine() -> None:
    pm = parse("---\ntitle: &t Outage\n---\n# X\n")
    assert pm.title == "Outage" and pm.problems == []


@pytest.mark.parametrize("toml", [
    "x = " + "[" * 5000 + "]" * 5000,  # RecursionError in tomllib before
    "x = " + "{a=" * 300 + "1" + "}" * 300,
    "x = " + "[" * 150 + "]" * 150,
])
def test_deeply_nested_toml_is_a_document_error(toml: str) -> None:
    pm = parse(f"+++\n{toml}\n+++\n# Outage\n\n## Action items\n\n- Still read\n")
    assert [(p.line, p.severity) for p in pm.problems] == [(1, "error")]
    assert "nested more than 100 levels" in pm.problems[0].message
    assert [a.description for a in pm.actions] == ["Still read"]


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "3000-01-01", "1899-12-31"])
def test_a_document_date_no_due_date_can_follow_is_an_error(value: str) -> None:
    pm = parse(f"---\ntitle: T\ndate: {value}\n---\n# T\n\n## Action items\n\n- Add it\n")
    assert pm.date is None
    assert [(p.line, p.severity) for p in pm.problems] == [(1, "error")]
    assert value in pm.problems[0].message


def test_a_front_matter_due_date_past_year_2999_is_an_error() -> None:
    pm = parse("---\nactions:\n  - description: Rotate keys\n    due: 9999-12-31\n---\n# T\n")
    assert pm.actions[0].due is None
    assert [(p.line, p.severity) for p in pm.problems] == [(3, "error")]


def test_dates_inside_the_range_are_kept() -> None:
    pm = parse("---\ndate: 2999-12-31\nactions:\n  - description: A\n    due: 1900-01-01\n"
               "---\n# T\n")
    assert pm.date == dt.date(2999, 12, 31) and pm.actions[0].due == dt.date(1900, 1, 1)
    assert pm.problems == []


@pytest.mark.parametrize("front", ["!!int \n", "n: !!float\n", "n: !!int\n"])
def test_an_explicit_tag_without_a_fitting_value_is_a_document_error(front: str) -> None:
    # found by the fuzz tests: PyYAML raises IndexError or TypeError, not a YAML error
    pm = parse(f"---\n{front}---\n# Outage\n")
    assert [(p.line, p.severity) for p in pm.problems] == [(1, "error")]
    assert pm.problems[0].message.startswith("front matter is not valid YAML")
