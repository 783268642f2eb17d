#!/usr/bin/env python3
"""A long fuzz campaign: the suite's fuzz tests (``tests/fuzz``) with many more examples.

Runs pytest on ``tests/fuzz`` with ``FUZZ_EXAMPLES`` raised (random seeds, unlike the
suite's short derandomized run) and Hypothesis' statistics, and prints how many examples
each test ran and whether any failed (a failure prints its shrunk example).

Usage: python benchmarks/fuzz_campaign.py [--examples 20000]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--examples", type=int, default=20000, help="examples per fuzz test")
    args = ap.parse_args()
    env = dict(os.environ, FUZZ_EXAMPLES=str(args.examples))
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "--hypothesis-show-statistics", str(ROOT / "tests" / "fuzz")],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - start
    out = proc.stdout + proc.stderr
    total = 0
    for test, passing, failing in re.findall(
            r"::(test_\w+):\s*- during generate phase.*?- (\d+) passing, (\d+) failing", out,
            re.S):
        print(f"{test}: {passing} passing, {failing} failing examples")
        total += int(passing) + int(failing)
    failed = re.findall(r"^FAILED .*$", out, re.M)
    print(f"{total} examples in {elapsed:.0f} s; {len(failed)} failing test(s)")
    for line in failed:
        print(line)
    if proc.returncode != 0:
        print(out[-6000:])
    return proc.returncode


if __name__ == "__main__":
    raise SystemExit(main())
