"""A stateful fake of the GitHub REST API on loopback, for tests and benchmarks.

Why a server and not mocks: the bugs that hurt a GitHub integration live in the wire details
(``Link`` headers pointing at ``/repositories/{id}``, pull requests inside issue listings,
``labels=`` meaning AND, 422 on a non-assignable assignee, POSTs whose write happened although
the client saw a 5xx). Driving real PyGithub against a server that reproduces those details
(github-facts §0, §1.2, §1.3) exercises the code paths the tool will meet in production.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from http.server import ThreadingHTTPServer
from typing import Any

from action_tracker.testing.fake_github.faults import (
    PRIMARY_LIMIT_DOC,
    PRIMARY_LIMIT_MESSAGE,
    SECONDARY_LIMIT_DOC,
    SECONDARY_LIMIT_MESSAGE,
    SERVER_ERROR_BODY,
    Fault,
    FaultWhen,
)
from action_tracker.testing.fake_github.routes import Routes
from action_tracker.testing.fake_github.state import (
    DEFAULT_LABELS,
    Comment,
    Issue,
    Label,
    Payloads,
    Repo,
)
from action_tracker.testing.fake_github.wire import Handler, LoggedRequest, Request

__all__ = ["FakeGitHub", "LoggedRequest"]


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class FakeGitHub(Routes):
    """GitHub REST on ``http://127.0.0.1:PORT`` with scriptable faults and inspectable state.

    Use as a context manager or call :meth:`start`/:meth:`stop`. Point PyGithub (or the CLI via
    :meth:`env`) at :attr:`api_url` with :attr:`token`. All state lives behind one lock.
    """

    def __init__(
        self,
        *,
        token: str | None = None,
        login: str = "github-actions[bot]",
        server_url: str = "https://github.com",
        api_prefix: str = "",
        rate_limit: int = 5000,
    ) -> None:
        self.token = token or "ghs_" + secrets.token_hex(18)
        self.login = login
        self.server_url = server_url.rstrip("/")
        self.api_prefix = api_prefix.rstrip("/")
        self.read_only = False
        self.clock: Callable[[], dt.datetime] = _utcnow
        self.requests: list[LoggedRequest] = []
        self._lock = threading.RLock()
        self._repos: dict[str, Repo] = {}  # key: lower-cased full name
        self._profiles: dict[str, tuple[str, str | None]] = {}
        self._commits: dict[str, dict[str, str | None]] = {}
        self._faults: list[Fault] = []
        self._listing_lag = 0
        self._listings = 0
        self._ids = 1_000_000
        self._rate_limit = rate_limit
        self._rate_used = 0
        self._rate_reset = int(time.time()) + 3600
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._payloads = Payloads("http://127.0.0.1:0", self.server_url, self._repos)

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FakeGitHub:
        handler = type("_BoundHandler", (Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        sub_issues = self._payloads.sub_issues
        self._payloads = Payloads(self.api_url, self.server_url, self._repos)
        self._payloads.sub_issues = sub_issues
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeGitHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeGitHub is not started")
        return int(self._server.server_address[1])

    @property
    def api_url(self) -> str:
        """The base URL to give PyGithub / ``GITHUB_API_URL`` (no trailing slash)."""
        return f"http://127.0.0.1:{self.port}{self.api_prefix}"

    def env(self, repo: str = "acme/widgets", *, token: str | None = None) -> dict[str, str]:
        """Environment variables that point the CLI at this fake."""
        return {
            "GITHUB_API_URL": self.api_url,
            "GITHUB_SERVER_URL": self.server_url,
            "GITHUB_REPOSITORY": repo,
            "GITHUB_TOKEN": self.token if token is None else token,
        }

    # ------------------------------------------------------------------ seeding

    def create_repo(
        self,
        full_name: str,
        *,
        has_issues: bool = True,
        private: bool = False,
        assignable: Iterable[str] = (),
        default_labels: bool = True,
    ) -> Repo:
        owner, _, name = full_name.partition("/")
        with self._lock:
            repo = Repo(id=self._next_id(), owner=owner, name=name, has_issues=has_issues)
            repo.private = private
            # Only people with push access can be assigned: not the org, not a bot token.
            repo.assignable = {a.lower() for a in assignable}
            if default_labels:
                for label_name, color, description in DEFAULT_LABELS:
                    self._add_label(repo, label_name, color, description, default=True)
            self._repos[full_name.lower()] = repo
            return repo

    def add_assignable(self, full_name: str, *logins: str) -> None:
        with self._lock:
            self._repo(full_name).assignable.update(login.lower() for login in logins)

    def set_association(self, full_name: str, login: str, association: str) -> None:
        """How GitHub's GraphQL names ``login``'s relation to the repository
        (``authorAssociation``: MEMBER, CONTRIBUTOR, NONE…)."""
        with self._lock:
            self._repo(full_name).associations[login.lower()] = association.upper()

    def set_profile(self, login: str, name: str | None) -> None:
        """A user's profile: the login as its owner spells it and the display name (None:
        the profile sets none, and GitHub sends ``"name": null``)."""
        with self._lock:
            self._profiles[login.lower()] = (login, name)

    def seed_commit(self, full_name: str, sha: str, author: str | None) -> None:
        """A commit GitHub links to ``author``'s account (None: an e-mail it links to none)."""
        with self._lock:
            self._commits.setdefault(full_name.lower(), {})[sha] = author

    def set_issues_enabled(self, full_name: str, enabled: bool) -> None:
        with self._lock:
            self._repo(full_name).has_issues = enabled

    def seed_label(
        self, full_name: str, name: str, color: str = "ededed", description: str | None = None
    ) -> None:
        with self._lock:
            self._add_label(self._repo(full_name), name, color, description)

    def seed_issue(
        self,
        full_name: str,
        title: str,
        body: str | None = "",
        *,
        labels: Iterable[str] = (),
        assignees: Iterable[str] = (),
        state: str = "open",
        state_reason: str | None = None,
        user: str | None = None,
        created_at: dt.datetime | None = None,
        updated_at: dt.datetime | None = None,
        closed_at: dt.datetime | None = None,
        closed_by: str | None = None,
        pull_request: bool = False,
    ) -> int:
        """Add an issue (or a pull request) directly, as if someone made it earlier.

        A pull request closed with ``state_reason="merged"`` is a merged one.

        No validation, no request logged; unknown labels are created. Returns the number.
        """
        with self._lock:
            repo = self._repo(full_name)
            now = self.clock()
            created = created_at or now
            merged = pull_request and state_reason == "merged"
            if merged:  # GitHub gives a pull request no state_reason; merged is its own field
                state_reason = None
            if state == "closed":
                closed_at = closed_at or updated_at or now
                state_reason = state_reason or (None if pull_request else "completed")
                closed_by = closed_by or user or repo.owner
            issue = Issue(
                id=self._next_id(),
                number=repo.next_number,
                title=title,
                body=body,
                user=user or repo.owner,
                created_at=created,
                updated_at=updated_at or closed_at or created,
                labels=self._resolve_labels(repo, list(labels)),
                assignees=list(assignees),
                state=state,
                state_reason=state_reason,
                closed_at=closed_at,
                closed_by=closed_by,
                is_pull=pull_request,
                merged=merged,
            )
            repo.issues[issue.number] = issue
            repo.next_number += 1
            return issue.number

    def seed_pull_request(self, full_name: str, title: str, **kwargs: Any) -> int:
        return self.seed_issue(full_name, title, pull_request=True, **kwargs)

    def person_edit(
        self,
        full_name: str,
        number: int,
        *,
        actor: str = "octocat",
        title: str | None = None,
        body: str | None = None,
        state: str | None = None,
        state_reason: str | None = None,
        labels: Iterable[str] | None = None,
        assignees: Iterable[str] | None = None,
        at: dt.datetime | None = None,
    ) -> None:
        """Simulate a person editing, closing or reopening an issue in the web UI."""
        with self._lock:
            repo = self._repo(full_name)
            issue = repo.issues[number]
            now = at or self.clock()
            if title is not None:
                issue.title = title
            if body is not None:
                issue.body = body
            if labels is not None:
                issue.labels = self._resolve_labels(repo, list(labels))
            if assignees is not None:
                issue.assignees = list(assignees)
            if state is not None:
                self._set_state(issue, state, state_reason, actor, now)
            issue.updated_at = now

    def person_comment(
        self, full_name: str, number: int, body: str, *, actor: str = "octocat",
        at: dt.datetime | None = None,
    ) -> int:
        """A comment someone posts (at ``at``, default the fake's clock)."""
        with self._lock:
            repo = self._repo(full_name)
            comment = self._add_comment(repo, repo.issues[number], body, actor)
            if at is not None:
                comment.created_at = comment.updated_at = at
            return comment.id

    def set_parent_urls(self, listed: bool) -> None:
        """``False``: issue payloads leave out ``parent_issue_url`` (sub-issues still work,
        ``sub_issues_summary`` still counts them), as in GitHub's 2025 recordings."""
        with self._lock:
            self._payloads.parent_urls = listed

    def set_sub_issues(self, available: bool) -> None:
        """``False``: an older GitHub Enterprise Server without sub-issues; its endpoints
        answer 404 and issue payloads carry no ``sub_issues_summary``/``parent_issue_url``."""
        with self._lock:
            self._payloads.sub_issues = available

    def sub_issue_numbers(self, full_name: str, number: int) -> list[int]:
        """The numbers of issue ``number``'s sub-issues (in this repository), in order."""
        with self._lock:
            issue = self._repo(full_name).issues[number]
            return [n for _repo, n in issue.children]

    def parent_of(self, full_name: str, number: int) -> int | None:
        """The number of issue ``number``'s parent, if it has one."""
        with self._lock:
            parent = self._repo(full_name).issues[number].parent
            return parent[1] if parent else None

    def person_add_sub_issue(self, full_name: str, parent: int, child: int,
                             child_repo: str | None = None) -> None:
        """Someone attaches ``child`` (of ``child_repo``, default the same) under ``parent``
        in the web UI."""
        with self._lock:
            key = ((child_repo or full_name).lower(), child)
            self._attach(self._repo(full_name), self._repo(full_name).issues[parent], key)

    def person_remove_sub_issue(self, full_name: str, parent: int, child: int) -> None:
        """Someone takes ``child`` (same repository) out of ``parent`` in the web UI."""
        with self._lock:
            repo = self._repo(full_name)
            key = (repo.full_name.lower(), child)
            repo.issues[parent].children.remove(key)
            repo.issues[child].parent = None

    def set_listing_lag(self, listings: int) -> None:
        """Issues created through the API from now on stay out of the next ``listings`` listing
        requests (GitHub's eventual consistency); ``0`` turns the lag off."""
        with self._lock:
            self._listing_lag = listings

    def settle_listings(self) -> None:
        """Let the listing catch up: every issue created so far shows in the next listing
        (time passing, for a fake that counts listings instead of seconds)."""
        with self._lock:
            for repo in self._repos.values():
                for issue in repo.issues.values():
                    issue.hidden_until_listing = 0

    def freeze_time(self, when: dt.datetime) -> None:
        """Make every timestamp the fake writes equal to ``when`` (aware)."""
        self.clock = lambda: when

    # ------------------------------------------------------------------ inspection

    def issues(
        self, full_name: str = "acme/widgets", *, pulls: bool = False
    ) -> list[dict[str, Any]]:
        """Issue payloads (pull requests only with ``pulls=True``), by number."""
        with self._lock:
            repo = self._repo(full_name)
            return [
                self._payloads.issue(repo, i)
                for _, i in sorted(repo.issues.items())
                if pulls or not i.is_pull
            ]

    def issue(self, full_name: str, number: int) -> dict[str, Any]:
        with self._lock:
            repo = self._repo(full_name)
            return self._payloads.issue(repo, repo.issues[number])

    def labels(self, full_name: str = "acme/widgets") -> list[dict[str, Any]]:
        with self._lock:
            repo = self._repo(full_name)
            return [self._payloads.label(repo, label) for label in repo.labels.values()]

    def comments(self, full_name: str, number: int) -> list[dict[str, Any]]:
        with self._lock:
            repo = self._repo(full_name)
            return [
                self._payloads.comment(repo, c)
                for c in repo.comments.values()
                if c.issue_number == number
            ]

    # ------------------------------------------------------------------ request log

    def count(self, method: str | None = None, path: str | None = None) -> int:
        """Requests seen, optionally filtered by verb and a path regex (searched)."""
        with self._lock:
            return sum(
                1
                for r in self.requests
                if (method is None or r.method == method.upper())
                and (path is None or re.search(path, r.path))
            )

    @property
    def reads(self) -> int:
        with self._lock:
            return sum(1 for r in self.requests if not r.is_write)

    @property
    def writes(self) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.is_write)

    def clear_log(self) -> None:
        with self._lock:
            self.requests.clear()

    # ------------------------------------------------------------------ faults

    def add_fault(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def fail(
        self,
        method: str,
        path: str,
        status: int = 502,
        *,
        when: FaultWhen = "before",
        times: int = 1,
        body: Any = None,
    ) -> Fault:
        """Answer ``status`` instead of the real response; ``when="after"`` applies the write
        first (the client sees an error although GitHub did the work)."""
        return self.add_fault(
            Fault(method, path, "status", when, status, body or SERVER_ERROR_BODY, times=times)
        )

    def drop(self, method: str, path: str, *, when: FaultWhen = "after", times: int = 1) -> Fault:
        """Close the socket without any response (after applying the write by default)."""
        return self.add_fault(Fault(method, path, "drop", when, times=times))

    def slow(self, method: str, path: str, seconds: float, *, times: int = 1) -> Fault:
        return self.add_fault(Fault(method, path, "delay", delay=seconds, times=times))

    def stall(self, method: str, path: str, seconds: float, *, times: int = 1) -> Fault:
        """Hold a matching request ``seconds``, then drop it unapplied (kill the client
        meanwhile: a killed run)."""
        return self.add_fault(Fault(method, path, "stall", delay=seconds, times=times))

    def secondary_rate_limit(
        self,
        method: str,
        path: str,
        *,
        retry_after: int | None = 1,
        status: int = 403,
        times: int = 1,
    ) -> Fault:
        headers = {"retry-after": str(retry_after)} if retry_after is not None else {}
        body = {
            "message": SECONDARY_LIMIT_MESSAGE,
            "documentation_url": SECONDARY_LIMIT_DOC,
            "status": str(status),
        }
        return self.add_fault(
            Fault(method, path, "status", "before", status, body, headers, times=times)
        )

    def primary_rate_limit(
        self, method: str, path: str, *, reset_in: int = 1, status: int = 403, times: int = 1
    ) -> Fault:
        reset = int(time.time()) + reset_in
        headers = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)}
        body = {
            "message": PRIMARY_LIMIT_MESSAGE,
            "documentation_url": PRIMARY_LIMIT_DOC,
            "status": str(status),
        }
        return self.add_fault(
            Fault(method, path, "status", "before", status, body, headers, times=times)
        )

    def clear_faults(self) -> None:
        """Forget every queued fault (fired or not): GitHub behaves again."""
        with self._lock:
            self._faults.clear()

    def pending_faults(self) -> list[Fault]:
        with self._lock:
            return [f for f in self._faults if f.fired < f.times]

    # ------------------------------------------------------------------ internals

    def _next_id(self) -> int:
        self._ids += 1
        return self._ids

    def _repo(self, full_name: str) -> Repo:
        return self._repos[full_name.lower()]

    def _add_label(
        self,
        repo: Repo,
        name: str,
        color: str,
        description: str | None,
        *,
        default: bool = False,
    ) -> Label:
        label = Label(self._next_id(), name, color, description, default)
        repo.labels[name.lower()] = label
        return label

    def _resolve_labels(self, repo: Repo, names: list[str]) -> list[str]:
        """Canonical label names, auto-creating unknown ones with ``ededed`` (facts §0.7)."""
        result: list[str] = []
        for name in names:
            label = repo.label(name) or self._add_label(repo, name, "ededed", None)
            if label.name not in result:
                result.append(label.name)
        return result

    def _set_state(
        self, issue: Issue, state: str, reason: str | None, actor: str, now: dt.datetime
    ) -> None:
        if state == issue.state:
            return  # state_reason is ignored unless the state changes
        issue.state = state
        if state == "closed":
            issue.state_reason = reason or "completed"
            issue.closed_at = now
            issue.closed_by = actor
        else:
            issue.state_reason = "reopened"
            issue.closed_at = None
            issue.closed_by = None

    def _add_comment(self, repo: Repo, issue: Issue, body: str, user: str) -> Comment:
        now = self.clock()
        comment = Comment(self._next_id(), issue.number, body, user, now, now)
        repo.comments[comment.id] = comment
        issue.comment_count += 1
        issue.updated_at = now
        return comment

    def _attach(self, repo: Repo, parent: Issue, key: tuple[str, int]) -> None:
        child = self._payloads.child_issue(key)
        assert child is not None
        if child.parent is not None:
            old = self._payloads.child_issue(child.parent)
            if old is not None and key in old.children:
                old.children.remove(key)
        child.parent = (repo.full_name.lower(), parent.number)
        parent.children.append(key)

    def _take_fault(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path) and fault.take():
                    return fault
        return None

    def _rate_headers(self, counted: bool) -> dict[str, str]:
        with self._lock:
            if counted:
                if self._rate_used >= self._rate_limit:
                    # A new hourly window: long benchmarks never see a bogus exhausted limit.
                    self._rate_used = 0
                    self._rate_reset = int(time.time()) + 3600
                self._rate_used += 1
            remaining = max(0, self._rate_limit - self._rate_used)
            return {
                "x-ratelimit-limit": str(self._rate_limit),
                "x-ratelimit-remaining": str(remaining),
                "x-ratelimit-used": str(self._rate_used),
                "x-ratelimit-reset": str(self._rate_reset),
                "x-ratelimit-resource": "core",
            }

    def _log(self, req: Request, status: int) -> None:
        with self._lock:
            self.requests.append(
                LoggedRequest(req.method, req.path, dict(req.query), status, req.json)
            )
