"""Small pieces every GitHub-facing command needs, kept in one place so they behave alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import click

from action_tracker.errors import UsageError
from action_tracker.located import Located
from action_tracker.render.markdown import inline
from action_tracker.runtime import actions_output
from action_tracker.runtime.config import Config
from action_tracker.runtime.discovery import no_match_message
from action_tracker.runtime.environment import RunEnvironment
from action_tracker.runtime.log import get_logger, mask

if TYPE_CHECKING:  # PyGithub is imported only when GitHub is actually used
    from action_tracker.github.adapter import GitHubIssueStore


def open_store(env: RunEnvironment, config: Config, repo: str) -> GitHubIssueStore:
    """The GitHub-backed store (imported late: a dry run without a token never needs it)."""
    from action_tracker.github.adapter import GitHubIssueStore

    return GitHubIssueStore.from_environment(env, config, repo)


def require_repo(repo: str | None, command: str) -> str:
    """The repository, or a usage error saying how to give one."""
    if repo is None:
        raise UsageError(
            f"{command}: no repository: pass --repo OWNER/NAME or set GITHUB_REPOSITORY "
            "(or use --dry-run)"
        )
    return repo


def annotate(
    env: RunEnvironment, level: str, message: Located | str, *, title: str | None = None
) -> None:
    """A ``::warning``/``::error`` annotation on stderr in Actions (on the document's line
    when the message is :class:`Located`), else a plain stderr line."""
    if env.in_actions:
        at = message if isinstance(message, Located) else Located(message=message)
        annotation = actions_output.annotation(
            level, mask(at.message), file=at.path, line=at.line, title=title
        )
        click.echo(annotation, err=True)
    elif level == "error":
        get_logger().error("error: %s", mask(str(message)))
    else:
        get_logger().warning("warning: %s", mask(str(message)))


def warn_untrusted(env: RunEnvironment, warnings: Iterable[str]) -> None:
    """Warn about marked issues that someone other than the tool opened (ignored this run)."""
    for warning in warnings:
        annotate(env, "warning", warning)


def warn_no_documents(env: RunEnvironment, paths: Sequence[str], config: Config) -> None:
    """No postmortem found: a warning (an annotation in Actions) and a note in the job
    summary naming what matched nothing, so a wrong path never reads as "all is well"."""
    message = no_match_message(paths, config.paths)
    annotate(env, "warning", message)
    actions_output.append_summary(env.step_summary, f"> [!NOTE]\n> {inline(message)}\n")


def parse_today(value: str | None) -> dt.date:
    """``--today`` (YYYY-MM-DD), default today in UTC."""
    if value is None:
        return dt.datetime.now(dt.UTC).date()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"--today: '{value}' is not a date; use YYYY-MM-DD") from None
