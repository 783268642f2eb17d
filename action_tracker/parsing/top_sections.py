"""Where the real top-level headings are, found by a line scan before Markdown parsing.

The text before the first real top-level ATX heading and the body of each such heading
parse the same on their own: a real heading (in column 0, outside fenced code and HTML
blocks) closes every open block, so no block reaches past it. :mod:`simple_blocks` reads
such a range without markdown-it when it holds only plain paragraphs, lists and tables.
Whenever the scan cannot be sure where blocks end (indented fences, fences or HTML tags
inside HTML blocks), it gives up and the whole document is one range.
"""

from __future__ import annotations

import re

from markdown_it.rules_block.html_block import HTML_SEQUENCES

_ATX_RE = re.compile(r"#{1,6}(?=[ \t]|$)")
_FENCE_RE = re.compile(r"(`{3,}|~{3,})(.*)")


def top_sections(body: str) -> list[tuple[int, int]]:
    """The (start, end) line ranges of the text before the first real top-level heading
    and of each such heading's body (the heading line itself is in no range)."""
    lines = body.split("\n")
    starts = _scan(lines)
    if not starts:
        return [(0, len(lines))]  # the whole document, which parses as itself
    ends = [*starts[1:], len(lines)]
    return [(0, starts[0])] + [(start + 1, end) for start, end in zip(starts, ends, strict=True)]


def _scan(lines: list[str]) -> list[int] | None:
    """The line indexes of real top-level ATX headings, or None when the document has a
    construct the scan cannot follow exactly."""
    found: list[int] = []
    fence: tuple[str, int] | None = None
    html_end: re.Pattern[str] | None = None  # end of an HTML block of type 1-5
    html_until_blank = False  # HTML block of type 6-7 (or a line that may start one)
    for index, line in enumerate(lines):
        stripped = line.lstrip(" \t")
        if not stripped:  # markdown-it: only spaces and tabs make a line blank
            html_until_blank = False
            continue
        first = stripped[0]
        if html_end is None and first not in "#`~<":
            continue  # no state changes: every construct below starts with one of these
        if first in "`~" and stripped.startswith(("```", "~~~")):
            if len(stripped) != len(line) or html_end is not None or html_until_blank:
                return None  # a fence in a container or in HTML: not followed exactly
            m = _FENCE_RE.match(line)
            assert m is not None
            marker, rest = m.group(1), m.group(2)
            if fence is not None:
                if marker[0] == fence[0] and len(marker) >= fence[1] and not rest.strip(" \t"):
                    fence = None
                continue
            if marker[0] == "`" and "`" in rest:
                return None
            fence = (marker[0], len(marker))
            continue
        if fence is not None:
            continue
        if html_end is not None:
            if first == "<":
                return None
            if html_end.search(stripped):
                html_end = None
            continue
        if first == "<":
            if html_until_blank:
                return None
            for start_re, end_re, _interrupts in HTML_SEQUENCES[:5]:
                if start_re.search(stripped):
                    if not end_re.search(stripped):
                        html_end = end_re
                    break
            else:
                html_until_blank = True
            continue
        if _ATX_RE.match(line) is not None and not html_until_blank:
            found.append(index)
    return found
