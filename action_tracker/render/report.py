"""How a sync result is shown: text lines, JSON, the job summary and step outputs.

Pure functions of :class:`SyncResult`; the CLI decides where each goes (results to
stdout, the one-line human summary to stderr).
"""

from __future__ import annotations

import json
from typing import Any

from action_tracker.render.markdown import table_cell
from action_tracker.render.safe_text import json_text as runner_safe_json
from action_tracker.render.safe_text import one_line
from action_tracker.tracking import operations
from action_tracker.tracking.parents import ParentResult
from action_tracker.tracking.plan import LINKED_REASON
from action_tracker.tracking.result import ItemResult, SyncResult
from action_tracker.tracking.run_summary import RunSummary


def _issue_ref(item: ItemResult) -> str:
    return f" (#{item.issue})" if item.issue is not None else ""


def item_line(item: ItemResult, *, dry_run: bool) -> str:
    """``would create: <pm>: <title>`` / ``updated: <pm>: <title> (#12): reason``.

    Ids, titles and errors quote documents: each is :func:`one_line`, so no document can
    end the line or start one the runner would read as a workflow command."""
    if item.outcome == "failed":
        verb = f"failed to {item.op.replace('_', ' ')}"
    else:
        said = operations.words(item.op)
        verb = said.dry if dry_run else said.done
    line = f"{verb}: {one_line(item.postmortem)}: {one_line(item.title)}{_issue_ref(item)}"
    if item.outcome == "failed" and item.error:
        return f"{line}: {one_line(item.error)}"
    if item.op != "create":
        line += f" [{one_line(item.reason)}]"
    return line


_PARENT_VERBS = {
    "create": ("created parent", "would create parent"),
    "update": ("updated parent", "would update parent"),
    "close": ("closed parent", "would close parent"),
    "reopen": ("reopened parent", "would reopen parent"),
    "close_duplicate": ("kept parent", "would keep parent"),
    "noop": ("parent", "parent"),
}


def parent_line(parent: ParentResult, *, dry_run: bool) -> str | None:
    """``created parent: <pm>: Follow-ups: … (#40) [3 sub-issues attached]``; None when
    nothing was (or would be) written."""
    verb = _PARENT_VERBS[parent.op][1 if dry_run else 0]
    if parent.outcome == "failed":
        verb = f"failed to {parent.op.replace('_', ' ')} parent"
    elif parent.op == "noop" and not (parent.attached or parent.not_attached
                                      or parent.detached):
        return None
    ref = f" (#{parent.issue})" if parent.issue is not None else ""
    line = f"{verb}: {one_line(parent.postmortem)}: {one_line(parent.title)}{ref}"
    if parent.outcome == "failed" and parent.error:
        return f"{line}: {one_line(parent.error)}"
    notes = [] if parent.op in ("create", "noop") else [parent.reason]
    if parent.attached:
        notes.append(f"{len(parent.attached)} sub-issue(s) "
                     f"{'would be ' if dry_run else ''}attached")
    if parent.detached:
        notes.append(f"closed duplicate(s) {', '.join(parent.detached)} detached")
    notes += parent.not_attached
    return line + (f" [{one_line('; '.join(notes))}]" if notes else "")


def parent_counts(parents: list[ParentResult]) -> dict[str, int]:
    """``created``/``updated``/``closed``/``reopened``/``unchanged``/``failed`` parents and
    ``attached`` sub-issues (the JSON's ``parent_counts``)."""
    counts = dict.fromkeys(
        ("created", "updated", "closed", "reopened", "unchanged", "failed", "attached"), 0)
    names = {"create": "created", "update": "updated", "close": "closed",
             "reopen": "reopened", "close_duplicate": "closed", "noop": "unchanged"}
    for parent in parents:
        counts["failed" if parent.outcome == "failed" else names[parent.op]] += 1
        counts["attached"] += len(parent.attached)
    return counts


def parent_summary(result: SyncResult) -> str | None:
    """``parent issues: created 1, updated 0, …; sub-issues attached 3`` (None: no parents)."""
    if not result.parents:
        return None
    c = parent_counts(result.parents)
    if result.dry_run:
        return (f"parent issues (dry run): would create {c['created']}, update {c['updated']}, "
                f"close {c['closed']}, reopen {c['reopened']}; unchanged {c['unchanged']}; "
                f"sub-issues would be attached {c['attached']}")
    return (f"parent issues: created {c['created']}, updated {c['updated']}, closed "
            f"{c['closed']}, reopened {c['reopened']}, unchanged {c['unchanged']}, failed "
            f"{c['failed']}; sub-issues attached {c['attached']}")


