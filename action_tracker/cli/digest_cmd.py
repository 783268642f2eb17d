"""``digest``: wiring options to the digest core, GitHub and the chat webhook.

Order matters for ``digest``: the issue is posted first, then the job summary and outputs
are written, and only then is the chat webhook called, so a failing webhook (exit 1) never
costs the team its digest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from action_tracker import app as app_core
from action_tracker.app_remind import read_snoozes
from action_tracker.cli.common import (
    open_store,
    parse_today,
    require_repo,
    warn_no_documents,
    warn_untrusted,
)
from action_tracker.cli.context import AppContext, global_options
from action_tracker.digest.post import post_digest
from action_tracker.errors import NotifyError
from action_tracker.render.digest import chat_payload, digest_title, render_json, render_markdown
from action_tracker.runtime.actions_output import annotation, append_summary, write_outputs
from action_tracker.runtime.log import get_logger
from action_tracker.runtime.notifier import post_webhook
from action_tracker.runtime.workspace import doc_link as document_link

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
    log = get_logger()
    day = parse_today(today)
    config, env = app.config, app.env
    repo_name = env.resolve_repo(repo)
    if not dry_run:
        env.require_token("digest", dry_run="print it, built from the documents alone")
        require_repo(repo_name, "digest")
    postmortems = app_core.read_postmortems(paths, config)
    if not postmortems:
        warn_no_documents(env, paths, config)
    doc_link = document_link(env, repo_name)

    store: GitHubIssueStore | None = None
    if env.token:
        store = open_store(env, config, require_repo(repo_name, "digest"))
        issues = store.list_issues(config.labels.tracking)
        parents = app_core.read_parents(store, config)
        warn_untrusted(env, store)
        log.debug("%d tracked issues with label %s", len(issues), config.labels.tracking)
        linked, link_warnings = app_core.read_linked(
            store, postmortems, repo_name, server_url=env.server_url, api_url=env.api_url,
            listed=issues,
        )
        for warning in link_warnings:
            log.warning("%s", warning)
        data = app_core.digest_from_issues(
            store, issues, postmortems, config, today=day, repo=repo_name, link=doc_link,
            linked=linked, parents=parents,
            snoozed=read_snoozes(store, issues, config, day),
        )
    else:
        log.info("no GitHub token: building the digest from the documents alone "
                 "(no issue numbers, no closing dates)")
        data = app_core.digest_from_documents(
            postmortems, config, today=day, repo=repo_name, link=doc_link
        )

    title = digest_title(data, config)
    body = render_markdown(data, config)
    h = data.headline
    counts: dict[str, object] = {
        "overdue": h.overdue, "due_soon": h.due_soon, "closed": h.closed, "open": h.open,
    }

    if dry_run:
        click.echo(render_json(data, config) if fmt == "json" else body, nl=False)
        log.info("would post the digest issue '%s' to %s", title, repo_name or "(no repository)")
        if env.webhook_url:
            log.info("would notify the chat webhook")
        append_summary(env.step_summary, body)
        write_outputs(env.output, {**counts, "digest_issue": ""})
        return

    assert store is not None and repo_name is not None
    result = post_digest(store, title=title, body=body, period=data.period, config=config)
    warn_untrusted(env, store)  # a digest issue someone else opened is not ours either
    log.debug("%s", store.request_summary())
    verb = "created" if result.created else "updated" if result.updated else "unchanged"
    log.info("digest issue #%d %s: %s", result.number, verb, result.url)
    for number in result.closed_previous:
        log.info("closed the previous digest #%d", number)
    if fmt == "json":
        click.echo(render_json(data, config, {"issue": result.model_dump()}), nl=False)
    else:
        click.echo(result.url)
    append_summary(env.step_summary, body)
    write_outputs(env.output, {**counts, "digest_issue": result.number,
                               "digest_url": result.url})

    if env.webhook_url:
        try:
            post_webhook(
                env.webhook_url,
                chat_payload(data, config, digest_url=result.url),
                timeout=config.digest.webhook_timeout,
                retries=config.digest.webhook_retries,
            )
        except NotifyError as exc:
            message = f"{exc} (the digest issue was posted: {result.url})"
            if env.in_actions:
                click.echo(annotation("warning", message, title="digest chat"), err=True)
            raise NotifyError(message) from None
        log.info("notified the chat webhook")
