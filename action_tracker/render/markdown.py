"""Escaping for document text that lands in Markdown we render (issue bodies, digest, preview).

Postmortem text is untrusted. Whatever it says, once rendered by GitHub it must not:

* break the layout: a cell with ``|`` must not split a table, raw HTML (an unclosed
  ``<details>``) must not swallow the rest of the body, an unclosed code fence must not
  run to its end (``<`` becomes ``&lt;``; a fence left open is closed);
* notify anyone: ``@login``, ``@org/team`` and ``@channel`` become code spans
  (`` `@login` ``), which GitHub neither links nor notifies; only logins GitHub itself
  reported (an issue's assignees) are written as mentions, by the caller, never from here;
* forge a marker: nothing may open an HTML comment (:func:`action_tracker.markers.neutralize`);
* become a workflow command when a body is printed in a step (``--dry-run``): no line
  starts with ``::`` and ``##[`` never appears (see :mod:`action_tracker.render.safe_text`).

Code is left as written where GitHub shows it literally (a ``&lt;`` in a code span would
show as ``&lt;``): code spans and fenced code blocks keep ``<`` and ``@`` as they are. To
know exactly which backticks GitHub pairs into a code span, every backtick this module
does not pair itself is backslash-escaped, so GitHub's pairing and ours are the same.
Text that *looks* like code but is not (a code span across lines, an indented code block)
is escaped like prose: it may show an ``&lt;`` but never renders HTML.
"""

from __future__ import annotations

import bisect
import re
import string

from action_tracker.markers import neutralize
from action_tracker.render.safe_text import LEGACY_COMMAND, unhide_commands

_PUNCTUATION = frozenset(string.punctuation)
# C0 (but tab and newline), DEL and C1 controls: shown as U+FFFD, never passed on.
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Every line break Markdown readers or terminals honour, folded to "\n" in a block.
_LINE_BREAK_RE = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_BACKTICKS_RE = re.compile(r"`+")
# GitHub mentions "@name" after a non-word character (html-pipeline's MentionFilter); the
# whole word is wrapped ("@jürgen", not "@j" + "ürgen"), with a team ("@org/team"); a
# chain ("@a@b") becomes one span: two side by side would merge their backticks.
_MENTION_RE = re.compile(
    r"(?<!\\)(\\*)@([A-Za-z0-9][\w-]*(?:/[\w.-]+)?)"
)
# Links GitHub makes itself (a bare URL with a path): a "@" in the path is not a mention,
# and wrapping it would break the link.
_BARE_URL_RE = re.compile(
    r"(?<=[\s(])(?:https?://|www\.)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/[^\s<]*",
    re.IGNORECASE,
)
# Autolinks ("<https://…>") are the only "<" kept raw: they are links, not HTML.
_AUTOLINK_RE = re.compile(r"(?<!\\)<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>")
_LT_RE = re.compile(r"(?<!\\)(\\*)<")
# Character references that render as "@" (they would mention too).
_AT_ENTITY_RE = re.compile(r"&(?=#0*64;|#[xX]0*40;|commat;)")
_FENCE_OPEN_RE = re.compile(r"(`{3,})[^`]*$|(~{3,}).*$")


def _fold_controls(text: str) -> str:
    return _CONTROL_RE.sub("\ufffd", text)


def _drop_odd_backslash(slashes: str) -> str:
    """A backslash run before a character we rewrite: an odd run escaped that character."""
    return slashes[:-1] if len(slashes) % 2 else slashes


def _defuse_mentions(text: str) -> str:
    """``@name`` / ``@org/team`` as a code span, outside links GitHub makes itself."""
    out: list[str] = []
    last = 0
    for url in _BARE_URL_RE.finditer(text):
        out.append(_wrap_mentions(text[last:url.start()]))
        out.append(url.group())
        last = url.end()
    out.append(_wrap_mentions(text[last:]))
    return "".join(out)


def _wrap_mentions(text: str) -> str:
    out: list[str] = []
    last = 0
    for m in _MENTION_RE.finditer(text):
        slashes = m.group(1)
        before = text[m.start() - 1] if m.start() else ""
        adjacent = m.start() == last and bool(out) and out[-1].endswith("`")
        # What GitHub sees before the "@": the character before an escaping backslash,
        # else a backslash. Only a letter or digit there keeps "@" from mentioning
        # (not one that ends a handle just wrapped: GitHub sees that span's backtick).
        if before.isascii() and before.isalnum() and len(slashes) < 2 and not adjacent:
            continue
        out.append(text[last:m.start()])
        kept = _drop_odd_backslash(slashes)
        if adjacent and not kept:  # extend the span just written
            out[-2] = out[-2][:-1]
            out.append(f"@{m.group(2)}`")
        else:
            out.append(f"{kept}`@{m.group(2)}`")
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def _prose(text: str, *, line_start: bool) -> str:
    """Prose (no code span in it; backticks already escaped) made inert, as GitHub renders it."""
    text = _AT_ENTITY_RE.sub("&amp;", text)
    parts: list[str] = []
    last = 0
    for link in _AUTOLINK_RE.finditer(text):
        if LEGACY_COMMAND in link.group():
            continue
        parts.append(_prose_piece(text[last:link.start()]))
        parts.append(link.group())
        last = link.end()
    parts.append(_prose_piece(text[last:]))
    out = "".join(parts).replace(LEGACY_COMMAND, "#&#35;[")
    if line_start and out.lstrip().startswith("::"):
        stripped = out.lstrip()
        out = out[: len(out) - len(stripped)] + "\\" + stripped
    return out


