"""``digest``: read the options, run :func:`~action_tracker.app.run_digest`, print it.

The use case posts the issue, then lets :meth:`_DigestOutput.posted` print it and write the
job summary and outputs, and only then calls the chat webhook: a failing webhook (exit 1)
never costs the team its digest.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from action_tracker import app as app_core
from action_tracker.cli.common import (
    open_store,
    parse_today,
    require_repo,
    warn_no_documents,
    warn_untrusted,
)
from action_tracker.cli.context import AppContext, global_options
from action_tracker.located import Located
from action_tracker.render.digest import render_json
from action_tracker.runtime.actions_output import annotation, append_summary, write_outputs
from action_tracker.runtime.config import Config
from action_tracker.runtime.environment import RunEnvironment
from action_tracker.runtime.log import get_logger
from action_tracker.runtime.workspace import doc_link

if TYPE_CHECKING:
    from action_tracker.github.adapter import GitHubIssueStore


@click.command()
@global_options
@click.argument("paths", nargs=-1)
@click.option("--repo", default=None, help="OWNER/NAME (default: $GITHUB_REPOSITORY).")
@click.option("--today", default=None, metavar="YYYY-MM-DD",
              help="Build the digest as of this day (default: today in UTC).")
@click.option("--dry-run", is_flag=True,
              help="Print the digest instead of posting it (no token needed).")
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown",
              help="Output format on stdout.")
@click.pass_obj
def digest(
    app: AppContext,
    paths: tuple[str, ...],
    repo: str | None,
    today: str | None,
    dry_run: bool,
    fmt: str,
) -> None:
    """Build and post the digest of overdue actions and lessons learned."""
    day = parse_today(today)
    config, env = app.config, app.env
    repo_name = env.resolve_repo(repo)
    if not dry_run:
        env.require_token("digest", dry_run="print it, built from the documents alone")
        require_repo(repo_name, "digest")
    store = open_store(env, config, require_repo(repo_name, "digest")) if env.token else None
    request = app_core.DigestRequest(
        paths=paths, config=config, repo=repo_name, today=day, link=doc_link(env, repo_name),
        server_url=env.server_url, api_url=env.api_url, dry_run=dry_run,
        webhook_url=env.webhook_url,
    )
    app_core.run_digest(request, store, _DigestOutput(env, paths, config, fmt=fmt, store=store))


class _DigestOutput(app_core.DigestReport):
    """What digest prints: the digest or its URL (stdout), status (stderr), the Actions
    job summary and outputs."""

    def __init__(self, env: RunEnvironment, paths: Sequence[str], config: Config, *, fmt: str,
                 store: GitHubIssueStore | None) -> None:
        self.env, self.paths, self.config, self.fmt = env, paths, config, fmt
        self.store = store

    def no_documents(self) -> None:
        warn_no_documents(self.env, self.paths, self.config)

    def untrusted(self, warnings: Sequence[str]) -> None:
        warn_untrusted(self.env, warnings)

    def without_store(self) -> None:
        get_logger().info("no GitHub token: building the digest from the documents alone "
                          "(no issue numbers, no closing dates)")

    def unreadable_links(self, warnings: Sequence[Located]) -> None:
        for warning in warnings:
            get_logger().warning("%s", warning)

    def posted(self, run: app_core.DigestRun) -> None:
        log, env, config = get_logger(), self.env, self.config
        result = run.posted
        if result is None:  # a dry run
            click.echo(render_json(run.digest, config) if self.fmt == "json" else run.body,
                       nl=False)
            log.info("would post the digest issue '%s' to %s", run.title,
                     run.digest.repo or "(no repository)")
            if env.webhook_url:
                log.info("would notify the chat webhook")
            append_summary(env.step_summary, run.body)
            write_outputs(env.output, {**run.counts, "digest_issue": ""})
            return
        if self.store is not None:
            log.debug("%s", self.store.request_summary())
        verb = "created" if result.created else "updated" if result.updated else "unchanged"
        log.info("digest issue #%d %s: %s", result.number, verb, result.url)
        for number in result.closed_previous:
            log.info("closed the previous digest #%d", number)
        if self.fmt == "json":
            click.echo(render_json(run.digest, config, {"issue": result.model_dump()}),
                       nl=False)
        else:
            click.echo(result.url)
        append_summary(env.step_summary, run.body)
        write_outputs(env.output, {**run.counts, "digest_issue": result.number,
                                   "digest_url": result.url})

    def chat_failed(self, message: str) -> None:
        if self.env.in_actions:
            click.echo(annotation("warning", message, title="digest chat"), err=True)
