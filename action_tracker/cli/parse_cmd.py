"""``parse`` and ``validate`` (placeholder until the parser lands)."""

from __future__ import annotations

import click

from action_tracker.errors import UsageError


@click.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json")
def parse(files: tuple[str, ...], fmt: str) -> None:
    """Parse postmortem FILES and print what they contain."""
    raise UsageError("parse is not available yet")


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default=None)
def validate(paths: tuple[str, ...], fmt: str | None) -> None:
    """Check postmortems and report every problem with file and line."""
    raise UsageError("validate is not available yet")
