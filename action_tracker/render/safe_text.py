"""Untrusted text made safe for a printed line: what the Actions runner must never obey.

The runner reads every line a step prints (stdout and stderr) for commands: ``::name::``
at the start of a line (after leading spaces) and the legacy ``##[name]`` *anywhere* in a
line. Text from a document or a path must never become one: :func:`one_line` is the one
place that makes such text safe for a printed line, :func:`json_text` does the same for
printed JSON without changing any value. No imports from the package: the logger uses it.
"""

from __future__ import annotations

import re

# Control characters (C0 but tab, DEL, C1) and Unicode line/paragraph separators.
_CONTROL_RE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
LEGACY_COMMAND = "##["  # the runner finds it anywhere in a line
_COMMAND_START_RE = re.compile(r"^(\s*):")  # a line the runner trims to "::…"
# Unicode's default-ignorable characters (zero-width spaces and joiners, soft hyphen, bidi
# marks, variation selectors…): a culture-aware string comparison may skip them, so
# "#\u200b#[" or "\u200b::" could still read as a command to the runner.
IGNORABLE_RE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)


def unhide_commands(text: str) -> str:
    """``text`` without invisible characters when they hide a command in it, else as is
    (an emoji's zero-width joiners stay); the escapes that follow then see the command."""
    if not IGNORABLE_RE.search(text):
        return text
    bare = IGNORABLE_RE.sub("", text)
    lines = bare.splitlines() or [""]
    if LEGACY_COMMAND in bare or any(line.lstrip().startswith("::") for line in lines):
        return bare
    return text


def one_line(text: str | None) -> str:
    """Untrusted text (a title, an id, a path) made safe for one printed line.

    Control characters become visible escapes (``\\n``, ``\\x1b``, ``\\u2028``), so the
    text cannot end the line, move the cursor or start a new line; a leading ``::`` and any
    ``##[`` get a backslash, so the runner never reads the text as a workflow command.
    """
    if not text:
        return ""
    text = unhide_commands(text)
    text = _CONTROL_RE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    text = text.replace(LEGACY_COMMAND, "##\\[")
    if text.lstrip().startswith("::"):
        text = _COMMAND_START_RE.sub(r"\1\\:", text, count=1)
    return text


def json_text(text: str) -> str:
    """Printed JSON the runner cannot read a command from, with every value unchanged.

    JSON escapes newlines itself; only ``##[`` can appear (inside a string), and
    ``##\\u005b`` is the same string to any JSON reader.
    """
    return text.replace(LEGACY_COMMAND, "##\\u005b")
