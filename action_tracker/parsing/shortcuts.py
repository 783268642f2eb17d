"""The parser's speed shortcuts, and the one switch that turns them all off.

Each skips the general path where a cheaper one gives exactly the same result:

- :mod:`simple_blocks` reads a section holding only plain paragraphs, lists and tables
  without markdown-it (the sections come from :mod:`top_sections`);
- :mod:`document` runs markdown-it without the block rules whose first character the text
  lacks, and takes inline content without any character an inline rule starts at as plain
  text without parsing it;
- :mod:`frontmatter` reads front matter made of plain ``key: value`` lines without building
  a YAML loader.

Neither may change a result. ``tests/parser/test_shortcuts.py`` parses every Markdown file
in the repository (the fixtures, ``examples/postmortems``) and seeded random documents with
the shortcuts on and off and compares the results; run it with more examples to check more.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

ENABLED = True


@contextmanager
def disabled() -> Iterator[None]:
    """Parse by the general path only, for as long as the ``with`` block runs (a check
    that the shortcuts are exact; not thread-safe, and nothing but tests needs it)."""
    global ENABLED
    saved, ENABLED = ENABLED, False
    try:
        yield
    finally:
        ENABLED = saved
