"""GitHub's REST behaviour for the endpoints the tool uses, as a mixin of :class:`FakeGitHub`.

Statuses, error bodies and quirks follow github-facts §0 and §1.3: ``Link`` URLs under
``/repositories/{id}``, ``labels=`` as AND, ``state`` defaulting to ``open``, 422 for a
non-assignable assignee (nothing created), auto-created ``ededed`` labels, 410 when issues
are disabled, 403 "Resource not accessible by integration" for a read-only token.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlencode

from action_tracker.testing.fake_github import graphql_issues
from action_tracker.testing.fake_github.state import (
    Comment,
    Issue,
    Label,
    Payloads,
    Repo,
    iso,
)
from action_tracker.testing.fake_github.wire import (
    DOCS,
    WRITE_METHODS,
    ApiError,
    Request,
    Response,
    validation,
)

DOC_CREATE_ISSUE = "https://docs.github.com/rest/issues/issues#create-an-issue"
DOC_UPDATE_ISSUE = "https://docs.github.com/rest/issues/issues#update-an-issue"
DOC_CREATE_LABEL = "https://docs.github.com/rest/issues/labels#create-a-label"
DOC_GET_LABEL = "https://docs.github.com/rest/issues/labels#get-a-label"
DOC_COMMENT = "https://docs.github.com/rest/issues/comments#create-an-issue-comment"
DOC_SUB_ISSUES = "https://docs.github.com/rest/issues/sub-issues"
MAX_SUB_ISSUES = 100  # per parent, closed ones included (community discussion #207865)
MAX_BODY = 65536
MAX_TITLE = 256
MAX_LABEL = 50
_HEX6 = re.compile(r"^[0-9a-fA-F]{6}$")
_REPO_PATH = re.compile(r"^/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)(?P<rest>/.*)?$")
_REPO_ID_PATH = re.compile(r"^/repositories/(?P<id>\d+)(?P<rest>/.*)?$")


class Routes:
    """Request routing and GitHub semantics; state and helpers come from :class:`FakeGitHub`."""

    # Provided by FakeGitHub (declared here for readers and type checkers).
    token: str
    login: str
    read_only: bool
    clock: Callable[[], dt.datetime]
    _repos: dict[str, Repo]
    _profiles: dict[str, tuple[str, str | None]]  # lower-cased login -> (login, name)
    _commits: dict[str, dict[str, str | None]]  # lower-cased repo -> {sha: author login}
    _payloads: Payloads
    _listings: int
    _listing_lag: int
    _rate_limit: int
    _rate_used: int
    _rate_reset: int
    _lock: Any

    @property
    def api_url(self) -> str:
        raise NotImplementedError

    def _next_id(self) -> int:
        raise NotImplementedError

    def _add_label(
        self, repo: Repo, name: str, color: str, description: str | None, *, default: bool = False
    ) -> Label:
        raise NotImplementedError

    def _resolve_labels(self, repo: Repo, names: list[str]) -> list[str]:
        raise NotImplementedError

    def _set_state(
        self, issue: Issue, state: str, reason: str | None, actor: str, now: dt.datetime
    ) -> None:
        raise NotImplementedError

    def _add_comment(self, repo: Repo, issue: Issue, body: str, user: str) -> Comment:
        raise NotImplementedError

    def _attach(self, repo: Repo, parent: Issue, key: tuple[str, int]) -> None:
        raise NotImplementedError

    def _handle(self, req: Request) -> Response:
        try:
            with self._lock:
                return self._route(req)
        except ApiError as err:
            return err.response

    def _route(self, req: Request) -> Response:
        self._authenticate(req)
        if req.path == "/rate_limit" and req.method == "GET":
            return self._rate_limit_response()
        if req.path == "/user" and req.method == "GET":
            if self.login.endswith("[bot]"):
                # An installation token (a workflow's GITHUB_TOKEN, a GitHub App's) is not a
                # user: GitHub answers 403 (seen in actions/create-github-app-token#258).
                raise ApiError(
                    403, "Resource not accessible by integration",
                    "https://docs.github.com/rest/users/users#get-the-authenticated-user",
                )
            return Response(200, self._payloads.user(self.login))
        if req.path == "/graphql" and req.method == "POST":
            return self._graphql(req)
        profile = re.fullmatch(r"/users/([^/]+)", req.path)
        if profile and req.method == "GET":
            return self._profile(unquote(profile.group(1)))
        match = _REPO_PATH.match(req.path)
        if match:
            repo = self._repos.get(f"{match['owner']}/{match['name']}".lower())
        else:
            match = _REPO_ID_PATH.match(req.path)
            if not match:
                raise ApiError(404, "Not Found")
            repo = next((r for r in self._repos.values() if r.id == int(match["id"])), None)
        if repo is None:
            raise ApiError(
                404, "Not Found", "https://docs.github.com/rest/repos/repos#get-a-repository"
            )
        return self._route_repo(req, repo, match["rest"] or "")

    def _graphql(self, req: Request) -> Response:
        """GraphQL, as far as the tool uses it: ``viewer { login }``, which GitHub answers for
        every kind of token (an installation token gets its ``<app>[bot]`` login, where
        ``GET /user`` refuses it). Any other query gets GraphQL's own error shape: HTTP 200
        with ``errors``."""
        query = req.json.get("query", "") if isinstance(req.json, dict) else ""
        if re.fullmatch(r"\s*(query\s*)?\{\s*viewer\s*\{\s*login\s*\}\s*\}\s*", query):
            return Response(200, {"data": {"viewer": {"login": self.login}}})
        if "issueOrPullRequest" in query and isinstance(req.json, dict):
            return self._graphql_issues(query, req.json.get("variables") or {})
        if re.search(r"\brepository\s*\(.*\bissues\s*\(", query, re.DOTALL) and isinstance(
                req.json, dict):
            return self._graphql_issue_list(query, req.json.get("variables") or {})
        return Response(200, {"errors": [{"message": "the fake GitHub answers only viewer"}]})

    def _graphql_issues(self, query: str, variables: dict[str, Any]) -> Response:
        """``repository(owner:, name:) { iN: issueOrPullRequest(number: N) { ... } }``, as
        GitHub answers it: every alias present, ``null`` for a number that does not exist,
        with one ``NOT_FOUND`` error per missing number (HTTP 200); a repository that does
        not exist is ``null`` with one ``NOT_FOUND`` error. The fields sent are the ones the
        tool selects (state, stateReason / merged, url, assignees, labels, comments)."""
        full = f"{variables.get('owner')}/{variables.get('name')}"
        repo = self._repos.get(full.lower())
        if repo is None:
            return Response(200, {"data": {"repository": None}, "errors": [{
                "type": "NOT_FOUND", "path": ["repository"], "locations": [],
                "message": f"Could not resolve to a Repository with the name '{full}'.",
            }]})
        data: dict[str, Any] = {}
        errors: list[dict[str, Any]] = []
        for alias, number in re.findall(r"(\w+):\s*issueOrPullRequest\(number:\s*(\d+)\)",
                                        query):
            issue = repo.issues.get(int(number))
            if issue is None:
                data[alias] = None
                errors.append({
                    "type": "NOT_FOUND", "path": ["repository", alias], "locations": [],
                    "message": "Could not resolve to an issue or pull request with the "
                    f"number of {number}.",
                })
                continue
            data[alias] = self._graphql_issue(repo, issue)
        body: dict[str, Any] = {"data": {"repository": data}}
        if errors:
            body["errors"] = errors
        return Response(200, body)

    def _graphql_issue_list(self, query: str, variables: dict[str, Any]) -> Response:
        """``repository(owner:, name:) { issues(first:, after:, states:, labels:) {...} }``
        (see :mod:`.graphql_issues`): a page of issues with their latest comments."""
        try:
            full = graphql_issues.repository_name(query, variables)
        except graphql_issues.GraphQLError as exc:
            return Response(200, {"errors": [{"message": str(exc), "locations": []}]})
        repo = self._repos.get(full.lower())
        if repo is None:
            return Response(200, {"data": {"repository": None}, "errors": [{
                "type": "NOT_FOUND", "path": ["repository"], "locations": [],
                "message": f"Could not resolve to a Repository with the name '{full}'.",
            }]})
        try:
            connection = graphql_issues.issues_connection(
                query, variables, repo, self._payloads.web,
                lambda issue: sorted((c for c in repo.comments.values()
                                      if c.issue_number == issue.number),
                                     key=lambda c: (c.created_at, c.id)),
            )
        except graphql_issues.GraphQLError as exc:
            return Response(200, {"errors": [{"message": str(exc), "locations": []}]})
        return Response(200, {"data": {"repository": {"issues": connection}}})

    def _graphql_issue(self, repo: Repo, issue: Issue) -> dict[str, Any]:
        kind = "pull" if issue.is_pull else "issues"
        node: dict[str, Any] = {
            "__typename": "PullRequest" if issue.is_pull else "Issue",
            "number": issue.number,
            "url": f"{self._payloads.web}/{repo.full_name}/{kind}/{issue.number}",
            "createdAt": iso(issue.created_at),
            "closedAt": iso(issue.closed_at),
            "assignees": {"nodes": [{"login": login} for login in issue.assignees[:10]]},
            "labels": {"nodes": [
                {"name": label.name} for name in issue.labels[:100]
                if (label := repo.label(name)) is not None
            ]},
            "comments": {"nodes": [
                {"body": c.body} for c in sorted(repo.comments.values(), key=lambda c: c.id)
                if c.issue_number == issue.number
            ][-100:]},
        }
        if issue.is_pull:
            merged = issue.state == "closed" and issue.merged
            node["state"] = "MERGED" if merged else issue.state.upper()
            node["merged"] = merged
        else:
            node["state"] = issue.state.upper()
            node["stateReason"] = issue.state_reason.upper() if issue.state_reason else None
        return node

    def _profile(self, login: str) -> Response:
        """``GET /users/{login}``: the public profile; ``name`` is null when none is set."""
        spelled, name = self._profiles.get(login.lower(), (None, None))
        if spelled is None:
            if not any(login.lower() in repo.assignable for repo in self._repos.values()):
                raise ApiError(404, "Not Found",
                               "https://docs.github.com/rest/users/users#get-a-user")
            spelled = login
        return Response(200, {**self._payloads.user(spelled), "name": name, "company": None,
                              "blog": "", "location": None, "email": None, "bio": None})

    def _spelled(self, login: str) -> str:
        """A login as its owner spells it (GitHub answers with the account's own case)."""
        return self._profiles.get(login.lower(), (login, None))[0]

    def _authenticate(self, req: Request) -> None:
        scheme, _, value = req.headers.get("authorization", "").partition(" ")
        if scheme.lower() not in ("token", "bearer") or value.strip() != self.token:
            raise ApiError(401, "Bad credentials")

    def _route_repo(self, req: Request, repo: Repo, rest: str) -> Response:
        method = req.method
        parts = [unquote(p) for p in rest.split("/")[1:]] if rest else []
        if method in WRITE_METHODS and self.read_only:
            raise ApiError(403, "Resource not accessible by integration", _doc_for(parts))
        if parts and parts[0] == "issues" and not repo.has_issues:
            raise ApiError(
                410, "Issues are disabled for this repo", "https://docs.github.com/v3/issues/"
            )
        route = (method, tuple("{n}" if p.isdigit() and i > 0 else p for i, p in enumerate(parts)))
        if route == ("GET", ()):
            return Response(200, self._payloads.repo(repo))
        if route == ("GET", ("issues",)):
            return self._list_issues(req, repo)
        if route == ("POST", ("issues",)):
            return self._create_issue(req, repo)
        if len(parts) >= 2 and parts[0] == "issues" and parts[1] == "comments":
            return self._route_comment(req, repo, parts)
        if route in (("GET", ("issues", "{n}")), ("PATCH", ("issues", "{n}"))):
            issue = self._find_issue(repo, parts[1])
            if method == "GET":
                return Response(
                    200,
                    self._payloads.issue(repo, issue),
                    {"x-accepted-github-permissions": "issues=read"},
                )
            return self._update_issue(req, repo, issue)
        if route == ("GET", ("issues", "{n}", "comments")):
            issue = self._find_issue(repo, parts[1])
            items = [c for c in repo.comments.values() if c.issue_number == issue.number]
            return self._page(
                req,
                repo,
                f"issues/{issue.number}/comments",
                [self._payloads.comment(repo, c) for c in items],
            )
        if len(parts) >= 3 and parts[0] == "issues" and parts[2] in (
                "sub_issues", "sub_issue", "parent"):
            return self._route_sub_issues(req, repo, route)
        if route == ("POST", ("issues", "{n}", "comments")):
            return self._create_comment(req, repo, self._find_issue(repo, parts[1]))
        if route == ("GET", ("labels",)):
            labels = [self._payloads.label(repo, lb) for lb in repo.labels.values()]
            return self._page(req, repo, "labels", labels)
        if route == ("POST", ("labels",)):
            return self._create_label(req, repo)
        if method == "GET" and len(parts) == 2 and parts[0] == "labels":
            label = repo.label(parts[1])
            if label is None:
                raise ApiError(404, "Not Found", DOC_GET_LABEL)
            return Response(200, self._payloads.label(repo, label))
        if route == ("GET", ("assignees",)):
            users = [self._payloads.user(self._spelled(login)) for login in sorted(repo.assignable)]
            return self._page(req, repo, "assignees", users)
        if method == "GET" and len(parts) == 2 and parts[0] == "commits":
            commits = self._commits.get(repo.full_name.lower(), {})
            if parts[1] not in commits:
                raise ApiError(422, f"No commit found for SHA: {parts[1]}",
                               "https://docs.github.com/rest/commits/commits#get-a-commit")
            author = commits[parts[1]]
            return Response(200, {
                "sha": parts[1], "url": f"{self.api_url}/repos/{repo.full_name}/commits/{parts[1]}",
                "commit": {"author": {"name": "someone", "email": "someone@example.com"}},
                # null when the commit's e-mail is linked to no GitHub account
                "author": self._payloads.user(self._spelled(author)) if author else None,
            })
        if method == "GET" and len(parts) == 2 and parts[0] == "assignees":
            if parts[1].lower() in repo.assignable:
                return Response(204)
            raise ApiError(404, "Not Found", "https://docs.github.com/rest/issues/assignees")
        raise ApiError(404, "Not Found")

    def _route_comment(self, req: Request, repo: Repo, parts: list[str]) -> Response:
        if len(parts) != 3 or not parts[2].isdigit() or int(parts[2]) not in repo.comments:
            raise ApiError(404, "Not Found")
        comment = repo.comments[int(parts[2])]
        if req.method == "GET":
            return Response(200, self._payloads.comment(repo, comment))
        if req.method == "PATCH":
            body = _json_object(req).get("body")
            if not isinstance(body, str):
                raise validation(
                    DOC_COMMENT,
                    {"resource": "IssueComment", "code": "missing_field", "field": "body"},
                )
            _check_comment_body(body)
            comment.body = body
            comment.updated_at = self.clock()
            return Response(200, self._payloads.comment(repo, comment))
        raise ApiError(404, "Not Found")

    # ---- sub-issues

    def _route_sub_issues(self, req: Request, repo: Repo, route: tuple[str, tuple[str, ...]]
                          ) -> Response:
        """GitHub's sub-issues REST API (github-facts §9); an older GHES answers 404."""
        if not self._payloads.sub_issues:
            raise ApiError(404, "Not Found")
        method, parts = route
        if parts[1] != "{n}":
            raise ApiError(404, "Not Found")
        issue = self._find_issue(repo, req.path.rstrip("/").split("/")[-2])
        if (method, parts[2:]) == ("GET", ("sub_issues",)):
            children = [c for key in issue.children
                        if (c := self._payloads.child_issue(key)) is not None]
            pairs = [(self._repos[key[0]], c) for key, c in zip(issue.children, children,
                                                                  strict=False)]
            return self._page(req, repo, f"issues/{issue.number}/sub_issues", pairs,
                              render=lambda p: self._payloads.issue(p[0], p[1]))
        if (method, parts[2:]) == ("GET", ("parent",)):
            if issue.parent is None:
                raise ApiError(404, "Not Found", DOC_SUB_ISSUES)
            parent = self._payloads.child_issue(issue.parent)
            assert parent is not None
            return Response(200, self._payloads.issue(self._repos[issue.parent[0]], parent))
        if (method, parts[2:]) == ("POST", ("sub_issues",)):
            return self._add_sub_issue(req, repo, issue)
        if (method, parts[2:]) == ("DELETE", ("sub_issue",)):
            key = self._sub_issue_key(req, repo)
            if key not in issue.children:
                raise ApiError(404, "Not Found", DOC_SUB_ISSUES)
            issue.children.remove(key)
            child = self._payloads.child_issue(key)
            assert child is not None
            child.parent = None
            return Response(200, self._payloads.issue(repo, issue))
        raise ApiError(404, "Not Found")

    def _sub_issue_key(self, req: Request, repo: Repo) -> tuple[str, int]:
        """The issue named by ``sub_issue_id`` (its numeric id, not its number): only an
        issue of a repository with the same owner can be one (404 otherwise, as for an id
        the token cannot see)."""
        value = _json_object(req).get("sub_issue_id")
        if not isinstance(value, int) or isinstance(value, bool):
            raise validation(DOC_SUB_ISSUES, {"resource": "Issue", "code": "invalid",
                                              "field": "sub_issue_id"})
        for key, other in self._repos.items():
            if other.owner.lower() != repo.owner.lower():
                continue
            for child in other.issues.values():
                if child.id == value and not child.is_pull:
                    return (key, child.number)
        raise ApiError(404, "Not Found", DOC_SUB_ISSUES)

    def _add_sub_issue(self, req: Request, repo: Repo, issue: Issue) -> Response:
        """Attach; 422 when it is the parent itself, already a sub-issue of this parent,
        has another parent (unless ``replace_parent``), or the parent holds 100 already."""
        key = self._sub_issue_key(req, repo)
        child = self._payloads.child_issue(key)
        assert child is not None
        replace = _json_object(req).get("replace_parent") is True
        if key == (repo.full_name.lower(), issue.number):
            raise ApiError(422, "An issue cannot be a sub-issue of itself", DOC_SUB_ISSUES)
        if key in issue.children:
            raise ApiError(422, "An error occurred while adding the sub-issue to the parent "
                           "issue. Issue may not contain duplicate sub-issues", DOC_SUB_ISSUES)
        if child.parent is not None and not replace:
            raise ApiError(422, "An error occurred while adding the sub-issue to the parent "
                           "issue. Sub issue may only have one parent", DOC_SUB_ISSUES)
        if len(issue.children) >= MAX_SUB_ISSUES:
            raise ApiError(422, "An error occurred while adding the sub-issue to the parent "
                           "issue. Parent cannot have more than 100 sub-issues",
                           DOC_SUB_ISSUES)
        self._attach(repo, issue, key)
        payload = self._payloads.issue(repo, issue)
        return Response(201, payload, {"Location": payload["url"]})

    def _rate_limit_response(self) -> Response:
        remaining = max(0, self._rate_limit - self._rate_used)
        core = {
            "limit": self._rate_limit,
            "used": self._rate_used,
            "remaining": remaining,
            "reset": self._rate_reset,
        }
        search = {"limit": 30, "used": 0, "remaining": 30, "reset": int(time.time()) + 60}
        return Response(
            200,
            {"resources": {"core": core, "search": search, "graphql": dict(core)}, "rate": core},
        )

    def _find_issue(self, repo: Repo, number: str) -> Issue:
        issue = repo.issues.get(int(number))
        if issue is None:
            raise ApiError(404, "Not Found", DOC_UPDATE_ISSUE)
        return issue

    # ---- issues

    def _list_issues(self, req: Request, repo: Repo) -> Response:
        self._listings += 1
        state = req.param("state", "open")
        wanted = [n.strip().lower() for n in (req.param("labels") or "").split(",") if n.strip()]
        since = _parse_time(req.param("since"))
        assignee = req.param("assignee")
        creator = req.param("creator")
        items = []
        for issue in repo.issues.values():
            if self._listings <= issue.hidden_until_listing:
                continue
            if state != "all" and issue.state != state:
                continue
            names = {n.lower() for n in issue.labels}
            if any(w not in names for w in wanted):
                continue
            if since is not None and issue.updated_at < since:
                continue
            if assignee == "none" and issue.assignees:
                continue
            if assignee == "*" and not issue.assignees:
                continue
            if assignee not in (None, "none", "*") and assignee.lower() not in {
                a.lower() for a in issue.assignees
            }:
                continue
            if creator is not None and issue.user.lower() != creator.lower():
                continue
            items.append(issue)
        sort = req.param("sort", "created")
        key: Callable[[Issue], Any] = {
            "updated": lambda i: (i.updated_at, i.number),
            "comments": lambda i: (i.comment_count, i.number),
        }.get(sort or "created", lambda i: (i.created_at, i.number))
        items.sort(key=key, reverse=req.param("direction", "desc") != "asc")
        return self._page(
            req,
            repo,
            "issues",
            items,
            render=lambda i: self._payloads.issue(repo, i, listed=True),
            headers={"x-accepted-github-permissions": "issues=read"},
        )

    def _page(
        self,
        req: Request,
        repo: Repo,
        resource: str,
        items: list[Any],
        *,
        render: Callable[[Any], Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """One page of ``items`` and a ``Link`` header formatted exactly as GitHub's: URLs under
        ``/repositories/{id}/``, every original query parameter kept, ``page`` last."""
        per_page = _int_param(req.param("per_page"), 30, 1, 100)
        page = _int_param(req.param("page"), 1, 1, 10**9)
        last = max(1, -(-len(items) // per_page))
        chunk = items[(page - 1) * per_page : page * per_page]
        body = [render(i) for i in chunk] if render else chunk
        out = dict(headers or {})
        if len(items) > per_page or page > 1:
            params = [(k, v) for k, v in req.query if k != "page"]
            base = f"{self.api_url}/repositories/{repo.id}/{resource}?"

            def url(n: int) -> str:
                return base + urlencode([*params, ("page", str(n))])

            rels: list[tuple[str, int]] = []
            if page > 1:
                rels.append(("prev", min(page - 1, last)))
            if page < last:
                rels += [("next", page + 1), ("last", last)]
            if page > 1:
                rels.append(("first", 1))
            out["Link"] = ", ".join(f'<{url(n)}>; rel="{rel}"' for rel, n in rels)
        return Response(200, body, out)

    def _check_issue_fields(
        self, repo: Repo, data: dict[str, Any], doc: str, *, creating: bool
    ) -> None:
        title = data.get("title")
        if creating and (title is None or title == ""):
            raise validation(doc, {"resource": "Issue", "code": "missing_field", "field": "title"})
        if title is not None and len(str(title)) > MAX_TITLE:
            raise validation(
                doc,
                {
                    "resource": "Issue",
                    "code": "custom",
                    "field": "title",
                    "message": "title is too long (maximum is 256 characters)",
                },
            )
        body = data.get("body")
        if isinstance(body, str) and len(body) > MAX_BODY:
            raise validation(
                doc,
                {
                    "resource": "Issue",
                    "code": "custom",
                    "field": "body",
                    "message": "body is too long (maximum is 65536 characters)",
                },
            )
        for name in data.get("labels") or []:
            label_name = name.get("name", "") if isinstance(name, dict) else str(name)
            if len(label_name) > MAX_LABEL:
                raise validation(
                    "https://docs.github.com/rest/issues/labels#add-labels-to-an-issue",
                    {"value": label_name, "resource": "Label", "field": "name", "code": "invalid"},
                )
        assignees = data.get("assignees")
        if assignees is not None:
            bad = [a for a in assignees if str(a).lower() not in repo.assignable]
            if bad:
                value: Any = bad if creating else bad[0]
                raise validation(
                    doc,
                    {"value": value, "resource": "Issue", "field": "assignees", "code": "invalid"},
                )

    def _create_issue(self, req: Request, repo: Repo) -> Response:
        data = _json_object(req)
        self._check_issue_fields(repo, data, DOC_CREATE_ISSUE, creating=True)
        now = self.clock()
        labels = [
            n.get("name", "") if isinstance(n, dict) else str(n) for n in data.get("labels") or []
        ]
        issue = Issue(
            id=self._next_id(),
            number=repo.next_number,
            title=str(data["title"]),
            body=data.get("body"),
            user=self.login,
            created_at=now,
            updated_at=now,
            labels=self._resolve_labels(repo, labels),
            assignees=[str(a) for a in data.get("assignees") or []],
            hidden_until_listing=self._listings + self._listing_lag,
        )
        repo.issues[issue.number] = issue
        repo.next_number += 1
        payload = self._payloads.issue(repo, issue)
        return Response(
            201,
            payload,
            {"Location": payload["url"], "x-accepted-github-permissions": "issues=write"},
        )

    def _update_issue(self, req: Request, repo: Repo, issue: Issue) -> Response:
        data = _json_object(req)
        self._check_issue_fields(repo, data, DOC_UPDATE_ISSUE, creating=False)
        state = data.get("state")
        if state not in (None, "open", "closed"):
            raise validation(
                DOC_UPDATE_ISSUE,
                {"resource": "Issue", "code": "invalid", "field": "state", "value": state},
            )
        reason = data.get("state_reason")
        if reason not in (None, "completed", "not_planned", "reopened", "duplicate"):
            raise validation(
                DOC_UPDATE_ISSUE,
                {"resource": "Issue", "code": "invalid", "field": "state_reason", "value": reason},
            )
        before = self._payloads.issue(repo, issue)
        now = self.clock()
        if "title" in data and data["title"] is not None:
            issue.title = str(data["title"])
        if "body" in data:
            issue.body = data["body"]
        if "labels" in data:
            names = [
                n.get("name", "") if isinstance(n, dict) else str(n) for n in data["labels"] or []
            ]
            issue.labels = self._resolve_labels(repo, names)
        if "assignees" in data:
            issue.assignees = [str(a) for a in data["assignees"] or []]
        if state is not None:
            self._set_state(issue, state, reason, self.login, now)
        if self._payloads.issue(repo, issue) != before:
            issue.updated_at = now
        return Response(
            200,
            self._payloads.issue(repo, issue),
            {"x-accepted-github-permissions": "issues=write"},
        )

    # ---- comments and labels

    def _create_comment(self, req: Request, repo: Repo, issue: Issue) -> Response:
        body = _json_object(req).get("body")
        if not isinstance(body, str) or not body:
            raise validation(
                DOC_COMMENT, {"resource": "IssueComment", "code": "missing_field", "field": "body"}
            )
        _check_comment_body(body)
        comment = self._add_comment(repo, issue, body, self.login)
        payload = self._payloads.comment(repo, comment)
        return Response(201, payload, {"Location": payload["url"]})

    def _create_label(self, req: Request, repo: Repo) -> Response:
        data = _json_object(req)
        name = data.get("name")
        if not isinstance(name, str) or not name:
            raise validation(
                DOC_CREATE_LABEL, {"resource": "Label", "code": "missing_field", "field": "name"}
            )
        if len(name) > MAX_LABEL:
            raise validation(
                DOC_CREATE_LABEL,
                {
                    "resource": "Label",
                    "code": "custom",
                    "field": "name",
                    "message": "name is too long (maximum is 50 characters)",
                },
            )
        color = str(data.get("color") or "ededed").lstrip("#")
        if not _HEX6.match(color):
            raise validation(
                DOC_CREATE_LABEL, {"resource": "Label", "code": "invalid", "field": "color"}
            )
        description = data.get("description")
        if isinstance(description, str) and len(description) > 100:
            raise validation(
                DOC_CREATE_LABEL,
                {
                    "resource": "Label",
                    "code": "custom",
                    "field": "description",
                    "message": "description is too long (maximum is 100 characters)",
                },
            )
        if repo.label(name) is not None:
            raise validation(
                DOC_CREATE_LABEL, {"resource": "Label", "code": "already_exists", "field": "name"}
            )
        label = self._add_label(repo, name, color, description)
        payload = self._payloads.label(repo, label)
        return Response(201, payload, {"Location": payload["url"]})


def _doc_for(parts: list[str]) -> str:
    if parts[:1] == ["labels"]:
        return DOC_CREATE_LABEL
    if "comments" in parts:
        return DOC_COMMENT
    return DOC_UPDATE_ISSUE if len(parts) > 1 else DOC_CREATE_ISSUE


def _check_comment_body(body: str) -> None:
    if len(body) > MAX_BODY:
        raise validation(
            DOC_COMMENT,
            {
                "resource": "IssueComment",
                "code": "unprocessable",
                "field": "data",
                "message": "Body is too long (maximum is 65536 characters)",
            },
        )


def _json_object(req: Request) -> dict[str, Any]:
    if not isinstance(req.json, dict):
        raise ApiError(400, "Problems parsing JSON")
    return req.json


def _int_param(value: str | None, default: int, low: int, high: int) -> int:
    try:
        number = int(value) if value is not None else default
    except ValueError:
        return default
    return min(max(number, low), high)


def _parse_time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise validation(DOCS, {"resource": "Issue", "code": "invalid", "field": "since"}) from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
