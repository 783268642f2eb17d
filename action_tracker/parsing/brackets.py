"""Bracketed spans (``[text](url)``, ``[text][ref]``, ``(note)``) found in linear time.

The obvious regexes for them, ``\\[([^\\]]*)\\]\\([^)]*\\)`` and ``\\([^)]*\\)``, are
quadratic: from every ``[`` (or ``(``) the engine scans ahead to the closing character and,
when what follows does not fit, starts again from the next opening one. A run of 100 KB of
``[`` took minutes. The functions here give exactly the regexes' results (same matches, same
leftmost-first order, tested against the regexes) while looking at each character a bounded
number of times:

- every ``[`` between two ``]`` shares the same first ``]`` after it, so when the first of
  them fails, all of them fail and the scan jumps past that ``]``;
- the next occurrence of a closing character is remembered: queries only move forward, and
  the answer stays the same until the position passes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

Tail = Literal["inline", "reference", "optional"]


class _Next:
    """``text.find(char, pos)`` for non-decreasing ``pos``, each character read once."""

    __slots__ = ("char", "found", "text")

    def __init__(self, text: str, char: str) -> None:
        self.text = text
        self.char = char
        self.found = -2  # not looked for yet

    def at(self, pos: int) -> int:
        if self.found == -1 or (self.found >= pos):
            return self.found
        self.found = self.text.find(self.char, pos)
        return self.found


class _Links:
    """Matches of ``\\[([^\\]]*)\\]`` followed by a tail, leftmost first, without overlap.

    ``inline``: ``\\([^)]*\\)``; ``reference``: ``\\[[^\\]]*\\]``; ``optional``: either of
    them or nothing (``(?:\\([^)]*\\)|\\[[^\\]]*\\])?``)."""

    def __init__(self, text: str, tail: Tail) -> None:
        self.text = text
        self.tail = tail
        self.close_bracket = _Next(text, "]")
        self.close_paren = _Next(text, ")")

    def _tail_end(self, pos: int) -> int | None:
        """Where the tail starting at ``pos`` ends (None: no tail there)."""
        text = self.text
        nxt = text[pos:pos + 1]
        if nxt == "(" and self.tail != "reference":
            close = self.close_paren.at(pos + 1)
            if close >= 0:
                return close + 1
        elif nxt == "[" and self.tail != "inline":
            close = self.close_bracket.at(pos + 1)
            if close >= 0:
                return close + 1
        return pos if self.tail == "optional" else None

    def spans(self) -> list[tuple[int, int, int]]:
        """(start, end of the link text, end of the match) of every match."""
        text = self.text
        out: list[tuple[int, int, int]] = []
        scan = 0
        while True:
            start = text.find("[", scan)
            if start < 0:
                return out
            close = self.close_bracket.at(start + 1)
            if close < 0:
                return out  # no "]" after this "[": none after any later one either
            end = self._tail_end(close + 1)
            if end is None:
                scan = close + 1  # every "[" before this "]" fails the same way
                continue
            out.append((start, close, end))
            scan = end


def replace_links(text: str, tail: Tail) -> str:
    """``re.sub(r"\\[([^\\]]*)\\]" + TAIL, r"\\1", text)``: links replaced by their text."""
    if "[" not in text:
        return text
    parts = []
    copied = 0
    for start, close, end in _Links(text, tail).spans():
        parts.append(text[copied:start])
        parts.append(text[start + 1:close])
        copied = end
    parts.append(text[copied:])
    return "".join(parts)


def _before_last(text: str, close: str) -> int:
    """Length of ``text`` up to and including its last ``close`` (0 when it has none)."""
    return text.rfind(close) + 1


def sub_enclosed(pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str],
                 text: str, close: str) -> str:
    """``pattern.sub(repl, text)`` for a pattern of the shape ``O[^C]*C`` (``close`` is C).

    Such a pattern matches from every ``O`` that has a ``C`` after it, so in the part of the
    text up to the last ``C`` every attempt succeeds (no rescanning); after it, none can."""
    end = _before_last(text, close)
    return pattern.sub(repl, text[:end]) + text[end:] if end else text


def findall_enclosed(pattern: re.Pattern[str], text: str, close: str) -> list[str]:
    """``pattern.findall(text)`` for a pattern of the shape ``O([^C]*)C`` (see above)."""
    end = _before_last(text, close)
    return pattern.findall(text, 0, end) if end else []
