"""``sync``: read the options, run :func:`~action_tracker.app.run_sync`, print the result.

Status and warnings go to stderr, the plan or result to stdout. Exit codes: 0 done, 1 some
items failed or a document could not be read cleanly (everything else still synced),
2 usage/config/auth (raised as :class:`ActionTrackerError`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import click

from action_tracker import app as app_core
from action_tracker.cli.common import (
    annotate,
    open_store,
    parse_today,
    require_repo,
    warn_no_documents,
)
from action_tracker.cli.context import AppContext, global_options
from action_tracker.cli.progress import Progress, is_terminal
from action_tracker.located import Located
from action_tracker.render import report
from action_tracker.runtime import actions_output
from action_tracker.runtime.config import Config
from action_tracker.runtime.environment import RunEnvironment
from action_tracker.runtime.log import get_logger, mask
from action_tracker.runtime.workspace import doc_link
from action_tracker.tracking.apply import ItemObserver
from action_tracker.tracking.result import ItemResult, SyncResult


@click.command()
@global_options
@click.argument("paths", nargs=-1)
@click.option("--repo", default=None, help="OWNER/NAME (default: $GITHUB_REPOSITORY).")
@click.option("--dry-run", is_flag=True, help="Print the plan; write nothing (no token needed).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_obj
def sync(app: AppContext, paths: tuple[str, ...], repo: str | None, dry_run: bool,
         fmt: str) -> None:
    """Make GitHub issues match the action items of the postmortems.

    PATHS are files or folders (default: the configured globs). With explicit PATHS only
    their postmortems' issues are considered; otherwise every tracked issue is.
    """
    config, env = app.config, app.env
    repo_name = env.resolve_repo(repo)
    if not dry_run:
        require_repo(repo_name, "sync")
        env.require_token("sync", dry_run="see the plan without one")
    store = open_store(env, config, repo_name) if env.token and repo_name else None
    shown = _SyncOutput(env, paths, config, fmt=fmt, verbosity=app.verbosity)
    request = app_core.SyncRequest(
        paths=paths, config=config, repo=repo_name, link=doc_link(env, repo_name),
        server_url=env.server_url, api_url=env.api_url, today=parse_today(None),
        dry_run=dry_run, offline="no token" if not env.token else "no repository",
    )
    run = app_core.run_sync(request, store, shown)
    if run.stopped is None and store is not None:
        get_logger().debug("%s", store.request_summary())
    shown.report(run.result)
    if run.stopped is not None:
        raise run.stopped from None
    if run.result.failed or run.result.problems:
        sys.exit(1)


class _SyncOutput(app_core.SyncReport):
    """What sync prints: items as they are written (stdout), warnings and the summary
    (stderr), the Actions outputs and job summary."""

    def __init__(self, env: RunEnvironment, paths: Sequence[str], config: Config, *,
                 fmt: str, verbosity: int) -> None:
        self.env, self.paths, self.config = env, paths, config
        self.fmt, self.verbosity = fmt, verbosity
        self.printed = 0  # items whose line is already on stdout (a real run prints as it goes)
        self.warned: set[Located | str] = set()  # warnings already shown

    def no_documents(self) -> None:
        warn_no_documents(self.env, self.paths, self.config)

    def without_store(self) -> None:
        get_logger().info("dry run without %s: planning as if no tracked issues exist yet",
                          "a token" if not self.env.token else "--repo/GITHUB_REPOSITORY")

    @contextmanager
    def writing(self, result: SyncResult, total: int) -> Iterator[ItemObserver]:
        # Warnings known before the first write are shown now: a run cut short keeps them.
        for warning in dict.fromkeys(result.warnings):
            annotate(self.env, "warning", warning)
        self.warned.update(result.warnings)
        progress = Progress(total, sys.stderr, enabled=self.verbosity >= 0,
                            interactive=is_terminal(sys.stderr, in_actions=self.env.in_actions))

        def applied(item: ItemResult) -> None:
            self.printed += 1
            if self.fmt == "text" and report.shown(item, show_unchanged=self.verbosity > 0):
                progress.clear()
                _print_line(report.item_line(item, dry_run=False))
            if item.op != "noop":
                progress.advance()

        with progress:
            yield applied

    def report(self, result: SyncResult) -> None:
        """Results to stdout, warnings/failures/summary to stderr, Actions files when set
        (what was printed or shown while writing is not repeated)."""
        env = self.env
        for warning in dict.fromkeys(result.warnings):
            if warning not in self.warned:
                annotate(env, "warning", warning)
        for problem in result.problems:
            annotate(env, "error", problem)
        for item in result.items:
            if item.outcome == "failed" and env.in_actions:
                click.echo(actions_output.annotation(
                    "error", mask(f"sync of action '{item.action}' failed: {item.error}"),
                    file=item.path, line=item.line), err=True)
        if self.fmt == "json":
            click.echo(mask(report.json_text(result)))
        else:
            for text in report.text_lines(result, show_unchanged=self.verbosity > 0,
                                          skip=self.printed):
                _print_line(text)
        for line in report.summary_block(result):  # one record a line: each stays one line
            get_logger().info("%s", line)
        actions_output.append_summary(env.step_summary, mask(report.job_summary(result)))
        actions_output.write_outputs(env.output, report.outputs(result))


def _print_line(text: str) -> None:
    """One result line on stdout (flushed: a run killed part-way still leaves its record)."""
    click.echo(mask(text))
