"""Which files a pull request changes, read from the git checkout (no network call).

``validate`` on a pull request reports the postmortems the pull request changes, not the
whole repository's old problems. The changed files come from git, in this order:

1. ``git diff BASE...HEAD`` with the event's ``pull_request.base.sha`` and ``head.sha``
   when both commits and their merge base are in the checkout (``fetch-depth: 0``); this is
   the list GitHub's "Files changed" tab shows;
2. else, when the checkout is the pull request's merge commit (what ``actions/checkout``
   checks out on ``pull_request``) and its parents are present (``fetch-depth: 2``), the
   merge commit against its first parent: exactly what merging changes.

The GitHub API (``GET /pulls/N/files``) would need ``pull-requests: read`` and a request per
100 files; git needs neither. When git cannot tell (no git, a shallow clone without the
parents, another checkout), the answer says why and the caller reports everything.

Git runs with external diff drivers and text conversion off, and never fetches: the
pull request's files cannot make it run anything.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from action_tracker.runtime.discovery import display_path

_SHA_RE = re.compile(r"^[0-9a-fA-F]{7,64}$")
_TIMEOUT = 60  # seconds; a diff of names is fast even in a large repository


@dataclass(frozen=True)
class ChangedFiles:
    """The changed files as display paths (relative to the working folder, like the
    postmortems' paths), or ``None`` with the reason they could not be found."""

    paths: frozenset[str] | None
    how: str = ""
    reason: str = ""


class _GitFailed(Exception):
    pass


def _git(args: list[str], cwd: Path) -> str:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        proc = subprocess.run(
            ["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
            encoding="utf-8", errors="surrogateescape", timeout=_TIMEOUT, check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise _GitFailed(str(exc) or type(exc).__name__) from None
    if proc.returncode != 0:
        lines = proc.stderr.strip().splitlines()
        raise _GitFailed(lines[-1] if lines else f"git exited with {proc.returncode}")
    return proc.stdout


def _names(diff_args: list[str], root: Path, cwd: Path) -> frozenset[str]:
    out = _git(["diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", "--no-textconv",
                *diff_args, "--"], cwd)
    return frozenset(display_path(root / name, cwd) for name in out.split("\0") if name)


def changed_files(
    base_sha: str | None, head_sha: str | None, cwd: Path | None = None
) -> ChangedFiles:
    """The files the pull request from ``base_sha`` to ``head_sha`` changes (see the module
    docstring for how), or why they cannot be told from this checkout."""
    where = cwd or Path.cwd()
    # Only commit ids reach git's command line (never an option, however the payload reads).
    base_sha = base_sha if base_sha and _SHA_RE.match(base_sha) else None
    head_sha = head_sha if head_sha and _SHA_RE.match(head_sha) else None
    try:
        root = Path(_git(["rev-parse", "--show-toplevel"], where).strip())
    except _GitFailed as exc:
        return ChangedFiles(None, reason=f"not a git checkout ({exc})")
    if base_sha and head_sha:
        try:
            return ChangedFiles(_names([f"{base_sha}...{head_sha}"], root, where),
                                how=f"git diff {base_sha[:7]}...{head_sha[:7]}")
        except _GitFailed:
            pass  # not both in the checkout, or no merge base in a shallow clone
    try:
        commits = _git(["rev-list", "--parents", "-n", "1", "HEAD"], where).split()
    except _GitFailed as exc:
        return ChangedFiles(None, reason=f"cannot read the checked-out commit ({exc})")
    is_merge = len(commits) == 3 and (head_sha is None or commits[2] == head_sha)
    if is_merge:
        try:
            return ChangedFiles(_names([commits[1], commits[0]], root, where),
                                how="the merge commit against its first parent")
        except _GitFailed as exc:
            return ChangedFiles(None, reason=f"git diff failed ({exc})")
    return ChangedFiles(None, reason=(
        "the checkout holds neither the pull request's base commit nor the parents of its "
        "merge commit (check out with `fetch-depth: 2`)"
    ))
