"""Whole documents written the way teams really write them (fixtures are our own)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from action_tracker.parsing import parse_file

FIXTURES = Path(__file__).parent / "fixtures"


def test_messy_document_without_front_matter_or_action_heading() -> None:
    pm = parse_file(FIXTURES / "messy-storage-outage.md",
                    display_path="postmortems/messy-storage-outage.md")
    assert (pm.id, pm.title, pm.date, pm.severity, pm.status, pm.authors) == (
        "messy-storage-outage", "💾 Storage node ran out of inodes", dt.date(2025, 11, 6),
        "SEV2", "Final", ["Priya Raman", "Tom Becker"])
    rows = [(a.id, a.owner, a.due, a.due_text, a.status, a.ticket, a.line) for a in pm.actions]
    assert rows == [
        ("ST-1", "Tom Becker", dt.date(2025, 11, 20), None, "done", "#5521", 35),
        ("ST-2", "PR", dt.date(2025, 11, 14), None, "done", "#5522", 36),
        ("ST-3", "SRE team", None, "Q1 2026", "done", None, 37),
        (pm.actions[3].id, "@priya-raman", None, "Q2 2026", "open", None, 42),
        (pm.actions[4].id, "Tom Becker", None, "Q2 2026", "open", None, 44),
    ]
    assert pm.actions[1].description == "Route storage alerts to #storage-oncall"
    assert pm.actions[3].details == ["spike first, then decide"]
    assert pm.lessons.went_well == ["The failover script worked first time."]
    assert len(pm.lessons.went_wrong) == 2
    assert pm.lessons.got_lucky == [
        "We were lucky that the backup job had finished ten minutes before."]
    assert [(p.line, p.severity) for p in pm.problems] == [(38, "warning")]  # template row


def test_unfilled_template_invents_nothing() -> None:
    pm = parse_file(FIXTURES / "unfilled-template.md")
    assert pm.actions == []
    assert pm.lessons.is_empty()
    assert (pm.date, pm.severity, pm.authors) == (None, None, [])
    assert all(p.severity == "warning" for p in pm.problems)


def test_reference_links_in_lessons_are_resolved_from_the_documents_definitions() -> None:
    """Lessons are read away from the document (the digest), where ``[fixed][fix-pr]``
    would be bracket noise: defined references become links, undefined ones their text."""
    pm = parse_file(FIXTURES / "reference-links.md", display_path="postmortems/refs.md")
    assert pm.lessons.went_wrong == [
        "The cache [was not warmed](https://github.com/acme/shop/pull/12) before the deploy.",
        "Retries were [unbounded](https://github.com/acme/shop/issues/7) and the "
        "[runbook](https://wiki.example/runbook) was stale.",
        "A link to a missing page is reduced to its text.",
        "An inline [dashboard](https://grafana.example/d/1) still works; `[runbook]` in code "
        "stays.",
    ]
    assert pm.lessons_line == 11  # the "What went wrong" heading: issues link there
    # Actions keep their source (it is what their content hash covers); see desired.py.
    assert pm.actions[0].description == "Add jitter to cache TTLs ([design][jitter-doc])"
