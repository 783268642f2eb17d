"""Warnings and problems keep their document and line as data (``located.Located``) from
where they are found to the annotation, instead of being formatted as ``path:line: text``
and parsed apart again (which lost the place whenever a path held a ``:``)."""

from __future__ import annotations

from collections.abc import Callable

from action_tracker.located import Located
from tests.sync.conftest import Checkout, CliRun


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_a_warning_is_annotated_on_its_line_even_when_the_path_has_a_colon(
    checkout: Checkout, run_cli: Callable[..., CliRun]
) -> None:
    path = checkout.write("2026-01-12-db:replica", "Database failover", [
        ("Write the failover runbook", "Tom Becker", "2026-02-01", "P2", "mitigate", "open"),
    ])
    line = _line_of(path.read_text(), "failover runbook")
    result = run_cli("sync", "--dry-run", env={"GITHUB_ACTIONS": "true"})
    assert result.code == 0, result.stderr
    (warning,) = [x for x in result.stderr.splitlines() if "Tom Becker" in x]
    assert warning.startswith(
        f"::warning file=postmortems/2026-01-12-db%3Areplica.md,line={line}::owner 'Tom Becker'"
    )


def test_printed_form_is_the_one_line_people_read() -> None:
    assert str(Located(path="pm.md", line=3, message="bad")) == "pm.md:3: bad"
    assert str(Located(path="pm.md", message="bad")) == "pm.md: bad"
    assert str(Located(message="bad")) == "bad"

