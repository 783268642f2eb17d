"""The ``validate`` use case: every problem of the postmortems, and on a pull request the
report about the postmortems it changes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from action_tracker.app.report import PlanReport
from action_tracker.models import Postmortem
from action_tracker.parsing import parse_file
from action_tracker.runtime.config import Config, find_config
from action_tracker.runtime.discovery import discover, display_path
from action_tracker.runtime.environment import RunEnvironment, pull_request_from_event
from action_tracker.runtime.log import get_logger
from action_tracker.runtime.pr_changes import changed_files
from action_tracker.tracking import validation


def _collect(paths: Sequence[str], config: Config) -> list[Postmortem]:
    found = discover(paths, globs=config.paths, exclude=config.exclude)  # missing: exit 2
    return [parse_file(p, display_path=display_path(p)) for p in found]


@dataclass(frozen=True)
class ValidateRun:
    """The report, and whether any postmortem was found at all (on a pull request the
    report may list none of them: it changes none)."""

    report: validation.Report
    found: bool


def run_validate(
    paths: Sequence[str], config: Config, env: RunEnvironment, *,
    config_path: Path | None = None, report_all: bool = False,
    report: PlanReport | None = None,
) -> ValidateRun:
    """Validate the postmortems named by ``paths`` (default: the configured ones). The
    id-uniqueness check also reads the documents not named (as sync does). On a pull request
    (``env``'s event) only the postmortems it changes are reported (see
    :func:`_pull_request_scope`)."""
    report = report or PlanReport()
    postmortems = _collect(paths, config)
    result = validation.validate(postmortems, _collect((), config) if paths else ())
    found = bool(result.files)
    if not found:
        report.no_documents()
    elif env.is_pull_request:
        result = _pull_request_scope(env, config_path, result, postmortems, report_all)
    return ValidateRun(result, found)


def _pull_request_scope(
    env: RunEnvironment, config_path: Path | None, report: validation.Report,
    postmortems: list[Postmortem], report_all: bool,
) -> validation.Report:
    """On a pull request: the report about the postmortems it changes (see
    :func:`validation.for_pull_request`), or with ``--all`` every problem, the changed
    postmortems' first; everything, with a note saying why, when the changed files cannot
    be told from the checkout or the config itself changed."""
    event = pull_request_from_event(env)
    changes = changed_files(event.base_sha, event.head_sha)
    if changes.paths is None:
        return replace(report, note=f"cannot tell which files this pull request changes: "
                                    f"{changes.reason}; every postmortem is reported")
    config_file = find_config(config_path)
    if config_file is not None and display_path(config_file) in changes.paths:
        return replace(report, note=f"this pull request changes the config "
                                    f"({display_path(config_file)}): every postmortem is "
                                    "reported")
    get_logger().debug("files changed by the pull request: %s", changes.how)
    if report_all:
        return validation.changed_first(report, changes.paths)
    return validation.for_pull_request(report, [pm.path for pm in postmortems], changes.paths)
