"""The fake's repository state and the JSON payloads built from it.

Payload shapes are copied from the recorded responses in ``/work/shared/github-fixtures``
(issue keys as of 2025, label and comment objects, the repository object), with every API URL
built from the fake's own base URL: PyGithub follows ``url`` fields and ``Link`` headers and
asserts they point at the host it was configured with (github-facts §0.2).
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

DEFAULT_LABELS: tuple[tuple[str, str, str], ...] = (
    ("bug", "d73a4a", "Something isn't working"),
    ("documentation", "0075ca", "Improvements or additions to documentation"),
    ("duplicate", "cfd3d7", "This issue or pull request already exists"),
    ("enhancement", "a2eeef", "New feature or request"),
    ("good first issue", "7057ff", "Good for newcomers"),
    ("help wanted", "008672", "Extra attention is needed"),
    ("invalid", "e4e669", "This doesn't seem right"),
    ("question", "d876e3", "Further information is requested"),
    ("wontfix", "ffffff", "This will not be worked on"),
)


def iso(value: dt.datetime | None) -> str | None:
    """GitHub's timestamp format: UTC, seconds, trailing ``Z``."""
    if value is None:
        return None
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def node_id(prefix: str, number: int) -> str:
    return prefix + base64.b64encode(number.to_bytes(8, "big")).decode().rstrip("=")


@dataclass
class Label:
    id: int
    name: str
    color: str
    description: str | None = None
    default: bool = False


@dataclass
class Comment:
    id: int
    issue_number: int
    body: str
    user: str
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass
class Issue:
    """An issue or (``is_pull``) a pull request: they share one number sequence, as on GitHub."""

    id: int
    number: int
    title: str
    body: str | None
    user: str
    created_at: dt.datetime
    updated_at: dt.datetime
    labels: list[str] = field(default_factory=list)
    assignees: list[str] = field(default_factory=list)
    state: str = "open"
    state_reason: str | None = None
    closed_at: dt.datetime | None = None
    closed_by: str | None = None
    is_pull: bool = False
    merged: bool = False  # a pull request closed by merging (its issue view says closed)
    locked: bool = False
    comment_count: int = 0
    # Listing requests numbered <= this value do not see the issue (eventual consistency).
    hidden_until_listing: int = 0
    # Sub-issues: the parent as (lower-cased repository full name, number), and the
    # children in the order they were added (a child may live in another repository of
    # the same owner).
    parent: tuple[str, int] | None = None
    children: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Repo:
    id: int
    owner: str
    name: str
    has_issues: bool = True
    private: bool = False
    labels: dict[str, Label] = field(default_factory=dict)  # key: lower-cased name
    issues: dict[int, Issue] = field(default_factory=dict)
    comments: dict[int, Comment] = field(default_factory=dict)
    assignable: set[str] = field(default_factory=set)  # lower-cased logins
    # lower-cased login -> GraphQL authorAssociation (MEMBER, CONTRIBUTOR…) where the
    # default (OWNER for the owner, COLLABORATOR for the assignable, else NONE) is not it
    associations: dict[str, str] = field(default_factory=dict)
    next_number: int = 1

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    def label(self, name: str) -> Label | None:
        return self.labels.get(name.lower())


