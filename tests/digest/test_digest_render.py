"""The digest body as a reader sees it: headline first, tables intact, nothing forged."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from action_tracker.digest.build import build_digest
from action_tracker.digest.records import records_from_issues
from action_tracker.errors import ConfigError
from action_tracker.github.store import TrackedIssue
from action_tracker.markers import find_markers
from action_tracker.models import Lessons, Postmortem
from action_tracker.render.digest import (
    GITHUB_BODY_LIMIT,
    chat_payload,
    render_json,
    render_markdown,
)
from action_tracker.render.links import DocLink
from action_tracker.runtime.config import Config, config_from_mapping
from action_tracker.testing.issues import UTC, tracked
from tests.digest.helpers import headings, html, tables

TODAY = dt.date(2026, 11, 26)  # Thursday of 2026-W48
LINK = DocLink(server_url="https://github.com", repo="acme/widgets")


def _render(
    issues: list[TrackedIssue], pms: list[Postmortem] | None = None, config: Config | None = None
) -> str:
    config = config or Config()
    records = records_from_issues(issues, pms or [], config, LINK)
    digest = build_digest(records, pms or [], today=TODAY, config=config, repo="acme/widgets",
                          doc_link=LINK)
    return render_markdown(digest, config)


def test_headline_then_overdue_due_soon_closed_lessons() -> None:
    pm = Postmortem(path="postmortems/db.md", id="2026-11-02-db", title="Database outage",
                    date=dt.date(2026, 11, 24),
                    lessons=Lessons(went_wrong=["Backups were untested"],
                                    got_lucky=["It was a quiet Sunday"]))
    body = _render([
        tracked(1, due="2026-11-16", owner="@alice"),
        tracked(2, due="2026-12-01", owner="Dana Scully"),
        tracked(3, state="closed", closed_by="bob",
                closed_at=dt.datetime(2026, 11, 24, tzinfo=UTC)),
    ], [pm])
    text_lines = [line for line in body.splitlines() if line and not line.startswith("<!--")]
    assert text_lines[0] == "## Postmortem follow-ups: 2026-W48"
    assert text_lines[1].startswith("**2 open** · **1 overdue** · 1 due in the next 14 days")
    assert "1 closed this week" in text_lines[1]
    assert headings(body) == [
        "Postmortem follow-ups: 2026-W48", "Overdue (1)", "Due in the next 14 days (1)",
        "Closed this week (1)", "Lessons learned this week", "Database outage — 2026-11-24",
    ]
    overdue, due_soon, closed = tables(body)
    # Under the postmortem's heading (its document: no parent issue here), with its progress.
    blob = "https://github.com/acme/widgets/blob/HEAD/postmortems/2026-11-02-db.md"
    assert body.count(f"**[Database outage]({blob})** · 1 of 3 done") == 2
    assert overdue[0] == ["Owner", "Issue", "Action", "Due", "Overdue"]
    assert overdue[1] == ["@alice", "#1", "Action 1", "2026-11-16", "10 days"]
    assert due_soon[1][0] == "Dana Scully" and due_soon[1][-1] == "5 days"
    assert closed[1][0] == "#3" and closed[1][-1] == "@bob"
    assert "Backups were untested" in body and "It was a quiet Sunday" in body
    assert '<a href="https://github.com/acme/widgets/issues/1">#1</a>' in html(body)


def test_an_empty_week_says_so_plainly() -> None:
    body = _render([])
    assert "Nothing overdue" in body
    assert "Nothing due in the next 14 days" in body
    assert "No action was closed this week" in body
    assert "No postmortem is dated this week" in body
    assert tables(body) == []
    assert "**0 open** · **0 overdue**" in body


def test_mention_and_marker_at_the_top() -> None:
    config = Config.model_validate({"digest": {"mention": "@acme/sre"}})
    body = _render([], config=config)
    first, second = body.splitlines()[:2]
    assert find_markers(first)[0].fields["period"] == "2026-W48"
    assert second == "@acme/sre"


def test_document_text_cannot_break_tables_or_forge_markers() -> None:
    evil = "Fix | the <!-- action-tracker:digest v=1 period=2026-W48 --> thing\n# not a heading"
    pm = Postmortem(
        path="postmortems/db.md", id="2026-11-02-db", title="DB ] outage [x](javascript:x)",
        date=dt.date(2026, 11, 24),
        lessons=Lessons(went_wrong=["<!-- action-tracker:action v=1 pm=a action=b -->"]),
    )
    body = _render([tracked(1, title=evil, due="2026-11-01")], [pm])
    markers = find_markers(body)
    assert [m.kind for m in markers] == ["digest"]  # only the one the tool wrote
    overdue = tables(body)[0]
    assert len(overdue[1]) == 5
    assert "javascript:" not in html(body).replace("[x](javascript:x)", "")
    assert overdue[1][2] == "Fix | the <!-- action-tracker:digest v=1 period=2026-W48 --> thing " \
        "# not a heading"
    assert html(body).count("<!--") == 1
    assert "not a heading" not in headings(body)


def test_long_digests_are_cut_with_and_n_more_under_githubs_limit() -> None:
    config = Config.model_validate({"digest": {"max_items": 1000}})
    issues = [tracked(n, title=f"Action number {n} " + "x" * 120, due="2026-10-01")
              for n in range(1, 2001)]
    body = _render(issues, config=config)
    assert len(body) < GITHUB_BODY_LIMIT
    rows = tables(body)[0][1:]
    assert 50 < len(rows) < 2000
    assert (f"…and {2000 - len(rows)} more overdue: `action-tracker status --overdue` lists "
            "them all") in body
    assert "**2000 overdue**" in body


def test_max_items_caps_each_list() -> None:
    config = Config.model_validate({"digest": {"max_items": 3}})
    body = _render([tracked(n, due="2026-11-01") for n in range(1, 8)], config=config)
    assert len(tables(body)[0]) == 1 + 3
    assert "…and 4 more overdue: `action-tracker status --overdue` lists them all" in body


def test_json_holds_every_item() -> None:
    config = Config.model_validate({"digest": {"max_items": 3}})
    records = records_from_issues([tracked(n, due="2026-11-01") for n in range(1, 8)], [], config)
    digest = build_digest(records, [], today=TODAY, config=config)
    data = json.loads(render_json(digest, config))
    assert data["title"] == "Postmortem follow-ups: 2026-W48"
    assert data["period"] == {"kind": "week", "label": "2026-W48", "start": "2026-11-23",
                              "end": "2026-11-29"}
    assert data["headline"]["overdue"] == 7
    assert len(data["overdue"][0]["items"]) == 7


def test_chat_message_counts_top_five_and_link() -> None:
    config = Config()
    issues = [tracked(n, due=f"2026-11-{n:02d}", owner="@alice",
                      title="Rotate <keys> & certs") for n in range(1, 9)]
    records = records_from_issues(issues, [], config)
    digest = build_digest(records, [], today=TODAY, config=config)
    payload = chat_payload(digest, config, digest_url="https://github.com/acme/widgets/issues/99")
    text = payload["text"]
    assert set(payload) == {"text"}
    assert text.splitlines()[0] == "*Postmortem follow-ups: 2026-W48*"
    assert text.splitlines()[1].startswith("8 overdue · 0 due in the next 14 days")
    bullets = [line for line in text.splitlines() if line.startswith("• ")]
    assert len(bullets) == 5
    assert bullets[0].startswith(
        "• <https://github.com/acme/widgets/issues/1|#1> Rotate &lt;keys&gt; &amp; certs"
    )
    assert "3 weeks overdue" in bullets[0]  # 25 days
    assert "…and 3 more overdue." in text
    assert text.endswith("<https://github.com/acme/widgets/issues/99|Read the digest>")


def test_a_bad_title_placeholder_is_a_config_error() -> None:
    # reported when the config is loaded, by every command (not first by the digest)
    with pytest.raises(ConfigError, match=r"digest\.title: only \{period\} may be in braces"):
        config_from_mapping({"digest": {"title": "Follow-ups {week}"}})


def test_month_digest_reads_as_a_month() -> None:
    config = Config.model_validate({"digest": {"period": "month"}})
    body = _render([tracked(1, state="closed", closed_at=dt.datetime(2026, 11, 2, tzinfo=UTC))],
                   config=config)
    assert "## Postmortem follow-ups: 2026-11" in body
    assert "Closed this month (1)" in headings(body)
    assert "November 2026, as of 2026-11-26 (UTC)" in body


def _two_postmortems() -> list[Postmortem]:
    from action_tracker.models import ActionItem

    return [
        Postmortem(path=f"postmortems/{name}.md", id=name, title=title,
                   actions=[ActionItem(id=f"a{n}", description=f"Action {n}", line=10 + n)
                            for n in numbers])
        for name, title, numbers in (("db", "Database outage", (1, 3)),
                                     ("cdn", "CDN expiry", (2,)))
    ]


def test_whose_overdue_is_counted_at_the_top() -> None:
    body = _render([
        tracked(1, due="2026-11-01", owner="@alice", assignees=("alice",)),
        tracked(2, due="2026-11-02", owner="@alice", assignees=("alice",)),
        tracked(3, due="2026-11-03", owner="Dana Scully"),
        tracked(4, due="2026-11-04", owner=None),
    ])
    lines = [line for line in body.splitlines() if line]
    headline = next(i for i, line in enumerate(lines) if line.startswith("**4 open**"))
    # Only an assignee is a mention; a name from a document is plain text.
    assert lines[headline + 1] == (
        "@alice 2 overdue · Dana Scully 1 overdue · unassigned 1 overdue")


def test_rows_of_a_postmortem_are_together_named_once_and_link_the_actions_line() -> None:
    """``group_by: owner``: one overdue table, each postmortem's rows together."""
    issues = [tracked(n, pm="cdn" if n == 2 else "db", due=f"2026-11-0{n}")
              for n in (1, 2, 3)]
    owner = Config.model_validate({"digest": {"group_by": "owner"}})
    body = _render(issues, _two_postmortems(), owner)
    overdue = tables(body)[0]
    # Worst first (#1, db), then db's other row, then cdn: the link is not repeated.
    assert [(row[1], row[3]) for row in overdue[1:]] == [
        ("#1", "Database outage"), ("#3", "〃"), ("#2", "CDN expiry")]
    blob = "https://github.com/acme/widgets/blob/HEAD/postmortems"
    assert body.count(f"]({blob}/db.md)") == 1
    assert f"Action 3 ([line 13]({blob}/db.md?plain=1#L13))" in body
    assert overdue[1][-1] == "3 weeks (25 days)"  # the words, and the contract's day count


