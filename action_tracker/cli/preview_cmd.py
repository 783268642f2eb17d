"""``preview``: on a pull request, one sticky comment saying what merging will do to the issues.

The plan is sync's own (``desired.build_desired`` + ``planning.plan``), computed read-only
from the pull request's checkout against the tracked issues. The comment is found again by
its hidden marker and edited in place, so each push updates it instead of adding one. A
token that may not comment (a fork's pull request gets a read-only token) is not an error:
the preview goes to the job summary with a warning, and the step still passes.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Protocol

import click

from action_tracker import actions_io, pr_preview
from action_tracker.cli.context import AppContext
from action_tracker.cli.sync_cmd import document_problems, read_postmortems
from action_tracker.config import Config
from action_tracker.desired import DocLink, build_desired
from action_tracker.environment import RunEnvironment
from action_tracker.errors import ActionTrackerError, AuthError, UsageError
from action_tracker.issue_store import TrackedIssue
from action_tracker.log import get_logger
from action_tracker.models import Postmortem
from action_tracker.planning import Plan, Scope, plan

if TYPE_CHECKING:  # PyGithub is imported only when GitHub is actually used
    from action_tracker.github_adapter import IssueComment


class CommentStore(Protocol):
    """What preview needs from GitHub: the tracked issues, and the pull request's comments."""

    def list_issues(self, label: str) -> list[TrackedIssue]: ...

    def list_comments(self, number: int) -> list[IssueComment]: ...

    def create_comment(self, number: int, body: str) -> int: ...

    def edit_comment(self, comment_id: int, body: str) -> None: ...


class PullRequestInfo:
    """The pull request a run is about: number and head commit (from the event or ``--pr``)."""

    def __init__(self, number: int | None, head_sha: str | None) -> None:
        self.number = number
        self.head_sha = head_sha


def pull_request_from_event(env: RunEnvironment) -> PullRequestInfo:
    """Read ``$GITHUB_EVENT_PATH`` (a ``pull_request`` webhook payload) if there is one."""
    if env.event_path is None or not env.event_path.is_file():
        return PullRequestInfo(None, env.sha)
    try:
        payload = json.loads(env.event_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{env.event_path}: cannot read the event payload: {exc}") from None
    pull = payload.get("pull_request") if isinstance(payload, dict) else None
    if not isinstance(pull, dict):
        return PullRequestInfo(None, env.sha)
    number = pull.get("number", payload.get("number"))
    head = pull.get("head") if isinstance(pull.get("head"), dict) else {}
    sha = head.get("sha") if isinstance(head, dict) else None
    return PullRequestInfo(
        number if isinstance(number, int) else None, sha if isinstance(sha, str) else env.sha
    )


def preview_plan(
    postmortems: list[Postmortem],
    existing: list[TrackedIssue],
    config: Config,
    *,
    explicit_paths: bool,
    link: DocLink,
) -> Plan:
    """Sync's plan for these documents, with sync's scope rules (read-only).

    As in sync, finding no document at all under the default globs removes nothing: that is
    far more likely a wrong folder than every postmortem deleted.
    """
    scope = Scope(
        all_tracked=not explicit_paths and bool(postmortems),
        postmortems=frozenset(pm.id for pm in postmortems),
        errored=frozenset(pm.id for pm in postmortems if pm.has_errors),
    )
    return plan(build_desired(postmortems, config, link), existing, scope, config)


def _ours_first(comments: list[IssueComment], pr: int) -> list[IssueComment]:
    """Our earlier preview comments, a bot's first: anyone can paste a marker into a comment,
    but only the workflow's own account can edit the one it wrote."""
    marked = [c for c in comments if pr_preview.is_preview_comment(c.body, pr)]
    return sorted(marked, key=lambda c: not (c.author or "").endswith("[bot]"))


def forbidden(exc: ActionTrackerError) -> bool:
    """A 403 that is about permissions (a read-only token), not a rate limit."""
    return isinstance(exc, AuthError) and getattr(exc, "status", None) == 403


def upsert_comment(store: CommentStore, pr: int, body: str) -> tuple[int, str]:
    """Edit our preview comment on ``pr``, or create it: ``(comment id, what was done)``.

    An unchanged preview makes no write at all; a marked comment we may not edit (someone
    else's) is passed over for a new one of our own.
    """
    for comment in _ours_first(store.list_comments(pr), pr):
        if comment.body == body:
            return comment.id, "left unchanged"
        try:
            store.edit_comment(comment.id, body)
        except AuthError as exc:
            if not forbidden(exc):
                raise
            continue
        return comment.id, "updated"
    return store.create_comment(pr, body), "posted"


def _open_store(env: RunEnvironment, config: Config, repo: str) -> CommentStore:
    """The GitHub-backed store (imported late: a dry run without a token never needs it)."""
    from action_tracker.github_adapter import GitHubIssueStore

    return GitHubIssueStore.from_environment(env, config, repo)


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--repo", default=None, help="OWNER/NAME (default: $GITHUB_REPOSITORY).")
@click.option("--pr", "pr_number", type=click.IntRange(min=1), default=None,
              help="Pull request number (default: from the pull_request event).")
@click.option("--dry-run", is_flag=True, help="Print the comment; write nothing.")
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown",
              help="What --dry-run prints.")
