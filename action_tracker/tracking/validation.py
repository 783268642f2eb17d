"""Validation: what is wrong with a set of parsed postmortems, and how to show it.

Pure: postmortems in, a report out. Besides the parser's own problems it warns about what
will hurt ``sync`` later: an open action nobody owns and that has neither a due date nor a
priority (it lands with defaults only), a due date before the incident, explicit ids
used twice (an error: sync could not tell the two actions apart), and one postmortem id
shared by two documents (an error: their issues would be closed, reassigned or flipped
between the two; sync leaves every issue of such an id untouched).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from action_tracker.models import Postmortem, Problem
from action_tracker.render.markdown import inline, table_cell
from action_tracker.render.safe_text import json_text, one_line
from action_tracker.runtime.actions_output import annotation


@dataclass(frozen=True)
class Finding:
    path: str
    problem: Problem
    # Other documents the problem is about (an id clash names every document sharing the id):
    # a pull request that changes any of them is concerned by it.
    about: tuple[str, ...] = ()


@dataclass(frozen=True)
class Elsewhere:
    """Problems of the postmortems a pull request does not change: counted, not listed."""

    problems: int
    errors: int
    files: int


@dataclass(frozen=True)
class Report:
    findings: list[Finding]
    files: int
    # Set in a pull-request run: ``findings`` and ``files`` are then about the postmortems the
    # pull request changes, and the rest of the repository's problems are only counted here.
    elsewhere: Elsewhere | None = None
    # Said once above the totals (e.g. why a pull-request run reports every postmortem).
    note: str | None = None

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


@dataclass(frozen=True)
class IdClash:
    """Documents that share one postmortem id (issues are keyed on it: they cannot share)."""

    id: str
    paths: tuple[str, ...]


def id_clashes(
    postmortems: Sequence[Postmortem], others: Iterable[Postmortem] = ()
) -> list[IdClash]:
    """Postmortem ids used by more than one document, among ``postmortems`` and ``others``.

    ``others`` are the rest of the repository's documents when only some were named on the
    command line: a clash with a document not named is still a clash (a subset run and a
    full run must agree; a document in both lists counts once). Only ids of
    ``postmortems`` are reported.
    """
    by_id: dict[str, list[str]] = {}
    for pm in [*postmortems, *others]:
        paths = by_id.setdefault(pm.id, [])
        if pm.path not in paths:
            paths.append(pm.path)
    named = {pm.id for pm in postmortems}
    return [IdClash(pm_id, tuple(sorted(paths))) for pm_id, paths in by_id.items()
            if len(paths) > 1 and pm_id in named]


def clash_problem(pm: Postmortem, clash: IdClash) -> Problem:
    """The error for one document of a clash: where its id comes from and what to do."""
    others = ", ".join(p for p in clash.paths if p != pm.path)
    if pm.id_line is not None:
        cause = f"postmortem id {pm.id!r} (front matter) is also the id of {others}"
        fix = "give this document its own `id:`"
    else:
        cause = f"postmortem id {pm.id!r} (the file name) is also the id of {others}"
        fix = ("add a unique `id:` to the front matter of the newer document (the other one "
               "keeps its id and its issues)")
    return Problem(
        line=pm.id_line, severity="error",
        message=f"{cause}: {fix}; sync leaves the issues of {pm.id!r} untouched until the id "
                "is unique",
    )


def clash_problems(pm: Postmortem, clashes: Iterable[IdClash]) -> list[Problem]:
    return [clash_problem(pm, c) for c in clashes if c.id == pm.id and pm.path in c.paths]


def validate(postmortems: list[Postmortem], others: Iterable[Postmortem] = ()) -> Report:
    """Every problem of ``postmortems``; ``others`` (the repository's remaining documents,
    when only some were named) take part in the id-uniqueness check only."""
    clashes = id_clashes(postmortems, others)
    findings: list[Finding] = []
    for pm in postmortems:
        found = [Finding(pm.path, p) for p in [*pm.problems, *_sync_problems(pm)]]
        found += [Finding(pm.path, clash_problem(pm, c), about=c.paths)
                  for c in clashes if c.id == pm.id and pm.path in c.paths]
        findings.extend(sorted(found, key=lambda f: f.problem.line or 0))
    return Report(findings, len(postmortems))


def _split(report: Report, changed: frozenset[str]) -> tuple[list[Finding], list[Finding]]:
    """``(findings about the changed files, the others)``, each in report order."""
    def concerned(finding: Finding) -> bool:
        return finding.path in changed or any(p in changed for p in finding.about)

    return ([f for f in report.findings if concerned(f)],
            [f for f in report.findings if not concerned(f)])


def changed_first(report: Report, changed: frozenset[str]) -> Report:
    """Every finding, those about the changed files first (``--all`` on a pull request: the
    pull request's own problems are among the annotations GitHub shows)."""
    shown, rest = _split(report, changed)
    return replace(report, findings=shown + rest)


def for_pull_request(report: Report, paths: Iterable[str], changed: frozenset[str]) -> Report:
    """The report a pull request's check shows: the problems of the postmortems it changes
    (``paths`` are all the postmortems checked, ``changed`` the files it changes), and of
    the others only a count.

    A problem about a changed document and an unchanged one together (an id clash) is the
    pull request's: it is listed, on both documents. The other problems were there before
    the pull request; they are counted, and do not fail its check.
    """
    shown, rest = _split(report, changed)
    elsewhere = Elsewhere(
        problems=len(rest),
        errors=sum(1 for f in rest if f.problem.severity == "error"),
        files=len({f.path for f in rest}),
    )
    return Report(shown, len({p for p in paths if p in changed}), elsewhere, report.note)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _totals(report: Report) -> list[str]:
    """The closing lines: counts, and in a pull-request run what was left out."""
    counts = f"{report.errors} error(s), {report.warnings} warning(s)"
    if report.elsewhere is None:
        return [f"{report.files} file(s) checked: {counts}"]
    if report.files == 0 and not report.findings:
        lines = ["This pull request changes no postmortem."]
    else:
        lines = [f"{_plural(report.files, 'changed postmortem', 'changed postmortems')} "
                 f"checked: {counts}"]
    other = report.elsewhere
    if other.problems:
        lines.append(
            f"{_plural(other.problems, 'problem', 'problems')} in "
            f"{_plural(other.files, 'other postmortem', 'other postmortems')} not changed by "
            "this pull request (they do not fail this check); run validate locally or with "
            "--all to see them"
        )
    return lines


def render_text(report: Report) -> str:
    lines = []
    for f in report.findings:
        where = f"{one_line(f.path)}:{f.problem.line}" if f.problem.line else one_line(f.path)
        lines.append(f"{where}: {f.problem.severity}: {one_line(f.problem.message)}")
    if report.note:
        lines.append(f"note: {one_line(report.note)}")
    lines.extend(_totals(report))
    return "\n".join(lines)


def render_json(report: Report) -> str:
    data: dict[str, object] = {
        "files": report.files, "errors": report.errors, "warnings": report.warnings,
        "problems": [{"path": f.path, **f.problem.model_dump()} for f in report.findings],
    }
    if report.elsewhere is not None:
        data["not_changed_by_pull_request"] = {
            "problems": report.elsewhere.problems, "errors": report.elsewhere.errors,
            "files": report.elsewhere.files,
        }
    if report.note:
        data["note"] = report.note
    return json_text(json.dumps(data, indent=2))


def render_github(report: Report) -> str:
    lines = [annotation(f.problem.severity, f.problem.message, file=f.path, line=f.problem.line)
             for f in report.findings]
    if report.note:
        lines.append(annotation("notice", report.note, title="action-tracker validate"))
    lines.extend(_totals(report))
    return "\n".join(lines)


ANNOTATIONS_SHOWN = 10  # GitHub shows at most 10 error and 10 warning annotations per step


def render_summary(report: Report) -> str:
    """Markdown for the job summary: every problem, since annotations are capped per step."""
    where = (f"{report.files} file(s)" if report.elsewhere is None else
             _plural(report.files, "changed postmortem", "changed postmortems"))
    head = (f"### Postmortem validation: {report.errors} error(s), {report.warnings} warning(s) "
            f"in {where}\n")
    if report.note:
        head += f"\n> [!NOTE]\n> {inline(report.note)}\n"
    tail = "".join(f"\n{line}\n" for line in _totals(report)[1:])
    if report.elsewhere is not None and report.files == 0 and not report.findings:
        return head + "\nThis pull request changes no postmortem.\n" + tail
    if not report.findings:
        return head + "\nNo problems found.\n" + tail
    rows = ["", "| Severity | File | Line | Problem |", "| --- | --- | ---: | --- |"]
    for f in report.findings:
        rows.append(f"| {f.problem.severity} | `{table_cell(f.path)}` | {f.problem.line or ''} | "
                    f"{table_cell(f.problem.message)} |")
    capped = report.errors > ANNOTATIONS_SHOWN or report.warnings > ANNOTATIONS_SHOWN
    note = ("\nGitHub shows only the first 10 errors and 10 warnings as annotations on the "
            "diff; this table has all of them.\n") if capped else ""
    return head + "\n".join(rows) + "\n" + note + tail


def outputs(report: Report) -> dict[str, int]:
    """Counts for ``$GITHUB_OUTPUT``."""
    return {"files": report.files, "errors": report.errors, "warnings": report.warnings}
