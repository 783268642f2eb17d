"""``sync`` and ``preview`` plan through the same use case (``app.plan_for_run``: the
documents, the tracked issues, the linked issues, ``plan_changes``), so the preview shows
what the merge's sync does: the same operations, problems and counts for the same checkout."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from action_tracker import app
from action_tracker.app import plan as plan_step
from tests.sync.conftest import Checkout, CliRun


def test_sync_and_preview_plan_through_one_use_case(
    checkout: Checkout, run_cli: Callable[..., CliRun], monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout.write("2026-01-12-db", "Database failover", [
        ("Add an alert on replica lag", "@alice", "2026-02-01", "P1", "prevent", "open"),
        ("Write the failover runbook", "Tom Becker", "", "P2", "mitigate", "open"),
        ("Automate the restore drill", "@bob", "", "P2", "mitigate", "done"),
    ])
    plans: dict[str, list[Any]] = {}
    real = plan_step.plan_changes

    def spy(*args: Any, **kwargs: Any) -> app.PlannedRun:
        planned = real(*args, **kwargs)
        plans[command] = [(op.op, op.postmortem, op.action) for op in planned.plan.operations]
        return planned

    monkeypatch.setattr(plan_step, "plan_changes", spy)
    command = "sync"
    synced = run_cli("sync", "--dry-run", "--format", "json")
    command = "preview"
    previewed = run_cli("preview", "--dry-run", "--format", "json")
    assert synced.code == previewed.code == 0, synced.stderr + previewed.stderr
    assert plans["sync"] == plans["preview"] and len(plans["sync"]) == 3
    counts = json.loads(synced.stdout)["counts"]
    shown = json.loads(previewed.stdout)["counts"]
    assert (shown["create"], shown["unchanged"]) == (counts["created"], counts["unchanged"])
