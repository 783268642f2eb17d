"""Which items are actions, in the styles of real postmortems the first rules did not know
(issue 13, patterns 1-4 and 9): one heading per action, prose follow-ups, lead-in labels that
give a status, mixed lessons-and-work sections, one item per physical line, and the filler
templates leave behind.

The fixtures in ``fixtures/finding_actions`` are our own text written in those styles; each
test states what an engineer reads from the document, and the negative tests keep the rules
off the narrative of the incident.
"""

from __future__ import annotations

from pathlib import Path

from action_tracker.models import Postmortem
from action_tracker.parsing import parse_text

FIXTURES = Path(__file__).parent / "fixtures" / "finding_actions"
Row = tuple[str, str | None, str, str | None]


def _parse(name: str) -> Postmortem:
    path = FIXTURES / name
    return parse_text(path.read_text(encoding="utf-8"), f"postmortems/{name}")


def _rows(pm: Postmortem) -> list[Row]:
    return [(a.description, a.owner, a.status, a.ticket) for a in pm.actions]


def _lessons(pm: Postmortem) -> list[str]:
    ls = pm.lessons
    return [*ls.went_well, *ls.went_wrong, *ls.got_lucky, *ls.other]


def test_each_heading_under_an_actions_section_is_one_action() -> None:
    """Pattern 1: "#### 1) Log cleanup cron `@dana`" with a paragraph of detail below; the
    heading's number, status, owner and ticket count, group headings stay groups."""
    pm = _parse("task-headings.md")
    assert _rows(pm) == [
        ("Log cleanup cron", "@dana", "unknown", None),
        ("Alert on disk usage above 80%", None, "unknown", "#412"),
        ("Raise the volume size to 500 GB", None, "done", None),
        ("Configuration management", None, "open", None),
        ("Evaluate a managed log service", "@karim", "unknown", None),
    ]
    first = pm.actions[0]
    assert first.line == 20
    assert first.details == ["A nightly job deletes rotated archives older than seven days. "
                             "Runs on every aggregation host from the shared cron role."]


def test_heading_actions_need_a_task_not_a_topic() -> None:
    """A bare topic heading ("### Detection") groups the prose below it; the prose that
    commits to work is the action."""
    text = ("# Outage\n\n## Corrective actions\n\n### Detection\n\n"
            "We will add a synthetic check for the login page.\n\n### Done\n")
    pm = parse_text(text, "pm.md")
    assert _rows(pm) == [
        ("We will add a synthetic check for the login page.", None, "unknown", None)]


def test_a_series_of_named_headings_is_one_action_each() -> None:
    """Pattern 1 without numbers: two or more sub-headings that each name a thing (not a
    category such as "Detection") with only a paragraph below are one action each."""
    text = ("# Outage\n\n## Remediation items\n\n### Log retention policy\n\n"
            "Retention on the aggregation hosts drops to seven days.\n\n"
            "### Disk usage alerting\n\nPage at 80% disk usage instead of 95%.\n\n"
            "## Corrective actions\n\n### Detection\n\n"
            "We will add a synthetic check for the login page.\n\n### Prevention\n\n"
            "We will require two reviewers for DNS changes.\n")
    pm = parse_text(text, "pm.md")
    assert [(a.description, a.line) for a in pm.actions] == [
        ("Log retention policy", 5),
        ("Disk usage alerting", 9),
        ("We will add a synthetic check for the login page.", 17),
        ("We will require two reviewers for DNS changes.", 21),
    ]
    assert pm.actions[1].details == ["Page at 80% disk usage instead of 95%."]


