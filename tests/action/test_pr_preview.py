"""The preview comment as a reviewer reads it, built from real sync plans."""

from __future__ import annotations

import datetime as dt
import re

from action_tracker.github.store import TrackedIssue
from action_tracker.markers import find_markers
from action_tracker.models import ActionItem, Postmortem
from action_tracker.render.issue import render_issue
from action_tracker.render.links import DocLink
from action_tracker.render.preview import (
    build_preview,
    count_operations,
    headline,
    is_preview_comment,
    render_preview,
)
from action_tracker.runtime.config import Config
from action_tracker.tracking.desired import build_desired
from action_tracker.tracking.plan import Scope, plan

T0 = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
LINK = DocLink(server_url="https://github.com", repo="acme/widgets", ref="abc123")
CONFIG = Config()


def pm(pm_id: str, *actions: ActionItem) -> Postmortem:
    return Postmortem(
        path=f"postmortems/{pm_id}.md", id=pm_id, title=f"Incident {pm_id}",
        date=dt.date(2026, 1, 12), actions=list(actions),
    )


def act(aid: str, text: str, **fields: object) -> ActionItem:
    return ActionItem(id=aid, description=text, line=10, **fields)  # type: ignore[arg-type]


def existing(postmortems: list[Postmortem]) -> list[TrackedIssue]:
    """Issues exactly as a previous sync left them, numbered from 1."""
    issues = []
    for number, item in enumerate(build_desired(postmortems, CONFIG, LINK), start=1):
        content = render_issue(item, CONFIG)
        issues.append(TrackedIssue(
            number=number, title=content.title, body=content.body, labels=content.labels,
            assignees=content.assignees, created_at=T0, updated_at=T0,
        ))
    return issues


def preview_of(before: list[Postmortem], after: list[Postmortem], pr: int = 7,
               config: Config = CONFIG) -> str:
    scope = Scope(all_tracked=True)
    issues = existing(before)
    ops = plan(build_desired(after, config, LINK), issues, scope, config)
    return render_preview(build_preview(ops.operations, existing=issues, pr=pr,
                                        head_sha="0123456789abcdef"), config)


def test_headline_counts_opens_updates_and_closes() -> None:
    before = [pm("db", act("a", "Add alert"), act("b", "Fix backup"), act("c", "Write runbook"))]
    after = [
        pm("db", act("a", "Add alert on replication lag", owner="@alice"),
           act("b", "Fix backup", status="done"), act("c", "Write runbook")),
        pm("cache", act("x", "Cap cache size"), act("y", "Shard the cache")),
    ]
    body = preview_of(before, after)
    assert "Merging this pull request will open 2 issues, update 1, close 1." in body
    # One table row per changed issue, with its number or "new".
    assert "| open | cache | Cap cache size | new |" in unlinked(body)
    assert "| update | db | Add alert on replication lag | #1 | `@alice` |" in unlinked(body)
    assert "| close (done) | db | Fix backup | #2 |" in unlinked(body)
    assert "Write runbook" not in body  # unchanged actions stay out of the table
    assert "for 0123456" in body


def test_singular_and_nothing_to_do() -> None:
    docs = [pm("db", act("a", "Add alert"))]
    assert "will not change any issue (1 tracked action unchanged)." in preview_of(docs, docs)
    one_new = [pm("db", act("a", "Add alert"), act("b", "Fix backup"))]
    assert "will open 1 issue, update 0, close 0." in preview_of(docs, one_new)


def test_removed_action_is_counted_and_named() -> None:
    before = [pm("db", act("a", "Add alert"), act("b", "Fix backup"))]
    after = [pm("db", act("a", "Add alert"))]
    body = preview_of(before, after)
    assert "mark 1 as removed from their postmortem" in body
    assert "| mark removed | db | Fix backup | #2 |" in body
    closing = Config.model_validate({"sync": {"close_removed": True}})
    scope = Scope(all_tracked=True)
    ops = plan(build_desired(after, closing, LINK), existing(before), scope, closing)
    # A removal that also closes counts as a removal, as sync counts it (one vocabulary,
    # tracking.operations); the row still says it closes.
    counts = count_operations(ops.operations)
    assert (counts.remove, counts.close) == (1, 0)


def unlinked(body: str) -> str:
    """``body`` with each link reduced to its text (rows link the action's line)."""
    return re.sub(r"\[((?:\\.|[^\]])*)\]\(https://[^)]*\)", r"\1", body)


def test_comment_carries_one_preview_marker_for_its_pull_request() -> None:
    body = preview_of([], [pm("db", act("a", "Add alert"))], pr=42)
    markers = find_markers(body)
    assert [(m.kind, m.get("pr")) for m in markers] == [("preview", "42")]
    assert is_preview_comment(body, 42)
    assert not is_preview_comment(body, 43)
    assert not is_preview_comment("a person's comment", 42)


def test_document_text_cannot_forge_a_marker_or_break_the_table() -> None:
    evil = "Fix | it <!-- action-tracker:preview v=1 pr=42 --> now"
    body = preview_of([], [pm("db", act("a", evil))], pr=42)
    assert len(find_markers(body)) == 1
    row = next(line for line in body.splitlines() if line.startswith("| open |"))
    assert "Fix \\| it" in row
    # 7 columns = 8 unescaped pipes: the pipe in the text did not add a column.
    assert len(re.findall(r"(?<!\\)\|", row)) == 8


