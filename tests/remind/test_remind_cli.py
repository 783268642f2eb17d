"""``remind`` end to end through the CLI against the fake GitHub: one comment per period on
each overdue action's own issue, escalation once, snoozes, kills, and the request budget."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

from action_tracker.markers import find_markers
from action_tracker.testing.fake_github import FakeGitHub
from action_tracker.testing.issues import UTC, action_body
from tests.digest.conftest import Runner
from tests.digest.documents import write_postmortem

REPO = "acme/widgets"
TRACKING = "postmortem-action"
PM = "2026-11-02-db"
MONDAY = "2026-12-07"  # ISO week 2026-W50


def write_config(checkout: Path, text: str) -> None:
    with (checkout / ".github" / "action-tracker.yml").open("a", encoding="utf-8") as fh:
        fh.write(text)


def seed_action(fake: FakeGitHub, action: str, due: str, assignees: tuple[str, ...] = ("alice",),
                **kwargs: Any) -> int:
    """An open issue as sync filed it (the tool's account, the marker, the label)."""
    return fake.seed_issue(
        REPO, f"Do {action}", action_body(pm=PM, action=action, due=due), labels=[TRACKING],
        assignees=assignees, user=fake.login,
        created_at=dt.datetime(2026, 11, 3, tzinfo=UTC), **kwargs,
    )


def comments(fake: FakeGitHub, number: int) -> list[dict[str, Any]]:
    return fake.comments(REPO, number)


def kinds(body: str) -> list[str]:
    return [m.kind for m in find_markers(body)]


def remind(run: Runner, env: dict[str, str], *args: str, today: str = MONDAY) -> Any:
    result = run("remind", "--today", today, "--format", "json", *args, env=env)
    assert result.code in (0, 1), result.stderr
    return result, json.loads(result.stdout)


def test_one_reminder_per_period_however_often_it_runs(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    write_postmortem(checkout, PM, title="Database @oncall outage", date="2026-11-02")
    late = seed_action(fake_github, "lag-alert", "2026-11-16", ("alice", "bob"))
    on_time = seed_action(fake_github, "runbook", "2026-12-31")
    # the digest of the period exists: the reminder links it
    assert run("digest", "--today", MONDAY, env=fake_github_env).code == 0
    digest_url = next(i["html_url"] for i in fake_github.issues(REPO)
                      if "postmortem-digest" in {lab["name"] for lab in i["labels"]})
    fake_github.clear_log()

    result, rows = remind(run, fake_github_env)
    assert result.code == 0
    assert [(r["issue"], r["kind"], r["status"], r["days_overdue"], r["assignees"])
            for r in rows] == [(late, "reminder", "sent", 21, ["alice", "bob"])]
    assert fake_github.writes == 1
    (comment,) = comments(fake_github, late)
    body = comment["body"]
    assert body.startswith("@alice, @bob: this action is **3 weeks (21 days) overdue** "
                           "(due 2026-11-16).")
    assert "`@oncall`" in body and "@oncall " not in body.replace("`@oncall`", "")
    assert f"/blob/HEAD/postmortems/{PM}.md)" in body
    assert f"]({digest_url})" in body
    marker = find_markers(body)[-1]
    assert (marker.kind, marker.fields["pm"], marker.fields["action"],
            marker.fields["period"]) == ("reminder", PM, "lag-alert", "2026-W50")
    assert comments(fake_github, on_time) == []

    # Later the same week, twice: nothing more is written.
    for day in ("2026-12-09", "2026-12-13"):
        fake_github.clear_log()
        result, rows = remind(run, fake_github_env, today=day)
        assert [r["status"] for r in rows] == ["skipped_already_sent"]
        assert fake_github.writes == 0
    assert len(comments(fake_github, late)) == 1

    # A new week: a new reminder.
    result, rows = remind(run, fake_github_env, today="2026-12-14")
    assert [r["status"] for r in rows] == ["sent"]
    second = comments(fake_github, late)[-1]["body"]
    assert find_markers(second)[-1].fields["period"] == "2026-W51"
    assert "no digest" not in second and digest_url not in second  # W51 has none yet


def test_monthly_period_follows_the_digest(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    write_config(checkout, "digest:\n  period: month\n")
    late = seed_action(fake_github, "lag-alert", "2026-11-16")
    remind(run, fake_github_env, today="2026-12-01")
    remind(run, fake_github_env, today="2026-12-28")
    remind(run, fake_github_env, today="2027-01-04")
    periods = [find_markers(c["body"])[-1].fields["period"] for c in comments(fake_github, late)]
    assert periods == ["2026-12", "2027-01"]


def test_killed_run_never_reminds_twice(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    first = seed_action(fake_github, "one", "2026-11-16")
    second = seed_action(fake_github, "two", "2026-11-20")
    # GitHub posts the first comment, but the answer never arrives (the run is killed or
    # the connection lost); the run reports it and goes on with the next.
    fake_github.drop("POST", rf"/issues/{first}/comments$", when="after")
    result, rows = remind(run, fake_github_env)
    assert result.code == 1
    assert {r["issue"]: r["status"] for r in rows} == {first: "failed", second: "sent"}
    assert "could not be posted" in result.stderr
    assert len(comments(fake_github, first)) == 1  # it was posted after all

    fake_github.clear_log()
    result, rows = remind(run, fake_github_env)
    assert result.code == 0
    assert [r["status"] for r in rows] == ["skipped_already_sent"] * 2
    assert fake_github.writes == 0
    assert [len(comments(fake_github, n)) for n in (first, second)] == [1, 1]


def test_refused_comment_is_retried_next_run(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    number = seed_action(fake_github, "one", "2026-11-16")
    fake_github.fail("POST", rf"/issues/{number}/comments$", 502, when="before")
    result, rows = remind(run, fake_github_env)
    assert result.code == 1 and rows[0]["status"] == "failed"
    assert comments(fake_github, number) == []
    result, rows = remind(run, fake_github_env)
    assert result.code == 0 and rows[0]["status"] == "sent"
    assert len(comments(fake_github, number)) == 1


def test_escalation_once_combined_with_the_reminder(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    write_config(checkout, "reminders:\n  escalate_after_days: 30\n"
                           "  escalate_to: ['@acme/sre-leads', carol]\n")
    very_late = seed_action(fake_github, "old", "2026-10-01")  # 67 days
    late = seed_action(fake_github, "new", "2026-11-20")  # 17 days
    _, rows = remind(run, fake_github_env)
    assert [(r["issue"], r["kind"], r["status"]) for r in rows] == [
        (very_late, "both", "sent"), (late, "reminder", "sent")]
    assert rows[0]["escalate_to"] == ["acme/sre-leads", "carol"]
    assert fake_github.writes == 2  # one comment per reminded issue, never two
    (combined,) = comments(fake_github, very_late)
    assert combined["body"].startswith("@alice: this action is **2 months (67 days) overdue**")
    assert "**Escalation** to @acme/sre-leads, @carol: overdue more than 30 days" in (
        combined["body"])
    assert kinds(combined["body"]) == ["reminder", "escalation"]
    assert "Escalation" not in comments(fake_github, late)[0]["body"]

    # Next week: the reminder again, the escalation never again (its marker is carried).
    _, rows = remind(run, fake_github_env, today="2026-12-14")
    assert [(r["kind"], r["status"]) for r in rows] == [("reminder", "sent")] * 2
    later = comments(fake_github, very_late)[-1]["body"]
    assert "@carol" not in later and "Escalation" not in later
    assert kinds(later) == ["reminder", "escalation"]


def test_escalation_due_after_this_weeks_reminder_is_its_own_comment(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    write_config(checkout, "reminders:\n  escalate_after_days: 30\n  escalate_to: [carol]\n")
    number = seed_action(fake_github, "one", "2026-11-08")  # 29 days late on Monday
    remind(run, fake_github_env)
    fake_github.clear_log()
    _, rows = remind(run, fake_github_env, today="2026-12-09")  # 31 days
    assert [(r["kind"], r["status"]) for r in rows] == [("escalation", "sent")]
    assert fake_github.writes == 1
    escalation = comments(fake_github, number)[-1]["body"]
    assert escalation.startswith("This action is **4 weeks (31 days) overdue**")
    assert "@alice" not in escalation and "@carol" in escalation
    assert kinds(escalation) == ["escalation"]
    _, rows = remind(run, fake_github_env, today="2026-12-10")
    assert [(r["kind"], r["status"]) for r in rows] == [("reminder", "skipped_already_sent")]
    assert len(comments(fake_github, number)) == 2


def test_snooze_by_an_assignee_or_a_member_is_honoured_until_it_expires(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    by_assignee = seed_action(fake_github, "one", "2026-11-16")
    by_member = seed_action(fake_github, "two", "2026-11-16", ("bob",))
    fake_github.set_association(REPO, "dana", "MEMBER")
    fake_github.person_comment(REPO, by_assignee, "On it after the freeze.\n/snooze 2w",
                               actor="alice", at=dt.datetime(2026, 12, 4, 10, tzinfo=UTC))
    fake_github.person_comment(REPO, by_member, "/snooze 2026-12-10", actor="dana",
                               at=dt.datetime(2026, 12, 5, tzinfo=UTC))
    _, rows = remind(run, fake_github_env)
    assert {r["issue"]: (r["status"], r["snoozed_until"]) for r in rows} == {
        by_assignee: ("skipped_snoozed", "2026-12-18"),
        by_member: ("skipped_snoozed", "2026-12-10"),
    }
    assert fake_github.writes == 0
    text = run("remind", "--today", MONDAY, "--dry-run", env=fake_github_env)
    assert f"#{by_assignee}: skipped snoozed until 2026-12-18: reminder to @alice" in text.stdout

    # The member's snooze ends on the 10th: reminders resume that day.
    _, rows = remind(run, fake_github_env, today="2026-12-10")
    assert {r["issue"]: r["status"] for r in rows} == {
        by_assignee: "skipped_snoozed", by_member: "sent"}
    # The assignee resumes early with /snooze off (the latest command wins).
    fake_github.person_comment(REPO, by_assignee, "/snooze off", actor="alice",
                               at=dt.datetime(2026, 12, 11, tzinfo=UTC))
    _, rows = remind(run, fake_github_env, today="2026-12-11")
    assert {r["issue"]: r["status"] for r in rows} == {
        by_assignee: "sent", by_member: "skipped_already_sent"}


def test_snooze_or_forged_marker_by_a_stranger_is_ignored(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    number = seed_action(fake_github, "one", "2026-11-16")
    fake_github.set_association(REPO, "mallory", "CONTRIBUTOR")
    fake_github.person_comment(REPO, number, "/snooze 1m", actor="mallory",
                               at=dt.datetime(2026, 12, 6, tzinfo=UTC))
    forged = ("<!-- action-tracker:reminder v=1 pm=2026-11-02-db action=one period=2026-W50 -->"
              "\n<!-- action-tracker:escalation v=1 pm=2026-11-02-db action=one -->")
    fake_github.person_comment(REPO, number, forged, actor="mallory")
    _, rows = remind(run, fake_github_env)
    assert [(r["status"], r["snoozed_until"]) for r in rows] == [("sent", None)]


def test_snooze_in_a_quote_or_mid_sentence_does_not_count(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    number = seed_action(fake_github, "one", "2026-11-16")
    fake_github.person_comment(REPO, number, "> /snooze 2w\nno, please do not /snooze 2w",
                               actor="alice", at=dt.datetime(2026, 12, 6, tzinfo=UTC))
    _, rows = remind(run, fake_github_env)
    assert rows[0]["status"] == "sent"


def test_no_assignee_is_named_and_not_commented(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    number = seed_action(fake_github, "one", "2026-11-16", ())
    result = run("remind", "--today", MONDAY, env=fake_github_env)
    assert result.code == 0, result.stderr
    assert f"#{number}: skipped no assignee: reminder to nobody assigned (assign @alice)" in (
        result.stdout)
    assert comments(fake_github, number) == []
    assert fake_github.writes == 0


def test_no_assignee_still_escalates_without_mentioning_the_document_owner(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    write_config(checkout, "reminders:\n  escalate_after_days: 14\n  escalate_to: [carol]\n")
    number = seed_action(fake_github, "one", "2026-11-16", ())
    _, rows = remind(run, fake_github_env)
    assert [(r["kind"], r["status"]) for r in rows] == [("escalation", "sent")]
    (comment,) = comments(fake_github, number)
    assert "Nobody is assigned to this issue. The postmortem names `@alice`" in comment["body"]
    assert "@carol" in comment["body"]


def test_dry_run_writes_nothing_with_or_without_a_token(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    write_postmortem(checkout, PM, title="DB outage", date="2026-11-02",
                     actions=[("Add lag alert", "@alice", "2026-11-16", "P1"),
                              ("Write runbook", "Dana", "2026-11-20", "P2")])
    number = seed_action(fake_github, "one", "2026-11-16")
    _, rows = remind(run, fake_github_env, "--dry-run")
    assert [(r["issue"], r["status"]) for r in rows] == [(number, "would_send")]
    assert fake_github.writes == 0 and comments(fake_github, number) == []

    offline = run("remind", "--today", MONDAY, "--dry-run", env={})
    assert offline.code == 0, offline.stderr
    assert "would send: reminder to @alice, 3 weeks (21 days) overdue: Add lag alert" in (
        offline.stdout)
    assert "skipped no assignee: reminder to nobody assigned (assign Dana)" in offline.stdout
    assert "already sent this week and snoozes are not known" in offline.stdout
    assert fake_github.writes == 0
    refused = run("remind", "--today", MONDAY, env={})
    assert refused.code == 2 and "no GitHub token" in refused.stderr


def test_linked_issue_tracked_in_place_is_reminded(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    theirs = fake_github.seed_issue(REPO, "Replace the disk", "A person's issue.",
                                    labels=[TRACKING], assignees=["bob"], user="bob")
    (checkout / "postmortems" / f"{PM}.md").write_text(
        "---\ntitle: DB outage\ndate: 2026-11-02\nstatus: final\n---\n\n# DB outage\n\n"
        "## Action items\n\n| Action | Owner | Due | Ticket |\n| --- | --- | --- | --- |\n"
        f"| Replace the disk | @bob | 2026-11-23 | #{theirs} |\n", encoding="utf-8")
    _, rows = remind(run, fake_github_env)
    assert [(r["issue"], r["status"], r["days_overdue"]) for r in rows] == [
        (theirs, "sent", 14)]
    assert comments(fake_github, theirs)[0]["body"].startswith("@bob: this action is")


def test_request_budget_250_tracked_40_overdue(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    for n in range(250):
        number = seed_action(fake_github, f"a{n}", "2026-11-16" if n % 25 < 4 else "2027-01-31")
        for k in range(3):  # a few comments of people on every issue
            fake_github.person_comment(REPO, number, f"comment {k}", actor="bob")
    fake_github.clear_log()
    result, rows = remind(run, fake_github_env)
    assert result.code == 0
    assert len(rows) == 40 and {r["status"] for r in rows} == {"sent"}
    budget = math.ceil(250 / 100) + 3
    assert fake_github.reads <= budget
    assert fake_github.count("POST", "/graphql") == fake_github.reads == 5  # 3 pages, viewer,
    assert fake_github.writes == 40                                         # digest lookup
    fake_github.clear_log()
    result, rows = remind(run, fake_github_env, today="2026-12-10")
    assert {r["status"] for r in rows} == {"skipped_already_sent"}
    assert fake_github.reads == 4 and fake_github.writes == 0  # nothing to send: no lookup


def test_json_and_outputs(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    seed_action(fake_github, "one", "2026-11-16")
    outputs, summary = checkout / "out.txt", checkout / "summary.md"
    result = run("remind", "--today", MONDAY, env={**fake_github_env,
                                                   "GITHUB_OUTPUT": str(outputs),
                                                   "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.code == 0
    assert outputs.read_text().splitlines() == ["reminded=1", "escalated=0", "failed=0"]
    assert "### Reminders, week 2026-W50" in summary.read_text()
    assert "- #1 sent (reminder): `@alice`, 3 weeks (21 days) overdue: Do one" in (
        summary.read_text())
    _, rows = remind(run, fake_github_env)
    assert set(rows[0]) >= {"issue", "postmortem", "action", "assignees", "owner",
                            "days_overdue", "kind", "status", "snoozed_until", "url"}


def test_digest_still_lists_a_snoozed_action_marked_snoozed(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    snoozed = seed_action(fake_github, "one", "2026-11-16")
    other = seed_action(fake_github, "two", "2026-11-18")
    fake_github.person_comment(REPO, snoozed, "/snooze 2w", actor="alice",
                               at=dt.datetime(2026, 12, 6, tzinfo=UTC))
    fake_github.clear_log()
    result = run("digest", "--today", MONDAY, "--dry-run", "--format", "json",
                 env=fake_github_env)
    assert result.code == 0, result.stderr
    items = {i["issue"]: i for g in json.loads(result.stdout)["overdue"] for i in g["items"]}
    assert items[snoozed]["snoozed_until"] == "2026-12-20"
    assert items[other]["snoozed_until"] is None
    assert fake_github.count("POST", "/graphql") == 1  # ⌈2 open / 100⌉: the snoozes
    assert run("digest", "--today", MONDAY, env=fake_github_env).code == 0
    (digest,) = [i for i in fake_github.issues(REPO) if i["number"] not in (snoozed, other)]
    assert "snoozed until 2026-12-20" in digest["body"]
    assert digest["body"].count("snoozed until") == 1


def test_digest_is_posted_when_the_snoozes_cannot_be_read(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    seed_action(fake_github, "one", "2026-11-16")
    fake_github.fail("POST", "/graphql$", 200, body={"errors": [{"message": "Something went "
                                                                  "wrong"}]})
    result = run("digest", "--today", MONDAY, env=fake_github_env)
    assert result.code == 0, result.stderr
    assert "snoozes not read" in result.stderr
    fake_github.fail("POST", "/graphql$", 502, times=2)  # GraphQL down: still a digest
    result = run("digest", "--today", "2026-12-08", env=fake_github_env)
    assert result.code == 0, result.stderr
    assert "snoozes not read" in result.stderr


def test_remind_and_the_digest_agree_on_who_is_overdue_and_by_how_much(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    write_config(checkout, "reminders:\n  escalate_after_days: 20\n  escalate_to: [carol]\n")
    write_postmortem(checkout, PM, title="DB outage", date="2026-11-02")
    for n, due in enumerate(("2026-11-16", "2026-12-06", "2026-12-07", "2026-12-08",
                             "2026-10-01", "not a date")):
        seed_action(fake_github, f"a{n}", due, ("alice",) if n % 2 else ())
    seed_action(fake_github, "closed", "2026-11-01", state="closed")
    digest = json.loads(run("digest", "--today", MONDAY, "--dry-run", "--format", "json",
                            env=fake_github_env).stdout)
    overdue = {i["issue"]: i["days_overdue"] for g in digest["overdue"] for i in g["items"]}
    _, rows = remind(run, fake_github_env, "--dry-run")
    assert {r["issue"]: r["days_overdue"] for r in rows} == overdue
    assert sorted(overdue.values()) == [1, 21, 67]
    escalated = {i["issue"] for g in digest["overdue"] for i in g["items"] if i["escalated"]}
    assert escalated == {r["issue"] for r in rows if r["kind"] != "reminder"}
    assert len(escalated) == 2


def test_paths_limit_the_reminders_to_those_postmortems(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    write_postmortem(checkout, PM, title="DB outage", date="2026-11-02")
    write_postmortem(checkout, "2026-11-05-dns", title="DNS outage", date="2026-11-05")
    ours = seed_action(fake_github, "one", "2026-11-16")
    fake_github.seed_issue(REPO, "Other", action_body(pm="2026-11-05-dns", action="x",
                                                      due="2026-11-16"),
                           labels=[TRACKING], assignees=["bob"], user=fake_github.login)
    _, rows = remind(run, fake_github_env, f"postmortems/{PM}.md")
    assert [r["issue"] for r in rows] == [ours]
    _, rows = remind(run, fake_github_env, "--dry-run")
    assert len(rows) == 2


def test_a_failed_read_is_retried_once_then_reported_as_github_unavailable(
    run: Runner, fake_github: FakeGitHub, fake_github_env: dict[str, str], checkout: Path
) -> None:
    number = seed_action(fake_github, "one", "2026-11-16")
    fake_github.fail("POST", "/graphql$", 502)
    _, rows = remind(run, fake_github_env)
    assert [r["status"] for r in rows] == ["sent"]
    fake_github.fail("POST", "/graphql$", 502, times=2)
    result = run("remind", "--today", "2026-12-14", env=fake_github_env)
    assert result.code == 1, result.stderr
    assert "GitHub answered 502" in result.stderr and "may or may not" not in result.stderr
    assert len(comments(fake_github, number)) == 1
