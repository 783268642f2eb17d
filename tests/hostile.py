"""What a hostile document could make others see: checks shared by the hostile-text tests.

Markdown is read the way GitHub reads it (CommonMark + tables, raw HTML on), so the checks
are about what a reader or the Actions runner would actually get, not about our escapes.
"""

from __future__ import annotations

import html as htmllib
import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from action_tracker.render.safe_text import IGNORABLE_RE

_MD = MarkdownIt("commonmark", {"html": True}).enable("table")
# GitHub mentions "@login" / "@org/team" after a non-word character (or a text start).
_MENTION_RE = re.compile(r"(?:^|[^A-Za-z0-9_])@([A-Za-z0-9][A-Za-z0-9-]*(?:/[\w.-]+)?)")
# A bare URL GitHub links itself (GFM autolink: after a space or a line start, a dotted
# host, then a path): text inside a link mentions nobody.
_BARE_URL_RE = re.compile(r"(?:^|(?<=[\s(]))https?://[\w-]+(?:\.[\w-]+)+/\S*")
# HTML our own templates write: anything else raw in a body came from a document.
_OUR_HTML_RE = re.compile(
    r"</?sub>|</details>|<details><summary>[^<>]*</summary>"
    r"|<!-- action-tracker:[a-z]+ [^<>]*-->"
)


def runner_commands(printed: str) -> list[str]:
    """Lines of printed output the Actions runner would obey as workflow commands.

    ``::name…`` at a line start (after spaces) and ``##[`` anywhere (the legacy form); our
    own annotations (``::error file=…::`` and the like) are expected by the caller."""
    lines = re.split(r"\r\n|\r|\n", printed)
    # A culture-aware comparison may skip zero-width characters: check without them too.
    bare = [IGNORABLE_RE.sub("", line) for line in lines]
    return [line for line, seen in zip(lines, bare, strict=True)
            if seen.lstrip().startswith("::") or "##[" in seen]


def _walk(tokens: list[Token]) -> list[tuple[Token, int, int]]:
    """Every token with (inside a link, inside code) depths."""
    out: list[tuple[Token, int, int]] = []
    for token in tokens:
        if token.children:
            link = 0
            for child in token.children:
                if child.type == "link_open":
                    link += 1
                elif child.type == "link_close":
                    link -= 1
                out.append((child, link, 0))
        else:
            out.append((token, 0, 0))
    return out


def mentions(markdown: str) -> set[str]:
    """Logins and teams GitHub would mention: in text, not in code or a link."""
    found: set[str] = set()
    for token, in_link, _ in _walk(_MD.parse(markdown)):
        if token.type == "text" and not in_link:
            text = _BARE_URL_RE.sub(" ", token.content)
            found.update(m.group(1) for m in _MENTION_RE.finditer(text))
    return found


def raw_html(markdown: str) -> list[str]:
    """Raw HTML GitHub would render from ``markdown`` (tags and comments), in order."""
    return [
        token.content.strip()
        for token, _, _ in _walk(_MD.parse(markdown))
        if token.type in ("html_inline", "html_block")
    ]


def foreign_html(markdown: str) -> list[str]:
    """Raw HTML our templates did not write (after splitting blocks into their lines)."""
    out: list[str] = []
    for chunk in raw_html(markdown):
        for line in chunk.splitlines():
            rest = _OUR_HTML_RE.sub("", line).strip()
            if rest.startswith("<") or re.search(r"<[A-Za-z!/?]", rest):
                out.append(line)
    opened = sum(c.count("<details>") for c in raw_html(markdown))
    closed = sum(c.count("</details>") for c in raw_html(markdown))
    if opened != closed:
        out.append(f"{opened} <details> for {closed} </details>")
    return out


def text_of(markdown: str) -> str:
    """The visible text (what a reader sees), for checking that escapes do not show."""
    rendered = _MD.render(markdown)
    return htmllib.unescape(re.sub(r"<[^>]+>", "", rendered))
