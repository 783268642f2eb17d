"""Markdown source -> a flat list of blocks with 1-based line numbers of the original file.

The structure comes from markdown-it-py's token stream (CommonMark plus GitHub tables); the
per-item rules downstream only look at one block's text at a time. Each block keeps the
*source* text of its inline content (list markers, indentation and table pipes removed,
wrapped lines joined), because that is what an engineer reads as the item, and the links
markdown-it resolved (reference-style links included).

Speed (2,000 postmortems in under a few seconds) without changing a block: sections that are
nothing but one-line list items, paragraphs and pipe tables are read by ``simple_blocks``,
which gives exactly markdown-it's blocks for them and refuses anything else; markdown-it runs
without the block rules the text cannot trigger; and inline content is parsed only where a
character could start something other than plain text. Each is a shortcut of
:mod:`shortcuts`: ``tests/parser/test_shortcuts.py`` compares with the plain markdown-it path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import cast

from markdown_it import MarkdownIt
from markdown_it.rules_core.state_core import StateCore
from markdown_it.rules_core.text_join import text_join
from markdown_it.token import Token

from action_tracker.parsing import shortcuts
from action_tracker.parsing.simple_blocks import (
    Planned,
    PlannedParagraph,
    PlannedTable,
    md_trim,
    plan,
)

# Parsers are built once per set of unused block rules: creating one is far more expensive
# than parsing a postmortem. Inline content is parsed per block on demand (``_InlineReader``)
# instead of by the core "inline" and "text_join" rules, which do it for every block.
_VARIANTS: dict[frozenset[str], MarkdownIt] = {}
# A line ending in three or more of one of ``-*_`` and nothing else but spaces and tabs:
# ``([-*_])[ \t]*\1[ \t]*\1[ \t]*(?:\1[ \t]*)*$``, which is quadratic on a long line of
# "- - - …" (each "-" starts a scan to the line's end). Here each alternative is tried only
# where a run of its characters begins, and never gives back what it read: linear.
_HR_RE = re.compile("|".join(
    rf"(?<![{c} \t])[ \t]*+{c}[ \t]*+{c}[ \t]*+{c}[{c} \t]*+$" for c in (r"\-", r"\*", "_")),
    re.M)


def _may_have_hr(body: str) -> bool:
    """``_HR_RE.search(body)``, with the substring tests every match implies first: a match
    ends a line (or the text) with ``-``, ``*`` or ``_``, then maybe spaces or tabs. The
    regex tries every position, so it runs only on the rare text that passes them."""
    if not ("-\n" in body or "*\n" in body or "_\n" in body or " \n" in body
            or "\t\n" in body or body.rstrip(" \t").endswith(("-", "*", "_"))):
        return False
    return _HR_RE.search(body) is not None


def _markdown(body: str) -> MarkdownIt:
    """The CommonMark + tables parser, without the block rules that cannot match in ``body``.

    Each rule left out returns False before any side effect when the character it starts
    with is absent (tables need ``|``, fences a run of three backticks or tildes, and so on),
    so the tokens are exactly those of the full parser; only the failed attempts (on every
    line, and again as paragraph terminators) are saved."""
    off = _rules_off(body) if shortcuts.ENABLED else []
    key = frozenset(off)
    md = _VARIANTS.get(key)
    if md is None:
        md = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join", *off])
        _VARIANTS[key] = md
    return md


def _rules_off(body: str) -> list[str]:
    """The block rules that cannot match in ``body``."""
    off = []
    if "|" not in body:
        off.append("table")
    if "```" not in body and "~~~" not in body:
        off.append("fence")
    if ">" not in body:
        off.append("blockquote")
    if "<" not in body:
        off.append("html_block")
    if "[" not in body:
        off.append("reference")
    if not _may_have_hr(body):
        off.append("hr")
    return off


# Characters at which an inline rule other than "text" can start, per rule; inline content
# without any of them is one text token, exactly its source. A rule not listed here (a
# plugin enabled later) turns the shortcut off.
_RULE_CHARS = {
    "text": "", "newline": "\n", "escape": "\\", "backticks": "`", "emphasis": "*_",
    "link": "[", "image": "!", "autolink": "<", "html_inline": "<", "entity": "&",
}


@dataclass(slots=True)
class Inline:
    """One inline run: its source text on a single line, plain text, and resolved links."""

    source: str
    plain: str
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, href)
    lines: list[str] = field(default_factory=list)  # source lines, for "Key: value" lines


@dataclass(slots=True)
class Heading:
    level: int
    text: Inline
    line: int


@dataclass(slots=True)
class Paragraph:
    text: Inline
    line: int
    quoted: bool = False


@dataclass(slots=True)
class ListItem:
    """A list item: its own paragraphs, nested items (as details) and a task checkbox."""

    line: int
    paragraphs: list[Inline] = field(default_factory=list)
    children: list[ListItem] = field(default_factory=list)
    checked: bool | None = None

    @property
    def text(self) -> Inline:
        if not self.paragraphs:
            return Inline("", "")
        if len(self.paragraphs) == 1:
            return self.paragraphs[0]
        return Inline(
            " ".join(p.source for p in self.paragraphs),
            " ".join(p.plain for p in self.paragraphs),
            [link for p in self.paragraphs for link in p.links],
        )


@dataclass(slots=True)
class ListBlock:
    items: list[ListItem]
    line: int
    ordered: bool
    quoted: bool = False


@dataclass(slots=True)
class TableRow:
    cells: list[Inline]
    line: int
    source_cells: int  # how many cells the source line really has (ragged-row check)
    # Whether the source line starts / ends with a pipe: a line without them may be the rest
    # of a row an editor wrapped (``tables`` joins it back).
    opened: bool = True
    closed: bool = True


@dataclass(slots=True)
class Table:
    header: list[Inline]
    rows: list[TableRow]
    line: int
    quoted: bool = False


Block = Heading | Paragraph | ListBlock | Table


@dataclass(slots=True)
class Document:
    blocks: list[Block]
    references: dict[str, str]  # normalised label -> href


def _join_lines(text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


class _TokenList:
    """What ``text_join`` reads of the core state: the tokens."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens


