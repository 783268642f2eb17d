"""``remind``: one comment per period on each overdue action's own issue (``app.remind``)."""

from __future__ import annotations

from collections.abc import Sequence

import click

from action_tracker.app.remind import RemindRequest, RemindRun, run_remind
from action_tracker.app.report import PlanReport
from action_tracker.cli.common import (
    annotate,
    open_store,
    parse_today,
    require_repo,
    warn_no_documents,
    warn_untrusted,
)
from action_tracker.cli.context import AppContext, global_options
from action_tracker.errors import ActionTrackerError
from action_tracker.render.reminder import reminder_summary, render_json, render_text
from action_tracker.runtime.actions_output import append_summary, write_outputs
from action_tracker.runtime.config import Config
from action_tracker.runtime.environment import RunEnvironment
from action_tracker.runtime.log import get_logger
from action_tracker.runtime.workspace import doc_link


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
    day = parse_today(today)
    config, env = app.config, app.env
    repo_name = env.resolve_repo(repo)
    if not dry_run:
        env.require_token("remind", dry_run="list who would be reminded, from the documents")
        require_repo(repo_name, "remind")
    store = open_store(env, config, require_repo(repo_name, "remind")) if env.token else None
    request = RemindRequest(
        paths=paths, config=config, repo=repo_name, today=day, link=doc_link(env, repo_name),
        server_url=env.server_url, api_url=env.api_url, dry_run=dry_run,
    )
    run = run_remind(request, store, _RemindOutput(env, paths, config))
    if store is not None:
        get_logger().debug("%s", store.request_summary())
    click.echo(render_json(run.reminders) if fmt == "json"
               else render_text(run.reminders, run.period, knows_sent=run.knows_sent), nl=False)
    _report_counts(env, run, dry_run=dry_run)
    if run.failed:
        raise ActionTrackerError(f"{len(run.failed)} reminder(s) could not be posted; the "
                                 "others were (the next run retries)", exit_code=1)


class _RemindOutput(PlanReport):
    def __init__(self, env: RunEnvironment, paths: Sequence[str], config: Config) -> None:
        self.env, self.paths, self.config = env, paths, config

    def no_documents(self) -> None:
        warn_no_documents(self.env, self.paths, self.config)

    def untrusted(self, warnings: Sequence[str]) -> None:
        warn_untrusted(self.env, warnings)

    def without_store(self) -> None:
        get_logger().info("no GitHub token: who would be reminded, from the documents alone; "
                          "what was already sent or snoozed is not known")


def _report_counts(env: RunEnvironment, run: RemindRun, *, dry_run: bool) -> None:
    """Failures as errors, the counts on stderr, the job summary and the step outputs."""
    for item in run.failed:
        annotate(env, "error", f"#{item.issue}: {item.error}")
    sent = run.count("sent", "would_send")
    get_logger().info(
        "%s for %s %s: %d %s, %d already sent, %d snoozed, %d without assignee%s",
        "would remind" if dry_run else "reminders", run.period.noun, run.period.label, sent,
        "to send" if dry_run else "sent", run.count("skipped_already_sent"),
        run.count("skipped_snoozed"), run.count("skipped_no_assignee"),
        f", {len(run.failed)} failed" if run.failed else "")
    append_summary(env.step_summary, reminder_summary(run.reminders, run.period,
                                                      dry_run=dry_run))
    write_outputs(env.output, {
        "reminded": run.count("sent"),
        "escalated": sum(1 for r in run.reminders if r.status == "sent" and r.kind != "reminder"),
        "failed": len(run.failed),
    })
