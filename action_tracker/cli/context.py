"""State shared by every command: global options, loaded lazily."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:  # loaded on first use: ``parse`` never needs them
    from action_tracker.runtime.config import Config
    from action_tracker.runtime.environment import RunEnvironment


@dataclass
class AppContext:
    """Global options, plus the config and environment read on first use."""

    config_path: Path | None
    verbosity: int = 0
    _config: Config | None = field(default=None, repr=False)
    _env: RunEnvironment | None = field(default=None, repr=False)

    @property
    def config(self) -> Config:
        if self._config is None:
            from action_tracker.runtime.config import load_config

            self._config = load_config(self.config_path)
        return self._config

    @property
    def env(self) -> RunEnvironment:
        if self._env is None:
            from action_tracker.runtime.environment import RunEnvironment

            self._env = RunEnvironment.from_environ()
        return self._env


F = TypeVar("F", bound=Callable[..., Any])


def _app(ctx: click.Context) -> AppContext | None:
    return ctx.find_object(AppContext)


def _set_config(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    app = _app(ctx)
    if value is not None and app is not None:
        app.config_path = value
        app._config = None  # read the file given here, not the one named before the command


def _set_verbosity(ctx: click.Context, param: click.Parameter, value: object) -> None:
    """``-v``/``-q`` after the command: the same rule as before it (``-q`` wins over ``-v``),
    and what the command line says here wins over what the group got."""
    app = _app(ctx)
    if not value or app is None:
        return
    ctx.meta[f"action_tracker.{param.name}"] = value
    quiet = ctx.meta.get("action_tracker.quiet", False)
    verbose = int(ctx.meta.get("action_tracker.verbose", 0) or 0)
    verbosity = -1 if quiet else verbose
    if verbosity != app.verbosity:
        from action_tracker.runtime import log as logmod

        app.verbosity = verbosity
        logmod.setup(verbosity)


def global_options(command: F) -> F:
    """The group's ``--config``, ``-v`` and ``-q``, accepted after the command name too
    (``sync -q``, ``digest -v``, ``sync --config x.yml``), as people type them. They set the
    same :class:`AppContext` values; given after the command, they win."""
    command = click.option(
        "-q", "--quiet", is_flag=True, expose_value=False, callback=_set_verbosity,
        help="Only errors on stderr (also accepted before the command).",
    )(command)
    command = click.option(
        "-v", "--verbose", count=True, expose_value=False, callback=_set_verbosity,
        help="More detail on stderr, -vv: HTTP too (also accepted before the command).",
    )(command)
    return click.option(
        "--config", "config_path", type=click.Path(path_type=Path, dir_okay=False),
        default=None, expose_value=False, callback=_set_config,
        help="Config file (also accepted before the command).",
    )(command)
