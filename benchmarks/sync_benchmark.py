"""Sync at scale against the fake GitHub server: 500 postmortems, 2,500 actions.

Prints requests (reads / writes) and wall time for: the first sync, a no-op re-sync, and a
sync after one document changed. Targets (issue 3): the no-op re-sync makes no write and at
most ceil(tracked / 100) + 3 requests; the one-document change writes only that document's
issues; the first sync makes about one write per action plus a handful.

Run from the repository root: ``python benchmarks/sync_benchmark.py [--postmortems 500]``.
Documents are generated in a temp dir as simple action tables and synced through the CLI
(in-process); if the parser cannot read them yet, ``--core`` (automatic fallback) builds the
models directly and calls the same core (desired -> plan -> apply) with the GitHub adapter.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import math
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from action_tracker.markers import find_marker  # noqa: E402
from action_tracker.models import ActionItem, Postmortem  # noqa: E402
from action_tracker.parsing import parse_file  # noqa: E402
from action_tracker.runtime.config import config_from_mapping  # noqa: E402
from action_tracker.testing.fake_github import FakeGitHub  # noqa: E402

REPO = "acme/widgets"
OWNERS = ["@alice", "@bob", "@carol", "Dana Scully", "@mallory"]
VERBS = ["Add", "Automate", "Document", "Alert on", "Rate-limit", "Test", "Cap", "Monitor"]
THINGS = ["replica lag", "cache warmup", "DNS failover", "disk usage", "queue depth",
          "TLS expiry", "deploy rollback", "backup restore", "config drift", "quota use"]
CONFIG = {"github": {"write_interval": 0, "max_retries": 2, "max_rate_limit_wait": 5}}


def rows_for(n: int, per_pm: int, revision: int = 0) -> list[tuple[str, ...]]:
    rows = []
    for k in range(per_pm):
        i = n * per_pm + k
        text = f"{VERBS[i % len(VERBS)]} {THINGS[(i // 3) % len(THINGS)]} for service {n}-{k}"
        if revision:
            text += f" (revised {revision})"
        due = (dt.date(2026, 2, 1) + dt.timedelta(days=i % 90)).isoformat() if i % 3 else ""
        rows.append((text, OWNERS[i % len(OWNERS)], due, f"P{i % 4}", "prevent", "open"))
    return rows


def document(n: int, per_pm: int, revision: int = 0) -> str:
    date = dt.date(2025, 1, 1) + dt.timedelta(days=n % 365)
    lines = ["---", f"title: Incident {n}", f"date: {date.isoformat()}", "---", "",
             f"# Incident {n}", "", "## What went wrong", "", "- The alert came late", "",
             "## Action items", "", "| Action | Owner | Due | Priority | Type | Status |",
             "|---|---|---|---|---|---|"]
    lines += [f"| {' | '.join(r)} |" for r in rows_for(n, per_pm, revision)]
    return "\n".join(lines) + "\n"


def model(n: int, per_pm: int, revision: int = 0) -> Postmortem:
    actions = [
        ActionItem(id=f"a{k}", description=r[0], owner=r[1],
                   due=dt.date.fromisoformat(r[2]) if r[2] else None, priority=r[3],
                   type=r[4], status="open", line=14 + k)
        for k, r in enumerate(rows_for(n, per_pm, revision))
    ]
    return Postmortem(path=f"postmortems/pm-{n:04d}.md", id=f"pm-{n:04d}", title=f"Incident {n}",
                      date=dt.date(2025, 1, 1) + dt.timedelta(days=n % 365), actions=actions)


def cli_runner(root: Path, env: dict[str, str]) -> Callable[[], int]:
    from action_tracker.cli import main

    def run() -> int:
        old = os.getcwd()
        saved = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        os.chdir(root)
        err = io.StringIO()
        try:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
                main(["-q", "sync"])
        except SystemExit as exc:
            return int(exc.code or 0)
        finally:
            os.chdir(old)
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        return 0

    return run


def core_runner(models: list[Postmortem], env: dict[str, str]) -> Callable[[], int]:
    from action_tracker.cli.common import open_store
    from action_tracker.render.links import DocLink
    from action_tracker.runtime.environment import RunEnvironment
    from action_tracker.tracking.apply import apply_plan
    from action_tracker.tracking.desired import build_desired
    from action_tracker.tracking.plan import Scope, plan

    config = config_from_mapping(CONFIG)
    run_env = RunEnvironment.from_environ(env)

    def run() -> int:
        store = open_store(run_env, config, REPO)
        desired = build_desired(models, config, DocLink(server_url=run_env.server_url,
                                                        repo=REPO, ref="bench"))
        existing = store.list_issues(config.labels.tracking)
        items, _ = apply_plan(plan(desired, existing, Scope(all_tracked=True), config), store,
                              config)
        return 1 if any(i.outcome == "failed" for i in items) else 0

    return run


def measure(label: str, fake: FakeGitHub, run: Callable[[], int]) -> tuple[int, int, float]:
    fake.clear_log()
    start = time.perf_counter()
    code = run()
    seconds = time.perf_counter() - start
    reads, writes = fake.reads, fake.writes
    print(f"{label:<28} exit {code}  requests {reads + writes:>5} (reads {reads:>4}, "
          f"writes {writes:>5})  {seconds:7.2f} s")
    return reads, writes, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postmortems", type=int, default=500)
    parser.add_argument("--actions-per-postmortem", type=int, default=5)
    parser.add_argument("--core", action="store_true", help="skip the parser and the CLI")
    args = parser.parse_args()
    n_pm, per = args.postmortems, args.actions_per_postmortem

    with tempfile.TemporaryDirectory() as tmp, FakeGitHub() as fake:
        fake.create_repo(REPO, assignable=["alice", "bob", "carol"])
        # In Actions, as the tool runs: the fake's GITHUB_TOKEN is github-actions[bot].
        env = {**fake.env(REPO), "GITHUB_SHA": "0" * 40, "GITHUB_ACTIONS": "true"}
        root = Path(tmp)
        (root / "postmortems").mkdir()
        (root / ".github").mkdir()
        (root / ".github" / "action-tracker.yml").write_text(
            "github:\n  write_interval: 0\n  max_retries: 2\n  max_rate_limit_wait: 5\n")
        for n in range(n_pm):
            (root / "postmortems" / f"pm-{n:04d}.md").write_text(document(n, per))
        sample = parse_file(root / "postmortems" / "pm-0000.md")
        use_core = args.core or len(sample.actions) != per
        models = [model(n, per) for n in range(n_pm)]
        mode = "core (models built directly)" if use_core else "CLI + parser"
        print(f"{n_pm} postmortems, {n_pm * per} actions, mode: {mode}")
        run = core_runner(models, env) if use_core else cli_runner(root, env)

        _, first_writes, _ = measure("first sync", fake, run)
        attached = fake.count("POST", r"/sub_issues$")
        parents = len([i for i in fake.issues(REPO) if find_marker(i["body"], "parent")])
        tracked = len([i for i in fake.issues(REPO) if find_marker(i["body"])])
        print(f"  parent issues {parents}, sub-issues attached {attached}")
        reads, writes, _ = measure("no-op re-sync", fake, run)
        # The parents' listing is one more read per hundred parents ("Parent issues").
        budget = math.ceil(tracked / 100) + math.ceil(parents / 100) + 3
        print(f"  tracked issues {tracked}; no-op budget ceil({tracked}/100)+"
              f"ceil({parents}/100)+3 = {budget}: "
              f"{'OK' if writes == 0 and reads + writes <= budget else 'OVER'}")
        models[7] = model(7, per, revision=1)
        (root / "postmortems" / "pm-0007.md").write_text(document(7, per, revision=1))
        _, changed_writes, _ = measure("one document changed", fake, run)
        patched = {r.path for r in fake.requests if r.method == "PATCH"}
        # Its actions' issues, and its parent issue (the action list shows their text).
        expected = per + (1 if parents else 0)
        print(f"  PATCHed issues {len(patched)} (the document has {per} actions and a "
              f"parent): {'OK' if len(patched) == expected == changed_writes else 'CHECK'}")
        print(f"  first sync writes per action: {first_writes / (n_pm * per):.3f}")


if __name__ == "__main__":
    main()
