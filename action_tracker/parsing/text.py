"""Small text judgements shared by actions and lessons: placeholders and guidance."""

from __future__ import annotations

import re

_PLACEHOLDER_RE = re.compile(
    r"^(?:tbd|tbc|todo|n/?a|none|nope|nothing|-+|\.+|…|x+|y+|z+|\?+|lorem ipsum.*|"
    r"<[^>]*>|\[[^\]]*\]|description|action item|owner|insert .*|add .* here|"
    r"your .* here|placeholder.*)$",
    re.IGNORECASE,
)


def is_placeholder(text: str) -> bool:
    """Empty, ``TBD``, ``<fill in>``, ``XXX``, or guidance written wholly in italics."""
    stripped = text.strip().rstrip(".").strip()
    if not stripped:
        return True
    if _PLACEHOLDER_RE.match(stripped):
        return True
    return is_guidance(text)


def is_guidance(text: str) -> bool:
    """Template guidance: the whole paragraph in italics (``_List any tasks …_``)."""
    t = text.strip()
    return len(t) > 2 and (
        (t[0] == "_" and t.rstrip(".")[-1] == "_") or
        (t[0] == "*" and t[1] != "*" and t.rstrip(".")[-1] == "*" and t.rstrip(".")[-2] != "*")
    )