# The pattern for each set of active inline rules: building it costs more than reading a
# plain section, and every document needs it.
_SHORTCUTS: dict[tuple[str, ...], re.Pattern[str] | None] = {}


def _shortcut_chars(md: MarkdownIt) -> re.Pattern[str] | None:
    active = tuple(md.inline.ruler.get_active_rules())
    if active in _SHORTCUTS:
        return _SHORTCUTS[active]
    pattern = None
    if all(rule in _RULE_CHARS for rule in active):
        chars = "".join(_RULE_CHARS[rule] for rule in active).replace("[", "").replace("!", "")
        pattern = re.compile("[" + re.escape(chars) + "]")
    _SHORTCUTS[active] = pattern
    return pattern


class _InlineReader:
    """Parses one block's inline content when the walker needs it (what the core "inline"
    and "text_join" rules would have done to it) and reads its plain text and links."""

    def __init__(self, md: MarkdownIt, env: dict[str, object]) -> None:
        self.md = md
        self.env = env
        self.special = _shortcut_chars(md) if shortcuts.ENABLED else None
        # "[" and "![" only start a link when followed by "(" or when references exist.
        self.brackets_plain = "references" not in env

    def _is_text(self, content: str) -> bool:
        if self.special is None or self.special.search(content):
            return False
        return "[" not in content or (self.brackets_plain and "](" not in content)

    def read(self, content: str) -> Inline:
        """Inline content that has no token yet (``simple_blocks``)."""
        special = self.special  # _is_text, inlined: this runs for every cell and item
        if special is not None and not special.search(content) and (
                "[" not in content or (self.brackets_plain and "](" not in content)):
            return _text_inline(content)
        token = Token("inline", "", 0)
        token.content = content
        return self(token)

    def __call__(self, token: Token) -> Inline:
        content = token.content
        if self._is_text(content):
            return _text_inline(content)
        if token.children is None:
            token.children = []
        self.md.inline.parse(content, self.md, self.env, token.children)
        text_join(cast(StateCore, _TokenList([token])))
        return _inline(token)


