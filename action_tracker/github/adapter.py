"""The :class:`IssueStore` over PyGithub: every GitHub request the tool makes goes through here.

Requests go through PyGithub's ``Requester`` (auth, GHES base URL, retry policy, throttling,
exception types) on plain JSON rather than PyGithub's lazy objects: with ``lazy=True`` a listed
``Issue`` completes itself with one extra GET the moment code reads a key the listing did not
carry (``issue.pull_request`` on a plain issue, ``issue.raw_data`` on any), which would turn a
3-request listing of 250 issues into 253 requests. Working on the JSON keeps the request count
exactly what the code says: one GET per hundred issues, one request per write.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote, urlsplit

import requests
from github import Github, GithubException
from github.Requester import Requester
from pydantic import BaseModel, ConfigDict

from action_tracker.errors import AuthError, GitHubError
from action_tracker.github.client import (
    FatalGitHubError,
    GitHubAuthError,
    ItemError,
    RateLimitError,
    RequestStats,
    WriteOutcomeUnknown,
    build_github,
    translate,
)
from action_tracker.github.store import (
    IssueStore,
    TrackedIssue,
    is_trusted,
    split_trusted,
    untrusted_warning,
)
from action_tracker.markers import find_markers
from action_tracker.runtime.config import Config
from action_tracker.runtime.environment import RunEnvironment
from action_tracker.runtime.log import mask, mask_data
from action_tracker.tracking import linked
from action_tracker.tracking.linked import IssueRef, LinkedIssue

__all__ = [
    "FatalGitHubError",
    "GitHubAuthError",
    "GitHubIssueStore",
    "IssueComment",
    "ItemError",
    "RateLimitError",
    "RequestStats",
    "WriteOutcomeUnknown",
    "open_issue_store",
]

_NEXT_LINK = re.compile(r'<([^>]+)>;\s*rel="next"')
MAX_LABEL_DESCRIPTION = 100


class IssueComment(BaseModel):
    """A comment as the PR preview and digest need it."""

    model_config = ConfigDict(frozen=True)

    id: int
    body: str
    author: str | None = None
    html_url: str = ""
    created_at: dt.datetime
    updated_at: dt.datetime


class GitHubIssueStore:
    """Issue operations on one repository; one HTTP request each (listing: one per page)."""

    def __init__(
        self,
        github: Github,
        repo: str,
        *,
        stats: RequestStats | None = None,
        trusted_authors: Sequence[str] = (),
    ) -> None:
        owner, _, name = repo.partition("/")
        self._gh = github
        self._requester: Requester = github.requester
        self.repo = repo
        self.stats = stats or RequestStats()
        self._path = f"/repos/{quote(owner, safe='')}/{quote(name, safe='')}"
        self._assignable: dict[str, bool] = {}
        self._configured = frozenset(a.lower() for a in trusted_authors)
        self._trusted: frozenset[str] | None = None
        self._forged: dict[int, str] = {}  # issue number -> warning, once per run
        # Issues as this run last wrote them (their ids: a new issue is attached as a
        # sub-issue by id, with no read to learn it).
        self._written: dict[int, TrackedIssue] = {}
        self._warned: set[int] = set()

    @classmethod
    def from_environment(
        cls, env: RunEnvironment, config: Config, repo: str, **client_options: Any
    ) -> GitHubIssueStore:
        """The store for ``repo`` using the token and API URL from the environment."""
        stats = RequestStats()
        github = build_github(
            env.api_url, env.require_token(), config.github, stats=stats, **client_options
        )
        return cls(
            github, repo, stats=stats, trusted_authors=config.github.trusted_authors
        )

    # ------------------------------------------------------------------ IssueStore

    def list_issues(self, label: str) -> list[TrackedIssue]:
        """Every issue (open and closed) labelled ``label`` that the tool may take for its
        own: one carrying a marker must have been opened by a trusted account
        (:func:`~action_tracker.github.store.split_trusted`); the others are left out and
        reported once by :meth:`trust_warnings`. The token's account is looked up (one
        request per run) only when a marked issue's author is not configured already."""
        issues = self.list_labelled(label)
        if all(is_trusted(i.author, self._configured) or not find_markers(i.body)
               for i in issues):
            return issues
        trusted = self.trusted_authors()
        ours, forged = split_trusted(issues, trusted)
        for issue in forged:
            self._forged.setdefault(issue.number, untrusted_warning(issue, trusted))
        return ours

    def trust_warnings(self) -> list[str]:
        """Marked issues ignored because someone else opened them, each once per run: the
        ones not returned by an earlier call."""
        fresh = [w for n, w in self._forged.items() if n not in self._warned]
        self._warned.update(self._forged)
        return fresh

    def trusted_authors(self) -> frozenset[str]:
        """The accounts whose issues and comments are the tool's own (lower case): the
        token's, and ``github.trusted_authors``.

        The token's account comes from GraphQL's ``viewer``, which answers for every kind of
        token: a personal one (``alice``), a workflow's ``GITHUB_TOKEN``
        (``github-actions[bot]``) and a GitHub App installation token (``my-app[bot]``).
        ``GET /user`` refuses the last two (403), and guessing the account would trust the
        wrong one, so it is never guessed.
        """
        if self._trusted is None:
            login = self._token_login()
            self._trusted = self._configured | {login.lower()}
        return self._trusted

    def _token_login(self) -> str:
        """The token's own login, from one GraphQL query (a read: it changes nothing)."""
        self.stats.reads += 1
        action = "read the token's account"
        try:
            _, data = self._requester.graphql_query("query { viewer { login } }", {})
        except GithubException as exc:
            raise _translated(exc, self.repo, action, "POST", None) from None
        except (requests.exceptions.RequestException, RuntimeError) as exc:
            raise _translated(_redirect(exc), self.repo, action, "POST", None) from None
        viewer = (data.get("data") or {}).get("viewer") if isinstance(data, dict) else None
        login = viewer.get("login") if isinstance(viewer, dict) else None
        if not isinstance(login, str) or not login:
            raise GitHubError("GitHub's GraphQL viewer query names no account for the token")
        return login

    def read_linked(self, refs: Iterable[IssueRef]) -> dict[IssueRef, LinkedIssue]:
        """The linked issues and pull requests that can be read, by GraphQL: one query per
        :data:`~action_tracker.tracking.linked.BATCH` numbers of one repository. A number or
        repository GitHub does not show (missing, private, transferred) is left out of the
        answer; the caller warns about it."""
        by_repo: dict[str, list[IssueRef]] = {}
        for ref in dict.fromkeys(refs):
            by_repo.setdefault(ref.repo.lower(), []).append(ref)
        found: dict[IssueRef, LinkedIssue] = {}
        for group in by_repo.values():
            owner, _, name = group[0].repo.partition("/")
            for start in range(0, len(group), linked.BATCH):
                batch = group[start:start + linked.BATCH]
                numbers = sorted({ref.number for ref in batch})
                self.stats.reads += 1
                action = f"read linked issues of {group[0].repo}"
                try:
                    _, data = self._requester.requestJsonAndCheck(
                        "POST", self._requester.graphql_url,
                        input={"query": linked.linked_query(numbers),
                               "variables": {"owner": owner, "name": name}},
                    )
                except GithubException as exc:
                    raise _translated(exc, self.repo, action, "POST", None) from None
                except (requests.exceptions.RequestException, RuntimeError) as exc:
                    raise _translated(_redirect(exc), self.repo, action, "POST", None) from None
                repo_data = ((data or {}).get("data") or {}).get("repository") or {}
                for ref in batch:
                    item = linked.from_graphql(ref, repo_data.get(f"i{ref.number}"))
                    if item is not None:
                        found[ref] = item
        return found

    def graphql(self, query: str, variables: dict[str, Any], action: str) -> dict[str, Any]:
        """One GraphQL query, failures translated; the answer as GitHub sent it (``data``
        and maybe ``errors``: the caller decides).

        A query is POSTed but is a read (only a ``mutation`` writes): a 5xx or a lost
        connection is retried once here (the client's retry policy never repeats a POST)
        and then reported as GitHub being unavailable, never as a write that "may have been
        applied"."""
        for attempt in (1, 2):
            self.stats.reads += 1
            try:
                _, data = self._requester.requestJsonAndCheck(
                    "POST", self._requester.graphql_url,
                    input={"query": query, "variables": variables},
                )
            except GithubException as exc:
                if exc.status >= 500 and attempt == 1:
                    self.stats.retries += 1
                    continue
                raise _translated(exc, self.repo, action, "GET", None) from None
            except requests.exceptions.RequestException as exc:
                if attempt == 1:
                    self.stats.retries += 1
                    continue
                raise _translated(exc, self.repo, action, "GET", None) from None
            except RuntimeError as exc:
                raise _translated(_redirect(exc), self.repo, action, "GET", None) from None
            return data if isinstance(data, dict) else {}
        raise AssertionError("unreachable")  # pragma: no cover

    def list_labelled(self, label: str) -> list[TrackedIssue]:
        """Every issue (open and closed) labelled ``label``, whoever opened it; pull
        requests skipped.

        One paginated listing, following GitHub's ``Link: rel="next"`` verbatim (it points at
        ``/repositories/{id}/issues`` and carries our filters).
        """
        action = f"list issues labelled '{label}'"
        url: str | None = f"{self._path}/issues"
        params: dict[str, Any] | None = {"labels": label, "state": "all", "per_page": 100}
        found: list[TrackedIssue] = []
        while url:
            headers, data = self._call("GET", url, action, parameters=params, item=False)
            if not data:
                break
            found.extend(to_tracked(item) for item in data if "pull_request" not in item)
            url, params = _next_url(headers), None
        return found

    def get_issue(self, number: int) -> TrackedIssue:
        """One issue, fully: unlike the listing, this names who closed it (``closed_by``)."""
        _, data = self._call("GET", f"{self._path}/issues/{number}", f"read issue #{number}")
        return to_tracked(data)

    def create_issue(
        self, title: str, body: str, *, labels: list[str], assignees: list[str]
    ) -> TrackedIssue:
        """POST once. A 5xx or lost connection raises :class:`WriteOutcomeUnknown` (never
        retried here: the issue may exist); a rate limit is waited out and retried."""
        payload: dict[str, Any] = {"title": title, "body": body, "labels": list(labels)}
        if assignees:
            payload["assignees"] = list(assignees)
        _, data = self._call(
            "POST", f"{self._path}/issues", f"create issue {_quoted(title)}", input=payload
        )
        return self._wrote(to_tracked(data))

    def update_issue(
        self,
        number: int,
        *,
        title: str | None = None,
        body: str | None = None,
        state: Literal["open", "closed"] | None = None,
        state_reason: str | None = None,
        labels: list[str] | None = None,
        assignees: list[str] | None = None,
    ) -> TrackedIssue:
        """PATCH only the given fields (labels/assignees replace the whole set)."""
        fields = {
            "title": title,
            "body": body,
            "state": state,
            "state_reason": state_reason,
            "labels": labels,
            "assignees": assignees,
        }
        payload = {key: value for key, value in fields.items() if value is not None}
        _, data = self._call(
            "PATCH", f"{self._path}/issues/{number}", f"update issue #{number}", input=payload
        )
        return self._wrote(to_tracked(data))

    def _wrote(self, issue: TrackedIssue) -> TrackedIssue:
        self._written[issue.number] = issue
        return issue

    def written(self, number: int) -> TrackedIssue | None:
        """Issue ``number`` as this run's last write to it answered (no request)."""
        return self._written.get(number)

    def add_comment(self, number: int, body: str) -> None:
        self.create_comment(number, body)

    def comment_bodies(self, number: int) -> list[str]:
        return [comment.body for comment in self.list_comments(number)]

    def ensure_label(self, name: str, *, color: str, description: str) -> None:
        """GET the label; create it only when GitHub says 404. A label someone made by hand is
        left as it is, and losing a creation race (422 ``already_exists``) is success."""
        if (
            self._status(
                "GET", f"{self._path}/labels/{quote(name, safe='')}", f"read label {_quoted(name)}"
            )
            == 200
        ):
            return
        payload = {
            "name": name,
            "color": color.lstrip("#"),
            "description": description[:MAX_LABEL_DESCRIPTION],
        }
        try:
            self._call(
                "POST", f"{self._path}/labels", f"create label {_quoted(name)}", input=payload
            )
        except ItemError as exc:
            if not (exc.status == 422 and "already_exists" in str(exc)):
                raise

    def is_assignable(self, login: str) -> bool:
        """Whether ``login`` may be assigned here (204/404), asked once per login per run."""
        key = login.lower()
        if key not in self._assignable:
            status = self._status(
                "GET", f"{self._path}/assignees/{quote(login, safe='')}", f"check assignee @{login}"
            )
            self._assignable[key] = status == 204
        return self._assignable[key]

    # ------------------------------------------------------------------ sub-issues

    def issue_in(self, repo: str, number: int) -> TrackedIssue:
        """One issue of ``repo`` (this repository or another of its owner): its id and
        whether it has a parent, for attaching a linked issue as a sub-issue."""
        owner, _, name = repo.partition("/")
        path = f"/repos/{quote(owner, safe='')}/{quote(name, safe='')}/issues/{number}"
        _, data = self._call("GET", path, f"read issue {repo}#{number}")
        return to_tracked(data)

    def sub_issues(self, number: int) -> list[TrackedIssue] | None:
        """Issue ``number``'s sub-issues (one GET per hundred); ``None`` when GitHub has no
        sub-issues API (older GitHub Enterprise Server: 404)."""
        url: str | None = f"{self._path}/issues/{number}/sub_issues"
        params: dict[str, Any] | None = {"per_page": 100}
        found: list[TrackedIssue] = []
        while url:
            try:
                headers, data = self._call("GET", url, f"list sub-issues of #{number}",
                                           parameters=params)
            except ItemError as exc:
                if exc.status == 404:
                    return None
                raise
            found.extend(to_tracked(item) for item in data or [])
            url, params = _next_url(headers), None
        return found

    def remove_sub_issue(self, number: int, sub_issue_id: int) -> None:
        """Detach the issue with id ``sub_issue_id`` from issue ``number``."""
        self._call("DELETE", f"{self._path}/issues/{number}/sub_issue",
                   f"detach a sub-issue from #{number}", input={"sub_issue_id": sub_issue_id})

    def add_sub_issue(self, number: int, sub_issue_id: int, *, replace_parent: bool = False
                      ) -> bool:
        """Attach the issue with id ``sub_issue_id`` under issue ``number``. False when
        GitHub has no sub-issues API (404); a refusal (422: already attached, another
        parent, 100 already) raises :class:`ItemError` with GitHub's message."""
        payload: dict[str, Any] = {"sub_issue_id": sub_issue_id}
        if replace_parent:
            payload["replace_parent"] = True
        try:
            self._call("POST", f"{self._path}/issues/{number}/sub_issues",
                       f"attach a sub-issue to #{number}", input=payload)
        except ItemError as exc:
            if exc.status == 404:
                return False
            raise
        return True

    # ------------------------------------------------------------------ people

    def list_assignees(self) -> list[str]:
        """Every login GitHub accepts as an assignee here (one GET per hundred users)."""
        url: str | None = f"{self._path}/assignees"
        params: dict[str, Any] | None = {"per_page": 100}
        found: list[str] = []
        while url:
            headers, data = self._call("GET", url, "list assignable users", parameters=params,
                                       item=False)
            if not data:
                break
            found.extend(str(user["login"]) for user in data if user.get("login"))
            url, params = _next_url(headers), None
        for login in found:
            self._assignable[login.lower()] = True
        return found

    def display_name(self, login: str) -> str | None:
        """The profile's display name (``name``; GitHub sends null when none is set)."""
        _, data = self._call(
            "GET", f"/users/{quote(login, safe='')}", f"read the profile of @{login}", item=False
        )
        name = data.get("name") if isinstance(data, dict) else None
        return name if isinstance(name, str) and name.strip() else None

    def commit_author(self, sha: str) -> str | None:
        """The GitHub login of a commit's author as GitHub links it (null when the commit's
        e-mail belongs to no account: then None)."""
        _, data = self._call(
            "GET", f"{self._path}/commits/{quote(sha, safe='')}", f"read commit {sha[:12]}",
            item=False,
        )
        author = data.get("author") if isinstance(data, dict) else None
        login = author.get("login") if isinstance(author, dict) else None
        return login if isinstance(login, str) and login else None

    # ------------------------------------------------------------------ comments

    def list_comments(self, number: int) -> list[IssueComment]:
        """All comments on issue or pull request ``number``, oldest first."""
        url: str | None = f"{self._path}/issues/{number}/comments"
        params: dict[str, Any] | None = {"per_page": 100}
        found: list[IssueComment] = []
        while url:
            headers, data = self._call("GET", url, f"list comments of #{number}", parameters=params)
            if not data:
                break
            found.extend(to_comment(item) for item in data)
            url, params = _next_url(headers), None
        return found

    def create_comment(self, number: int, body: str) -> int:
        """POST a comment; returns its id. Like issue creation, never retried blindly."""
        _, data = self._call(
            "POST",
            f"{self._path}/issues/{number}/comments",
            f"comment on #{number}",
            input={"body": body},
        )
        return int(data["id"])

    def edit_comment(self, comment_id: int, body: str) -> None:
        self._call(
            "PATCH",
            f"{self._path}/issues/comments/{comment_id}",
            f"edit comment {comment_id}",
            input={"body": body},
        )

    # ------------------------------------------------------------------ budget

    def get_rate_limit_remaining(self) -> int | None:
        """``x-ratelimit-remaining`` of the last response (no request; None before any)."""
        remaining, limit = self._requester.rate_limiting
        return None if limit < 0 else remaining

    def request_summary(self) -> str:
        """``GitHub requests: 3 reads, 2 writes; rate limit remaining 4995`` for ``-v``."""
        self.stats.rate_limit_remaining = self.get_rate_limit_remaining()
        self.stats.rate_limit_reset = self._requester.rate_limiting_resettime or None
        return self.stats.summary()

    def close(self) -> None:
        self._gh.close()

    # ------------------------------------------------------------------ plumbing

    def _call(
        self,
        verb: str,
        url: str,
        action: str,
        *,
        parameters: dict[str, Any] | None = None,
        input: Any = None,
        item: bool = True,
    ) -> tuple[dict[str, Any], Any]:
        """One request through PyGithub, counted, with failures translated.

        ``item`` marks per-issue requests: their 404 may mean "that issue is gone" (item
        error) or "the repository is gone" (fatal); one extra GET tells which.

        Every write body passes here, so this is where registered secrets (the token, the
        webhook URL) are masked in what is published: a template or document that echoes
        one puts ``***`` in the issue, never the secret.
        """
        self._count(verb)
        if not _same_host(url, self._requester):
            raise FatalGitHubError(
                f"{action} in {self.repo}: GitHub's next-page link points at another host "
                f"({urlsplit(url).hostname}); not followed (the token stays with "
                "GITHUB_API_URL): check GITHUB_API_URL", status=None,
            )
        if input is not None:
            input = mask_data(input)
        try:
            return _checked(*self._requester.requestJson(
                verb, url, parameters=parameters, input=input
            ))
        except (GithubException, requests.exceptions.RequestException, RuntimeError) as exc:
            missing = None
            if isinstance(exc, GithubException) and exc.status == 404 and item:
                missing = self._repo_missing()
            raise _translated(_redirect(exc), self.repo, action, verb, missing) from None

    def _status(self, verb: str, url: str, action: str) -> int:
        """Status of a probe where 404 is an answer, not an error (labels, assignees)."""
        self._count(verb)
        try:
            status, headers, output = self._requester.requestJson(verb, url)
        except (GithubException, requests.exceptions.RequestException, RuntimeError) as exc:
            raise _translated(_redirect(exc), self.repo, action, verb, None) from None
        if (status >= 400 and status != 404) or 300 <= status < 400:
            error = Requester.createException(status, headers, _json_or_empty(output))
            raise _translated(error, self.repo, action, verb, None) from None
        return status

    def _repo_missing(self) -> bool:
        self._count("GET")
        try:
            status, _, _ = self._requester.requestJson("GET", self._path)
        except (GithubException, requests.exceptions.RequestException):
            return False
        return status == 404

    def _count(self, verb: str) -> None:
        if verb in ("GET", "HEAD"):
            self.stats.reads += 1
        else:
            self.stats.writes += 1


