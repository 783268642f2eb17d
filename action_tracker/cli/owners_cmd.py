"""``owners``: the owners the documents name that no assignable login answers to, and a
ready-to-paste ``owners:`` block for the config.

Results (the block and the list) go to stdout, status to stderr. With a token it reads the
repository's assignable users (one request per hundred) and each one's profile (one request
each, at most :data:`MAX_PROFILES`), said up front; without one it lists the names only.
"""

from __future__ import annotations

import json

import click

from action_tracker import app as app_core
from action_tracker.cli.common import open_store, warn_no_documents
from action_tracker.cli.context import AppContext, global_options
from action_tracker.errors import ActionTrackerError
from action_tracker.render.safe_text import one_line
from action_tracker.runtime.log import get_logger, mask
from action_tracker.tracking import owners as owner_rule
from action_tracker.tracking.owners import Assignable, Unresolved

# Profiles read per run: "a few hundred requests" at most. Users past it still match by login.
MAX_PROFILES = 300


@click.command()
@global_options
@click.argument("paths", nargs=-1)
@click.option("--repo", default=None, help="OWNER/NAME (default: $GITHUB_REPOSITORY).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_obj
def owners(app: AppContext, paths: tuple[str, ...], repo: str | None, fmt: str) -> None:
    """Owners the documents name that resolve to no assignable login, where, and an
    ``owners:`` block mapping each to the one assignable user it matches (display name or
    login; case, accents and middle names ignored; initials only when unique).

    Without a token (or a repository) only the unresolved names are listed."""
    config, env = app.config, app.env
    log = get_logger()
    postmortems = app_core.read_postmortems(paths, config)
    if not postmortems:
        warn_no_documents(env, paths, config)
    written = [(a.owner, pm.path, a.line, a.status != "done")
               for pm in postmortems for a in pm.actions if a.owner]
    repo_name = env.resolve_repo(repo)
    users: list[Assignable] | None = None
    if env.token and repo_name:
        store = open_store(env, config, repo_name)
        log.info("reading the assignable users of %s (one request per 100 users) and their "
                 "profiles (one request each, at most %d)", repo_name, MAX_PROFILES)
        try:
            logins = store.list_assignees()
            if len(logins) > MAX_PROFILES:
                log.warning("warning: %d assignable users; the display names of the first %d "
                            "are read, the others match by login only", len(logins),
                            MAX_PROFILES)
            users = [
                Assignable(login=login,
                           name=store.display_name(login) if index < MAX_PROFILES else None)
                for index, login in enumerate(logins)
            ]
        except ActionTrackerError as exc:
            # Like status: it worked (0) or it could not (2); nothing half-done to report.
            raise ActionTrackerError(str(exc), exit_code=2) from None
        log.debug("%s", store.request_summary())
    else:
        log.info("no %s: listing the unresolved names only (no suggestions)",
                 "token" if not env.token else "repository (--repo or GITHUB_REPOSITORY)")
    unresolved, resolved = owner_rule.unresolved_owners(written, config.owners, users)
    suggested = sum(item.count for item in unresolved if item.suggestion)
    total = resolved + sum(item.count for item in unresolved)
    if fmt == "json":
        click.echo(mask(json.dumps({
            "repo": repo_name,
            "assignable_users": None if users is None else len(users),
            "owners": total,
            "resolved": resolved,
            "resolved_with_suggestions": resolved + suggested,
            "unresolved": [_as_json(item) for item in unresolved],
            "owners_block": owner_rule.owners_block(unresolved) if users is not None else None,
        }, ensure_ascii=False, indent=2)))
    else:
        for line in _text(unresolved, with_block=users is not None):
            click.echo(mask(line))
    if users is None:
        log.info("%d of %d owners resolve to a login; %d names do not", resolved, total,
                 len(unresolved))
    else:
        log.info("%d of %d owners resolve to an assignable login; %d more with the suggested "
                 "block", resolved, total, suggested)


def _as_json(item: Unresolved) -> dict[str, object]:
    return {
        "name": item.name,
        "count": item.count,
        "open": item.open,
        "places": [{"path": path, "line": line} for path, line in item.places],
        "suggestion": item.suggestion,
        "matches": item.matches,
    }


def _text(unresolved: list[Unresolved], *, with_block: bool) -> list[str]:
    """The list as YAML comments, then the block: the whole output pastes as YAML."""
    if not unresolved:
        return ["# every owner resolves to an assignable login"]
    lines = ["# owners that resolve to no assignable login (times named, on open actions: where)"]
    for item in unresolved:
        where = ", ".join(f"{path}:{line}" for path, line in item.places[:10])
        more = f", … {item.count - 10} more" if item.count > 10 else ""
        lines.append(f"#   {one_line(item.name)} ({item.count}×, {item.open} open): "
                     f"{one_line(where)}{more}")
    if with_block:
        lines.append("")
        lines.extend(owner_rule.owners_block(unresolved).splitlines())
    return lines
