"""``status``: one row per tracked action, read from GitHub, as a terminal table or JSON."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from action_tracker import app as app_core
from action_tracker.cli.common import open_store, parse_today, require_repo, warn_untrusted
from action_tracker.cli.context import AppContext, global_options
from action_tracker.errors import ActionTrackerError
from action_tracker.render.status import render_json as status_json
from action_tracker.render.status import render_table, status_rows
from action_tracker.runtime.discovery import display_path
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
    postmortems = app_core.read_postmortems((), config)
    store = open_store(env, config, repo_name)
    try:
        issues = store.list_issues(config.labels.tracking)
    except ActionTrackerError as exc:
        # status has only two outcomes in the contract: it worked (0), or it could not (2).
        raise ActionTrackerError(str(exc), exit_code=2) from None
    warn_untrusted(env, store)
    try:
        linked, link_warnings = app_core.read_linked(
            store, postmortems, repo_name, server_url=env.server_url, api_url=env.api_url,
            listed=issues,
        )
    except ActionTrackerError as exc:
        raise ActionTrackerError(str(exc), exit_code=2) from None
    for warning in link_warnings:
        get_logger().warning("%s", warning)
    records = app_core.tracked_records(
        issues, postmortems, config, doc_link(env, repo_name), linked=linked, repo=repo_name
    )
    spellings = {postmortem.strip(), display_path(Path(postmortem.strip()))} if postmortem else ()
    rows = status_rows(records, day, owner=owner, overdue=overdue, postmortem=spellings)
    get_logger().debug("%s", store.request_summary())
    if fmt == "json":
        click.echo(status_json(rows), nl=False)
        return
    filtered = owner is not None or overdue or postmortem is not None
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    click.echo(render_table(rows, width, empty="No tracked actions match the filters."
                            if filtered else "No tracked actions."), nl=False)

