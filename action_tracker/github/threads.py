"""The open tracked issues *with their recent comments*, in one paginated GraphQL query.

Why GraphQL and not REST: ``remind`` must know, for every open tracked issue, whether this
period's reminder was already posted (a hidden marker in a comment of the tool) and whether
a person snoozed it (``/snooze 2w``). Over REST that is one ``GET …/comments`` per issue;
here one query per hundred open issues returns the issues *and* their last
:data:`COMMENTS` comments, so reading what was sent costs ⌈open tracked / 100⌉ requests.

Bots: GraphQL names a bot ``github-actions`` where REST says ``github-actions[bot]``; an
author whose ``__typename`` is ``Bot`` gets the ``[bot]`` suffix back here, so
``github.store.is_trusted`` compares one spelling.

Parsing is pure (:func:`page_from_graphql`); :func:`read_threads` only loops over pages
through a store that can post a GraphQL query.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

from action_tracker.errors import GitHubError
from action_tracker.github.store import TrackedIssue, is_trusted
from action_tracker.markers import find_marker

PAGE = 100  # issues per query: GraphQL's maximum for first:
COMMENTS = 50  # the most recent comments read with each issue
ASSIGNEES = 10
LABELS = 50

_AUTHOR = "author { __typename login }"
THREADS_QUERY = (
    "query($owner: String!, $name: String!, $label: String!, $cursor: String) { "
    "repository(owner: $owner, name: $name) { "
    f"issues(first: {PAGE}, after: $cursor, states: OPEN, labels: [$label], "
    "orderBy: {field: CREATED_AT, direction: ASC}) { "
    "pageInfo { hasNextPage endCursor } "
    f"nodes {{ number title body url {_AUTHOR} "
    f"assignees(first: {ASSIGNEES}) {{ nodes {{ login }} }} "
    f"labels(first: {LABELS}) {{ nodes {{ name }} }} createdAt updatedAt "
    f"comments(last: {COMMENTS}) {{ nodes {{ {_AUTHOR} authorAssociation body createdAt }} }} "
    "} } } }"
)


class RecentComment(BaseModel):
    """One of an issue's latest comments: who wrote it, in what role, what it says."""

    model_config = ConfigDict(frozen=True)

    author: str | None = None
    # OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, FIRST_TIME_CONTRIBUTOR, FIRST_TIMER,
    # MANNEQUIN or NONE: the comment author's relation to the repository, as GitHub says.
    association: str = "NONE"
    body: str = ""
    created_at: dt.datetime


class IssueThread(BaseModel):
    """An open tracked issue and its most recent comments (oldest first)."""

    model_config = ConfigDict(frozen=True)

    issue: TrackedIssue
    comments: list[RecentComment] = Field(default_factory=list)


class _GraphQLStore(Protocol):
    def graphql(self, query: str, variables: dict[str, Any], action: str) -> dict[str, Any]:
        ...


def read_threads(store: _GraphQLStore, repo: str, label: str) -> list[IssueThread]:
    """Every open issue of ``repo`` labelled ``label``, with its recent comments: one
    GraphQL request per :data:`PAGE` issues, following GitHub's cursors."""
    owner, _, name = repo.partition("/")
    threads: list[IssueThread] = []
    cursor: str | None = None
    while True:
        data = store.graphql(
            THREADS_QUERY, {"owner": owner, "name": name, "label": label, "cursor": cursor},
            f"read the open issues labelled '{label}' and their comments",
        )
        page, cursor = page_from_graphql(data, repo)
        threads.extend(page)
        if cursor is None:
            return threads


def page_from_graphql(data: dict[str, Any], repo: str) -> tuple[list[IssueThread], str | None]:
    """One page's threads, and the cursor of the next page (``None`` on the last)."""
    repository = (data.get("data") or {}).get("repository")
    if not isinstance(repository, dict):
        messages = "; ".join(str(e.get("message")) for e in data.get("errors") or []
                             if isinstance(e, dict))
        raise GitHubError(f"read open tracked issues of {repo}: GitHub's GraphQL answer has no "
                          f"repository ({messages or 'no message'})", exit_code=1)
    connection = repository.get("issues") or {}
    threads = [_thread(node, repo) for node in connection.get("nodes") or [] if node]
    info = connection.get("pageInfo") or {}
    more = bool(info.get("hasNextPage")) and bool(info.get("endCursor"))
    return threads, str(info["endCursor"]) if more else None


def author_login(node: Any) -> str | None:
    """The login of an ``author { __typename login }``, bots spelled as REST spells them."""
    if not isinstance(node, dict) or not node.get("login"):
        return None  # a deleted account ("ghost") comes back null
    login = str(node["login"])
    if node.get("__typename") == "Bot" and not login.endswith("[bot]"):
        login += "[bot]"
    return login


def _names(node: dict[str, Any], key: str, field: str) -> list[str]:
    block = node.get(key) or {}
    return [str(n[field]) for n in block.get("nodes") or [] if n and n.get(field)]


def _time(value: Any) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed.astimezone(dt.UTC) if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _thread(node: dict[str, Any], repo: str) -> IssueThread:
    created = _time(node.get("createdAt"))
    issue = TrackedIssue(
        number=int(node["number"]),
        title=str(node.get("title") or ""),
        body=str(node.get("body") or ""),
        state="open",
        html_url=str(node.get("url") or ""),
        labels=_names(node, "labels", "name"),
        assignees=_names(node, "assignees", "login"),
        author=author_login(node.get("author")),
        created_at=created,
        updated_at=_time(node.get("updatedAt") or node.get("createdAt")),
    )
    comments = [
        RecentComment(
            author=author_login(c.get("author")),
            association=str(c.get("authorAssociation") or "NONE"),
            body=str(c.get("body") or ""),
            created_at=_time(c.get("createdAt")),
        )
        for c in (node.get("comments") or {}).get("nodes") or [] if c
    ]
    return IssueThread(issue=issue, comments=comments)


DIGEST_QUERY = (
    "query($owner: String!, $name: String!, $label: String!) { "
    "repository(owner: $owner, name: $name) { "
    "issues(first: 10, labels: [$label], orderBy: {field: CREATED_AT, direction: DESC}) { "
    f"pageInfo {{ hasNextPage endCursor }} nodes {{ number title body url {_AUTHOR} "
    "createdAt updatedAt } } } }"
)


def find_digest(
    store: _GraphQLStore, repo: str, label: str, period: str, trusted: frozenset[str],
) -> str | None:
    """The URL of the digest issue of ``period`` (``2026-W50``), when there is one: the most
    recent issues labelled ``label`` (one request), the first whose digest marker names the
    period and whose author the tool trusts."""
    owner, _, name = repo.partition("/")
    data = store.graphql(DIGEST_QUERY, {"owner": owner, "name": name, "label": label},
                         f"find the digest issue labelled '{label}'")
    threads, _ = page_from_graphql(data, repo)
    for thread in threads:
        marker = find_marker(thread.issue.body, "digest")
        if (marker is not None and marker.get("period") == period
                and is_trusted(thread.issue.author, trusted)):
            return thread.issue.html_url
    return None
