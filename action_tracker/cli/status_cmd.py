"""``status``: one row per tracked action, read from GitHub, as a terminal table or JSON."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence

import click

from action_tracker import app as app_core
from action_tracker.cli.common import open_store, parse_today, require_repo, warn_untrusted
from action_tracker.cli.context import AppContext, global_options
from action_tracker.located import Located
from action_tracker.render.status import render_json as status_json
from action_tracker.render.status import render_table
from action_tracker.runtime.environment import RunEnvironment
from action_tracker.runtime.log import get_logger
from action_tracker.runtime.workspace import doc_link


@click.command()
@global_options
@click.option("--repo", default=None, help="OWNER/NAME (default: $GITHUB_REPOSITORY).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              help="A terminal table, or a JSON list of objects.")
@click.option("--today", default=None, metavar="YYYY-MM-DD",
              help="Count overdue days as of this day (default: today in UTC).")
@click.option("--owner", default=None, metavar="LOGIN",
              help="Only this owner's actions (a login, with or without @, or a name).")
@click.option("--overdue", is_flag=True, help="Only open actions past their due date.")
@click.option("--postmortem", "postmortem", default=None, metavar="ID_OR_PATH",
              help="Only the actions of this postmortem (its id or its file).")
@click.pass_obj
def status(
    app: AppContext, repo: str | None, fmt: str, today: str | None, owner: str | None,
    overdue: bool, postmortem: str | None,
) -> None:
    """One row per tracked action: postmortem, action, issue, owner, due, state, overdue days.

    The table fits the terminal; piped or redirected, nothing is cut."""
    day = parse_today(today)
    config, env = app.config, app.env
    env.require_token("status")  # it only reads GitHub: no --dry-run to offer
    repo_name = require_repo(env.resolve_repo(repo), "status")
    store = open_store(env, config, repo_name)
    request = app_core.StatusRequest(
        config=config, repo=repo_name, today=day, link=doc_link(env, repo_name),
        server_url=env.server_url, api_url=env.api_url, owner=owner, overdue=overdue,
        postmortem=postmortem,
    )
    rows = app_core.run_status(request, store, _StatusOutput(env))
    get_logger().debug("%s", store.request_summary())
    if fmt == "json":
        click.echo(status_json(rows), nl=False)
        return
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    click.echo(render_table(rows, width, empty="No tracked actions match the filters."
                            if request.filtered else "No tracked actions."), nl=False)


class _StatusOutput(app_core.PlanReport):
    def __init__(self, env: RunEnvironment) -> None:
        self.env = env

    def untrusted(self, warnings: Sequence[str]) -> None:
        warn_untrusted(self.env, warnings)

    def unreadable_links(self, warnings: Sequence[Located]) -> None:
        for warning in warnings:
            get_logger().warning("%s", warning)
