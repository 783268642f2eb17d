"""``validate``: read the options, run :func:`~action_tracker.app.run_validate`, print the
report (text, JSON or GitHub annotations) and write the Actions outputs."""

from __future__ import annotations

import click

from action_tracker.app.report import PlanReport
from action_tracker.app.validate import run_validate
from action_tracker.cli.common import warn_no_documents
from action_tracker.cli.context import AppContext, global_options
from action_tracker.runtime import actions_output
from action_tracker.tracking import validation


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
    env, config = ctx.env, ctx.config
    if fmt is None:
        fmt = "github" if env.in_actions else "text"

    class _Output(PlanReport):
        def no_documents(self) -> None:  # a warning and a note, not "no problems"
            warn_no_documents(env, paths, config)

    run = run_validate(paths, config, env, config_path=ctx.config_path,
                       report_all=report_all, report=_Output())
    report = run.report
    render = {"text": validation.render_text, "json": validation.render_json,
              "github": validation.render_github}[fmt]
    click.echo(render(report))
    if run.found:  # a pull request that changes none of them still says so in the summary
        actions_output.append_summary(env.step_summary, validation.render_summary(report))
    actions_output.write_outputs(env.output, validation.outputs(report))
    if report.errors:
        raise SystemExit(1)
