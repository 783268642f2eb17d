"""Run the action the way a GitHub runner does, against the fake GitHub server.

``run_action`` executes the `run:` script of action.yml's "Run action-tracker" step with
bash, passing inputs the way the composite does (``INPUT_*`` environment variables, token
as ``GITHUB_TOKEN``) and the variables a runner sets (``GITHUB_ACTIONS``,
``GITHUB_EVENT_NAME``, ``GITHUB_EVENT_PATH`` with a real-shaped webhook payload,
``GITHUB_STEP_SUMMARY``, ``GITHUB_OUTPUT``). Only the install steps are skipped: the tool
runs from this checkout's virtualenv.

By default the step's script runs for real but hands its final command line to a recorder,
and the tool then runs in this process with exactly that command line and environment
(starting Python and importing the tool costs ~1 s a run). ``in_subprocess=True`` executes
the command line in a real subprocess instead, as the runner does.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml

from action_tracker.cli import main
from action_tracker.testing.fake_github import FakeGitHub

ROOT = Path(__file__).resolve().parents[2]
PAYLOADS = Path(__file__).resolve().parent / "payloads"
HEAD_SHA = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c"
MERGE_SHA = "e5bd3914e2e596debea16f433f57875b5b90bcd6"


def load_action() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    return data


def run_step_script() -> str:
    step = next(s for s in load_action()["runs"]["steps"] if s.get("id") == "run")
    return str(step["run"])


def parse_outputs(text: str) -> dict[str, str]:
    """``$GITHUB_OUTPUT`` as the runner reads it: ``k=v`` lines and ``k<<DELIM`` blocks."""
    values: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delim = line.split("<<", 1)
            block = []
            for inner in lines:
                if inner == delim:
                    break
                block.append(inner)
            values[name] = "\n".join(block)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
    return values


@dataclass
class ActionRun:
    returncode: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str


@dataclass
class Workspace:
    """A checkout with postmortems, and the runner's files for one job."""

    root: Path
    fake: FakeGitHub
    runner_temp: Path
    event_name: str = "pull_request"
    pr_number: int | None = None
    in_subprocess: bool = False

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def event_payload(self) -> Path:
        if self.event_name == "pull_request":
            data: dict[str, Any] = json.loads(
                (PAYLOADS / "pull_request.synchronize.json").read_text(encoding="utf-8")
            )
            number = self.pr_number or 1
            data["number"] = data["pull_request"]["number"] = number
            data["pull_request"]["issue_url"] = (
                f"https://api.github.com/repos/acme/widgets/issues/{number}"
            )
        else:
            data = json.loads((PAYLOADS / "push.json").read_text(encoding="utf-8"))
        path = self.runner_temp / "event.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        return path

    def run(self, token: str | None = None, **inputs: str) -> ActionRun:
        """One step run: fresh GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, like the runner."""
        output = self.runner_temp / "output.txt"
        summary = self.runner_temp / "summary.md"
        output.write_text("", encoding="utf-8")
        summary.write_text("", encoding="utf-8")
        fake_env = self.fake.env("acme/widgets")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.runner_temp),
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_EVENT_NAME": self.event_name,
            "GITHUB_EVENT_PATH": str(self.event_payload()),
            "GITHUB_SHA": MERGE_SHA,
            "GITHUB_REF_NAME": "1/merge" if self.event_name == "pull_request" else "main",
            "GITHUB_REPOSITORY": "acme/widgets",
            "GITHUB_API_URL": fake_env["GITHUB_API_URL"],
            "GITHUB_SERVER_URL": fake_env["GITHUB_SERVER_URL"],
            "GITHUB_WORKSPACE": str(self.root),
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(summary),
            "RUNNER_TEMP": str(self.runner_temp),
            # What action.yml's run step receives from its `env:` block:
            "TOOL_PYTHON": sys.executable if self.in_subprocess else str(self._recorder()),
            "GITHUB_TOKEN": self.fake.token if token is None else token,
            "INPUT_COMMAND": inputs.get("command", "sync"),
            "INPUT_CONFIG": inputs.get("config", ""),
            "INPUT_REPO": inputs.get("repo", ""),
            "INPUT_DRY_RUN": inputs.get("dry_run", "false"),
            "INPUT_ARGS": inputs.get("args", ""),
        }
        argv_file = self.runner_temp / "argv"
        argv_file.unlink(missing_ok=True)
        env["ARGV_FILE"] = str(argv_file)
        proc = subprocess.run(
            ["bash", "-e", "-c", run_step_script()], cwd=self.root, env=env,
            capture_output=True, text=True, timeout=60, check=False,
        )
        returncode, stdout, stderr = proc.returncode, proc.stdout, proc.stderr
        if not self.in_subprocess and argv_file.exists():
            argv = argv_file.read_text(encoding="utf-8").split("\0")[:-1]
            assert argv[:3] == ["-P", "-m", "action_tracker"], argv
            returncode, out, err = self._run_in_process(argv[3:], env)
            stdout, stderr = stdout + out, stderr + err
        outputs = parse_outputs(output.read_text(encoding="utf-8"))
        # A value the tool writes but action.yml does not declare is lost to the workflow.
        undeclared = set(outputs) - set(load_action()["outputs"])
        assert not undeclared, f"outputs missing from action.yml: {sorted(undeclared)}"
        return ActionRun(returncode, stdout, stderr, outputs, summary.read_text(encoding="utf-8"))

    def _recorder(self) -> Path:
        """A stand-in for Python that writes the command line it was given to $ARGV_FILE."""
        path = self.runner_temp / "record-argv"
        path.write_text(
            '#!/bin/sh\nfor a in "$@"; do printf \'%s\\0\' "$a"; done > "$ARGV_FILE"\n',
            encoding="utf-8",
        )
        path.chmod(0o755)
        return path

    def _run_in_process(self, args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = 0
        with (
            mock.patch.dict(os.environ, env, clear=True),
            contextlib.chdir(self.root),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            try:
                main(args)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
        return code, out.getvalue(), err.getvalue()


@pytest.fixture
def workspace(tmp_path: Path, fake_github: FakeGitHub) -> Workspace:
    root = tmp_path / "checkout"
    root.mkdir()
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    ws = Workspace(root=root, fake=fake_github, runner_temp=runner_temp)
    # GitHub asks for >= 1 s between writes; the fake does not, and the tests stay fast.
    ws.write(".github/action-tracker.yml", "github:\n  write_interval: 0\n")
    return ws


RunAction = Callable[..., ActionRun]