if TYPE_CHECKING:

    def _satisfies_protocol(store: GitHubIssueStore) -> IssueStore:
        """mypy proves here that the adapter implements :class:`IssueStore`."""
        return store


def open_issue_store(env: RunEnvironment, repo: str, config: Config) -> GitHubIssueStore:
    """Convenience spelling of :meth:`GitHubIssueStore.from_environment`."""
    return GitHubIssueStore.from_environment(env, config, repo)


# ---------------------------------------------------------------------- conversion


def to_tracked(data: dict[str, Any]) -> TrackedIssue:
    """A GitHub issue JSON object as the tool's :class:`TrackedIssue` (timestamps aware UTC)."""
    closed_by = data.get("closed_by") or {}
    user = data.get("user") or {}
    return TrackedIssue(
        number=int(data["number"]),
        title=str(data.get("title") or ""),
        body=str(data.get("body") or ""),
        state="closed" if data.get("state") == "closed" else "open",
        state_reason=data.get("state_reason"),
        html_url=str(data.get("html_url") or ""),
        labels=[str(label["name"]) for label in data.get("labels") or []],
        assignees=[str(user_["login"]) for user_ in data.get("assignees") or []],
        author=user.get("login"),
        comments=int(data.get("comments") or 0),
        created_at=_time(data["created_at"]),
        updated_at=_time(data.get("updated_at") or data["created_at"]),
        closed_at=_time(data["closed_at"]) if data.get("closed_at") else None,
        closed_by=closed_by.get("login"),
        id=int(data["id"]) if isinstance(data.get("id"), int) else None,
        sub_issues=_sub_issue_total(data),
        parent_url=str(data["parent_issue_url"]) if data.get("parent_issue_url") else None,
        parent_listed="parent_issue_url" in data,
    )


