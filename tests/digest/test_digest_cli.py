"""``digest`` through the CLI: against the fake GitHub server, or from the documents alone."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from action_tracker.markers import find_marker, find_markers
from action_tracker.testing.fake_github import FakeGitHub
from action_tracker.testing.issues import UTC, action_body
from tests.digest.conftest import Runner
from tests.digest.documents import write_postmortem
from tests.digest.helpers import tables
from tests.digest.webhook_server import WebhookServer

REPO = "acme/widgets"
TRACKING = "postmortem-action"
DIGEST = "postmortem-digest"


def seed_action(fake: FakeGitHub, title: str, **marker: object) -> int:
    assignees = marker.pop("assignees", ())
    state = marker.pop("state", "open")
    closed_at = marker.pop("closed_at", None)
    closed_by = marker.pop("closed_by", None)
    created = marker.pop("created_at", dt.datetime(2026, 10, 1, tzinfo=UTC))
    return fake.seed_issue(
        REPO, title, action_body(**marker),  # type: ignore[arg-type]
        labels=[TRACKING], assignees=assignees,  # type: ignore[arg-type]
        state=state, closed_at=closed_at, closed_by=closed_by,  # type: ignore[arg-type]
        created_at=created,  # type: ignore[arg-type]
        user=fake.login,  # an issue an earlier sync opened
    )


def digests(fake: FakeGitHub) -> list[dict[str, Any]]:
    return [i for i in fake.issues(REPO) if DIGEST in {lab["name"] for lab in i["labels"]}]


def write_config(checkout: Path, text: str) -> None:
    """Add top-level sections to the checkout's config."""
    with (checkout / ".github" / "action-tracker.yml").open("a", encoding="utf-8") as fh:
        fh.write(text)


