"""Cost of tracking linked issues in place (issue 12): requests of a no-op re-sync with T
tool-made issues and L actions whose ticket links a person's issue of the same repository,
against the fake GitHub. The budget is ⌈T/100⌉ + ⌈L/50⌉ + 3 requests and 0 writes.
Prints figures; asserts nothing.

Figures (T = 100, fake GitHub, 2-core machine; re-sync requests / budget, 0 writes each):

    L=0     same repo   1 / 4    other repo   1 / 4
    L=100   same repo   2 / 6    other repo   3 / 6
    L=1000  same repo  11 / 24   other repo  21 / 24

A same-repository linked issue carries the tracking label once tracked, so the tracked-issue
listing (100 a page) already returns it and GraphQL is not asked; a linked issue elsewhere
(or a pull request) is read by GraphQL, 50 numbers per query.

    python benchmarks/linked_benchmark.py [T] [L ...]     (default: 100 and L = 0 100 1000)
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from action_tracker.cli import main as cli_main  # noqa: E402
from action_tracker.testing.fake_github import FakeGitHub  # noqa: E402

REPO = "acme/widgets"
PER_DOC = 50
CONFIG = "github:\n  write_interval: 0\n  trusted_authors: ['github-actions[bot]']\n"


def write_docs(root: Path, tool_made: int, linked: list[int], prefix: str) -> None:
    rows = [(f"Harden service {i} against overload number {i}", "") for i in range(tool_made)]
    rows += [(f"Follow up linked item {n} for widgets {n}", f"{prefix}#{n}") for n in linked]
    for doc, start in enumerate(range(0, len(rows), PER_DOC)):
        lines = ["---", f"title: Incident {doc}", "date: 2026-01-12", "---", "",
                 f"# Incident {doc}", "", "## Action items", "",
                 "| Action | Owner | Ticket | Status |", "|---|---|---|---|"]
        lines += [f"| {a} | @alice | {t} | open |" for a, t in rows[start:start + PER_DOC]]
        (root / "postmortems" / f"2026-01-12-incident-{doc}.md").write_text(
            "\n".join(lines) + "\n", encoding="utf-8")


def sync(root: Path, env: dict[str, str]) -> float:
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    old = os.getcwd()
    os.chdir(root)
    start = time.perf_counter()
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            cli_main(["-q", "sync"])
    except SystemExit as exc:
        if exc.code:
            raise RuntimeError(f"sync exited {exc.code}") from None
    finally:
        os.chdir(old)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return time.perf_counter() - start


def measure(tool_made: int, linked_count: int, other: str | None = None) -> None:
    """``other``: the linked issues live in that repository (read only) instead."""
    with FakeGitHub() as fake, tempfile.TemporaryDirectory() as tmp:
        fake.create_repo(REPO, assignable=["alice"])
        if other:
            fake.create_repo(other)
        root = Path(tmp)
        (root / ".github").mkdir()
        (root / ".github" / "action-tracker.yml").write_text(CONFIG, encoding="utf-8")
        (root / "postmortems").mkdir()
        linked = [fake.seed_issue(other or REPO, f"Person's issue {i}", "", user="dana")
                  for i in range(linked_count)]
        write_docs(root, tool_made, linked, other or "")
        env = {**fake.env(REPO), "GITHUB_SHA": "0" * 40}
        first = sync(root, env)
        first_writes = fake.writes
        fake.clear_log()
        again = sync(root, env)
        budget = math.ceil(tool_made / 100) + math.ceil(linked_count / 50) + 3
        where = f"in {other}" if other else "same repo"
        print(f"T={tool_made:<5} L={linked_count:<5} ({where:>15}) first sync: "
              f"{first_writes:5d} writes "
              f"{first:6.2f}s | no-op re-sync: {fake.reads} reads, {fake.writes} writes "
              f"(budget {budget} requests, 0 writes) {again:5.2f}s")


def main() -> None:
    args = [int(a) for a in sys.argv[1:]]
    tool_made = args[0] if args else 100
    for linked_count in args[1:] or [0, 100, 1000]:
        measure(tool_made, linked_count)
        measure(tool_made, linked_count, other="acme/infra")


if __name__ == "__main__":
    main()
