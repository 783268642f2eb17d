"""The ``remind`` use case without click: read, plan, post (kept apart from ``app.py``).

Reads: one GraphQL request per hundred open tracked issues (with their last comments:
what the tool already sent, who snoozed), the token's account (trusted authors) and, only
when something is to be sent, one request for this period's digest issue: at most
⌈open tracked / 100⌉ + 3 requests. Writes: one comment per reminded issue, no more.

Who is overdue and by how much comes from the digest's records
(:func:`action_tracker.app.tracked_records`), so ``remind`` and the digest always agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from action_tracker.app.plan import linked_refs, read_postmortems, tracked_records
from action_tracker.app.report import PlanReport
from action_tracker.digest.period import Period, period_for
from action_tracker.digest.records import records_from_documents
from action_tracker.github.store import TrackedIssue, split_trusted, untrusted_warning
from action_tracker.github.threads import find_digest, read_threads
from action_tracker.models import Postmortem
from action_tracker.render.links import DocLink
from action_tracker.render.reminder import reminder_comment
from action_tracker.runtime.config import Config
from action_tracker.tracking.linked import LinkedIssue, split_listed
from action_tracker.tracking.remind import Reminder, plan_reminders
from action_tracker.tracking.reminders import snoozes


class RemindStore(Protocol):
    """What ``remind`` needs of GitHub (the adapter implements it)."""

    repo: str

    def graphql(self, query: str, variables: dict[str, object], action: str) -> dict[str, object]:
        ...

    def trusted_authors(self) -> frozenset[str]: ...

    def add_comment(self, number: int, body: str) -> None: ...


@dataclass
class RemindRun:
    """What a ``remind`` run found and did."""

    period: Period
    reminders: list[Reminder]
    digest_url: str | None = None
    # False without a token: what was already sent or snoozed is not known.
    knows_sent: bool = True
    warnings: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[Reminder]:
        return [r for r in self.reminders if r.status == "failed"]

    def count(self, *statuses: str) -> int:
        return sum(1 for r in self.reminders if r.status in statuses)


def remind_from_documents(
    postmortems: Sequence[Postmortem], config: Config, *, today: dt.date, link: DocLink,
) -> RemindRun:
    """``--dry-run`` without a token: who would be reminded, from the documents alone."""
    period = period_for(today, config.digest.period)
    records = records_from_documents(postmortems, config, link)
    planned = plan_reminders(records, None, config.reminders, today=today, period=period,
                             trusted=frozenset())
    return RemindRun(period=period, reminders=planned, knows_sent=False)


@dataclass(frozen=True)
class RemindRequest:
    """What ``remind`` was asked for (``paths``: only those postmortems' actions)."""

    paths: Sequence[str]
    config: Config
    repo: str | None
    today: dt.date
    link: DocLink
    server_url: str
    api_url: str
    dry_run: bool = False


def run_remind(
    request: RemindRequest, store: RemindStore | None, report: PlanReport | None = None,
) -> RemindRun:
    """Read the documents, then plan (and unless a dry run, post) the reminders as of
    ``request.today``. Without a ``store``: who would be reminded, from the documents alone
    (what was already sent or snoozed is not known)."""
    report = report or PlanReport()
    postmortems = read_postmortems(request.paths, request.config)
    if not postmortems:
        report.no_documents()
    if store is None:
        report.without_store()
        return remind_from_documents(postmortems, request.config, today=request.today,
                                     link=request.link)
    run = remind(store, postmortems, request.config, today=request.today, link=request.link,
                 server_url=request.server_url, api_url=request.api_url,
                 dry_run=request.dry_run, only_documents=bool(request.paths))
    report.untrusted(run.warnings)
    return run


def remind(
    store: RemindStore, postmortems: Sequence[Postmortem], config: Config, *,
    today: dt.date, link: DocLink, server_url: str, api_url: str, dry_run: bool,
    only_documents: bool = False,
) -> RemindRun:
    """Plan the reminders of ``store``'s repository as of ``today`` and, unless ``dry_run``,
    post each as one comment. A comment GitHub refused or whose answer was lost is
    ``failed`` (the next run finds it if it was posted: its marker); the others go on.
    ``only_documents``: remind only the actions of ``postmortems`` (PATH arguments given)."""
    from action_tracker.errors import ActionTrackerError

    repo = store.repo
    period = period_for(today, config.digest.period)
    threads = read_threads(store, repo, config.labels.tracking)
    trusted = store.trusted_authors()
    ours, forged = split_trusted([t.issue for t in threads], trusted)
    kept = {issue.number for issue in ours}
    by_number = {t.issue.number: t for t in threads if t.issue.number in kept}
    issues = [t.issue for t in by_number.values()]
    refs, _ = linked_refs(postmortems, repo, server_url=server_url, api_url=api_url)
    found, _rest, _self = split_listed(refs, issues, repo)
    # Only the linked issues tracked in place (labelled, open, in this repository) are
    # reminded: those the listing returned. Others are someone else's to follow up.
    linked: dict[tuple[str, str], LinkedIssue] = {
        key: found[ref] for key, ref in refs.items() if ref in found}
    records = tracked_records(issues, postmortems, config, link, linked=linked, repo=repo)
    if only_documents:
        ids = {pm.id for pm in postmortems}
        records = [r for r in records if r.postmortem_id in ids]
    planned = plan_reminders(records, by_number, config.reminders, today=today,
                             period=period, trusted=trusted)
    run = RemindRun(period=period, reminders=planned,
                    warnings=[untrusted_warning(i, trusted) for i in forged])
    to_send = [r for r in planned if r.status == "would_send"]
    if not to_send:
        return run
    run.digest_url = find_digest(store, repo, config.labels.digest, period.label, trusted)
    if dry_run:
        return run
    done: list[Reminder] = []
    for item in planned:
        if item.status != "would_send" or item.issue is None:
            done.append(item)
            continue
        body = reminder_comment(item, period=period, digest_url=run.digest_url,
                                escalate_after_days=config.reminders.escalate_after_days)
        try:
            store.add_comment(item.issue, body)
        except ActionTrackerError as exc:
            if exc.fatal:
                raise
            done.append(item.model_copy(update={"status": "failed", "error": str(exc)}))
            continue
        done.append(item.model_copy(update={"status": "sent"}))
    run.reminders = done
    return run


def read_snoozes(
    store: RemindStore, issues: Sequence[TrackedIssue], config: Config, today: dt.date,
) -> dict[int, dt.date]:
    """For the digest: issue number → the day reminders resume, for each open tracked issue
    snoozed on ``today`` (``tracking.reminders.snoozes``). Costs ⌈open tracked / 100⌉
    GraphQL requests, none when no tracked issue is open."""
    from action_tracker.errors import ActionTrackerError
    from action_tracker.runtime.log import get_logger

    if not any(issue.state == "open" for issue in issues):
        return {}
    try:
        threads = read_threads(store, store.repo, config.labels.tracking)
    except ActionTrackerError as exc:
        # The digest matters more than its snoozed marks: it is posted without them (the
        # listing it is built from was just read, so GitHub and the token do work).
        get_logger().warning("warning: snoozes not read (%s); the digest does not mark "
                             "snoozed actions", exc)
        return {}
    return snoozes(threads, today)
