"""``sync``: wire options, documents and GitHub to the pure planner and the applier.

Status and warnings go to stderr, the plan or result to stdout. Exit codes: 0 done, 1 some
items failed or a document could not be read cleanly (everything else still synced),
2 usage/config/auth (raised as :class:`ActionTrackerError`).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click

from action_tracker import actions_io, sync_report
from action_tracker.cli.context import AppContext
from action_tracker.config import Config
from action_tracker.desired import DocLink, build_desired
from action_tracker.discovery import discover, display_path
from action_tracker.environment import RunEnvironment
from action_tracker.errors import UsageError
from action_tracker.issue_store import IssueStore, TrackedIssue
from action_tracker.log import get_logger, mask
from action_tracker.models import Postmortem
from action_tracker.parsing import parse_file
from action_tracker.planning import Scope, plan
from action_tracker.sync import SyncResult, apply_plan, planned_results


def commit_ref(env: RunEnvironment, cwd: Path | None = None) -> str:
    """The commit documents are linked at: ``GITHUB_SHA``, else ``git rev-parse HEAD``,
    else the branch (``GITHUB_REF_NAME``), else ``HEAD``."""
    if env.sha:
        return env.sha
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5, cwd=cwd,
            check=False,
        )
        sha = out.stdout.strip()
        if out.returncode == 0 and len(sha) >= 7:
            return sha
    except (OSError, subprocess.SubprocessError):
        pass
    return env.ref_name or "HEAD"


def open_store(env: RunEnvironment, config: Config, repo: str) -> IssueStore:
    """The GitHub-backed store (imported late: a dry run without a token never needs it)."""
    from action_tracker.github_adapter import GitHubIssueStore

    return GitHubIssueStore.from_environment(env, config, repo)


def read_postmortems(paths: tuple[str, ...], config: Config) -> list[Postmortem]:
    files = discover(paths, globs=config.paths, exclude=config.exclude)
    return [parse_file(f, display_path=display_path(f)) for f in files]


def document_problems(postmortems: list[Postmortem]) -> list[str]:
    """Errors in documents (their existing issues are left untouched this run)."""
    return [
        f"{pm.path}:{p.line or 1}: {p.message} (issues of this postmortem are not removed "
        "until it parses cleanly)"
        for pm in postmortems
        for p in pm.problems
        if p.severity == "error"
    ]


def _scope(paths: tuple[str, ...], postmortems: list[Postmortem]) -> Scope:
    errored = frozenset(pm.id for pm in postmortems if pm.has_errors)
    ids = frozenset(pm.id for pm in postmortems)
    # No document found at all under the default globs is far more likely a wrong
    # directory than every postmortem deleted: then no issue is treated as removed.
    return Scope(all_tracked=not paths and bool(postmortems), postmortems=ids, errored=errored)


def _located(message: str) -> tuple[str | None, int | None, str]:
    """``path:line: text`` -> (path, line, text), for annotations that point at the document."""
    file, sep, rest = message.partition(":")
    line_text, sep2, text = rest.partition(":")
    if sep and sep2 and line_text.isdigit() and file.endswith((".md", ".markdown")):
        return file, int(line_text), text.strip()
    return None, None, message


def _annotate(env: RunEnvironment, level: str, message: str) -> None:
    """A ``::warning``/``::error`` annotation in Actions, else a plain stderr line."""
    if env.in_actions:
        file, line, text = _located(message)
        click.echo(actions_io.annotation(level, mask(text), file=file, line=line), err=True)
    elif level == "error":
        get_logger().error("error: %s", mask(message))
    else:
        get_logger().warning("warning: %s", mask(message))


@click.command()
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
        if repo_name is None:
            raise UsageError(
                "no repository: pass --repo OWNER/NAME or set GITHUB_REPOSITORY "
                "(or use --dry-run to see the plan)"
            )
        env.require_token()

    postmortems = read_postmortems(paths, config)
    if not postmortems:
        log.warning("warning: no postmortems found (%s)",
                    ", ".join(paths) if paths else ", ".join(config.paths))
    link = DocLink(server_url=env.server_url, repo=repo_name, ref=commit_ref(env))
    desired = build_desired(postmortems, config, link)
    scope = _scope(paths, postmortems)

    result = SyncResult(dry_run=dry_run, repo=repo_name, problems=document_problems(postmortems))
    store: IssueStore | None = None
    existing: list[TrackedIssue] = []
    if env.token and repo_name:
        store = open_store(env, config, repo_name)
        existing = store.list_issues(config.labels.tracking)
    else:
        result.notes.append(
            "no token" if not env.token else "no repository"
        )
        log.info(
            "dry run without %s: planning as if no tracked issues exist yet",
            "a token" if not env.token else "--repo/GITHUB_REPOSITORY",
        )

    the_plan = plan(desired, existing, scope, config)
    result.problems.extend(the_plan.problems)
    writes = [op for op in the_plan.operations if op.op != "noop"]
    for op in writes:
        for warning in getattr(getattr(op, "desired", None), "warnings", []):
            result.warnings.append(warning)
    if dry_run or store is None:
        result.items = planned_results(the_plan)
    else:
        result.items, apply_warnings = apply_plan(the_plan, store, config)
        result.warnings.extend(apply_warnings)
    if store is not None:
        summary = getattr(store, "request_summary", None)
        if callable(summary):
            log.debug("%s", summary())

    _report(result, env, fmt=fmt, verbose=app.verbosity > 0)
    if result.failed or result.problems:
        sys.exit(1)


def _report(result: SyncResult, env: RunEnvironment, *, fmt: str, verbose: bool) -> None:
    """Results to stdout, warnings/failures/summary to stderr, Actions files when set."""
    for warning in dict.fromkeys(result.warnings):
        _annotate(env, "warning", warning)
    for problem in result.problems:
        _annotate(env, "error", problem)
    for item in result.items:
        if item.outcome == "failed" and env.in_actions:
            click.echo(actions_io.annotation(
                "error", mask(f"sync of action '{item.action}' failed: {item.error}"),
                file=item.path, line=item.line), err=True)
    if fmt == "json":
        click.echo(mask(sync_report.json_text(result)))
    else:
        for text in sync_report.text_lines(result, show_unchanged=verbose):
            click.echo(mask(text))
    get_logger().info("%s", sync_report.human_summary(result))
    actions_io.append_summary(env.step_summary, mask(sync_report.job_summary(result)))
    actions_io.write_outputs(env.output, sync_report.outputs(result))
