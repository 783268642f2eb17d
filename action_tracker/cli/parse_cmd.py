"""``parse`` and ``validate``: wire files and options to the parser and the validator."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import click

from action_tracker.cli.common import warn_no_documents
from action_tracker.cli.context import AppContext, global_options
from action_tracker.models import Postmortem
from action_tracker.parsing import parse_file
from action_tracker.render.safe_text import json_text, one_line
from action_tracker.runtime import actions_output
from action_tracker.runtime.discovery import discover, display_path, require_existing
from action_tracker.runtime.log import get_logger
from action_tracker.tracking import validation


def render_postmortem_text(pm: Postmortem) -> str:
    """A readable summary: what a person wants to check after writing the document.

    Every piece of document text (and the path) is :func:`one_line`: a title or id with a
    newline cannot start a line the runner would read as a workflow command."""
    lines = [f"{one_line(pm.path)}: {one_line(pm.title) or '(no title)'}"]
    facts = [f"date {pm.date.isoformat() if pm.date else 'unknown'}"]
    if pm.severity:
        facts.append(f"severity {one_line(pm.severity)}")
    if pm.status:
        facts.append(f"status {one_line(pm.status)}")
    if pm.authors:
        facts.append("by " + ", ".join(one_line(a) for a in pm.authors))
    lines.append("  " + ", ".join(facts))
    lines.append(f"  actions ({len(pm.actions)}):")
    for a in pm.actions:
        due = a.due.isoformat() if a.due else (a.due_text or "no due date")
        extra = [a.owner or "no owner", due, a.status]
        if a.priority:
            extra.append(a.priority)
        if a.ticket:
            extra.append(a.ticket)
        lines.append(f"    - [{one_line(a.id)}] {one_line(a.description)}")
        lines.append(f"      line {a.line}: " + " · ".join(one_line(x) for x in extra))
    for name, label in (("went_well", "went well"), ("went_wrong", "went wrong"),
                        ("got_lucky", "got lucky"), ("other", "other lessons")):
        items = getattr(pm.lessons, name)
        if items:
            lines.append(f"  {label} ({len(items)}):")
            lines.extend(f"    - {one_line(item)}" for item in items)
    for p in pm.problems:
        where = f"line {p.line}: " if p.line else ""
        lines.append(f"  {p.severity}: {where}{one_line(p.message)}")
    return "\n".join(lines)


@click.command()
@global_options
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json",
              show_default=True)
def parse(files: tuple[str, ...], fmt: str) -> None:
    """Parse postmortem FILES and print what they contain (one JSON object per file)."""
    require_existing(files)  # exit 2 before any output: no JSON for a path that is not there
    results = [parse_file(Path(f), display_path=f) for f in files]
    if fmt == "json":
        click.echo(json_text(json.dumps([pm.to_contract() for pm in results],
                                                   indent=2, ensure_ascii=False)))
    else:
        click.echo("\n\n".join(render_postmortem_text(pm) for pm in results))
    for pm in results:
        for p in pm.problems:
            if p.severity == "error":
                where = f":{p.line}" if p.line else ""
                click.echo(f"error: {one_line(pm.path)}{where}: {one_line(p.message)}",
                           err=True)
    if any(pm.has_errors for pm in results):
        raise SystemExit(1)


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
