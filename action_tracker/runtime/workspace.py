"""What a run reads from the checkout: the postmortems, the ids two of them share, and the
commit they are linked at (which issues a run may touch is ``tracking.scope``).

Shared by sync, preview and digest so the three agree on every rule (a digest linking a
document at another commit than the issue did would be a small, confusing lie).
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from action_tracker.models import Postmortem
from action_tracker.parsing import parse_file
from action_tracker.render.links import DocLink
from action_tracker.runtime.config import Config
from action_tracker.runtime.discovery import discover, display_path
from action_tracker.runtime.environment import RunEnvironment
from action_tracker.tracking.validation import IdClash, id_clashes


def commit_ref(env: RunEnvironment, cwd: Path | None = None) -> str:
    """The commit documents are linked at: ``GITHUB_SHA``, else ``git rev-parse HEAD``,
    else the branch (``GITHUB_REF_NAME``), else ``HEAD``."""
    if env.sha:
        return env.sha
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5, cwd=cwd,
            check=False,
        )
        sha = out.stdout.strip()
        if out.returncode == 0 and len(sha) >= 7:
            return sha
    except (OSError, subprocess.SubprocessError):
        pass
    return env.ref_name or "HEAD"


def doc_link(env: RunEnvironment, repo: str | None, ref: str | None = None) -> DocLink:
    """Links to documents in ``repo`` at ``ref`` (default: :func:`commit_ref`)."""
    return DocLink(server_url=env.server_url, repo=repo, ref=ref or commit_ref(env))


def load_postmortems(paths: Sequence[str], config: Config) -> list[Postmortem]:
    """Parse the postmortems named by ``paths`` (default: the configured globs)."""
    files = discover(paths, globs=config.paths, exclude=config.exclude)
    return [parse_file(f, display_path=display_path(f)) for f in files]


def find_id_clashes(
    postmortems: Sequence[Postmortem], paths: Sequence[str], config: Config
) -> list[IdClash]:
    """Postmortem ids shared by two documents (see :func:`tracking.validation.id_clashes`).

    With explicit paths the configured globs are read too: a document named on the command
    line may share its id with one that was not, and a run on a few paths must see the same
    clashes (and leave the same issues alone) as a run on all of them.
    """
    return id_clashes(postmortems, load_postmortems((), config) if paths else ())


def commit_that_added(path: str, cwd: Path | None = None) -> str | None:
    """The sha of the commit that added ``path`` (the oldest one, if it was added twice),
    from local git history; None outside git, or in a shallow clone, where the oldest
    commit present "adds" every file and would name the wrong person (Actions checks out
    one commit unless ``fetch-depth: 0``)."""
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", *args], capture_output=True, text=True, timeout=10,
                                  cwd=cwd)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    if git("rev-parse", "--is-shallow-repository") != "false":
        return None
    out = git("log", "--diff-filter=A", "--format=%H", "--", path)
    lines = out.splitlines() if out else []
    return lines[-1] if lines else None
