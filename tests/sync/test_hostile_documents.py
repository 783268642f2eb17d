"""Documents and file names that once aborted a whole run: each is now an error of that one
document, reported by ``validate`` first, and the other documents still sync."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable

from action_tracker.testing.fake_github import FakeGitHub
from tests.sync.conftest import Checkout, CliRun, pm_document
from tests.sync.test_sync_cli import by_title

Run = Callable[..., CliRun]
Gh = tuple[FakeGitHub, dict[str, str]]
HEALTHY = [("Add an alert on replica lag", "@alice", "", "P1", "prevent", "open")]
FAR = [("Shard the queue", "@bob", "", "P2", "prevent", "open")]


def test_a_far_future_document_date_is_its_own_error(checkout: Checkout, run_cli: Run,
                                                       gh: Gh) -> None:
    fake, env = gh
    checkout.write("2026-01-12-db", "Database failover", HEALTHY)
    checkout.write("far", "Far future", FAR, date=dt.date(9999, 12, 31))
    check = run_cli("validate")
    assert check.code == 1
    assert "postmortems/far.md:1: error: front matter date 9999-12-31" in check.stdout
    for args in (("sync", "--dry-run"), ("digest", "--dry-run", "--today", "2026-02-01")):
        result = run_cli(*args)  # no token: OverflowError aborted both before
        assert "internal error" not in result.stderr, result.stderr
    result = run_cli("sync", env=env)
    assert result.code == 1 and "internal error" not in result.stderr
    assert "postmortems/far.md:1: front matter date 9999-12-31" in result.stderr
    issues = by_title(fake)
    assert "Add an alert on replica lag" in issues  # the healthy document is synced
    assert "2026-02-09" in issues["Add an alert on replica lag"]["body"]  # 2026-01-12 + 28


def test_a_file_name_that_is_not_utf8_is_its_own_error(checkout: Checkout, run_cli: Run,
                                                        gh: Gh) -> None:
    fake, env = gh
    checkout.write("2026-01-12-db", "Database failover", HEALTHY)
    folder = os.fsencode(checkout.root / "postmortems")
    with open(os.path.join(folder, b"\xff-outage.md"), "wb") as handle:
        handle.write(pm_document("Bad name", dt.date(2026, 1, 12), FAR).encode())
    check = run_cli("validate")
    assert check.code == 1
    assert "postmortems/\\xff-outage.md: error: file name is not valid UTF-8" in check.stdout
    parsed = run_cli("parse", "--format", "json", os.fsdecode(os.path.join(folder,
                                                                            b"\xff-outage.md")))
    assert parsed.code == 1 and "\\\\xff-outage.md" in parsed.stdout
    for args in (("sync", "--dry-run"), ("digest", "--dry-run", "--today", "2026-02-01")):
        result = run_cli(*args)
        assert "internal error" not in result.stderr, result.stderr
    result = run_cli("sync", env=env)  # UnicodeEncodeError aborted the run before
    assert result.code == 1 and "internal error" not in result.stderr
    assert "postmortems/\\xff-outage.md:1: file name is not valid UTF-8" in result.stderr
    assert list(by_title(fake)) == ["Add an alert on replica lag"]
