"""``digest`` and ``status`` (placeholder until the digest lands)."""

from __future__ import annotations

import click

from action_tracker.errors import UsageError


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--repo", default=None)
@click.option("--today", default=None)
@click.option("--dry-run", is_flag=True)
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown")
def digest(
    paths: tuple[str, ...], repo: str | None, today: str | None, dry_run: bool, fmt: str
) -> None:
    """Build and post the digest of overdue actions and lessons learned."""
    raise UsageError("digest is not available yet")


@click.command()
@click.option("--repo", default=None)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def status(repo: str | None, fmt: str) -> None:
    """One row per tracked action."""
    raise UsageError("status is not available yet")
