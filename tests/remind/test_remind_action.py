"""``remind`` as the action and the digest workflow run it."""

from __future__ import annotations

from pathlib import Path

import yaml

from action_tracker.testing.issues import action_body
from tests.action.conftest import Workspace, workspace

__all__ = ["workspace"]

ROOT = Path(__file__).resolve().parents[2]


def test_action_runs_remind_and_sets_its_outputs(workspace: Workspace) -> None:
    ws = workspace
    ws.event_name = "schedule"
    ws.write(".github/action-tracker.yml", "github:\n  write_interval: 0\n")
    number = ws.fake.seed_issue("acme/widgets", "Add alert", action_body(due="2026-01-05"),
                                labels=["postmortem-action"], assignees=["alice"],
                                user=ws.fake.login)
    result = ws.run(command="remind", args="--today 2026-02-02")
    assert result.returncode == 0, result.stderr
    assert result.outputs["reminded"] == "1" and result.outputs["failed"] == "0"
    (comment,) = ws.fake.comments("acme/widgets", number)
    assert comment["body"].startswith("@alice: this action is **4 weeks (28 days) overdue**")


def test_digest_workflow_reminds_after_the_digest_with_least_privilege() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/postmortem-digest.yml").read_text())
    job = workflow["jobs"]["digest"]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    commands = [s["with"]["command"] for s in job["steps"] if s.get("uses") == "./"]
    assert commands == ["digest", "remind"]
