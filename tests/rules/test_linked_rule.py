"""Which ticket counts as a linked GitHub issue (``tracking.linked``): one rule for sync,
preview, digest and status."""

from __future__ import annotations

import datetime as dt

from action_tracker.digest.records import records_from_linked
from action_tracker.models import ActionItem, Postmortem
from action_tracker.runtime.config import Config
from action_tracker.tracking.linked import IssueRef, LinkedIssue, find_link

HOME = "acme/widgets"


def test_the_forms_of_a_github_link() -> None:
    assert find_link("#12", HOME) == IssueRef(repo=HOME, number=12, text="#12")
    assert find_link("acme/infra#5", HOME) == IssueRef(repo="acme/infra", number=5,
                                                        text="acme/infra#5")
    ref = find_link("https://github.com/acme/infra/pull/9", HOME)
    assert ref is not None and (ref.repo, ref.number) == ("acme/infra", 9)
    ref = find_link("GH-31", HOME)
    assert ref is not None and (ref.repo, ref.number) == (HOME, 31)
    assert find_link("JIRA-12", HOME) is None and find_link("XGH-3", HOME) is None
    assert find_link(None, HOME) is None
    assert find_link("#12", None) is None  # a bare number needs the run's repository


def test_several_links_the_first_counts() -> None:
    ref = find_link("acme/infra#5, then #7", HOME)
    assert ref is not None and ref.number == 5
    ref = find_link("see #7 and https://github.com/acme/infra/issues/5", HOME)
    assert ref is not None and (ref.repo, ref.number) == (HOME, 7)


def test_enterprise_host_counts_only_when_it_is_the_server() -> None:
    url = "https://ghe.corp.example/acme/widgets/issues/3"
    assert find_link(url, HOME) is None  # another host: unreadable, filed as usual
    ref = find_link(url, HOME, server_url="https://ghe.corp.example",
                    api_url="https://ghe.corp.example/api/v3")
    assert ref is not None and ref.number == 3


def test_a_document_that_says_done_wins_over_an_open_linked_issue() -> None:
    action = ActionItem(id="a", description="Add alert", status="done", ticket="#3", line=4)
    pm = Postmortem(path="p.md", id="p", date=dt.date(2026, 1, 1), actions=[action])
    link = LinkedIssue(ref=IssueRef(repo=HOME, number=3, text="#3"), html_url="u")
    [record] = records_from_linked({("p", "a"): link}, [pm], Config(), repo=HOME)
    assert record.state == "closed" and record.state_reason == "completed"
    dropped = link.model_copy(update={"state": "closed", "state_reason": "not_planned"})
    action_open = action.model_copy(update={"status": "open"})
    pm_open = pm.model_copy(update={"actions": [action_open]})
    [record] = records_from_linked({("p", "a"): dropped}, [pm_open], Config(), repo=HOME)
    assert record.state_reason == "not_planned"