class Payloads:
    """Builds GitHub-shaped JSON from state, with URLs rooted at the fake.

    ``repos`` (the fake's repositories by lower-cased full name) lets an issue payload say
    how many of its sub-issues are closed; ``sub_issues=False`` is an older GitHub
    Enterprise Server: no ``sub_issues_summary`` nor ``parent_issue_url`` keys at all.
    """

    def __init__(self, api_url: str, server_url: str,
                 repos: dict[str, Repo] | None = None) -> None:
        self.api = api_url
        self.web = server_url
        self.repos: dict[str, Repo] = repos if repos is not None else {}
        self.sub_issues = True
        # False: payloads without ``parent_issue_url`` (as GitHub's recorded in 2025), with
        # ``sub_issues_summary`` still there.
        self.parent_urls = True

    def child_issue(self, key: tuple[str, int]) -> Issue | None:
        repo = self.repos.get(key[0])
        return repo.issues.get(key[1]) if repo is not None else None

    def summary(self, issue: Issue) -> dict[str, int]:
        """``sub_issues_summary``: closed sub-issues count as completed (any reason)."""
        children = [c for key in issue.children if (c := self.child_issue(key)) is not None]
        total = len(children)
        completed = sum(1 for c in children if c.state == "closed")
        return {"total": total, "completed": completed,
                "percent_completed": completed * 100 // total if total else 0}

    def user(self, login: str) -> dict[str, Any]:
        uid = _stable_id(login)
        api = f"{self.api}/users/{login}"
        return {
            "login": login,
            "id": uid,
            "node_id": node_id("U_", uid),
            "avatar_url": f"https://avatars.githubusercontent.com/u/{uid}?v=4",
            "gravatar_id": "",
            "url": api,
            "html_url": f"{self.web}/{login}",
            "followers_url": f"{api}/followers",
            "following_url": f"{api}/following{{/other_user}}",
            "gists_url": f"{api}/gists{{/gist_id}}",
            "starred_url": f"{api}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{api}/subscriptions",
            "organizations_url": f"{api}/orgs",
            "repos_url": f"{api}/repos",
            "events_url": f"{api}/events{{/privacy}}",
            "received_events_url": f"{api}/received_events",
            "type": "Bot" if login.endswith("[bot]") else "User",
            "user_view_type": "public",
            "site_admin": False,
        }

    def repo_url(self, repo: Repo) -> str:
        return f"{self.api}/repos/{repo.full_name}"

    def repo(self, repo: Repo) -> dict[str, Any]:
        url = self.repo_url(repo)
        html = f"{self.web}/{repo.full_name}"
        return {
            "id": repo.id,
            "node_id": node_id("R_", repo.id),
            "name": repo.name,
            "full_name": repo.full_name,
            "private": repo.private,
            "owner": self.user(repo.owner),
            "html_url": html,
            "description": None,
            "fork": False,
            "url": url,
            "assignees_url": f"{url}/assignees{{/user}}",
            "comments_url": f"{url}/comments{{/number}}",
            "issue_comment_url": f"{url}/issues/comments{{/number}}",
            "issue_events_url": f"{url}/issues/events{{/number}}",
            "issues_url": f"{url}/issues{{/number}}",
            "labels_url": f"{url}/labels{{/name}}",
            "pulls_url": f"{url}/pulls{{/number}}",
            "milestones_url": f"{url}/milestones{{/number}}",
            "events_url": f"{url}/events",
            "created_at": "2024-01-02T03:04:05Z",
            "updated_at": "2025-08-16T12:27:28Z",
            "pushed_at": "2025-08-15T13:49:06Z",
            "git_url": f"git://{self.web.split('://', 1)[-1]}/{repo.full_name}.git",
            "clone_url": f"{html}.git",
            "has_issues": repo.has_issues,
            "has_projects": True,
            "has_wiki": False,
            "has_discussions": False,
            "archived": False,
            "disabled": False,
            "open_issues_count": sum(1 for i in repo.issues.values() if i.state == "open"),
            "visibility": "private" if repo.private else "public",
            "default_branch": "main",
            "permissions": {
                "admin": False,
                "maintain": False,
                "push": True,
                "triage": True,
                "pull": True,
            },
        }

    def label(self, repo: Repo, label: Label) -> dict[str, Any]:
        from urllib.parse import quote

        return {
            "id": label.id,
            "node_id": node_id("LA_", label.id),
            "url": f"{self.repo_url(repo)}/labels/{quote(label.name)}",
            "name": label.name,
            "color": label.color,
            "default": label.default,
            "description": label.description,
        }

    def issue(self, repo: Repo, issue: Issue, *, listed: bool = False) -> dict[str, Any]:
        """The issue as a single-issue request returns it; ``listed``: as an item of the
        issue list, where GitHub leaves ``closed_by`` null even on closed issues (only
        ``GET /issues/{n}`` and the write responses name who closed it)."""
        repo_url = self.repo_url(repo)
        url = f"{repo_url}/issues/{issue.number}"
        kind = "pull" if issue.is_pull else "issues"
        labels = [repo.labels[name.lower()] for name in issue.labels if name.lower() in repo.labels]
        assignees = [self.user(login) for login in issue.assignees]
        payload: dict[str, Any] = {
            "url": url,
            "repository_url": repo_url,
            "labels_url": f"{url}/labels{{/name}}",
            "comments_url": f"{url}/comments",
            "events_url": f"{url}/events",
            "html_url": f"{self.web}/{repo.full_name}/{kind}/{issue.number}",
            "id": issue.id,
            "node_id": node_id("PR_" if issue.is_pull else "I_", issue.id),
            "number": issue.number,
            "title": issue.title,
            "user": self.user(issue.user),
            "labels": [self.label(repo, label) for label in labels],
            "state": issue.state,
            "locked": issue.locked,
            "assignee": assignees[0] if assignees else None,
            "assignees": assignees,
            "milestone": None,
            "comments": issue.comment_count,
            "created_at": iso(issue.created_at),
            "updated_at": iso(issue.updated_at),
            "closed_at": iso(issue.closed_at),
            "author_association": "MEMBER" if issue.user == repo.owner else "CONTRIBUTOR",
            "type": None,
            "active_lock_reason": None,
            "sub_issues_summary": self.summary(issue),
            "issue_dependencies_summary": {
                "blocked_by": 0,
                "total_blocked_by": 0,
                "blocking": 0,
                "total_blocking": 0,
            },
            "body": issue.body,
            "closed_by": (
                self.user(issue.closed_by) if issue.closed_by and not listed else None
            ),
            "reactions": _reactions(f"{url}/reactions"),
            "timeline_url": f"{url}/timeline",
            "performed_via_github_app": None,
            "state_reason": issue.state_reason,
        }
        if issue.parent is not None:
            parent_repo = self.repos.get(issue.parent[0])
            name = parent_repo.full_name if parent_repo else issue.parent[0]
            payload["parent_issue_url"] = f"{self.api}/repos/{name}/issues/{issue.parent[1]}"
        else:
            payload["parent_issue_url"] = None
        if not self.sub_issues:
            del payload["sub_issues_summary"], payload["parent_issue_url"]
        elif not self.parent_urls:
            del payload["parent_issue_url"]
        if issue.is_pull:
            pull = f"{self.web}/{repo.full_name}/pull/{issue.number}"
            payload["draft"] = False
            payload["pull_request"] = {
                "url": f"{repo_url}/pulls/{issue.number}",
                "html_url": pull,
                "diff_url": f"{pull}.diff",
                "patch_url": f"{pull}.patch",
                "merged_at": iso(issue.closed_at) if issue.merged else None,
            }
        return payload

    def comment(self, repo: Repo, comment: Comment) -> dict[str, Any]:
        repo_url = self.repo_url(repo)
        url = f"{repo_url}/issues/comments/{comment.id}"
        return {
            "url": url,
            "html_url": (
                f"{self.web}/{repo.full_name}/issues/{comment.issue_number}"
                f"#issuecomment-{comment.id}"
            ),
            "issue_url": f"{repo_url}/issues/{comment.issue_number}",
            "id": comment.id,
            "node_id": node_id("IC_", comment.id),
            "user": self.user(comment.user),
            "created_at": iso(comment.created_at),
            "updated_at": iso(comment.updated_at),
            "author_association": "MEMBER" if comment.user == repo.owner else "CONTRIBUTOR",
            "body": comment.body,
            "reactions": _reactions(f"{url}/reactions"),
            "performed_via_github_app": None,
        }


def _reactions(url: str) -> dict[str, Any]:
    counts = dict.fromkeys(
        ("+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes"), 0
    )
    return {"url": url, "total_count": 0, **counts}


def _stable_id(login: str) -> int:
    """A user id that does not change between runs (no ``hash()`` randomisation)."""
    value = 0
    for char in login.lower():
        value = (value * 131 + ord(char)) % 90_000_000
    return 10_000_000 + value
