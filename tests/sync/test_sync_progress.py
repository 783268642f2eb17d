"""A long sync shows what it does as it goes: per-operation lines, ``n/N`` progress, and
(in Actions) warnings as annotations on the document's line."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable

import pytest

from action_tracker.cli import progress as progress_mod
from action_tracker.cli.progress import Progress
from action_tracker.render.report import progress_line
from action_tracker.runtime.config import Config
from action_tracker.testing.fake_github import FakeGitHub
from action_tracker.testing.fake_github.faults import Fault
from action_tracker.tracking.apply import apply_plan
from action_tracker.tracking.plan import Scope, plan
from action_tracker.tracking.result import ItemResult
from tests.sync.conftest import Checkout, CliRun
from tests.sync.helpers import action, desired_of, postmortem
from tests.sync.memory_store import MemoryStore

Run = Callable[..., CliRun]
Gh = tuple[FakeGitHub, dict[str, str]]
ROWS = [
    (f"Automate the restore drill number {n}", "@alice", "2026-03-01", "P2", "prevent", "open")
    for n in range(5)
]


# -- the applier reports, in order, as it goes -----------------------------------------------

def test_observer_hears_each_item_when_it_is_done_in_plan_order() -> None:
    store = MemoryStore()
    pm = postmortem("pm1", *(action(f"a{n}", f"Add alert number {n}") for n in range(4)))
    config = Config()
    the_plan = plan(desired_of(pm, config=config), [], Scope(all_tracked=True), config)
    heard: list[tuple[str, int]] = []

    def observer(item: ItemResult) -> None:
        heard.append((item.action, len(store.issues)))  # how many issues exist right now

    items, _ = apply_plan(the_plan, store, config, observer=observer)
    assert heard == [("a0", 1), ("a1", 2), ("a2", 3), ("a3", 4)]
    assert [i.action for i in items] == ["a0", "a1", "a2", "a3"]


# -- the progress line ---------------------------------------------------------------------

class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_line_text() -> None:
    assert progress_line(120, 300, 120.0) == (
        "sync: 120/300 issues (40%), 2 min 00 s elapsed, about 3 min 00 s left"
    )
    assert progress_line(300, 300, 306.4) == "sync: 300/300 issues (100%), 5 min 06 s elapsed"


def test_ci_progress_every_ten_percent_or_ten_seconds_whichever_is_rarer() -> None:
    clock, out = Clock(), io.StringIO()
    with Progress(300, out, interactive=False, clock=clock) as progress:
        for _ in range(300):  # one write a second: 10% (30 s) is rarer than 10 s
            clock.now += 1.0
            progress.advance()
    lines = out.getvalue().splitlines()
    assert len(lines) == 10
    assert lines[0].startswith("sync: 30/300 issues (10%), 30 s elapsed")
    assert lines[-1] == "sync: 300/300 issues (100%), 5 min 00 s elapsed"

    clock, out = Clock(), io.StringIO()
    with Progress(300, out, interactive=False, clock=clock) as progress:
        for _ in range(300):  # eight writes a second: 10 s is rarer than 10% (3.75 s)
            clock.now += 0.125
            progress.advance()
    lines = out.getvalue().splitlines()
    assert [line.split(",")[0] for line in lines] == ["sync: 80/300 issues (26%)",
                                                       "sync: 160/300 issues (53%)",
                                                       "sync: 240/300 issues (80%)",
                                                       "sync: 300/300 issues (100%)"]


def test_no_progress_for_a_short_run_nor_when_quiet() -> None:
    clock, out = Clock(), io.StringIO()
    with Progress(300, out, interactive=False, clock=clock) as progress:
        for _ in range(300):
            clock.now += 0.01  # 3 s in all
            progress.advance()
    with Progress(300, out, interactive=True, enabled=False, clock=clock) as progress:
        for _ in range(300):
            clock.now += 1.0
            progress.advance()
    assert out.getvalue() == ""


def test_terminal_progress_updates_one_line_and_clears_it() -> None:
    clock, out = Clock(), io.StringIO()
    with Progress(10, out, interactive=True, clock=clock) as progress:
        for _ in range(10):
            clock.now += 1.0
            progress.advance()
    text = out.getvalue()
    assert "\n" not in text  # one line, rewritten in place
    assert text.count("\r[") == 9  # from 2 s on: shown after the first few seconds
    assert "[####################] sync: 10/10 issues (100%)" in text
    assert text.endswith("\r\x1b[K")  # gone at the end: the summary line takes its place


# -- end to end: the CLI against the fake GitHub ---------------------------------------------

def test_sync_prints_each_operation_while_the_run_goes_on(
    checkout: Checkout, gh: Gh
) -> None:
    fake, env = gh
    rows = [*ROWS, ("Write the failover runbook", "Carol Jones", "", "P2", "mitigate", "open")]
    checkout.write("2026-01-12-db", "Database failover", rows)
    # The last create takes 3 s: every earlier line must be out before the process ends.
    fake.add_fault(Fault("POST", r"/issues$", "delay", delay=3.0, skip=len(rows) - 1))
    proc = subprocess.Popen(
        [sys.executable, "-m", "action_tracker", "sync"], cwd=checkout.root,
        env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert proc.stdout is not None and proc.stderr is not None
    early = [proc.stdout.readline() for _ in range(len(rows) - 1)]
    warning = proc.stderr.readline()  # known before the first write: shown before it
    read_at = time.monotonic()
    out, err = proc.communicate(timeout=60)
    # The lines came as their issues were written, not all at the end: the slow last create
    # was still to come when they were read.
    assert time.monotonic() - read_at > 2.0
    assert proc.returncode == 0, err
    assert [line.split(":")[0] for line in early] == ["created"] * (len(rows) - 1)
    assert out.count("created: ") == 1  # the last one; none printed twice
    assert "owner 'Carol Jones' is not a GitHub login" in warning
    assert "Carol Jones" not in err  # and not repeated at the end
    assert "created 6" in err


def test_json_stays_one_document_with_progress_on_stderr(
    checkout: Checkout, run_cli: Run, gh: Gh, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, env = gh
    monkeypatch.setattr(progress_mod, "EVERY", 0.0)  # a line every 10% however fast
    checkout.write("2026-01-12-db", "Database failover", ROWS)
    result = run_cli("sync", "--format", "json", env={**env, "GITHUB_ACTIONS": "true"})
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["counts"]["created"] == 5
    progress = [line for line in result.stderr.splitlines() if line.startswith("sync: ")]
    assert [line.split(" (")[0] for line in progress] == [f"sync: {n}/5 issues" for n in
                                                         range(1, 6)]


def test_text_lines_each_once_with_progress(
    checkout: Checkout, run_cli: Run, gh: Gh, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, env = gh
    monkeypatch.setattr(progress_mod, "EVERY", 0.0)
    checkout.write("2026-01-12-db", "Database failover", ROWS)
    result = run_cli("sync", env={**env, "GITHUB_ACTIONS": "true"})
    assert result.code == 0, result.stderr
    assert result.stdout.count("created: ") == 5
    assert "sync: 5/5 issues" in result.stderr
    quiet = run_cli("-q", "sync", env=env)  # nothing to write, and -q: no progress at all
    assert quiet.stderr == "" and quiet.stdout == ""


def test_a_fatal_stop_prints_every_line_once(checkout: Checkout, run_cli: Run, gh: Gh) -> None:
    fake, env = gh
    checkout.write("2026-01-12-db", "Database failover", ROWS)
    fake.add_fault(Fault("POST", r"/issues$", "status", status=401,
                         body={"message": "Bad credentials"}, skip=2))
    result = run_cli("sync", env=env)
    assert result.code == 2
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == ["created"] * 2 + ["failed to create"] * 3
    assert len(set(lines)) == 5
    assert "not attempted" in lines[-1]


# -- warnings in Actions -----------------------------------------------------------------------

def test_unassignable_owner_warning_is_an_annotation_on_the_documents_line(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    _, env = gh
    path = checkout.write("2026-01-12-db", "Database failover", [
        ("Add an alert on replica lag", "@alice", "2026-02-01", "P1", "prevent", "open"),
        ("Write the failover runbook", "@mallory", "", "P2", "mitigate", "open"),
        ("Automate the restore drill", "@mallory", "", "P2", "mitigate", "open"),
    ])
    line = path.read_text().splitlines().index(
        next(x for x in path.read_text().splitlines() if "failover runbook" in x)) + 1
    result = run_cli("sync", env={**env, "GITHUB_ACTIONS": "true"})
    assert result.code == 0, result.stderr
    warnings = [x for x in result.stderr.splitlines() if "@mallory" in x]
    assert warnings == [
        f"::warning file=postmortems/2026-01-12-db.md,line={line}::@mallory cannot be assigned "
        "issues in this repository; named in the issue body instead"
    ]


def test_document_text_in_a_warning_cannot_inject_workflow_commands(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    _, env = gh
    doc = checkout.root / "postmortems" / "2026-01-12-evil.md"
    doc.write_text(
        "---\ntitle: Evil\ndate: 2026-01-12\nactions:\n"
        "  - description: Rotate the keys\n"
        "    owner: \"Eve %0A\\n::error file=x.md,line=1::forged\\r\\n::add-mask::x\"\n"
        "---\n\n# Evil\n",
        encoding="utf-8",
    )
    result = run_cli("sync", env={**env, "GITHUB_ACTIONS": "true"})
    commands = [x for x in result.stderr.splitlines() if x.lstrip().startswith("::")]
    assert commands, result.stderr
    assert all(x.startswith("::warning file=postmortems/2026-01-12-evil.md,") for x in commands)
    assert "forged" in "".join(commands) and "%250A" in "".join(commands)
    assert not any(x.lstrip().startswith("::") for x in result.stdout.splitlines())
