"""CLI manners shared by every command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "action_tracker", *args],
        capture_output=True, text=True, cwd=cwd, timeout=60,
    )


def test_version_and_help() -> None:
    out = run("--version")
    assert out.returncode == 0
    assert "action-tracker" in out.stdout
    assert "sync" in run("--help").stdout


def test_unknown_option_is_usage_error() -> None:
    out = run("sync", "--no-such-flag")
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
