""""Never a duplicate issue", proved against a misbehaving GitHub.

A seeded random walk: a checkout with a few postmortems (10-30 actions), then several sync
runs, each with a random set of faults queued on the fake (5xx before or after the write on
POST and PATCH, a connection dropped after the write, secondary rate limits with
``retry-after`` 0 or 1, listing lag) and, between runs, document edits (an action added,
reworded, marked done, removed; sometimes a whole postmortem deleted). Faulty runs may fail
items (exit 1) but never crash. Once GitHub behaves again, one run must bring GitHub to the
state a user relies on (see :func:`assert_converged`) and the run after it must write nothing.

Also: two sync processes racing against a lagging listing duplicate every issue; the next
run keeps the oldest of each and closes the others as not planned, linking the kept one.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pytest

from action_tracker.markers import find_marker
from action_tracker.models import ActionItem
from action_tracker.parsing import parse_file
from action_tracker.testing.fake_github import FakeGitHub
from action_tracker.testing.fake_github.faults import SERVER_ERROR_BODY, Fault
from action_tracker.tracking.desired import issue_title
from tests.sync.conftest import Checkout, CliRun, Row
from tests.sync.helpers import labels_of

REPO = "acme/widgets"
TRACKING = "postmortem-action"
REMOVED = "postmortem-action-removed"
# No pacing, few quick retries: each seed runs in a second or two.
CONFIG = (
    "github:\n  write_interval: 0\n  max_retries: 3\n  max_rate_limit_wait: 2\n  timeout: 5\n"
    "  trusted_authors: ['github-actions[bot]']\n"  # the fake's GITHUB_TOKEN: no lookup
)
# Picked from a sweep of 330 seeds (all converge) for speed and breadth: between them they
# fail items (exit 1), stop on a rate limit (exit 2), heal 13-24 duplicates, reword, remove
# and close actions.
SEEDS = [3, 4, 11, 20, 25,
         108]  # a duplicate under its parent: closed and detached in the same run
FAULTY_RUNS = 6

CREATE = r"/issues$"
ONE_ISSUE = r"/issues/\d+$"
COMMENT = r"/issues/\d+/comments$"
SUB_ISSUES = r"/issues/\d+/sub_issues$"

Run = Callable[..., CliRun]
Gh = tuple[FakeGitHub, dict[str, str]]
Key = tuple[str, str]

_VERBS = ["Add", "Document", "Automate", "Alert on", "Test", "Review", "Cap", "Rotate"]
_NOUNS = ["replica lag", "cache warmup", "failover runbook", "queue depth", "TLS expiry",
          "disk pressure", "deploy freeze", "DNS TTL", "restore drill", "error budget"]
_OWNERS = ["@alice", "@bob", "@carol", "@dave", "Carol Jones", ""]  # dave: not assignable
_TYPES = ["prevent", "mitigate", "detect"]


class World:
    """The postmortems of the checkout, edited at random between runs."""

    def __init__(self, checkout: Checkout, rng: random.Random) -> None:
        self.checkout = checkout
        self.rng = rng
        self.serial = 0
        self.docs: dict[str, list[Row]] = {}
        total = rng.randint(10, 30)
        count = rng.randint(2, 5)
        for n in range(count):
            name = f"2026-0{n + 1}-1{n}-incident-{n}"
            share = total // count + (1 if n < total % count else 0)
            self.docs[name] = [self._row() for _ in range(share)]

    def _row(self) -> Row:
        self.serial += 1
        rng = self.rng
        text = f"{rng.choice(_VERBS)} {rng.choice(_NOUNS)} for service {self.serial}"
        due = rng.choice(["", f"2026-0{rng.randint(2, 9)}-1{rng.randint(0, 9)}"])
        return (text, rng.choice(_OWNERS), due, rng.choice(["P0", "P1", "P2", "P3", ""]),
                rng.choice(_TYPES), "open")

    def write(self) -> None:
        for name, rows in self.docs.items():
            self.checkout.write(name, f"Incident {name}", rows)

    def edit(self) -> str:
        """One random document change; returns what it did (for failure messages)."""
        rng = self.rng
        name = rng.choice(sorted(self.docs))
        rows = self.docs[name]
        open_rows = [i for i, r in enumerate(rows) if r[5] == "open"]
        change = rng.choice(["add", "add", "reword", "done", "remove", "delete"])
        if change == "delete" and len(self.docs) > 2:
            del self.docs[name]
            self.checkout.remove(name)
            return f"deleted {name}"
        if change in ("reword", "done", "remove") and open_rows:
            i = rng.choice(open_rows)
            if change == "reword":
                rows[i] = (rows[i][0] + f" within {rng.randint(2, 60)} minutes", *rows[i][1:])
            elif change == "done":
                rows[i] = (*rows[i][:5], "done")
            else:
                del rows[i]
            return f"{change} {name}[{i}]"
        rows.insert(rng.randint(0, len(rows)), self._row())
        return f"add to {name}"

    def actions(self) -> dict[Key, ActionItem]:
        """The actions as the tool reads them (their ids are the issues' identity)."""
        out: dict[Key, ActionItem] = {}
        for path in sorted((self.checkout.root / "postmortems").glob("*.md")):
            pm = parse_file(path, display_path=f"postmortems/{path.name}")
            assert not pm.has_errors, pm.problems
            for action in pm.actions:
                out[(pm.id, action.id)] = action
        return out


def queue_faults(fake: FakeGitHub, rng: random.Random) -> list[str]:
    """A random handful of faults for the next run; returns their description."""
    menu: list[Callable[[], Fault]] = [
        lambda: Fault("POST", CREATE, "status", rng.choice(["before", "after"]),
                      rng.choice([500, 502, 503]), SERVER_ERROR_BODY),
        lambda: Fault("PATCH", ONE_ISSUE, "status", rng.choice(["before", "after"]),
                      rng.choice([500, 502, 504]), SERVER_ERROR_BODY),
        lambda: Fault("POST", CREATE, "drop", "after"),
        lambda: Fault("PATCH", ONE_ISSUE, "drop", "after"),
        lambda: Fault("POST", COMMENT, "status", rng.choice(["before", "after"]), 502,
                      SERVER_ERROR_BODY),
        lambda: _secondary_limit(rng, "POST", CREATE),
        lambda: _secondary_limit(rng, "PATCH", ONE_ISSUE),
    ]
    done = []
    for _ in range(rng.randint(0, 4)):
        fault = rng.choice(menu)()
        fault.skip = rng.randint(0, 4)  # not always the run's first matching request
        fake.add_fault(fault)
        done.append(f"{fault.method} {fault.path} {fault.kind} {fault.when} {fault.status} "
                    f"skip={fault.skip}")
    lag = rng.choice([0, 0, 1, 2])
    fake.set_listing_lag(lag)
    return [*done, *queue_parent_faults(fake, random.Random(rng.random())),
            f"listing lag {lag}"]


def queue_parent_faults(fake: FakeGitHub, rng: random.Random) -> list[str]:
    """Faults on attaching sub-issues (their own generator: the seeds above keep the walk
    they were picked for)."""
    menu: list[Callable[[], Fault]] = [
        lambda: Fault("POST", SUB_ISSUES, "status", rng.choice(["before", "after"]),
                      rng.choice([500, 502]), SERVER_ERROR_BODY),
        lambda: Fault("POST", SUB_ISSUES, "drop", "after"),
        lambda: Fault("GET", SUB_ISSUES, "status", "before", 502, SERVER_ERROR_BODY),
    ]
    done = []
    for _ in range(rng.randint(0, 2)):
        fault = rng.choice(menu)()
        fault.skip = rng.randint(0, 3)
        fake.add_fault(fault)
        done.append(f"{fault.method} {fault.path} {fault.kind} {fault.when} {fault.status} "
                    f"skip={fault.skip}")
    return done


def _secondary_limit(rng: random.Random, method: str, path: str) -> Fault:
    status = rng.choice([403, 429])
    body = {"message": "You have exceeded a secondary rate limit and have been temporarily "
            "blocked from content creation. Please retry your request again later.",
            "status": str(status)}
    retry_after = rng.choice(["0", "0", "0", "1"])
    return Fault(method, path, "status", "before", status, body, {"retry-after": retry_after})


# ---------------------------------------------------------------------------- invariants


def tracked_by_key(
    fake: FakeGitHub, *, duplicates: bool = False
) -> dict[Key, list[dict[str, Any]]]:
    """Issues that carry an action marker, grouped by identity, oldest first: the tracked ones
    (with the tracking label), or with ``duplicates`` the closed copies that lost it."""
    groups: dict[Key, list[dict[str, Any]]] = defaultdict(list)
    for issue in fake.issues(REPO):
        marker = find_marker(issue["body"])
        if marker is None or marker.key is None:
            continue
        if (TRACKING in labels_of(issue)) != duplicates:
            groups[marker.key].append(issue)
    for issues in groups.values():
        issues.sort(key=lambda i: i["number"])
    return groups


def linked_duplicate(fake: FakeGitHub, issue: dict[str, Any]) -> int | None:
    """The issue a closed duplicate's comment points to ("Duplicate of #N"), if commented."""
    found = [re.search(r"Duplicate of #(\d+)", c["body"])
             for c in fake.comments(REPO, issue["number"])]
    numbers = [int(m.group(1)) for m in found if m]
    assert len(numbers) <= 1, issue["number"]
    return numbers[0] if numbers else None


def assert_converged(
    fake: FakeGitHub, actions: dict[Key, ActionItem], seen: set[Key], done: set[Key]
) -> None:
    """What a user relies on after sync, checked against every issue on the fake.

    ``seen``: every action the documents ever had; ``done``: those ever marked done.
    """
    groups = tracked_by_key(fake)
    for key, copies in tracked_by_key(fake, duplicates=True).items():
        for copy in copies:
            # A copy is closed as not planned and no longer tracked; its comment links an
            # older issue (a comment refused by GitHub is not retried: "comment once").
            assert (copy["state"], copy["state_reason"]) == ("closed", "not_planned"), key
            link = linked_duplicate(fake, copy)
            assert link is None or link < copy["number"], key
    for key, issues in groups.items():
        opened = [i for i in issues if i["state"] == "open"]
        # Never two open issues for one action.
        assert len(opened) <= 1, (key, [i["number"] for i in opened])
    for key, action in actions.items():
        issues = groups.get(key, [])
        if action.status == "done":
            # A done action's issue is closed as completed (none if it never had one).
            assert all(i["state"] == "closed" for i in issues), key
            if issues:
                assert issues[0]["state_reason"] == "completed", key
            continue
        # Exactly one open issue per open action, up to date with the document.
        (issue,) = [i for i in issues if i["state"] == "open"]
        assert issue["number"] == issues[0]["number"], key
        assert issue["title"] == issue_title(action.description), key
        assert REMOVED not in labels_of(issue), key
    # One parent issue per postmortem with a tracked action, its actions' issues attached.
    parents: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for issue in fake.issues(REPO):
        marker = find_marker(issue["body"], "parent")
        if marker is not None and "postmortem" in labels_of(issue):
            parents[marker.postmortem_id or ""].append(issue)
    for pm_id in {key[0] for key in actions}:
        kept = [groups[key][0] for key in actions if key[0] == pm_id and groups.get(key)]
        if not kept:
            continue
        (parent,) = parents[pm_id]
        children = fake.sub_issue_numbers(REPO, parent["number"])
        assert {i["number"] for i in kept} <= set(children), (pm_id, children)
        assert len(children) == len(set(children))
    for key in seen - actions.keys():
        issues = groups.get(key, [])
        # Removed actions keep their issue, labelled removed; open (close_removed is off)
        # unless the document had marked the action done before removing it.
        if issues:
            assert REMOVED in labels_of(issues[0]), key
            # (If the close failed and the action was removed before a later run could
            # retry it, the issue is open and labelled removed: equally true.)
            expected = {("open", None), ("closed", "completed")} if key in done else {
                ("open", None)}
            assert (issues[0]["state"], issues[0]["state_reason"]) in expected, (
                key, [(i["number"], i["state"], i["state_reason"], i["title"],
                       [c["body"][:80] for c in fake.comments(REPO, i["number"])])
                      for i in issues])
            assert all(i["state"] == "closed" for i in issues[1:]), key
    # Nothing is ever deleted; the only DELETE detaches a closed duplicate from a parent.
    assert fake.count("DELETE") == fake.count("DELETE", r"/issues/\d+/sub_issue$")


def check_run(result: CliRun, fake: FakeGitHub, context: str) -> None:
    """A faulty run may fail items, or stop on one error line when GitHub stays unreachable
    or rate-limited past the retries: exit 1 either way (nothing is wrong with the setup, so
    never the usage/config/auth code 2); it never crashes or leaks the token."""
    assert result.code in (0, 1), f"{context}\n{result.stderr}"
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, context
    assert fake.token not in result.stdout + result.stderr


# ---------------------------------------------------------------------------- tests


@pytest.mark.parametrize("seed", SEEDS)
def test_sync_converges_under_random_faults(
    seed: int, checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    rng = random.Random(seed)
    (checkout.root / ".github" / "action-tracker.yml").write_text(CONFIG, encoding="utf-8")
    world = World(checkout, rng)
    world.write()
    seen: set[Key] = set()
    done: set[Key] = set()
    history: list[str] = []
    for run in range(FAULTY_RUNS):
        if run > 0:
            for _ in range(rng.randint(0, 3)):
                history.append(world.edit())
            world.write()
        now = world.actions()
        seen |= now.keys()
        done |= {key for key, action in now.items() if action.status == "done"}
        history += queue_faults(fake, rng)
        check_run(run_cli("sync", env=env), fake, f"seed {seed} run {run}: {history}")

    # GitHub behaves again and its listing has caught up.
    fake.clear_faults()
    fake.set_listing_lag(0)
    fake.settle_listings()
    final = run_cli("sync", env=env)
    assert final.code == 0, f"seed {seed}: {history}\n{final.stderr}"
    assert_converged(fake, world.actions(), seen, done)
    fake.clear_log()
    again = run_cli("sync", env=env)
    assert again.code == 0, again.stderr
    assert fake.writes == 0, [r for r in fake.requests if r.is_write]


def test_two_racing_syncs_are_healed_by_the_next_run(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    rng = random.Random(7)
    (checkout.root / ".github" / "action-tracker.yml").write_text(CONFIG, encoding="utf-8")
    world = World(checkout, rng)
    world.write()
    actions = world.actions()
    # Neither run's listing sees what the other creates: both create every issue.
    fake.set_listing_lag(2)
    environ = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env,
               "GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567"}
    procs = [
        subprocess.Popen([sys.executable, "-m", "action_tracker", "sync"], cwd=checkout.root,
                         env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    groups = tracked_by_key(fake)
    assert {key: len(issues) for key, issues in groups.items()} == {key: 2 for key in actions}

    fake.set_listing_lag(0)
    fake.settle_listings()
    heal = run_cli("sync", env=env)
    assert heal.code == 0, heal.stderr
    assert f"closed {len(actions)}" in heal.stderr
    kept = tracked_by_key(fake)
    twins = tracked_by_key(fake, duplicates=True)
    assert set(kept) == set(twins) == set(actions)
    for key, (issue,) in kept.items():
        (twin,) = twins[key]
        assert issue["state"] == "open" and issue["number"] < twin["number"], key
        assert (twin["state"], twin["state_reason"]) == ("closed", "not_planned"), key
        assert linked_duplicate(fake, twin) == issue["number"]
    assert_converged(fake, actions, set(actions), set())
    fake.clear_log()
    assert run_cli("sync", env=env).code == 0
    assert fake.writes == 0


def test_fault_skip_lets_earlier_requests_through(fake_github: FakeGitHub) -> None:
    """The fake's ``skip``: the fault hits the third matching request, not the first."""
    import requests

    fake_github.add_fault(Fault("GET", r"/repos/acme/widgets$", "status", "before", 503,
                                SERVER_ERROR_BODY, skip=2))
    headers = {"Authorization": f"token {fake_github.token}"}
    url = f"{fake_github.api_url}/repos/{REPO}"
    statuses = [requests.get(url, headers=headers, timeout=5).status_code for _ in range(4)]
    assert statuses == [200, 200, 503, 200]

