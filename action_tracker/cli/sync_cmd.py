"""``sync``: wire options, documents and GitHub to the pure planner and the applier.

Status and warnings go to stderr, the plan or result to stdout. Exit codes: 0 done, 1 some
items failed or a document could not be read cleanly (everything else still synced),
2 usage/config/auth (raised as :class:`ActionTrackerError`).
"""

from __future__ import annotations

import sys

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
from action_tracker.errors import ActionTrackerError
from action_tracker.github.store import IssueStore, TrackedIssue
from action_tracker.located import Located
from action_tracker.render import report
from action_tracker.runtime import actions_output
from action_tracker.runtime.environment import RunEnvironment
from action_tracker.runtime.log import get_logger, mask
from action_tracker.runtime.workspace import doc_link
from action_tracker.tracking.apply import SyncInterrupted, apply_plan, render_plan
from action_tracker.tracking.parent_apply import ParentStore, sync_parents
from action_tracker.tracking.result import ItemResult, SyncResult, planned_results
from action_tracker.tracking.run_summary import summarise


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
    config = app.config
    env = app.env
    log = get_logger()
    repo_name = env.resolve_repo(repo)
    if not dry_run:
        require_repo(repo_name, "sync")
        env.require_token("sync", dry_run="see the plan without one")

    documents = app_core.load_documents(paths, config)
    if not documents.postmortems:
        warn_no_documents(env, paths, config)

    result = SyncResult(dry_run=dry_run, repo=repo_name)
    store: IssueStore | None = None
    parent_store: ParentStore | None = None
    existing: list[TrackedIssue] = []
    authors: dict[str, str | None] = {}  # default_owner: author: who added each document
    if env.token and repo_name:
        github = open_store(env, config, repo_name)
        store = parent_store = github
        existing = github.list_issues(config.labels.tracking)
        result.warnings.extend(github.trust_warnings())
        if config.default_owner == "author":
            authors, author_warnings = app_core.document_authors(
                documents.postmortems, config, github)
            result.warnings.extend(author_warnings)
    else:
        result.notes.append(
            "no token" if not env.token else "no repository"
        )
        log.info(
            "dry run without %s: planning as if no tracked issues exist yet",
            "a token" if not env.token else "--repo/GITHUB_REPOSITORY",
        )

    linked, link_warnings = app_core.read_linked(
        store, documents.postmortems, repo_name, server_url=env.server_url, api_url=env.api_url,
        listed=existing,
    )
    result.warnings.extend(link_warnings)
    planned = app_core.plan_changes(
        documents, existing, config, doc_link(env, repo_name), linked=linked, repo=repo_name,
        authors=authors,
    )
    the_plan = planned.plan
    result.problems = planned.problems
    result.warnings.extend(planned.warnings)
    writes = planned.writes
    result.summary = summarise(documents.postmortems, planned.desired, the_plan, config,
                               today=parse_today(None), linked=linked,
                               linked_unreachable=len(link_warnings))
    printed = 0  # items whose line is already on stdout (a real run prints as it goes)
    warned: set[Located | str] = set()  # warnings already shown
    if dry_run or store is None:
        render_plan(the_plan, config)  # a broken template fails here, not after the merge
        result.items = planned_results(the_plan)
    else:
        # Warnings known before the first write are shown now: a run cut short keeps them.
        for warning in dict.fromkeys(result.warnings):
            annotate(env, "warning", warning)
        warned.update(result.warnings)
        progress = Progress(
            len(writes), sys.stderr, enabled=app.verbosity >= 0,
            interactive=is_terminal(sys.stderr, in_actions=env.in_actions),
        )

        def applied(item: ItemResult) -> None:
            nonlocal printed
            printed += 1
            if fmt == "text" and report.shown(item, show_unchanged=app.verbosity > 0):
                progress.clear()
                _print_line(report.item_line(item, dry_run=False))
            if item.op != "noop":
                progress.advance()

        try:
            with progress:
                result.items, apply_warnings = apply_plan(
                    the_plan, store, config, observer=applied
                )
        except SyncInterrupted as stop:
            result.items = stop.items
            result.warnings.extend(stop.warnings)
            _report(result, env, fmt=fmt, verbose=app.verbosity > 0, printed=printed,
                    warned=warned)
            raise stop.cause from None
        result.warnings.extend(apply_warnings)
    # One parent issue per postmortem, its actions' issues as sub-issues (after them).
    try:
        result.parents, parent_warnings = sync_parents(
            parent_store, documents.postmortems, planned.desired, the_plan, result.items,
            existing, linked, documents.scope, config, doc_link(env, repo_name), repo_name,
            dry_run=dry_run or store is None)
    except ActionTrackerError:  # fatal: the action issues' results are still reported
        _report(result, env, fmt=fmt, verbose=app.verbosity > 0, printed=printed,
                warned=warned)
        raise
    result.warnings.extend(parent_warnings)
    if store is not None:
        summary = getattr(store, "request_summary", None)
        if callable(summary):
            log.debug("%s", summary())

    _report(result, env, fmt=fmt, verbose=app.verbosity > 0, printed=printed, warned=warned)
    if result.failed or result.problems:
        sys.exit(1)


def _print_line(text: str) -> None:
    """One result line on stdout (flushed: a run killed part-way still leaves its record)."""
    click.echo(mask(text))


def _report(
    result: SyncResult, env: RunEnvironment, *, fmt: str, verbose: bool, printed: int = 0,
    warned: set[Located | str] | None = None,
) -> None:
    """Results to stdout, warnings/failures/summary to stderr, Actions files when set.

    ``printed`` items already had their line printed as they were applied, and the
    ``warned`` warnings were shown before the writes began."""
    for warning in dict.fromkeys(result.warnings):
        if warning not in (warned or ()):
            annotate(env, "warning", warning)
    for problem in result.problems:
        annotate(env, "error", problem)
    for item in result.items:
        if item.outcome == "failed" and env.in_actions:
            click.echo(actions_output.annotation(
                "error", mask(f"sync of action '{item.action}' failed: {item.error}"),
                file=item.path, line=item.line), err=True)
    if fmt == "json":
        click.echo(mask(report.json_text(result)))
    else:
        for text in report.text_lines(result, show_unchanged=verbose, skip=printed):
            _print_line(text)
    for line in report.summary_block(result):  # one record a line: each stays one line
        get_logger().info("%s", line)
    actions_output.append_summary(env.step_summary, mask(report.job_summary(result)))
    actions_output.write_outputs(env.output, report.outputs(result))
