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
- :mod:`.remind`: :func:`run_remind` (read the open issues' threads, plan, comment).
- :mod:`.validate`: :func:`run_validate`; :mod:`.report`: :class:`PlanReport`.

Data flow: documents (``parsing``) → desired issues (``tracking.desired``) → plan
(``tracking.plan``) → apply (``tracking.apply``, through ``github.store``) or preview
(``render.preview``) → report (``render.report``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from action_tracker.app.digest import (
        DigestReport,
        DigestRequest,
        DigestRun,
        DigestStore,
        digest_from_documents,
        digest_from_issues,
        read_parents,
        run_digest,
    )
    from action_tracker.app.plan import (
        Documents,
        Linked,
        LinkedReader,
        PlannedRun,
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
    from action_tracker.app.remind import (
        RemindRequest,
        RemindRun,
        RemindStore,
        read_snoozes,
        remind_from_documents,
        run_remind,
    )
    from action_tracker.app.report import PlanReport
    from action_tracker.app.status import (
        MAX_PROFILES,
        OwnersRun,
        StatusRequest,
        run_owners,
        run_status,
    )
    from action_tracker.app.sync import SyncReport, SyncRequest, SyncRun, SyncStore, run_sync
    from action_tracker.app.validate import run_validate

# Each name is imported from its module on first use: ``validate`` and ``parse`` then start
# without loading the GitHub client, Jinja or requests that sync and digest need.
_HOMES = {
    "DigestReport": "digest",
    "DigestRequest": "digest",
    "DigestRun": "digest",
    "DigestStore": "digest",
    "Documents": "plan",
    "Linked": "plan",
    "LinkedReader": "plan",
    "MAX_PROFILES": "status",
    "OwnersRun": "status",
    "PlanReport": "report",
    "PlanStore": "plan",
    "PlannedRun": "plan",
    "PreviewReport": "preview",
    "PreviewRequest": "preview",
    "PreviewRun": "preview",
    "RunPlan": "plan",
    "StatusRequest": "status",
    "SyncReport": "sync",
    "SyncRequest": "sync",
    "SyncRun": "sync",
    "SyncStore": "sync",
    "digest_from_documents": "digest",
    "digest_from_issues": "digest",
    "document_authors": "plan",
    "linked_refs": "plan",
    "load_documents": "plan",
    "plan_changes": "plan",
    "plan_for_run": "plan",
    "read_linked": "plan",
    "read_parents": "digest",
    "read_postmortems": "plan",
    "resolve_linked": "plan",
    "RemindRequest": "remind",
    "RemindRun": "remind",
    "RemindStore": "remind",
    "read_snoozes": "remind",
    "remind_from_documents": "remind",
    "run_remind": "remind",
    "run_digest": "digest",
    "run_owners": "status",
    "run_preview": "preview",
    "run_status": "status",
    "run_sync": "sync",
    "run_validate": "validate",
    "tracked_records": "plan",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "MAX_PROFILES",
    "DigestReport",
    "DigestRequest",
    "DigestRun",
    "DigestStore",
    "Documents",
    "Linked",
    "LinkedReader",
    "OwnersRun",
    "PlanReport",
    "PlanStore",
    "PlannedRun",
    "PreviewReport",
    "PreviewRequest",
    "PreviewRun",
    "RemindRequest",
    "RemindRun",
    "RemindStore",
    "RunPlan",
    "StatusRequest",
    "SyncReport",
    "SyncRequest",
    "SyncRun",
    "SyncStore",
    "digest_from_documents",
    "digest_from_issues",
    "document_authors",
    "linked_refs",
    "load_documents",
    "plan_changes",
    "plan_for_run",
    "read_linked",
    "read_parents",
    "read_postmortems",
    "read_snoozes",
    "remind_from_documents",
    "resolve_linked",
    "run_digest",
    "run_owners",
    "run_preview",
    "run_remind",
    "run_status",
    "run_sync",
    "run_validate",
    "tracked_records",
]