def test_posts_one_digest_issue_then_updates_it(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    seed_action(fake_github, "Add replication-lag alert", action="lag", due="2026-11-16",
                owner="@alice", assignees=["alice"])
    seed_action(fake_github, "Write the runbook", action="runbook", due="2026-12-01",
                owner="Dana Scully")
    seed_action(fake_github, "Rotate keys", action="keys", due="2026-11-01", state="closed",
                closed_at=dt.datetime(2026, 11, 24, 15, tzinfo=UTC), closed_by="bob")
    outputs, summary = checkout / "out.txt", checkout / "summary.md"
    env = {**fake_github_env, "GITHUB_OUTPUT": str(outputs), "GITHUB_STEP_SUMMARY": str(summary)}

    first = run("digest", "--today", "2026-11-26", env=env)
    assert first.code == 0, first.stderr
    (issue,) = digests(fake_github)
    assert first.stdout.strip() == issue["html_url"]
    assert issue["title"] == "Postmortem follow-ups: 2026-W48"
    assert find_marker(issue["body"], "digest").fields["period"] == "2026-W48"  # type: ignore[union-attr]
    overdue = tables(issue["body"])[0]
    assert overdue[1][:3] == ["@alice", f"#{1}", "Add replication-lag alert"]
    assert overdue[1][-1] == "10 days"
    assert "@bob" in issue["body"]  # credited for closing
    assert "Dana Scully" in issue["body"]
    assert outputs.read_text().splitlines()[:5] == [
        "overdue=1", "due_soon=1", "closed=1", "open=2", f"digest_issue={issue['number']}",
    ]
    assert "## Postmortem follow-ups: 2026-W48" in summary.read_text()

    # Same period, nothing changed: the same issue, and no write at all.
    fake_github.clear_log()
    again = run("digest", "--today", "2026-11-26", env=fake_github_env)
    assert again.code == 0, again.stderr
    assert again.stdout.strip() == issue["html_url"]
    assert fake_github.writes == 0
    assert "unchanged" in again.stderr

    # Same period, a day later: the numbers change, the same issue is edited.
    later = run("digest", "--today", "2026-11-27", env=fake_github_env)
    assert later.code == 0, later.stderr
    (edited,) = digests(fake_github)
    assert edited["number"] == issue["number"]
    assert tables(edited["body"])[0][1][-1] == "11 days"


def test_next_period_opens_a_new_digest_and_closes_the_previous(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    seed_action(fake_github, "Add alert", due="2026-11-16")
    assert run("digest", "--today", "2026-11-29", env=fake_github_env).code == 0  # Sunday
    assert run("digest", "--today", "2026-11-30", env=fake_github_env).code == 0  # Monday
    old, new = digests(fake_github)
    assert (old["title"], old["state"], old["state_reason"]) == (
        "Postmortem follow-ups: 2026-W48", "closed", "completed")
    assert (new["title"], new["state"]) == ("Postmortem follow-ups: 2026-W49", "open")


def test_previous_digest_left_open_when_configured(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    write_config(checkout, "digest:\n  close_previous: false\n  period: month\n")
    assert run("digest", "--today", "2026-12-31", env=fake_github_env).code == 0
    assert run("digest", "--today", "2027-01-01", env=fake_github_env).code == 0
    old, new = digests(fake_github)
    assert old["title"].endswith("2026-12") and old["state"] == "open"
    assert new["title"].endswith("2027-01")


def test_year_end_weeks(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str]
) -> None:
    seed_action(fake_github, "Add alert", due="2026-12-31")
    result = run("digest", "--today", "2027-01-03", "--dry-run", "--format", "json",
                 env=fake_github_env)
    data = json.loads(result.stdout)
    assert data["period"]["label"] == "2026-W53"
    assert data["overdue"][0]["items"][0]["days_overdue"] == 3
    result = run("digest", "--today", "2027-01-04", "--dry-run", env=fake_github_env)
    assert "## Postmortem follow-ups: 2027-W01" in result.stdout


def test_three_thousand_tracked_issues(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    write_config(checkout, "digest:\n  max_items: 1000\n")
    for n in range(3000):
        seed_action(fake_github, f"Action {n}: " + "make the thing safer " * 4, action=f"a{n}",
                    due="2026-11-01" if n % 2 else "2026-12-01", owner=f"@user{n % 40}")
    fake_github.clear_log()
    result = run("digest", "--today", "2026-11-26", env=fake_github_env)
    assert result.code == 0, result.stderr
    # 3,000 tracked + the parents (one page: none yet) + the digest label
    assert fake_github.count("GET", r"/issues$") == 30 + 1 + 1
    (issue,) = digests(fake_github)
    body = issue["body"]
    assert len(body) < 65_536
    rows = [row for table in tables(body) if table[0][-1] == "Overdue" for row in table[1:]]
    assert f"…and {1500 - len(rows)} more overdue: `action-tracker status --overdue`" in body
    assert "**3000 open** · **1500 overdue** · 1500 due in the next 14 days" in body


def test_dry_run_with_token_reads_but_writes_nothing(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str]
) -> None:
    seed_action(fake_github, "Add alert", due="2026-11-16")
    with WebhookServer(200) as hook:
        env = {**fake_github_env, "ACTION_TRACKER_WEBHOOK_URL": hook.url}
        result = run("digest", "--today", "2026-11-26", "--dry-run", env=env)
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("<!-- action-tracker:digest v=1 period=2026-W48 -->")
    assert "would post the digest issue 'Postmortem follow-ups: 2026-W48'" in result.stderr
    assert "would notify the chat webhook" in result.stderr
    assert fake_github.writes == 0 and digests(fake_github) == []
    assert hook.received == []


def test_documents_alone_without_a_token(run: Runner, checkout: Path) -> None:
    write_postmortem(
        checkout, "2026-11-24-db", title="Database | outage", date="2026-11-24",
        actions=[
            ("Add replication-lag alert", "@alice", "2026-11-25", "P1"),
            ("Write the failover runbook", "Dana Scully", "2026-12-05", "P2"),
        ],
        went_wrong=["Backups were never restored in a drill"],
        went_well=["Paging reached the right person in 2 minutes"],
    )
    result = run("digest", "--dry-run", "--today", "2026-11-27")
    assert result.code == 0, result.stderr
    assert "no GitHub token" in result.stderr and "documents alone" in result.stderr
    body = result.stdout
    overdue, due_soon = tables(body)
    # Grouped under the postmortem (no parent without a token), with its progress.
    assert "**Database \\| outage** · 0 of 2 done" in body
    assert overdue[0] == ["Owner", "Action", "Due", "Overdue"]
    owner, action, due, days = overdue[1]
    assert (owner, due, days) == ("@alice", "2026-11-25", "2 days")
    assert action.startswith("Add replication-lag alert (postmortems/2026-11-24-db.md:")
    assert due_soon[1][0] == "Dana Scully"
    assert "Backups were never restored in a drill" in body
    assert "Paging reached the right person in 2 minutes" in body


def test_real_run_needs_a_token(run: Runner) -> None:
    result = run("digest", "--today", "2026-11-26", "--repo", REPO)
    assert result.code == 2
    assert result.stderr.startswith("error: digest: no GitHub token")
    assert len(result.stderr.strip().splitlines()) == 1


def test_invalid_today_is_a_usage_error(run: Runner) -> None:
    result = run("digest", "--dry-run", "--today", "2026-02-30")
    assert result.code == 2
    assert result.stderr.strip() == "error: --today: '2026-02-30' is not a date; use YYYY-MM-DD"


def test_forged_markers_in_issue_titles_stay_text(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str]
) -> None:
    seed_action(fake_github, "x <!-- action-tracker:digest v=1 period=2026-W49 --> y",
                due="2026-11-16")
    assert run("digest", "--today", "2026-11-26", env=fake_github_env).code == 0
    (issue,) = digests(fake_github)
    assert [(m.kind, m.fields["period"]) for m in find_markers(issue["body"])] == [
        ("digest", "2026-W48")]
    # Next week, the forged "2026-W49" text does not make the tool think W49 is posted.
    assert run("digest", "--today", "2026-12-01", env=fake_github_env).code == 0
    assert [d["title"][-8:] for d in digests(fake_github)] == ["2026-W48", "2026-W49"]


def test_webhook_success_gets_counts_top_overdue_and_link(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str]
) -> None:
    for n in range(7):
        seed_action(fake_github, f"Action {n}", action=f"a{n}", due=f"2026-11-{10 + n}")
    with WebhookServer(200) as hook:
        env = {**fake_github_env, "ACTION_TRACKER_WEBHOOK_URL": hook.url}
        result = run("digest", "--today", "2026-11-26", env=env)
    assert result.code == 0, result.stderr
    (digest_issue,) = digests(fake_github)
    (payload,) = hook.received
    text = payload["text"]
    assert text.startswith("*Postmortem follow-ups: 2026-W48*\n7 overdue")
    assert text.count("\n• ") == 5 and "…and 2 more overdue." in text
    assert f"<{digest_issue['html_url']}|Read the digest>" in text
    assert "s3cr3t" not in result.stderr + result.stdout


