"""What an issue should say: title, body, labels, owners, due dates, marker, limits."""

from __future__ import annotations

import datetime as dt

from action_tracker.markers import find_markers
from action_tracker.render.github_text import BODY_LIMIT
from action_tracker.render.links import DocLink
from action_tracker.runtime.config import Config, config_from_mapping
from action_tracker.tracking.desired import render_issue
from action_tracker.tracking.owners import resolve_owners
from tests.sync.helpers import action, desired_of, postmortem


def test_due_date_document_else_default_by_priority_else_none() -> None:
    pm = postmortem(
        "pm",
        action("a", "Given date", due=dt.date(2026, 5, 1), priority="P0"),
        action("b", "P0 default", priority="P0"),
        action("c", "P1 default", priority="p1"),
        action("d", "Unknown priority", priority="someday"),
        date=dt.date(2026, 1, 1),
    )
    dues = [d.due for d in desired_of(pm)]
    assert dues == [dt.date(2026, 5, 1), dt.date(2026, 1, 8), dt.date(2026, 1, 29),
                    dt.date(2026, 4, 1)]
    undated = postmortem("pm", action("a", "No date anywhere"), date=None)
    (item,) = desired_of(undated)
    assert item.due is None
    assert "no due date" in render_issue(item, Config()).body


def test_owners_logins_mapped_names_and_plain_names() -> None:
    config = config_from_mapping({"owners": {"Alice Smith": "asmith", "Bob": "@bobby"}})
    assert resolve_owners("@alice", config.owners) == (["alice"], [])
    assert resolve_owners("alice smith", config.owners) == (["asmith"], [])
    assert resolve_owners("@alice, Bob and Carol Jones", config.owners) == (["alice", "bobby"],
                                                                     ["Carol Jones"])
    assert resolve_owners("@acme/sre", config.owners) == ([], ["@acme/sre"])
    assert resolve_owners(None, config.owners) == ([], [])
    unassigned = config_from_mapping({"sync": {"assign_owners": False}})
    (item,) = desired_of(postmortem("pm", action("a", "x", owner="@alice")), config=unassigned)
    assert item.owner_logins == [] and item.owner_names == ["@alice"]
    assert render_issue(item, unassigned).assignees == []


def test_labels_follow_config_and_skip_unusable_names() -> None:
    config = config_from_mapping({"labels": {"tracking": "pm-action", "priority_prefix": "prio/",
                                             "type_prefix": "kind/"}})
    pm = postmortem("pm", action("a", "x", priority="P1", type="prevent"),
                    action("b", "y", priority="a very long priority word " * 3))
    first, second = desired_of(pm, config=config)
    assert first.labels == ["pm-action", "prio/P1", "kind/prevent"]
    assert second.labels == ["pm-action"]


def test_body_links_the_document_at_the_commit_and_ends_with_the_marker() -> None:
    pm = postmortem("2026-01-12-db", action("a", "Add an alert", owner="@alice", ticket="OPS-12"),
                    went_wrong=["Paging was slow", "No runbook", "Dashboards lied", "Fourth"])
    (item,) = desired_of(pm)
    body = render_issue(item, Config(), assignable={"alice"}).body
    # The postmortem link lands on the action's line; the lessons link on the document.
    assert ("[Incident 2026-01-12-db](https://github.com/acme/widgets/blob/abc123/"
            "postmortems/2026-01-12-db.md?plain=1#L10)" in body)
    assert ("[lessons learned](https://github.com/acme/widgets/blob/abc123/"
            "postmortems/2026-01-12-db.md)" in body)
    assert "OPS-12" in body and "@alice" in body
    assert "Paging was slow" not in body  # lessons are the digest's, once per postmortem
    assert body.rstrip().endswith("-->")
    (marker,) = find_markers(body)
    assert marker.key == ("2026-01-12-db", "a")
    for field in ("hash", "due", "owner", "path", "status", "pos"):
        assert marker.get(field), field


def test_dry_run_without_repository_links_relative_paths() -> None:
    (item,) = desired_of(postmortem("pm", action("a", "x")))
    relative = item.model_copy(update={"doc_url": DocLink().url("postmortems/my pm.md"),
                                       "action_url": DocLink().url("postmortems/my pm.md", 3)})
    assert "](postmortems/my%20pm.md)" in render_issue(relative, Config()).body


def test_document_text_cannot_forge_a_marker_or_break_the_table() -> None:
    forged = "<!-- action-tracker:action v=1 pm=other action=victim hash=x -->"
    pm = postmortem("pm", action("a", f"Fix {forged}", owner=f"Eve | {forged}",
                                 details=[forged], ticket=forged))
    pm = pm.model_copy(update={"title": f"Title | {forged}"})
    (item,) = desired_of(pm)
    body = render_issue(item, Config()).body
    markers = find_markers(body)
    assert len(markers) == 1 and markers[0].key == ("pm", "a")
    assert "Eve \\|" in body


def test_title_and_body_stay_within_github_limits() -> None:
    huge = "word " * 30_000
    pm = postmortem("pm", action("a", huge, details=[huge, huge]), went_wrong=[huge] * 5)
    (item,) = desired_of(pm)
    content = render_issue(item, Config())
    assert len(content.title) <= 256 and content.title.endswith("…")
    assert len(content.body) <= BODY_LIMIT
    assert find_markers(content.body)[0].key == ("pm", "a")


def test_non_assignable_logins_are_named_in_the_body() -> None:
    (item,) = desired_of(postmortem("pm", action("a", "x", owner="@alice, @zed")))
    content = render_issue(item, Config(), assignable={"alice"})
    assert content.assignees == ["alice"]
    assert "`@zed` (cannot be assigned" in content.body
    assert "@alice" in content.body.replace("`@zed`", "")  # the assignee is mentioned


def test_body_does_not_repeat_the_title_and_says_default_for_a_priority_only_if_any() -> None:
    pm = postmortem("pm", action("a", "Add an alert", priority="P1"),
                    action("b", "Write the runbook\n\nwith the restore steps"),
                    action("c", "Rotate keys"), date=dt.date(2026, 1, 1))
    first, second, third = (render_issue(d, Config()).body for d in desired_of(pm))
    assert first.startswith("| |") and "Add an alert" not in first  # the title says it
    assert second.startswith("Write the runbook\n\nwith the restore steps")  # it says more
    assert "(default for P1; the document gives no date)" in first
    assert "(default; the document gives no date)" in third
    assert "its priority" not in third


def test_body_resolves_reference_links_from_the_document() -> None:
    from pathlib import Path

    from action_tracker.parsing import parse_file
    from action_tracker.tracking.desired import build_desired, content_hash
    from tests.sync.helpers import LINK

    fixture = Path(__file__).parents[1] / "parser" / "fixtures" / "reference-links.md"
    pm = parse_file(fixture, display_path="postmortems/refs.md")
    jitter, retries = build_desired([pm], Config(), LINK)
    body = render_issue(jitter, Config()).body
    assert body.startswith("Add jitter to cache TTLs ([design](https://docs.example/jitter))")
    assert "[runbook](https://wiki.example/runbook)" in render_issue(retries, Config()).body
    # The lessons link lands on the lessons heading; the lessons themselves stay out.
    assert "[lessons learned](https://github.com/acme/widgets/blob/abc123/postmortems/" \
        "refs.md?plain=1#L11)" in body
    assert "was not warmed" not in body
    # The hash covers the document's source, so resolving links rewrites no issue.
    assert jitter.content_hash == content_hash(pm.actions[0])
    assert jitter.title == "Add jitter to cache TTLs ([design][jitter-doc])"
