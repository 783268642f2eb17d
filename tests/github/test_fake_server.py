"""The fake behaves like GitHub exactly where GitHub integrations usually go wrong.

Driven through real PyGithub, so a passing test means PyGithub can page, parse and fail
against the fake the way it does against api.github.com (github-facts §0, §1.3).
"""

from __future__ import annotations

import datetime as dt

import pytest
import requests
from github import Auth, Github, GithubException
from github.GithubException import BadCredentialsException, UnknownObjectException

from action_tracker.testing.fake_github import FakeGitHub

REPO = "acme/widgets"


def client(fake: FakeGitHub, *, token: str | None = None, per_page: int = 30) -> Github:
    return Github(
        base_url=fake.api_url,
        auth=Auth.Token(token or fake.token),
        per_page=per_page,
        retry=None,
        seconds_between_requests=None,
        seconds_between_writes=None,
        lazy=True,
    )


def raw_get(fake: FakeGitHub, path: str, **params: str) -> requests.Response:
    return requests.get(
        f"{fake.api_url}{path}",
        params=params,
        headers={"Authorization": f"token {fake.token}"},
        timeout=5,
    )


def test_link_header_is_formatted_like_github_and_points_at_repositories_id(
    fake_github: FakeGitHub,
) -> None:
    for n in range(7):
        fake_github.seed_issue(REPO, f"issue {n}", labels=["pm"])
    repo_id = raw_get(fake_github, f"/repos/{REPO}").json()["id"]
    base = f"{fake_github.api_url}/repositories/{repo_id}/issues?labels=pm&state=all&per_page=3"

    first = raw_get(fake_github, f"/repos/{REPO}/issues", labels="pm", state="all", per_page="3")
    middle = raw_get(
        fake_github,
        f"/repositories/{repo_id}/issues",
        labels="pm",
        state="all",
        per_page="3",
        page="2",
    )
    last = raw_get(
        fake_github,
        f"/repositories/{repo_id}/issues",
        labels="pm",
        state="all",
        per_page="3",
        page="3",
    )

    assert first.headers["Link"] == f'<{base}&page=2>; rel="next", <{base}&page=3>; rel="last"'
    assert middle.headers["Link"] == (
        f'<{base}&page=1>; rel="prev", <{base}&page=3>; rel="next", '
        f'<{base}&page=3>; rel="last", <{base}&page=1>; rel="first"'
    )
    assert last.headers["Link"] == f'<{base}&page=2>; rel="prev", <{base}&page=1>; rel="first"'
    assert [len(r.json()) for r in (first, middle, last)] == [3, 3, 1]


def test_a_list_that_fits_one_page_has_no_link_header(fake_github: FakeGitHub) -> None:
    fake_github.seed_issue(REPO, "only one")
    assert "Link" not in raw_get(fake_github, f"/repos/{REPO}/issues").headers


def test_pygithub_pages_through_repositories_id_keeping_the_filters(
    fake_github: FakeGitHub,
) -> None:
    for n in range(250):
        fake_github.seed_issue(
            REPO, f"tracked {n}", labels=["pm"], state="closed" if n % 5 else "open"
        )
    for n in range(20):
        fake_github.seed_issue(REPO, f"untracked {n}")
    fake_github.clear_log()

    repo = client(fake_github, per_page=100).get_repo(REPO)
    titles = [i.title for i in repo.get_issues(state="all", labels=["pm"])]

    assert len(titles) == 250
    assert all(t.startswith("tracked") for t in titles)
    paths = [(r.path, r.query) for r in fake_github.requests]
    assert paths[0] == (
        f"/repos/{REPO}/issues",
        {"state": "all", "labels": "pm", "per_page": "100"},
    )
    assert [p for p, _ in paths[1:]] == ["/repositories/1000001/issues"] * 2
    assert all(q["labels"] == "pm" and q["state"] == "all" for _, q in paths[1:])


