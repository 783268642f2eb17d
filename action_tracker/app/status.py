"""The ``status`` and ``owners`` use cases: what GitHub and the documents say now, read
only. Both have two outcomes in the contract: it worked (0), or it could not (2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from action_tracker.app.plan import LinkedReader, read_linked, read_postmortems
from action_tracker.app.plan import tracked_records as records_of
from action_tracker.app.report import PlanReport
from action_tracker.errors import ActionTrackerError
from action_tracker.github.store import TrackedIssue
from action_tracker.render.links import DocLink
from action_tracker.render.status import StatusRow, status_rows
from action_tracker.runtime.config import Config
from action_tracker.runtime.discovery import display_path
from action_tracker.runtime.log import get_logger
from action_tracker.tracking import owners as owner_rule
from action_tracker.tracking.owners import Assignable, Unresolved

# Profiles ``owners`` reads per run: "a few hundred requests" at most. Users past it still
# match by login.
MAX_PROFILES = 300


class StatusStore(LinkedReader, Protocol):
    """What ``status`` reads on GitHub."""

    def list_issues(self, label: str) -> list[TrackedIssue]: ...

    def trust_warnings(self) -> list[str]: ...


@dataclass(frozen=True)
class StatusRequest:
    """What ``status`` was asked for: the filters (``postmortem``: an id or a file)."""

    config: Config
    repo: str
    today: dt.date
    link: DocLink
    server_url: str
    api_url: str
    owner: str | None = None
    overdue: bool = False
    postmortem: str | None = None

    @property
    def filtered(self) -> bool:
        return self.owner is not None or self.overdue or self.postmortem is not None


def run_status(
    request: StatusRequest, store: StatusStore, report: PlanReport | None = None,
) -> list[StatusRow]:
    """One row per tracked action that passes the filters (read errors: exit 2)."""
    report = report or PlanReport()
    config = request.config
    postmortems = read_postmortems((), config)
    try:
        issues = store.list_issues(config.labels.tracking)
        report.untrusted(store.trust_warnings())
        linked, link_warnings = read_linked(
            store, postmortems, request.repo, server_url=request.server_url,
            api_url=request.api_url, listed=issues,
        )
    except ActionTrackerError as exc:
        raise ActionTrackerError(str(exc), exit_code=2) from None
    report.unreadable_links(link_warnings)
    records = records_of(issues, postmortems, config, request.link, linked=linked,
                         repo=request.repo)
    spellings: Collection[str] = ()
    if request.postmortem:
        name = request.postmortem.strip()
        spellings = {name, display_path(Path(name))}
    return status_rows(records, request.today, owner=request.owner, overdue=request.overdue,
                       postmortem=spellings)


class OwnersStore(Protocol):
    """What ``owners`` reads on GitHub."""

    def list_assignees(self) -> list[str]: ...

    def display_name(self, login: str) -> str | None: ...


@dataclass(frozen=True)
class OwnersRun:
    """Owners the documents name that no assignable login answers to. ``users``: the
    assignable users read (None without a store: names only, no suggestions)."""

    unresolved: list[Unresolved]
    resolved: int
    users: list[Assignable] | None

    @property
    def suggested(self) -> int:
        return sum(item.count for item in self.unresolved if item.suggestion)

    @property
    def total(self) -> int:
        return self.resolved + sum(item.count for item in self.unresolved)


def run_owners(
    paths: Sequence[str], config: Config, store: OwnersStore | None, *, repo: str | None,
    report: PlanReport | None = None,
) -> OwnersRun:
    """Read the documents' owners and, with a store, the assignable users and their profiles
    (one request each, at most :data:`MAX_PROFILES`); match them (``tracking.owners``)."""
    report = report or PlanReport()
    log = get_logger()
    postmortems = read_postmortems(paths, config)
    if not postmortems:
        report.no_documents()
    written = [(a.owner, pm.path, a.line, a.status != "done")
               for pm in postmortems for a in pm.actions if a.owner]
    users: list[Assignable] | None = None
    if store is not None:
        log.info("reading the assignable users of %s (one request per 100 users) and their "
                 "profiles (one request each, at most %d)", repo, MAX_PROFILES)
        try:
            logins = store.list_assignees()
            if len(logins) > MAX_PROFILES:
                log.warning("warning: %d assignable users; the display names of the first %d "
                            "are read, the others match by login only", len(logins),
                            MAX_PROFILES)
            users = [
                Assignable(login=login,
                           name=store.display_name(login) if index < MAX_PROFILES else None)
                for index, login in enumerate(logins)
            ]
        except ActionTrackerError as exc:
            # Like status: it worked (0) or it could not (2); nothing half-done to report.
            raise ActionTrackerError(str(exc), exit_code=2) from None
    else:
        report.without_store()
    unresolved, resolved = owner_rule.unresolved_owners(written, config.owners, users)
    return OwnersRun(unresolved, resolved, users)
