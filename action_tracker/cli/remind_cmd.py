"""``remind``: wiring options to the reminder use case (``app.remind``) and printing it."""

from __future__ import annotations

import json

import click

from action_tracker import app as app_core
from action_tracker.app import remind as app_remind
from action_tracker.cli.common import (
    annotate,
    open_store,
    parse_today,
    require_repo,
    warn_no_documents,
)
from action_tracker.cli.context import AppContext, global_options
from action_tracker.errors import ActionTrackerError
from action_tracker.render import safe_text
from action_tracker.render.reminder import reminder_line, reminder_summary
from action_tracker.runtime.actions_output import append_summary, write_outputs
from action_tracker.runtime.log import get_logger
from action_tracker.runtime.workspace import doc_link as document_link


@click.command()
@global_options
@click.argument("paths", nargs=-1)
@click.option("--repo", default=None, help="OWNER/NAME (default: $GITHUB_REPOSITORY).")
@click.option("--today", default=None, metavar="YYYY-MM-DD",
              help="Count overdue days and the period as of this day (default: today, UTC).")
@click.option("--dry-run", is_flag=True,
              help="List who would be reminded and post nothing (no token needed).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="Output format on stdout.")
@click.pass_obj
def remind(
    app: AppContext, paths: tuple[str, ...], repo: str | None, today: str | None,
    dry_run: bool, fmt: str,
) -> None:
    """Comment on each overdue action's issue, mentioning its assignees (once per period)."""
    log = get_logger()
    day = parse_today(today)
    config, env = app.config, app.env
    repo_name = env.resolve_repo(repo)
    if not dry_run:
        env.require_token("remind", dry_run="list who would be reminded, from the documents")
        require_repo(repo_name, "remind")
    postmortems = app_core.read_postmortems(paths, config)
    if not postmortems:
        warn_no_documents(env, paths, config)
    link = document_link(env, repo_name)
    if env.token:
        store = open_store(env, config, require_repo(repo_name, "remind"))
        run = app_remind.run_remind(
            store, postmortems, config, today=day, link=link, server_url=env.server_url,
            api_url=env.api_url, dry_run=dry_run, only_documents=bool(paths),
        )
        log.debug("%s", store.request_summary())
    else:
        log.info("no GitHub token: who would be reminded, from the documents alone; what was "
                 "already sent or snoozed is not known")
        run = app_remind.remind_from_documents(postmortems, config, today=day, link=link)
    for warning in run.warnings:
        annotate(env, "warning", warning)
    for item in run.failed:
        annotate(env, "error", f"#{item.issue}: {item.error}")

    if fmt == "json":
        rows = [item.model_dump(mode="json", exclude={"escalated_before", "url"})
                | {"url": item.url} for item in run.reminders]
        click.echo(safe_text.json_text(json.dumps(rows, indent=2, ensure_ascii=False)))
    else:
        for item in run.reminders:
            click.echo(reminder_line(item))
        if not run.reminders:
            click.echo("No action is due for a reminder.")
        if not run.knows_sent:
            click.echo("(without a token: reminders already sent this "
                       f"{run.period.noun} and snoozes are not known)")
    sent = run.count("sent", "would_send")
    log.info("%s for %s %s: %d %s, %d already sent, %d snoozed, %d without assignee%s",
             "would remind" if dry_run else "reminders", run.period.noun, run.period.label,
             sent, "to send" if dry_run else "sent", run.count("skipped_already_sent"),
             run.count("skipped_snoozed"), run.count("skipped_no_assignee"),
             f", {len(run.failed)} failed" if run.failed else "")
    append_summary(env.step_summary, reminder_summary(run.reminders, run.period,
                                                      dry_run=dry_run))
    write_outputs(env.output, {
        "reminded": run.count("sent"),
        "escalated": sum(1 for r in run.reminders
                         if r.status == "sent" and r.kind != "reminder"),
        "failed": len(run.failed),
    })
    if run.failed:
        raise ActionTrackerError(f"{len(run.failed)} reminder(s) could not be posted; the "
                                 "others were (the next run retries)", exit_code=1)
