"""The inputs every run reads and the one plan ``sync`` and ``preview`` share.

:func:`plan_for_run` is the pipeline both commands run (documents → the tracked issues →
linked issues → plan), so a pull request's preview is exactly what the merge's sync will do:
:func:`load_documents` (the postmortems named by the paths, the id clashes that freeze a
postmortem, the scope of issues the run may touch) and :func:`plan_changes` (desired state
against the tracked issues → typed operations, with every document problem and warning
located). What a run says while it plans goes through a :class:`PlanReport` the caller
passes in; nothing here knows click.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from action_tracker.app.report import PlanReport
from action_tracker.digest.records import (
    ActionRecord,
    records_from_issues,
    records_from_linked,
    without_linked,
)
from action_tracker.github.store import TrackedIssue
from action_tracker.located import Located
from action_tracker.models import Postmortem
from action_tracker.render.links import DocLink
from action_tracker.runtime.config import Config
from action_tracker.runtime.log import get_logger
from action_tracker.runtime.workspace import (
    commit_that_added,
    find_id_clashes,
    load_postmortems,
)
from action_tracker.tracking import due as due_rule
from action_tracker.tracking.desired import DesiredIssue, build_desired, needs_author
from action_tracker.tracking.linked import (
    IssueRef,
    LinkedIssue,
    find_link,
    split_listed,
    unreadable_link,
)
from action_tracker.tracking.plan import Close, Create, Operation, Plan, Scope, Update, plan
from action_tracker.tracking.scope import document_problems, run_scope
from action_tracker.tracking.validation import IdClash

Linked = dict[tuple[str, str], LinkedIssue]  # the readable linked issue of each action


@dataclass(frozen=True)
class Documents:
    """The postmortems a run reads, and what follows from them alone."""

    postmortems: list[Postmortem]
    clashes: list[IdClash]
    scope: Scope

    @property
    def problems(self) -> list[Located]:
        """Errors in the documents (their issues are left untouched this run)."""
        return document_problems(self.postmortems, self.clashes)


def read_postmortems(paths: Sequence[str], config: Config) -> list[Postmortem]:
    """The postmortems ``digest`` and ``status`` read: what could be read of each, a document
    with errors included (noted on stderr; ``validate`` says what is wrong)."""
    postmortems = load_postmortems(paths, config)
    for pm in postmortems:
        if pm.has_errors:
            get_logger().info(
                "%s: has errors (run `action-tracker validate`); using what was read", pm.path
            )
    return postmortems


def load_documents(paths: Sequence[str], config: Config) -> Documents:
    """Read the postmortems named by ``paths`` (default: the configured globs)."""
    postmortems = load_postmortems(paths, config)
    clashes = find_id_clashes(postmortems, paths, config)
    scope = run_scope(postmortems, explicit_paths=bool(paths), clashes=clashes,
                      skipped=[pm.id for pm in postmortems if due_rule.skipped(pm, config)])
    return Documents(postmortems=postmortems, clashes=clashes, scope=scope)


@dataclass(frozen=True)
class PlannedRun:
    """The plan for one run, with everything the documents got wrong."""

    documents: Documents
    plan: Plan
    desired: Sequence[DesiredIssue] = ()

    @property
    def problems(self) -> list[Located]:
        """Document errors, then the plan's own (an action id used twice)."""
        return [*self.documents.problems, *self.plan.problems]

    @property
    def writes(self) -> list[Operation]:
        """The operations that write to GitHub (every one but the no-ops)."""
        return [op for op in self.plan.operations if op.op != "noop"]

    @property
    def warnings(self) -> list[Located]:
        """Warnings about the actions that will be written (owner not a login, no due date)."""
        return [w for op in self.writes if isinstance(op, Create | Update | Close)
                for w in op.desired.warnings]