def _source_lines(content: str) -> list[str]:
    stripped = (part.strip() for part in content.splitlines())
    return [part for part in stripped if part]


def _text_inline(content: str) -> Inline:
    """Inline content that is one text token: its plain text is its source."""
    if content.isprintable():
        # One line (every character ``str.splitlines`` breaks at is unprintable), the
        # usual table cell or list item: what the general case gives, without its loops.
        text = content.strip()
        return Inline(text, text, [], [text] if text else [])
    lines = _source_lines(content)
    joined = " ".join(lines)  # what _join_lines(content) gives
    return Inline(joined, joined, [], lines)


def _inline(token: Token) -> Inline:
    plain: list[str] = []
    links: list[tuple[str, str]] = []
    href: str | None = None
    link_text: list[str] = []
    for child in token.children or []:
        if child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            link_text = []
        elif child.type == "link_close":
            if href is not None:
                links.append((" ".join(link_text).strip(), href))
            href = None
        elif child.type in ("text", "code_inline"):
            plain.append(child.content)
            if href is not None:
                link_text.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            plain.append(" ")
        elif child.type == "image":
            plain.append(child.content)
    lines = _source_lines(token.content)
    return Inline(" ".join(lines), _join_lines("".join(plain)), links, lines)


def _row(cells: list[Inline], line: int, source: str) -> TableRow:
    body = source.strip()
    return TableRow(cells, line, _count_cells(source), body.startswith("|"),
                    body.endswith("|") and not body.endswith("\\|"))


def _count_cells(line: str) -> int:
    """Cells of one table row as written (escaped pipes and code spans respected)."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    if "`" not in body and "\\" not in body:
        return body.count("|") + 1  # nothing escaped, no code span: every pipe counts
    count, in_code, prev = 1, False, ""
    for ch in body:
        if ch == "`":
            in_code = not in_code
        elif ch == "|" and prev != "\\" and not in_code:
            count += 1
        prev = ch
    return count


class _Walker:
    def __init__(self, tokens: list[Token], lines: list[str], offset: int,
                 inline: _InlineReader) -> None:
        self.tokens = tokens
        self.lines = lines
        self.offset = offset
        self.inline = inline
        self.pos = 0

    def line_of(self, token: Token) -> int:
        return (token.map[0] if token.map else 0) + 1 + self.offset

    def walk(self) -> list[Block]:
        blocks: list[Block] = []
        quote_depth = 0
        while self.pos < len(self.tokens):
            tok = self.tokens[self.pos]
            if tok.type == "blockquote_open":
                quote_depth += 1
            elif tok.type == "blockquote_close":
                quote_depth -= 1
            elif tok.type == "heading_open":
                inline = self.tokens[self.pos + 1]
                blocks.append(Heading(int(tok.tag[1:]), self.inline(inline), self.line_of(tok)))
                self.pos += 2
            elif tok.type == "paragraph_open":
                inline = self.tokens[self.pos + 1]
                blocks.append(Paragraph(self.inline(inline), self.line_of(tok), quote_depth > 0))
                self.pos += 2
            elif tok.type in ("bullet_list_open", "ordered_list_open"):
                blocks.append(self._list(quote_depth > 0))
                continue
            elif tok.type == "table_open":
                blocks.append(self._table(quote_depth > 0))
                continue
            self.pos += 1
        return blocks

    def _list(self, quoted: bool) -> ListBlock:
        open_tok = self.tokens[self.pos]
        block = ListBlock([], self.line_of(open_tok), open_tok.type == "ordered_list_open", quoted)
        close = open_tok.type.replace("_open", "_close")
        depth = open_tok.level
        self.pos += 1
        while self.pos < len(self.tokens):
            tok = self.tokens[self.pos]
            if tok.type == close and tok.level == depth:
                self.pos += 1
                break
            if tok.type == "list_item_open":
                block.items.append(self._item())
                continue
            self.pos += 1
        return block

    def _item(self) -> ListItem:
        open_tok = self.tokens[self.pos]
        item = ListItem(self.line_of(open_tok))
        depth = open_tok.level
        self.pos += 1
        while self.pos < len(self.tokens):
            tok = self.tokens[self.pos]
            if tok.type == "list_item_close" and tok.level == depth:
                self.pos += 1
                break
            if tok.type == "paragraph_open":
                item.paragraphs.append(self.inline(self.tokens[self.pos + 1]))
                self.pos += 2
                continue
            if tok.type in ("bullet_list_open", "ordered_list_open"):
                nested = self._list(False)
                item.children.extend(nested.items)
                continue
            self.pos += 1
        _take_checkbox(item)
        return item

    def _table(self, quoted: bool) -> Table:
        open_tok = self.tokens[self.pos]
        table = Table([], [], self.line_of(open_tok), quoted)
        row: list[Inline] = []
        row_line = 0
        in_head = False
        self.pos += 1
        while self.pos < len(self.tokens):
            tok = self.tokens[self.pos]
            if tok.type == "table_close":
                self.pos += 1
                break
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open":
                row, row_line = [], (tok.map[0] if tok.map else 0)
            elif tok.type == "inline":
                row.append(self.inline(tok))
            elif tok.type == "tr_close":
                if in_head:
                    table.header = row
                else:
                    source = self.lines[row_line] if row_line < len(self.lines) else ""
                    table.rows.append(_row(row, row_line + 1 + self.offset, source))
            self.pos += 1
        return table


def _take_checkbox(item: ListItem) -> None:
    """GitHub task-list box at the start of the item's first paragraph: ``[ ]`` / ``[x]``."""
    if not item.paragraphs:
        return
    first = item.paragraphs[0]
    src = first.source
    if len(src) >= 3 and src[0] == "[" and src[2] == "]" and src[1] in " xX":
        if len(src) > 3 and src[3] not in " \t":
            return
        item.checked = src[1] in "xX"
        plain = first.plain
        if plain.startswith(src[:3]):
            plain = plain[3:]
        item.paragraphs[0] = Inline(src[3:].strip(), plain.strip(), first.links)