def test_prose_under_an_actions_heading_and_commitment_lead_ins_are_actions() -> None:
    """Pattern 2: paragraphs that commit to (or report) a change under "Follow-up", and the
    list after "Going forward, we will do the following:" in the conclusion; finished work
    reported one line each under "Remediation" (owner and status from the tag and the
    wording are read by the item rules, not asserted here)."""
    pm = _parse("prose-follow-ups.md")
    reported = pm.actions[5:]
    assert [a.line for a in reported] == [32, 33]
    assert "Removed the deploy keys of the hosted build service" in reported[0].description
    assert "Rotated the registry credentials" in reported[1].description
    assert _rows(pm)[:5] == [
        ("The build service now runs on our own hosts, so an outage of the hosted provider "
         "no longer stops our releases.", None, "done", None),
        ("The setup page will be rewritten to explain how to run a build locally when the "
         "build service is down.", None, "unknown", None),
        ("We will add a status badge for the build service to the team dashboard.", None,
         "unknown", None),
        ("Alert when no build has started for 15 minutes", None, "unknown", None),
        ("Document how to switch the release pipeline to a local runner", None, "unknown",
         None),
    ]


def test_a_commitment_lead_in_turns_a_lessons_list_into_actions() -> None:
    """Pattern 2: in a lessons section, the list after "To prevent this from happening
    again, we will do the following." is actions, and not lessons."""
    text = ("# Outage\n\n## Lessons learned\n\n- Our alerts fired late.\n\n"
            "To prevent this from happening again, we will do the following.\n\n"
            "- Alert on queue age\n- Load test the consumer before each release\n")
    pm = parse_text(text, "pm.md")
    assert [a.description for a in pm.actions] == [
        "Alert on queue age", "Load test the consumer before each release"]
    assert _lessons(pm) == ["Our alerts fired late."]


def test_lead_in_labels_group_items_and_give_their_status() -> None:
    """Pattern 3: "**What we did**", "Improvements:", "Remediations completed", "What we
    will do next:" over lists; an item's own wording ("not yet written") overrides the
    label's status."""
    assert _rows(_parse("lead-in-labels.md")) == [
        ("Replayed every webhook from the dead letter queue", None, "done", None),
        ("Removed the expired certificate from the load balancer", None, "done", None),
        ("Add a runbook entry for replaying webhooks (not yet written)", None, "open", None),
        ("Monitor certificate expiry for every webhook endpoint", None, "unknown", None),
        ("Move webhook delivery to the new queue cluster", None, "unknown", None),
        ("Rotated the webhook signing secret", None, "done", None),
        # Outside an actions section, labels that name work done or to do open one.
        ("Raised the consumer's memory limit to 2 GiB", None, "done", None),
        ("Add a dashboard for webhook delivery latency", None, "open", None),
    ]


def test_mixed_sections_split_commitments_from_lessons() -> None:
    """Pattern 4: under "Lessons learned and future improvements" and "Takeaways and next
    steps" the items that commit to work are actions and the observations lessons; a
    paragraph written one item per line is one item per line."""
    pm = _parse("mixed-sections.md")
    assert _rows(pm) == [
        ("Add an alert 14 days before any certificate expires", "@marta", "unknown", None),
        ("We will move the gateway certificates to the managed certificate service.", None,
         "unknown", None),
        ("Write a runbook for manual certificate renewal", None, "unknown", None),
        ("Assign an owner to every scheduled job in the platform inventory", None, "unknown",
         None),
        ("Review the other gateways for certificates installed by hand", None, "unknown",
         None),
    ]
    assert [a.line for a in pm.actions[2:]] == [19, 20, 21]
    assert _lessons(pm) == [
        "Certificate expiry is invisible until it breaks: nobody owns the renewal job.",
        "Alerting only covered the HTTP error rate, which did not move because clients never "
        "reached the gateway.",
        "Our status page was updated quickly, which kept support tickets low.",
    ]


def test_one_imperative_per_line_is_one_action_per_line() -> None:
    """Pattern 4: soft line breaks, no list markers, each line an imperative."""
    text = ("# Outage\n\n## Action items\n\nRotate the database credentials\n"
            "Add the replica lag to the on-call dashboard @ops\nRemove the unused VPN users\n")
    pm = parse_text(text, "pm.md")
    assert _rows(pm) == [
        ("Rotate the database credentials", None, "unknown", None),
        ("Add the replica lag to the on-call dashboard", "@ops", "unknown", None),
        ("Remove the unused VPN users", None, "unknown", None),
    ]
    assert [a.line for a in pm.actions] == [5, 6, 7]