def plan_changes(
    documents: Documents, existing: Sequence[TrackedIssue], config: Config, link: DocLink,
    *, linked: dict[tuple[str, str], LinkedIssue] | None = None, repo: str | None = None,
    authors: Mapping[str, str | None] | None = None,
) -> PlannedRun:
    """What sync would do to ``existing`` (the tracked issues) for ``documents``: the one
    plan that ``sync`` applies and ``preview`` shows. ``linked``: the readable issues that
    actions link as their ticket (:func:`linked_refs`), tracked in place. ``authors``: each
    document's author's login, for ``default_owner: author`` (see :func:`document_authors`)."""
    desired = build_desired(documents.postmortems, config, link, authors)
    return PlannedRun(
        documents, plan(desired, existing, documents.scope, config, linked=linked, repo=repo),
        desired,
    )


def linked_refs(
    postmortems: Sequence[Postmortem], repo: str | None, *, server_url: str, api_url: str
) -> tuple[dict[tuple[str, str], IssueRef], list[Located]]:
    """The GitHub issue each action links as its ticket, by ``(postmortem id, action id)``,
    and a warning for each link to an issue on a host that is not this GitHub."""
    refs: dict[tuple[str, str], IssueRef] = {}
    warnings: list[Located] = []
    for pm in postmortems:
        for action in pm.actions:
            ref = find_link(action.ticket, repo, server_url=server_url, api_url=api_url)
            if ref is not None:
                refs[(pm.id, action.id)] = ref
                continue
            other = unreadable_link(action.ticket, repo, server_url=server_url,
                                    api_url=api_url)
            if other is not None:
                warnings.append(Located(
                    path=pm.path, line=action.line or 1,
                    message=f"linked issue {other} is not on this GitHub; filed as a tracked "
                    "issue that carries the link",
                ))
    return refs, warnings


def resolve_linked(
    refs: dict[tuple[str, str], IssueRef], found: dict[IssueRef, LinkedIssue],
    postmortems: Sequence[Postmortem],
) -> tuple[dict[tuple[str, str], LinkedIssue], list[Located]]:
    """The readable linked issues by action, and a warning (file:line, link) for each link
    GitHub did not show (missing, no access, transferred): that action is filed as usual."""
    where = {(pm.id, a.id): (pm.path, a.line) for pm in postmortems for a in pm.actions}
    linked: dict[tuple[str, str], LinkedIssue] = {}
    warnings: list[Located] = []
    for key, ref in refs.items():
        if ref in found:
            linked[key] = found[ref]
            continue
        path, line = where.get(key, (key[0], 1))
        warnings.append(Located(
            path=path, line=line or 1,
            message=f"linked issue {ref.text} ({ref.repo}#{ref.number}) cannot be read (not "
            "found or no access); filed as a tracked issue that carries the link",
        ))
    return linked, warnings


class _CommitReader(Protocol):
    def commit_author(self, sha: str) -> str | None: ...


def document_authors(
    postmortems: Sequence[Postmortem], config: Config, store: _CommitReader
) -> tuple[dict[str, str | None], list[Located]]:
    """For ``default_owner: author``: the GitHub login of whoever added each document that
    needs one (an open action whose owner resolves to nobody), one request per document,
    and a warning for each document whose author cannot be told."""
    authors: dict[str, str | None] = {}
    warnings: list[Located] = []
    for pm in postmortems:
        if not needs_author(pm, config):
            continue
        sha = commit_that_added(pm.path)
        login = store.commit_author(sha) if sha else None
        authors[pm.path] = login
        if login is None:
            why = ("the commit that added it is not in the local history (a shallow clone? "
                   "check out with fetch-depth: 0)" if sha is None
                   else f"GitHub links commit {sha[:12]} to no account")
            warnings.append(Located(path=pm.path, line=1,
                                    message=f"default_owner: author: {why}; no default owner"))
    return authors, warnings


class LinkedReader(Protocol):
    """A store that can read the issues actions link (the GitHub adapter)."""

    def read_linked(self, refs: Iterable[IssueRef]) -> dict[IssueRef, LinkedIssue]: ...


