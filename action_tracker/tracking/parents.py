"""One parent issue per postmortem, its actions' issues as sub-issues: the pure planning.

The rules (README, "Parent issues") in one place:

- a postmortem gets a parent once at least one of its actions is tracked in an issue (the
  tool's own, or a linked issue tracked in place); title ``Follow-ups: <title>``, labelled
  ``labels.parent``, with the hidden marker ``<!-- action-tracker:parent v=1 pm=… hash=… -->``
  (what the digest finds it by, with the label; only a trusted author's counts);
- the marker's ``hash`` has two parts, ``<postmortem>-<actions>``: the first covers what the
  postmortem says of itself (title, date, severity, lessons), the second the action list
  (each action's text, its issue's number and state, and whether the body carries the
  task list). Both equal: nothing is written, whatever a person edited. The
  document part changed: title and body are rewritten. Only the action list changed: the
  body is rewritten, a person's title is kept;
- the parent closes as completed when every action is done or dropped, and reopens when an
  action opens again or a new one appears: decided only when the action part changed, so a
  person's own close or reopen of the parent stands until the actions change;
- two parents for one postmortem (racing runs): the oldest is kept, the others are closed as
  not planned and lose the label.

Attaching sub-issues needs reads (``tracking.parent_apply``); here is only which issues are
candidates: the action issues of the repository's owner, at most :data:`MAX_SUB_ISSUES`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from action_tracker.github.store import TrackedIssue
from action_tracker.markers import find_marker, render_marker
from action_tracker.models import Postmortem
from action_tracker.render import github_text
from action_tracker.render.links import DocLink
from action_tracker.render.templates import render
from action_tracker.runtime.config import Config
from action_tracker.tracking.desired import TITLE_LIMIT, DesiredIssue
from action_tracker.tracking.linked import LinkedIssue
from action_tracker.tracking.plan import (
    Close,
    CloseSuperseded,
    Create,
    Operation,
    Scope,
    TrackLinked,
    Update,
)

PARENT_KIND = "parent"
TEMPLATE = "parent_body.md.j2"
TITLE_PREFIX = "Follow-ups: "
MAX_SUB_ISSUES = 100  # GitHub's cap per parent, closed sub-issues included
LESSONS_IN_PARENT = 10
_LESSON_CAP = 500

ChildState = Literal["open", "done", "dropped"]
ParentOpKind = Literal["create", "update", "close", "reopen", "close_duplicate", "noop"]


class Child(BaseModel):
    """One tracked action of a postmortem, as its parent lists it."""

    model_config = ConfigDict(frozen=True)

    action: str
    title: str
    number: int  # 0: not filed yet (a dry run's new issue)
    repo: str  # owner/name of the issue
    state: ChildState
    linked: bool = False  # a person's issue the document links, tracked in place
    id: int | None = None  # GitHub's numeric id, when already known (listing, write)
    parent_url: str | None = None  # its parent's API URL, as the listing said
    parent_listed: bool = True  # the listing said where its parent is (None: no parent)
    new: bool = False  # opened by this run: it has no parent yet

    def ref(self, home: str) -> str:
        """``#12`` in the run's repository, ``owner/repo#12`` elsewhere."""
        if self.number == 0:
            return "(new issue)"
        return f"#{self.number}" if self.repo.lower() == home.lower() else (
            f"{self.repo}#{self.number}")


class ParentPlan(BaseModel):
    """What a postmortem's parent issue should be, and the operation that makes it so."""

    model_config = ConfigDict(frozen=True)

    op: ParentOpKind
    postmortem: str
    path: str
    title: str
    body: str
    labels: list[str]
    issue: int | None = None  # the existing parent (None: to be created)
    state: Literal["open", "closed"] | None = None  # a state change, when one is due
    set_title: bool = False
    children: list[Child] = Field(default_factory=list)
    # The parent as listed (its sub-issue count and id), None for a new one.
    existing: TrackedIssue | None = None
    # Tracked issues listed under this parent that are none of its actions' any more (an
    # action removed from the document keeps its issue, and its place): counted, not read.
    also_attached: int = 0
    duplicates: list[TrackedIssue] = Field(default_factory=list)
    reason: str = ""

    @property
    def all_done(self) -> bool:
        return bool(self.children) and all(c.state != "open" for c in self.children)


def _name(pm: Postmortem) -> str:
    """The postmortem's title on one line (its id when it has none)."""
    return " ".join((pm.title or "").split()) or " ".join(pm.id.split())


def parent_title(pm: Postmortem) -> str:
    """``Follow-ups: <postmortem title>``, cut to GitHub's title limit."""
    title = TITLE_PREFIX + _name(pm)
    return title if len(title) <= TITLE_LIMIT else title[: TITLE_LIMIT - 1].rstrip() + "…"


def parent_marker(postmortem_id: str, content_hash: str) -> str:
    """The hidden marker of a postmortem's parent issue (the digest looks for it)."""
    return render_marker(PARENT_KIND, {"pm": postmortem_id, "hash": content_hash})


