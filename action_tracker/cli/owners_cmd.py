"""``owners``: the owners the documents name that no assignable login answers to, and a
ready-to-paste ``owners:`` block for the config (:func:`~action_tracker.app.run_owners`).

Results (the block and the list) go to stdout, status to stderr. With a token it reads the
repository's assignable users (one request per hundred) and each one's profile (one request
each, at most :data:`~action_tracker.app.MAX_PROFILES`), said up front; without one it lists
the names only.
"""

from __future__ import annotations

import click

from action_tracker import app as app_core
from action_tracker.cli.common import open_store, warn_no_documents
from action_tracker.cli.context import AppContext, global_options
from action_tracker.render import owners as owners_text
from action_tracker.runtime.config import Config
from action_tracker.runtime.environment import RunEnvironment
from action_tracker.runtime.log import get_logger, mask


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
    repo_name = env.resolve_repo(repo)
    store = open_store(env, config, repo_name) if env.token and repo_name else None
    run = app_core.run_owners(paths, config, store, repo=repo_name,
                              report=_OwnersOutput(env, paths, config))
    if store is not None:
        log.debug("%s", store.request_summary())
    if fmt == "json":
        click.echo(mask(owners_text.render_json(run.unresolved, run.resolved, run.users,
                                                repo_name)))
    else:
        for line in owners_text.text_lines(run.unresolved, with_block=run.users is not None):
            click.echo(mask(line))
    if run.users is None:
        log.info("%d of %d owners resolve to a login; %d names do not", run.resolved,
                 run.total, len(run.unresolved))
    else:
        log.info("%d of %d owners resolve to an assignable login; %d more with the suggested "
                 "block", run.resolved, run.total, run.suggested)


class _OwnersOutput(app_core.PlanReport):
    def __init__(self, env: RunEnvironment, paths: tuple[str, ...], config: Config) -> None:
        self.env, self.paths, self.config = env, paths, config

    def no_documents(self) -> None:
        warn_no_documents(self.env, self.paths, self.config)

    def without_store(self) -> None:
        get_logger().info("no %s: listing the unresolved names only (no suggestions)",
                          "token" if not self.env.token else
                          "repository (--repo or GITHUB_REPOSITORY)")