def test_pull_requests_are_listed_among_issues(fake_github: FakeGitHub) -> None:
    fake_github.seed_issue(REPO, "an issue", labels=["pm"])
    fake_github.seed_pull_request(REPO, "a pull request", labels=["pm"])

    items = raw_get(fake_github, f"/repos/{REPO}/issues", labels="pm").json()

    by_title = {i["title"]: i for i in items}
    assert set(by_title) == {"an issue", "a pull request"}
    assert "pull_request" not in by_title["an issue"]
    pull = by_title["a pull request"]["pull_request"]
    assert set(pull) == {"url", "html_url", "diff_url", "patch_url", "merged_at"}
    assert by_title["a pull request"]["html_url"].endswith("/pull/2")


def test_issue_objects_carry_every_2025_key(fake_github: FakeGitHub) -> None:
    number = fake_github.seed_issue(REPO, "keys")
    issue = raw_get(fake_github, f"/repos/{REPO}/issues/{number}").json()
    expected = set(
        [
            "active_lock_reason",
            "assignee",
            "assignees",
            "author_association",
            "body",
            "closed_at",
            "closed_by",
            "comments",
            "comments_url",
            "created_at",
            "events_url",
            "html_url",
            "id",
            "issue_dependencies_summary",
            "labels",
            "labels_url",
            "locked",
            "milestone",
            "node_id",
            "number",
            "performed_via_github_app",
            "reactions",
            "repository_url",
            "state",
            "state_reason",
            "sub_issues_summary",
            "timeline_url",
            "title",
            "type",
            "updated_at",
            "url",
            "user",
        ]
    )
    assert expected <= set(issue)
    assert issue["url"].startswith(fake_github.api_url)


def test_labels_filter_is_an_intersection_and_state_defaults_to_open(
    fake_github: FakeGitHub,
) -> None:
    fake_github.seed_issue(REPO, "both", labels=["a", "b"])
    fake_github.seed_issue(REPO, "only a", labels=["a"])
    fake_github.seed_issue(REPO, "both closed", labels=["a", "B"], state="closed")

    open_both = raw_get(fake_github, f"/repos/{REPO}/issues", labels="a,b").json()
    all_both = raw_get(fake_github, f"/repos/{REPO}/issues", labels="a,b", state="all").json()

    assert [i["title"] for i in open_both] == ["both"]
    assert sorted(i["title"] for i in all_both) == ["both", "both closed"]


def test_create_with_unknown_labels_auto_creates_them(fake_github: FakeGitHub) -> None:
    repo = client(fake_github).get_repo(REPO)
    issue = repo.create_issue("new", body="b", labels=["brand-new", "bug"])

    assert [label.name for label in issue.labels] == ["brand-new", "bug"]
    created = next(lb for lb in fake_github.labels(REPO) if lb["name"] == "brand-new")
    assert created["color"] == "ededed"
    assert issue.state_reason is None and issue.closed_at is None


def test_create_answers_201_with_location(fake_github: FakeGitHub) -> None:
    response = requests.post(
        f"{fake_github.api_url}/repos/{REPO}/issues",
        json={"title": "t"},
        headers={"Authorization": f"token {fake_github.token}"},
        timeout=5,
    )
    assert response.status_code == 201
    assert response.headers["Location"] == response.json()["url"]


def test_non_assignable_assignee_gives_422_and_creates_nothing(fake_github: FakeGitHub) -> None:
    repo = client(fake_github).get_repo(REPO)
    with pytest.raises(GithubException) as caught:
        repo.create_issue("t", assignees=["alice", "ghost"])

    assert caught.value.status == 422
    assert caught.value.data["errors"] == [
        {"value": ["ghost"], "resource": "Issue", "field": "assignees", "code": "invalid"}
    ]
    assert fake_github.issues(REPO) == []


def test_patch_replaces_labels_and_assignees_and_rejects_non_assignable(
    fake_github: FakeGitHub,
) -> None:
    number = fake_github.seed_issue(REPO, "t", labels=["a", "b"], assignees=["alice"])
    issue = client(fake_github).get_repo(REPO).get_issue(number)

    issue.edit(labels=["c"], assignees=["bob"])
    with pytest.raises(GithubException) as caught:
        issue.edit(assignees=["ghost"])

    state = fake_github.issue(REPO, number)
    assert [lb["name"] for lb in state["labels"]] == ["c"]
    assert [a["login"] for a in state["assignees"]] == ["bob"]
    assert caught.value.status == 422
    assert caught.value.data["errors"][0]["value"] == "ghost"


