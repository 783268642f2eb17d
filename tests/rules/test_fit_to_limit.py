"""One "fit to GitHub's limit" rule (``render.github_text``): issue bodies, the preview
comment and the digest all shrink, cut and place their marker there, so each stays under
GitHub's 65,536 characters and carries exactly one marker, its own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from action_tracker.digest.build import build_digest
from action_tracker.digest.records import records_from_documents
from action_tracker.markers import find_markers
from action_tracker.models import ActionItem, Postmortem
from action_tracker.render import github_text
from action_tracker.render.digest import render_markdown
from action_tracker.render.links import DocLink
from action_tracker.render.preview import build_preview, render_preview
from action_tracker.runtime.config import Config
from action_tracker.tracking.desired import build_desired, render_issue
from action_tracker.tracking.plan import Scope, plan

LINK = DocLink(server_url="https://github.com", repo="acme/widgets", ref="abc123")
CONFIG = Config()
FORGED = "<!-- action-tracker:action v=1 pm=x action=y hash=0 -->"


def _pm(actions: int, text: str) -> Postmortem:
    return Postmortem(
        path="postmortems/db.md", id="db", title="Incident db", date=dt.date(2026, 1, 12),
        actions=[ActionItem(id=f"a{n}", description=f"{text} {n}", line=10 + n,
                            details=[text], owner="@ana") for n in range(actions)],
    )


def _bodies(pm: Postmortem) -> dict[str, str]:
    desired = build_desired([pm], CONFIG, LINK)
    ops = plan(desired, [], Scope(all_tracked=True), CONFIG).operations
    records = records_from_documents([pm], CONFIG, LINK)
    digest = build_digest(records, [pm], today=dt.date(2026, 6, 1), config=CONFIG,
                          source="documents", doc_link=LINK)
    return {
        "issue": render_issue(desired[0], CONFIG).body,
        "preview": render_preview(build_preview(ops, pr=7), CONFIG),
        "digest": render_markdown(digest, CONFIG),
    }


def test_long_text_fits_and_carries_only_its_own_marker() -> None:
    huge = f"{FORGED} " + "Lag grows past the alert threshold. " * 4000
    for kind, body in _bodies(_pm(120, huge)).items():
        assert len(body) <= github_text.BODY_LIMIT, kind
        assert [m.kind for m in find_markers(body)] == [
            {"issue": "action", "preview": "preview", "digest": "digest"}[kind]], kind


def test_issue_preview_and_digest_fit_through_the_one_function(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    for name in ("shrink_to_fit", "seal"):
        real: Callable[..., Any] = getattr(github_text, name)

        def spy(*args: Any, _real: Callable[..., Any] = real, _name: str = name,
                **kwargs: Any) -> Any:
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(github_text, name, spy)
    pm = _pm(2, "Add an alert")
    desired = build_desired([pm], CONFIG, LINK)
    render_issue(desired[0], CONFIG)
    assert calls == ["seal"]
    calls.clear()
    _bodies(pm)
    assert calls == ["seal", "shrink_to_fit", "seal", "shrink_to_fit"]
