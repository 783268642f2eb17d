"""Fixtures for the digest tests: run the CLI in-process in a scratch checkout."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from action_tracker.cli import main

_CLEARED = (
    "GITHUB_TOKEN", "GH_TOKEN", "GITHUB_REPOSITORY", "GITHUB_API_URL", "GITHUB_SERVER_URL",
    "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_ACTIONS", "GITHUB_SHA", "GITHUB_REF_NAME",
    "GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH", "ACTION_TRACKER_WEBHOOK_URL",
)


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


Runner = Callable[..., Result]


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty checkout (cwd): ``postmortems/``, a config, no GitHub environment."""
    for name in _CLEARED:
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "postmortems").mkdir()
    (tmp_path / ".github").mkdir()
    # No 1-second pause between writes against the fake server.
    (tmp_path / ".github" / "action-tracker.yml").write_text(
        "github:\n  write_interval: 0\n  trusted_authors: ['github-actions[bot]']\n",
        encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def run(checkout: Path, capsys: pytest.CaptureFixture[str]) -> Runner:
    """``run("digest", "--dry-run", env={...})`` -> exit code, stdout, stderr."""

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        saved = dict(os.environ)
        os.environ.update(env or {})
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            os.environ.clear()
            os.environ.update(saved)
        out = capsys.readouterr()
        return Result(code, out.out, out.err)

    return invoke
