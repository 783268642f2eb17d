"""Fixtures for end-to-end sync tests: a checkout in a temp dir, the CLI run in-process."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from action_tracker.cli import main
from action_tracker.testing.fake_github import FakeGitHub

# The config names the fake token's account (a workflow's GITHUB_TOKEN), so no identity
# lookup (one GraphQL viewer query) adds to the request counts these tests assert.
CONFIG = (
    "github:\n  write_interval: 0\n  max_retries: 2\n  max_rate_limit_wait: 5\n  timeout: 5\n"
    "  trusted_authors: ['github-actions[bot]']\n"
)
_ENV_KEYS = (
    "GITHUB_TOKEN", "GH_TOKEN", "GITHUB_REPOSITORY", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY",
    "GITHUB_OUTPUT", "GITHUB_SHA", "GITHUB_REF_NAME", "GITHUB_API_URL", "GITHUB_SERVER_URL",
)


@dataclass
class CliRun:
    code: int
    stdout: str
    stderr: str


Row = tuple[str, str, str, str, str, str]  # action, owner, due, priority, type, status


def pm_document(title: str, date: dt.date, rows: Sequence[Row]) -> str:
    """A postmortem with front matter and a simple action table (what the parser reads)."""
    lines = [
        "---", f"title: {title}", f"date: {date.isoformat()}", "severity: SEV2", "---", "",
        f"# {title}", "", "## Summary", "", "Something broke; we fixed it.", "",
        "## What went wrong", "", "- Alerts fired late", "",
        "## Action items", "",
        "| Action | Owner | Due | Priority | Type | Status |",
        "|---|---|---|---|---|---|",
    ]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    return "\n".join(lines) + "\n"


class Checkout:
    """A repository checkout with ``postmortems/`` and the test config."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / ".github").mkdir()
        (root / ".github" / "action-tracker.yml").write_text(CONFIG, encoding="utf-8")
        (root / "postmortems").mkdir()

    def write(self, name: str, title: str, rows: Sequence[Row],
              date: dt.date = dt.date(2026, 1, 12)) -> Path:
        path = self.root / "postmortems" / f"{name}.md"
        path.write_text(pm_document(title, date, rows), encoding="utf-8")
        return path

    def remove(self, name: str) -> None:
        (self.root / "postmortems" / f"{name}.md").unlink()


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Checkout:
    monkeypatch.chdir(tmp_path)
    for key in _ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567")
    return Checkout(tmp_path)


@pytest.fixture
def run_cli(
    checkout: Checkout, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., CliRun]:
    """Run ``action-tracker ARGS`` in-process with extra environment variables."""

    def run(*args: str, env: dict[str, str] | None = None) -> CliRun:
        with monkeypatch.context() as patch:
            for key, value in (env or {}).items():
                patch.setenv(key, value)
            capsys.readouterr()
            try:
                main(list(args))
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            out = capsys.readouterr()
        return CliRun(code, out.out, out.err)

    return run


@pytest.fixture
def gh(
    fake_github: FakeGitHub, fake_github_env: dict[str, str]
) -> tuple[FakeGitHub, dict[str, str]]:
    return fake_github, fake_github_env
