#!/usr/bin/env python3
"""Print the CHANGELOG.md entry of a version (default: pyproject.toml's), for release notes.

Usage: python tools/changelog_entry.py [VERSION]

Exits 1 with one line on stderr when the changelog has no ``## [VERSION] - YYYY-MM-DD``
section or the section is empty: the release workflow runs it before tagging, and
tests/action/test_workflow_files.py runs it for the current version, so a version bump
without its changelog entry fails CI instead of publishing a release without notes.
Standard library only: it runs on a bare runner Python.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_HEADING_RE = re.compile(r"^## \[(?P<version>[^\]]+)\](?: - (?P<date>\d{4}-\d{2}-\d{2}))?\s*$")


def current_version() -> str:
    """The version pyproject.toml declares."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return str(data["project"]["version"])


def entry(changelog: str, version: str) -> str:
    """The body of ``version``'s section (between its heading and the next ``## ``)."""
    lines = changelog.splitlines()
    start = None
    for index, line in enumerate(lines):
        match = _HEADING_RE.match(line)
        if match and match["version"] == version:
            if match["date"] is None:
                raise ValueError(f"CHANGELOG.md:{index + 1}: '## [{version}]' has no date "
                                 "(write '## [X.Y.Z] - YYYY-MM-DD')")
            start = index + 1
            break
    if start is None:
        raise ValueError(f"CHANGELOG.md has no '## [{version}] - YYYY-MM-DD' section")
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    # Link reference definitions at the end of the file belong to no section.
    body = [line for line in lines[start:end] if not re.match(r"^\[[^\]]+\]: ", line)]
    text = "\n".join(body).strip()
    if not text:
        raise ValueError(f"CHANGELOG.md: the section of {version} is empty")
    return text + "\n"


def main(argv: list[str]) -> int:
    version = argv[0] if argv else current_version()
    try:
        sys.stdout.write(entry((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), version))
    except (OSError, ValueError) as exc:
        print(f"changelog_entry: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
