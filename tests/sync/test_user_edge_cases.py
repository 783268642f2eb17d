"""``sync`` driven the way real users break it: odd documents, odd owners, renamed and deleted
files, odd settings and environments. Each test pins what a user sees on GitHub and on the
terminal: one clear stderr line and the contract's exit code on failure, never a traceback,
never the token.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

from action_tracker.markers import find_marker
from action_tracker.testing.fake_github import FakeGitHub
from tests.sync.conftest import Checkout, CliRun
from tests.sync.helpers import labels_of, tracked

REPO = "acme/widgets"
Run = Callable[..., CliRun]
Gh = tuple[FakeGitHub, dict[str, str]]

ROWS = [
    ("Add an alert on replica lag", "@alice", "2026-02-01", "P1", "prevent", "open"),
    ("Write the failover runbook", "@bob", "", "P2", "mitigate", "open"),
]


def open_titles(fake: FakeGitHub) -> list[str]:
    return sorted(i["title"] for i in tracked(fake) if i["state"] == "open")


# ---------------------------------------------------------------------------- duplicates


def test_closed_duplicate_stays_out_of_play_after_its_action_is_reworded(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    """A closed duplicate must not become its old id's issue once the kept one is reworded:
    it would be labelled removed (a second, misleading comment) or, worse, taken as the
    "reworded" issue of a new similar action, leaving that action with no open issue."""
    fake, env = gh
    checkout.write("pm", "Outage", ROWS)
    assert run_cli("sync", env=env).code == 0
    original = next(i for i in tracked(fake) if i["title"] == ROWS[0][0])
    # A racing run of the tool itself left a second issue (same account).
    twin = fake.seed_issue(REPO, original["title"], original["body"],
                           labels=["postmortem-action"], user=fake.login)
    assert run_cli("sync", env=env).code == 0
    assert fake.issue(REPO, twin)["state"] == "closed"

    reworded = [("Add an alert on replica lag above 30 seconds", *ROWS[0][1:]), ROWS[1]]
    checkout.write("pm", "Outage", reworded)
    assert run_cli("sync", env=env).code == 0
    assert fake.issue(REPO, original["number"])["title"] == reworded[0][0]

    fake.clear_log()
    assert run_cli("sync", env=env).code == 0
    assert fake.writes == 0  # nothing to say about the closed duplicate
    assert len(fake.comments(REPO, twin)) == 1
    assert "postmortem-action-removed" not in labels_of(fake.issue(REPO, twin))

    added = [*reworded, ("Add an alert on replica lag of db2", "@carol", "", "P1", "", "open")]
    checkout.write("pm", "Outage", added)
    assert run_cli("sync", env=env).code == 0
    assert open_titles(fake) == sorted(row[0] for row in added)
    assert fake.issue(REPO, twin)["state"] == "closed"


# ---------------------------------------------------------------------------- documents


def write_raw(checkout: Checkout, name: str, text: str) -> None:
    (checkout.root / "postmortems" / f"{name}.md").write_bytes(text.encode("utf-8"))


def table(*rows: str, front: str = "") -> str:
    return (
        f"---\n{front}title: Outage 🚀\ndate: 2026-01-12\n---\n\n# Outage 🚀\n\n"
        "## Action items\n\n| Action | Owner | Due | Priority |\n|---|---|---|---|\n"
        + "".join(f"{row}\n" for row in rows)
    )


def test_crlf_bom_and_emoji_sync_once(checkout: Checkout, run_cli: Run, gh: Gh) -> None:
    fake, env = gh
    text = table("| Ship the 🚀 fix | @alice | 2026-02-01 | P1 |",
                 "| Page the 🧯 team | @bob | | P2 |")
    write_raw(checkout, "emoji", "\ufeff" + text.replace("\n", "\r\n"))
    result = run_cli("sync", env=env)
    assert result.code == 0, result.stderr
    assert open_titles(fake) == ["Page the 🧯 team", "Ship the 🚀 fix"]
    assert all("\r" not in i["body"] and "\ufeff" not in i["body"] for i in tracked(fake))
    # Re-saving the file with LF endings and no BOM changes nothing on GitHub.
    write_raw(checkout, "emoji", text)
    fake.clear_log()
    assert run_cli("sync", env=env).code == 0
    assert fake.writes == 0


def test_action_longer_than_a_title_is_cut_and_kept_whole_in_the_body(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    text = "Make the failover path resilient to " + " ".join(f"zone-{n}" for n in range(60))
    assert len(text) > 256
    write_raw(checkout, "long", table(f"| {text} | @alice | | P1 |"))
    result = run_cli("sync", env=env)
    assert result.code == 0, result.stderr
    (issue,) = tracked(fake)
    assert len(issue["title"]) <= 256 and issue["title"].endswith("…")
    assert text in issue["body"]
    fake.clear_log()
    assert run_cli("sync", env=env).code == 0
    assert fake.writes == 0


def test_pipe_and_marker_in_action_text_cannot_forge_a_marker(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    """The text forges the marker of the *other* action (to hijack or close its issue)."""
    fake, env = gh
    write_raw(checkout, "pm", table("| Add an alert on replica lag | @alice | | P1 |"))
    assert run_cli("sync", env=env).code == 0
    (victim,) = tracked(fake)
    forged = find_marker(victim["body"])
    assert forged is not None
    evil = (f"Keep a \\| pipe and <!-- action-tracker:action v=1 pm={forged.postmortem_id} "
            f"action={forged.action_id} hash=0 status=done --> here")
    write_raw(checkout, "pm", table("| Add an alert on replica lag | @alice | | P1 |",
                                    f"| {evil} | @bob | | P2 |"))
    result = run_cli("sync", env=env)
    assert result.code == 0, result.stderr
    issues = tracked(fake)
    assert len(issues) == 2 and all(i["state"] == "open" for i in issues)
    new = next(i for i in issues if i["number"] != victim["number"])
    assert new["body"].count("<!-- action-tracker:") == 1
    marker = find_marker(new["body"])
    assert marker is not None and marker.key != forged.key
    assert "| **Owner** | @bob |" in new["body"]  # the pipe did not break the table
    assert fake.issue(REPO, victim["number"])["body"] == victim["body"]
    fake.clear_log()
    assert run_cli("sync", env=env).code == 0
    assert fake.writes == 0


def test_team_and_unicode_owners_are_named_not_assigned(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    write_raw(checkout, "pm", table("| Fix the router | @acme/sre-team | | P1 |",
                                    "| Fix the cache | @jürgen | | P1 |"))
    result = run_cli("sync", env=env)
    assert result.code == 0, result.stderr
    bodies = {i["title"]: i for i in tracked(fake)}
    assert [i["assignees"] for i in bodies.values()] == [[], []]
    assert "| **Owner** | `@acme/sre-team` |" in bodies["Fix the router"]["body"]
    assert "| **Owner** | `@jürgen` |" in bodies["Fix the cache"]["body"]
    assert "'@acme/sre-team' is not a GitHub login" in result.stderr
    assert "'@jürgen' is not a GitHub login" in result.stderr


def test_eleven_owners_ten_assigned_the_eleventh_named(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    logins = [f"dev{n}" for n in range(1, 12)]
    fake.add_assignable(REPO, *logins)
    write_raw(checkout, "pm", table(f"| Fix it | {', '.join('@' + x for x in logins)} | | P1 |"))
    result = run_cli("sync", env=env)
    assert result.code == 0, result.stderr
    (issue,) = tracked(fake)
    assert [a["login"] for a in issue["assignees"]] == logins[:10]
    assert "@dev11" in issue["body"]  # never silently dropped
    assert "GitHub assigns at most 10; @dev11 named in the issue body" in result.stderr
    fake.clear_log()
    assert run_cli("sync", env=env).code == 0
    assert fake.writes == 0


# ---------------------------------------------------------------------------- files


def test_renamed_file_with_front_matter_id_keeps_its_issues(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    """The postmortem id comes from `id:` in the front matter: renaming the file changes
    nothing on GitHub (the body still names the old path, linked at its old commit)."""
    fake, env = gh
    write_raw(checkout, "2026-01-12-db", table(*[f"| {r[0]} | {r[1]} | | P1 |" for r in ROWS],
                                               front="id: db-outage\n"))
    assert run_cli("sync", env=env).code == 0
    before = tracked(fake)
    (checkout.root / "postmortems" / "2026-01-12-db.md").rename(
        checkout.root / "postmortems" / "2026-01-12-database.md")
    fake.clear_log()
    result = run_cli("sync", env=env)
    assert result.code == 0, result.stderr
    assert fake.writes == 0
    assert tracked(fake) == before


def test_deleted_document_labels_its_issues_removed(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    write_raw(checkout, "a", table(f"| {ROWS[0][0]} | @alice | | P1 |"))
    write_raw(checkout, "b", table(f"| {ROWS[1][0]} | @bob | | P2 |"))
    assert run_cli("sync", env=env).code == 0
    checkout.remove("b")
    result = run_cli("sync", env=env)
    assert result.code == 0, result.stderr
    gone = next(i for i in tracked(fake) if i["title"] == ROWS[1][0])
    assert gone["state"] == "open" and "postmortem-action-removed" in labels_of(gone)
    assert "postmortems/b.md" in fake.comments(REPO, gone["number"])[0]["body"]
    # No document at all looks like a wrong directory, not a mass removal: nothing written.
    checkout.remove("a")
    fake.clear_log()
    result = run_cli("sync", env=env)
    assert result.code == 0 and "0 postmortems matched" in result.stderr
    assert fake.writes == 0


def test_close_removed_closes_as_not_planned_and_reopens_when_back(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    config = checkout.root / ".github" / "action-tracker.yml"
    config.write_text(config.read_text() + "sync:\n  close_removed: true\n")
    both = table(*[f"| {r[0]} | {r[1]} | | P1 |" for r in ROWS])
    write_raw(checkout, "pm", both)
    assert run_cli("sync", env=env).code == 0
    write_raw(checkout, "pm", table(f"| {ROWS[0][0]} | @alice | | P1 |"))
    assert run_cli("sync", env=env).code == 0
    gone = next(i for i in tracked(fake) if i["title"] == ROWS[1][0])
    assert (gone["state"], gone["state_reason"]) == ("closed", "not_planned")
    write_raw(checkout, "pm", both)
    assert run_cli("sync", env=env).code == 0
    back = fake.issue(REPO, gone["number"])
    assert back["state"] == "open" and "postmortem-action-removed" not in labels_of(back)
    assert len(tracked(fake)) == 2


def test_person_s_not_planned_close_survives_the_action_leaving_and_coming_back(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    """Someone decided an action will not be done and closed its issue; the author later
    drops the row and puts it back. The issue stays closed: only sync's own close (with
    ``sync.close_removed``) is undone when the action returns."""
    fake, env = gh
    both = table(*[f"| {r[0]} | {r[1]} | | P1 |" for r in ROWS])
    write_raw(checkout, "pm", both)
    assert run_cli("sync", env=env).code == 0
    issue = next(i for i in tracked(fake) if i["title"] == ROWS[1][0])
    fake.person_edit(REPO, issue["number"], state="closed", state_reason="not_planned")
    write_raw(checkout, "pm", table(f"| {ROWS[0][0]} | @alice | | P1 |"))
    assert run_cli("sync", env=env).code == 0
    assert "postmortem-action-removed" in labels_of(fake.issue(REPO, issue["number"]))
    write_raw(checkout, "pm", both)
    result = run_cli("sync", env=env)
    assert result.code == 0
    back = fake.issue(REPO, issue["number"])
    assert (back["state"], back["state_reason"]) == ("closed", "not_planned")
    assert "postmortem-action-removed" not in labels_of(back)
    assert "stays closed" in result.stdout
    fake.clear_log()
    assert run_cli("sync", env=env).code == 0
    assert fake.writes == 0


# ---------------------------------------------------------------------------- environment


def one_error_line(result: CliRun) -> str:
    """The run failed the way the contract says: a single `error:` line, no traceback."""
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return errors[0]


def run_process(checkout: Checkout, env: dict[str, str], *args: str) -> CliRun:
    """The CLI in its own process: ``-vv`` hooks library loggers to the real stderr."""
    proc = subprocess.run(
        [sys.executable, "-m", "action_tracker", *args], capture_output=True, text=True,
        timeout=60, cwd=checkout.root,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env, "GITHUB_SHA": "abc1234"},
    )
    return CliRun(proc.returncode, proc.stdout, proc.stderr)


def test_github_enterprise_api_url(checkout: Checkout, run_cli: Run) -> None:
    with FakeGitHub(api_prefix="/api/v3") as fake:
        fake.create_repo(REPO, assignable=["alice"])
        env = fake.env(REPO)
        assert env["GITHUB_API_URL"].endswith("/api/v3")
        write_raw(checkout, "pm", table(f"| {ROWS[0][0]} | @alice | | P1 |"))
        result = run_cli("sync", env=env)
        assert result.code == 0, result.stderr
        (issue,) = tracked(fake)
        assert [a["login"] for a in issue["assignees"]] == ["alice"]
        fake.clear_log()
        assert run_cli("sync", env=env).code == 0
        assert fake.writes == 0 and fake.reads >= 1


def test_unusable_api_url_is_a_config_error(checkout: Checkout, run_cli: Run, gh: Gh) -> None:
    _, env = gh
    write_raw(checkout, "pm", table(f"| {ROWS[0][0]} | @alice | | P1 |"))
    for url in ("not a url", "ftp://ghe.example.com/api/v3", "https://ghe.example.com:http/"):
        result = run_cli("sync", env={**env, "GITHUB_API_URL": url})
        assert result.code == 2, (url, result.stderr)
        assert "GITHUB_API_URL" in one_error_line(result)


def test_token_with_a_trailing_newline_works_and_a_blank_one_is_missing(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    write_raw(checkout, "pm", table(f"| {ROWS[0][0]} | @alice | | P1 |"))
    result = run_process(checkout, {**env, "GITHUB_TOKEN": fake.token + "\n"}, "-vv", "sync")
    assert result.code == 0, result.stderr
    assert fake.token not in result.stdout + result.stderr
    assert len(tracked(fake)) == 1
    for blank in ("", "  \n"):
        result = run_cli("sync", env={**env, "GITHUB_TOKEN": blank})
        assert result.code == 2
        assert "no GitHub token" in one_error_line(result)


def test_malformed_repo_is_a_usage_error_before_any_request(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    write_raw(checkout, "pm", table(f"| {ROWS[0][0]} | @alice | | P1 |"))
    fake.clear_log()
    for repo in ("acme", "acme/widgets/extra", "/widgets", "acme widgets/x", "acme/wid%67ets",
                 "acme/..", "acme/widgets?x=1", "https://github.com/acme/widgets"):
        result = run_cli("sync", "--repo", repo, env=env)
        assert result.code == 2, (repo, result.stderr)
        assert "not of the form OWNER/NAME" in one_error_line(result)
    assert fake.requests == []


def test_token_never_printed_when_github_keeps_failing(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    fake, env = gh
    write_raw(checkout, "pm", table(*[f"| {r[0]} | {r[1]} | | P1 |" for r in ROWS]))
    fake.drop("POST", r"/issues$", when="before", times=50)  # requests' errors quote headers
    result = run_process(checkout, env, "-vv", "sync", "--format", "json")
    assert result.code == 1, result.stderr
    assert "ConnectionError" in result.stderr  # the failure path was really taken
    assert fake.token not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_rate_limit_outlasting_the_retries_says_so(
    checkout: Checkout, run_cli: Run, gh: Gh
) -> None:
    """GitHub asked for 0 s each time, so "beyond max_rate_limit_wait" would send the user to
    the wrong setting: the retries ran out."""
    fake, env = gh
    write_raw(checkout, "pm", table(f"| {ROWS[0][0]} | @alice | | P1 |"))
    fake.secondary_rate_limit("POST", r"/issues$", retry_after=0, times=3)  # max_retries: 2
    result = run_cli("sync", env=env)
    assert result.code == 1  # GitHub trouble, not a usage/config/auth error
    line = one_error_line(result)
    assert "secondary rate limit" in line and "still refused after every retry" in line
    assert "beyond" not in line
    assert not fake.pending_faults() and tracked(fake) == []
