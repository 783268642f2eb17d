"""``sync`` (placeholder until sync lands)."""

from __future__ import annotations

import click

from action_tracker.errors import UsageError


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--repo", default=None)
@click.option("--dry-run", is_flag=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def sync(paths: tuple[str, ...], repo: str | None, dry_run: bool, fmt: str) -> None:
    """Make GitHub issues match the action items of the postmortems."""
    raise UsageError("sync is not available yet")
