"""Postmortems in the shapes public teams publish (Google SRE tables, Confluence and Notion
exports, PagerDuty and GitLab templates, incident.io/FireHydrant follow-ups, blog posts).

The fixtures in ``fixtures/real_world`` are our own text written in those styles; each test
states what a careful engineer reads from the document.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from action_tracker.models import Postmortem
from action_tracker.parsing import parse_text, shortcuts

FIXTURES = Path(__file__).parent / "fixtures" / "real_world"
D = dt.date
Row = tuple[str, str | None, dt.date | None, str | None, str | None, str, str | None]


def _parse(name: str) -> Postmortem:
    path = FIXTURES / name
    return parse_text(path.read_text(encoding="utf-8"), f"postmortems/{name}")


def _rows(pm: Postmortem) -> list[Row]:
    return [(a.description, a.owner, a.due, a.priority, a.type, a.status, a.ticket)
            for a in pm.actions]


EXPECTED_ACTIONS: dict[str, list[Row]] = {
    "blog-byline-date.md": [
        ("Alert when any certificate is within 14 days of expiry", "Marta Quiroga", None, "P1",
         None, "unknown", None),
        ("Make the renewal job fail loudly when it cannot reach the load balancer",
         "Joel Park", None, "P1", None, "unknown", None),
        ("Move gateway certificates to the managed certificate service", "Joel", None, "P2",
         None, "unknown", None),
        ("Write a runbook for manual renewal", None, None, None, None, "unknown", None),
    ],
    "jira-keyed-tasks.md": [
        ("Add a retry budget to the email worker", "@lwong", None, None, None, "open",
         "NOTIF-311"),
        ("Pin the broker client to the version we tested", "@okafor", None, None, None, "done",
         "NOTIF-312"),
        ("Alert on consumer lag above 5 minutes", "@lwong", None, "P1", "prevent", "open", None),
        ("Add a synthetic email to the smoke tests", None, None, "P2", "detect", "open", None),
        ("Document the broker upgrade checklist", None, None, None, None, "open", "OPS-77"),
        ("Review the broker upgrade process with the platform team", None, None, None, None,
         "unknown", None),
        ("Share this postmortem with the support leads", None, None, None, None, "unknown",
         None),
    ],
    "google-bug-refs.md": [
        ("Cache quota decisions for 30 seconds", "rhea", None, None, "mitigate", "unknown",
         "b/338120"),
        ("Shard the quota database by project", "tomasz", None, None, "prevent", "unknown",
         "b/338121"),
        ("Add a load test for the quota service before each release", None, None, None, None,
         "unknown", "b/338125"),
        ("Page the storage on-call when quota latency exceeds 500 ms, tracked in b/338126",
         None, None, None, None, "unknown", "b/338126"),
    ],
    "status-and-due-shapes.md": [
        ("Upgrade Postgres — the primary ran out of connections during the rebuild", None,
         None, None, None, "unknown", None),
        ("Parallelise the index rebuild", "@nadia", None, None, None, "unknown", None),
        ("Add a rebuild-duration panel to the search dashboard", None, None, None, None,
         "unknown", None),
        ("Rewrite the rebuild in Rust", None, None, None, None, "done", None),
        ("Split the index per tenant", None, None, None, None, "done", None),
        ("Check that the nightly backup is done", None, None, None, None, "unknown", None),
        ("Move the rebuild to the batch cluster", None, None, None, None, "done", None),
    ],
    "sre-action-items-table.md": [
        ("Stage config pushes region by region", "mokafor", None, None, "prevent", "unknown",
         "b/771201"),
        ("Lower the 503 alert threshold to 1% over 2 minutes", "lortega", None, None,
         "mitigate", "unknown", "b/771202"),
        ("Add pool-size check to the config validator", "mokafor", None, None, "prevent",
         "done", "b/771203"),
    ],
    "confluence-export.md": [
        ("Alert when indexing lag exceeds 15 minutes", "Priya Natarajan", D(2026, 11, 27),
         None, None, "unknown", "SRCH-412"),
        ("Add a dead-letter queue for poison messages", "Tom Weiss", D(2026, 12, 4), None,
         None, "unknown", "SRCH-413"),
        ("Document the manual reindex procedure", "Priya Natarajan", D(2026, 11, 20), None,
         None, "unknown", "SRCH-414"),
    ],
    "pagerduty-list.md": [
        ("Cap retries per message at 5", "@jsmith", None, "P1", None, "unknown", "NOTIF-201"),
        ("Add a queue-depth dashboard to the on-call runbook", "@akim", None, "P2", None,
         "unknown", "NOTIF-202"),
        ("Load test the worker pool with a retry storm", "@jsmith", None, "P3", None,
         "unknown", "NOTIF-203"),
    ],
    "gitlab-issue.md": [
        ("Add disk usage alert at 80% on runner hosts", "@dmorales", None, None, None, "open",
         None),
        ("Prune docker images nightly on every runner", "@kchen", None, None, None, "open", None),
        ("Clean up the full runners by hand", "@dmorales", None, None, None, "done", None),
    ],
    "notion-export.md": [
        ("Add Safari to the CI browser matrix", "Ravi Shah", D(2026, 11, 20), "P1", None,
         "open", None),
        ("Pin the transpiler target to the supported browser list", "Ella Brandt",
         D(2026, 11, 5), None, None, "done", None),
    ],
    "blog-postmortem.md": [
        ("Making the connection pool re-resolve the primary after a failover.", None, None,
         None, None, "unknown", None),
        ("Adding an end-to-end write probe that pages on-call within two minutes.", None, None,
         None, None, "unknown", None),
        ("Running a failover game day every quarter.", None, None, None, None, "unknown", None),
    ],
    "incident-io-followups.md": [
        ("Add backpressure to the webhook dispatcher", "Noor Haddad", None, "P1", None, "open",
         "https://linear.app/acme/issue/PAY-88"),
        ("Roll back deploys automatically on queue growth", "Sam Lee", None, "P2", None, "open",
         "https://linear.app/acme/issue/PAY-89"),
        ("Write a runbook for replaying webhooks", "Noor Haddad", None, "P3", None, "done",
         "https://linear.app/acme/issue/PAY-90"),
    ],
    "remediation-numbered.md": [
        ("Increase the resolver cache size on all nodes", "Carla Mendes", D(2026, 12, 15), None,
         None, "unknown", None),
        ("Add a synthetic DNS check per availability zone", "Ivan Petrov", D(2026, 12, 1), None,
         None, "unknown", None),
        ("Review resolver timeouts with the network team", "Carla Mendes", D(2027, 1, 10), None,
         None, "unknown", None),
    ],
    "title-case-table.md": [
        ("Make the billing job idempotent", "Dana Wu, Eli Park", D(2026, 11, 15), None, None,
         "open", None),
        ("Refund affected customers", "Eli Park", D(2026, 10, 8), None, None, "done", None),
        ("Add a duplicate-charge alarm", "Dana Wu", D(2026, 12, 1), None, None, "open", None),
    ],
    "short-long-term.md": [
        ("Raise the connection limit on the storage gateway", "@hlin", D(2026, 6, 16), None,
         None, "unknown", None),
        ("Add latency SLO burn alerts", "@opatel", D(2026, 6, 20), None, None, "unknown", None),
        ("Move hot buckets to a dedicated cluster", "@hlin", None, None, None, "unknown", None),
    ],
    "emoji-header-table.md": [
        ("Add client-side timeout to flag lookups", "@rgomez", D(2026, 5, 20), "P0", None,
         "done", None),
        ("Cache flag values for 60 seconds on the edge", "@tnguyen", D(2026, 6, 1), "P2", None,
         "unknown", None),
    ],
    "inline-bold-lessons.md": [
        ("Write the offset reset runbook", "@bfischer", D(2026, 4, 5), None, None, "open", None),
        ("Add consumer lag to the on-call dashboard", "@yito", D(2026, 4, 12), None, None,
         "open", None),
    ],
    "firehydrant-tasks.md": [
        ("Reload proxies after every certificate rotation", "Grace Hopkins", D(2026, 10, 14),
         None, None, "done", None),
        ("Alert 30 days before any certificate expires", "Omar Farouk", D(2026, 10, 21), None,
         None, "open", None),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED_ACTIONS))
def test_actions_read_as_an_engineer_reads_them(name: str) -> None:
    pm = _parse(name)
    assert _rows(pm) == EXPECTED_ACTIONS[name]
    assert not [p for p in pm.problems if p.severity == "error"]


def test_every_fixture_has_expectations() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.md")) == sorted(EXPECTED_ACTIONS)


def test_jira_key_prefix_is_the_ticket_not_the_action_id() -> None:
    pm = _parse("pagerduty-list.md")
    assert [a.ticket for a in pm.actions] == ["NOTIF-201", "NOTIF-202", "NOTIF-203"]
    assert not any(a.id.startswith("NOTIF") for a in pm.actions)


def test_timeframe_of_a_long_term_item_is_kept_as_text() -> None:
    pm = _parse("short-long-term.md")
    assert [a.due_text for a in pm.actions] == [None, None, "Q4 2026"]


def test_bold_lines_as_lesson_categories() -> None:
    lessons = _parse("sre-action-items-table.md").lessons
    assert lessons.went_well == [
        "The rollback tool reverted the config in under five minutes once invoked."]
    assert lessons.went_wrong == ["The config was pushed to every region at once.",
                                  "Paging was delayed because the alert threshold was too lax."]
    assert lessons.got_lucky == ["The incident happened outside peak shopping hours."]


def test_lesson_category_label_on_the_lessons_own_line() -> None:
    lessons = _parse("inline-bold-lessons.md").lessons
    assert lessons.went_well == ["The lag alert fired within a minute."]
    assert lessons.went_wrong == ["Nobody on call knew how to reset consumer offsets."]
    assert lessons.got_lucky == ["The analytics pipeline is not customer facing."]
    assert lessons.other == []


def test_plain_label_with_text_is_a_lesson_not_a_heading() -> None:
    text = ("# Cache outage\n\nDate: 2026-02-01\n\n## Lessons learned\n\n"
            "What went well: alerts fired.\n\nWhat went wrong: no runbook.\n")
    lessons = parse_text(text, "postmortems/cache.md").lessons
    assert (lessons.went_well, lessons.went_wrong) == (["alerts fired."], ["no runbook."])


def test_question_headings_and_emoji_headings_sort_lessons() -> None:
    notion = _parse("notion-export.md").lessons
    assert notion.went_well == ["Support spotted the pattern from tickets within 20 minutes."]
    assert notion.went_wrong == ["No browser matrix in the CI pipeline."]
    firehydrant = _parse("firehydrant-tasks.md").lessons
    assert firehydrant.went_well == ["The certificate expiry was caught by a synthetic check."]
    assert firehydrant.went_wrong == ["The rotation script did not reload the proxies."]


@pytest.mark.parametrize(("name", "title", "date"), [
    ("confluence-export.md", "Incident report: Search indexing stalled", D(2026, 11, 12)),
    ("notion-export.md", "🔥 Incident: Login page blank for Safari users", D(2026, 11, 2)),
    ("incident-io-followups.md", "INC-482: Payments webhook backlog", D(2026, 7, 21)),
    ("title-case-table.md", "Postmortem — Billing job double-charged customers",
     D(2026, 10, 6)),
    ("firehydrant-tasks.md", "Retrospective: Mobile API 5xx after certificate rotation",
     D(2026, 9, 30)),
])
def test_title_and_date(name: str, title: str, date: dt.date) -> None:
    pm = _parse(name)
    assert (pm.title, pm.date) == (title, date)


def test_sub_bullet_metadata_stays_in_the_details() -> None:
    action = _parse("notion-export.md").actions[0]
    assert action.details == ["**Owner:** Ravi Shah", "**Due:** 2026-11-20",
                              "**Priority:** High"]


def test_ticket_key_lines_under_an_item() -> None:
    text = ("# Queue outage\n\nDate: 2026-02-01\n\n## Action items\n\n"
            "- Add a dead-letter queue\n  - Owners: Ana Li, Bo Chen\n  - Jira: QUE-17\n"
            "  - Status: Done\n")
    [action] = parse_text(text, "postmortems/queue.md").actions
    assert (action.owner, action.ticket, action.status) == ("Ana Li, Bo Chen", "QUE-17", "done")


@pytest.mark.parametrize("name", sorted(EXPECTED_ACTIONS))
def test_speed_shortcuts_change_nothing(name: str) -> None:
    """The speed shortcuts give the general path's results here too."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    fast = parse_text(text, name).to_contract()
    with shortcuts.disabled():
        assert parse_text(text, name).to_contract() == fast
