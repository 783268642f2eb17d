"""The desired state of each tracked issue, computed purely from the documents and the config.

Sync compares this with what GitHub holds. Identity is ``(postmortem id, action id)``; the
*content hash* covers only the document's own version of an action (description, details,
owner, due as written, priority, type, status, ticket), never the rendered body, so a
template change or a person's edit on GitHub never makes an action look "changed".

Turning a desired issue into the title, body, labels and assignees written to GitHub is
:mod:`action_tracker.render.issue`'s business.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping

from pydantic import BaseModel, ConfigDict, Field

from action_tracker.located import Located
from action_tracker.markers import capped, id_problem, render_marker
from action_tracker.models import ActionItem, ActionStatus, Postmortem
from action_tracker.parsing.fields.vocabulary import ACTION_TYPES, PRIORITY_LEVELS
from action_tracker.parsing.text import resolve_references
from action_tracker.render.links import DocLink
from action_tracker.runtime.config import Config
from action_tracker.tracking import due as due_rule
from action_tracker.tracking import owners as owner_rule

TITLE_LIMIT = 256
LABEL_LIMIT = 50
MAX_ASSIGNEES = 10
LESSONS_IN_BODY = 3
# Keep the pieces of document text we copy bounded, so the body always fits GitHub's limit.
_DESCRIPTION_CAP = 20_000
_DETAILS_CAP = 20_000
_LESSON_CAP = 500



class DesiredIssue(BaseModel):
    """What the tracked issue of one action should look like (before assignability is known)."""

    model_config = ConfigDict(frozen=True)

    postmortem_id: str
    postmortem_title: str
    path: str
    doc_url: str
    # The document at the action's line (``…?plain=1#L114``), and at its lessons section.
    # Neither is in the content hash: a line that moves never makes the issue "changed".
    action_url: str = ""
    lessons_url: str | None = None
    action_id: str
    position: int
    line: int
    description: str
    details: list[str] = Field(default_factory=list)
    status: ActionStatus
    not_planned: bool = False  # done because the document drops it: close as not planned
    title: str
    labels: list[str]
    owner: str | None = None
    owner_logins: list[str] = Field(default_factory=list)
    owner_names: list[str] = Field(default_factory=list)
    # Which rule gave ``owner_logins`` (``login``/``owners``/``none``), and the default owner
    # assigned when none of them can be (open actions only; not in the content hash).
    owner_source: owner_rule.OwnerSource = "none"
    default_owner: tuple[str, owner_rule.OwnerSource] | None = None
    owner_teams: list[str] = Field(default_factory=list)  # ``org/team`` the body mentions
    due: dt.date | None = None
    due_source: due_rule.DueSource = "none"
    due_text: str | None = None
    priority: str | None = None
    type: str | None = None
    ticket: str | None = None
    lessons: list[str] = Field(default_factory=list)
    content_hash: str
    warnings: list[Located] = Field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return (self.postmortem_id, self.action_id)

    @property
    def is_done(self) -> bool:
        return self.status == "done"

    def marker(self) -> str:
        """The hidden marker; ``pm``/``action``/``due``/``owner``/``priority``/``path`` are read
        by the digest, ``hash``/``status``/``pos`` by the next sync."""
        return render_marker(
            "action",
            {
                "pm": self.postmortem_id,
                "action": self.action_id,
                "hash": self.content_hash,
                "due": self.due.isoformat() if self.due else None,
                "owner": capped(self.owner),
                "priority": capped(self.priority),
                "path": capped(self.path),
                "status": self.status,
                "pos": str(self.position),
                # The default owner this body was written with: sync offers it to an open
                # unassigned issue once, and never again once a person unassigns it.
                "default": self.default_owner[0] if self.default_owner else None,
            },
        )


def content_hash(action: ActionItem) -> str:
    """12 hex digits of sha256 over the document's version of the action."""
    due_as_written = action.due.isoformat() if action.due else action.due_text
    payload = json.dumps(
        [
            " ".join(action.description.split()),
            [" ".join(d.split()) for d in action.details],
            action.owner,
            due_as_written,
            action.priority,
            action.type,
            action.status,
            action.ticket,
            # Only when set, so every other action keeps the hash it always had.
            *(["not planned"] if action.not_planned else []),
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]


def issue_title(description: str) -> str:
    """One line of the description, cut to GitHub's 256-character title limit."""
    line = " ".join(description.split()) or "(action without description)"
    if len(line) > TITLE_LIMIT:
        line = line[: TITLE_LIMIT - 1].rstrip() + "…"
    return line


def issue_labels(action: ActionItem, config: Config) -> list[str]:
    """Tracking label plus ``priority:P1``/``type:prevent`` style labels.

    Only the normalised vocabulary (``P0``…``P4``, the parser's action types) becomes a
    label: GitHub creates any label an issue names, so a free-text ``type:`` would let a
    document invent repository labels (``type:approved-by-security``). Other values are
    still shown in the issue body."""
    labels = [config.labels.tracking]
    for prefix, value in (
        (config.labels.priority_prefix, action.priority if action.priority in PRIORITY_LEVELS
         else None),
        (config.labels.type_prefix, action.type if action.type in ACTION_TYPES else None),
    ):
        if not value:
            continue
        name = f"{prefix}{' '.join(value.split())}"
        # GitHub caps names at 50; a comma would split the name in a label filter.
        if len(name) <= LABEL_LIMIT and "," not in name and name not in labels:
            labels.append(name)
    return labels


def _normalised_key(text: str) -> str:
    return " ".join(text.split())


def desired_for_postmortem(
    pm: Postmortem, config: Config, link: DocLink, author: str | None = None
) -> list[DesiredIssue]:
    """Desired issues for every action of one postmortem, in document order.

    ``author`` is the GitHub login of whoever added the document (read by the caller when
    ``default_owner: author`` and an open action's owner resolves to nobody)."""
    doc_url = link.url(pm.path)
    lessons_url = link.url(pm.path, pm.lessons_line) if not pm.lessons.is_empty() else None
    pm_title = _normalised_key(pm.title or "") or pm.id
    lessons = [
        lesson[:_LESSON_CAP] for lesson in pm.lessons.went_wrong[:LESSONS_IN_BODY] if lesson.strip()
    ]
    out: list[DesiredIssue] = []
    if id_problem("postmortem", pm.id):  # reported by the parser; never written
        return out
    if due_rule.skipped(pm, config):  # backlog, mode skip: validated, never filed
        return out
    for position, action in enumerate(pm.actions, start=1):
        if id_problem("action", action.id):
            continue
        due, due_source = due_rule.effective_due(action, pm, config)
        source: owner_rule.OwnerSource = "none"
        if config.sync.assign_owners:
            logins, names, source = owner_rule.resolve_owners_with_source(
                action.owner, config.owners)
        else:  # the owner is only named, as written
            written = (action.owner or "").strip()
            logins, names = [], [written] if written else []
        default = default_owner(config, author) if action.status != "done" else None
        warnings: list[Located] = []
        if names and config.sync.assign_owners and not (default and not logins):
            warnings.append(Located(
                path=pm.path, line=action.line,
                message=f"owner '{', '.join(names)}' is not a GitHub login (@login) nor listed "
                "under 'owners:' in the config; named in the issue body",
            ))
        no_due = due_rule.missing_due(action, pm) if action.status != "done" else None
        if no_due:
            # Filed without a due date, the action is never overdue: say so when it is written.
            warnings.append(Located(
                path=pm.path, line=action.line,
                message=f"{no_due} (add 'date:' to the front matter or a due date to the action)",
            ))
        if len(logins) > MAX_ASSIGNEES:
            # GitHub takes at most 10 assignees; the others are still named, never dropped.
            extra = [f"@{login}" for login in logins[MAX_ASSIGNEES:]]
            logins, names = logins[:MAX_ASSIGNEES], [*names, *extra]
            warnings.append(Located(
                path=pm.path, line=action.line,
                message=f"{MAX_ASSIGNEES + len(extra)} owners but GitHub assigns at most "
                f"{MAX_ASSIGNEES}; {', '.join(extra)} named in the issue body",
            ))
        out.append(
            DesiredIssue(
                postmortem_id=pm.id,
                postmortem_title=pm_title,
                path=pm.path,
                doc_url=doc_url,
                action_url=link.url(pm.path, action.line),
                lessons_url=lessons_url,
                action_id=action.id,
                position=position,
                line=action.line,
                # Reference links resolved for the body only: the hash keeps the source.
                description=resolve_references(action.description, pm.references)[
                    :_DESCRIPTION_CAP],
                details=_capped([resolve_references(d, pm.references) for d in action.details],
                                _DETAILS_CAP),
                status=action.status,
                not_planned=action.not_planned,
                title=issue_title(action.description),
                labels=issue_labels(action, config),
                owner=action.owner,
                owner_logins=logins,
                owner_names=names,
                owner_source=source,
                default_owner=default,
                owner_teams=owner_rule.mentioned_teams(action.owner, config.owners)
                if config.sync.assign_owners else [],
                due=due,
                due_source=due_source,
                due_text=action.due_text,
                priority=action.priority,
                type=action.type,
                ticket=action.ticket,
                lessons=lessons,
                content_hash=content_hash(action),
                warnings=warnings,
            )
        )
    return out


def default_owner(
    config: Config, author: str | None
) -> tuple[str, owner_rule.OwnerSource] | None:
    """The default owner of an open action under this config (:func:`owners.default_for`)."""
    return owner_rule.default_for(
        config.default_owner if config.sync.assign_owners else None, author)


def needs_author(pm: Postmortem, config: Config) -> bool:
    """Whether ``pm`` has an open action whose owner resolves to no login, so that
    ``default_owner: author`` needs the document's author (one request, only then)."""
    if config.default_owner != "author" or not config.sync.assign_owners:
        return False
    return any(
        action.status != "done" and not owner_rule.resolve_owners(action.owner, config.owners)[0]
        for action in pm.actions
    )


def build_desired(
    postmortems: Iterable[Postmortem], config: Config, link: DocLink,
    authors: Mapping[str, str | None] | None = None,
) -> list[DesiredIssue]:
    """Desired issues of all postmortems, in the order the documents were given.

    ``authors`` maps a document's path to its author's login (``default_owner: author``)."""
    out: list[DesiredIssue] = []
    for pm in postmortems:
        out.extend(desired_for_postmortem(pm, config, link, (authors or {}).get(pm.path)))
    return out


def _capped(items: list[str], budget: int) -> list[str]:
    out: list[str] = []
    for item in items:
        if budget <= 0:
            out.append("…")
            break
        out.append(item[:budget])
        budget -= len(item)
    return out
