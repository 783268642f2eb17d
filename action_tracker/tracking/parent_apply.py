"""Applying the parent-issue plan (``tracking.parents``) after sync wrote the action issues.

Reads are kept to what the listing cannot say: one listing of the parent label (one GET per
hundred parents); a parent's sub-issues are read (one GET per hundred) only when the count
GitHub lists (``sub_issues_summary``) differs from the number of sub-issues the plan
expects; an issue's id comes from the listing or from this run's own write, and is read
(one GET) only for a linked issue the listings did not show.

Never a duplicate: a create whose response was lost is looked for by its marker before it
is repeated (as for action issues); an attach whose response was lost is checked against
the parent's sub-issues before it is repeated, and GitHub's own refusal to attach an issue
twice ("may not contain duplicate sub-issues") counts as done. Two parents left by racing
runs are healed by the next run: the oldest is kept, the others are closed as not planned
and lose the label, their sub-issues moved to the kept one (``replace_parent``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal, Protocol

from action_tracker.errors import ActionTrackerError, GitHubError
from action_tracker.github.store import TrackedIssue
from action_tracker.located import Located
from action_tracker.markers import find_marker, with_marker_fields
from action_tracker.models import Postmortem
from action_tracker.render.links import DocLink
from action_tracker.runtime.config import Config
from action_tracker.runtime.log import get_logger, mask
from action_tracker.tracking import parents as rule
from action_tracker.tracking.desired import DesiredIssue
from action_tracker.tracking.linked import LinkedIssue
from action_tracker.tracking.parents import Child, ParentPlan, ParentResult
from action_tracker.tracking.plan import CloseDuplicate, Plan, Scope
from action_tracker.tracking.result import ItemResult

PARENT_LABEL_DESCRIPTION = "A postmortem's follow-ups: its actions are the sub-issues"
NO_SUB_ISSUES = (
    "this GitHub has no sub-issues API (404; GitHub Enterprise Server before sub-issues): "
    "parent issues list their actions as a task list instead"
)


class ParentStore(Protocol):
    """What parent issues need from GitHub (``github.adapter.GitHubIssueStore``)."""

    def list_issues(self, label: str) -> list[TrackedIssue]: ...

    def create_issue(
        self, title: str, body: str, *, labels: list[str], assignees: list[str]
    ) -> TrackedIssue: ...

    def update_issue(
        self, number: int, *, title: str | None = None, body: str | None = None,
        state: Literal["open", "closed"] | None = None, state_reason: str | None = None,
        labels: list[str] | None = None, assignees: list[str] | None = None,
    ) -> TrackedIssue: ...

    def ensure_label(self, name: str, *, color: str, description: str) -> None: ...

    def sub_issues(self, number: int) -> list[TrackedIssue] | None: ...

    def remove_sub_issue(self, number: int, sub_issue_id: int) -> None: ...

    def add_sub_issue(self, number: int, sub_issue_id: int, *,
                      replace_parent: bool = False) -> bool: ...

    def issue_in(self, repo: str, number: int) -> TrackedIssue: ...

    def written(self, number: int) -> TrackedIssue | None: ...


def _may_have_applied(exc: ActionTrackerError) -> bool:
    return exc.may_have_applied if isinstance(exc, GitHubError) else exc.outcome_unknown


def _task_list_mode(issues: Sequence[TrackedIssue]) -> bool:
    """GitHub lists no ``sub_issues_summary``: an older GHES without sub-issues."""
    return any(issue.sub_issues is None for issue in issues)


def sync_parents(
    store: ParentStore | None, postmortems: Sequence[Postmortem],
    desired: Sequence[DesiredIssue], plan: Plan, items: Sequence[ItemResult],
    existing: Sequence[TrackedIssue], linked: Mapping[tuple[str, str], LinkedIssue],
    scope: Scope, config: Config, link: DocLink, repo: str | None, *, dry_run: bool,
) -> tuple[list[ParentResult], list[Located | str]]:
    """Plan and (unless ``dry_run``) apply every postmortem's parent issue, after the
    action issues: ``items`` are their results (a dry run's planned ones)."""
    if not config.parent_issues or (repo is None and not dry_run):
        return [], []
    # A dry run with no repository (the quick start) still shows the parents it would open;
    # its issues are all "this repository".
    repo = repo or ""
    listed = store.list_issues(config.labels.parent) if store is not None else []
    task_list = _task_list_mode([*listed, *existing])
    known = {issue.number: issue for issue in existing}
    if store is not None and not dry_run:
        for item in items:
            if item.issue is not None and item.issue not in known:
                written = store.written(item.issue)
                if written is not None:
                    known[item.issue] = written
    children = rule.children_of(
        desired, plan.operations, [item.issue for item in items], known, linked, repo,
        [item.outcome == "failed" for item in items])

    # Duplicates this run closes stop being tracked (and are detached if under a parent).
    closing = {op.issue for op in plan.operations if isinstance(op, CloseDuplicate)}
    tracked = [issue for issue in existing if issue.number not in closing]

    def plans_for(task: bool) -> list[ParentPlan]:
        return rule.plan_parents(postmortems, children, listed, scope, config, link,
                                 repo, task_list=task, tracked=tracked)

    plans = plans_for(task_list)
    warnings: list[Located | str] = [NO_SUB_ISSUES] if task_list else []
    if dry_run or store is None:
        return [_planned(p, repo, task_list) for p in plans], warnings
    applier = _Applier(store, config, repo, task_list)
    results: list[ParentResult] = []
    index = 0
    while index < len(plans):
        result = applier.apply(plans[index])
        results.append(result)
        index += 1
        if applier.task_list and not task_list:  # found out part-way: 404 on sub-issues
            task_list = True
            warnings.append(NO_SUB_ISSUES)
            fixed = {p.postmortem: p for p in plans_for(True)}
            applier.rewrite_body(fixed[plans[index - 1].postmortem], result)
            plans = plans[:index] + [fixed[p.postmortem] for p in plans[index:]]
    return results, [*warnings, *applier.warnings]


def _candidates(plan: ParentPlan, repo: str, ours: Sequence[int]) -> list[Child]:
    elsewhere = set(rule.elsewhere_refs(plan.children, repo, ours))
    return [c for c in rule.attachable(plan.children, repo) if c.ref(repo) not in elsewhere]


def _to_check(plan: ParentPlan, candidates: list[Child]) -> tuple[list[Child], bool]:
    """The children to attach, and whether the parent's sub-issues must be read first.

    Issues this run opened have no parent: attached without a read. The others are taken
    as attached when GitHub counts exactly that many sub-issues (``sub_issues_summary``)
    and none of them is listed without a parent (``parent_issue_url``; where GitHub's
    payloads lack that key, the count alone decides); otherwise the parent's sub-issues
    are read (one GET per hundred) and the missing ones attached."""
    if plan.existing is None:
        return candidates, False
    old = [c for c in candidates if not c.new]
    unattached = any(c.id is not None and c.parent_url is None and c.parent_listed
                     for c in old)
    expected = len(old) + plan.also_attached
    if plan.existing.sub_issues == expected and not unattached and not plan.duplicates:
        return [c for c in candidates if c.new], False
    return candidates, True


def _planned(plan: ParentPlan, repo: str, task_list: bool) -> ParentResult:
    attach: list[str] = []
    if not task_list:
        ours = [plan.issue] if plan.issue else []
        candidates, _read = _to_check(plan, _candidates(plan, repo, ours))
        attach = [c.ref(repo) for c in candidates
                  if not rule.is_parent(c.parent_url, repo, ours)]
    return ParentResult(op=plan.op, postmortem=plan.postmortem, issue=plan.issue,
                        title=plan.title, reason=plan.reason, outcome="planned",
                        attached=attach)


class _Applier:
    def __init__(self, store: ParentStore, config: Config, repo: str, task_list: bool) -> None:
        self.store = store
        self.config = config
        self.repo = repo
        self.task_list = task_list
        self.warnings: list[Located | str] = []
        self._label_ready = False
        self.log = get_logger()

    def apply(self, plan: ParentPlan) -> ParentResult:
        result = ParentResult(op=plan.op, postmortem=plan.postmortem, issue=plan.issue,
                              title=plan.title, reason=plan.reason, outcome="done")
        try:
            for duplicate in plan.duplicates:
                self.store.update_issue(
                    duplicate.number, state="closed", state_reason="not_planned",
                    labels=[lb for lb in duplicate.labels if lb != self.config.labels.parent])
            number = self._write(plan)
            result.issue = number
            if not self.task_list:
                self._attach(plan, number, result)
        except ActionTrackerError as exc:
            if exc.fatal:
                raise
            result.outcome = "failed"
            result.error = mask(str(exc))
        return result

    def _ensure_label(self) -> None:
        if not self._label_ready:
            self.store.ensure_label(self.config.labels.parent, color=self.config.labels.color,
                                    description=PARENT_LABEL_DESCRIPTION)
            self._label_ready = True

    def _write(self, plan: ParentPlan) -> int:
        if plan.op == "create":
            return self._create(plan)
        assert plan.issue is not None
        if plan.op not in ("noop", "close_duplicate"):
            self._ensure_label()
            self.store.update_issue(
                plan.issue, title=plan.title if plan.set_title else None, body=plan.body,
                labels=plan.labels, state=plan.state,
                state_reason=("completed" if plan.state == "closed"
                              else "reopened" if plan.state == "open" else None))
        return plan.issue

    def _create(self, plan: ParentPlan) -> int:
        """POST once; a lost answer is looked for by the marker before posting again. A
        parent to be closed at once is posted with its actions' hash left out, so a run
        killed before the close leaves a parent the next run closes."""
        self._ensure_label()
        body = plan.body
        if plan.state == "closed":
            marker = find_marker(body, rule.PARENT_KIND)
            doc = rule.split_hash(marker.content_hash if marker else None)[0] or ""
            body = with_marker_fields(body, rule.PARENT_KIND, {"hash": f"{doc}-"})
        try:
            number = self._post(plan, body)
        except ActionTrackerError as exc:
            if exc.fatal or not _may_have_applied(exc):
                raise
            self.log.info("create of the parent of %s: response lost (%s); looking for it "
                          "before retrying", plan.postmortem, mask(str(exc)))
            found = rule.parents_by_postmortem(
                self.store.list_issues(self.config.labels.parent)).get(plan.postmortem)
            number = found[0].number if found else self._post(plan, body)
        if plan.state == "closed":
            self.store.update_issue(number, body=plan.body, state="closed",
                                    state_reason="completed")
        return number

    def _post(self, plan: ParentPlan, body: str) -> int:
        return self.store.create_issue(plan.title, body, labels=plan.labels,
                                       assignees=[]).number

    def _attach(self, plan: ParentPlan, number: int, result: ParentResult) -> None:
        ours = [number, *(d.number for d in plan.duplicates)]
        candidates, read = _to_check(plan, _candidates(plan, self.repo, ours))
        if not candidates:
            return  # GitHub counts as many sub-issues as expected: nothing to read
        listed = self.store.sub_issues(number) if read else []
        if listed is None:
            self.task_list = True
            return
        self._detach_stale(plan, number, listed, result)
        actual = {issue.id for issue in listed}
        moved = [d.number for d in plan.duplicates]
        for child in candidates:
            ref = child.ref(self.repo)
            issue_id, parent_url = self._identify(child)
            if issue_id is None or issue_id in actual:
                continue
            if parent_url is not None and not rule.is_parent(parent_url, self.repo, ours):
                result.not_attached.append(f"{ref}: a sub-issue of another issue (left there)")
                continue
            replace = rule.is_parent(parent_url, self.repo, moved)
            outcome = self._add(number, issue_id, replace)
            if outcome is None:
                self.task_list = True
                return
            if outcome == "attached":
                result.attached.append(ref)
            elif outcome == "full":
                result.not_attached.append(f"{ref}: the parent holds 100 sub-issues")
                self.warnings.append(
                    f"parent issue #{number} of {plan.postmortem}: GitHub allows 100 "
                    "sub-issues per issue; the other actions are listed in its body")
                return
            else:
                result.not_attached.append(f"{ref}: {outcome}")

    def _detach_stale(self, plan: ParentPlan, number: int, listed: list[TrackedIssue],
                      result: ParentResult) -> None:
        """Detach the tool's own issues of this postmortem that no longer track an action:
        closed duplicates (their tracking label taken off), which racing runs can leave
        under the kept parent, where GitHub would count them as done."""
        for issue in listed:
            marker = issue.marker
            stale = (marker is not None and marker.postmortem_id == plan.postmortem
                     and issue.state == "closed" and issue.id is not None
                     and self.config.labels.tracking not in issue.labels)
            if stale and issue.id is not None:
                self.store.remove_sub_issue(number, issue.id)
                result.detached.append(f"#{issue.number}")

    def _identify(self, child: Child) -> tuple[int | None, str | None]:
        """The child's id and parent URL: from the listing or this run's write, else read."""
        if child.number == 0:
            return None, None
        if child.id is not None:
            return child.id, child.parent_url
        written = self.store.written(child.number) if child.repo == self.repo else None
        if written is not None and written.id is not None:
            return written.id, written.parent_url
        try:
            issue = self.store.issue_in(child.repo, child.number)
        except ActionTrackerError as exc:
            if exc.fatal:
                raise
            self.log.info("issue %s cannot be read (%s): not attached", child.ref(self.repo),
                          mask(str(exc)))
            return None, None
        return issue.id, issue.parent_url

    def _add(self, number: int, issue_id: int, replace: bool) -> str | None:
        """``attached``, ``full``, another reason it stays out, or None (no sub-issues API)."""
        for attempt in (1, 2):
            try:
                if not self.store.add_sub_issue(number, issue_id, replace_parent=replace):
                    return None
                return "attached"
            except ActionTrackerError as exc:
                if exc.fatal:
                    raise
                text = str(exc).lower()
                if "duplicate sub-issues" in text:
                    return "attached"  # an earlier attempt (a lost answer) did it
                if "only have one parent" in text:
                    return "a sub-issue of another issue (left there)"
                if "more than 100" in text:
                    return "full"
                if not _may_have_applied(exc) or attempt == 2:
                    raise
                now = self.store.sub_issues(number)
                if now is None:
                    return None
                if issue_id in {issue.id for issue in now}:
                    return "attached"
        return "attached"  # pragma: no cover - the loop returns or raises

    def rewrite_body(self, plan: ParentPlan, result: ParentResult) -> None:
        """The parent just written, again with its task list (sub-issues turned out missing)."""
        if result.issue is None or result.outcome == "failed":
            return
        try:
            self.store.update_issue(result.issue, body=plan.body)
        except ActionTrackerError as exc:
            if exc.fatal:
                raise
            result.outcome = "failed"
            result.error = mask(str(exc))
