"""Styles the first corpus did not have (issue 13): owners named by a sentence's subject or a
leading tag, status from the wording, lessons nested under labels, wrapped table rows, and
more date shapes.

The fixtures in ``fixtures/round2`` are our own text written in those styles; each test
states what a careful engineer reads from the document.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from action_tracker.models import Postmortem
from action_tracker.parsing import parse_text
from tests.parser.helpers import actions, one

FIXTURES = Path(__file__).parent / "fixtures" / "round2"


def _parse(name: str, path: str | None = None) -> Postmortem:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return parse_text(text, path or f"postmortems/{name}")


# Pattern 5: owners in subject position and in tags.

def test_owners_in_subject_position_and_tags() -> None:
    pm = _parse("subject-owners.md")
    assert [(" ".join(a.description.split()[:2]), a.owner) for a in pm.actions] == [
        ("Platform to", "Platform"),
        ("Infra will", "Infra"),
        ("[SRE] Removed", "SRE"),
        ("[DB] Archive", "DB"),
        # declared on the "Teams involved" line
        ("Release Engineering", "Release Engineering"),
        # an author, by first name
        ("Priya will", "Priya"),
        ("The Billing", "Billing team"),
        # ordinary capitalised words leading a sentence are not owners
        ("Monitoring will", None),
        ("Dashboards should", None),
        ("Artifacts will", None),
    ]


@pytest.mark.parametrize("item", [
    "Monitoring will alert on replication lag",
    "Alerts will page the on-call engineer",
    "Data will be backfilled from the replica",  # a passive: "Data" is not the team here
    "Customers to be notified by email",
    "[API] Add rate limits to the export endpoint",  # a component tag, not a team
    "[BUG] Fix the retry loop",
    "Note: the old dashboard is gone",
    "Grafana to show the quota",
])
def test_an_ordinary_word_leading_an_item_is_not_an_owner(item: str) -> None:
    assert one(f"- {item}\n").owner is None


def test_an_explicit_owner_beats_the_subject() -> None:
    assert one("- Infra will rotate the keys (owner: @dana)\n").owner == "@dana"


def test_a_roster_table_declares_people() -> None:
    text = ("# Queue outage\n\nDate: 2025-02-03\n\n## Responders\n\n| Name | Role |\n|---|---|\n"
            "| Kemal | Incident commander |\n| Lucía Ortega | Scribe |\n\n"
            "## Action items\n\n- Kemal to schedule the failover drill\n"
            "- Lucía will update the paging policy\n- Someone will check the logs\n")
    pm = parse_text(text, "postmortems/queue.md")
    assert [a.owner for a in pm.actions] == ["Kemal", "Lucía", None]


# Pattern 6: status from wording.

def test_past_tense_reports_of_finished_work_are_done() -> None:
    pm = _parse("past-tense-followups.md")
    assert [(" ".join(a.description.split()[:2]), a.status) for a in pm.actions] == [
        ("Removed the", "done"),
        ("Completed the", "done"),
        ("We improved", "done"),
        ("The renewal", "done"),  # "now runs": the change is in place
        ("[Security] Rotated", "done"),
        # a participle naming a deliverable, an imperative, and a proposal are not done
        ("Improved alerting", "unknown"),
        ("Automate renewal", "unknown"),
        ("Migrated the", "open"),  # an unticked box says more than the wording
        ("Proposed a", "unknown"),
    ]


def test_a_past_tense_sentence_in_a_timeline_is_not_a_done_action() -> None:
    pm = _parse("past-tense-followups.md")
    assert not [a for a in pm.actions if "expired certificate" in a.description
                or "renewed certificate" in a.description]


def test_a_status_column_beats_the_wording() -> None:
    body = "| Action | Status |\n|---|---|\n| Removed the old DNS records | In progress |\n"
    assert one(body).status == "open"


# Pattern 7: lessons nested under labels, and paragraphs beside a list.

def test_lessons_nested_under_labels_are_kept_in_their_category() -> None:
    lessons = _parse("nested-lesson-labels.md").lessons
    assert lessons.went_well == ["The backlog alert fired within five minutes",
                                 "Pausing the reindex job was a single command"]
    assert lessons.went_wrong == ["The mapping change was not load tested",
                                  "Status page updates were late"]
    assert lessons.got_lucky == ["It happened on a Saturday, with little traffic"]
    assert lessons.other == [
        "Finding the cause took too long",  # a label that is a lesson, with its details
        "Worker logs were sampled at 1%",
        "Nobody knew who owned the reindex job",
        "We also learned that the reindex job had never been run at full scale.",
        "Capacity planning should include reindexing",
    ]


def test_a_lead_in_before_a_lesson_list_is_not_a_lesson() -> None:
    text = ("# Outage\n\nDate: 2025-01-02\n\n## What went wrong\n\n"
            "Things that could have gone better. For example,\n\n"
            "- The pager rotation had a gap\n")
    assert parse_text(text, "postmortems/outage.md").lessons.went_wrong == [
        "The pager rotation had a gap"]


# Pattern 8: wrapped table rows and type words inside the text.

def test_wrapped_table_rows_are_joined_to_the_row_they_continue() -> None:
    pm = _parse("wrapped-table-rows.md")
    assert [(a.line, a.description, a.owner, a.status, a.type) for a in pm.actions] == [
        (14, "Verify the checksum of every layer before it is written to the shared cache, "
             "so a truncated upload is rejected", "Build team", "open", None),
        (16, "Add an alert on the cache's upload error rate for both regions", "@mwright",
         "done", None),
        (18, "Development of release process", "Release team", "open", None),
        (19, "Document how to purge a single layer", "@mwright", "open", None),
        (23, "Expire cache entries after 30 days", "Build team", "unknown", "prevent"),
        (24, "Review of the cache eviction process", "Build team", "unknown", None),
    ]
    assert pm.problems == []  # joined rows are whole rows: no ragged-row warning


def test_a_one_cell_row_with_pipes_is_still_its_own_row() -> None:
    body = ("| Action | Owner |\n|---|---|\n| Rotate the keys | @ana |\n"
            "| Move the cache to the new cluster |\n")
    assert [a.description for a in actions(body)] == [
        "Rotate the keys", "Move the cache to the new cluster"]


@pytest.mark.parametrize(("item", "kind"), [
    ("Development of release process", None),
    ("Review the detection", None),
    ("Cap the connection pool [prevent]", "prevent"),
    ("Cap the connection pool (prevent)", "prevent"),
    ("Cap the connection pool — prevent", "prevent"),
])
def test_a_trailing_type_word_stays_in_the_text_unless_tagged(item: str, kind: str | None
                                                              ) -> None:
    action = one(f"- {item}\n")
    assert (action.type, action.description) == (
        kind, item if kind is None else "Cap the connection pool")


# Pattern 10: dates.

@pytest.mark.parametrize(("written", "date"), [
    ("2024-Mar-09", dt.date(2024, 3, 9)),
    ("14/Jun/2021", dt.date(2021, 6, 14)),
    ("14-Jun-2021", dt.date(2021, 6, 14)),
    ("5. August 2020", dt.date(2020, 8, 5)),
])
def test_more_date_shapes(written: str, date: dt.date) -> None:
    text = f"# Outage\n\nDate: {written}\n\nThe API failed.\n"
    assert parse_text(text, "postmortems/outage.md").date == date


def test_anchored_headings_and_day_first_dates() -> None:
    pm = _parse("anchored-day-first.md")
    assert pm.title == "Login failures after the identity provider migration"
    assert pm.date == dt.date(2020, 8, 5)
    # the headings under their anchors are read, and "4/9/2020" is day first like 28.7.2020
    assert [(a.description[:22], a.due) for a in pm.actions] == [
        ("Replay a day of produc", dt.date(2020, 9, 4)),
        ("Add a login success ra", dt.date(2020, 9, 18)),
    ]


def test_a_month_first_document_reads_ambiguous_dates_month_first() -> None:
    text = ("# Outage\n\nDate: 05-08-2020\n\n## Timeline\n\n- 08-25-2020 10:00 the fix shipped\n")
    assert parse_text(text, "postmortems/outage.md").date == dt.date(2020, 5, 8)


def test_an_html_heading_is_a_heading() -> None:
    text = '# Outage\n\n<h2 id="when">Incident of <b>June 14, 2021</b></h2>\n\nText.\n'
    assert parse_text(text, "postmortems/outage.md").date == dt.date(2021, 6, 14)


def test_a_timeline_that_opens_with_background_does_not_date_the_document() -> None:
    assert _parse("timeline-only-dates.md", "postmortems/webhooks.md").date is None
    assert _parse("timeline-only-dates.md", "postmortems/2021-07-02-webhooks.md").date == \
        dt.date(2021, 7, 2)


def test_a_timeline_of_consecutive_days_still_dates_the_document() -> None:
    text = ("# Outage\n\n## Timeline\n\n| Time | Event |\n|---|---|\n"
            "| 2021-06-13 22:00 | Errors start |\n| 2021-06-14 01:00 | Fixed |\n")
    assert parse_text(text, "postmortems/outage.md").date == dt.date(2021, 6, 13)


def test_a_participants_list_declares_people_and_teams() -> None:
    text = ("# Queue outage\n\nDate: 2025-02-03\n\n## Participants\n\n- Kemal Aydin\n"
            "- Growth team - customer comms\n- Storage\n\n## Action items\n\n"
            "- Kemal to schedule the failover drill\n- Storage will shard the cluster\n"
            "- [infra] Rotate the broker keys\n- Someone will check the logs\n")
    pm = parse_text(text, "postmortems/queue.md")
    assert [a.owner for a in pm.actions] == ["Kemal", "Storage", "infra", None]


def test_a_category_item_without_a_colon_sorts_its_nested_lessons() -> None:
    text = ("# Outage\n\nDate: 2025-01-02\n\n## Lessons learned\n\n- What went well\n"
            "  - Paging worked\n- Alerts are noisy\n  - 40 pages a week\n")
    lessons = parse_text(text, "postmortems/outage.md").lessons
    assert (lessons.went_well, lessons.other) == (["Paging worked"], ["Alerts are noisy"])


def test_a_name_that_owns_another_action_owns_its_subject_sentence() -> None:
    text = ("# Outage\n\nDate: 2025-01-02\n\n## Action items\n\n| Action | Owner |\n|---|---|\n"
            "| Rotate the broker keys | Dana Ito |\n\n## Follow-ups\n\n"
            "- Dana will review the paging policy\n- Nobody will be paged twice\n")
    pm = parse_text(text, "postmortems/outage.md")
    assert [a.owner for a in pm.actions] == ["Dana Ito", "Dana", None]


def test_a_row_wrapped_cell_by_cell_is_joined() -> None:
    body = ("| # | Action | Owner | Status |\n|---|---|---|---|\n"
            "| 1 | Add alerting for disk usage on the build | SRE | Open |\n"
            "|   | servers so that we notice earlier | | |\n"
            "| 2 | Rotate the keys | @dana | Done |\n"
            "|   | Move the cache | | |\n")
    assert [(a.description, a.owner) for a in actions(body)] == [
        ("Add alerting for disk usage on the build servers so that we notice earlier", "SRE"),
        ("Rotate the keys", "@dana"),
        ("Move the cache", None),  # a capitalised text is a row of its own
    ]
