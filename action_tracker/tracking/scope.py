"""Which tracked issues a run may touch, and the document errors that keep some untouched.

Pure: the postmortems a run read (and the ids two of them share) in, a :class:`Scope` and
located problems out. ``sync`` and ``preview`` get both through ``app.load_documents``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from action_tracker.located import Located
from action_tracker.models import Postmortem
from action_tracker.tracking.plan import Scope
from action_tracker.tracking.validation import IdClash, clash_problems


def document_problems(
    postmortems: Sequence[Postmortem], clashes: Sequence[IdClash] = ()
) -> list[Located]:
    """Errors in documents, each at its line (their issues are left untouched)."""
    out = [
        Located(path=pm.path, line=p.line or 1, message=f"{p.message} (issues of this "
                "postmortem are not removed until it parses cleanly)")
        for pm in postmortems
        for p in pm.problems
        if p.severity == "error"
    ]
    out += [Located(path=pm.path, line=p.line or 1, message=p.message)
            for pm in postmortems for p in clash_problems(pm, clashes)]
    return out


def run_scope(
    postmortems: Sequence[Postmortem], *, explicit_paths: bool, clashes: Sequence[IdClash] = (),
    skipped: Iterable[str] = (),
) -> Scope:
    """Which tracked issues this run may touch.

    With explicit paths only their postmortems are in scope. Finding no document at all
    under the default globs is far more likely a wrong directory than every postmortem
    deleted: then no issue is treated as removed. An id two documents share is frozen:
    none of its issues is created, changed, closed or commented on. ``skipped`` (the ids
    of backlog postmortems under ``backlog.mode: skip``) are out of scope the same way.
    """
    return Scope(
        all_tracked=not explicit_paths and bool(postmortems),
        postmortems=frozenset(pm.id for pm in postmortems),
        errored=frozenset(pm.id for pm in postmortems if pm.has_errors),
        frozen=frozenset(c.id for c in clashes),
        skipped=frozenset(skipped),
    )
