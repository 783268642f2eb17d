"""Actions whose ticket is a GitHub issue or pull request: tracked in that issue, in place.

The rules (README, "Linked issues") in one place:

- a ticket counts when it is ``#123``, ``GH-123``, ``owner/repo#123`` or
  ``https://HOST/owner/repo/issues/123`` (or ``/pull/123``), HOST being github.com or the
  server of ``GITHUB_SERVER_URL``/``GITHUB_API_URL``; a ticket that names several links
  counts by its **first** GitHub link only (the others stay text in the document), so one
  action has at most one linked issue and never two open issues;
- a readable link in the run's own repository gets the tracking label and one comment (found
  again by a hidden marker, so it is posted once), unless ``linked_issues:`` turns them
  off; its title, body, state and assignees are a person's and never written;
- a readable link elsewhere is read only;
- an unreadable link (not found, no access, another host) is warned about and the action is
  filed as an ordinary tracked issue (the body keeps the ticket).

State: closed as completed or a merged pull request is done, closed as not planned (or a PR
closed unmerged) is dropped, open is open.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field

from action_tracker.github.store import TrackedIssue
from action_tracker.markers import find_marker, render_marker

_SHORT_RE = re.compile(
    r"(?<![\w/#])(?:(?P<owner>[A-Za-z0-9][A-Za-z0-9-]{0,38})/(?P<name>[A-Za-z0-9._-]{1,100}))?"
    r"#(?P<number>[0-9]{1,9})\b"
)
_GH_RE = re.compile(r"(?<![\w-])GH-(?P<number>[0-9]{1,9})\b")
_URL_RE = re.compile(
    r"https?://(?P<host>[A-Za-z0-9.-]+(?::[0-9]+)?)/(?P<owner>[A-Za-z0-9][A-Za-z0-9-]{0,38})/"
    r"(?P<name>[A-Za-z0-9._-]{1,100})/(?:issues|pull)/(?P<number>[0-9]{1,9})\b"
)

LinkedState = Literal["open", "done", "dropped"]


class IssueRef(BaseModel):
    """One GitHub issue or pull request a document links: ``repo`` is ``owner/name``."""

    model_config = ConfigDict(frozen=True)

    repo: str
    number: int
    text: str  # the link as written (for warnings and the issue body)

    def short(self, home: str | None) -> str:
        """``#12`` in the run's own repository, ``owner/repo#12`` elsewhere."""
        return f"#{self.number}" if self.same_repo(home) else f"{self.repo}#{self.number}"

    def same_repo(self, home: str | None) -> bool:
        return home is not None and self.repo.lower() == home.lower()


class LinkedIssue(BaseModel):
    """What a linked issue or pull request says, as read from GitHub."""

    model_config = ConfigDict(frozen=True)

    ref: IssueRef
    html_url: str
    is_pull: bool = False
    state: Literal["open", "closed"] = "open"
    state_reason: str | None = None
    merged: bool = False
    assignees: list[str] = Field(default_factory=list)
    labels: list[str] = Field(default_factory=list)
    comment_markers: list[str] = Field(default_factory=list)  # hidden markers found
    created_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    # Read from the tracked-issue listing: it carries the tracking label, which sync adds
    # only after its comment, so the comment is there (no GraphQL read needed for it).
    labelled_in_place: bool = False

    @property
    def status(self) -> LinkedState:
        if self.state == "open":
            return "open"
        if self.is_pull:
            return "done" if self.merged else "dropped"
        return "dropped" if self.state_reason == "not_planned" else "done"


def _hosts(server_url: str, api_url: str) -> set[str]:
    hosts = {"github.com"}
    for url in (server_url, api_url):
        host = urlsplit(url).netloc.lower()
        if host:
            hosts.add(host)
            if host.startswith("api."):
                hosts.add(host[4:])
    return hosts


def find_link(
    ticket: str | None, repo: str | None, *, server_url: str = "https://github.com",
    api_url: str = "https://api.github.com",
) -> IssueRef | None:
    """The first GitHub issue/PR link in ``ticket`` (``None``: no link, or a link to another
    host). ``#123`` needs ``repo`` (the run's repository)."""
    if not ticket:
        return None
    hosts = _hosts(server_url, api_url)
    found: list[tuple[int, IssueRef | None]] = []
    for url in _URL_RE.finditer(ticket):
        ok = url["host"].lower() in hosts
        ref = IssueRef(repo=f"{url['owner']}/{url['name']}", number=int(url["number"]),
                       text=url.group(0)) if ok else None
        found.append((url.start(), ref))
    spans = [url.span() for url in _URL_RE.finditer(ticket)]
    for short in _SHORT_RE.finditer(ticket):
        if any(start <= short.start() < end for start, end in spans):
            continue
        owner, name = short["owner"], short["name"]
        full = f"{owner}/{name}" if owner and name else repo
        if full is None:
            continue
        found.append((short.start(), IssueRef(repo=full, number=int(short["number"]),
                                              text=short.group(0))))
    if repo is not None:
        found.extend((gh.start(), IssueRef(repo=repo, number=int(gh["number"]),
                                           text=gh.group(0)))
                     for gh in _GH_RE.finditer(ticket)
                     if not any(start <= gh.start() < end for start, end in spans))
    if not found:
        return None
    found.sort(key=lambda f: f[0])
    return found[0][1]