def _sub_issue_total(data: dict[str, Any]) -> int | None:
    summary = data.get("sub_issues_summary")
    total = summary.get("total") if isinstance(summary, dict) else None
    return total if isinstance(total, int) else None


def to_comment(data: dict[str, Any]) -> IssueComment:
    user = data.get("user") or {}
    return IssueComment(
        id=int(data["id"]),
        body=str(data.get("body") or ""),
        author=user.get("login"),
        html_url=str(data.get("html_url") or ""),
        created_at=_time(data["created_at"]),
        updated_at=_time(data.get("updated_at") or data["created_at"]),
    )


def _time(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed.astimezone(dt.UTC) if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _next_url(headers: dict[str, Any]) -> str | None:
    match = _NEXT_LINK.search(str(headers.get("link") or ""))
    return match.group(1) if match else None


def _quoted(text: str, limit: int = 60) -> str:
    short = text if len(text) <= limit else text[: limit - 1] + "…"
    return "'" + short.replace("\n", " ") + "'"


def _checked(status: int, headers: dict[str, Any], output: str) -> tuple[dict[str, Any], Any]:
    """``requestJsonAndCheck`` that also refuses a 3xx PyGithub did not follow.

    PyGithub follows a 301 only to the same host, and never a 302/307/308 on the API; what
    it hands back then is the redirect's own body, which read as an empty or garbled
    answer ("No tracked actions"). Any 3xx here is an error (the token never goes along).
    """
    try:
        data = json.loads(output) if output else None
    except ValueError:
        data = {"message": output[:200]}
    if status >= 300:
        error = data if isinstance(data, dict) else {}
        if status < 400:
            error = {**error, "location": headers.get("location") or ""}
        raise Requester.createException(status, headers, error)
    return headers, data


def _same_host(url: str, requester: Requester) -> bool:
    """Whether a ``Link`` URL points at the API host we talk to (github-facts §0.2). PyGithub
    sends only its path and query, to its own host; a link elsewhere means a wrong
    ``GITHUB_API_URL`` or a proxy rewriting answers, and is refused, not reinterpreted."""
    if url.startswith("/"):
        return True
    base, link = urlsplit(requester.base_url), urlsplit(url)
    return (link.scheme, link.hostname, link.port) == (base.scheme, base.hostname, base.port)


def _redirect(exc: Exception) -> Exception:
    """PyGithub's ``RuntimeError`` for a 301 it refused to follow (to another host or scheme,
    or back to itself), as the redirect it is."""
    if isinstance(exc, RuntimeError):
        return GithubException(301, {"message": mask(str(exc))}, {})
    return exc


def _message_of(exc: GithubException) -> str:
    return str(exc.data.get("message", "")) if isinstance(exc.data, dict) else ""


def _json_or_empty(output: Any) -> dict[str, Any]:
    try:
        data = json.loads(output) if isinstance(output, str) and output else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _translated(
    exc: Exception, repo: str, action: str, verb: str, missing: bool | None
) -> GitHubError | AuthError:
    if isinstance(exc, GithubException) and exc.status == 410:
        message = str((exc.data or {}).get("message", "")) if isinstance(exc.data, dict) else ""
        if "deleted" in message.lower():
            return ItemError(f"{action} in {repo}: the issue was deleted (410)", status=410)
    return translate(exc, repo=repo, action=action, verb=verb, repo_missing=missing)
