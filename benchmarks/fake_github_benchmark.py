"""Throughput of the fake GitHub server and request cost of the adapter against it.

Run: ``python benchmarks/fake_github_benchmark.py [--requests 10000] [--issues 2500]``.
Prints figures; asserts nothing (targets live in the brief: the fake handles 10,000
requests in a few seconds; listing N tracked issues costs ceil(N/100) GETs).
"""

from __future__ import annotations

import argparse
import http.client
import math
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from action_tracker.github.adapter import GitHubIssueStore  # noqa: E402
from action_tracker.runtime.config import config_from_mapping  # noqa: E402
from action_tracker.runtime.environment import RunEnvironment  # noqa: E402
from action_tracker.testing.fake_github import FakeGitHub  # noqa: E402

REPO = "acme/widgets"
LABEL = "postmortem-action"


def raw_requests(fake: FakeGitHub, count: int) -> float:
    """``count`` keep-alive GETs with http.client (the cheapest client): requests/second."""
    conn = http.client.HTTPConnection("127.0.0.1", fake.port)
    headers = {"Authorization": f"token {fake.token}"}
    paths = [
        f"/repos/{REPO}/labels/bug",
        f"/repos/{REPO}/issues/1",
        f"/repos/{REPO}/assignees/alice",
    ]
    started = time.perf_counter()
    for n in range(count):
        conn.request("GET", paths[n % len(paths)], headers=headers)
        response = conn.getresponse()
        response.read()
        assert response.status in (200, 204), response.status
    conn.close()
    return count / (time.perf_counter() - started)


CLIENT = """
import http.client, sys, time
port, token, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
conn = http.client.HTTPConnection("127.0.0.1", port)
headers = {"Authorization": "token " + token}
started = time.perf_counter()
for n in range(count):
    conn.request("GET", "/repos/acme/widgets/labels/bug", headers=headers)
    conn.getresponse().read()
print(count / (time.perf_counter() - started))
"""


def separate_process_requests(fake: FakeGitHub, count: int) -> float:
    """The same loop from another process, so the client does not compete for the GIL."""
    out = subprocess.run(
        [sys.executable, "-c", CLIENT, str(fake.port), fake.token, str(count)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--issues", type=int, default=2_500)
    args = parser.parse_args()

    with FakeGitHub() as fake:
        fake.create_repo(REPO, assignable=["alice"])
        for n in range(args.issues):
            fake.seed_issue(REPO, f"action {n}", f"body {n}", labels=[LABEL], assignees=["alice"])
        for n in range(100):
            fake.seed_pull_request(REPO, f"pr {n}", labels=[LABEL])

        started = time.perf_counter()
        rate = raw_requests(fake, args.requests)
        elapsed = time.perf_counter() - started
        print(f"raw GETs, same process: {args.requests} in {elapsed:.2f} s ({rate:,.0f}/s)")
        rate = separate_process_requests(fake, args.requests)
        print(
            f"raw GETs, client in another process: {args.requests} in "
            f"{args.requests / rate:.2f} s ({rate:,.0f}/s)"
        )

        env = RunEnvironment.from_environ(fake.env(REPO))
        config = config_from_mapping({"github": {"write_interval": 0}})
        store = GitHubIssueStore.from_environment(env, config, REPO)

        fake.clear_log()
        started = time.perf_counter()
        issues = store.list_issues(LABEL)
        elapsed = time.perf_counter() - started
        expected = math.ceil((args.issues + 100) / 100)
        print(
            f"adapter list: {len(issues)} issues (+100 PRs skipped) in {elapsed:.2f} s, "
            f"{fake.count('GET')} GETs (ceil(items/100) = {expected})"
        )

        writes = 500
        started = time.perf_counter()
        for n in range(writes):
            store.create_issue(f"new {n}", "body", labels=[LABEL], assignees=["alice"])
        elapsed = time.perf_counter() - started
        print(f"adapter create: {writes} issues in {elapsed:.2f} s ({writes / elapsed:,.0f}/s)")

        started = time.perf_counter()
        for issue in issues[:writes]:
            store.update_issue(issue.number, body="changed")
        elapsed = time.perf_counter() - started
        print(f"adapter update: {writes} issues in {elapsed:.2f} s ({writes / elapsed:,.0f}/s)")
        print(store.request_summary())


if __name__ == "__main__":
    main()