def unreadable_link(ticket: str | None, repo: str | None, *, server_url: str,
                    api_url: str) -> str | None:
    """A GitHub-style issue URL on a host that is not GitHub's: the link text, for a warning."""
    if not ticket:
        return None
    url = _URL_RE.search(ticket)
    if url and find_link(ticket, repo, server_url=server_url, api_url=api_url) is None:
        return url.group(0)
    return None


LINKED_FIELDS = (
    "__typename number url state createdAt closedAt assignees(first: 10) { nodes { login } } "
    "labels(first: 100) { nodes { name } } comments(last: 100) { nodes { body } }"
)
BATCH = 50  # issues per GraphQL query (the cost budget: one request per 50 linked issues)


def linked_query(numbers: list[int]) -> str:
    """One GraphQL query for up to :data:`BATCH` issues or pull requests of one repository,
    one alias each (``i123``); a number that does not exist comes back ``null`` with a
    ``NOT_FOUND`` error, and the others still answer."""
    aliases = " ".join(
        f"i{n}: issueOrPullRequest(number: {n}) {{ ... on Issue {{ {LINKED_FIELDS} stateReason }}"
        f" ... on PullRequest {{ {LINKED_FIELDS} merged }} }}"
        for n in numbers
    )
    return (
        "query($owner: String!, $name: String!) "
        f"{{ repository(owner: $owner, name: $name) {{ {aliases} }} }}"
    )


def from_graphql(ref: IssueRef, node: object) -> LinkedIssue | None:
    """The :class:`LinkedIssue` of one alias's answer (``None``: not found)."""
    if not isinstance(node, dict) or "number" not in node:
        return None

    def names(key: str, field: str) -> list[str]:
        block = node.get(key) or {}
        return [str(n[field]) for n in block.get("nodes") or [] if n and n.get(field)]

    state = str(node.get("state") or "OPEN").upper()
    reason = node.get("stateReason")
    bodies = names("comments", "body")
    return LinkedIssue(
        ref=ref, html_url=str(node.get("url") or ""),
        is_pull=node.get("__typename") == "PullRequest",
        state="open" if state == "OPEN" else "closed",
        state_reason=str(reason).lower() if reason else None,
        merged=bool(node.get("merged")) or state == "MERGED",
        assignees=names("assignees", "login"), labels=names("labels", "name"),
        comment_markers=[b for b in bodies if "action-tracker:linked" in b],
        created_at=_time(node.get("createdAt")), closed_at=_time(node.get("closedAt")),
    )


def from_listing(ref: IssueRef, issue: TrackedIssue) -> LinkedIssue:
    """A linked issue of this repository that the tracked-issue listing already returned
    (it carries the tracking label): everything the plan and the digest need, no request."""
    return LinkedIssue(
        ref=ref, html_url=issue.html_url, state=issue.state, state_reason=issue.state_reason,
        assignees=list(issue.assignees), labels=list(issue.labels),
        created_at=issue.created_at, closed_at=issue.closed_at, labelled_in_place=True,
    )


def _time(value: object) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def split_listed(
    refs: dict[tuple[str, str], IssueRef], listed: list[TrackedIssue], repo: str | None
) -> tuple[dict[IssueRef, LinkedIssue], list[IssueRef], set[tuple[str, str]]]:
    """The links the tracked-issue listing answers (this repository's issues that carry the
    tracking label and no marker of the tool), the ones left to read by GraphQL (a no-op
    re-sync reads a labelled linked issue at no extra cost), and the actions whose ticket
    is the very issue the tool opened for them (someone wrote its number into the document
    after sync filed it): those are no links, their issue stays the tool's."""
    plain = {i.number: i for i in listed if find_marker(i.body, "action") is None}
    own = {(i.number, m.key) for i in listed if (m := find_marker(i.body, "action"))}
    found: dict[IssueRef, LinkedIssue] = {}
    rest: list[IssueRef] = []
    self_links: set[tuple[str, str]] = set()
    for key, ref in refs.items():
        same = ref.same_repo(repo)
        if same and (ref.number, key) in own:
            self_links.add(key)
            continue
        issue = plain.get(ref.number) if same else None
        if issue is not None:
            found[ref] = from_listing(ref, issue)
        elif ref not in rest:
            rest.append(ref)
    return found, rest, self_links


def tracking_marker(postmortem_id: str, action_id: str) -> str:
    """The hidden marker of the one "tracked as a follow-up" comment on a linked issue."""
    return render_marker("linked", {"pm": postmortem_id, "action": action_id})
