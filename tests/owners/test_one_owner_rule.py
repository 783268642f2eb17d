"""Sync, the preview, the digest and ``status`` read the default owner with sync's rule."""

from __future__ import annotations

import datetime as dt

from action_tracker.digest.records import records_from_documents
from action_tracker.models import ActionItem, Postmortem
from action_tracker.render.issue import render_issue
from action_tracker.render.links import DocLink
from action_tracker.render.preview import build_preview
from action_tracker.render.status import status_rows
from action_tracker.runtime.config import Config
from action_tracker.tracking.desired import build_desired
from action_tracker.tracking.plan import Scope, plan

LINK = DocLink(server_url="https://github.com", repo="acme/widgets", ref="abc123")
CONFIG = Config.model_validate({"default_owner": "alice", "owners": {"Dana Scully": "dana"}})


def _pm(owner: str | None, status: str = "open") -> Postmortem:
    action = ActionItem(id="a", description="Add alert", line=10, owner=owner, status=status)
    return Postmortem(path="postmortems/db.md", id="db", title="Incident db",
                      date=dt.date(2026, 1, 12), actions=[action])


def test_sync_preview_digest_and_status_agree_on_the_default_owner() -> None:
    for written, expected in [("Tom Becker", ["alice"]), (None, ["alice"]),
                              ("Dana Scully", ["dana"]), ("@ana, @bo", ["ana", "bo"])]:
        pm = _pm(written)
        (item,) = build_desired([pm], CONFIG, LINK)
        assert render_issue(item, CONFIG).assignees == expected
        (row,) = build_preview(plan([item], [], Scope(all_tracked=True), CONFIG).operations).rows
        assert [o.split()[0][1:] for o in row.owners if o.startswith("@")] == expected
        (record,) = records_from_documents([pm], CONFIG, LINK)
        assert record.owner.logins == expected
        assert len(status_rows([record], dt.date(2026, 6, 1), owner=expected[0])) == 1


def test_finished_actions_get_no_default_owner_anywhere() -> None:
    pm = _pm("Tom Becker", status="done")
    (item,) = build_desired([pm], CONFIG, LINK)
    assert render_issue(item, CONFIG).assignees == []
    (record,) = records_from_documents([pm], CONFIG, LINK)
    assert record.owner.logins == []
