"""``parse``: wire files and options to the parser (JSON, the public contract, or text)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from action_tracker.cli.context import global_options
from action_tracker.models import Postmortem
from action_tracker.parsing import parse_file
from action_tracker.render.safe_text import json_text, one_line
from action_tracker.runtime.discovery import require_existing


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