def test_close_and_reopen_set_state_reason_and_closed_by(fake_github: FakeGitHub) -> None:
    number = fake_github.seed_issue(REPO, "t")
    issue = client(fake_github).get_repo(REPO).get_issue(number)

    issue.edit(state="closed", state_reason="not_planned")
    closed = fake_github.issue(REPO, number)
    issue.edit(state="open")
    reopened = fake_github.issue(REPO, number)

    assert closed["state_reason"] == "not_planned"
    assert closed["closed_by"]["login"] == fake_github.login
    assert closed["closed_at"] is not None
    assert reopened["state"] == "open" and reopened["state_reason"] == "reopened"
    assert reopened["closed_at"] is None


def test_person_edit_changes_updated_at_and_closed_by(fake_github: FakeGitHub) -> None:
    past = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
    number = fake_github.seed_issue(REPO, "t", created_at=past)
    later = past + dt.timedelta(days=3)

    fake_github.person_edit(REPO, number, actor="carol", state="closed", at=later)

    issue = fake_github.issue(REPO, number)
    assert issue["closed_by"]["login"] == "carol"
    assert issue["updated_at"] == "2026-01-08T09:00:00Z"
    assert issue["created_at"] == "2026-01-05T09:00:00Z"


def test_closed_by_only_in_a_single_issue_response_as_on_github(fake_github: FakeGitHub) -> None:
    """GitHub's issue list leaves ``closed_by`` null (recorded listings: octokit 2022 has no
    key, PyGithub 2024 has ``null``); ``GET /issues/{n}`` names who closed it (PyGithub
    2025/2026 recordings of closed issues)."""
    number = fake_github.seed_issue(REPO, "t", labels=["x"])
    fake_github.person_edit(REPO, number, actor="carol", state="closed")

    listed = raw_get(fake_github, f"/repos/{REPO}/issues", state="all", labels="x").json()
    single = raw_get(fake_github, f"/repos/{REPO}/issues/{number}").json()

    assert [(i["number"], i["state"], i["closed_by"]) for i in listed] == [
        (number, "closed", None)
    ]
    assert single["closed_by"]["login"] == "carol"


def test_issues_disabled_gives_410(fake_github: FakeGitHub) -> None:
    number = fake_github.seed_issue(REPO, "t")
    fake_github.set_issues_enabled(REPO, False)
    repo = client(fake_github).get_repo(REPO)

    for action in (
        lambda: repo.create_issue("x"),
        lambda: repo.get_issue(number).edit(title="y"),
        lambda: raw_get(fake_github, f"/repos/{REPO}/issues/{number}").raise_for_status(),
    ):
        with pytest.raises((GithubException, requests.HTTPError)) as caught:
            action()
        status = getattr(caught.value, "status", None) or caught.value.response.status_code  # type: ignore[union-attr]
        assert status == 410


def test_wrong_or_missing_token_gives_401(fake_github: FakeGitHub) -> None:
    with pytest.raises(BadCredentialsException):
        list(client(fake_github, token="ghp_wrongwrongwrong").get_repo(REPO).get_issues())
    response = requests.get(f"{fake_github.api_url}/repos/{REPO}", timeout=5)
    assert response.status_code == 401
    assert response.json()["message"] == "Bad credentials"


def test_unknown_repo_gives_404(fake_github: FakeGitHub) -> None:
    with pytest.raises(UnknownObjectException):
        list(client(fake_github).get_repo("acme/nope").get_issues())


def test_read_only_token_gets_resource_not_accessible(fake_github: FakeGitHub) -> None:
    fake_github.read_only = True
    with pytest.raises(GithubException) as caught:
        client(fake_github).get_repo(REPO).create_issue("x")
    assert caught.value.status == 403
    assert caught.value.data["message"] == "Resource not accessible by integration"
    assert fake_github.issues(REPO) == []


