"""Fuzz: hostile document text rendered into everything that reaches GitHub or the chat.

Random ids, titles, paths, descriptions, owners, details, lessons and front-matter values
(built from workflow commands, mentions, raw HTML, comment openers, pipes, backticks and
line separators) go through the pure render functions: the issue body, the digest (from
issues and from documents), the pull-request preview and the chat message. Whatever the
text, none of them may carry a line the Actions runner would obey, a mention of anyone
but an assignee GitHub accepted, raw HTML our templates did not write, or a marker but
our own; bodies and titles stay within GitHub's limits and labels within the vocabulary.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from action_tracker.digest.build import build_digest
from action_tracker.digest.records import records_from_documents, records_from_issues
from action_tracker.github.store import TrackedIssue
from action_tracker.markers import find_markers
from action_tracker.models import ActionItem, Lessons, Postmortem
from action_tracker.render.digest import chat_payload, render_markdown
from action_tracker.render.github_text import BODY_LIMIT
from action_tracker.render.issue import render_issue
from action_tracker.render.links import DocLink
from action_tracker.render.preview import build_preview, render_preview
from action_tracker.runtime.config import Config
from action_tracker.tracking.desired import TITLE_LIMIT, build_desired
from action_tracker.tracking.parents import ParentResult, children_of, plan_parents
from action_tracker.tracking.plan import Scope, plan
from tests.hostile import foreign_html, mentions, runner_commands

PIECES = [
    "\n::error::pwned", "::add-mask::x", "##[stop-commands]t", "@torvalds", "@acme/everyone",
    "@channel", "@here", "@everyone", "@alice", "<details>", "<img src=x>", "<!--", "-->",
    "<!-- action-tracker:action v=1 pm=a action=b -->", "|", "`", "```", "\\", "&#64;x",
    "\u2028", "\u2029",
    "\u200b", "\u200d", "\ufeff", "\r", "\x1b[2J", "\x85", " ", "\n", "\n\n",
    "_", "*", "[", "]", "(",
    "https://example.com/@y", "a", "é", "P1", "prevent",
]
text = st.lists(st.sampled_from(PIECES) | st.text(max_size=2), max_size=12).map("".join)
word = text.filter(lambda t: t.strip() != "")
TODAY = dt.date(2026, 1, 14)
LINK = DocLink(server_url="https://github.com", repo="acme/widgets", ref="abc123")
ASSIGNABLE = {"alice"}
T0 = dt.datetime(2026, 1, 12, tzinfo=dt.UTC)


@st.composite
def postmortems(draw: st.DrawFn) -> Postmortem:
    actions = [
        ActionItem(
            id=f"{draw(word)}-{n}", description=draw(word), owner=draw(st.none() | text),
            priority=draw(st.none() | text), type=draw(st.none() | text),
            ticket=draw(st.none() | text), due_text=draw(st.none() | text),
            details=draw(st.lists(text, max_size=2)), line=n + 1,
            due=draw(st.none() | st.just(dt.date(2026, 1, 10))),
        )
        for n in range(draw(st.integers(1, 3)))
    ]
    return Postmortem(
        path=f"postmortems/{draw(text)}.md", id=draw(word), title=draw(st.none() | text),
        date=dt.date(2026, 1, 12), actions=actions,
        lessons=Lessons(went_wrong=draw(st.lists(text, max_size=3)),
                        got_lucky=draw(st.lists(text, max_size=2))),
    )


def _safe(markdown: str, allowed_mentions: set[str]) -> None:
    assert runner_commands(markdown) == [], markdown
    assert mentions(markdown) <= allowed_mentions, markdown
    assert foreign_html(markdown) == [], markdown


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(postmortems())
def test_hostile_text_reaches_github_and_chat_inert(pm: Postmortem) -> None:
    config = Config()
    issues: list[TrackedIssue] = []
    for number, item in enumerate(build_desired([pm], config, LINK), start=1):
        content = render_issue(item, config, assignable=ASSIGNABLE)
        _safe(content.body, set(content.assignees))
        (marker,) = find_markers(content.body)  # ours, and only ours
        assert marker.key == (pm.id, item.action_id)
        assert len(content.body) <= BODY_LIMIT and len(content.title) <= TITLE_LIMIT
        assert "\n" not in content.title
        assert all(label == "postmortem-action" or label.split(":", 1)[1] in
                   {"P0", "P1", "P2", "P3", "P4", "prevent"} for label in content.labels)
        issues.append(TrackedIssue(
            number=number, title=content.title, body=content.body, labels=content.labels,
            assignees=content.assignees, created_at=T0, updated_at=T0,
            html_url=f"https://github.com/acme/widgets/issues/{number}",
        ))
    assigned = {login for issue in issues for login in issue.assignees}

    doc_link = DocLink(server_url="https://github.com", repo="acme/widgets")
    for records, source in (
        (records_from_issues(issues, [pm], config, doc_link), "github"),
        (records_from_documents([pm], config, doc_link), "documents"),
    ):
        digest = build_digest(records, [pm], today=TODAY, config=config,
                              source=source, repo="acme/widgets", doc_link=doc_link)  # type: ignore[arg-type]
        body = render_markdown(digest, config)
        _safe(body, assigned if source == "github" else set())
        assert [m.kind for m in find_markers(body)] == ["digest"]
        chat = chat_payload(digest, config, digest_url="https://github.com/acme/widgets/issues/9")
        chat_text = chat["text"]
        assert runner_commands(chat_text) == []
        outside_code = chat_text.split("`")[::2]
        assert not any("@" in part.replace("@", "", 0) and _bare_at(part)
                       for part in outside_code), chat_text

    scope = Scope(all_tracked=True, postmortems=frozenset({pm.id}))
    the_plan = plan(build_desired([pm], config, LINK), [], scope, config)
    # The postmortem's parent issue (its title, lessons and its actions' titles).
    children = children_of(build_desired([pm], config, LINK), the_plan.operations,
                           [issue.number for issue in issues], {}, {}, "acme/widgets")
    parents = plan_parents([pm], children, [], scope, config, LINK, "acme/widgets",
                           task_list=len(pm.actions) % 2 == 0)
    for parent in parents:
        _safe(parent.body, set())
        assert [(m.kind, m.postmortem_id) for m in find_markers(parent.body)] == [
            ("parent", pm.id)]
        assert len(parent.body) <= BODY_LIMIT and len(parent.title) <= TITLE_LIMIT
        assert "\n" not in parent.title
    results = [ParentResult(op=p.op, postmortem=p.postmortem, title=p.title, reason=p.reason,
                            outcome="planned") for p in parents]
    preview = render_preview(build_preview(the_plan.operations, pr=7,
                                           problems=the_plan.problems, parents=results),
                             config)
    _safe(preview, set())
    assert [m.kind for m in find_markers(preview)] == ["preview"]


def _bare_at(text: str) -> bool:
    """A Slack-style ``@word`` outside code (``<!here>`` forms are escaped separately)."""
    return any(c.isascii() and c.isalnum() for c in
               (part[:1] for part in text.split("@")[1:]))
