"""Owners and due dates have one home each (``tracking.owners``, ``tracking.due``): sync,
the preview, the digest and ``status`` all read them there.

Regressions: ``@ana, @bo`` was two assignees in sync and one unresolved name in a
token-less digest (so ``status --owner bo`` missed it); ``@Ana/team`` was a name in sync
and the login ``Ana/team`` in the digest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from action_tracker.digest.records import records_from_documents, records_from_issues
from action_tracker.github.store import TrackedIssue
from action_tracker.models import ActionItem, Postmortem
from action_tracker.render.links import DocLink
from action_tracker.render.preview import UNASSIGNED, build_preview
from action_tracker.render.status import status_rows
from action_tracker.runtime.config import Config
from action_tracker.tracking import due, owners
from action_tracker.tracking.desired import build_desired, render_issue
from action_tracker.tracking.plan import Scope, plan

T0 = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
TODAY = dt.date(2026, 6, 1)
LINK = DocLink(server_url="https://github.com", repo="acme/widgets", ref="abc123")
CONFIG = Config.model_validate({"owners": {"Dana Scully": "dana"}})


def _pm(owner: str | None, due_date: dt.date | None = None) -> Postmortem:
    action = ActionItem(id="a", description="Add alert", line=10, owner=owner, due=due_date,
                        priority="P1")
    return Postmortem(path="postmortems/db.md", id="db", title="Incident db",
                      date=dt.date(2026, 1, 12), actions=[action])


def _synced(pm: Postmortem) -> list[TrackedIssue]:
    """The issue sync would have written (no owner could be assigned: a token-less view)."""
    (item,) = build_desired([pm], CONFIG, LINK)
    content = render_issue(item, CONFIG, assignable=set())
    return [TrackedIssue(number=1, title=content.title, body=content.body, labels=content.labels,
                         assignees=[], created_at=T0, updated_at=T0)]


def _everyone(pm: Postmortem) -> dict[str, tuple[list[str], str | None]]:
    """(logins, due) as sync, the preview, the digest (documents and issues) and status read
    them for the one action of ``pm``."""
    (item,) = build_desired([pm], CONFIG, LINK)
    ops = plan([item], [], Scope(all_tracked=True), CONFIG).operations
    (row,) = build_preview(ops).rows
    (from_docs,) = records_from_documents([pm], CONFIG, LINK)
    (from_issues,) = records_from_issues(_synced(pm), [pm], CONFIG, LINK)
    (status,) = status_rows([from_issues], TODAY)
    iso = item.due.isoformat() if item.due else None
    return {
        "sync": (item.owner_logins, iso),
        "preview": ([o[1:] for o in row.owners if not o.endswith(UNASSIGNED)], row.due),
        "digest (documents)": (from_docs.owner.logins,
                               from_docs.due.isoformat() if from_docs.due else None),
        "digest (issues)": (from_issues.owner.logins,
                            from_issues.due.isoformat() if from_issues.due else None),
        "status": (from_issues.owner.logins, status.due.isoformat() if status.due else None),
    }


@pytest.mark.parametrize(("written", "logins"), [
    ("@ana, @bo", ["ana", "bo"]),
    ("@Ana/team", []),
    ("Dana Scully", ["dana"]),
    ("@carol", ["carol"]),
    ("Tom Becker", []),
])
def test_every_view_reads_an_owner_the_same_way(written: str, logins: list[str]) -> None:
    seen = _everyone(_pm(written))
    assert {view: got[0] for view, got in seen.items()} == dict.fromkeys(seen, logins)


def test_status_owner_filter_finds_each_of_two_owners() -> None:
    records = records_from_documents([_pm("@ana, @bo")], CONFIG, LINK)
    assert len(status_rows(records, TODAY, owner="bo")) == 1
    assert len(status_rows(records, TODAY, owner="@ana")) == 1


@pytest.mark.parametrize("due_date", [None, dt.date(2026, 3, 1)])
def test_every_view_reads_the_same_due_date(due_date: dt.date | None) -> None:
    seen = _everyone(_pm("@ana", due_date))
    dues = {view: got[1] for view, got in seen.items()}
    assert len(set(dues.values())) == 1 and None not in dues.values(), dues


def _spy(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[str]:
    calls: list[str] = []
    real: Callable[..., Any] = getattr(module, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(name)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return calls


def test_sync_and_digest_go_through_the_one_owner_and_due_rule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    owner_calls = _spy(monkeypatch, owners, "resolve_owners")
    due_calls = _spy(monkeypatch, due, "effective_due")
    pm = _pm("@ana, @bo")
    build_desired([pm], CONFIG, LINK)
    assert owner_calls and due_calls
    owner_calls.clear()
    due_calls.clear()
    records_from_documents([pm], CONFIG, LINK)
    assert owner_calls and due_calls
    owner_calls.clear()
    records_from_issues(_synced(pm), [pm], CONFIG, LINK)
    assert owner_calls
