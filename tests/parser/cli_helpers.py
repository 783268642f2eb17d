"""Run the real console entry point in-process: its exit code, stdout and stderr."""

from __future__ import annotations

import pytest

from action_tracker.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stopped:
        main(list(args))
    captured = capsys.readouterr()
    code = stopped.value.code
    assert "Traceback" not in captured.err
    return (code if isinstance(code, int) else 0), captured.out, captured.err
