"""The digest's "Closed by" column against a fake GitHub whose issue list, like GitHub's, does
not say who closed an issue: the digest reads it for the rows it shows, one GET each."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from action_tracker.testing.fake_github import FakeGitHub
from action_tracker.testing.issues import UTC, action_body
from tests.digest.conftest import Runner
from tests.digest.helpers import tables

REPO = "acme/widgets"


def seed_closed(fake: FakeGitHub, n: int, closed_at: dt.datetime, closer: str) -> int:
    number = fake.seed_issue(REPO, f"Action {n}", action_body(action=f"a{n}"),
                             labels=["postmortem-action"], user=fake.login,
                             created_at=dt.datetime(2026, 10, 1, tzinfo=UTC))
    fake.person_edit(REPO, number, actor=closer, state="closed", at=closed_at)
    return number


def closed_table(body: str) -> list[list[str]]:
    return next(t for t in tables(body) if t[0][-1] == "Closed by")


def test_closed_by_names_who_closed_each_issue_shown(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    monday = dt.datetime(2026, 11, 23, 10, tzinfo=UTC)
    first = seed_closed(fake_github, 1, monday, "bob")
    second = seed_closed(fake_github, 2, monday + dt.timedelta(days=1), "carol")
    seed_closed(fake_github, 3, monday - dt.timedelta(days=30), "dana")  # an earlier period
    fake_github.clear_log()

    result = run("digest", "--dry-run", "--today", "2026-11-26", env=fake_github_env)
    assert result.code == 0, result.stderr
    rows = closed_table(result.stdout)[1:]
    assert [(row[0], row[-1]) for row in rows] == [(f"#{second}", "@carol"), (f"#{first}", "@bob")]
    # One listing, then one GET per issue closed this week; none for the older one.
    assert fake_github.count("GET", r"/issues/\d+$") == 2


def test_closed_by_is_read_only_for_the_rows_the_digest_shows(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    with (checkout / ".github" / "action-tracker.yml").open("a", encoding="utf-8") as fh:
        fh.write("digest:\n  max_items: 2\n")
    monday = dt.datetime(2026, 11, 23, 10, tzinfo=UTC)
    numbers = [seed_closed(fake_github, n, monday + dt.timedelta(hours=n), f"user{n}")
               for n in range(5)]
    fake_github.clear_log()

    result = run("digest", "--dry-run", "--today", "2026-11-26", env=fake_github_env)
    assert result.code == 0, result.stderr
    rows = closed_table(result.stdout)[1:]
    assert [(row[0], row[-1]) for row in rows] == [
        (f"#{numbers[4]}", "@user4"), (f"#{numbers[3]}", "@user3"),
    ]
    assert fake_github.count("GET", r"/issues/\d+$") == 2