def _planned_blocks(planned: list[Planned], lines: list[str], start: int, offset: int,
                    inline: _InlineReader) -> list[Block]:
    """Blocks of a section read by ``simple_blocks`` (``start``: its first line index)."""
    base = start + 1 + offset
    blocks: list[Block] = []
    read = inline.read
    for block in planned:
        if isinstance(block, PlannedParagraph):
            blocks.append(Paragraph(read(block.content), base + block.line))
            continue
        if isinstance(block, PlannedTable):
            rows = [_row([read(cell) for cell in cells], base + line, lines[start + line])
                    for line, cells in block.rows]
            blocks.append(Table([read(cell) for cell in block.header], rows,
                                base + block.line))
            continue
        items = []
        for planned_item in block.items:
            item = ListItem(base + planned_item.line, [read(planned_item.content)])
            for child in planned_item.children:
                sub = ListItem(base + child.line, [read(child.content)])
                _take_checkbox(sub)
                item.children.append(sub)
            _take_checkbox(item)
            items.append(item)
        blocks.append(ListBlock(items, base + block.line, block.ordered))
    return blocks


def _heading(line: str, number: int, inline: _InlineReader) -> Heading:
    """An ATX heading line in column 0, as markdown-it's heading rule reads it."""
    level, content = _heading_parts(line)
    return Heading(level, inline.read(content), number)


@lru_cache(maxsize=4096)  # heading lines repeat across documents ("## Summary")
def _heading_parts(line: str) -> tuple[int, str]:
    """The level and inline content of an ATX heading line in column 0 (a pure function)."""
    level = len(line) - len(line.lstrip("#"))
    end = len(line.rstrip(" \t"))
    closing = len(line[:end].rstrip("#"))
    if level < closing < end and line[closing - 1] in " \t":
        end = closing
    return level, md_trim(line[level:max(end, level)])


def _covers(sections: list[tuple[int, int]], count: int) -> bool:
    """The sections are the whole body: the text before the first heading, then each
    heading's body right below its (single) heading line."""
    if sections[0][0] != 0 or sections[-1][1] != count:
        return False
    return all(start == previous_end + 1
               for (_, previous_end), (start, _) in pairwise(sections))


