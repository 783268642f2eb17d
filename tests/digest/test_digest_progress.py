"""The digest's progress figure and its "needs attention" causes, with and without a token,
for the same documents after a sync (CLI -> fake GitHub)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from action_tracker.digest.records import records_from_issues
from action_tracker.models import ActionItem, Postmortem
from action_tracker.runtime.config import Config
from action_tracker.testing.fake_github import FakeGitHub
from action_tracker.testing.issues import action_body, tracked
from tests.digest.conftest import Runner

TODAY = "2026-11-26"
PM_A = """---
title: Database failover
date: 2026-11-02
---

# Database failover

## Action items

| Action | Owner | Due | Priority | Status |
|---|---|---|---|---|
| Add an alert on replica lag | @alice | 2026-12-20 | P1 | open |
| Write the failover runbook | @bob | | P2 | open |
| Automate the restore drill | @carol | 2026-12-01 | | open |
| Ship the hotfix | @alice | | P0 | done |
| Raise the connection limit | @bob | | P1 | done |
| Rewrite the proxy in Rust | @dana | | P3 | won't fix |
"""
PM_B = """---
title: Cache stampede
---

# Cache stampede

## Action items

| Action | Owner | Priority |
|---|---|---|
| Cap the cache warmup concurrency | @carol | |
"""


def write_documents(checkout: Path) -> None:
    (checkout / "postmortems" / "a.md").write_text(PM_A, encoding="utf-8")
    (checkout / "postmortems" / "b.md").write_text(PM_B, encoding="utf-8")


def progress(body: str) -> str:
    match = re.search(r"\d+ of \d+ actions done \([^)]*\)", body)
    assert match, body
    return match.group(0)


def test_progress_is_the_same_with_and_without_a_token(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    write_documents(checkout)
    assert run("sync", env=fake_github_env).code == 0
    with_token = run("digest", "--dry-run", "--today", TODAY, env=fake_github_env)
    without = run("digest", "--dry-run", "--today", TODAY)
    assert with_token.code == 0 and without.code == 0, with_token.stderr + without.stderr
    # 2 done in the document (no issue for them), 4 open; the won't-fix one is not counted.
    assert progress(with_token.stdout) == progress(without.stdout) == "2 of 6 actions done (33%)"
    for body in (with_token.stdout, without.stdout):
        assert "marked done in the document or issue closed as completed" in body
        assert "dropped actions (won't fix, closed as not planned) not counted" in body

    # A close on GitHub counts as done (the token knows it; the documents cannot).
    number = next(i["number"] for i in fake_github.issues("acme/widgets")
                  if i["title"] == "Write the failover runbook")
    fake_github.person_edit("acme/widgets", number, actor="bob", state="closed",
                            state_reason="completed")
    again = run("digest", "--dry-run", "--today", TODAY, env=fake_github_env)
    assert progress(again.stdout) == "3 of 6 actions done (50%)"


def test_an_undated_postmortem_is_warned_at_sync_and_named_in_the_digest(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    write_documents(checkout)
    cause = "no due date: the postmortem has no date and the action has no due date"
    synced = run("sync", env=fake_github_env)
    assert synced.code == 0, synced.stderr
    assert f"postmortems/b.md:11: {cause}" in synced.stderr
    assert "a.md:" not in synced.stderr  # dated postmortem: every action has a due date
    # Written once: an unchanged action is not warned about again.
    assert cause not in run("sync", env=fake_github_env).stderr

    number = next(i["number"] for i in fake_github.issues("acme/widgets")
                  if i["title"] == "Cap the cache warmup concurrency")
    with_token = run("digest", "--dry-run", "--today", TODAY, env=fake_github_env)
    assert f"#{number}]" in with_token.stdout
    assert f"Cap the cache warmup concurrency: {cause}" in with_token.stdout
    without = run("digest", "--dry-run", "--today", TODAY)
    assert f"`postmortems/b.md:11` Cap the cache warmup concurrency: {cause}" in without.stdout


def test_each_missing_due_date_names_its_own_cause() -> None:
    dated = Postmortem(path="p/a.md", id="a", date=dt.date(2026, 11, 2),
                       actions=[ActionItem(id="x", description="X")])
    undated = Postmortem(path="p/b.md", id="b", actions=[
        ActionItem(id="y", description="Y"), ActionItem(id="z", description="Z", due_text="Q3"),
    ])
    issues = [
        tracked(1, body=action_body(pm="a", action="x", due=None)),  # filed before the date
        tracked(2, body=action_body(pm="b", action="y", due=None)),
        tracked(3, body=action_body(pm="b", action="z", due=None)),
        tracked(4, body=action_body(pm="b", action="gone", due=None)),
        tracked(5, body=action_body(pm="c", action="w", due=None)),
    ]
    records = records_from_issues(issues, [dated, undated], Config())
    assert [r.problem for r in records] == [
        "no due date on the issue, but p/a.md gives one now: run `action-tracker sync`",
        "no due date: the postmortem has no date and the action has no due date",
        "no due date: the postmortem has no date and the action's due 'Q3' is not a date",
        "no due date, and the action is no longer in p/b.md",
        "no due date, and its postmortem 'c' is not among the documents read",
    ]
