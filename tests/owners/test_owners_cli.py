"""``action-tracker owners`` end to end against the fake GitHub's assignees and profiles."""

from __future__ import annotations

import json
from collections.abc import Callable

import yaml

from action_tracker.testing.fake_github import FakeGitHub
from action_tracker.tracking.owners import Assignable, candidates
from tests.sync.conftest import Checkout, CliRun

REPO = "acme/widgets"
Run = Callable[..., CliRun]
Gh = tuple[FakeGitHub, dict[str, str]]

ROWS = [
    ("Add an alert on replica lag", "José Álvarez", "", "", "", "open"),
    ("Write the failover runbook", "jose alvarez", "", "", "", "open"),
    ("Automate the restore drill", "Maria Lopez", "", "", "", "open"),
    ("Cap the cache warmup", "@alice", "", "", "", "open"),
    ("Page the DBA", "Kim", "", "", "", "open"),
    ("Fix the dashboards", "DK", "", "", "", "open"),
    ("Tune the pool", "@dave", "", "", "", "open"),
    ("Review the runbook", "@acme/sre", "", "", "", "open"),
    ("Audit the backups", "Nobody Known", "", "", "", "open"),
]


def _people(fake: FakeGitHub) -> None:
    fake.add_assignable(REPO, "JAlvarez", "mlopez", "kim1", "kim2", "dkowalski", "noname")
    fake.set_profile("JAlvarez", "Jose Antonio Alvarez")  # middle name, no accents
    fake.set_profile("mlopez", "María López")
    fake.set_profile("kim1", "Kim Park")
    fake.set_profile("kim2", "Kim Lee")  # "Kim" matches two people: never guessed
    fake.set_profile("dkowalski", "Dana Kowalski")  # the only "DK"
    fake.set_profile("noname", None)  # GitHub sends "name": null


def test_owners_suggests_a_block_from_display_names(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    _people(fake)
    checkout.write("2026-01-db", "Database outage", ROWS)
    result = run_cli("owners", env=env)
    assert result.code == 0, result.stderr
    assert "assignable users of acme/widgets" in result.stderr  # the cost, said up front
    parsed = yaml.safe_load(result.stdout)  # the whole output pastes as YAML
    assert parsed == {"owners": {
        "José Álvarez": "JAlvarez", "Maria Lopez": "mlopez", "DK": "dkowalski",
    }}
    assert "jose alvarez" not in result.stdout.split("owners:")[1]  # one key per person
    block = result.stdout.split("owners:")[1]
    assert '# "Kim": ?  (matches kim1, kim2)' in block
    assert '# "@dave": ?  (no assignable user matches)' in block
    assert '# "@acme/sre": ?' in block
    assert "postmortems/2026-01-db.md:" in result.stdout
    assert "José Álvarez (2×, 2 open)" in result.stdout
    # one profile per assignable user (alice, bob, carol and the six above), nothing written
    assert fake.count("GET", "/users/") == 9
    assert fake.writes == 0


def test_owners_json_counts_and_places(checkout: Checkout, run_cli: Run, gh: Gh) -> None:
    fake, env = gh
    _people(fake)
    checkout.write("2026-01-db", "Database outage", ROWS)
    result = run_cli("owners", "--format", "json", env=env)
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["owners"] == 9  # José twice, one per action
    assert data["resolved"] == 1  # only @alice
    assert data["resolved_with_suggestions"] == 1 + 2 + 1 + 1
    first = data["unresolved"][0]
    assert first["name"] == "José Álvarez" and first["count"] == 2 and first["open"] == 2
    assert [p["path"] for p in first["places"]] == ["postmortems/2026-01-db.md"] * 2
    assert all(isinstance(p["line"], int) and p["line"] > 0 for p in first["places"])


def test_owners_pages_through_many_assignees(checkout: Checkout, run_cli: Run, gh: Gh) -> None:
    fake, env = gh
    logins = [f"user{n:03d}" for n in range(150)]
    fake.add_assignable(REPO, *logins)
    fake.set_profile("user149", "Zoë Quinn")
    checkout.write("pm", "Outage", [("Fix it", "Zoe Quinn", "", "", "", "open")])
    fake.clear_log()
    result = run_cli("owners", "--format", "json", env=env)
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["unresolved"][0]["suggestion"] == "user149"
    assert fake.count("GET", f"/repos/{REPO}/assignees") + fake.count(
        "GET", "/repositories/") == 2  # 153 users: two pages, following Link
    assert fake.count("GET", "/users/") == 153


def test_owners_without_a_token_lists_names_only(
    checkout: Checkout, run_cli: Run
) -> None:
    checkout.write("2026-01-db", "Database outage", ROWS)
    result = run_cli("owners", "--format", "json")
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["owners_block"] is None
    assert {item["name"] for item in data["unresolved"]} >= {"José Álvarez", "Kim", "@acme/sre"}
    assert all(item["suggestion"] is None for item in data["unresolved"])
    text = run_cli("owners")
    assert text.code == 0 and "owners:" not in text.stdout and "Kim (1×, 1 open)" in text.stdout


def test_owners_bad_format_is_a_usage_error(checkout: Checkout, run_cli: Run) -> None:
    assert run_cli("owners", "--format", "xml").code == 2


def test_matching_rule() -> None:
    users = [Assignable(login="ana-l", name="Ana María Lima"),
             Assignable(login="bo", name=None), Assignable(login="al2", name="Alan Lee")]
    assert candidates("ana lima", users) == ["ana-l"]  # middle name ignored
    assert candidates("ANA LIMA", users) == ["ana-l"]
    assert candidates("Bo", users) == ["bo"]  # login, no display name
    assert candidates("AL", users) == ["ana-l", "al2"]  # initials shared: two, never guessed
    assert candidates("Carl", users) == []


def test_owners_of_finished_actions_are_listed_but_not_counted_open(
    checkout: Checkout, run_cli: Run
) -> None:
    checkout.write("pm", "Outage", [("Fixed it", "Ana Lima", "", "", "", "done"),
                                    ("Fix more", "ana lima", "", "", "", "open")])
    data = json.loads(run_cli("owners", "--format", "json").stdout)
    assert [(u["name"], u["count"], u["open"]) for u in data["unresolved"]] == [
        ("Ana Lima", 2, 1)]


def test_owners_when_github_refuses_exits_2(checkout: Checkout, run_cli: Run, gh: Gh) -> None:
    _fake, env = gh
    checkout.write("pm", "Outage", [("Fix it", "Ana Lima", "", "", "", "open")])
    bad_token = run_cli("owners", env={**env, "GITHUB_TOKEN": "nope"})
    assert bad_token.code == 2 and bad_token.stdout == ""
    assert "error:" in bad_token.stderr
    missing = run_cli("owners", "--repo", "acme/gone", env=env)
    assert missing.code == 2 and "acme/gone" in missing.stderr
