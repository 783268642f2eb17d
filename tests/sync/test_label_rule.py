"""One rule says which labels are the tool's (``tracking.labels``): the plan keeps every
other label, and sync creates only its own. Regression: with an empty ``priority_prefix``
the applier took every label for a priority label and asked GitHub about a person's
labels, while the planner (rightly) kept them as a person's."""

from __future__ import annotations

from action_tracker.runtime.config import config_from_mapping
from action_tracker.tracking.apply import apply_plan
from action_tracker.tracking.labels import label_description, managed_label
from action_tracker.tracking.plan import Scope, plan
from tests.sync.helpers import action, desired_of, postmortem
from tests.sync.memory_store import MemoryStore

NO_PREFIX = config_from_mapping({"labels": {"priority_prefix": "", "type_prefix": ""}})


def test_an_empty_prefix_claims_no_label() -> None:
    assert not managed_label("needs-triage", NO_PREFIX)
    assert label_description("needs-triage", NO_PREFIX) is None
    assert managed_label("postmortem-action", NO_PREFIX)


def test_sync_never_touches_a_persons_label_when_prefixes_are_empty() -> None:
    store = MemoryStore()
    pm = postmortem("pm1", action("a", "Add an alert", priority="P1"))
    first = plan(desired_of(pm, config=NO_PREFIX), [], Scope(all_tracked=True), NO_PREFIX)
    apply_plan(first, store, NO_PREFIX)
    issue = store.issues[1]
    store.issues[1] = issue.model_copy(update={"labels": [*issue.labels, "needs-triage"]})
    store.calls.clear()
    changed = postmortem("pm1", action("a", "Add an alert on replica lag", priority="P1"))
    second = plan(desired_of(changed, config=NO_PREFIX), store.list_issues("postmortem-action"),
                  Scope(all_tracked=True), NO_PREFIX)
    apply_plan(second, store, NO_PREFIX)
    assert "needs-triage" in store.issues[1].labels
    assert "label:needs-triage" not in store.calls