def test_label_creation_errors(fake_github: FakeGitHub) -> None:
    repo = client(fake_github).get_repo(REPO)
    codes = []
    for name, color in (("bug", "d73a4a"), ("x", "invalid"), ("n" * 51, "ededed")):
        with pytest.raises(GithubException) as caught:
            repo.create_label(name, color)
        codes.append((caught.value.status, caught.value.data["errors"][0]["code"]))
    assert codes == [(422, "already_exists"), (422, "invalid"), (422, "custom")]
    with pytest.raises(UnknownObjectException):
        repo.get_label("missing").complete()


def test_assignee_check_is_204_or_404(fake_github: FakeGitHub) -> None:
    assert raw_get(fake_github, f"/repos/{REPO}/assignees/alice").status_code == 204
    assert raw_get(fake_github, f"/repos/{REPO}/assignees/ghost").status_code == 404


def test_comments_are_created_listed_paginated_and_edited(fake_github: FakeGitHub) -> None:
    number = fake_github.seed_issue(REPO, "t")
    issue = client(fake_github, per_page=2).get_repo(REPO).get_issue(number)
    for n in range(5):
        issue.create_comment(f"comment {n}")
    listed = [c.body for c in issue.get_comments()]
    first = issue.get_comments()[0]
    first.edit("edited")

    assert listed == [f"comment {n}" for n in range(5)]
    assert fake_github.comments(REPO, number)[0]["body"] == "edited"
    assert fake_github.issue(REPO, number)["comments"] == 5
    assert fake_github.count("GET", r"/repositories/\d+/issues/\d+/comments") == 2


def test_rate_limit_headers_decrease_and_rate_limit_endpoint_is_free(
    fake_github: FakeGitHub,
) -> None:
    first = raw_get(fake_github, f"/repos/{REPO}")
    second = raw_get(fake_github, f"/repos/{REPO}")
    probe = raw_get(fake_github, "/rate_limit")

    remaining = [int(r.headers["X-RateLimit-Remaining"]) for r in (first, second, probe)]
    assert remaining == [remaining[0], remaining[0] - 1, remaining[0] - 1]
    assert second.headers["X-RateLimit-Resource"] == "core"
    assert probe.json()["resources"]["core"]["remaining"] == remaining[2]


def test_write_applied_but_client_sees_502(fake_github: FakeGitHub) -> None:
    fake_github.fail("POST", r"/issues$", 502, when="after")
    with pytest.raises(GithubException) as caught:
        client(fake_github).get_repo(REPO).create_issue("x")
    assert caught.value.status == 502
    assert [i["title"] for i in fake_github.issues(REPO)] == ["x"]


def test_dropped_connection_after_write(fake_github: FakeGitHub) -> None:
    fake_github.drop("POST", r"/issues$")
    with pytest.raises(requests.exceptions.ConnectionError):
        client(fake_github).get_repo(REPO).create_issue("x")
    assert len(fake_github.issues(REPO)) == 1
    assert fake_github.requests[-1].status == 0


def test_fault_before_write_changes_nothing_and_fires_once(fake_github: FakeGitHub) -> None:
    fake_github.fail("POST", r"/issues$", 503)
    repo = client(fake_github).get_repo(REPO)
    with pytest.raises(GithubException):
        repo.create_issue("x")
    repo.create_issue("y")
    assert [i["title"] for i in fake_github.issues(REPO)] == ["y"]
    assert fake_github.pending_faults() == []


def test_secondary_and_primary_rate_limit_faults_look_like_github(fake_github: FakeGitHub) -> None:
    fake_github.secondary_rate_limit("GET", r"/labels$", retry_after=7)
    fake_github.primary_rate_limit("GET", r"/labels$", reset_in=30, status=429)

    secondary = raw_get(fake_github, f"/repos/{REPO}/labels")
    primary = raw_get(fake_github, f"/repos/{REPO}/labels")

    assert secondary.status_code == 403
    assert secondary.headers["Retry-After"] == "7"
    assert "secondary rate limit" in secondary.json()["message"]
    assert primary.status_code == 429
    assert primary.headers["X-RateLimit-Remaining"] == "0"
    assert int(primary.headers["X-RateLimit-Reset"]) >= int(dt.datetime.now().timestamp()) + 29