def _prose_piece(text: str) -> str:
    text = _defuse_mentions(text)
    return _LT_RE.sub(lambda m: f"{_drop_odd_backslash(m.group(1))}&lt;", text)


def _escape_backticks(text: str) -> str:
    return text.replace("\\", "\\\\").replace("`", "\\`")


def _escape_line(line: str, *, line_start: bool = True) -> str:
    """One line of Markdown text: code spans kept, everything else :func:`_prose`."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS_RE.finditer(line)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    out: list[str] = []
    prose: list[str] = []
    pos = 0
    index = 0
    while index < len(runs):
        start, end = runs[index]
        if start < pos:  # inside text already consumed (a code span)
            index += 1
            continue
        # A backslash escapes the first backtick of the run (when it is not itself escaped).
        slashes = len(line[pos:start]) - len(line[pos:start].rstrip("\\"))
        if slashes % 2:  # the rest of the run (if any) is a run of its own
            prose.append(line[pos:start + 1])
            pos = start + 1
            runs[index] = (start + 1, end)
            if start + 1 == end:
                index += 1
            continue
        prose.append(line[pos:start])
        same = by_length.get(end - start, [])
        later = bisect.bisect_right(same, index)
        closer = same[later] if later < len(same) else None
        if closer is None:  # no partner: literal backticks, escaped so GitHub agrees
            prose.append("\\`" * (end - start))
            pos = end
            index += 1
            continue
        span = line[start:runs[closer][1]]
        if LEGACY_COMMAND in span:  # shown as text rather than printed as a command
            prose.append(_escape_backticks(span))
        else:
            out.append(_prose("".join(prose), line_start=line_start and not out))
            prose = []
            out.append(span)
        pos = runs[closer][1]
        index = closer + 1
    prose.append(line[pos:])
    out.append(_prose("".join(prose), line_start=line_start and not out))
    return _join(out)


def _join(pieces: list[str]) -> str:
    """Pieces of one line; a space between two whose backticks would touch (a mention
    wrapped next to a code span), or GitHub would read them as one longer run."""
    joined = ""
    for piece in pieces:
        if joined.endswith("`") and piece.startswith("`") and _unescaped_end(joined):
            joined += " "
        joined += piece
    return joined


def _unescaped_end(text: str) -> bool:
    body = text[:-1]
    return (len(body) - len(body.rstrip("\\"))) % 2 == 0


def inline(text: str | None) -> str:
    """Text for one line of Markdown (a list item, a heading): newlines folded, made inert."""
    if not text:
        return ""
    one_line = _fold_controls(" ".join(unhide_commands(text).split()))
    return _escape_line(neutralize(one_line))


def table_cell(text: str | None) -> str:
    """Text for a pipe-table cell: :func:`inline`, with pipes escaped."""
    return inline(text).replace("|", "\\|")


def block(text: str | None) -> str:
    """Multi-line text kept as Markdown, made inert; fenced code is kept as written.

    Only a fence at the start of a line opens code here (one inside a list item is escaped
    like prose: safe, if less pretty); a fence the text leaves open is closed, so it cannot
    swallow what the template renders after it.
    """
    if not text:
        return ""
    text = neutralize(_LINE_BREAK_RE.sub("\n", text))
    lines = [unhide_commands(line) for line in _fold_controls(text).split("\n")]
    out: list[str] = []
    fence: str | None = None
    for line in lines:
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and not stripped.strip(fence[0]) and (
                len(line) - len(line.lstrip()) <= 3
            ):
                fence = None
            out.append(_code_line(line))
            continue
        opening = _FENCE_OPEN_RE.match(line)
        if opening:
            fence = opening.group(1) or opening.group(2)
            out.append(_code_line(line))
            continue
        out.append(_escape_line(line))
    if fence is not None:
        out.append(fence)
    return "\n".join(out)


def _code_line(line: str) -> str:
    """A line of a fenced code block: shown as written, except what the runner would obey."""
    line = line.replace(LEGACY_COMMAND, "##\\[")
    if line.lstrip().startswith("::"):
        line = "\\" + line.lstrip()
    return line


def code(text: str | None) -> str:
    """Text as one inline code span (a path, an id): shown as written, on one line.

    The fence is longer than any backtick run inside; only what could forge a marker or
    be printed as a runner command is changed (visibly: inside code nothing is invisible).
    """
    one_line = _fold_controls(" ".join(unhide_commands(text or "").split()))
    one_line = neutralize(one_line).replace(LEGACY_COMMAND, "##\\[")
    if not one_line:
        return ""
    longest = max((len(run) for run in _BACKTICKS_RE.findall(one_line)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if one_line.startswith("`") or one_line.endswith("`") else ""
    return f"{fence}{pad}{one_line}{pad}{fence}"
