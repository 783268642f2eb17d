"""GitHub Actions plumbing: workflow-command annotations, step outputs, the job summary.

Escaping follows actions/toolkit: data escapes ``%``, CR and LF; properties also ``:``
and ``,``. Multi-line outputs use a random heredoc delimiter.

Text from a document or a path that is printed goes through
:func:`action_tracker.render.safe_text.one_line`, so the runner never reads it
as a workflow command.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path

from action_tracker.runtime.log import mask


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
    """Append Markdown to ``$GITHUB_STEP_SUMMARY`` (kept under the 1 MiB step limit).

    The summary is published on the run's page, so registered secrets are masked here,
    the one place every command's summary passes."""
    if path is None:
        return
    markdown = mask(markdown)
    limit = 1_000_000
    if len(markdown) > limit:
        markdown = markdown[:limit] + "\n\n…(summary cut at 1 MB)\n"
    with path.open("a", encoding="utf-8") as fh:
        fh.write(markdown if markdown.endswith("\n") else markdown + "\n")
