"""How a use case tells the person running it what it finds, as it happens.

A use case never prints: the caller passes a report object (the CLI's prints; the default
says nothing) and the use case calls it at the moment the event happens, so a run cut short
has said everything up to there. Everything reported is also in the use case's result.
Kept apart (no heavy imports) so ``validate`` can use it without loading GitHub or Jinja.
"""

from __future__ import annotations

from collections.abc import Sequence

from action_tracker.located import Located


class PlanReport:
    """What the shared plan step tells the person running it, at the moment it happens (the
    CLI prints; the default says nothing). Everything is also in the returned value."""

    def no_documents(self) -> None:
        """No postmortem matched the paths (or the configured globs)."""

    def untrusted(self, warnings: Sequence[str]) -> None:
        """Marked issues someone other than the tool opened: ignored this run."""

    def without_store(self) -> None:
        """No token or repository: planned as if no issue were tracked yet."""

    def unreadable_links(self, warnings: Sequence[Located]) -> None:
        """Linked issues that cannot be read (filed as tracked issues that carry the link)."""
