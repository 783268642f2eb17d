"""Reminder figures: requests, writes and wall time of ``remind`` against the fake GitHub
(first run, re-run in the same period, next period). Prints figures; asserts nothing.

    python benchmarks/remind_benchmark.py [TRACKED] [OVERDUE]
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from action_tracker.testing.fake_github import FakeGitHub  # noqa: E402
from action_tracker.testing.issues import action_body  # noqa: E402


def main(tracked: int, overdue: int) -> None:
    with FakeGitHub() as fake, tempfile.TemporaryDirectory() as tmp:
        fake.create_repo("acme/widgets", assignable=["alice"])
        every = max(1, tracked // max(1, overdue))
        late = 0
        for i in range(tracked):
            is_late = late < overdue and i % every == 0
            late += is_late
            number = fake.seed_issue(
                "acme/widgets", f"Action {i}",
                action_body(action=f"a{i}", due="2026-11-16" if is_late else "2027-03-01"),
                labels=["postmortem-action"], assignees=["alice"], user=fake.login)
            for k in range(5):  # people talk on their issues
                fake.person_comment("acme/widgets", number, f"note {k}", actor="alice")
        Path(tmp, "action-tracker.yml").write_text("github:\n  write_interval: 0\n")
        env = {**os.environ, **fake.env()}
        for key in ("GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_ACTIONS"):
            env.pop(key, None)
        print(f"{tracked} open tracked issues, {late} overdue; budget for reading: "
              f"⌈{tracked}/100⌉ + 3 = {math.ceil(tracked / 100) + 3}")
        for label, today in (("first run", "2026-12-07"), ("re-run, same week", "2026-12-09"),
                             ("next week", "2026-12-14")):
            fake.clear_log()
            start = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-m", "action_tracker", "remind", "--today", today],
                cwd=tmp, env=env, capture_output=True, text=True, check=False)
            took = time.perf_counter() - start
            print(f"{label:18}: exit {out.returncode}, {fake.reads} reads "
                  f"({fake.count('POST', '/graphql')} GraphQL), {fake.writes} writes, "
                  f"{took:.2f} s wall")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 250,
         int(sys.argv[2]) if len(sys.argv) > 2 else 40)
