"""Postmortem parsing (placeholder until the parser lands).

Public entry points, which sync, digest and validate import:

- ``parse_file(path, *, display_path=None) -> Postmortem``: never raises for bad content;
  unreadable files come back with an error ``Problem``.
- ``parse_text(text, path) -> Postmortem``.
"""

from __future__ import annotations

from pathlib import Path

from action_tracker.models import Postmortem, Problem


def parse_text(text: str, path: str) -> Postmortem:
    return Postmortem(path=path, id=Path(path).stem)


def parse_file(path: Path, *, display_path: str | None = None) -> Postmortem:
    shown = display_path or path.as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Postmortem(
            path=shown, id=path.stem, problems=[Problem(severity="error", message=str(exc))]
        )
    return parse_text(text, shown)