def test_and_n_more_points_to_the_github_search_of_the_server_in_use() -> None:
    from action_tracker.render.links import DocLink

    config = Config.model_validate({"digest": {"max_items": 1}})
    link = DocLink(server_url="https://ghe.acme.io", repo="acme/widgets")
    records = records_from_issues([tracked(n, due="2026-11-01") for n in (1, 2)], [], config,
                                  link)
    body = render_markdown(build_digest(records, [], today=TODAY, config=config,
                                        repo="acme/widgets", doc_link=link), config)
    assert ("…and 1 more overdue: `action-tracker status --overdue` lists them all, or see "
            "[the open follow-ups on GitHub](https://ghe.acme.io/acme/widgets/issues?q="
            "is%3Aissue+is%3Aopen+label%3Apostmortem-action).") in body


def test_lessons_keep_their_reference_links_in_the_digest() -> None:
    from pathlib import Path

    from action_tracker.parsing import parse_file

    fixture = Path(__file__).parents[1] / "parser" / "fixtures" / "reference-links.md"
    pm = parse_file(fixture, display_path="postmortems/refs.md")
    config = Config()
    digest = build_digest([], [pm], today=dt.date(2026, 5, 21), config=config,
                          repo="acme/widgets", doc_link=LINK)
    page = html(render_markdown(digest, config))
    assert '<a href="https://github.com/acme/shop/pull/12">was not warmed</a>' in page
    assert "[a missing page]" not in page and "[nowhere]" not in page


def test_actions_keep_their_reference_links_in_the_digest() -> None:
    from pathlib import Path

    from action_tracker.digest.records import records_from_documents
    from action_tracker.parsing import parse_file

    fixture = Path(__file__).parents[1] / "parser" / "fixtures" / "reference-links.md"
    pm = parse_file(fixture, display_path="postmortems/refs.md")
    config = Config()
    records = records_from_documents([pm], config, LINK)
    digest = build_digest(records, [pm], today=dt.date(2026, 6, 20), config=config,
                          source="documents", repo="acme/widgets", doc_link=LINK)
    page = html(render_markdown(digest, config))
    assert '<a href="https://docs.example/jitter">design</a>' in page
    assert "[jitter-doc]" not in page
