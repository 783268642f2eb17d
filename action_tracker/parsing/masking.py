"""Blank out the sections no reader looks at, before Markdown parsing.

Most of a postmortem (summary, timeline, impact, root cause) holds neither actions nor
lessons, yet tokenizing it is most of the parse time. :func:`mask_inert_sections` replaces the
body lines of such a section with empty lines (line numbers unchanged; the heading line stays,
so the outline is unchanged) when that provably leaves every result as it was:

- The section starts at an ATX heading in column 0 that the line scan knows is a real
  top-level heading (outside fenced code and HTML blocks), and ends at the next such heading.
  A real heading closes every open block, so the body's blocks cannot reach past it and
  blanking the body cannot change how the rest parses. Whenever the scan cannot be sure of
  that (indented fences, fences or HTML tags inside HTML blocks), nothing is masked.
- The section cannot be an actions or lessons section: neither its heading nor any heading
  it may inherit from contains a word those section names need (``action``, ``lesson``,
  ``went``, ``follow``, ...). Headings the scan does not recognise (setext, indented,
  quoted) count as possibly actions up to the next level-1 ``#`` heading.
- Every body line is inert for the readers that look outside those sections: no table pipe,
  HTML, entity, escape or link/reference syntax (so a paragraph's plain text has the same
  letters and digits as its source), no heading, fence or setext underline, no plain-text
  label such as "Action Items:" or "What went well", no ``Action point:`` lead, no
  "Date: …"-style metadata key, and no year (the date fallback reads the first date).

Each check is a superset of what the reader it protects matches (see the comments), so a
doubtful section is simply kept. A reader (``metadata``, ``outline``, ``actions``) that starts
looking at something new outside actions and lessons sections must be added here;
``tests/parser/test_fast_paths.py`` compares results with the plain markdown-it path and
``benchmarks/parse_equivalence.py`` with a snapshot taken before a change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it.rules_block.html_block import HTML_SEQUENCES

from action_tracker.parsing.brackets import sub_enclosed
from action_tracker.parsing.metadata import KEY_PATTERNS
from action_tracker.parsing.prose import names_commitment

# Words one of the section-name patterns in ``sections`` needs (each alternative of _WELL,
# _WRONG, _LUCKY, _LESSONS and _ACTIONS contains one of them inside a single word), searched
# in the line's lower-cased letters and digits run together.
_KEYWORD_RE = re.compile(
    r"went|worked|did|good|positive|could|improv|what|negative|bad|luck|lesson|learn|"
    r"takeaway|insight|retrospective|reflection|how|action|follow|corrective|prevent|"
    r"remediation|next|todo|workitem|task|measure|recommendation|future|"
    # and the headings or labels ``metadata`` reads declared names under ("Participants")
    r"particip|responder|involved|roster|author"
)
# The same words, for ``in`` tests: over a long text, a few fast substring searches beat the
# regex engine trying every alternative at every position.
_KEYWORDS = tuple(_KEYWORD_RE.pattern.split("|"))
assert all(re.escape(word) == word for word in _KEYWORDS)
# Characters after which a paragraph's plain text may differ from its source in letters or
# digits (entities, escapes, HTML, autolinks, link targets, reference definitions), table
# pipes, blockquotes, and the line breaks ``str.splitlines`` knows besides ``\n``.
_UNSAFE_RE = re.compile(r"[|<>&\\\x00\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]|\][:(\[]")
_UNSAFE_CHARS = "|<>&\\\x00\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # its characters
_BRACKET_RE = re.compile(r"\][:(\[]")  # and its other alternative
# Headings (also quoted), fences, and setext underlines below a non-blank line.
_STRUCTURE_RE = re.compile(
    r"^[ \t>]*#|^[ \t]*(?:```|~~~)|^[ \t]*[^ \t\n][^\n]*\n[ \t>]*(?:=+|-+)[ \t]*$", re.M)
# The last character of a setext underline (``=`` or ``-``, then spaces) at a line's end.
_UNDERLINE_END_RE = re.compile(r"[=-][ \t]*(?:\n|\Z)")
# ``actions._ACTION_POINT_RE`` at the start of any line (the start of a paragraph).
_POINT_RE = re.compile(r"^\s*\W{0,3}(?:action|follow|todo|ai)", re.I | re.M)
# After a newline only the spaces of that line are skipped: a match across blank lines also
# matches from their last newline, and ``\n\s*`` rescanned every blank line run from each of
# its newlines (quadratic).
_POINT_AFTER_NL_RE = re.compile(r"\n[^\S\n]*\W{0,3}(?=[aft])(?:action|follow|todo|ai)", re.I)
# ``metadata._KV_RE`` with a key ``metadata`` reads, once emphasis stars are removed.
_KEYS = "|".join(p.pattern[1:-1] for p in KEY_PATTERNS)
# The key may follow a list marker: ``metadata`` also reads a header written as a bullet
# list (``- **Severity:** SEV3``; a ``*`` marker is gone with the emphasis stars).
_LIST_MARKER = r"(?:[-+]\s+|\d{1,9}[.)]\s+)?"
# The first letters of the keys (``re.I`` applies to the class too).
_KEY_FIRST = "".join(sorted({alt.lstrip("(?:")[0] for p in KEY_PATTERNS
                             for alt in p.pattern[1:-1].removeprefix("(?:").split("|")}))
_KEY_RE = re.compile(r"^\s*" + _LIST_MARKER + "(?:" + _KEYS + r")\s*:", re.I | re.M)
# Each key starts with a letter (a word character, also for the letters that ``re.I`` folds
# to ASCII ones, like the Kelvin sign), a list marker with "-", "+" or a digit: the lookahead
# skips other lines at once.
_KEY_AFTER_NL_RE = re.compile(
    r"\n[^\S\n]*(?=[\w+-])" + _LIST_MARKER + "(?=[" + _KEY_FIRST + "])(?:" + _KEYS + r")\s*:", re.I)
# A year, as every shape of ``dates.DATE_RE`` has one, once inline markup is removed.
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_MARKUP_RE = re.compile(r"[*_`\[\]!]")
_MARKUP_CHARS = "*_`[]!"
_NOT_ALNUM_RE = re.compile(r"[^a-z0-9\n]")
_NOT_ALNUM_ASCII = bytes(code for code in range(128)  # its ASCII characters, as bytes
                         if not (48 <= code <= 57 or 97 <= code <= 122 or code == 10))
_PARENTHETICAL_RE = re.compile(r"\([^)]*\)")  # as ``sections.normalise_heading`` drops them
_ATX_RE = re.compile(r"#{1,6}(?=[ \t]|$)")
_SETEXT_RE = re.compile(r"[ \t>]*(?:=+|-+)[ \t]*")
_FENCE_RE = re.compile(r"(`{3,}|~{3,})(.*)")
_LABEL_MAX = 60  # ``sections.label_text``: a label is at most 60 characters


@dataclass(slots=True)
class _Scope:
    level: int
    maybe: bool  # may be (or belong to) an actions or lessons section


@lru_cache(maxsize=4096)  # heading lines repeat across documents, as in ``sections``
def _names_section(text: str) -> bool:
    """True when the heading line ``text`` may classify as actions or lessons (or is unsure).

    ``sections.normalise_heading`` drops parentheticals, so they are dropped here too before
    the letters and digits are run together (which only ever finds more keywords)."""
    if _UNSAFE_RE.search(text):
        return True
    letters = _NOT_ALNUM_RE.sub("", sub_enclosed(_PARENTHETICAL_RE, " ", text, ")").lower())
    return _KEYWORD_RE.search(letters) is not None


def _alnum_lower(text: str) -> str:
    """``text`` lower-cased with everything but ``a-z``, ``0-9`` and newlines removed.

    ``bytes.translate`` deletes characters many times faster than a regex substitution, but
    only for ASCII text (where lower-casing the bytes is lower-casing the text)."""
    if text.isascii():
        return text.encode("ascii").lower().translate(None, _NOT_ALNUM_ASCII).decode("ascii")
    return _NOT_ALNUM_RE.sub("", text.lower())


def _may_hold_label(body: str) -> bool:
    """True when some paragraph of ``body`` may be a label naming an actions or lessons
    section ("Action Items:", "What went well").

    A label has at most 60 characters, so it lies within a run of consecutive non-blank
    lines that each have at most 60 letters and digits. Its words, run together, are inside
    the run's letters and digits run together, unless a parenthetical was dropped from it:
    a short line with a parenthesis is therefore suspect on its own."""
    letters = _alnum_lower(body)
    if "(" not in body and ")" not in body:
        # Every run's letters are a substring of the short lines' letters run together: no
        # keyword there, none in any run (the common case, without a loop over the lines).
        parts = letters.split("\n")
        if max(map(len, parts)) <= _LABEL_MAX:
            short = letters.replace("\n", "")  # every line is short: all of them, joined
        else:
            short = "".join([part for part in parts if len(part) <= _LABEL_MAX])
        for word in _KEYWORDS:
            if word in short:
                break
        else:
            return False
    run: list[str] = []
    for line, line_letters in zip(body.split("\n"), letters.split("\n"), strict=True):
        if len(line_letters) > _LABEL_MAX or not line.strip(" \t"):
            if run and _KEYWORD_RE.search("".join(run)):
                return True
            run = []
            continue
        if "(" in line or ")" in line:
            return True
        run.append(line_letters)
    return bool(run) and _KEYWORD_RE.search("".join(run)) is not None


def _has_unsafe(text: str) -> bool:
    """``_UNSAFE_RE.search(text)``, with each character looked for by ``in`` (a memchr-like
    scan, far faster than the regex engine stepping through every position)."""
    for char in _UNSAFE_CHARS:
        if char in text:
            return True
    return "]" in text and _BRACKET_RE.search(text) is not None


def _at_line_start(pattern: re.Pattern[str], after_newline: re.Pattern[str], text: str) -> bool:
    """``pattern`` (``^...`` with ``re.M``) matches somewhere in ``text``: at its start, or
    after a newline, which ``after_newline`` (the same with ``\\n`` for ``^``) finds by
    jumping from newline to newline instead of trying ``^`` at every position."""
    return pattern.match(text) is not None or after_newline.search(text) is not None


def _inert(body: str) -> bool:
    """True when no reader outside actions/lessons sections can see anything in ``body``.

    Each cheap substring test below is implied by the regex it guards (``#`` for a heading,
    a fence marker for a fence, an underline's last ``=``/``-`` before a line end), so the
    result is that of running every regex; most bodies skip most of them."""
    if _has_unsafe(body):
        return False
    if ("#" in body or "```" in body or "~~~" in body or _may_end_underline(body)) \
            and _STRUCTURE_RE.search(body):
        return False
    if _at_line_start(_POINT_RE, _POINT_AFTER_NL_RE, body):
        return False
    if _at_line_start(_KEY_RE, _KEY_AFTER_NL_RE, body.replace("*", "")):
        return False
    if _may_lead_list(body):
        return False
    plain = body
    for char in _MARKUP_CHARS:
        if char in body:
            plain = _MARKUP_RE.sub("", body)
            break
    # A year needs a "19" or "20" (searched for fast first).
    if ("19" in plain or "20" in plain) and _YEAR_RE.search(plain):
        return False
    return not _may_hold_label(body)


def _may_lead_list(body: str) -> bool:
    """Some paragraph ending in a colon (or "following.") may be a commitment lead-in
    ("Going forward, we will do the following:"), whose list ``actions`` reads in any
    section: the words the lead
    needs are looked for in the paragraph up to that line (a paragraph of over 20 lines
    counts as one, without looking)."""
    if ":\n" not in body and not body.rstrip(" \t*_").endswith(":") \
            and "following" not in body.lower():
        return False
    lines = body.split("\n")
    for index, line in enumerate(lines):
        end = line.rstrip(" \t*_")
        if end.endswith(":") or end.lower().endswith(("following.", "following")):
            start = index
            while start > 0 and lines[start - 1].strip(" \t") and index - start < 20:
                start -= 1
            if index - start >= 20 or names_commitment(" ".join(lines[start:index + 1])):
                return True
    return False


def _may_end_underline(text: str) -> bool:
    """``_UNDERLINE_END_RE.search(text)``: spaces before the newline are rare, so this
    mostly looks for two-character strings."""
    if "-\n" in text or "=\n" in text or text.rstrip(" \t").endswith(("-", "=")):
        return True
    return (" \n" in text or "\t\n" in text) and _UNDERLINE_END_RE.search(text) is not None


def _scan(lines: list[str]) -> list[tuple[int, int, bool]] | None:
    """Real top-level ATX headings as (line index, level, maybe-actions/lessons), or None
    when the document has a construct the scan cannot follow exactly."""
    found: list[tuple[int, int, bool]] = []
    stack: list[_Scope] = []
    fence: tuple[str, int] | None = None
    html_end: re.Pattern[str] | None = None  # end of an HTML block of type 1-5
    html_until_blank = False  # HTML block of type 6-7 (or a line that may start one)
    previous_blank = True
    for index, line in enumerate(lines):
        stripped = line.lstrip(" \t")
        blank = not stripped  # markdown-it: only spaces and tabs make a line blank
        was_blank, previous_blank = previous_blank, blank
        if blank:
            html_until_blank = False
            continue
        first = stripped[0]
        if html_end is None:
            if first not in "#`~<>=-":
                # No state changes: every construct below starts with one of these (an
                # underline too, as its first character after the indentation).
                continue
            if first in "=-":  # a list item or thematic break, or a setext underline
                # An underline is ``first`` repeated, then spaces or tabs: it ends with one of
                # them (which a list item like "- Fix it" does not, so it skips the copies).
                if fence is None and not was_blank and stripped[-1] in " \t=-" \
                        and not stripped.rstrip(" \t").strip(first):
                    stack[:] = [_Scope(1, True)]  # what _may_be_heading finds, faster
                continue
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
            elif _may_be_heading(line, was_blank):
                stack[:] = [_Scope(1, True)]  # the HTML block may not be real
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
        atx = _ATX_RE.match(line)
        if atx is not None and not html_until_blank:
            level = len(atx.group(0))
            while stack and stack[-1].level >= level:
                stack.pop()
            maybe = _names_section(line) or bool(stack and stack[-1].maybe)
            stack.append(_Scope(level, maybe))
            found.append((index, level, maybe))
            continue
        if _may_be_heading(line, was_blank):
            # A heading the scan does not follow: any level, possibly actions.
            stack[:] = [_Scope(1, True)]
    return found


def _may_be_heading(line: str, after_blank: bool) -> bool:
    """An indented or quoted ATX heading, or a setext underline below a non-blank line."""
    return line.lstrip(" \t>").startswith("#") or (
        not after_blank and _SETEXT_RE.fullmatch(line) is not None)


def mask_inert_sections(body: str) -> str:
    """``body`` with the lines of inert sections emptied (see the module docstring)."""
    return prepare(body)[0]


def prepare(body: str) -> tuple[str, list[tuple[int, int]]]:
    """``body`` with inert sections emptied, and the (start, end) line ranges of the text
    before the first real top-level heading and of each such heading's body: ranges that
    parse the same on their own (``simple_blocks`` may read them without markdown-it)."""
    lines = body.split("\n")
    headings = _scan(lines)
    if not headings:
        return body, [(0, len(lines))]  # the whole document, which parses as itself
    changed = False
    starts = [index for index, _level, _maybe in headings]
    ends = [*starts[1:], len(lines)]
    for (index, _level, maybe), end in zip(headings, ends, strict=True):
        if maybe or end - index <= 1:
            continue
        if _inert("\n".join(lines[index + 1:end])):
            lines[index + 1:end] = [""] * (end - index - 1)
            changed = True
    sections = [(0, starts[0])] + [(start + 1, end) for start, end in zip(starts, ends,
                                                                           strict=True)]
    return ("\n".join(lines) if changed else body), sections
