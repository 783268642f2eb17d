"""``preview``: on a pull request, one sticky comment saying what merging will do to the issues.

The plan is sync's own (``app.plan_changes``), computed read-only from the pull request's
checkout against the tracked issues. The comment is found again by
its hidden marker and edited in place, so each push updates it instead of adding one. A
token that may not comment (a fork's pull request gets a read-only token) is not an error:
the preview goes to the job summary with a warning, and the step still passes.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import click

from action_tracker import app as app_core
from action_tracker.cli.common import (
    annotate,
    open_store,
    require_repo,
    warn_no_documents,
    warn_untrusted,
)
from action_tracker.cli.context import AppContext, global_options
from action_tracker.errors import ActionTrackerError, AuthError, UsageError
from action_tracker.github.pr_comment import (
    CommentStore,
    forbidden,
    pull_request_from_event,
    upsert_comment,
)
from action_tracker.render import preview as preview_text
from action_tracker.render.safe_text import json_text
from action_tracker.runtime import actions_output
from action_tracker.runtime.log import get_logger
from action_tracker.runtime.workspace import doc_link
from action_tracker.tracking.apply import render_plan
from action_tracker.tracking.parent_apply import ParentStore, sync_parents
from action_tracker.tracking.result import planned_results


def _assignable(store: CommentStore) -> Callable[[str], bool]:
    """Whether GitHub accepts a login as an assignee (one request per login, as sync asks).
    An answer that cannot be had (a failed request) is no claim: the owner is shown as the
    document names it."""
    def check(login: str) -> bool:
        try:
            return store.is_assignable(login)
        except AuthError:
            raise
        except ActionTrackerError:
            return True

    return check


@click.command()
@global_options
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
    parent_store: ParentStore | None = None
    if env.token and repo_name:
        store = parent_store = open_store(env, config, repo_name)
    elif not dry_run:
        require_repo(repo_name, "preview")
        env.require_token("preview", dry_run="print the comment without one")

    documents = app_core.load_documents(paths, config)
    if not documents.postmortems:
        warn_no_documents(env, paths, config)
    existing = store.list_issues(config.labels.tracking) if store is not None else []
    if store is not None:
        warn_untrusted(env, store)
    else:
        log.info("no token: comparing with no existing issues")
    link = doc_link(env, repo_name, ref=event.head_sha)
    linked, link_warnings = app_core.read_linked(
        store, documents.postmortems, repo_name, server_url=env.server_url,
        api_url=env.api_url, listed=existing,
    )
    for link_warning in link_warnings:
        log.warning("%s", link_warning)
    planned = app_core.plan_changes(
        documents, existing, config, link, linked=linked, repo=repo_name
    )
    render_plan(planned.plan, config)  # a template the merge's sync cannot render fails here
    problems = planned.problems
    parents, _ = sync_parents(  # the parent issues the merge's sync will keep (no write)
        parent_store, documents.postmortems, planned.desired, planned.plan,
        planned_results(planned.plan), existing, linked, documents.scope, config, link,
        repo_name, dry_run=True)
    result = preview_text.build_preview(
        planned.plan.operations, existing=existing,
        assignable=_assignable(store) if store is not None else None,
        pr=pr, head_sha=event.head_sha,
        problems=problems,
        compared_with_issues=store is not None, parents=parents,
    )
    body = preview_text.render_preview(result, config)
    outputs: dict[str, object] = dict(result.counts.outputs())
    log.info(preview_text.headline(result.counts))

    if dry_run:
        if fmt == "json":
            click.echo(json_text(json.dumps({
                "dry_run": True, "pr": pr, "headline": preview_text.headline(result.counts),
                "counts": result.counts.model_dump(),
                "changes": [row.model_dump() for row in result.rows], "problems": result.problems,
                "parents": [p.model_dump(mode="json", exclude_none=True)
                            for p in result.parents],
            }, indent=2)))
        else:
            click.echo(body, nl=False)
        where = f"pull request #{pr}" if pr is not None else "the pull request"
        log.info("dry run: would post or update the preview comment on %s", where)
        outputs["comment_id"] = ""
        actions_output.write_outputs(env.output, outputs)
        actions_output.append_summary(env.step_summary, body)
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
        annotate(env, "warning", warning, title="action-tracker preview")
        summary = f"> [!WARNING]\n> {warning}\n\n{body}"
        comment_id = None
    else:
        log.info("%s the preview comment on pull request #%s", done, pr)
    outputs["comment_id"] = comment_id if comment_id is not None else ""
    actions_output.write_outputs(env.output, outputs)
    actions_output.append_summary(env.step_summary, summary)
