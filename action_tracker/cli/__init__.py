"""Command-line entry point: wires options to the core, nothing more.

Status goes to stderr, results to stdout. Every :class:`ActionTrackerError` becomes one
``error: …`` line and its exit code; an unexpected exception is reported the same way
(with the traceback only under ``-vv``), never as a raw traceback.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

from action_tracker import __version__
from action_tracker.cli.context import AppContext
from action_tracker.errors import ActionTrackerError
from action_tracker.render.safe_text import one_line
from action_tracker.runtime import log as logmod

# Each command's module is imported only when that command runs (or for --help): ``parse``
# and ``validate`` then start without loading the GitHub client, Jinja or requests.
_COMMANDS = {
    "parse": "action_tracker.cli.parse_cmd:parse",
    "validate": "action_tracker.cli.validate_cmd:validate",
    "sync": "action_tracker.cli.sync_cmd:sync",
    "digest": "action_tracker.cli.digest_cmd:digest",
    "status": "action_tracker.cli.status_cmd:status",
    "preview": "action_tracker.cli.preview_cmd:preview",
    "owners": "action_tracker.cli.owners_cmd:owners",
    "remind": "action_tracker.cli.remind_cmd:remind",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _COMMANDS and cmd_name not in self.commands:
            module_name, attr = _COMMANDS[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attr)
            assert isinstance(command, click.Command)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="action-tracker")
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Config file (default: .github/action-tracker.yml, then action-tracker.yml).",
)
@click.option("-v", "--verbose", count=True, help="More detail on stderr (-vv: HTTP too).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, verbose: int, quiet: bool) -> None:
    """Track postmortem action items as GitHub issues."""
    verbosity = -1 if quiet else verbose
    logmod.setup(verbosity)
    ctx.call_on_close(logmod.reset)  # no handler outlives the command (in-process runs)
    ctx.obj = AppContext(config_path=config_path, verbosity=verbosity)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    try:
        code = cli.main(args=argv, prog_name="action-tracker", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("error: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except ActionTrackerError as exc:
        click.echo(f"error: {one_line(logmod.mask(str(exc)))}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("error: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: still one line, never a token
        verbose = "-vv" in (argv or sys.argv)
        if verbose:
            import traceback

            click.echo(logmod.mask(traceback.format_exc()), err=True)
        click.echo(
            f"error: internal error: {type(exc).__name__}: {one_line(logmod.mask(str(exc)))} "
            "(please report it; -vv shows the traceback)",
            err=True,
        )
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
