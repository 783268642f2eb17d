"""Links to a document have one home (``render.links.DocLink``): the issue, the preview, the
digest and ``status`` link an action to the same URL, whatever spelling of the path
(``./postmortems/db.md`` or ``postmortems/db.md``) the document was read under."""

from __future__ import annotations

import datetime as dt

import pytest

from action_tracker.digest.records import records_from_documents, records_from_issues
from action_tracker.github.store import TrackedIssue
from action_tracker.models import ActionItem, Postmortem
from action_tracker.render.links import DocLink
from action_tracker.render.preview import build_preview
from action_tracker.render.status import status_rows
from action_tracker.runtime.config import Config
from action_tracker.tracking.desired import build_desired, render_issue
from action_tracker.tracking.plan import Scope, plan

T0 = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
LINK = DocLink(server_url="https://github.com", repo="acme/widgets", ref="abc123")
CONFIG = Config()
EXPECTED = "https://github.com/acme/widgets/blob/abc123/postmortems/db.md?plain=1#L10"


@pytest.mark.parametrize("path", ["postmortems/db.md", "./postmortems/db.md"])
def test_every_view_links_the_action_to_the_same_line(path: str) -> None:
    pm = Postmortem(path=path, id="db", title="Incident db", date=dt.date(2026, 1, 12),
                    actions=[ActionItem(id="a", description="Add alert", line=10)])
    (item,) = build_desired([pm], CONFIG, LINK)
    content = render_issue(item, CONFIG)
    issue = TrackedIssue(number=1, title=content.title, body=content.body,
                         labels=content.labels, assignees=[], created_at=T0, updated_at=T0)
    (row,) = build_preview(plan([item], [], Scope(all_tracked=True), CONFIG).operations).rows
    (from_docs,) = records_from_documents([pm], CONFIG, LINK)
    (from_issue,) = records_from_issues([issue], [pm], CONFIG, LINK)
    (status,) = status_rows([from_issue], dt.date(2026, 6, 1))
    assert {item.action_url, row.url, from_docs.action_url, from_issue.action_url,
            status.postmortem_url} == {EXPECTED}
    assert EXPECTED in content.body
