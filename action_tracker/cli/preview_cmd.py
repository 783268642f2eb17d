"""``preview``: read the options, run :func:`~action_tracker.app.run_preview`, print or
post the comment, write the job summary and outputs.

A token that may not comment (a fork's pull request) is not an error: the preview goes to
the job summary with a warning, and the step still passes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import click

from action_tracker import app as app_core
from action_tracker.cli.common import (
    annotate,
    open_store,
    require_repo,
    warn_no_documents,
    warn_untrusted,
)
from action_tracker.cli.context import AppContext, global_options
from action_tracker.errors import UsageError
from action_tracker.github.pr_comment import pull_request_from_event
from action_tracker.located import Located
from action_tracker.render import preview as preview_text
from action_tracker.render.safe_text import json_text
from action_tracker.runtime import actions_output
from action_tracker.runtime.config import Config
from action_tracker.runtime.environment import RunEnvironment
from action_tracker.runtime.log import get_logger
from action_tracker.runtime.workspace import doc_link


@click.command()
@global_options
@click.argument("paths", nargs=-1)
@click.option("--repo", default=None, help="OWNER/NAME (default: $GITHUB_REPOSITORY).")
@click.option("--pr", "pr_number", type=click.IntRange(min=1), default=None,
              help="Pull request number (default: from the pull_request event).")
@click.option("--dry-run", is_flag=True, help="Print the comment; write nothing.")
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown",
              help="What --dry-run prints.")
@click.pass_obj
def preview(
    app: AppContext, paths: tuple[str, ...], repo: str | None, pr_number: int | None,
    dry_run: bool, fmt: str,
) -> None:
    """Comment on a pull request what merging it will do to the tracked issues."""
    log = get_logger()
    config, env = app.config, app.env
    repo_name = env.resolve_repo(repo)
    event = pull_request_from_event(env)
    pr = pr_number or event.number
    if pr is None and not dry_run:
        raise UsageError(
            "preview: no pull request: run it on a pull_request event or pass --pr N"
        )
    store = open_store(env, config, repo_name) if env.token and repo_name else None
    if store is None and not dry_run:
        require_repo(repo_name, "preview")
        env.require_token("preview", dry_run="print the comment without one")
    request = app_core.PreviewRequest(
        paths=paths, config=config, repo=repo_name,
        link=doc_link(env, repo_name, ref=event.head_sha), server_url=env.server_url,
        api_url=env.api_url, pr=pr, head_sha=event.head_sha, dry_run=dry_run,
    )
    run = app_core.run_preview(request, store, _PreviewOutput(env, paths, config))
    outputs: dict[str, object] = {**run.preview.counts.outputs(), "comment_id": ""}
    summary = run.body
    if dry_run:
        if fmt == "json":
            click.echo(json_text(json.dumps(preview_text.json_data(run.preview), indent=2)))
        else:
            click.echo(run.body, nl=False)
        where = f"pull request #{pr}" if pr is not None else "the pull request"
        log.info("dry run: would post or update the preview comment on %s", where)
    elif run.refused is not None:
        annotate(env, "warning", run.refused, title="action-tracker preview")
        summary = f"> [!WARNING]\n> {run.refused}\n\n{run.body}"
    else:
        log.info("%s the preview comment on pull request #%s", run.done, pr)
        outputs["comment_id"] = run.comment_id
    actions_output.write_outputs(env.output, outputs)
    actions_output.append_summary(env.step_summary, summary)


class _PreviewOutput(app_core.PreviewReport):
    """What preview says on stderr while it plans."""

    def __init__(self, env: RunEnvironment, paths: Sequence[str], config: Config) -> None:
        self.env, self.paths, self.config = env, paths, config

    def no_documents(self) -> None:
        warn_no_documents(self.env, self.paths, self.config)

    def untrusted(self, warnings: Sequence[str]) -> None:
        warn_untrusted(self.env, warnings)

    def without_store(self) -> None:
        get_logger().info("no token: comparing with no existing issues")

    def unreadable_links(self, warnings: Sequence[Located]) -> None:
        for warning in warnings:
            get_logger().warning("%s", warning)

    def previewed(self, preview: preview_text.Preview) -> None:
        get_logger().info(preview_text.headline(preview.counts))
