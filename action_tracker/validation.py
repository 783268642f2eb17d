"""Validation: what is wrong with a set of parsed postmortems, and how to show it.

Pure: postmortems in, a report out. Besides the parser's own problems it warns about what
will hurt ``sync`` later: an open action nobody owns and that has neither a due date nor a
priority (it lands with defaults only), a due date before the incident, and explicit ids
used twice (an error: sync could not tell the two actions apart).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from action_tracker.actions_io import annotation, json_text, one_line
from action_tracker.markdown_escape import table_cell
from action_tracker.models import Postmortem, Problem


@dataclass(frozen=True)
class Finding:
    path: str
    problem: Problem


@dataclass(frozen=True)
class Report:
    findings: list[Finding]
    files: int

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.problem.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.problem.severity == "warning")


def _sync_problems(pm: Postmortem) -> list[Problem]:
    out: list[Problem] = []
    counts = Counter(a.id for a in pm.actions)
    reported: set[str] = set()
    for action in pm.actions:
        if counts[action.id] > 1 and action.id not in reported:
            reported.add(action.id)
            lines = ", ".join(str(a.line) for a in pm.actions if a.id == action.id)
            out.append(Problem(
                line=action.line, severity="error",
                message=f"action id {action.id!r} is used {counts[action.id]} times "
                        f"(lines {lines}); give each action its own id",
            ))
        if action.status == "done":
            continue
        missing = [name for name, value in (("owner", action.owner), ("due date", action.due),
                                            ("priority", action.priority)) if value is None]
        if action.owner is None and action.due is None and action.priority is None:
            out.append(Problem(
                line=action.line, severity="warning",
                message=f"action {action.id!r} has no {', no '.join(missing)}; "
                        "sync will file it unassigned with the default due date",
            ))
        if action.due is not None and pm.date is not None and action.due < pm.date:
            out.append(Problem(
                line=action.line, severity="warning",
                message=f"action {action.id!r} is due {action.due.isoformat()}, before the "
                        f"postmortem date {pm.date.isoformat()}",
            ))
    return out


def validate(postmortems: list[Postmortem]) -> Report:
    findings: list[Finding] = []
    for pm in postmortems:
        problems = sorted([*pm.problems, *_sync_problems(pm)], key=lambda p: p.line or 0)
        findings.extend(Finding(pm.path, p) for p in problems)
    return Report(findings, len(postmortems))


def render_text(report: Report) -> str:
    lines = []
    for f in report.findings:
        where = f"{one_line(f.path)}:{f.problem.line}" if f.problem.line else one_line(f.path)
        lines.append(f"{where}: {f.problem.severity}: {one_line(f.problem.message)}")
    lines.append(f"{report.files} file(s) checked: {report.errors} error(s), "
                 f"{report.warnings} warning(s)")
    return "\n".join(lines)


def render_json(report: Report) -> str:
    return json_text(json.dumps({
        "files": report.files, "errors": report.errors, "warnings": report.warnings,
        "problems": [{"path": f.path, **f.problem.model_dump()} for f in report.findings],
    }, indent=2))


def render_github(report: Report) -> str:
    lines = [annotation(f.problem.severity, f.problem.message, file=f.path, line=f.problem.line)
             for f in report.findings]
    lines.append(f"{report.files} file(s) checked: {report.errors} error(s), "
                 f"{report.warnings} warning(s)")
    return "\n".join(lines)


ANNOTATIONS_SHOWN = 10  # GitHub shows at most 10 error and 10 warning annotations per step


def render_summary(report: Report) -> str:
    """Markdown for the job summary: every problem, since annotations are capped per step."""
    head = (f"### Postmortem validation: {report.errors} error(s), {report.warnings} warning(s) "
            f"in {report.files} file(s)\n")
    if not report.findings:
        return head + "\nNo problems found.\n"
    rows = ["", "| Severity | File | Line | Problem |", "| --- | --- | ---: | --- |"]
    for f in report.findings:
        rows.append(f"| {f.problem.severity} | `{table_cell(f.path)}` | {f.problem.line or ''} | "
                    f"{table_cell(f.problem.message)} |")
    capped = report.errors > ANNOTATIONS_SHOWN or report.warnings > ANNOTATIONS_SHOWN
    note = ("\nGitHub shows only the first 10 errors and 10 warnings as annotations on the "
            "diff; this table has all of them.\n") if capped else ""
    return head + "\n".join(rows) + "\n" + note


def outputs(report: Report) -> dict[str, int]:
    """Counts for ``$GITHUB_OUTPUT``."""
    return {"files": report.files, "errors": report.errors, "warnings": report.warnings}
