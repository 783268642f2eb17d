"""Jinja2 templates: packaged defaults, overridable by name from the user's repository.

Rendering is a pure function of a template name and a context. The loader looks first in
the user's template directory (``templates_dir`` in the config), then in the templates
shipped inside the wheel, then (in a source checkout / editable install) in the
repository's top-level ``templates/`` folder.

An override is code from the repository (any pull request can add one), and its output is
published as issue bodies. So it renders in Jinja's immutable sandbox (no attribute walk to
``os`` or ``__globals__``, no mutation of what it is given), and it must be a real file in a
real folder inside the repository: a symlink could publish ``/proc/self/environ``.
Anything refused is a :class:`ConfigError` naming the template file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from action_tracker.errors import ConfigError
from action_tracker.runtime.config import templates_dir_path

_PACKAGE = Path(__file__).resolve().parent.parent  # action_tracker/
_PACKAGE_TEMPLATES = _PACKAGE / "templates"
_SOURCE_TEMPLATES = _PACKAGE.parent / "templates"

# What a broken override raises while rendering (``{{ 1 / 0 }}``, ``{{ x + 1 }}`` on text,
# a macro calling itself): a config error about that file, never an internal error.
_TEMPLATE_FAULTS = (
    jinja2.TemplateError, TypeError, ValueError, ArithmeticError, LookupError,
    AttributeError, RecursionError,
)


def builtin_template_dirs() -> list[Path]:
    """Where the shipped templates live (the wheel's copy first)."""
    return [d for d in (_PACKAGE_TEMPLATES, _SOURCE_TEMPLATES) if d.is_dir()]


def _shown(filename: str | None, fallback: str) -> str:
    """A template's file as the user should see it: relative to the checkout if inside."""
    if not filename:
        return fallback
    path = Path(filename)
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class _OverrideLoader(jinja2.FileSystemLoader):
    """The user's folder first, then the shipped templates; a symlink in the user's folder
    (the template itself, or a subfolder on the way to an included one) is refused."""

    def __init__(self, user_dir: Path | None) -> None:
        search = ([user_dir] if user_dir else []) + builtin_template_dirs()
        super().__init__([str(d) for d in search])
        self.user_dir = user_dir

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        if self.user_dir is not None:
            current = self.user_dir
            for piece in split_template_path(template):
                current = current / piece
                if current.is_symlink():
                    raise ConfigError(
                        f"{_shown(str(current), template)}: template is a symbolic link; "
                        "templates must be real files in the repository"
                    )
        return super().get_source(environment, template)


@lru_cache(maxsize=8)
def _environment(user_dir: str | None) -> jinja2.Environment:
    env = ImmutableSandboxedEnvironment(
        loader=_OverrideLoader(Path(user_dir) if user_dir else None),
        autoescape=False,  # Markdown, not HTML: callers escape with render.markdown filters.
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    from action_tracker.render import markdown

    env.filters["md_inline"] = markdown.inline
    env.filters["md_cell"] = markdown.table_cell
    env.filters["md_block"] = markdown.block
    env.filters["md_code"] = markdown.code
    return env


def render(name: str, context: Mapping[str, Any], *, user_dir: str | None = None) -> str:
    """Render template ``name``; a broken or unsafe user override is a config error naming
    the file (``templates_dir`` is checked again here: it is relative to the checkout)."""
    folder = templates_dir_path(user_dir, Path.cwd()) if user_dir else None
    env = _environment(str(folder) if folder else None)
    try:
        template = env.get_template(name)
    except jinja2.TemplateNotFound:
        raise ConfigError(f"template '{name}' not found in {user_dir or 'the package'}") from None
    except jinja2.TemplateSyntaxError as exc:
        where = f"{_shown(exc.filename, name)}:{exc.lineno}"
        raise ConfigError(f"{where}: template error: {exc.message}") from None
    where = _shown(template.filename, name)
    overridden = folder is not None and Path(template.filename or "").is_relative_to(folder)
    try:
        return template.render(**context)
    except jinja2.exceptions.SecurityError as exc:
        message = " ".join(str(exc).split())
        raise ConfigError(f"{where}: template refused by the sandbox: {message}") from None
    except jinja2.UndefinedError as exc:
        raise ConfigError(f"{where}: template error: {exc.message}") from None
    except jinja2.TemplateSyntaxError as exc:  # in an included template
        raise ConfigError(
            f"{_shown(exc.filename, name)}:{exc.lineno}: template error: {exc.message}"
        ) from None
    except _TEMPLATE_FAULTS as exc:
        if not overridden and not isinstance(exc, jinja2.TemplateError):
            raise  # a shipped template failing is a bug, not a config problem
        text = exc.message if isinstance(exc, jinja2.TemplateError) else None
        message = " ".join(str(text or exc).split())
        raise ConfigError(f"{where}: template error: {type(exc).__name__}: {message}") from None