def test_long_plans_are_cut_below_githubs_comment_limit() -> None:
    after = [pm(f"pm{i}", *(act(f"a{j}", f"Action {j} " + "x" * 300) for j in range(5)))
             for i in range(100)]
    body = preview_of([], after)
    assert "Merging this pull request will open 500 issues" in body
    # Rows are dropped (and counted) until it fits; the comment is never cut mid-table.
    hidden = re.search(r"…and (\d+) more", body)
    assert hidden is not None and int(hidden.group(1)) >= 300
    assert "cut to fit" not in body
    assert len(body) <= 65_536


def test_headline_wording() -> None:
    from action_tracker.render.preview import PreviewCounts

    assert headline(PreviewCounts(create=5, update=2, close=1)) == (
        "Merging this pull request will open 5 issues, update 2, close 1."
    )


def test_updated_issues_show_each_changed_field_before_and_after() -> None:
    before = [pm("db", act("a", "Add alert", owner="@bob", due=dt.date(2026, 3, 1),
                           priority="P2"),
                 act("b", "Fix backup", owner="@carol"))]
    after = [pm("db", act("a", "Add alert on replication lag", owner="Alice Smith",
                          due=dt.date(2026, 4, 1), priority="P1"),
                act("b", "Fix backup", owner="@carol", status="done"))]
    config = Config.model_validate({"owners": {"Alice Smith": "alice"}})
    body = preview_of(before, after, config=config)
    # Owners as sync assigns them: the owners: map gives @alice, not the name.
    # (in a code span: the preview names people without notifying them)
    assert "| update | db | Add alert on replication lag | #1 | `@alice` |" in unlinked(body)
    assert "Alice Smith" not in body
    assert ("- #1 Add alert on replication lag: **title** Add alert → Add alert on "
            "replication lag; **owner** `@bob` → `@alice`; **due** 2026-03-01 → 2026-04-01; "
            "**priority** P2 → P1.\n") in body
    # A close changes the state; the owner did not change, so it is not listed.
    assert "\n- #2 Fix backup: **status** open → closed (done).\n" in body
    assert "Before: the issue's title, assignees and state on GitHub now" in body


def test_a_name_that_maps_to_no_login_is_shown_unassigned() -> None:
    before = [pm("db", act("a", "Add alert", owner="@bob"))]
    after = [pm("db", act("a", "Add alert", owner="Dana Doe"))]
    body = preview_of(before, after)
    assert "| update | db | Add alert | #1 | Dana Doe (unassigned) |" in unlinked(body)
    assert "**owner** `@bob` → Dana Doe (unassigned)" in body


def test_an_update_that_changes_only_the_body_says_so() -> None:
    before = [pm("db", act("a", "Add alert", owner="@bob"))]
    after = [pm("db", act("a", "Add alert", owner="@bob", type="prevent"))]
    body = preview_of(before, after)
    assert "- #1 Add alert: only the body (the action's details, type, ticket or wording)" in body


def test_a_persons_reassignment_is_kept_and_not_shown_as_a_change() -> None:
    """Sync sets assignees only when the document's owner changed: the preview says what
    the issue keeps (its current assignees), not the document's owner."""
    before = [pm("db", act("a", "Add alert", owner="@bob", priority="P2"))]
    after = [pm("db", act("a", "Add alert", owner="@bob", priority="P1"))]
    scope = Scope(all_tracked=True)
    issues = [i.model_copy(update={"assignees": ["dave"]}) for i in existing(before)]
    ops = plan(build_desired(after, CONFIG, LINK), issues, scope, CONFIG)
    (row,) = build_preview(ops.operations, existing=issues).rows
    assert row.owners == ["@dave"]
    # The default due date follows the priority (P2: 56 days after the incident, P1: 28).
    assert [(c.field, c.before, c.after) for c in row.field_changes] == [
        ("due", "2026-03-09", "2026-02-09"), ("priority", "P2", "P1")]


def test_each_action_links_to_its_line_in_the_document() -> None:
    body = preview_of([], [pm("db", act("a", "Add [an] alert"))])
    row = next(line for line in body.splitlines() if line.startswith("| open |"))
    assert ("[Add \\[an\\] alert](https://github.com/acme/widgets/blob/abc123/postmortems/"
            "db.md?plain=1#L10)") in row
    unlinked = build_desired([pm("db", act("a", "Add alert"))], CONFIG, DocLink())
    ops = plan(unlinked, [], Scope(all_tracked=True), CONFIG)
    assert build_preview(ops.operations).rows[0].url is None  # no repository: no link


def test_an_action_that_now_links_an_issue_shows_its_own_closing_and_no_new_issue() -> None:
    from action_tracker.tracking.linked import IssueRef, LinkedIssue

    before = [pm("db", act("a", "Add alert"))]
    after = [pm("db", act("a", "Add alert", ticket="#40"))]
    issues = existing(before)
    ref = IssueRef(repo="acme/widgets", number=40, text="#40")
    linked = {("db", "a"): LinkedIssue(ref=ref, html_url="https://github.com/acme/widgets/issues/40")}
    ops = plan(build_desired(after, CONFIG, LINK), issues, Scope(all_tracked=True), CONFIG,
               linked=linked, repo="acme/widgets")
    result = build_preview(ops.operations, existing=issues, pr=7, head_sha="0123456789abcdef")
    body = render_preview(result, CONFIG)
    assert result.counts.create == 0
    assert "close (tracked in linked issue)" in body and "closed (tracked in #40)" in body
    assert "track (linked issue)" in body