def test_listing_lag_hides_new_issues_for_n_listings(fake_github: FakeGitHub) -> None:
    fake_github.set_listing_lag(2)
    client(fake_github).get_repo(REPO).create_issue("fresh")

    seen = [len(raw_get(fake_github, f"/repos/{REPO}/issues").json()) for _ in range(3)]

    assert seen == [0, 0, 1]
    assert raw_get(fake_github, f"/repos/{REPO}/issues/1").status_code == 200


def test_request_log_counts_reads_and_writes(fake_github: FakeGitHub) -> None:
    repo = client(fake_github).get_repo(REPO)
    issue = repo.create_issue("x")
    issue.edit(body="y")
    list(repo.get_issues())

    assert (fake_github.reads, fake_github.writes) == (1, 2)
    assert fake_github.count("PATCH") == 1


def test_conditional_request_gets_304(fake_github: FakeGitHub) -> None:
    first = raw_get(fake_github, f"/repos/{REPO}/labels/bug")
    again = requests.get(
        f"{fake_github.api_url}/repos/{REPO}/labels/bug",
        headers={
            "Authorization": f"token {fake_github.token}",
            "If-None-Match": first.headers["ETag"],
        },
        timeout=5,
    )
    assert again.status_code == 304
    assert again.content == b""


def test_ghes_style_api_prefix() -> None:
    with FakeGitHub(api_prefix="/api/v3") as fake:
        fake.create_repo(REPO)
        for n in range(3):
            fake.seed_issue(REPO, f"i{n}")
        assert fake.api_url.endswith("/api/v3")
        titles = [i.title for i in client(fake, per_page=2).get_repo(REPO).get_issues()]
    assert sorted(titles) == ["i0", "i1", "i2"]


def test_slow_response_fault_delays_only_the_matching_request(fake_github: FakeGitHub) -> None:
    fake_github.slow("GET", r"/labels/bug$", 0.5)
    headers = {"Authorization": f"token {fake_github.token}"}
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.get(f"{fake_github.api_url}/repos/{REPO}/labels/bug", headers=headers, timeout=0.1)
    fast = requests.get(
        f"{fake_github.api_url}/repos/{REPO}/labels/bug", headers=headers, timeout=2
    )
    assert fast.status_code == 200


def test_seeded_pull_request_is_not_an_issue_in_state_helpers(fake_github: FakeGitHub) -> None:
    fake_github.seed_issue(REPO, "issue")
    fake_github.seed_pull_request(REPO, "pr")
    assert [i["title"] for i in fake_github.issues(REPO)] == ["issue"]
    assert [i["title"] for i in fake_github.issues(REPO, pulls=True)] == ["issue", "pr"]


# ---------------------------------------------------------------- sub-issues (facts §9)


def test_sub_issues_through_pygithubs_own_methods(fake_github: FakeGitHub) -> None:
    """PyGithub's ``add_sub_issue``/``get_sub_issues``/``remove_sub_issue`` (by the issue's
    id, not its number) work against the fake; payloads carry the summary and the parent."""
    parent_number = fake_github.seed_issue(REPO, "parent")
    child_number = fake_github.seed_issue(REPO, "child")
    repo = client(fake_github).get_repo(REPO)
    parent, child = repo.get_issue(parent_number), repo.get_issue(child_number)
    assert child.id != child.number
    parent.add_sub_issue(child.id)
    assert [i.number for i in parent.get_sub_issues()] == [child_number]
    assert fake_github.parent_of(REPO, child_number) == parent_number
    got = raw_get(fake_github, f"/repos/{REPO}/issues/{parent_number}").json()
    assert got["sub_issues_summary"] == {"total": 1, "completed": 0, "percent_completed": 0}
    assert raw_get(fake_github, f"/repos/{REPO}/issues/{child_number}").json()[
        "parent_issue_url"] == f"{fake_github.api_url}/repos/{REPO}/issues/{parent_number}"
    assert raw_get(fake_github, f"/repos/{REPO}/issues/{child_number}/parent").json()[
        "number"] == parent_number
    fake_github.person_edit(REPO, child_number, state="closed")
    listed = raw_get(fake_github, f"/repos/{REPO}/issues", state="all").json()
    summary = {i["number"]: i["sub_issues_summary"] for i in listed}
    assert summary[parent_number] == {"total": 1, "completed": 1, "percent_completed": 100}
    parent.remove_sub_issue(child.id)
    assert fake_github.sub_issue_numbers(REPO, parent_number) == []
    assert raw_get(fake_github, f"/repos/{REPO}/issues/{child_number}/parent").status_code == 404


