"""A backlog that does not flood (issue 12, parts 3 and 4), end to end through the CLI
against the fake GitHub: ``backlog: {since, mode}``, the overdue-on-arrival count and its
one-line hint, the digest's backlog section, and the sync summary block."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from action_tracker.markers import find_marker
from action_tracker.testing.fake_github import FakeGitHub
from tests.sync.conftest import CONFIG, Checkout, CliRun

REPO = "acme/widgets"
Run = Callable[..., CliRun]
Gh = tuple[FakeGitHub, dict[str, str]]

OLD_ROWS = [  # a 2018 postmortem: every default due date is years past
    ("Add an alert on disk usage", "@alice", "", "P1", "prevent", "open"),
    ("Document the restore steps", "@bob", "2018-04-01", "P2", "mitigate", "open"),
    ("Rotate the leaked key", "@bob", "", "P0", "mitigate", "done"),
]
NEW_ROWS = [
    ("Add an alert on replica lag", "@carol", "2026-02-01", "P1", "prevent", "open"),
]


def configure(checkout: Checkout, extra: str) -> None:
    (checkout.root / ".github" / "action-tracker.yml").write_text(CONFIG + extra,
                                                                   encoding="utf-8")


def documents(checkout: Checkout) -> None:
    checkout.write("2018-03-01-disk", "Disk full", OLD_ROWS, date=dt.date(2018, 3, 1))
    checkout.write("2026-01-12-db", "Database failover", NEW_ROWS)


def tracked(fake: FakeGitHub) -> dict[str, dict[str, Any]]:
    return {i["title"]: i for i in fake.issues(REPO) if find_marker(i["body"]) is not None}


def due_of(issue: dict[str, Any]) -> str | None:
    marker = find_marker(issue["body"])
    assert marker is not None
    return marker.get("due")


def test_track_counts_default_due_dates_from_since_and_keeps_stated_ones(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    configure(checkout, "backlog:\n  since: 2026-01-01\n  mode: track\n")
    documents(checkout)
    result = run_cli("sync", env=env)
    assert result.code == 0, result.stderr
    issues = tracked(fake)
    assert set(issues) == {"Add an alert on disk usage", "Document the restore steps",
                           "Add an alert on replica lag"}
    assert due_of(issues["Add an alert on disk usage"]) == "2026-01-29"  # since + 28 (P1)
    assert "counted from 2026-01-01" in issues["Add an alert on disk usage"]["body"]
    assert due_of(issues["Document the restore steps"]) == "2018-04-01"  # as written
    assert due_of(issues["Add an alert on replica lag"]) == "2026-02-01"  # not backlog
    assert "backlog (before 2026-01-01, mode track): 1 postmortem, 3 actions" in result.stderr
    assert "add `backlog: {since:" not in result.stderr  # configured: no hint


def test_skip_files_nothing_and_leaves_issues_an_earlier_run_opened(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    documents(checkout)
    assert run_cli("sync", env=env).code == 0  # before the team set a backlog
    before = {title: (i["state"], [lb["name"] for lb in i["labels"]], i["comments"])
              for title, i in tracked(fake).items()}
    assert len(before) == 3
    configure(checkout, "backlog: {since: 2026-01-01, mode: skip}\n")
    checkout.write("2018-03-01-disk", "Disk full", [*OLD_ROWS, (
        "Add a second disk alert", "@alice", "", "P1", "prevent", "open")],
        date=dt.date(2018, 3, 1))
    writes = fake.writes
    dry = run_cli("sync", "--dry-run", "--format", "json", env=env)
    assert dry.code == 0, dry.stderr
    plan = json.loads(dry.stdout)
    assert [op for op in plan["operations"] if op["postmortem"] == "2018-03-01-disk"] == []
    assert plan["summary"]["backlog"] == {"since": "2026-01-01", "mode": "skip",
                                          "postmortems": 1, "actions": 4}
    result = run_cli("sync", env=env)
    assert result.code == 0, result.stderr
    assert fake.writes == writes  # nothing filed, nothing marked removed
    after = {title: (i["state"], [lb["name"] for lb in i["labels"]], i["comments"])
             for title, i in tracked(fake).items()}
    assert after == before
    assert "validated, not filed" in result.stderr


def test_skip_still_validates_backlog_documents(checkout: Checkout, run_cli: Run) -> None:
    configure(checkout, "backlog: {since: 2026-01-01, mode: skip}\n")
    documents(checkout)
    path = checkout.root / "postmortems" / "2018-03-01-disk.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "date: 2018-03-01", "date: 2018-03-01\nid: " + "x" * 300))
    for command in (("validate",), ("sync", "--dry-run")):
        result = run_cli(*command)
        assert result.code == 1, (command, result.stderr)
        assert "2018-03-01-disk.md" in result.stdout + result.stderr


def test_without_backlog_one_line_says_how_many_are_overdue_on_arrival(
    checkout: Checkout, run_cli: Run
) -> None:
    documents(checkout)
    result = run_cli("sync", "--dry-run")
    assert result.code == 0, result.stderr
    hints = [line for line in result.stderr.splitlines() if "backlog: {since:" in line]
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert len(hints) == 1  # one line, not one per action
    assert hints[0].strip().startswith("3 issues of this run are overdue the day they are opened")
    assert f"`backlog: {{since: {today}, mode: track}}`" in hints[0]
    assert "  already overdue on arrival: 3\n" in result.stderr
    block = result.stderr[result.stderr.index("dry run: would create 3"):]
    assert "  documents read: 2\n" in block
    assert "  actions: 4 (1 done in the document)\n" in block
    assert "  issues it would open: 3\n" in block
    assert "  owners of the 3 open actions: 3 resolved to a login, 0 not resolved" in block


def test_summary_in_json_and_in_the_job_summary(
    checkout: Checkout, run_cli: Run, gh: Gh, tmp_path: Path
) -> None:
    _fake, env = gh
    documents(checkout)
    checkout.write("2026-01-20-cache", "Cache", [
        ("Cap the warmup", "Carol Jones", "2099-01-01", "P1", "prevent", "open"),
        ("Tune the TTL", "", "2099-01-01", "P2", "prevent", "open"),
    ], date=dt.date(2026, 1, 20))
    summary_file = tmp_path / "summary.md"
    result = run_cli("sync", "--format", "json",
                     env={**env, "GITHUB_STEP_SUMMARY": str(summary_file)})
    assert result.code == 0, result.stderr
    summary = json.loads(result.stdout)["summary"]
    assert summary["documents"] == 3 and summary["actions"] == 6
    assert summary["to_open"] == 5 and summary["overdue_on_arrival"] == 3
    assert summary["done_in_document"] == 1
    assert (summary["owners_resolved"], summary["owners_unresolved"],
            summary["owners_missing"]) == (3, 1, 1)
    assert (summary["linked"], summary["linked_unreachable"]) == (0, 0)  # no ticket links
    assert "run `action-tracker owners`" in result.stderr  # one owner did not resolve
    text = summary_file.read_text(encoding="utf-8")
    assert "**Summary**" in text
    assert "- issues opened: 5" in text and "- already overdue on arrival: 3" in text
    assert text.count("backlog: {since:") == 1


def test_digest_lists_backlog_apart_with_and_without_a_token(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    _fake, env = gh
    configure(checkout, "backlog: {since: 2026-01-01, mode: track}\n")
    documents(checkout)
    assert run_cli("sync", env=env).code == 0
    with_token = run_cli("digest", "--dry-run", "--today", "2026-12-08", env=env)
    without = run_cli("digest", "--dry-run", "--today", "2026-12-08")
    for result in (with_token, without):
        assert result.code == 0, result.stderr
        body = result.stdout
        overdue = body[body.index("### Overdue"):body.index("### Due in")]
        assert "Add an alert on replica lag" in overdue
        assert "disk usage" not in overdue and "restore steps" not in overdue
        section = body[body.index("### Backlog (2)"):body.index("### Closed")]
        assert ("2 open actions from postmortems dated before 2026-01-01, filed under "
                "`backlog` (2 past their due date)") in section
        assert "Disk full" in section and "(2018-03-01)" in section
        assert "`action-tracker status` lists them all" in section
        assert "**1 overdue**" in body
    token_json = json.loads(run_cli("digest", "--dry-run", "--today", "2026-12-08",
                                    "--format", "json", env=env).stdout)
    plain_json = json.loads(run_cli("digest", "--dry-run", "--today", "2026-12-08",
                                    "--format", "json").stdout)
    for key in ("open", "overdue"):
        assert token_json["backlog"][key] == plain_json["backlog"][key]
    assert token_json["backlog"]["oldest"]["description"] == (
        plain_json["backlog"]["oldest"]["description"])


def test_digest_without_backlog_keeps_old_actions_in_the_overdue_table(
    checkout: Checkout, run_cli: Run
) -> None:
    documents(checkout)
    body = run_cli("digest", "--dry-run", "--today", "2026-12-08").stdout
    assert "### Backlog" not in body and "**3 overdue**" in body


def test_backlog_config_errors_name_the_key(checkout: Checkout, run_cli: Run) -> None:
    for text, expected in (
        ("backlog: {since: 2026-13-01}\n", "backlog.since: '2026-13-01' is not a date"),
        ("backlog: {since: 2026-01-01, mode: later}\n", "backlog.mode"),
        ("backlog: {mode: skip}\n", "backlog.since"),
        ("backlog: {since: 2026-01-01, until: 2026-02-01}\n", "unknown key 'backlog.until'"),
        ("backlog: 2026-01-01\n", "backlog: must be a mapping such as {since: 2026-01-01"),
    ):
        configure(checkout, text)
        result = run_cli("sync", "--dry-run")
        assert result.code == 2, text
        assert expected in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_due_rule_counts_from_since_only_for_backlog_postmortems() -> None:
    """The one rule (``tracking.due``): document due stands, default from ``since``."""
    from action_tracker.models import ActionItem, Postmortem
    from action_tracker.runtime.config import config_from_mapping
    from action_tracker.tracking import due as due_rule

    config = config_from_mapping({"backlog": {"since": "2026-01-01"}})
    old = Postmortem(path="a.md", id="a", date=dt.date(2018, 3, 1))
    new = Postmortem(path="b.md", id="b", date=dt.date(2026, 1, 12))
    undated = Postmortem(path="c.md", id="c")
    action = ActionItem(id="x", description="Do it", priority="P1", line=3)
    stated = ActionItem(id="y", description="Do it", due=dt.date(2018, 4, 1), line=4)
    assert due_rule.effective_due(action, old, config) == (dt.date(2026, 1, 29), "backlog")
    assert due_rule.effective_due(stated, old, config) == (dt.date(2018, 4, 1), "document")
    assert due_rule.effective_due(action, new, config) == (dt.date(2026, 2, 9), "default")
    assert due_rule.in_backlog(old, config) and not due_rule.in_backlog(undated, config)
    assert not due_rule.skipped(old, config)
    skip = config_from_mapping({"backlog": {"since": dt.date(2026, 1, 1), "mode": "skip"}})
    assert due_rule.skipped(old, skip) and not due_rule.skipped(new, skip)
