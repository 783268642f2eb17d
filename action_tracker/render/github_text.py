"""Text GitHub stores for us (issue bodies, the preview comment, the digest): within its size
limit, and carrying no marker but ours.

The one home of the fitting rule: lists shrink first (said as "…and N more" by the
templates), then the text is cut with a note, and our marker goes last, so the next run
always finds it. Issue bodies, the preview and the digest all fit through here.
"""

from __future__ import annotations

from collections.abc import Callable

BODY_LIMIT = 65_536  # characters GitHub accepts in an issue or comment body
MARGIN = 64  # room kept free under the limit (newlines, a note)
CUT_NOTE = "\n\n…(cut to fit GitHub's size limit)"
_MARKER_PREFIX = "<!-- action-tracker:"


def room_for(marker: str, limit: int = BODY_LIMIT) -> int:
    """Characters left for the text once ``marker`` (and a margin) is placed."""
    return limit - len(marker) - MARGIN


def defuse_markers(text: str) -> str:
    """``text`` with every ``<!-- action-tracker:`` opening escaped, so a template that
    forgets an escape filter still cannot carry a forged marker (other comments are kept)."""
    return text.replace(_MARKER_PREFIX, "&lt;!-- action-tracker:")


def shrink_to_fit(render_with: Callable[[int], str], items: int, room: int) -> str:
    """``render_with(n)`` for the largest ``n <= items`` found whose text fits ``room``
    (``n`` shrinks in proportion to the overflow; at 0 whatever is left is returned)."""
    limit = items
    while True:
        text = render_with(limit)
        if len(text) <= room or limit == 0:
            return text
        limit = max(0, min(limit - 1, int(limit * room / len(text) * 0.95)))


def cut(text: str, room: int, note: str = CUT_NOTE) -> str:
    """``text`` cut to ``room`` characters, saying so, when it is longer."""
    if len(text) > room:
        return text[:room].rstrip() + note
    return text


def seal(text: str, marker: str, limit: int = BODY_LIMIT) -> str:
    """``text`` (cut to fit) then ``marker`` on its own line: the body we write."""
    return f"{cut(text, room_for(marker, limit))}\n\n{marker}\n"
