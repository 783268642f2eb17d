"""Planning: a pure function from (desired issues, existing tracked issues, scope) to operations.

The rules (README, section ``sync``) in one place:

- identity is ``(postmortem id, action id)`` from the hidden marker; issues without one are
  not ours and are left alone;
- the marker's hash equal to the document's: nothing to do, whatever the issue's state or
  body (a person's edits and closing are respected);
- hash different: update the issue; close it as completed when the document newly marks the
  action done; reopen a closed issue only when the document itself went from done to open,
  or when an action comes back whose issue the tool closed on removal (``closed=removed`` in
  the marker; a person's "not planned" close stays);
- an action done in the document that never had an issue gets none;
- a renamed document (its id vanished, its action ids reappear under a new id) keeps its
  issues;
- a reworded action (unmatched on both sides of one postmortem, most of its words kept;
  position only breaks ties) updates its issue; an unrelated action never takes over the
  issue of one that left (that one is labelled removed, the new one gets its own issue);
- in scope but gone from the document: comment once and label it, close only if configured;
  a postmortem whose parse had errors never loses issues;
- a postmortem id two documents share is frozen: nothing is planned for its actions or issues;
- two issues for one action: the oldest is kept, the others are closed as duplicates and
  lose the tracking label.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from action_tracker.github.store import TrackedIssue
from action_tracker.located import Located
from action_tracker.markers import with_marker_fields
from action_tracker.runtime.config import Config
from action_tracker.tracking import labels as label_rule
from action_tracker.tracking.desired import DesiredIssue
from action_tracker.tracking.linked import LinkedIssue, tracking_marker

# A reworded action keeps its issue only when at least this share of its words survive
# (see ``similarity``): 4 of 5 words, 3 of 3; not 3 of 4 ("Add an alert on replica lag" and
# "Add a dashboard for replica lag" are two actions). Unsure is unpaired: the old issue is
# labelled removed and the new action gets its own issue, never a hijacked one.
RENAME_THRESHOLD = 0.8

REMOVED_CLOSE = "removed"  # marker value: the tool closed this issue because its action left



# How every operation on an action tracked in its linked issue starts its reason (the
# report tells those apart from actions done in the document).
LINKED_REASON = "tracked in"

class _Op(BaseModel):
    model_config = ConfigDict(frozen=True)

    postmortem: str
    action: str
    title: str
    reason: str


class Create(_Op):
    """Open a new issue for an action that has none."""

    op: Literal["create"] = "create"
    desired: DesiredIssue


class Update(_Op):
    """Rewrite an issue from the document (title, body, labels; assignees if the owner changed).

    ``state`` is set only when the document's status requires it (reopen);
    ``drop_labels`` removes the tool's own ``removed`` label when an action came back.
    """

    op: Literal["update"] = "update"
    issue: int
    desired: DesiredIssue
    set_assignees: bool
    reopen: bool = False
    keep_labels: list[str] = Field(default_factory=list)


class Close(_Op):
    """The document newly marks the action done: update, close as completed (as not planned
    when the document drops it: "won't fix"), comment."""

    op: Literal["close"] = "close"
    issue: int
    desired: DesiredIssue
    set_assignees: bool
    keep_labels: list[str] = Field(default_factory=list)
    # The issue has comments: one may be this close's own, posted by an earlier run whose
    # close then failed. Looked for before commenting again.
    check_comments: bool = False

    @property
    def state_reason(self) -> Literal["completed", "not_planned"]:
        return "not_planned" if self.desired.not_planned else "completed"


class MarkRemoved(_Op):
    """The action left its document: add the removed label, comment once, maybe close."""

    op: Literal["mark_removed"] = "mark_removed"
    issue: int
    path: str | None = None
    labels: list[str]
    comment: bool
    close: bool
    # When closing: the body with ``closed=removed`` in its marker, so that if the action
    # comes back the tool reopens only the issues it closed itself, never a person's close.
    body: str | None = None


class CloseDuplicate(_Op):
    """A second issue for the same action: close it as not planned, linking the kept one.

    ``labels`` are its labels without the tracking label: a closed duplicate stops being
    tracked. Left tracked, it would be its action id's only issue once the kept one is
    reworded to a new id, and then be labelled removed, or be taken as the "reworded" issue
    of a new similar action, which would then have no open issue.
    """

    op: Literal["close_duplicate"] = "close_duplicate"
    issue: int
    kept: int
    labels: list[str] | None = None


class TrackLinked(_Op):
    """An action tracked in a person's issue of this repository: comment once (hidden
    marker), then add the tracking label. Nothing else of the issue is ever written."""

    op: Literal["track_linked"] = "track_linked"
    issue: int
    path: str | None = None
    line: int | None = None
    doc_url: str = ""
    comment: bool
    add_label: bool
    labels: list[str] = Field(default_factory=list)


class CloseSuperseded(_Op):
    """The tool's own issue of an action that now links another issue: close it as not
    planned, saying where the action is tracked now."""

    op: Literal["close_superseded"] = "close_superseded"
    issue: int
    tracked_in: str


class Noop(_Op):
    """Nothing to write (reported so counts and dry runs show every action)."""

    op: Literal["noop"] = "noop"
    issue: int | None = None


Operation = Annotated[
    Create | Update | Close | MarkRemoved | CloseDuplicate | TrackLinked | CloseSuperseded
    | Noop,
    Field(discriminator="op"),
]


def issue_of(op: Operation) -> int | None:
    """The issue an operation writes to (None: one it creates, or an unchanged action with
    no issue yet)."""
    return None if isinstance(op, Create) else op.issue


def desired_of(op: Operation) -> DesiredIssue | None:
    """The target state of the action an operation writes (None: an operation about an
    issue whose action is gone, or a duplicate, or a linked issue)."""
    return op.desired if isinstance(op, Create | Update | Close) else None


class Scope(BaseModel):
    """Which existing issues a run may touch.

    ``all_tracked``: the default globs were read, so every tracked issue belongs to a
    document that was (or no longer is) there. With explicit paths only ``postmortems``
    are in scope. ``errored``: postmortems whose parse had errors keep all their issues.
    ``frozen``: ids that two documents share; their issues are not touched at all (not
    even created) until the id is unique again. ``skipped``: backlog postmortems under
    ``backlog.mode: skip``; read and validated, but out of this run's scope: nothing is
    filed for them, and issues an earlier run opened for them are neither updated nor
    marked removed (their actions did not leave the document; the run just does not look).
    """

    model_config = ConfigDict(frozen=True)

    all_tracked: bool
    postmortems: frozenset[str] = frozenset()
    errored: frozenset[str] = frozenset()
    frozen: frozenset[str] = frozenset()
    skipped: frozenset[str] = frozenset()

    def may_remove(self, postmortem_id: str) -> bool:
        if postmortem_id in self.errored:
            return False
        return self.may_touch(postmortem_id)

    def may_touch(self, postmortem_id: str) -> bool:
        if postmortem_id in self.frozen or postmortem_id in self.skipped:
            return False
        return self.all_tracked or postmortem_id in self.postmortems


class Plan(BaseModel):
    """The ordered operations, plus what planning noticed (duplicate ids in documents)."""

    operations: list[Operation] = Field(default_factory=list)
    problems: list[Located] = Field(default_factory=list)


_WORD_RE = re.compile(r"[^\w\s]+")
# Words that carry no meaning of their own (the slug rule's list, in parsing/ids.py, plus a
# few quantifiers): "the alert" and "an alert" are the same action.
_STOP_WORDS = frozenset({
    "a", "an", "the", "to", "of", "for", "and", "or", "in", "on", "at", "with", "by", "from",
    "is", "are", "be", "we", "our", "that", "this", "it", "as", "so", "into", "when", "all",
    "any", "every", "each",
})
_TYPO_RATIO = 0.8  # "alret"/"alert", "deploy"/"deploys"; never "lag"/"log", "13"/"15"


def normalise(text: str) -> str:
    """Text for similarity: lower case, Markdown punctuation and extra spaces gone."""
    return " ".join(_WORD_RE.sub(" ", text.casefold()).split())


def _words(text: str) -> set[str]:
    return {word for word in normalise(text).split() if word not in _STOP_WORDS}


def _same_word(word: str, words: set[str]) -> bool:
    """``word`` is in ``words``, or one of them is the same word with a typo or an ending."""
    if word in words:
        return True
    if len(word) < 4:
        return False
    return any(
        len(other) >= 4 and other[0] == word[0]
        and difflib.SequenceMatcher(None, word, other, autojunk=False).ratio() >= _TYPO_RATIO
        for other in words
    )


def similarity(a: str, b: str) -> float:
    """How surely ``b`` is ``a`` reworded: the share of the shorter text's words found in the
    other, a word with a typo or another ending counting as found.

    Words, not characters: a rewording keeps the action's words and adds or moves some
    (a typo fixed, "above 30 seconds" added, a Jira key moved to the ticket column), while
    two different actions of one postmortem often share most of their characters ("Add
    monitoring for the queue" / "… for the cache" are 86% alike as characters, 2 of 3
    words). The denominator is at least 2, so a one-word text ("Fix it") pairs only with
    the same text.
    """
    if normalise(a) == normalise(b):
        return 1.0
    first, second = _words(a), _words(b)
    if not first or not second:
        return 0.0
    def share(small: set[str], large: set[str]) -> float:
        return sum(1 for word in small if _same_word(word, large)) / max(len(small), 2)

    if len(first) == len(second):  # either side may be "the shorter": the surer of the two
        return min(share(first, second), share(second, first))
    return share(first, second) if len(first) < len(second) else share(second, first)


def _default_owner_due(desired: DesiredIssue, issue: TrackedIssue) -> str | None:
    """The default owner an unchanged open issue is to get now, if any: it has no assignee,
    no owner of its own resolves, and its body was not yet written with this default (so a
    person who unassigns the default owner is not overruled on every run)."""
    marker = issue.marker
    if desired.default_owner is None or marker is None:
        return None
    login = desired.default_owner[0]
    due = (not desired.owner_logins and not desired.is_done and issue.state == "open"
           and not issue.assignees and marker.get("default") != login)
    return login if due else None


def _rewrite(
    desired: DesiredIssue, issue: TrackedIssue, config: Config, *, renamed_from: str | None = None,
    moved_from: str | None = None,
) -> Update | Close | Noop:
    """The operation that brings a matched issue in line with a changed (or renamed) action."""
    marker = issue.marker
    base: dict[str, Any] = {
        "postmortem": desired.postmortem_id,
        "action": desired.action_id,
        "title": desired.title,
        "issue": issue.number,
    }
    came_back = config.labels.removed in issue.labels
    unchanged = marker is not None and marker.content_hash == desired.content_hash
    if unchanged and renamed_from is None and moved_from is None and not came_back:
        default = _default_owner_due(desired, issue)
        if default:
            return Update(
                **base, desired=desired, set_assignees=True, keep_labels=[
                    label for label in issue.labels if not label_rule.managed_label(label, config)
                ], reason=f"default owner @{default} (the owner resolves to nobody)",
            )
        return Noop(**base, reason="unchanged")
    keep = [label for label in issue.labels if not label_rule.managed_label(label, config)]
    owner_changed = marker is None or marker.get("owner") != desired.owner
    set_assignees = owner_changed or (renamed_from is not None and not issue.assignees)
    note = f" (reworded; was {renamed_from})" if renamed_from else ""
    if moved_from:
        note += f" (document renamed; was postmortem {moved_from})"
    if desired.is_done:
        if issue.state == "open":
            return Close(
                **base, desired=desired, set_assignees=set_assignees, keep_labels=keep,
                check_comments=issue.comments > 0,
                reason=("marked won't do in the document (closing as not planned)"
                        if desired.not_planned else "marked done in the document") + note,
            )
        return Update(
            **base, desired=desired, set_assignees=set_assignees, keep_labels=keep,
            reason="document changed; issue already closed" + note,
        )
    was_done = marker is not None and marker.get("status") == "done"
    closed_by_tool = marker is not None and marker.get("closed") == REMOVED_CLOSE
    removed_closed = came_back and issue.state_reason == "not_planned" and closed_by_tool
    reopen = issue.state == "closed" and (was_done or removed_closed)
    if came_back and issue.state == "closed" and not reopen:
        reason = "back in the document; issue stays closed (closed on GitHub)"
    elif came_back:
        reason = "back in the document"
    elif reopen:
        reason = "document marks it open again"
    elif issue.state == "closed":
        reason = "document changed; issue stays closed (closed on GitHub)"
    else:
        reason = "document changed"
    return Update(
        **base, desired=desired, set_assignees=set_assignees, reopen=reopen, keep_labels=keep,
        reason=reason + note,
    )


def _linked_ops(
    item: DesiredIssue, link: LinkedIssue, own: TrackedIssue | None, config: Config,
    repo: str | None,
) -> list[Operation]:
    """An action tracked in the issue its ticket links (``tracking.linked``): the tool's own
    issue, if it made one before, is closed as not planned ("Tracked in #N"), so the action
    has exactly one open issue; in this repository the linked issue gets the label and one
    comment; elsewhere nothing is written."""
    ids: dict[str, Any] = {
        "postmortem": item.postmortem_id, "action": item.action_id, "title": item.title
    }
    where = link.ref.short(repo)
    ops: list[Operation] = []
    if own is not None and own.state == "open" and own.number != link.ref.number:
        ops.append(CloseSuperseded(**ids, issue=own.number, tracked_in=where,
                                   reason=f"{LINKED_REASON} {where} (linked in the document)"))
    if not link.ref.same_repo(repo):
        if not ops:
            ops.append(Noop(**ids, reason=f"{LINKED_REASON} {where} (read only)"))
        return ops
    tracking = config.labels.tracking
    marker = tracking_marker(item.postmortem_id, item.action_id)
    commented = link.labelled_in_place or any(marker in b for b in link.comment_markers)
    comment = config.linked_issues.comment and not commented
    # The label goes on with the comment (or alone when comments are off); a label a
    # person took off an issue already commented on stays off: it is their issue.
    add_label = config.linked_issues.label and tracking not in link.labels and (
        not commented or not config.linked_issues.comment)
    url = item.action_url or item.doc_url
    if add_label or comment:
        ops.append(TrackLinked(
            **ids, issue=link.ref.number, path=item.path, line=item.line,
            doc_url=url if url.startswith(("https://", "http://")) else "", comment=comment,
            add_label=add_label,
            labels=[*link.labels, tracking] if add_label else link.labels,
            reason=f"{LINKED_REASON} {where} (linked in the document)",
        ))
    elif not ops:
        ops.append(Noop(**ids, issue=link.ref.number, reason=f"{LINKED_REASON} {where}"))
    return ops


def _pair_renames(
    leftover_desired: list[DesiredIssue], leftover_issues: list[TrackedIssue]
) -> list[tuple[DesiredIssue, TrackedIssue]]:
    """Reworded actions of one postmortem: similar pairs only, the most similar first.

    Similarity decides; position only breaks a tie (two equally similar candidates: the one
    at the action's old position wins). A leftover that is not similar to any stays
    unpaired: its issue is labelled removed and the new action gets an issue of its own, so
    an unrelated action never takes over another's issue.
    """
    candidates: list[tuple[float, bool, int, int]] = []
    for di, desired in enumerate(leftover_desired):
        for ii, issue in enumerate(leftover_issues):
            ratio = similarity(desired.description, issue.title)
            if ratio >= RENAME_THRESHOLD:
                marker = issue.marker
                moved = marker is None or marker.get("pos") != str(desired.position)
                candidates.append((ratio, moved, di, ii))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2], c[3]))
    used_d: set[int] = set()
    used_i: set[int] = set()
    pairs: list[tuple[DesiredIssue, TrackedIssue]] = []
    for _ratio, _moved, di, ii in candidates:
        if di in used_d or ii in used_i:
            continue
        used_d.add(di)
        used_i.add(ii)
        pairs.append((leftover_desired[di], leftover_issues[ii]))
    return pairs


def _moved_postmortems(
    wanted: dict[tuple[str, str], DesiredIssue],
    kept: dict[tuple[str, str], TrackedIssue],
    scope: Scope,
) -> dict[str, str]:
    """Documents that were renamed: ``{old postmortem id: new postmortem id}``.

    A postmortem without an ``id:`` is known by its file name, so renaming the file changes
    its id. Action ids come from the actions' text, so they survive the rename: a postmortem
    id whose document is gone, whose action ids reappear under one new id that has no issues
    yet, is the same document. Needs every tracked issue in scope (the default globs).
    """
    if not scope.all_tracked:
        return {}
    gone: dict[str, set[str]] = defaultdict(set)
    for pm_id, action_id in kept:
        if pm_id not in scope.postmortems and pm_id not in scope.errored:
            gone[pm_id].add(action_id)
    if not gone:
        return {}
    with_issues = {pm_id for pm_id, _ in kept}
    new: dict[str, set[str]] = defaultdict(set)
    for pm_id, action_id in wanted:
        if pm_id not in with_issues:
            new[pm_id].add(action_id)
    moves: dict[str, str] = {}
    candidates = sorted(
        ((len(old_ids & new_ids), old, new_pm)
         for old, old_ids in gone.items() for new_pm, new_ids in new.items()),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    taken: set[str] = set()
    for overlap, old, new_pm in candidates:
        if old in moves or new_pm in taken:
            continue
        # Most of the smaller side must match: one shared boilerplate action is not enough.
        if overlap >= max(1, (min(len(gone[old]), len(new[new_pm])) + 1) // 2):
            moves[old] = new_pm
            taken.add(new_pm)
    return moves


def plan(
    desired: Sequence[DesiredIssue],
    existing: Iterable[TrackedIssue],
    scope: Scope,
    config: Config,
    linked: dict[tuple[str, str], LinkedIssue] | None = None,
    repo: str | None = None,
) -> Plan:
    """Operations that make GitHub match the documents, in document order.

    Per postmortem, its actions' operations come in document order; removals and duplicate
    closures of in-scope issues follow.
    """
    result = Plan()
    # Desired actions, unique by key (a second action with the same ids is reported, not synced).
    wanted: dict[tuple[str, str], DesiredIssue] = {}
    for item in desired:
        if item.postmortem_id in scope.frozen:
            continue  # reported as a document error; its issues wait until the id is unique
        if item.key in wanted:
            first = wanted[item.key]
            result.problems.append(Located(
                path=item.path, line=item.line,
                message=f"action id '{item.action_id}' of postmortem '{item.postmortem_id}' is "
                f"already used at {first.path}:{first.line}; give one of them its own id "
                "(not synced)",
            ))
            continue
        wanted[item.key] = item

    # Existing issues by key; the oldest is the one we keep, later ones are duplicates.
    by_key: dict[tuple[str, str], list[TrackedIssue]] = defaultdict(list)
    for issue in existing:
        marker = issue.marker
        key = marker.key if marker is not None else None
        if key is None or not scope.may_touch(key[0]):
            continue
        by_key[key].append(issue)
    kept: dict[tuple[str, str], TrackedIssue] = {}
    duplicates: list[Operation] = []
    for key, issues in by_key.items():
        issues.sort(key=lambda i: i.number)
        kept[key] = issues[0]
        if key[0] in scope.errored:
            continue
        for extra in issues[1:]:
            if extra.state == "open":
                duplicates.append(
                    CloseDuplicate(
                        postmortem=key[0], action=key[1], title=extra.title, issue=extra.number,
                        kept=issues[0].number, reason=f"duplicate of #{issues[0].number}",
                        labels=[lb for lb in extra.labels if lb != config.labels.tracking],
                    )
                )

    # Renamed documents: their issues continue under the new postmortem id.
    moved_from: dict[int, str] = {}
    for old_pm, new_pm in _moved_postmortems(wanted, kept, scope).items():
        for key in [k for k in kept if k[0] == old_pm]:
            new_key = (new_pm, key[1])
            if new_key not in kept:
                issue = kept.pop(key)
                kept[new_key] = issue
                moved_from[issue.number] = old_pm

    # Renames: per postmortem, unmatched desired vs unmatched existing.
    unmatched_desired: dict[str, list[DesiredIssue]] = defaultdict(list)
    for key, item in wanted.items():
        if key not in kept:
            unmatched_desired[key[0]].append(item)
    unmatched_issues: dict[str, list[TrackedIssue]] = defaultdict(list)
    for key, issue in kept.items():
        if key not in wanted:
            unmatched_issues[key[0]].append(issue)
    renamed: dict[tuple[str, str], tuple[TrackedIssue, str]] = {}
    renamed_issues: set[int] = set()
    for pm_id, items in unmatched_desired.items():
        if pm_id in unmatched_issues:
            pairs = _pair_renames(items, unmatched_issues[pm_id])
            for item, issue in pairs:
                old = issue.marker.action_id if issue.marker else None
                renamed[item.key] = (issue, old or "?")
                renamed_issues.add(issue.number)

    for key, item in wanted.items():
        ids: dict[str, Any] = {
            "postmortem": item.postmortem_id, "action": item.action_id, "title": item.title
        }
        if linked and key in linked:
            result.operations.extend(_linked_ops(item, linked[key], kept.get(key), config, repo))
        elif key in kept:
            issue = kept[key]
            result.operations.append(
                _rewrite(item, issue, config, moved_from=moved_from.get(issue.number))
            )
        elif key in renamed:
            issue, old_id = renamed[key]
            result.operations.append(_rewrite(
                item, issue, config, renamed_from=old_id, moved_from=moved_from.get(issue.number)
            ))
        elif item.is_done:
            result.operations.append(Noop(**ids, reason="done in the document; nothing to track"))
        else:
            result.operations.append(Create(**ids, desired=item, reason="new action"))

    removed_label = config.labels.removed
    for key, issue in kept.items():
        if key in wanted or issue.number in renamed_issues or not scope.may_remove(key[0]):
            continue
        labelled = removed_label in issue.labels
        close = config.sync.close_removed and issue.state == "open"
        base: dict[str, Any] = {
            "postmortem": key[0], "action": key[1], "title": issue.title, "issue": issue.number
        }
        if labelled and not close:
            result.operations.append(Noop(**base, reason="removed from the document (labelled)"))
            continue
        marker = issue.marker
        result.operations.append(
            MarkRemoved(
                **base,
                path=marker.get("path") if marker else None,
                labels=issue.labels if labelled else [*issue.labels, removed_label],
                comment=not labelled,
                close=close,
                body=with_marker_fields(issue.body, "action", {"closed": REMOVED_CLOSE})
                if close else None,
                reason="removed from the document" + (", closing" if close else ""),
            )
        )
    result.operations.extend(duplicates)
    return result