def _add(fake: FakeGitHub, parent: int, issue_id: int, **extra: object) -> requests.Response:
    return requests.post(
        f"{fake.api_url}/repos/{REPO}/issues/{parent}/sub_issues",
        json={"sub_issue_id": issue_id, **extra},
        headers={"Authorization": f"token {fake.token}"}, timeout=5)


def test_sub_issue_refusals_look_like_github(fake_github: FakeGitHub) -> None:
    first, second, child = (fake_github.seed_issue(REPO, t) for t in ("a", "b", "c"))
    child_id = fake_github.issue(REPO, child)["id"]
    assert _add(fake_github, first, child).status_code == 404  # a number is not an id
    assert _add(fake_github, first, child_id).status_code == 201
    again = _add(fake_github, first, child_id)
    assert again.status_code == 422 and "duplicate sub-issues" in again.json()["message"]
    other = _add(fake_github, second, child_id)
    assert other.status_code == 422 and "only have one parent" in other.json()["message"]
    assert _add(fake_github, second, child_id, replace_parent=True).status_code == 201
    assert fake_github.parent_of(REPO, child) == second
    assert fake_github.sub_issue_numbers(REPO, first) == []
    # Another owner's issue cannot be a sub-issue; the same owner's other repository can.
    fake_github.create_repo("acme/infra")
    fake_github.create_repo("evil/infra")
    same = fake_github.issue("acme/infra", fake_github.seed_issue("acme/infra", "x"))["id"]
    foreign = fake_github.issue("evil/infra", fake_github.seed_issue("evil/infra", "x"))["id"]
    assert _add(fake_github, first, same).status_code == 201
    assert _add(fake_github, first, foreign).status_code == 404


def test_a_parent_holds_at_most_100_sub_issues_closed_ones_included(
    fake_github: FakeGitHub,
) -> None:
    parent = fake_github.seed_issue(REPO, "parent")
    for n in range(100):
        child = fake_github.seed_issue(REPO, f"child {n}", state="closed" if n % 2 else "open")
        fake_github.person_add_sub_issue(REPO, parent, child)
    extra = fake_github.issue(REPO, fake_github.seed_issue(REPO, "one more"))["id"]
    refused = _add(fake_github, parent, extra)
    assert refused.status_code == 422 and "more than 100" in refused.json()["message"]
    page = raw_get(fake_github, f"/repos/{REPO}/issues/{parent}/sub_issues", per_page="100")
    assert len(page.json()) == 100
    first = raw_get(fake_github, f"/repos/{REPO}/issues/{parent}/sub_issues")
    assert len(first.json()) == 30 and 'rel="next"' in first.headers["Link"]


def test_an_older_ghes_has_no_sub_issues(fake_github: FakeGitHub) -> None:
    fake_github.set_sub_issues(False)
    number = fake_github.seed_issue(REPO, "x")
    issue = raw_get(fake_github, f"/repos/{REPO}/issues/{number}").json()
    assert "sub_issues_summary" not in issue and "parent_issue_url" not in issue
    assert raw_get(fake_github, f"/repos/{REPO}/issues/{number}/sub_issues").status_code == 404
    assert _add(fake_github, number, 1).status_code == 404