def shown(item: ItemResult, *, show_unchanged: bool = False) -> bool:
    """Whether the item gets a text line: unchanged ones only when asked (most are)."""
    return show_unchanged or item.op != "noop" or item.outcome == "failed"


def text_lines(result: SyncResult, *, show_unchanged: bool = False, skip: int = 0) -> list[str]:
    """One line per operation, from the ``skip``-th item on (earlier ones were printed as
    they happened)."""
    lines = [
        item_line(item, dry_run=result.dry_run)
        for item in result.items[skip:]
        if shown(item, show_unchanged=show_unchanged)
    ]
    return lines + [line for parent in result.parents
                    if (line := parent_line(parent, dry_run=result.dry_run)) is not None]


def duration(seconds: float) -> str:
    """``7 s``, ``2 min 05 s``, ``1 h 03 min``: what a person reads at a glance."""
    total = max(0, round(seconds))
    if total < 60:
        return f"{total} s"
    minutes, secs = divmod(total, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def progress_line(done: int, total: int, elapsed: float) -> str:
    """``sync: 120/300 issues (40%), 2 min 00 s elapsed, about 3 min 00 s left``.

    The estimate assumes the remaining writes go at the pace so far (writes are spaced by
    ``github.write_interval``, so the pace is steady)."""
    percent = 100 * done // total if total else 100
    text = f"sync: {done}/{total} issues ({percent}%), {duration(elapsed)} elapsed"
    if 0 < done < total:
        text += f", about {duration(elapsed / done * (total - done))} left"
    return text


def human_summary(result: SyncResult) -> str:
    """``created 3, updated 1, closed 0, unchanged 12, failed 0`` (+ removed when any)."""
    counts = result.counts()
    # Actions already done in the document never get an issue; say so, or "unchanged 5" in
    # a first dry run reads as if five issues existed.
    # Actions tracked in the issue their document links are unchanged too, not "done".
    noops = [i for i in result.items if i.op == "noop" and i.outcome != "failed"]
    linked = sum(1 for i in noops if i.reason.startswith(LINKED_REASON))
    done_untracked = sum(
        1 for i in noops if i.issue is None and not i.reason.startswith(LINKED_REASON)
    )
    parts = [f"{done_untracked} done in the document, no issue needed"] if done_untracked else []
    if linked:
        parts.append(f"{linked} tracked in the issue the document links")
    aside = f" ({'; '.join(parts)})" if parts else ""
    if result.dry_run:
        return (
            f"dry run: would create {counts['created']}, update {counts['updated']}, "
            f"close {counts['closed']}, mark removed {counts['removed']}; "
            f"unchanged {counts['unchanged']}{aside}"
        )
    text = ", ".join(
        f"{name} {counts[name]}" for name in ("created", "updated", "closed", "unchanged", "failed")
    )
    if counts["removed"]:
        text += f", removed {counts['removed']}"
    return text + aside


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def backlog_hint(summary: RunSummary) -> str | None:
    """The one line that names ``backlog.since`` when issues would be overdue on arrival and
    no backlog is configured (never one line per action)."""
    if summary.suggest_since is None:
        return None
    return (
        f"{_plural(summary.overdue_on_arrival, 'issue')} of this run "
        f"{'is' if summary.overdue_on_arrival == 1 else 'are'} overdue the day "
        f"{'it is' if summary.overdue_on_arrival == 1 else 'they are'} opened (old "
        "postmortems): add `backlog: {since: "
        f"{summary.suggest_since.isoformat()}, mode: track}}` to the config to count their "
        "default due dates from that day and keep them out of the digest's overdue table "
        "(mode: skip leaves them unfiled); see README, First run on an existing repository"
    )


def summary_lines(summary: RunSummary, *, dry_run: bool) -> list[str]:
    """The run's summary block (stderr, and the job summary): one fact a line."""
    s = summary
    open_verb = "issues it would open" if dry_run else "issues opened"
    errors = f" ({s.documents_with_errors} with errors)" if s.documents_with_errors else ""
    backlog = (f" ({s.overdue_on_arrival_backlog} of them backlog, listed apart in the digest)"
               if s.overdue_on_arrival_backlog else "")
    lines = [
        f"documents read: {s.documents}{errors}",
        f"actions: {s.actions} ({s.done_in_document} done in the document)",
        f"{open_verb}: {s.to_open}",
        f"already overdue on arrival: {s.overdue_on_arrival}{backlog}",
    ]
    if s.linked or s.linked_unreachable:
        lines.append(f"linked issues tracked in place: {s.linked}"
                     + (f" ({s.linked_unreachable} links could not be read: filed as usual)"
                        if s.linked_unreachable else ""))
    owners_hint = ("; run `action-tracker owners` for a ready-to-paste owners: block"
            if s.owners_unresolved else "")
    lines.append(
        f"owners of the {_plural(s.open_actions, 'open action')}: {s.owners_resolved} "
        f"resolved to a login, {s.owners_unresolved} not resolved, {s.owners_missing} none "
        f"written{owners_hint}"
    )
    if s.backlog is not None:
        b = s.backlog
        what = ("filed, default due dates from " + b.since.isoformat()
                if b.mode == "track" else "validated, not filed")
        lines.append(
            f"backlog (before {b.since.isoformat()}, mode {b.mode}): "
            f"{_plural(b.postmortems, 'postmortem')}, {_plural(b.actions, 'action')} ({what})"
        )
    hint = backlog_hint(s)
    if hint:
        lines.append(hint)
    return lines


def summary_block(result: SyncResult) -> list[str]:
    """The counts line, then the summary block indented under it (stderr, a line each)."""
    lines = [human_summary(result)]
    parents = parent_summary(result)
    if parents:
        lines.append(f"  {parents}")
    if result.summary is not None:
        lines += [f"  {one_line(line)}" for line in summary_lines(
            result.summary, dry_run=result.dry_run)]
    return lines


def to_json(result: SyncResult) -> dict[str, Any]:
    """The ``--format json`` document (same shape for a dry run and a real run)."""
    return {
        "dry_run": result.dry_run,
        "repo": result.repo,
        "operations": [
            {
                "op": item.op,
                "postmortem": item.postmortem,
                "action": item.action,
                "issue": item.issue,
                "title": item.title,
                "reason": item.reason,
                "outcome": item.outcome,
                **({"error": item.error} if item.error else {}),
                "owner_source": item.owner_source or "none",
            }
            for item in result.items
        ],
        "counts": result.counts(),
        **({"summary": result.summary.model_dump(mode="json")} if result.summary else {}),
        "problems": [str(p) for p in result.problems],
        "warnings": [str(w) for w in result.warnings],
        "parents": [parent.model_dump(mode="json", exclude_none=True)
                    for parent in result.parents],
        "parent_counts": parent_counts(result.parents),
    }


def json_text(result: SyncResult) -> str:
    return runner_safe_json(json.dumps(to_json(result), indent=2, ensure_ascii=False))


def job_summary(result: SyncResult, *, max_rows: int = 200) -> str:
    """Markdown for ``$GITHUB_STEP_SUMMARY``: counts, then the changed and failed items."""
    counts = result.counts()
    title = "Postmortem action sync" + (" (dry run)" if result.dry_run else "")
    lines = [f"### {title}", "", "| " + " | ".join(counts) + " |",
             "|" + "---|" * len(counts), "| " + " | ".join(str(v) for v in counts.values()) + " |"]
    changed = [i for i in result.items if i.op != "noop" or i.outcome == "failed"]
    if changed:
        lines += ["", "| operation | postmortem | action | issue | note |", "|---|---|---|---|---|"]
        for item in changed[:max_rows]:
            said = operations.words(item.op)
            verb = said.dry if result.dry_run else said.done
            verb = "failed" if item.outcome == "failed" else verb
            note = item.error if item.outcome == "failed" else item.reason
            issue = f"#{item.issue}" if item.issue is not None else ""
            lines.append(
                f"| {verb} | {table_cell(item.postmortem)} | {table_cell(item.title)} | "
                f"{issue} | {table_cell(note)} |"
            )
        if len(changed) > max_rows:
            lines.append(f"\n…and {len(changed) - max_rows} more")
    parents = parent_summary(result)
    if parents:
        lines += ["", f"- {table_cell(parents)}"]
    if result.summary is not None:
        lines += ["", "**Summary**", ""] + [
            f"- {table_cell(line)}" for line in summary_lines(result.summary,
                                                              dry_run=result.dry_run)]
    if result.problems:
        lines += ["", "**Problems**", ""] + [f"- {table_cell(str(p))}" for p in result.problems]
    return "\n".join(lines) + "\n"


def outputs(result: SyncResult) -> dict[str, int]:
    """Counts for ``$GITHUB_OUTPUT``: the action issues', then the parent issues' (0 when
    ``parent_issues`` is off), so a later step can read both."""
    parents = parent_counts(result.parents)
    return {**result.counts(),
            **{f"parents_{key}": parents[key]
               for key in ("created", "updated", "closed", "reopened", "failed")},
            "sub_issues_attached": parents["attached"]}
