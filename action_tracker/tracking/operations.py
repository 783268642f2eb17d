"""The vocabulary of sync's operations: one table, read by sync's counts, its report and the
pull-request preview, so the three never describe or count one plan differently.

Each operation kind carries its words (``created`` / ``would create``; how the preview table
says it) and the count it adds to. A removal counts as ``removed`` whether or not
``sync.close_removed`` also closes the issue: what happened is that the action left its
document, and the close is part of handling that (the preview's row still says
"close (removed)").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

OpKind = Literal[
    "create", "update", "close", "mark_removed", "close_duplicate", "track_linked",
    "close_superseded", "noop",
]
CountKey = Literal["created", "updated", "closed", "unchanged", "failed", "removed"]

# The order of sync's counts in JSON, the job summary table and the step outputs.
COUNT_NAMES: tuple[CountKey, ...] = (
    "created", "updated", "closed", "unchanged", "failed", "removed",
)


@dataclass(frozen=True)
class OpWords:
    """How one kind of operation is said and counted."""

    done: str  # sync's result line once applied ("created")
    dry: str  # the same line in a dry run ("would create")
    count: CountKey  # the count it adds to (sync's outputs; the preview's would_* counts)
    preview: str  # the preview table's verb ("what merging does to this issue")


VOCABULARY: dict[OpKind, OpWords] = {
    "create": OpWords("created", "would create", "created", "open"),
    "update": OpWords("updated", "would update", "updated", "update"),
    "close": OpWords("closed", "would close", "closed", "close (done)"),
    "mark_removed": OpWords("marked removed", "would mark removed", "removed", "mark removed"),
    "close_duplicate": OpWords(
        "closed duplicate", "would close duplicate", "closed", "close (duplicate)"
    ),
    "track_linked": OpWords(
        "tracked in place", "would track in place", "updated", "track (linked issue)"
    ),
    "close_superseded": OpWords(
        "closed (tracked in linked issue)", "would close (tracked in linked issue)", "closed",
        "close (tracked in linked issue)",
    ),
    "noop": OpWords("unchanged", "unchanged", "unchanged", "unchanged"),
}


def words(kind: OpKind) -> OpWords:
    """The words and count key of ``kind``."""
    return VOCABULARY[kind]


def count_key(kind: OpKind, *, failed: bool = False) -> CountKey:
    """The count an operation adds to (a failed one counts as ``failed``, whatever it was)."""
    return "failed" if failed else VOCABULARY[kind].count
