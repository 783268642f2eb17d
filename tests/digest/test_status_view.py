"""``status`` rows: overdue first, a table that fits 120 columns, JSON with the contract keys."""

from __future__ import annotations

import datetime as dt
import json

from action_tracker.digest.records import records_from_issues
from action_tracker.render.status import (
    TABLE_WIDTH,
    StatusRow,
    render_json,
    render_table,
    status_rows,
)
from action_tracker.runtime.config import Config
from action_tracker.testing.issues import UTC, tracked

TODAY = dt.date(2026, 11, 30)


def _rows() -> list[StatusRow]:
    issues = [
        tracked(1, due="2026-12-10", owner="@alice"),
        tracked(2, due="2026-11-20", owner="Dana Scully"),
        tracked(3, due="2026-11-01", owner=None, title="A very long action " + "word " * 60),
        tracked(4, state="closed", closed_at=dt.datetime(2026, 11, 2, tzinfo=UTC)),
        tracked(5, state="closed", state_reason="not_planned",
                closed_at=dt.datetime(2026, 11, 2, tzinfo=UTC)),
    ]
    return status_rows(records_from_issues(issues, [], Config()), TODAY)


def test_rows_sorted_overdue_first() -> None:
    rows = _rows()
    assert [(r.issue, r.overdue_days) for r in rows] == [
        (3, 29), (2, 10), (1, None), (4, None), (5, None),
    ]
    assert rows[-1].state == "closed (not planned)"


def test_table_fits_120_columns_and_reads_well() -> None:
    table = render_table(_rows())
    lines = table.splitlines()
    assert max(len(line) for line in lines) <= TABLE_WIDTH
    assert lines[0].split() == ["POSTMORTEM", "ACTION", "ISSUE", "OWNER", "DUE", "STATE",
                                "OVERDUE"]
    assert "A very long action word" in lines[1] and "…" in lines[1]
    assert lines[1].rstrip().endswith("4 weeks")  # 29 days, as a reader says it
    assert "#3" in lines[1] and "unassigned" in lines[1] and "2026-11-01" in lines[1]
    assert "Dana Scully" in lines[2]


def test_json_keys_are_the_contract() -> None:
    data = json.loads(render_json(_rows()))
    assert set(data[0]) == {"postmortem", "action", "issue", "owner", "due", "state",
                            "overdue_days", "postmortem_url"}
    assert data[0]["issue"] == 3 and data[0]["overdue_days"] == 29
    assert data[0]["due"] == "2026-11-01" and data[0]["postmortem"] == "2026-11-02-db"


def test_no_rows() -> None:
    assert render_table([]) == "No tracked actions.\n"


def test_json_links_the_action_at_its_line_in_the_document() -> None:
    from action_tracker.models import ActionItem, Postmortem
    from action_tracker.render.links import DocLink

    pm = Postmortem(path="./postmortems/2026-11-02-db.md", id="2026-11-02-db", actions=[
        ActionItem(id="a1", description="Add alert", line=114)])
    link = DocLink(server_url="https://github.com", repo="acme/widgets", ref="abc123")
    records = records_from_issues([tracked(1)], [pm], Config(), link)
    (row,) = json.loads(render_json(status_rows(records, TODAY)))
    assert row["postmortem_url"] == (
        "https://github.com/acme/widgets/blob/abc123/postmortems/2026-11-02-db.md?plain=1#L114")
