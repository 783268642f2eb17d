"""The issue an action gets on GitHub: title, body, labels and assignees, rendered purely
from its :class:`~action_tracker.tracking.desired.DesiredIssue`.

Rendering a body needs one fact from GitHub (which owner logins are assignable); it is
passed in as a plain set, so this stays free of I/O and is only asked for the few actions
that will actually be written (and, in a dry run, for all of them: a template the real run
could not render fails the dry run).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from pydantic import BaseModel, ConfigDict

from action_tracker.render import github_text
from action_tracker.render.templates import render
from action_tracker.runtime.config import Config
from action_tracker.tracking import owners as owner_rule
from action_tracker.tracking.desired import DesiredIssue

_BODY_TEMPLATE = "issue_body.md.j2"


class IssueContent(BaseModel):
    """The fields written to GitHub for one action."""

    model_config = ConfigDict(frozen=True)

    title: str
    body: str
    labels: list[str]
    assignees: list[str]
    owner_source: owner_rule.OwnerSource = "none"  # which rule gave the assignees


def render_issue(
    desired: DesiredIssue,
    config: Config,
    *,
    assignable: Collection[str] | None = None,
    keep_labels: Iterable[str] = (),
) -> IssueContent:
    """Title, body, labels and assignees to write for ``desired``.

    ``assignable`` is the set of owner logins GitHub accepts as assignees (``None``: all of
    them, e.g. in a dry run); the others are named in the body instead. ``keep_labels``
    are labels already on the issue that the tool does not manage (a person's), kept on update.
    """
    assignees, source = owner_rule.choose_assignees(
        desired.owner_logins, desired.owner_source, desired.default_owner, assignable)
    by_default = source in ("default", "author")
    unassigned_logins = [login for login in desired.owner_logins if login not in assignees]
    labels = list(desired.labels)
    for label in keep_labels:
        if label not in labels:
            labels.append(label)
    context = {
        "issue": desired,
        "description": desired.description,
        "details": desired.details,
        "postmortem_title": desired.postmortem_title,
        "postmortem_id": desired.postmortem_id,
        "doc_url": desired.doc_url,
        "action_url": desired.action_url or desired.doc_url,
        "lessons_url": desired.lessons_url,
        # The title already says it: the body repeats the description only when it says
        # more (several lines, links resolved, or cut to fit the title).
        "show_description": "\n" in desired.description.strip()
        or " ".join(desired.description.split()) != desired.title,
        "path": desired.path,
        "line": desired.line,
        "owner": desired.owner,
        "assignees": assignees,
        "owners": [{"kind": "default" if by_default else "assignee", "text": login}
                   for login in assignees]
        + [{"kind": "team", "text": team} for team in desired.owner_teams]
        + [{"kind": "not_assignable", "text": f"@{login}"} for login in unassigned_logins]
        + [{"kind": "name", "text": name} for name in desired.owner_names],
        "due": desired.due.isoformat() if desired.due else None,
        "due_source": desired.due_source,
        "backlog_since": config.backlog.since.isoformat() if config.backlog else None,
        "due_text": desired.due_text,
        "priority": desired.priority,
        "type": desired.type,
        "ticket": desired.ticket,
        "status": desired.status,
        "not_planned": desired.not_planned,
        "lessons": desired.lessons,
    }
    text = render(_BODY_TEMPLATE, context, user_dir=config.templates_dir)
    return IssueContent(
        title=desired.title,
        body=github_text.seal(github_text.defuse_markers(text).rstrip(), desired.marker()),
        labels=labels,
        assignees=assignees,
        owner_source=source,
    )


