"""Test helpers: a reader's view of Markdown (tracked-issue bodies in sync's marker format
are in ``action_tracker.testing.issues``, shared with the benchmarks)."""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark").enable("table")


def tables(markdown: str) -> list[list[list[str]]]:
    """Every table as a reader sees it: rows of cell texts (header row first)."""
    found: list[list[list[str]]] = []
    rows: list[list[str]] = []
    row: list[str] = []
    in_cell = False
    for token in _MD.parse(markdown):
        if token.type == "table_open":
            rows = []
        elif token.type == "tr_open":
            row = []
        elif token.type in ("th_open", "td_open"):
            in_cell = True
        elif token.type == "inline" and in_cell:
            row.append(_text(token))
        elif token.type in ("th_close", "td_close"):
            in_cell = False
        elif token.type == "tr_close":
            rows.append(row)
        elif token.type == "table_close":
            found.append(rows)
    return found


def _text(token: Any) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
    return "".join(parts)


def html(markdown: str) -> str:
    return str(_MD.render(markdown))


def headings(markdown: str) -> list[str]:
    out = []
    tokens = _MD.parse(markdown)
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            out.append(_text(tokens[i + 1]))
    return out
