"""Title, date, severity, status and authors, wherever the document states them."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.parser.helpers import parse, table


def test_title_from_front_matter_beats_the_h1() -> None:
    pm = parse("---\ntitle: Replica lag outage\n---\n# Some other heading\n")
    assert pm.title == "Replica lag outage"


def test_title_from_the_first_h1() -> None:
    pm = parse("Intro line.\n\n## Summary\n\nText.\n\n# Replica lag outage\n\n# Later H1\n")
    assert pm.title == "Replica lag outage"


def test_title_from_a_setext_h1() -> None:
    assert parse("Replica lag outage\n==================\n\nText.\n").title == \
        "Replica lag outage"


def test_no_title_when_the_only_headings_are_sections() -> None:
    assert parse("## Summary\n\nText.\n\n## Action items\n\n- Do it\n").title is None


@pytest.mark.parametrize("line", [
    "Date: 2026-01-12", "**Date:** 2026-01-12", "Incident date: January 12, 2026",
    "**Date**: 12 Jan 2026", "Date: Monday, 12 January 2026",
])
def test_date_line_forms(line: str) -> None:
    pm = parse(f"# Replica lag outage\n\n{line}\n\nText mentioning 2025-05-05.\n",
               "postmortems/db.md")
    assert pm.date == dt.date(2026, 1, 12)


def test_date_from_a_key_value_table() -> None:
    text = "# Replica lag outage\n\n" + table("Field | Value", "Date | 2026-01-12",
                                               "Severity | SEV2", "Authors | Ana, Bo")
    pm = parse(text, "db.md")
    assert (pm.date, pm.severity, pm.authors) == (dt.date(2026, 1, 12), "SEV2", ["Ana", "Bo"])


def test_date_from_the_file_name_when_the_document_has_none() -> None:
    pm = parse("# Replica lag outage\n\nNo dates here.\n", "postmortems/2026-01-12-db-lag.md")
    assert pm.date == dt.date(2026, 1, 12)


def test_front_matter_date_beats_date_line_and_file_name() -> None:
    pm = parse("---\ndate: 2026-01-12\n---\n# T\n\nDate: 2026-02-02\n", "2026-03-03-x.md")
    assert pm.date == dt.date(2026, 1, 12)


def test_due_dates_of_an_action_table_are_not_the_incident_date() -> None:
    text = "# Replica lag outage\n\n" + table("Action | Owner | Due",
                                              "Add a lag alert | Ana | 2026-03-01")
    pm = parse(text, "db.md")
    assert pm.date is None
    assert pm.actions[0].due == dt.date(2026, 3, 1)


def test_impossible_date_line_warns() -> None:
    pm = parse("# T\n\nDate: 2026-02-30\n", "db.md")
    assert pm.date is None
    assert [(p.line, p.severity) for p in pm.problems] == [(3, "warning")]


def test_severity_status_and_authors_from_key_lines() -> None:
    pm = parse("# T\n\n**Severity:** SEV1\n**Status:** Final\n"
               "**Authors:** Ana Silva, Bo Chen and Cy Diaz\n")
    assert (pm.severity, pm.status, pm.authors) == ("SEV1", "Final",
                                                     ["Ana Silva", "Bo Chen", "Cy Diaz"])


def test_metadata_absent_is_null_not_invented() -> None:
    pm = parse("# T\n\nThe database failed over.\n", "db.md")
    assert (pm.date, pm.severity, pm.status, pm.authors) == (None, None, None, [])


def test_document_id_is_the_file_stem() -> None:
    assert parse("# T\n", "postmortems/2026-01-12-db-lag.md").id == "2026-01-12-db-lag"


def test_crlf_line_endings_read_like_lf() -> None:
    text = ("---\r\ntitle: Lag\r\ndate: 2026-01-12\r\n---\r\n# Lag\r\n\r\n## Action items\r\n\r\n"
            "- [ ] Add a lag alert @ana due 2026-03-01\r\n")
    crlf, lf = parse(text), parse(text.replace("\r\n", "\n"))
    assert crlf.to_contract() == lf.to_contract()
    assert crlf.actions[0].line == 9 and crlf.actions[0].description == "Add a lag alert"


def test_byte_order_mark_is_ignored() -> None:
    pm = parse("\ufeff---\ntitle: Lag\n---\n# Lag\n\n## Action items\n\n- Add a lag alert\n")
    assert pm.title == "Lag" and pm.problems == []
    assert pm.actions[0].line == 8


def test_emoji_everywhere() -> None:
    pm = parse("# 🔥 Lag outage 🔥\n\n## 🛠️ Action items\n\n- ✅ Add a lag alert 🚨\n")
    assert pm.title == "🔥 Lag outage 🔥"
    assert [(a.description, a.status) for a in pm.actions] == [("Add a lag alert 🚨", "done")]
