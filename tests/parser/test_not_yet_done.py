"""Work still to do is never read as done: "to be done", "not yet fixed", "needs to be
merged" hold a done word, and reading them as done would make sync close the issue."""

from __future__ import annotations

import pytest

from action_tracker.parsing.fields.vocabulary import NOT_YET_LEADS
from tests.parser.helpers import one, table

DONE = ("done", "fixed", "implemented", "merged", "completed")


@pytest.mark.parametrize("lead", NOT_YET_LEADS)
@pytest.mark.parametrize("word", DONE)
def test_a_done_word_after_a_not_yet_lead_is_open(lead: str, word: str) -> None:
    said = f"{lead} {word}"
    grouped = one(f"- Add the alert (owner: @ana, status: {said})")
    assert (grouped.status, grouped.description, grouped.owner) == (
        "open", "Add the alert", "@ana"), said
    assert one(f"- Add the alert (status: {said})").status == "open", said
    assert one(table("Action | Owner | Status", f"Add the alert | @ana | {said}")).status \
        == "open", said


@pytest.mark.parametrize("said", ["done", "fixed in #12", "won't fix", "completed"])
def test_done_words_alone_stay_done(said: str) -> None:
    assert one(f"- Add the alert (owner: @ana, status: {said})").status == "done"
    assert one(table("Action | Owner | Status", f"Add the alert | @ana | {said}")).status \
        == "done"
