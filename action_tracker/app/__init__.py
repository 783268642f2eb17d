"""Use cases without click: one function per command, typed inputs in, typed results out.

Each command module in ``cli/`` reads its options, calls one of these and picks a renderer.
Nothing here prints: what a run says while it runs goes through the report object the
caller passes in (:class:`PlanReport` and its subclasses; the default says nothing).

- :mod:`.plan`: the inputs every run reads, and :func:`plan_for_run`, the one pipeline of
  ``sync`` and ``preview`` (documents → tracked issues → linked issues → plan).
- :mod:`.sync`: :func:`run_sync` (plan, then apply through the store).
- :mod:`.preview`: :func:`run_preview` (plan, render, post the sticky comment).
- :mod:`.digest`: :func:`run_digest` (build, post, notify the chat).
- :mod:`.status`: :func:`run_status` and :func:`run_owners` (read only).

Data flow: documents (``parsing``) → desired issues (``tracking.desired``) → plan
(``tracking.plan``) → apply (``tracking.apply``, through ``github.store``) or preview
(``render.preview``) → report (``render.report``).
"""

from action_tracker.app.digest import (
    DigestReport,
    DigestRequest,
    DigestRun,
    DigestStore,
    digest_from_documents,
    digest_from_issues,
    run_digest,
)
from action_tracker.app.plan import (
    Documents,
    Linked,
    LinkedReader,
    PlannedRun,
    PlanReport,
    PlanStore,
    RunPlan,
    document_authors,
    linked_refs,
    load_documents,
    plan_changes,
    plan_for_run,
    read_linked,
    read_postmortems,
    resolve_linked,
    tracked_records,
)
from action_tracker.app.preview import PreviewReport, PreviewRequest, PreviewRun, run_preview
from action_tracker.app.status import (
    MAX_PROFILES,
    OwnersRun,
    StatusRequest,
    run_owners,
    run_status,
)
from action_tracker.app.sync import SyncReport, SyncRequest, SyncRun, SyncStore, run_sync

__all__ = [
    "MAX_PROFILES", "DigestReport", "DigestRequest", "DigestRun", "DigestStore", "Documents",
    "Linked", "LinkedReader", "OwnersRun", "PlanReport", "PlanStore", "PlannedRun",
    "PreviewReport", "PreviewRequest", "PreviewRun", "RunPlan", "StatusRequest", "SyncReport",
    "SyncRequest", "SyncRun", "SyncStore", "digest_from_documents", "digest_from_issues",
    "document_authors", "linked_refs", "load_documents", "plan_changes", "plan_for_run",
    "read_linked", "read_postmortems", "resolve_linked", "run_digest", "run_owners",
    "run_preview", "run_status", "run_sync", "tracked_records",
]
