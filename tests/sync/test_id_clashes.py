"""Two documents with one postmortem id: validate reports it, sync and preview freeze the id.

Issues are keyed on (postmortem id, action id). A document that declares another
postmortem's ``id:`` would otherwise close and reassign that postmortem's issues, and two
``db-outage.md`` files in different folders (the default id is the file name) would flip
each other's issues back and forth, one "removed" comment per run.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from action_tracker.markers import find_marker
from action_tracker.testing.fake_github import FakeGitHub
from tests.sync.conftest import Checkout, CliRun, pm_document
from tests.sync.helpers import tracked

REPO = "acme/widgets"
Run = Callable[..., CliRun]
Gh = tuple[FakeGitHub, dict[str, str]]

ROWS = [
    ("Add an alert on replica lag", "@alice", "2026-02-01", "P1", "prevent", "open"),
    ("Write the failover runbook", "@bob", "2026-03-01", "P2", "mitigate", "open"),
]
OTHER_ROWS = [
    ("Add an alert on replica lag", "@carol", "2026-05-01", "P1", "prevent", "done"),
    ("Shard the queue", "@carol", "2026-05-01", "P2", "prevent", "open"),
]


def write(root: Path, rel: str, rows: list[tuple[str, ...]], *, doc_id: str | None = None,
          title: str = "Outage") -> None:
    path = root / "postmortems" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    text = pm_document(title, dt.date(2026, 1, 12), rows)  # type: ignore[arg-type]
    if doc_id is not None:
        text = text.replace("---\n", f"---\nid: {doc_id}\n", 1)
    path.write_text(text, encoding="utf-8")


def snapshot(fake: FakeGitHub) -> list[tuple[Any, ...]]:
    return [(i["number"], i["state"], i["title"], i["body"], tuple(sorted(
        lb["name"] for lb in i["labels"])), len(fake.comments(REPO, i["number"])))
        for i in fake.issues(REPO) if find_marker(i["body"], "parent") is None]


def test_a_document_declaring_another_postmortems_id_cannot_hijack_its_issues(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    write(checkout.root, "2026-01-12-db.md", ROWS)
    assert run_cli("sync", env=env).code == 0
    before = snapshot(fake)
    assert len(before) == 2

    # A new document claims the first one's id and reuses an action id (marked done).
    write(checkout.root, "2026-04-01-queue.md", OTHER_ROWS, doc_id="2026-01-12-db",
          title="Queue")
    checked = run_cli("validate", "--format", "json")
    assert checked.code == 1
    report = json.loads(checked.stdout)
    errors = {(p["path"], p["line"]) for p in report["problems"] if p["severity"] == "error"}
    assert ("postmortems/2026-04-01-queue.md", 2) in errors  # the line of its `id:`
    assert ("postmortems/2026-01-12-db.md", None) in errors
    message = next(p["message"] for p in report["problems"]
                   if p["path"] == "postmortems/2026-04-01-queue.md")
    assert "postmortems/2026-01-12-db.md" in message and "id:" in message

    # Validating only the new file (a PR's changed files) still sees the clash.
    only_new = run_cli("validate", "postmortems/2026-04-01-queue.md")
    assert only_new.code == 1 and "2026-01-12-db.md" in only_new.stdout

    fake.clear_log()
    result = run_cli("sync", env=env)
    assert result.code == 1
    assert "2026-01-12-db" in result.stderr and "2026-04-01-queue.md" in result.stderr
    assert fake.writes == 0
    assert snapshot(fake) == before


def test_same_file_name_in_two_folders_never_flips_issues(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    write(checkout.root, "2025/db-outage.md", ROWS)
    assert run_cli("sync", env=env).code == 0
    before = snapshot(fake)
    assert {find_marker(i["body"]).postmortem_id for i in tracked(fake)} == {  # type: ignore[union-attr]
        "db-outage"}  # the default id stays the file name: existing issues keep their ids

    write(checkout.root, "2026/db-outage.md", OTHER_ROWS, title="Queue")
    text = run_cli("validate")
    assert text.code == 1
    assert "postmortems/2026/db-outage.md: error: postmortem id 'db-outage'" in text.stdout
    assert "postmortems/2025/db-outage.md" in text.stdout

    fake.clear_log()
    for args in (("sync",), ("sync", "postmortems/2026/db-outage.md"),
                 ("sync", "postmortems/2025/db-outage.md"), ("sync",)):
        result = run_cli(*args, env=env)
        assert result.code == 1, args
        assert "db-outage" in result.stderr
    assert fake.writes == 0  # no create, update, close or "removed" comment, in any run
    assert snapshot(fake) == before

    dry = run_cli("sync", "--dry-run", "--format", "json", "postmortems/2026", env=env)
    assert dry.code == 1
    assert json.loads(dry.stdout)["operations"] == []


def test_resolving_the_clash_with_an_id_syncs_the_new_document(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    write(checkout.root, "2025/db-outage.md", ROWS)
    assert run_cli("sync", env=env).code == 0
    write(checkout.root, "2026/db-outage.md", OTHER_ROWS, title="Queue")
    assert run_cli("sync", env=env).code == 1

    write(checkout.root, "2026/db-outage.md", OTHER_ROWS, title="Queue", doc_id="2026-queue")
    assert run_cli("validate").code == 0
    fake.clear_log()
    assert run_cli("sync", env=env).code == 0
    issues = tracked(fake)
    assert len(issues) == 3  # the new document's open action; the old issues untouched
    assert all(i["state"] == "open" for i in issues)
    assert not any(c for i in issues for c in fake.comments(REPO, i["number"]))


def test_other_postmortems_still_sync_while_an_id_clashes(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    write(checkout.root, "a/db-outage.md", ROWS)
    write(checkout.root, "b/db-outage.md", OTHER_ROWS)
    write(checkout.root, "2026-02-02-cache.md", [OTHER_ROWS[1]], title="Cache")
    result = run_cli("sync", env=env)
    assert result.code == 1
    issues = tracked(fake)
    assert [find_marker(i["body"]).postmortem_id for i in issues] == [  # type: ignore[union-attr]
        "2026-02-02-cache"]


def test_preview_reports_the_clash_and_plans_nothing_for_it(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    _, env = gh
    write(checkout.root, "a/db-outage.md", ROWS)
    write(checkout.root, "b/db-outage.md", OTHER_ROWS)
    result = run_cli("preview", "--dry-run", "--format", "json", "--pr", "3", env=env)
    data = json.loads(result.stdout)
    assert data["changes"] == []
    assert any("db-outage" in p and "b/db-outage.md" in p for p in data["problems"])
