"""Digest figures: pure build + render time for many tracked issues, and a CLI run against the
fake GitHub server (requests and wall time). Prints figures; asserts nothing.

    python benchmarks/digest_benchmark.py [N]
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from action_tracker.digest.build import build_digest  # noqa: E402
from action_tracker.digest.records import records_from_issues  # noqa: E402
from action_tracker.render.digest import render_markdown  # noqa: E402
from action_tracker.runtime.config import Config  # noqa: E402
from action_tracker.testing.fake_github import FakeGitHub  # noqa: E402
from action_tracker.testing.issues import UTC, action_body, tracked  # noqa: E402


def pure(n: int) -> None:
    issues = [
        tracked(i, title=f"Action {i} " + "words " * 10, due=f"2026-{1 + i % 12:02d}-15",
                owner=f"@user{i % 50}", state="closed" if i % 3 == 0 else "open",
                closed_at=dt.datetime(2026, 11, 24, tzinfo=UTC) if i % 3 == 0 else None)
        for i in range(1, n + 1)
    ]
    config = Config.model_validate({"digest": {"max_items": 1000}})

    def once() -> tuple[float, float, str]:
        start = time.perf_counter()
        records = records_from_issues(issues, [], config)
        digest = build_digest(records, [], today=dt.date(2026, 11, 26), config=config)
        built = time.perf_counter()
        body = render_markdown(digest, config)
        return start, built, body

    start, built, body = once()
    done = time.perf_counter()
    tracemalloc.start()  # a second, traced run for memory (tracing slows it down)
    once()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"pure: {n} issues: build {built - start:.3f} s, render {done - built:.3f} s "
          f"({len(body)} chars), peak {peak / 1e6:.1f} MB")


def cli(n: int) -> None:
    with FakeGitHub() as fake, tempfile.TemporaryDirectory() as tmp:
        fake.create_repo("acme/widgets")
        # One in ten closed this week (the digest's "Closed by" column needs who), one in
        # ten closed earlier (needs nothing).
        closed_at = {0: dt.datetime(2026, 11, 24, tzinfo=UTC),
                     1: dt.datetime(2026, 10, 5, tzinfo=UTC)}
        for i in range(n):
            due = "2026-11-01" if i % 2 else "2026-12-01"
            when = closed_at.get(i % 10)
            fake.seed_issue("acme/widgets", f"Action {i}", action_body(action=f"a{i}", due=due),
                            labels=["postmortem-action"], user=fake.login,
                            state="closed" if when else "open", closed_at=when,
                            closed_by=f"user{i % 7}" if when else None)
        Path(tmp, "action-tracker.yml").write_text("github:\n  write_interval: 0\n")
        env = {**os.environ, **fake.env(), "GITHUB_ACTIONS": "true"}
        for key in ("GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "ACTION_TRACKER_WEBHOOK_URL"):
            env.pop(key, None)
        for run in ("first", "rerun"):
            fake.clear_log()
            start = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-m", "action_tracker", "digest", "--today", "2026-11-26"],
                cwd=tmp, env=env, capture_output=True, text=True, check=False,
            )
            took = time.perf_counter() - start
            closers = fake.count("GET", r"/issues/\d+$")
            print(f"cli {run}: {n} tracked issues ({n // 10} closed this week): exit "
                  f"{out.returncode}, {took:.2f} s wall, {fake.reads} reads "
                  f"({closers} single-issue GETs), {fake.writes} writes")


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    pure(count * 3)
    cli(count)