@click.pass_obj
def preview(
    app: AppContext, paths: tuple[str, ...], repo: str | None, pr_number: int | None,
    dry_run: bool, fmt: str,
) -> None:
    """Comment on a pull request what merging it will do to the tracked issues."""
    log = get_logger()
    config, env = app.config, app.env
    repo_name = env.resolve_repo(repo)
    event = pull_request_from_event(env)
    pr = pr_number or event.number
    if pr is None and not dry_run:
        raise UsageError(
            "preview: no pull request: run it on a pull_request event or pass --pr N"
        )
    store: CommentStore | None = None
    if env.token and repo_name:
        store = _open_store(env, config, repo_name)
    elif not dry_run:
        if not repo_name:
            raise UsageError(
                "preview: no repository: pass --repo OWNER/NAME or set GITHUB_REPOSITORY"
            )
        env.require_token()

    postmortems = read_postmortems(paths, config)
    existing = store.list_issues(config.labels.tracking) if store is not None else []
    if store is None:
        log.info("no token: comparing with no existing issues")
    link = DocLink(server_url=env.server_url, repo=repo_name, ref=event.head_sha or "HEAD")
    the_plan = preview_plan(postmortems, existing, config, explicit_paths=bool(paths), link=link)
    problems = document_problems(postmortems) + the_plan.problems
    result = pr_preview.build_preview(
        the_plan.operations, pr=pr, head_sha=event.head_sha, problems=problems,
        compared_with_issues=store is not None,
    )
    body = pr_preview.render_preview(result, config)
    outputs: dict[str, object] = dict(result.counts.outputs())
    log.info(pr_preview.headline(result.counts))

    if dry_run:
        if fmt == "json":
            click.echo(json.dumps({
                "dry_run": True, "pr": pr, "headline": pr_preview.headline(result.counts),
                "counts": result.counts.model_dump(),
                "changes": [row.model_dump() for row in result.rows], "problems": problems,
            }, indent=2))
        else:
            click.echo(body, nl=False)
        where = f"pull request #{pr}" if pr is not None else "the pull request"
        log.info("dry run: would post or update the preview comment on %s", where)
        outputs["comment_id"] = ""
        actions_io.write_outputs(env.output, outputs)
        actions_io.append_summary(env.step_summary, body)
        return

    assert store is not None and pr is not None
    summary = body
    comment_id: int | None
    try:
        comment_id, done = upsert_comment(store, pr, body)
    except AuthError as exc:
        if not forbidden(exc):
            raise
        warning = (
            f"cannot comment on pull request #{pr} (403): the token is read-only, as on a pull "
            "request from a fork, or lacks `pull-requests: write`; the preview is in the job "
            "summary instead"
        )
        _warn(env, warning)
        summary = f"> [!WARNING]\n> {warning}\n\n{body}"
        comment_id = None
    else:
        log.info("%s the preview comment on pull request #%s", done, pr)
    outputs["comment_id"] = comment_id if comment_id is not None else ""
    actions_io.write_outputs(env.output, outputs)
    actions_io.append_summary(env.step_summary, summary)


def _warn(env: RunEnvironment, message: str) -> None:
    if env.in_actions:
        click.echo(actions_io.annotation("warning", message, title="action-tracker preview"))
    else:
        get_logger().warning("warning: %s", message)


