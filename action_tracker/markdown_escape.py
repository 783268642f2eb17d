"""Escaping for document text that lands in Markdown we render (issue bodies, digest tables).

Postmortem text is untrusted: a cell with ``|`` must not break a table, a line starting
with ``#`` must not become a heading in a one-line context, and nothing may open an
HTML comment (see :func:`action_tracker.markers.neutralize`).
"""

from __future__ import annotations

from action_tracker.markers import neutralize


def inline(text: str | None) -> str:
    """Text for one line of Markdown (a list item, a heading): newlines folded, comments defused."""
    if not text:
        return ""
    one_line = " ".join(text.split())
    return neutralize(one_line)


def table_cell(text: str | None) -> str:
    """Text for a pipe-table cell: :func:`inline`, with pipes escaped."""
    return inline(text).replace("|", "\\|")


def block(text: str | None) -> str:
    """Multi-line text kept as Markdown, with comments defused."""
    return neutralize(text or "")
