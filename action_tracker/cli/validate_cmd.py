"""``validate``: wire paths and options to the validator (text, JSON or GitHub annotations;
on a pull request, the postmortems it changes)."""

from __future__ import annotations

from dataclasses import replace

import click

from action_tracker.cli.common import warn_no_documents
from action_tracker.cli.context import AppContext, global_options
from action_tracker.models import Postmortem
from action_tracker.parsing import parse_file
from action_tracker.runtime import actions_output
from action_tracker.runtime.discovery import discover, display_path
from action_tracker.runtime.log import get_logger
from action_tracker.tracking import validation


def _collect(ctx: AppContext, paths: tuple[str, ...]) -> list[Postmortem]:
    config = ctx.config
    found = discover(paths, globs=config.paths, exclude=config.exclude)  # missing: exit 2
    return [parse_file(p, display_path=display_path(p)) for p in found]


def _pull_request_scope(ctx: AppContext, report: validation.Report,
                        postmortems: list[Postmortem], report_all: bool) -> validation.Report:
    """On a pull request: the report about the postmortems it changes (see
    :func:`validation.for_pull_request`), or with ``--all`` every problem, the changed
    postmortems' first; everything, with a note saying why, when the changed files cannot
    be told from the checkout or the config itself changed."""
    from action_tracker.runtime.config import find_config
    from action_tracker.runtime.environment import pull_request_from_event
    from action_tracker.runtime.pr_changes import changed_files

    event = pull_request_from_event(ctx.env)
    changes = changed_files(event.base_sha, event.head_sha)
    if changes.paths is None:
        return replace(report, note=f"cannot tell which files this pull request changes: "
                                    f"{changes.reason}; every postmortem is reported")
    config_file = find_config(ctx.config_path)
    if config_file is not None and display_path(config_file) in changes.paths:
        return replace(report, note=f"this pull request changes the config "
                                    f"({display_path(config_file)}): every postmortem is "
                                    "reported")
    get_logger().debug("files changed by the pull request: %s", changes.how)
    if report_all:
        return validation.changed_first(report, changes.paths)
    return validation.for_pull_request(report, [pm.path for pm in postmortems], changes.paths)


@click.command()
@global_options
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default=None,
              help="Default: github inside GitHub Actions, else text.")
@click.option("--all", "report_all", is_flag=True,
              help="On a pull request, also list the problems of postmortems it does not "
                   "change (by default only counted), after its own.")
@click.pass_obj
def validate(ctx: AppContext, paths: tuple[str, ...], fmt: str | None, report_all: bool) -> None:
    """Check postmortems (default: the configured paths) and report every problem.

    On a pull request (GITHUB_EVENT_NAME pull_request or pull_request_target) only the
    postmortems it changes are reported, and only their errors fail the check; --all
    reports everything."""
    env = ctx.env
    if fmt is None:
        fmt = "github" if env.in_actions else "text"
    postmortems = _collect(ctx, paths)
    # The id-uniqueness check also reads the documents not named (as sync does).
    report = validation.validate(postmortems, _collect(ctx, ()) if paths else ())
    found = report.files
    if not found:
        warn_no_documents(env, paths, ctx.config)  # a warning and a note, not "no problems"
    elif env.is_pull_request:
        report = _pull_request_scope(ctx, report, postmortems, report_all)
    render = {"text": validation.render_text, "json": validation.render_json,
              "github": validation.render_github}[fmt]
    click.echo(render(report))
    if found:  # a pull request that changes none of them still says so in the summary
        actions_output.append_summary(env.step_summary, validation.render_summary(report))
    actions_output.write_outputs(env.output, validation.outputs(report))
    if report.errors:
        raise SystemExit(1)
