"""Manners every command shares: global options after the command, one exit code for a path
that is not there, a warning (never "no problems") when no document matched, and a missing
token's message naming the fix that fits the command."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from action_tracker.testing.fake_github import FakeGitHub
from tests.sync.conftest import Checkout, CliRun

Run = Callable[..., CliRun]
Gh = tuple[FakeGitHub, dict[str, str]]
ROWS = [
    ("Add an alert on replica lag", "@alice", "2026-02-01", "P1", "prevent", "open"),
    ("Already shipped the hotfix", "@alice", "2026-01-13", "P0", "mitigate", "done"),
]


# -- (16) global options after the command -----------------------------------------------

def test_quiet_and_verbose_after_the_command(checkout: Checkout, run_cli: Run) -> None:
    checkout.write("2026-01-12-db", "Database failover", ROWS)
    plain = run_cli("sync", "--dry-run")
    assert plain.code == 0 and "dry run: would create 1" in plain.stderr
    assert "unchanged: " not in plain.stdout
    for args in (("sync", "-q", "--dry-run"), ("-q", "sync", "--dry-run"),
                 ("-v", "sync", "--dry-run", "--quiet")):
        quiet = run_cli(*args)
        assert quiet.code == 0 and quiet.stderr == "", args
        assert quiet.stdout == plain.stdout
    for args in (("sync", "--dry-run", "-v"), ("-q", "sync", "--dry-run", "--verbose")):
        verbose = run_cli(*args)  # after the command, it wins over the group's -q
        assert "unchanged: 2026-01-12-db: Already shipped the hotfix" in verbose.stdout, args
        assert "dry run: would create 1" in verbose.stderr
    digest_quiet = run_cli("digest", "--dry-run", "-q")
    assert digest_quiet.code == 0 and digest_quiet.stderr == ""
    assert "no GitHub token" in run_cli("digest", "--dry-run", "-v").stderr


def test_config_after_the_command_wins(checkout: Checkout, run_cli: Run) -> None:
    checkout.write("2026-01-12-db", "Database failover", ROWS)
    (checkout.root / "other.yml").write_text("labels:\n  tracking: from-other\n")
    (checkout.root / "bad.yml").write_text("no_such_key: 1\n")
    result = run_cli("--config", "bad.yml", "sync", "--dry-run", "--config", "other.yml",
                     "--format", "json")
    assert result.code == 0, result.stderr
    bad = run_cli("--config", "other.yml", "validate", "--config", "bad.yml")
    assert bad.code == 2 and "bad.yml" in bad.stderr
    assert run_cli("parse", "-q", "postmortems/2026-01-12-db.md").code == 0
    status = run_cli("status", "--config", "bad.yml")
    assert status.code == 2 and "bad.yml" in status.stderr


# -- (17) a path that does not exist; no document found ----------------------------------

@pytest.mark.parametrize("command", [
    ("parse",), ("parse", "--format", "text"), ("validate",), ("sync", "--dry-run"),
    ("digest", "--dry-run"), ("preview", "--dry-run"),
])
def test_a_missing_path_is_a_usage_error_in_every_command(
    checkout: Checkout, run_cli: Run, command: tuple[str, ...]
) -> None:
    checkout.write("2026-01-12-db", "Database failover", ROWS)
    result = run_cli(*command, "postmortems/2026-01-12-db.md", "postmortems/nope.md")
    assert result.code == 2
    assert result.stdout == ""  # no JSON, no half report
    assert result.stderr.strip().splitlines()[-1] == (
        "error: postmortems/nope.md: no such file or folder"
    )


@pytest.mark.parametrize("command", [
    ("validate",), ("sync", "--dry-run"), ("digest", "--dry-run"), ("preview", "--dry-run"),
])
@pytest.mark.parametrize("where", ["globs", "folder"])
def test_no_document_found_is_a_warning_and_a_notice(
    checkout: Checkout, run_cli: Run, tmp_path: Path, command: tuple[str, ...], where: str
) -> None:
    summary = tmp_path / "summary.md"
    env = {"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_ACTIONS": "true"}
    args = (*command, "postmortems") if where == "folder" else command
    result = run_cli(*args, env=env)
    assert result.code == 0, result.stderr
    if where == "folder":
        expected = "0 postmortems matched postmortems (no .md or .markdown file there"
    else:
        expected = "0 postmortems matched the configured paths (postmortems/**/*.md"
    assert f"::warning::{expected}" in result.stderr
    text = summary.read_text()
    assert f"> [!NOTE]\n> {expected}" in text
    assert "No problems found" not in text
    plain = run_cli(*args)
    assert f"warning: {expected}" in plain.stderr


# -- (18) a missing token names the fix that fits --------------------------------------------

@pytest.mark.parametrize("command", [
    ("sync",), ("digest",), ("preview", "--pr", "3"), ("status",),
])
def test_missing_token_names_the_fix_for_the_command(
    checkout: Checkout, run_cli: Run, command: tuple[str, ...]
) -> None:
    checkout.write("2026-01-12-db", "Database failover", ROWS)
    result = run_cli(*command, env={"GITHUB_REPOSITORY": "acme/widgets"})
    assert result.code == 2
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1
    assert line.startswith(f"error: {command[0]}: no GitHub token: set GITHUB_TOKEN (or GH_TOKEN)")
    assert ("--dry-run" in line) == (command[0] != "status")


def test_json_of_parse_for_present_files_is_unchanged(checkout: Checkout, run_cli: Run) -> None:
    checkout.write("2026-01-12-db", "Database failover", ROWS)
    result = run_cli("parse", "postmortems/2026-01-12-db.md")
    assert result.code == 0
    assert json.loads(result.stdout)[0]["path"] == "postmortems/2026-01-12-db.md"