def read_linked(
    store: LinkedReader | None, postmortems: Sequence[Postmortem], repo: str | None, *,
    server_url: str, api_url: str, listed: Sequence[TrackedIssue] = (),
) -> tuple[Linked, list[Located]]:
    """The readable issues the actions link, with a warning for each link that cannot be
    read: what sync, digest and status share. Those already in ``listed`` (the tracked
    listing: labelled in place) cost nothing; the rest one GraphQL query per 50 of one
    repository."""
    refs, warnings = linked_refs(postmortems, repo, server_url=server_url, api_url=api_url)
    if refs and store is None:
        # A dry run without a token cannot read them: it plans as the real run will when
        # they are readable (tracked in place), not as duplicates it would not open.
        get_logger().info("%d linked issue(s) not read without a token: planned as tracked "
                          "in place", len(refs))
        return {key: LinkedIssue(ref=ref, html_url=f"{server_url}/{ref.repo}/issues/"
                                 f"{ref.number}") for key, ref in refs.items()}, warnings
    if not refs or store is None:
        return {}, warnings
    found, rest, self_links = split_listed(refs, list(listed), repo)
    refs = {key: ref for key, ref in refs.items() if key not in self_links}
    if rest:
        found.update(store.read_linked(rest))
    linked, unreadable = resolve_linked(refs, found, postmortems)
    return linked, [*warnings, *unreadable]


def tracked_records(
    issues: list[TrackedIssue], postmortems: Sequence[Postmortem], config: Config,
    link: DocLink, *, linked: dict[tuple[str, str], LinkedIssue] | None = None,
    repo: str | None = None,
) -> list[ActionRecord]:
    """Every tracked action's record: the tool's issues, and the linked issues in place."""
    linked = linked or {}
    own = without_linked(issues, linked, repo)
    return [*records_from_issues(own, postmortems, config, link),
            *records_from_linked(linked, postmortems, config, link, repo)]


class PlanStore(LinkedReader, Protocol):
    """What planning reads from GitHub: the tracked issues, the ones ignored as forged, the
    linked issues and (``default_owner: author``) who committed each document."""

    def list_issues(self, label: str) -> list[TrackedIssue]: ...

    def trust_warnings(self) -> list[str]: ...

    def commit_author(self, sha: str) -> str | None: ...


@dataclass(frozen=True)
class RunPlan:
    """:func:`plan_for_run`'s answer: the plan and what was read to make it."""

    planned: PlannedRun
    existing: list[TrackedIssue] = field(default_factory=list)
    linked: Linked = field(default_factory=dict)
    untrusted: list[str] = field(default_factory=list)
    author_warnings: list[Located] = field(default_factory=list)
    link_warnings: list[Located] = field(default_factory=list)

    @property
    def documents(self) -> Documents:
        return self.planned.documents


def plan_for_run(
    paths: Sequence[str], config: Config, store: PlanStore | None, *, repo: str | None,
    link: DocLink, server_url: str, api_url: str, read_authors: bool = True,
    report: PlanReport | None = None,
) -> RunPlan:
    """The one pipeline of ``sync`` and ``preview``: read the documents, list the tracked
    issues (none without a ``store``), read the linked issues, plan. ``read_authors``: ask
    GitHub who added each document for ``default_owner: author`` (sync; the preview shows
    the document's own owners and spends no request on it)."""
    report = report or PlanReport()
    documents = load_documents(paths, config)
    if not documents.postmortems:
        report.no_documents()
    existing: list[TrackedIssue] = []
    untrusted: list[str] = []
    authors: dict[str, str | None] = {}
    author_warnings: list[Located] = []
    if store is not None:
        existing = store.list_issues(config.labels.tracking)
        untrusted = store.trust_warnings()
        report.untrusted(untrusted)
        if read_authors and config.default_owner == "author":
            authors, author_warnings = document_authors(documents.postmortems, config, store)
    else:
        report.without_store()
    linked, link_warnings = read_linked(
        store, documents.postmortems, repo, server_url=server_url, api_url=api_url,
        listed=existing,
    )
    report.unreadable_links(link_warnings)
    planned = plan_changes(documents, existing, config, link, linked=linked, repo=repo,
                           authors=authors)
    return RunPlan(planned, existing, linked, untrusted, author_warnings, link_warnings)
