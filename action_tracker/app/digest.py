"""The ``digest`` use case: the digest of the tracked issues (or of the documents alone,
without a token), posted as this period's one digest issue, then announced in chat.

Order matters: the issue is posted first, then the caller's :meth:`DigestReport.posted`
writes the job summary and outputs, and only then is the chat webhook called, so a failing
webhook (exit 1) never costs the team its digest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from action_tracker.app.plan import (
    Linked,
    LinkedReader,
    read_linked,
    read_postmortems,
    tracked_records,
)
from action_tracker.app.remind import RemindStore, read_snoozes
from action_tracker.app.report import PlanReport
from action_tracker.digest.build import Digest, build_digest
from action_tracker.digest.period import Period, period_for
from action_tracker.digest.post import PostResult, post_digest
from action_tracker.digest.records import (
    ParentIssue,
    closers_to_fetch,
    parent_links,
    records_from_documents,
)
from action_tracker.errors import NotifyError
from action_tracker.github.store import IssueStore, TrackedIssue
from action_tracker.models import Postmortem
from action_tracker.render.digest import chat_payload, digest_title, render_markdown
from action_tracker.render.links import DocLink
from action_tracker.runtime.config import Config
from action_tracker.runtime.log import get_logger
from action_tracker.runtime.notifier import post_webhook


class _IssueReader(Protocol):
    def get_issue(self, number: int) -> TrackedIssue: ...


def _with_closers(
    store: _IssueReader, issues: list[TrackedIssue], period: Period, limit: int
) -> list[TrackedIssue]:
    """``issues`` with ``closed_by`` read (one GET each) for those the "Closed" table shows.

    An issue gone since the listing (deleted, transferred) keeps "—": the digest still posts.
    """
    from action_tracker.github.client import ItemError  # PyGithub: only with a token

    fetched: dict[int, TrackedIssue] = {}
    for number in closers_to_fetch(issues, period, limit):
        try:
            fetched[number] = store.get_issue(number)
        except ItemError as exc:
            get_logger().debug("who closed #%d is not known: %s", number, exc)
    if not fetched:
        return issues
    return [
        issue.model_copy(update={"closed_by": fetched[issue.number].closed_by})
        if issue.number in fetched else issue
        for issue in issues
    ]


class _LabelReader(Protocol):
    def list_issues(self, label: str) -> list[TrackedIssue]: ...


def read_parents(store: _LabelReader, config: Config) -> dict[str, ParentIssue]:
    """The postmortems' parent issues the digest links its groups to: one paginated listing
    of ``labels.parent``, only when parents exist (``parent_issues``) and the digest groups
    by postmortem."""
    if not config.parent_issues or config.digest.group_by != "postmortem":
        return {}
    return parent_links(store.list_issues(config.labels.parent))


def digest_from_issues(
    store: _IssueReader, issues: list[TrackedIssue], postmortems: Sequence[Postmortem],
    config: Config, *, today: dt.date, repo: str | None, link: DocLink,
    linked: Linked | None = None,
    parents: Mapping[str, ParentIssue] | None = None,
    snoozed: Mapping[int, dt.date] | None = None,
) -> Digest:
    """The digest of the tracked issues (joined with the documents), as of ``today``;
    groups link their postmortem's parent issue from ``parents`` (:func:`read_parents`).
    ``snoozed``: issue number → the day its reminders resume (``app.remind.read_snoozes``),
    so a snoozed overdue action is listed, marked snoozed."""
    issues = _with_closers(store, issues, period_for(today, config.digest.period),
                           config.digest.max_items)
    records = tracked_records(issues, postmortems, config, link, linked=linked, repo=repo)
    if snoozed:
        records = [r.model_copy(update={"snoozed_until": snoozed[r.issue]})
                   if r.issue is not None and r.issue in snoozed else r for r in records]
    return build_digest(records, postmortems, today=today, config=config, source="github",
                        repo=repo, doc_link=link, parents=parents)


def digest_from_documents(
    postmortems: Sequence[Postmortem], config: Config, *, today: dt.date, repo: str | None,
    link: DocLink,
) -> Digest:
    """The digest built from the documents alone (no token: no issue numbers or closings)."""
    records = records_from_documents(postmortems, config, link)
    return build_digest(records, postmortems, today=today, config=config, source="documents",
                        repo=repo, doc_link=link)


class DigestStore(IssueStore, LinkedReader, RemindStore, Protocol):
    """What the digest reads and writes on GitHub."""

    def get_issue(self, number: int) -> TrackedIssue: ...

    def trust_warnings(self) -> list[str]: ...


@dataclass(frozen=True)
class DigestRequest:
    """What ``digest`` was asked for."""

    paths: Sequence[str]
    config: Config
    repo: str | None
    today: dt.date
    link: DocLink
    server_url: str
    api_url: str
    dry_run: bool = False
    webhook_url: str | None = None


@dataclass(frozen=True)
class DigestRun:
    """The digest, its rendered issue, and (unless a dry run) where it was posted."""

    digest: Digest
    title: str
    body: str
    posted: PostResult | None = None

    @property
    def counts(self) -> dict[str, object]:
        """The headline counts (the step's outputs)."""
        h = self.digest.headline
        return {"overdue": h.overdue, "due_soon": h.due_soon, "closed": h.closed, "open": h.open}


class DigestReport(PlanReport):
    """What ``digest`` tells the person running it, as it happens."""

    def posted(self, run: DigestRun) -> None:
        """The digest issue is posted (or, in a dry run, built): show it, before the chat."""

    def chat_failed(self, message: str) -> None:
        """The chat webhook failed (the run then ends with :class:`NotifyError`)."""


def run_digest(
    request: DigestRequest, store: DigestStore | None, report: DigestReport | None = None,
) -> DigestRun:
    """Build the digest as of ``request.today``, post it (unless a dry run), then notify the
    chat webhook when one is configured. Without a ``store`` it is built from the documents
    alone (no issue numbers, no closing dates)."""
    report = report or DigestReport()
    log = get_logger()
    config = request.config
    postmortems = read_postmortems(request.paths, config)
    if not postmortems:
        report.no_documents()
    if store is not None:
        issues = store.list_issues(config.labels.tracking)
        parents = read_parents(store, config)
        report.untrusted(store.trust_warnings())
        log.debug("%d tracked issues with label %s", len(issues), config.labels.tracking)
        linked, link_warnings = read_linked(
            store, postmortems, request.repo, server_url=request.server_url,
            api_url=request.api_url, listed=issues,
        )
        report.unreadable_links(link_warnings)
        data = digest_from_issues(store, issues, postmortems, config, today=request.today,
                                  repo=request.repo, link=request.link, linked=linked,
                                  parents=parents,
                                  snoozed=read_snoozes(store, issues, config, request.today))
    else:
        report.without_store()
        data = digest_from_documents(postmortems, config, today=request.today,
                                     repo=request.repo, link=request.link)
    run = DigestRun(data, digest_title(data, config), render_markdown(data, config))
    if request.dry_run or store is None:
        report.posted(run)
        return run
    result = post_digest(store, title=run.title, body=run.body, period=data.period,
                         config=config)
    report.untrusted(store.trust_warnings())  # a digest issue someone else opened
    run = DigestRun(data, run.title, run.body, result)
    report.posted(run)
    if request.webhook_url:
        try:
            post_webhook(
                request.webhook_url, chat_payload(data, config, digest_url=result.url),
                timeout=config.digest.webhook_timeout, retries=config.digest.webhook_retries,
            )
        except NotifyError as exc:
            message = f"{exc} (the digest issue was posted: {result.url})"
            report.chat_failed(message)
            raise NotifyError(message) from None
        log.info("notified the chat webhook")
    return run