def _digest(payload: object) -> str:
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def document_hash(pm: Postmortem) -> str:
    """What the postmortem itself says that the parent shows: its title, date, severity and
    lessons (never the commit of the link)."""
    return _digest([
        pm.title, pm.date.isoformat() if pm.date else None, pm.severity,
        [" ".join(lesson.split()) for lesson in pm.lessons.went_wrong],
    ])


def actions_hash(children: Sequence[Child], task_list: bool, elsewhere: Sequence[str]) -> str:
    """The action list: each action's text, its issue and that issue's state, and how the
    body shows them."""
    return _digest([[c.action, c.title, c.repo.lower(), c.number, c.state] for c in children]
                   + [task_list, sorted(elsewhere)])


def _issue_path(repo: str, number: int) -> str:
    return f"/repos/{repo}/issues/{number}".lower()


def is_parent(url: str | None, repo: str, numbers: Sequence[int]) -> bool:
    """Whether a ``parent_issue_url`` points at one of ``numbers`` of ``repo``."""
    return url is not None and any(url.lower().endswith(_issue_path(repo, n)) for n in numbers)


def elsewhere_refs(children: Sequence[Child], repo: str, ours: Sequence[int]) -> list[str]:
    """Children that GitHub shows under another parent (not one of ``ours``): left there,
    and only listed in this parent's body."""
    return [c.ref(repo) for c in children
            if c.parent_url is not None and not is_parent(c.parent_url, repo, ours)]


def split_hash(value: str | None) -> tuple[str | None, str | None]:
    """``(document part, actions part)`` of a parent marker's hash."""
    if not value:
        return None, None
    doc, _, actions = value.partition("-")
    return doc or None, actions or None


def _issue_state(issue: TrackedIssue | None) -> ChildState:
    if issue is None or issue.state == "open":
        return "open"
    return "dropped" if issue.state_reason == "not_planned" else "done"


def children_of(
    desired: Sequence[DesiredIssue], operations: Sequence[Operation],
    issues: Sequence[int | None], existing: Mapping[int, TrackedIssue],
    linked: Mapping[tuple[str, str], LinkedIssue], repo: str,
    failed: Sequence[bool] = (),
) -> dict[str, list[Child]]:
    """Each postmortem's tracked actions once the plan is applied, in document order.

    ``issues[i]``: the issue number operation ``i`` ended with (a dry run: the planned one,
    None for a create); ``failed[i]``: it failed (its issue keeps the state it had)."""
    by_key: dict[tuple[str, str], tuple[Operation, int | None, bool]] = {}
    for index, op in enumerate(operations):
        if isinstance(op, CloseSuperseded):
            continue
        key = (op.postmortem, op.action)
        bad = failed[index] if index < len(failed) else False
        by_key.setdefault(key, (op, issues[index] if index < len(issues) else None, bad))
    out: dict[str, list[Child]] = {}
    for item in desired:
        link = linked.get(item.key)
        if link is not None:
            listed = existing.get(link.ref.number) if link.ref.same_repo(repo) else None
            out.setdefault(item.postmortem_id, []).append(Child(
                action=item.action_id, title=item.title, number=link.ref.number,
                repo=link.ref.repo, state=link.status, linked=True,
                id=listed.id if listed else None,
                parent_url=listed.parent_url if listed else None,
                parent_listed=listed.parent_listed if listed else True))
            continue
        entry = by_key.get(item.key)
        if entry is None:
            continue
        op, number, bad = entry
        if isinstance(op, TrackLinked):
            continue
        if number is None and isinstance(op, Create) and not bad:
            number = 0  # a dry run: the issue it would open
        if number is None:
            continue
        issue = existing.get(number)
        state: ChildState = _issue_state(issue)
        if not bad:
            if isinstance(op, Create):
                state = "open"
            elif isinstance(op, Close):
                state = "dropped" if op.desired.not_planned else "done"
            elif isinstance(op, Update) and op.reopen:
                state = "open"
        elif isinstance(op, Create):
            continue
        out.setdefault(item.postmortem_id, []).append(Child(
            action=item.action_id, title=item.title, number=number, repo=repo, state=state,
            id=issue.id if issue else None, parent_url=issue.parent_url if issue else None,
            parent_listed=issue.parent_listed if issue else True,
            new=isinstance(op, Create)))
    return out


def attachable(children: Sequence[Child], repo: str) -> list[Child]:
    """The children that can be sub-issues: of the repository's owner, the first 100."""
    owner = repo.partition("/")[0].lower()
    same = [c for c in children if c.repo.partition("/")[0].lower() == owner]
    return same[:MAX_SUB_ISSUES]


