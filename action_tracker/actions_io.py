"""GitHub Actions plumbing: workflow-command annotations, step outputs, the job summary.

Escaping follows actions/toolkit: data escapes ``%``, CR and LF; properties also ``:``
and ``,``. Multi-line outputs use a random heredoc delimiter.

The runner reads every line a step prints (stdout and stderr) for commands: ``::name::``
at the start of a line (after leading spaces) and the legacy ``##[name]`` *anywhere* in a
line. Text from a document or a path must never become one: :func:`one_line` is the one
place that makes such text safe for a printed line, :func:`json_text` does the same for
printed JSON without changing any value.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from pathlib import Path

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


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(
    level: str, message: str, *, file: str | None = None, line: int | None = None,
    title: str | None = None,
) -> str:
    """``::error file=F,line=L::message`` (level: error, warning or notice)."""
    props = []
    if file:
        props.append(f"file={escape_property(file)}")
    if line:
        props.append(f"line={line}")
    if title:
        props.append(f"title={escape_property(title)}")
    head = f"::{level}"
    if props:
        head += " " + ",".join(props)
    return f"{head}::{escape_data(message)}"


def write_outputs(path: Path | None, values: Mapping[str, object]) -> None:
    """Append ``name=value`` lines to ``$GITHUB_OUTPUT`` (heredoc form for multi-line values)."""
    if path is None:
        return
    with path.open("a", encoding="utf-8") as fh:
        for name, value in values.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            if "\n" in text:
                delim = f"ghadelimiter_{secrets.token_hex(8)}"
                fh.write(f"{name}<<{delim}\n{text}\n{delim}\n")
            else:
                fh.write(f"{name}={text}\n")


def append_summary(path: Path | None, markdown: str) -> None:
    """Append Markdown to ``$GITHUB_STEP_SUMMARY`` (kept under the 1 MiB step limit)."""
    if path is None:
        return
    limit = 1_000_000
    if len(markdown) > limit:
        markdown = markdown[:limit] + "\n\n…(summary cut at 1 MB)\n"
    with path.open("a", encoding="utf-8") as fh:
        fh.write(markdown if markdown.endswith("\n") else markdown + "\n")