def _planned_document(lines: list[str], plans: list[tuple[int, list[Planned]]],
                      offset: int) -> Document:
    """Every section was read by ``simple_blocks``: the blocks without markdown-it at all.

    Section starts after the first are just below their heading line; no section holds a
    reference definition, so there are no references to resolve."""
    inline = _InlineReader(_markdown(""), {})
    blocks: list[Block] = []
    for number, (start, planned) in enumerate(plans):
        if number:
            blocks.append(_heading(lines[start - 1], start + offset, inline))
        blocks.extend(_planned_blocks(planned, lines, start, offset, inline))
    return Document(blocks, {})


# A line that is only an HTML anchor (``<a name="timeline"></a>``, ``<a id="x"/>``), as
# generated tables of contents put above headings, and an HTML heading on one line.
_ANCHOR_LINE_RE = re.compile(
    r"^[ \t]{0,3}(?:<a\s[^<>\n]*?/?>(?:[ \t]*</a>)?|</a>)+[ \t]*$", re.IGNORECASE | re.MULTILINE)
_HTML_HEADING_RE = re.compile(
    r"^[ \t]{0,3}<h([1-6])(?:\s[^<>\n]*)?>(.*?)</h\1>[ \t]*$", re.IGNORECASE | re.MULTILINE)
_TAG_RE = re.compile(r"<[^<>\n]*>")


def unhide_headings(body: str) -> str:
    """``body`` with anchor-only lines blanked and one-line HTML headings written as
    Markdown headings (line numbers unchanged).

    An anchor alone on a line (``<a name="x">``) starts an HTML block, which swallows the
    heading on the next line: GitHub shows "## Action items" as text, and the sections and
    dates under it would be lost. The anchor is invisible either way; without it the
    heading is what the author wrote. ``<h2 id="x">Incident of June 14, 2021</h2>`` is a
    heading too."""
    if "<" not in body:
        return body
    low = body.lower()
    if "<a" in low:
        body = _ANCHOR_LINE_RE.sub("", body)
    if "<h" in low:
        body = _HTML_HEADING_RE.sub(
            lambda m: "#" * int(m.group(1)) + " " + _TAG_RE.sub("", m.group(2)).strip(), body)
    return body


def parse_markdown(body: str, *, line_offset: int = 0,
                   sections: list[tuple[int, int]] | None = None) -> Document:
    """Blocks of ``body`` (front matter already removed; ``line_offset`` lines precede it).

    ``sections`` are (start, end) line ranges that parse on their own (bodies between real
    top-level headings); those ``simple_blocks`` can read are not given to markdown-it."""
    lines = body.split("\n")
    plans: list[tuple[int, list[Planned]]] = []
    source = body
    if sections and "\0" not in body:  # markdown-it would turn NUL into U+FFFD first
        planned_ranges = []
        for start, end in sections:
            planned = plan(lines[start:end])
            if planned is not None:
                plans.append((start, planned))
                planned_ranges.append((start, end))
        if len(plans) == len(sections) and _covers(sections, len(lines)):
            return _planned_document(lines, plans, line_offset)
        if plans:
            md_lines = list(lines)  # markdown-it reads the other sections only
            for start, end in planned_ranges:
                md_lines[start:end] = [""] * (end - start)
            source = "\n".join(md_lines)
    env: dict[str, object] = {}
    md = _markdown(source)
    tokens = md.parse(source, env)
    refs_raw = env.get("references")
    references: dict[str, str] = {}
    if isinstance(refs_raw, dict):
        for label, data in refs_raw.items():
            if isinstance(data, dict) and isinstance(data.get("href"), str):
                references[str(label)] = data["href"]
    inline = _InlineReader(md, env)
    blocks = _Walker(tokens, lines, line_offset, inline).walk()
    if plans:
        for start, planned in plans:
            blocks.extend(_planned_blocks(planned, lines, start, line_offset, inline))
        blocks.sort(key=_block_line)  # sections are disjoint line ranges
    return Document(blocks, references)


def _block_line(block: Block) -> int:
    return block.line