def render_body(
    pm: Postmortem, children: Sequence[Child], config: Config, link: DocLink, repo: str,
    *, task_list: bool, elsewhere: Sequence[str] = (), content_hash: str,
) -> str:
    """The parent's body: the postmortem, its lessons, its actions (a task list where GitHub
    has no sub-issues), sealed with the marker. Document text is escaped by the template's
    filters, as in an action's issue."""
    sub = attachable(children, repo)
    lessons = [lesson[:_LESSON_CAP] for lesson in pm.lessons.went_wrong[:LESSONS_IN_PARENT]
               if lesson.strip()]
    context = {
        "postmortem_title": _name(pm),
        "postmortem_id": pm.id,
        "doc_url": link.url(pm.path),
        "path": pm.path,
        "date": pm.date.isoformat() if pm.date else None,
        "severity": pm.severity,
        "lessons": lessons,
        "more_lessons": max(0, len(pm.lessons.went_wrong) - LESSONS_IN_PARENT),
        "actions": [{"ref": c.ref(repo), "title": c.title, "state": c.state,
                     "linked": c.linked, "sub_issue": c in sub and c.ref(repo) not in elsewhere}
                    for c in children],
        "done": sum(1 for c in children if c.state != "open"),
        "total": len(children),
        "task_list": task_list,
        "over_cap": max(0, len(children) - len(sub)),
        "elsewhere": list(elsewhere),
    }
    text = render(TEMPLATE, context, user_dir=config.templates_dir)
    return github_text.seal(github_text.defuse_markers(text).rstrip(),
                            parent_marker(pm.id, content_hash))


def parents_by_postmortem(listed: Sequence[TrackedIssue]) -> dict[str, list[TrackedIssue]]:
    """The listed parent issues by the postmortem their marker names, oldest first."""
    out: dict[str, list[TrackedIssue]] = {}
    for issue in sorted(listed, key=lambda i: i.number):
        marker = find_marker(issue.body, PARENT_KIND)
        if marker is not None and marker.postmortem_id:
            out.setdefault(marker.postmortem_id, []).append(issue)
    return out


def plan_parents(
    postmortems: Sequence[Postmortem],
    children: Mapping[str, list[Child]], listed: Sequence[TrackedIssue], scope: Scope,
    config: Config, link: DocLink, repo: str, *, task_list: bool,
    tracked: Sequence[TrackedIssue] = (),
) -> list[ParentPlan]:
    """One plan per postmortem in scope that has a tracked action (or a parent already).
    ``tracked``: the tracked-issue listing (which of them GitHub lists under a parent)."""
    wanted = {pm.id: pm for pm in postmortems}
    existing = parents_by_postmortem(listed)
    plans: list[ParentPlan] = []
    for pm_id, pm in wanted.items():
        if not scope.may_touch(pm_id):
            continue
        kids = children.get(pm_id, [])
        found = existing.get(pm_id, [])
        if not kids:
            continue
        elsewhere = elsewhere_refs(kids, repo, [p.number for p in found])
        doc_part = document_hash(pm)
        list_part = actions_hash(kids, task_list, elsewhere)
        content_hash = f"{doc_part}-{list_part}"
        title = parent_title(pm)
        labels = [config.labels.parent]
        body = render_body(pm, kids, config, link, repo, task_list=task_list,
                           elsewhere=elsewhere, content_hash=content_hash)
        all_done = all(c.state != "open" for c in kids)
        base: dict[str, Any] = {"postmortem": pm_id, "path": pm.path, "title": title, "body": body,
                "labels": labels, "children": kids, "duplicates": found[1:]}
        if not found:
            plans.append(ParentPlan(
                op="create", state="closed" if all_done else None, set_title=True,
                reason=f"{len(kids)} tracked action(s)", **base))
            continue
        parent = found[0]
        marker = find_marker(parent.body, PARENT_KIND)
        old_doc, old_list = split_hash(marker.content_hash if marker else None)
        keep = [lb for lb in parent.labels if lb != config.labels.parent]
        base["labels"] = [*labels, *keep]
        numbers = {c.number for c in kids if c.repo.lower() == repo.lower()}
        base["also_attached"] = sum(
            1 for issue in tracked if issue.number not in numbers
            and is_parent(issue.parent_url, repo, [parent.number]))
        if old_doc == doc_part and old_list == list_part:
            twins = ", ".join(f"#{d.number}" for d in found[1:])
            plans.append(ParentPlan(
                op="close_duplicate" if twins else "noop", issue=parent.number,
                existing=parent, reason=f"duplicate parent(s) {twins} closed" if twins
                else "unchanged", **base))
            continue
        state: Literal["open", "closed"] | None = None
        op: ParentOpKind = "update"
        if old_list != list_part:
            if all_done and parent.state == "open":
                state, op = "closed", "close"
            elif not all_done and parent.state == "closed":
                state, op = "open", "reopen"
        reason = ("every action done or dropped" if op == "close"
                  else "an action is open again" if op == "reopen"
                  else "document changed" if old_doc != doc_part else "actions changed")
        plans.append(ParentPlan(
            op=op, issue=parent.number, existing=parent, state=state,
            set_title=old_doc != doc_part, reason=reason, **base))
    return plans


class ParentResult(BaseModel):
    """What happened (or would happen) to one postmortem's parent issue."""

    op: ParentOpKind
    postmortem: str
    issue: int | None = None
    title: str
    reason: str
    outcome: Literal["planned", "done", "failed"]
    error: str | None = None
    attached: list[str] = Field(default_factory=list)  # "#12" refs attached this run
    not_attached: list[str] = Field(default_factory=list)  # "#12: why"
    detached: list[str] = Field(default_factory=list)  # closed duplicates taken off it
