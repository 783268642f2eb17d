"""``parse`` and ``validate``: wire files and options to the parser and the validator."""

from __future__ import annotations

import json
from pathlib import Path

import click

from action_tracker import actions_io, validation
from action_tracker.cli.context import AppContext
from action_tracker.discovery import discover, display_path
from action_tracker.errors import UsageError
from action_tracker.models import Postmortem, Problem
from action_tracker.parsing import parse_file, printable_path


def render_postmortem_text(pm: Postmortem) -> str:
    """A readable summary: what a person wants to check after writing the document."""
    lines = [f"{pm.path}: {pm.title or '(no title)'}"]
    facts = [f"date {pm.date.isoformat() if pm.date else 'unknown'}"]
    if pm.severity:
        facts.append(f"severity {pm.severity}")
    if pm.status:
        facts.append(f"status {pm.status}")
    if pm.authors:
        facts.append("by " + ", ".join(pm.authors))
    lines.append("  " + ", ".join(facts))
    lines.append(f"  actions ({len(pm.actions)}):")
    for a in pm.actions:
        due = a.due.isoformat() if a.due else (a.due_text or "no due date")
        extra = [a.owner or "no owner", due, a.status]
        if a.priority:
            extra.append(a.priority)
        if a.ticket:
            extra.append(a.ticket)
        lines.append(f"    - [{a.id}] {a.description}")
        lines.append(f"      line {a.line}: " + " · ".join(extra))
    for name, label in (("went_well", "went well"), ("went_wrong", "went wrong"),
                        ("got_lucky", "got lucky"), ("other", "other lessons")):
        items = getattr(pm.lessons, name)
        if items:
            lines.append(f"  {label} ({len(items)}):")
            lines.extend(f"    - {item}" for item in items)
    for p in pm.problems:
        where = f"line {p.line}: " if p.line else ""
        lines.append(f"  {p.severity}: {where}{p.message}")
    return "\n".join(lines)


@click.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json",
              show_default=True)
def parse(files: tuple[str, ...], fmt: str) -> None:
    """Parse postmortem FILES and print what they contain (one JSON object per file)."""
    results = [parse_file(Path(f), display_path=f) for f in files]
    if fmt == "json":
        click.echo(json.dumps([pm.to_contract() for pm in results], indent=2,
                              ensure_ascii=False))
    else:
        click.echo("\n\n".join(render_postmortem_text(pm) for pm in results))
    for pm in results:
        for p in pm.problems:
            if p.severity == "error":
                where = f":{p.line}" if p.line else ""
                click.echo(f"error: {pm.path}{where}: {p.message}", err=True)
    if any(pm.has_errors for pm in results):
        raise SystemExit(1)


def _collect(ctx: AppContext, paths: tuple[str, ...]) -> list[Postmortem]:
    config = ctx.config
    if not paths:
        found = discover([], globs=config.paths, exclude=config.exclude)
        return [parse_file(p, display_path=display_path(p)) for p in found]
    results: list[Postmortem] = []
    for raw in paths:
        try:
            found = discover([raw], globs=config.paths, exclude=config.exclude)
        except UsageError:
            shown = printable_path(raw) or raw
            results.append(Postmortem(path=shown, id=Path(shown).stem, problems=[
                Problem(severity="error", message="no such file or folder")]))
            continue
        results.extend(parse_file(p, display_path=display_path(p)) for p in found)
    return results


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default=None,
              help="Default: github inside GitHub Actions, else text.")
@click.pass_obj
def validate(ctx: AppContext, paths: tuple[str, ...], fmt: str | None) -> None:
    """Check postmortems (default: the configured paths) and report every problem."""
    env = ctx.env
    if fmt is None:
        fmt = "github" if env.in_actions else "text"
    report = validation.validate(_collect(ctx, paths))
    if report.files == 0:
        click.echo("no postmortems found (check 'paths' in the config)", err=True)
    render = {"text": validation.render_text, "json": validation.render_json,
              "github": validation.render_github}[fmt]
    click.echo(render(report))
    actions_io.append_summary(env.step_summary, validation.render_summary(report))
    actions_io.write_outputs(env.output, validation.outputs(report))
    if report.errors:
        raise SystemExit(1)
