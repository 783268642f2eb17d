"""The ``preview`` use case: on a pull request, one sticky comment saying what merging it
will do to the tracked issues.

The plan is sync's own (:func:`~action_tracker.app.plan.plan_for_run`), computed read-only
from the pull request's checkout. The comment is found again by its hidden marker and
edited in place, so each push updates it. A token that may not comment (a fork's pull
request gets a read-only token) is not an error: the run says so in ``refused``, and the
caller puts the preview in the job summary instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from action_tracker.app.plan import PlanStore, plan_for_run
from action_tracker.app.report import PlanReport
from action_tracker.errors import ActionTrackerError, AuthError
from action_tracker.github.pr_comment import CommentStore, forbidden, upsert_comment
from action_tracker.render import preview as preview_text
from action_tracker.render.links import DocLink
from action_tracker.runtime.config import Config
from action_tracker.tracking.apply import render_plan
from action_tracker.tracking.parent_apply import ParentStore, sync_parents
from action_tracker.tracking.result import planned_results


class PreviewStore(CommentStore, PlanStore, ParentStore, Protocol):
    """What preview reads on GitHub, and the pull request's comments it writes (it lists
    the parent issues; it writes none)."""


@dataclass(frozen=True)
class PreviewRequest:
    """What ``preview`` was asked for (``pr``: None only in a dry run)."""

    paths: Sequence[str]
    config: Config
    repo: str | None
    link: DocLink
    server_url: str
    api_url: str
    pr: int | None
    head_sha: str | None = None
    dry_run: bool = False


@dataclass(frozen=True)
class PreviewRun:
    """The preview and its comment; after a real run, the comment's id and what was done to
    it (``created``/``updated``/…), or ``refused``: why the token could not comment."""

    preview: preview_text.Preview
    body: str
    comment_id: int | None = None
    done: str | None = None
    refused: str | None = None


class PreviewReport(PlanReport):
    """What ``preview`` tells the person running it, as it happens."""

    def previewed(self, preview: preview_text.Preview) -> None:
        """The preview is built (before the comment is written)."""


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


def run_preview(
    request: PreviewRequest, store: PreviewStore | None, report: PreviewReport | None = None,
) -> PreviewRun:
    """Plan as sync would, render the preview (and the plan: a template the merge's sync
    cannot render fails here), then, unless a dry run, post or update the comment."""
    report = report or PreviewReport()
    config = request.config
    run = plan_for_run(
        request.paths, config, store, repo=request.repo, link=request.link,
        server_url=request.server_url, api_url=request.api_url, read_authors=False,
        report=report,
    )
    render_plan(run.planned.plan, config)
    parents, _ = sync_parents(  # the parent issues the merge's sync will keep (no write)
        store, run.documents.postmortems, run.planned.desired, run.planned.plan,
        planned_results(run.planned.plan), run.existing, run.linked, run.documents.scope,
        config, request.link, request.repo, dry_run=True)
    result = preview_text.build_preview(
        run.planned.plan.operations, existing=run.existing,
        assignable=_assignable(store) if store is not None else None,
        pr=request.pr, head_sha=request.head_sha, problems=run.planned.problems,
        compared_with_issues=store is not None, parents=parents,
    )
    body = preview_text.render_preview(result, config)
    report.previewed(result)
    if request.dry_run or store is None or request.pr is None:
        return PreviewRun(result, body)
    try:
        comment_id, done = upsert_comment(store, request.pr, body)
    except AuthError as exc:
        if not forbidden(exc):
            raise
        return PreviewRun(result, body, refused=(
            f"cannot comment on pull request #{request.pr} (403): the token is read-only, as "
            "on a pull request from a fork, or lacks `pull-requests: write`; the preview is "
            "in the job summary instead"))
    return PreviewRun(result, body, comment_id, done)
