"""``parse``: wire files and options to the parser (JSON, the public contract, or text)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from action_tracker.cli.context import global_options
from action_tracker.parsing import parse_file
from action_tracker.render.postmortem import render_postmortem_text
from action_tracker.render.safe_text import json_text, one_line
from action_tracker.runtime.discovery import require_existing


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
