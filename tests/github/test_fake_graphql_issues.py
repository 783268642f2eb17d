"""The fake's GraphQL ``repository.issues`` connection answers as GitHub does: cursors,
filters, ``comments(last:)``, bot logins without ``[bot]``, ``authorAssociation``, errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import requests

from action_tracker.github.threads import THREADS_QUERY, page_from_graphql
from action_tracker.testing.fake_github import FakeGitHub

REPO = "acme/widgets"
UTC = dt.UTC


def post(fake: FakeGitHub, query: str, **variables: Any) -> dict[str, Any]:
    response = requests.post(f"{fake.api_url}/graphql", json={"query": query,
                             "variables": variables},
                             headers={"Authorization": f"bearer {fake.token}"}, timeout=5)
    assert response.status_code == 200  # GraphQL errors come with 200 too
    data = response.json()
    assert isinstance(data, dict)
    return data


def threads_page(fake: FakeGitHub, cursor: str | None = None,
                 label: str = "postmortem-action") -> dict[str, Any]:
    return post(fake, THREADS_QUERY, owner="acme", name="widgets", label=label, cursor=cursor)


def test_pages_of_open_labelled_issues_follow_the_cursor(fake_github: FakeGitHub) -> None:
    for n in range(230):
        fake_github.seed_issue(REPO, f"issue {n}", labels=["postmortem-action"],
                               state="closed" if n % 10 == 0 else "open")
    fake_github.seed_issue(REPO, "other label", labels=["bug"])
    fake_github.seed_pull_request(REPO, "a PR", labels=["postmortem-action"])
    numbers: list[int] = []
    cursor = None
    pages = 0
    while True:
        data = threads_page(fake_github, cursor)
        connection = data["data"]["repository"]["issues"]
        pages += 1
        numbers += [node["number"] for node in connection["nodes"]]
        if not connection["pageInfo"]["hasNextPage"]:
            break
        cursor = connection["pageInfo"]["endCursor"]
    assert pages == 3
    assert numbers == [n + 1 for n in range(230) if n % 10]  # open only, oldest first, no PR


def test_last_comments_oldest_first_with_authors_and_associations(
    fake_github: FakeGitHub
) -> None:
    number = fake_github.seed_issue(REPO, "x", labels=["postmortem-action"],
                                    user="github-actions[bot]")
    fake_github.set_association(REPO, "dana", "MEMBER")
    for k in range(55):
        actor = ["alice", "dana", "mallory", "acme", "github-actions[bot]"][k % 5]
        fake_github.person_comment(REPO, number, f"c{k}", actor=actor,
                                   at=dt.datetime(2026, 12, 1, tzinfo=UTC) + dt.timedelta(hours=k))
    node = threads_page(fake_github)["data"]["repository"]["issues"]["nodes"][0]
    assert node["author"] == {"__typename": "Bot", "login": "github-actions"}
    got = node["comments"]["nodes"]
    assert [c["body"] for c in got] == [f"c{k}" for k in range(5, 55)]
    assert [(c["author"]["login"], c["authorAssociation"]) for c in got[:5]] == [
        ("alice", "COLLABORATOR"), ("dana", "MEMBER"), ("mallory", "NONE"), ("acme", "OWNER"),
        ("github-actions", "NONE")]
    (thread,), cursor = page_from_graphql(threads_page(fake_github), REPO)
    assert cursor is None
    assert thread.issue.author == "github-actions[bot]"  # REST's spelling, for trust
    assert thread.comments[4].author == "github-actions[bot]"


def test_literal_arguments_and_label_or_filter(fake_github: FakeGitHub) -> None:
    fake_github.seed_issue(REPO, "a", labels=["one"])
    fake_github.seed_issue(REPO, "b", labels=["two"])
    fake_github.seed_issue(REPO, "c", labels=["three"], state="closed")
    query = ('query { repository(owner: "acme", name: "widgets") { issues(first: 2, '
             'labels: ["one", "two", "three"], states: [OPEN, CLOSED], orderBy: {field: '
             'CREATED_AT, direction: DESC}) { pageInfo { hasNextPage endCursor } '
             'nodes { number } } } }')
    connection = post(fake_github, query)["data"]["repository"]["issues"]
    assert [n["number"] for n in connection["nodes"]] == [3, 2]
    assert connection["pageInfo"]["hasNextPage"] is True


def test_errors_as_github_gives_them(fake_github: FakeGitHub) -> None:
    too_many = THREADS_QUERY.replace("first: 100", "first: 101")
    data = post(fake_github, too_many, owner="acme", name="widgets", label="x", cursor=None)
    assert "exceeds the `first` limit of 100" in data["errors"][0]["message"]
    assert "data" not in data
    no_size = THREADS_QUERY.replace("first: 100, ", "")
    data = post(fake_github, no_size, owner="acme", name="widgets", label="x", cursor=None)
    assert "You must provide a `first` or `last` value" in data["errors"][0]["message"]
    data = threads_page(fake_github, cursor="bm90IGEgY3Vyc29y")
    assert "does not appear to be a valid cursor" in data["errors"][0]["message"]
    data = post(fake_github, THREADS_QUERY, owner="acme", name="gone", label="x", cursor=None)
    assert data["data"]["repository"] is None
    assert data["errors"][0]["type"] == "NOT_FOUND"
    data = post(fake_github, "query { organization(login: \"acme\") { name } }")
    assert "errors" in data
