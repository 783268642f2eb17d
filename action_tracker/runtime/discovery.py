"""Which files are postmortems: explicit paths and folders, else the configured globs."""

from __future__ import annotations

from collections.abc import Sequence
from fnmatch import fnmatch
from pathlib import Path

from action_tracker.errors import UsageError
from action_tracker.parsing import printable_path

MARKDOWN_SUFFIXES = {".md", ".markdown"}


def _excluded(rel: str, patterns: Sequence[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch(rel, pat) or fnmatch(name, pat.rsplit("/", 1)[-1]) for pat in patterns)


def require_existing(paths: Sequence[str | Path]) -> None:
    """A path that does not exist is a usage error (exit 2) naming it, in every command:
    a typo in a workflow's arguments must fail the step, not pass as "nothing to check"."""
    for raw in paths:
        if not Path(raw).exists():
            shown = str(raw)
            raise UsageError(f"{printable_path(shown) or shown}: no such file or folder")


def no_match_message(paths: Sequence[str | Path], globs: Sequence[str]) -> str:
    """What to say when no postmortem was found: which paths or globs matched nothing, and
    where to look (a wrong working directory is the usual cause)."""
    if paths:
        named = ", ".join(str(p) for p in paths)
        return f"0 postmortems matched {named} (no .md or .markdown file there outside 'exclude')"
    return (
        f"0 postmortems matched the configured paths ({', '.join(globs) or 'none'}): check "
        "'paths' in the config, and that the command runs at the repository's root"
    )


def discover(
    paths: Sequence[str | Path],
    *,
    globs: Sequence[str],
    exclude: Sequence[str] = (),
    root: Path | None = None,
) -> list[Path]:
    """Postmortem files, sorted and without repeats.

    An explicit file is always taken (even if excluded, so ``parse x.md`` does what it
    says); a folder contributes its Markdown files below it, minus the excluded ones; with
    no paths, the configured globs are expanded from ``root``. A path that does not exist
    is a usage error naming it.
    """
    base = root or Path.cwd()
    found: dict[Path, None] = {}
    if paths:
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                for child in sorted(path.rglob("*")):
                    if child.is_file() and child.suffix.lower() in MARKDOWN_SUFFIXES:
                        rel = child.relative_to(path).as_posix()
                        if not _excluded(rel, exclude):
                            found[child] = None
            elif path.exists():
                found[path] = None
            else:
                require_existing([raw])
        return list(found)
    for pattern in globs:
        for child in sorted(base.glob(pattern)):
            if child.is_file():
                rel = child.relative_to(base).as_posix()
                if not _excluded(rel, exclude):
                    found[child] = None
    return sorted(found)


def display_path(path: Path, root: Path | None = None) -> str:
    """The path as the user should see it: relative to the checkout where possible."""
    base = (root or Path.cwd()).resolve()
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()