def test_webhook_500_then_success(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    write_config(checkout, "digest:\n  webhook_retries: 1\n")
    with WebhookServer(500, 200) as hook:
        env = {**fake_github_env, "ACTION_TRACKER_WEBHOOK_URL": hook.url}
        result = run("digest", "--today", "2026-11-26", env=env)
    assert result.code == 0, result.stderr
    assert len(hook.received) == 2
    assert "HTTP 500, retrying" in result.stderr


def test_webhook_always_500_exits_1_after_posting_the_digest(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    write_config(checkout, "digest:\n  webhook_retries: 1\n")
    with WebhookServer(500) as hook:
        env = {**fake_github_env, "ACTION_TRACKER_WEBHOOK_URL": hook.url,
               "GITHUB_ACTIONS": "true"}
        result = run("digest", "--today", "2026-11-26", env=env)
    assert result.code == 1
    (issue,) = digests(fake_github)
    assert result.stdout.strip() == issue["html_url"]
    assert "::warning title=digest chat::chat webhook failed after 2 attempts: HTTP 500" \
        in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "error: chat webhook failed after 2 attempts: HTTP 500 "
        f"(the digest issue was posted: {issue['html_url']})"
    )
    assert "s3cr3t" not in result.stderr and hook.url not in result.stderr


def test_webhook_timeout_exits_1(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    write_config(checkout, "digest:\n  webhook_retries: 0\n  webhook_timeout: 0.3\n")
    with WebhookServer(1.0) as hook:
        env = {**fake_github_env, "ACTION_TRACKER_WEBHOOK_URL": hook.url}
        result = run("digest", "--today", "2026-11-26", env=env)
    assert result.code == 1
    assert "no answer within 0.3 s" in result.stderr
    assert len(digests(fake_github)) == 1


def override(checkout: Path, name: str, text: str) -> None:
    folder = checkout / ".github" / "templates"
    if not folder.is_dir():
        folder.mkdir()
        write_config(checkout, "templates_dir: .github/templates\n")
    (folder / name).write_text(text, encoding="utf-8")


def test_digest_override_without_marker_still_finds_its_issue_again(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    seed_action(fake_github, "Add alert", action="lag", due="2026-11-16")
    override(checkout, "digest.md.j2",
             "# Our follow-ups\n{% for row in overdue %}* {{ row.action }}\n{% endfor %}")
    for today in ("2026-11-26", "2026-11-27"):  # the same week twice
        result = run("digest", "--today", today, env=fake_github_env)
        assert result.code == 0, result.stderr
    (issue,) = digests(fake_github)
    assert issue["body"].startswith("# Our follow-ups\n* Add alert")
    assert find_marker(issue["body"], "digest").fields["period"] == "2026-W48"  # type: ignore[union-attr]
    assert run("digest", "--today", "2026-11-30", env=fake_github_env).code == 0  # next week
    old, new = digests(fake_github)
    assert (old["state"], new["state"]) == ("closed", "open")


def test_secrets_in_a_template_are_masked_in_the_digest_and_the_chat_message(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    seed_action(fake_github, "Add alert", action="lag", due="2026-11-16")
    with WebhookServer(200) as hook:
        override(checkout, "digest.md.j2", f"Digest {{{{ marker }}}} {fake_github.token}\n")
        override(checkout, "digest_chat.md.j2", f"{{{{ title }}}} posted to {hook.url}\n")
        summary = checkout / "summary.md"
        env = {**fake_github_env, "ACTION_TRACKER_WEBHOOK_URL": hook.url,
               "GITHUB_STEP_SUMMARY": str(summary)}
        result = run("digest", "--today", "2026-11-26", env=env)
    assert result.code == 0, result.stderr
    (issue,) = digests(fake_github)
    assert issue["body"].startswith("Digest <!-- action-tracker:digest")
    assert fake_github.token not in summary.read_text() and "***" in summary.read_text()
    assert fake_github.token not in issue["body"] and issue["body"].rstrip().endswith("***")
    (payload,) = hook.received
    assert payload["text"] == "Postmortem follow-ups: 2026-W48 posted to ***"

    fake_github.clear_log()  # GitHub holds the masked body: a rerun finds it unchanged
    assert run("digest", "--today", "2026-11-26", env=fake_github_env).code == 0
    assert fake_github.writes == 0


def test_verbose_http_log_does_not_show_the_webhook_path(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str]
) -> None:
    seed_action(fake_github, "Add alert", action="lag", due="2026-11-16")
    with WebhookServer(200) as hook:
        env = {**fake_github_env, "ACTION_TRACKER_WEBHOOK_URL": hook.url}
        result = run("-vv", "digest", "--today", "2026-11-26", env=env)
    assert result.code == 0, result.stderr
    assert hook.paths == ["/services/T000/B000/s3cr3tW3bh00kT0ken"]
    assert '"POST *** HTTP/1.1" 200' in result.stderr  # urllib3's request line, masked
    assert "s3cr3t" not in result.stderr + result.stdout
    assert "/services/T000" not in result.stderr


def test_a_digest_issue_someone_else_opened_is_never_taken_over(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str]
) -> None:
    """A person who opens an issue with this week's digest marker does not get the digest
    written into it (nor closed as an earlier one): the tool opens its own and warns."""
    seed_action(fake_github, "Write the runbook", action="runbook", due="2026-12-01")
    planted = fake_github.seed_issue(
        REPO, "Postmortem follow-ups: 2026-W48",
        "<!-- action-tracker:digest v=1 period=2026-W48 -->", labels=[DIGEST], user="mallory")
    result = run("digest", "--today", "2026-11-26", env=fake_github_env)
    assert result.code == 0, result.stderr
    mine = [i for i in digests(fake_github) if i["number"] != planted]
    assert len(mine) == 1 and mine[0]["user"]["login"] == "github-actions[bot]"
    assert fake_github.count("PATCH", rf"/issues/{planted}$") == 0
    assert f"issue #{planted} " in result.stderr and "@mallory" in result.stderr
