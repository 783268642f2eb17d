"""Document text as GitHub shows it after ``markdown_escape``: inert, yet as written.

Each check reads the Markdown the way GitHub does (see ``tests/hostile.py``): no mention,
no raw HTML, no forged marker, no line the Actions runner would obey, and code kept as
the author wrote it.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from action_tracker.markers import find_markers
from action_tracker.render import markdown as esc
from action_tracker.render.digest import slack_escape
from action_tracker.render.safe_text import json_text, one_line
from tests.hostile import foreign_html, mentions, raw_html, runner_commands, text_of

# Pieces a hostile document is made of; Hypothesis strings them together.
PIECES = [
    "\n::error::pwned", "::add-mask::x", "##[stop-commands]t", "@torvalds", "@acme/everyone",
    "@channel", "@here", "<details>", "<img src=x>", "<!--", "-->",
    "<!-- action-tracker:action v=1 pm=a action=b -->", "|", "`", "``", "```", "~~~", "\\",
    "\\`", "&#64;x", "&commat;y", "\u2028", "\u2029",
    "\u200b", "\u200d", "\ufeff", "\r", "\x1b[2J", "\x85", " ", "\n\n",
    "_", "*", "[", "](", ")", "<https://example.com/@x>", "https://example.com/@y", "a", "é",
    "    ", "- ", "> ", "#",
]
hostile_text = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=25).map("".join)


def _inert(markdown: str) -> None:
    assert mentions(markdown) == set(), markdown
    assert foreign_html(markdown) == [], markdown
    assert raw_html(markdown) == [], markdown
    assert find_markers(markdown) == [], markdown
    assert runner_commands(markdown) == [], markdown


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_escaped_document_text_is_inert_in_every_context(text: str) -> None:
    _inert(esc.inline(text))
    _inert("| a |\n|---|\n| " + esc.table_cell(text) + " |")
    _inert(esc.block(text))
    _inert(esc.block(text) + "\n\nTemplate text after the block <sub>x</sub>".replace(
        "<sub>x</sub>", ""))
    _inert(esc.code(text))


@settings(max_examples=200, deadline=None)
@given(hostile_text)
def test_printed_text_and_chat_text_are_safe(text: str) -> None:
    line = one_line(text)
    assert "\n" not in line and "\r" not in line and runner_commands(line) == []
    assert runner_commands(json_text(json.dumps({"t": text}, ensure_ascii=False))) == []
    assert json.loads(json_text(json.dumps({"t": text}, ensure_ascii=False))) == {"t": text}
    chat = slack_escape(text)
    outside_code = chat.split("`")[::2]
    assert not any(re.search(r"@[A-Za-z0-9]", part) for part in outside_code), chat
    assert "<" not in chat and "\n" not in chat


@pytest.mark.parametrize(("text", "seen"), [
    ("Ping @torvalds and @acme/everyone", "Ping @torvalds and @acme/everyone"),
    ("Use `a<b>` then <details>", "Use a<b> then <details>"),
    ("Fix <kbd>Ctrl</kbd> & &lt;tags&gt;", "Fix <kbd>Ctrl</kbd> & <tags>"),
    ("mail ops@example.com, see https://medium.com/@user/post", None),
    ("<https://example.com/a> stays a link", "https://example.com/a stays a link"),
    ("``a`b`` and `c` and a lone ` tick", "a`b and c and a lone ` tick"),
    ("escaped \\` tick and \\@name", "escaped ` tick and @name"),
])
def test_what_a_reader_sees_is_the_text_as_written(text: str, seen: str | None) -> None:
    rendered = esc.inline(text)
    assert text_of(rendered).strip() == (seen or text)
    assert mentions(rendered) == set() and raw_html(rendered) == []


def test_block_keeps_fenced_code_as_written_and_closes_an_open_fence() -> None:
    text = "Run this:\n```sh\ncurl '<url>' | jq @x\n```\n<details>\n```\nnever closed <b>"
    out = esc.block(text)
    assert "curl '<url>' | jq @x" in out  # code is shown as written
    assert "&lt;details>" in out
    assert out.endswith("never closed <b>\n```")  # the template after it is not swallowed
    _inert(out + "\n\nafter")
    assert "after" in text_of(out + "\n\nafter").split("never closed <b>")[1]


def test_mentions_become_code_spans_emails_and_links_are_left_alone() -> None:
    assert esc.inline("Ping @torvalds") == "Ping `@torvalds`"
    assert esc.inline("owner @acme/everyone.") == "owner `@acme/everyone.`"
    assert esc.inline("ops@example.com") == "ops@example.com"
    assert esc.inline("see https://medium.com/@user/post") == "see https://medium.com/@user/post"
    assert esc.inline("&#64;torvalds") == "&amp;#64;torvalds"
    assert slack_escape("heads up @channel <!here>") == "heads up `@channel` &lt;!here&gt;"


def test_runner_commands_are_defused_but_read_the_same() -> None:
    assert esc.inline("::error::x") == "\\::error::x"
    assert text_of(esc.inline("::error::x")).strip() == "::error::x"
    assert text_of(esc.inline("a ##[add-mask]b")).strip() == "a ##[add-mask]b"
    assert one_line("x\n::error::pwned") == "x\\n::error::pwned"
    assert one_line("::add-mask::s") == "\\::add-mask::s"
    assert one_line("a ##[error]b") == "a ##\\[error]b"
