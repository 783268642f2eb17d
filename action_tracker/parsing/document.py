"""Markdown source -> a flat list of blocks with 1-based line numbers of the original file.

The structure comes from markdown-it-py's token stream (CommonMark plus GitHub tables), never
from regular expressions over the file; the per-item rules downstream only look at one block's
text at a time. Each block keeps the *source* text of its inline content (list markers,
indentation and table pipes removed, wrapped lines joined), because that is what an engineer
reads as the item, and the links markdown-it resolved (reference-style links included).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

# Built once: creating the parser is far more expensive than parsing a postmortem.
_MD = MarkdownIt("commonmark").enable("table")


@dataclass
class Inline:
    """One inline run: its source text on a single line, plain text, and resolved links."""

    source: str
    plain: str
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, href)
    lines: list[str] = field(default_factory=list)  # source lines, for "Key: value" lines


@dataclass
class Heading:
    level: int
    text: Inline
    line: int


@dataclass
class Paragraph:
    text: Inline
    line: int
    quoted: bool = False


@dataclass
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


@dataclass
class ListBlock:
    items: list[ListItem]
    line: int
    ordered: bool
    quoted: bool = False


@dataclass
class TableRow:
    cells: list[Inline]
    line: int
    source_cells: int  # how many cells the source line really has (ragged-row check)


@dataclass
class Table:
    header: list[Inline]
    rows: list[TableRow]
    line: int
    quoted: bool = False


Block = Heading | Paragraph | ListBlock | Table


@dataclass
class Document:
    blocks: list[Block]
    references: dict[str, str]  # normalised label -> href


def _join_lines(text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


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
    return Inline(
        _join_lines(token.content), _join_lines("".join(plain)), links,
        [part.strip() for part in token.content.splitlines() if part.strip()],
    )


def _count_cells(line: str) -> int:
    """Cells of one table row as written (escaped pipes and code spans respected)."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    count, in_code, prev = 1, False, ""
    for ch in body:
        if ch == "`":
            in_code = not in_code
        elif ch == "|" and prev != "\\" and not in_code:
            count += 1
        prev = ch
    return count


class _Walker:
    def __init__(self, tokens: list[Token], lines: list[str], offset: int) -> None:
        self.tokens = tokens
        self.lines = lines
        self.offset = offset
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
                blocks.append(Heading(int(tok.tag[1:]), _inline(inline), self.line_of(tok)))
                self.pos += 2
            elif tok.type == "paragraph_open":
                inline = self.tokens[self.pos + 1]
                blocks.append(Paragraph(_inline(inline), self.line_of(tok), quote_depth > 0))
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
                item.paragraphs.append(_inline(self.tokens[self.pos + 1]))
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
                row.append(_inline(tok))
            elif tok.type == "tr_close":
                if in_head:
                    table.header = row
                else:
                    source = self.lines[row_line] if row_line < len(self.lines) else ""
                    table.rows.append(
                        TableRow(row, row_line + 1 + self.offset, _count_cells(source))
                    )
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


def parse_markdown(body: str, *, line_offset: int = 0) -> Document:
    """Blocks of ``body`` (front matter already removed; ``line_offset`` lines precede it)."""
    env: dict[str, object] = {}
    tokens = _MD.parse(body, env)
    refs_raw = env.get("references")
    references: dict[str, str] = {}
    if isinstance(refs_raw, dict):
        for label, data in refs_raw.items():
            if isinstance(data, dict) and isinstance(data.get("href"), str):
                references[str(label)] = data["href"]
    lines = body.split("\n")
    return Document(_Walker(tokens, lines, line_offset).walk(), references)
