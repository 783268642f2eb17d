"""What the parser reads out of the document shapes teams write."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from action_tracker.parsing import parse_file, parse_text

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "postmortems"


def test_front_matter_table_with_explicit_ids() -> None:
    pm = parse_file(EXAMPLES / "2026-01-12-checkout-db-failover.md")
    assert pm.id == "2026-01-12-checkout-db-failover"
    assert pm.title == "Checkout database failover left writes on the old primary"
    assert pm.date == dt.date(2026, 1, 12)
    assert pm.severity == "SEV2"
    assert [a.id for a in pm.actions] == ["CK-1", "CK-2", "CK-3"]
    first, second, third = pm.actions
    assert (first.owner, first.due, first.priority, first.status, first.ticket) == (
        "@maria-lopez", dt.date(2026, 2, 9), "P1", "open", "acme/db#412")
    assert (second.priority, second.status, second.type) == ("P1", "done", "detect")
    assert (third.owner, third.priority, third.ticket) == ("SRE team", "P2", None)
    assert pm.lessons.got_lucky and pm.lessons.went_well and pm.lessons.went_wrong
    assert pm.problems == []


def test_task_list_with_inline_metadata_and_nested_details() -> None:
    pm = parse_file(EXAMPLES / "2026-02-03-search-index-lag.md")
    a = {x.description: x for x in pm.actions}
    shadow = a["Run mapping changes against a shadow index first"]
    assert (shadow.owner, shadow.due, shadow.priority, shadow.ticket, shadow.status) == (
        "@priya-raman", dt.date(2026, 3, 2), "P1", "acme/search#88", "open")
    panel = a['Add an "index lag" panel and alert at 15 minutes']
    assert (panel.owner, panel.due, panel.priority) == ("Tom Becker", dt.date(2026, 2, 20), "P1")
    pause = a["Pause the bulk reindex when live lag exceeds 5 minutes"]
    assert (pause.status, pause.type) == ("done", "mitigate")
    doc = a["Document who may approve mapping changes"]
    assert (doc.owner, doc.due, doc.due_text) == ("Priya Raman", None, "Q2 2026")
    assert doc.details == ["Include the on-call lead as a reviewer",
                           "Link it from the search runbook"]
    assert len(pm.actions) == 4  # sub-items are details, not actions


def test_plain_label_strike_through_and_lucky_lead_in() -> None:
    pm = parse_file(EXAMPLES / "2026-02-18-cdn-cert-expiry.md")
    assert pm.authors == ["Kim Nguyen", "Lars Olsen"]
    assert pm.date == dt.date(2026, 2, 18)
    by_text = {a.description: a for a in pm.actions}
    renew = by_text["Renew the certificate and purge the CDN cache"]
    assert (renew.status, renew.owner) == ("done", "Lars Olsen")
    move = by_text["Move the static certificate to automatic renewal"]
    assert (move.owner, move.due, move.priority, move.ticket) == (
        "Kim Nguyen", dt.date(2026, 3, 6), "P0", "ACME-214")
    assert pm.lessons.got_lucky == [
        "We were lucky that the outage began outside European business hours."]


def test_group_headings_carry_status_ticket_and_timeframe() -> None:
    pm = parse_file(EXAMPLES / "2026-03-04-queue-backlog.md")
    statuses = [(a.status, a.ticket, a.due_text) for a in pm.actions]
    assert statuses[0][0] == "done" and statuses[1][0] == "done"
    assert statuses[2] == ("open", "acme/payments#1207", None)
    assert statuses[4][2] == "Q3 2026"
    assert pm.date == dt.date(2026, 3, 4)  # first date the document states


def test_toml_front_matter_and_leading_id_tags() -> None:
    pm = parse_file(EXAMPLES / "2026-03-20-login-rate-limit.md")
    assert pm.title == "Login rate limiter blocked a whole office network"
    assert pm.date == dt.date(2026, 3, 20)
    assert [a.id for a in pm.actions] == ["AI-1", "AI-2", "AI-3"]
    assert pm.actions[1].owner == "@joel" and pm.actions[1].priority == "P2"
    assert pm.lessons.went_wrong == [
        "The limit change was reviewed for attackers, not for shared networks."]


def test_line_numbers_count_front_matter() -> None:
    text = "---\ntitle: T\n---\n\n## Action items\n\n- Do the thing @x\n"
    pm = parse_text(text, "pm.md")
    assert pm.actions[0].line == 7


def test_ids_stable_across_unrelated_edits() -> None:
    before = parse_text("## Action items\n\n- Add alerting on lag\n- Fix the cron job\n", "a.md")
    after = parse_text(
        "## Action items\n\n- Write a runbook\n- Add alerting on lag\n- Fix the cron jbo\n",
        "a.md")
    assert before.actions[0].id == after.actions[1].id
    assert before.actions[0].id.startswith("add-alerting-lag-")


def test_duplicate_descriptions_are_numbered() -> None:
    pm = parse_text("## TODO\n\n- Rotate keys\n- Rotate keys\n", "a.md")
    assert pm.actions[1].id == pm.actions[0].id + "-2"


def test_bad_table_rows_and_dates_are_warnings() -> None:
    pm = parse_file(FIXTURES / "table-with-problems.md")
    messages = [(p.line, p.severity, p.message) for p in pm.problems]
    assert any(line == 12 and "2026-02-30" in msg for line, _, msg in messages)
    assert any(line == 14 and "cells" in msg for line, _, msg in messages)
    assert any(line == 15 and "no description" in msg for line, _, msg in messages)
    assert all(sev == "warning" for _, sev, _ in messages)
    assert [a.description for a in pm.actions] == [
        "Add a disk alert at 80%", "Remove the cron job", "Rotate the API keys"]
    first, second, third = pm.actions
    assert (first.due, first.priority, first.ticket, first.status) == (None, "P1", "#41", "open")
    assert (second.status, second.ticket) == ("done", None)
    assert third.ticket == "ops/infra#7"


def test_labels_groups_and_action_points() -> None:
    pm = parse_file(FIXTURES / "groups-and-points.md")
    assert pm.date == dt.date(2026, 3, 5)
    texts = [a.description for a in pm.actions]
    assert texts == ["Page on queue age", "Add a consumer lag panel", "Restarted the brokers",
                     "Make health checks ack-aware", "write a broker upgrade guide."]
    assert pm.actions[0].details == ["also cover the dead-letter queue"]
    assert pm.actions[2].status == "done"
    assert pm.actions[3].ticket == "https://github.com/acme/q/issues/5"
    assert pm.actions[4].status == "done"
    assert pm.lessons.went_well == ["The status page went up fast."]
    assert pm.lessons.got_lucky == ["Nobody was deploying."]


def test_no_actions_and_placeholders_invent_nothing() -> None:
    text = ("# Incident Title\n\n## Action Items\n\n- \n\n| Action | Owner |\n|---|---|\n| | |\n\n"
            "## Lessons Learned\n\nTBD.\n\n### What went well\n\n_List what went well._\n")
    pm = parse_text(text, "t.md")
    assert pm.actions == []
    assert pm.lessons.is_empty()
    assert parse_text("# Just a story\n\nNothing to do here.\n", "s.md").actions == []


def test_timeline_and_quotes_are_not_actions() -> None:
    text = ("# X\n\n## Timeline\n\n- 10:00 We decided to roll back\n\n## Follow-ups\n\n"
            "> - quoted chat: we should fix it\n\n- [ ] Real follow-up\n")
    assert [a.description for a in parse_text(text, "x.md").actions] == ["Real follow-up"]


def test_crlf_and_title_fallbacks() -> None:
    pm = parse_text("## Summary\r\n\r\nok\r\n\r\n## Action items\r\n\r\n- A thing\r\n", "y.md")
    assert pm.title is None
    assert pm.actions[0].line == 7
