"""One exception hierarchy, so the CLI can turn any expected failure into one line and an exit code.

Every error the user can cause or fix (bad config, missing token, unreadable file, GitHub
refusing a request) is an :class:`ActionTrackerError`. The CLI catches exactly this type,
prints ``str(error)`` on one stderr line and exits with ``error.exit_code``; anything else
is a bug and is still reported without a traceback (unless ``--verbose``).
"""

from __future__ import annotations

from typing import ClassVar


class ActionTrackerError(Exception):
    """Base of every error the tool reports to the user as one line."""

    exit_code: int = 2
    # Every further GitHub request would fail too (bad token, missing permission, repository
    # gone): sync stops instead of recording one failed item per action.
    fatal: ClassVar[bool] = False
    # A write failed without a definite answer, so GitHub may have applied it: sync looks
    # for its marker before trying again (never a blind retry that duplicates an issue).
    outcome_unknown: ClassVar[bool] = False

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(ActionTrackerError):
    """The command line asks for something impossible (exit 2)."""


class ConfigError(ActionTrackerError):
    """The configuration file is unreadable or invalid; the message names the key (exit 2)."""

    fatal = True


class AuthError(ActionTrackerError):
    """No usable token, or GitHub rejected it, or it lacks a permission (exit 2)."""

    fatal = True
    status: int | None = None  # GitHub's answer, when GitHub refused (401, 403)


class DocumentError(ActionTrackerError):
    """A postmortem cannot be read at all (missing, binary, not UTF-8) (exit 1)."""

    exit_code = 1


class GitHubError(ActionTrackerError):
    """GitHub refused or failed a request in a way the tool cannot work around."""

    def __init__(
        self, message: str, *, status: int | None = None, exit_code: int | None = None
    ) -> None:
        super().__init__(message, exit_code=exit_code)
        self.status = status

    @property
    def may_have_applied(self) -> bool:
        """Whether a failed write may still have happened: said so by the error's class, or
        no definite answer (no status, or a 5xx); only a 4xx proves nothing was written."""
        return self.outcome_unknown or self.status is None or self.status >= 500


class NotifyError(ActionTrackerError):
    """The chat webhook failed; the digest issue itself was still posted (exit 1)."""

    exit_code = 1
