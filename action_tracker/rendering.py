"""Jinja2 templates: packaged defaults, overridable by name from the user's repository.

Rendering is a pure function of a template name and a context. The loader looks first in
the user's template directory (``templates_dir`` in the config), then in the templates
shipped inside the wheel, then (in a source checkout / editable install) in the
repository's top-level ``templates/`` folder.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from action_tracker.errors import ConfigError

_PACKAGE_TEMPLATES = Path(__file__).resolve().parent / "templates"
_SOURCE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def builtin_template_dirs() -> list[Path]:
    """Where the shipped templates live (the wheel's copy first)."""
    return [d for d in (_PACKAGE_TEMPLATES, _SOURCE_TEMPLATES) if d.is_dir()]


@lru_cache(maxsize=8)
def _environment(user_dir: str | None) -> jinja2.Environment:
    search: list[str] = []
    if user_dir:
        path = Path(user_dir)
        if not path.is_dir():
            raise ConfigError(f"templates_dir: folder '{user_dir}' does not exist")
        search.append(str(path))
    search.extend(str(d) for d in builtin_template_dirs())
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        autoescape=False,  # Markdown, not HTML: callers escape with markdown_escape filters.
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    from action_tracker import markdown_escape

    env.filters["md_inline"] = markdown_escape.inline
    env.filters["md_cell"] = markdown_escape.table_cell
    env.filters["md_block"] = markdown_escape.block
    env.filters["md_code"] = markdown_escape.code
    return env


def render(name: str, context: Mapping[str, Any], *, user_dir: str | None = None) -> str:
    """Render template ``name``; a broken user override is a config error naming the file."""
    env = _environment(user_dir)
    try:
        template = env.get_template(name)
        return template.render(**context)
    except jinja2.TemplateNotFound:
        raise ConfigError(f"template '{name}' not found in {user_dir or 'the package'}") from None
    except jinja2.TemplateSyntaxError as exc:
        where = f"{exc.filename or name}:{exc.lineno}"
        raise ConfigError(f"{where}: template error: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise ConfigError(f"template '{name}': {exc.message}") from None
