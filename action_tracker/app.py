"""Use cases without click: what a run reads and what it plans, assembled once.

``sync`` and ``preview`` plan through the same two steps, so a pull request's preview is
exactly what the merge's sync will do: :func:`load_documents` (the postmortems named by the
paths, the id clashes that freeze a postmortem, the scope of issues the run may touch) and
:func:`plan_changes` (desired state against the tracked issues → typed operations, with
every document problem and warning located). The CLI only picks options, talks to GitHub
through the store, and chooses a renderer.

Data flow: documents (``parsing``) → desired issues (``tracking.desired``) → plan
(``tracking.plan``) → apply (``tracking.apply``, through ``github.store``) or preview
(``render.preview``) → report (``render.report``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from action_tracker.github.store import TrackedIssue
from action_tracker.located import Located
from action_tracker.models import Postmortem
from action_tracker.render.links import DocLink
from action_tracker.runtime.config import Config
from action_tracker.runtime.log import get_logger
from action_tracker.runtime.workspace import find_id_clashes, load_postmortems
from action_tracker.tracking.desired import build_desired
from action_tracker.tracking.plan import Close, Create, Operation, Plan, Scope, Update, plan
from action_tracker.tracking.scope import document_problems, run_scope
from action_tracker.tracking.validation import IdClash


@dataclass(frozen=True)
class Documents:
    """The postmortems a run reads, and what follows from them alone."""

    postmortems: list[Postmortem]
    clashes: list[IdClash]
    scope: Scope

    @property
    def problems(self) -> list[Located]:
        """Errors in the documents (their issues are left untouched this run)."""
        return document_problems(self.postmortems, self.clashes)


def read_postmortems(paths: Sequence[str], config: Config) -> list[Postmortem]:
    """The postmortems ``digest`` and ``status`` read: what could be read of each, a document
    with errors included (noted on stderr; ``validate`` says what is wrong)."""
    postmortems = load_postmortems(paths, config)
    for pm in postmortems:
        if pm.has_errors:
            get_logger().info(
                "%s: has errors (run `action-tracker validate`); using what was read", pm.path
            )
    return postmortems


def load_documents(paths: Sequence[str], config: Config) -> Documents:
    """Read the postmortems named by ``paths`` (default: the configured globs)."""
    postmortems = load_postmortems(paths, config)
    clashes = find_id_clashes(postmortems, paths, config)
    scope = run_scope(postmortems, explicit_paths=bool(paths), clashes=clashes)
    return Documents(postmortems=postmortems, clashes=clashes, scope=scope)


@dataclass(frozen=True)
class PlannedRun:
    """The plan for one run, with everything the documents got wrong."""

    documents: Documents
    plan: Plan

    @property
    def problems(self) -> list[Located]:
        """Document errors, then the plan's own (an action id used twice)."""
        return [*self.documents.problems, *self.plan.problems]

    @property
    def writes(self) -> list[Operation]:
        """The operations that write to GitHub (every one but the no-ops)."""
        return [op for op in self.plan.operations if op.op != "noop"]

    @property
    def warnings(self) -> list[Located]:
        """Warnings about the actions that will be written (owner not a login, no due date)."""
        return [w for op in self.writes if isinstance(op, Create | Update | Close)
                for w in op.desired.warnings]


def plan_changes(
    documents: Documents, existing: Sequence[TrackedIssue], config: Config, link: DocLink
) -> PlannedRun:
    """What sync would do to ``existing`` (the tracked issues) for ``documents``: the one
    plan that ``sync`` applies and ``preview`` shows."""
    desired = build_desired(documents.postmortems, config, link)
    return PlannedRun(documents, plan(desired, existing, documents.scope, config))
