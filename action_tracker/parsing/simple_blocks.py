"""The block structure of plain sections, read without markdown-it.

An action or lessons section is usually nothing but short paragraphs, one-line list items
(``- [ ] Add an alert @ana due 2026-03-01``, ``1. Fix the runbook``), perhaps with one level
of one-line sub-items, and pipe tables closed by a blank line; tokenizing those with
markdown-it's general block rules is most of what parsing a postmortem costs. :func:`plan`
reads such a section line by line and returns the blocks CommonMark gives it, or None as soon
as a line is anything else (indentation other than a sub-item's, a blank line before a
sub-item, text right after an item, which would be a lazy continuation, a marker followed by
something that could open another block, and so on), and then markdown-it reads the section
as usual.

It is only used on the text before the first heading and on the body of a section between
two real top-level headings (see ``top_sections``): a heading closes every open block, so
such a body parses the same on its own. When every section is plain, markdown-it does not run
at all (``document._planned_document``). Inline content is still parsed by markdown-it
(``document._InlineReader``). ``tests/parser/test_shortcuts.py`` compares the results with
markdown-it's (see ``shortcuts``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.rules_block.table import MAX_AUTOCOMPLETED_CELLS, escapedSplit

# A list item: marker, exactly one space, content. Bullets at column 0 or as sub-items.
_BULLET_RE = re.compile(r"( *)([-*+]) (?=[^ \t])(.*)")
_ORDERED_RE = re.compile(r"(\d{1,9})([.)]) (?=[^ \t])(.*)")
# Item content that could open another block inside the item (list, heading, quote, fence,
# HTML, thematic break, reference definition) or is not a plain start: refused.
_SAFE_START_RE = re.compile(r"[A-Za-z@(]|\[(?![^\]]*\]:)|\d(?!\d{0,8}[.)](?:[ \t]|$))")
_ALIGN_RE = re.compile(r"^:?-+:?$")  # markdown-it's headerLineRe

# The whitespace CommonMark trims from cells, headings and paragraphs: JavaScript's
# ``String.prototype.trim`` set less U+FEFF (what markdown-it-py 4.3's ``mdTrim`` strips).
_COMMONMARK_TRIM = "".join(
    chr(code) for code in sorted(
        {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x202F, 0x205F, 0x3000,
         0x2028, 0x2029, *range(0x2000, 0x200B)}))


def _installed_trim() -> str | None:
    """The characters the installed markdown-it trims (None: ``str.strip()``'s whitespace).

    markdown-it-py 4.3 trims CommonMark's set; 4.0 to 4.2 call ``str.strip()``, which also
    drops U+001C-U+001F and U+0085, so ``| a |\x1f`` is a one-column table row there and a
    two-column one in 4.3. A section read here must come out exactly as the installed
    markdown-it would read it, so the release is asked once, through its public API, rather
    than importing its private ``mdTrim`` (which only 4.3 has)."""
    paragraph = MarkdownIt("commonmark").parse("\x85a")[1].content
    return _COMMONMARK_TRIM if paragraph.startswith("\x85") else None


_TRIM_CHARS = _installed_trim()


def md_trim(text: str) -> str:
    """``text`` without the whitespace the installed markdown-it trims from its ends."""
    return text.strip(_TRIM_CHARS)


@dataclass(slots=True)
class PlannedItem:
    line: int  # index in the section's lines
    content: str
    children: list[PlannedItem] = field(default_factory=list)


@dataclass(slots=True)
class PlannedList:
    line: int
    ordered: bool
    items: list[PlannedItem]


@dataclass(slots=True)
class PlannedParagraph:
    line: int
    content: str


@dataclass(slots=True)
class PlannedTable:
    line: int
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line, cell texts)


Planned = PlannedList | PlannedParagraph | PlannedTable


def _delimiter_columns(line: str) -> int | None:
    """How many columns a table delimiter row (``|---|:-:|``) has, as markdown-it's table
    rule checks it, or None if ``line`` is not one."""
    if len(line) < 2 or line[0] not in "|-:":
        return None
    if line[1] not in "|-: \t" or (line[0] == "-" and line[1] in " \t"):
        return None
    if any(ch not in "|-: \t" for ch in line[2:]):
        return None
    columns = line.split("|")
    count = 0
    for index, column in enumerate(columns):
        text = md_trim(column)
        if not text:
            if index in (0, len(columns) - 1):
                continue
            return None
        if not _ALIGN_RE.search(text):
            return None
        count += 1
    return count


def _cells(line: str) -> list[str]:
    line = md_trim(line)
    # markdown-it's split, which walks the line a character at a time; without a backslash
    # no pipe is escaped, and it is ``str.split``.
    columns = escapedSplit(line) if "\\" in line else line.split("|")
    if columns and columns[0] == "":
        columns.pop(0)
    if columns and columns[-1] == "":
        columns.pop()
    return columns


def _table(lines: list[str], start: int) -> tuple[PlannedTable, int] | None:
    """A pipe table whose lines all start with ``|`` and that a blank line (or the end of
    the section) closes; (table, index after it) or None."""
    if start + 1 >= len(lines) or not lines[start + 1].startswith("|"):
        return None
    width = _delimiter_columns(lines[start + 1])
    header = _cells(lines[start])
    if not width or len(header) != width:
        return None
    table = PlannedTable(start, [md_trim(cell) for cell in header], [])
    index = start + 2
    autocompleted = 0
    while index < len(lines) and lines[index].startswith("|"):
        columns = _cells(lines[index])
        autocompleted += width - len(columns)
        if autocompleted > MAX_AUTOCOMPLETED_CELLS:
            return None
        table.rows.append((index, [md_trim(columns[i]) if i < len(columns) and columns[i] else ""
                                   for i in range(width)]))
        index += 1
    if index < len(lines) and lines[index]:
        return None  # the next line would be a row of the table
    return table, index


def _item_content(content: str) -> str | None:
    """The item's paragraph text, or None when it may start another block."""
    if not _SAFE_START_RE.match(content) or "]:" in content:
        return None
    # A safe start is not the "-", "*" or "_" a thematic break starts with, and a reference
    # definition needs "]:".
    return md_trim(content)


def plan(lines: list[str]) -> list[Planned] | None:
    """The blocks of a plain section (``lines`` is its body), or None if it is not plain."""
    if not any(lines):
        return []  # empty
    blocks: list[Planned] = []
    para: list[str] = []
    para_line = 0
    current: PlannedList | None = None
    marker = ""  # "-", "*", "+" or "." / ")" for ordered lists
    child_indent = 0  # where the current item's content starts (its sub-items' indent)
    prev = "blank"  # kind of the previous line: blank, para, item, child

    def close_para() -> None:
        nonlocal para
        if para:
            blocks.append(PlannedParagraph(para_line, md_trim("\n".join(para))))
            para = []

    index = -1
    while index + 1 < len(lines):
        index += 1
        line = lines[index]
        if not line:
            close_para()
            prev = "blank"
            continue
        if line[0] == "|":
            found = _table(lines, index) if prev == "blank" else None
            if found is None:
                return None
            blocks.append(found[0])
            current = None
            index = found[1] - 1
            prev = "table"
            continue
        first = line[0]
        if "a" <= first <= "z" or "A" <= first <= "Z":
            # A paragraph line: a letter in column 0 starts no block construct.
            if prev in ("item", "child"):
                return None  # lazy continuation of the item's paragraph
            if prev == "blank":
                current = None
                if not para:
                    para_line = index
            para.append(line)
            prev = "para"
            continue
        bullet = _BULLET_RE.fullmatch(line)
        ordered = None if bullet else _ORDERED_RE.fullmatch(line)
        if bullet is not None and first == " ":
            # A sub-item: right below its parent item or a sibling sub-item.
            if current is None or prev not in ("item", "child"):
                return None
            if len(bullet.group(1)) != child_indent:
                return None
            content = _item_content(bullet.group(3))
            if content is None:
                return None
            # Another bullet character starts a new sub-list: its items are details of the
            # same parent all the same.
            current.items[-1].children.append(PlannedItem(index, content))
            prev = "child"
            continue
        if bullet is not None:
            kind, is_ordered, width, text = bullet.group(2), False, 2, bullet.group(3)
        elif ordered is not None:
            kind, is_ordered = ordered.group(2), True
            width, text = len(ordered.group(1)) + 2, ordered.group(3)
        else:
            return None
        if prev == "para":
            return None  # a list interrupting a paragraph: left to markdown-it
        content = _item_content(text)
        if content is None:
            return None
        if para:  # empty after a blank line, item or table (tested without the call)
            close_para()
        if current is None or kind != marker or current.ordered != is_ordered:
            current = PlannedList(index, is_ordered, [])
            blocks.append(current)
            marker = kind
        current.items.append(PlannedItem(index, content))
        child_indent = width
        prev = "item"
    close_para()
    return blocks
