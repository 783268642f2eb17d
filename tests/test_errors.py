"""``fatal`` and ``outcome_unknown`` are said by each error class (sync reads the attribute;
it never probes for one that only some errors define)."""

from __future__ import annotations

from action_tracker.errors import ActionTrackerError, AuthError, ConfigError, GitHubError
from action_tracker.github.client import (
    FatalGitHubError,
    GitHubAuthError,
    ItemError,
    WriteOutcomeUnknown,
)


def test_fatal_and_outcome_unknown_are_said_by_the_error_classes() -> None:
    fatal = {cls: cls.fatal for cls in (ActionTrackerError, AuthError, ConfigError, GitHubError,
                                        FatalGitHubError, GitHubAuthError, ItemError)}
    assert fatal == {ActionTrackerError: False, AuthError: True, ConfigError: True,
                     GitHubError: False, FatalGitHubError: True, GitHubAuthError: True,
                     ItemError: False}
    assert WriteOutcomeUnknown.outcome_unknown and not ItemError.outcome_unknown
    assert WriteOutcomeUnknown("lost").may_have_applied
    assert not ItemError("refused", status=422).may_have_applied
    assert ItemError("timed out").may_have_applied and ItemError("bad", status=502).may_have_applied