def test_lessons_one_per_line_and_wrapped_lessons() -> None:
    """Pattern 4 in a lessons section: one lesson per physical line; a lesson soft-wrapped
    before a proper noun ("via\nPagerDuty") stays one lesson."""
    text = ("# Outage\n\n## Lessons learned\n\nAlerts fired late.\n"
            "The runbook was out of date.\n\n"
            "We should have paged the database on-call engineer via\nPagerDuty sooner.\n")
    assert _lessons(parse_text(text, "pm.md")) == [
        "Alerts fired late.", "The runbook was out of date.",
        "We should have paged the database on-call engineer via PagerDuty sooner."]


def test_wrapped_prose_stays_one_paragraph() -> None:
    """A paragraph soft-wrapped mid-sentence is one action, not one per line."""
    text = ("# Outage\n\n## Follow-ups\n\nWe will move the nightly backup to the\n"
            "replica and alert when it runs longer than an hour.\n")
    assert _rows(parse_text(text, "pm.md")) == [
        ("We will move the nightly backup to the replica and alert when it runs longer than "
         "an hour.", None, "unknown", None)]


def test_template_filler_and_instructions_are_not_actions() -> None:
    """Pattern 9: "… another item", "{{ summary }} [link to issue]", "<placeholder>",
    "Action item 3", TBD-only rows and items, italic or quoted instructions, and the
    template's own instructions."""
    pm = _parse("placeholders.md")
    assert _rows(pm) == [
        ("Add request coalescing to the cache client", "@lena", "unknown", None),
        ("Stagger config pushes across regions", None, "unknown", None),
        ("Cap the cache rebuild concurrency", "@omar", "unknown", "#88"),
    ]
    assert _lessons(pm) == [
        "Config pushes to all regions at once turn a small bug into a global outage."]
    # A TBD-only row or item is filler, not one someone forgot to describe: no warning.
    assert pm.problems == []


def test_narrative_sections_give_no_actions() -> None:
    """Negative: timeline, impact, root cause and resolution prose ("We will never know…",
    "Support will contact…") is not a follow-up."""
    pm = _parse("narrative-only.md")
    assert pm.actions == []


def test_narrative_and_promises_under_an_actions_heading_are_not_actions() -> None:
    """Negative: under an actions heading, narrative and lead-in prose is not an action."""
    text = ("# Outage\n\n## Action items\n\nAt 14:02 the primary failed over.\n\n"
            "The following items were identified in the review.\n\n"
            "We will publish an update once these changes ship.\n\n"
            "The service is now stable.\n\nWe should have caught this earlier.\n\n"
            "Action items will be tracked in Jira.\n\n"
            "We will continue to monitor the system closely.\n\nNone.\n")
    assert parse_text(text, "pm.md").actions == []


def test_lists_after_narrative_lead_ins_are_not_actions() -> None:
    """Negative: a list after a colon that makes no commitment ("The on-call engineer did
    the following:"), or after a time-stamped line of the timeline, stays narrative."""
    text = ("# Outage\n\n## Timeline\n\nThe on-call engineer did the following:\n\n"
            "- Restarted the brokers\n- Drained the queue\n\n"
            "At 14:05 we agreed that going forward we will do the following:\n\n"
            "- Page the database team\n")
    assert parse_text(text, "pm.md").actions == []


BIG = 50_000


def test_hostile_prose_is_read_in_linear_time_and_stays_sensible() -> None:
    """Long runs through the prose rules (timings in benchmarks/adversarial_benchmark.py)."""
    pm = parse_text("# T\n\n## Action items\n\nThe " + "a " * BIG + "will be done\n", "pm.md")
    assert pm.actions == []  # no subject-and-change shape within reach of the start
    pm = parse_text("# T\n\n## Conclusion\n\n" + "we will x:\n" * (BIG // 10), "pm.md")
    assert pm.actions == []
    pm = parse_text("# T\n\n## Action items\n\n- " + "{{<add" * (BIG // 6) + "\n", "pm.md")
    assert len(pm.actions) == 1  # never closed: text, not a template variable
