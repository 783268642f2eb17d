"""The configuration file (``.github/action-tracker.yml``): every key optional, typos are errors.

Unknown keys and wrong types raise :class:`ConfigError` naming the key path
(``digest.period``), so a user never wonders why a setting had no effect.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import string
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from action_tracker.errors import ConfigError
from action_tracker.yaml_safety import CONSTRUCT_ERRORS, Loader, refusal

DEFAULT_CONFIG_PATHS = (Path(".github/action-tracker.yml"), Path("action-tracker.yml"))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


MAX_DUE_DAYS = 36500


def glob_problem(pattern: str) -> str | None:
    """Why ``Path.glob`` would refuse ``pattern`` (it raises instead of finding nothing), or
    None. Patterns are relative to the checkout: an absolute one is unsupported there."""
    if not pattern.strip():
        return "must not be empty"
    if "\0" in pattern:
        return "must not contain a NUL character"
    if PurePosixPath(pattern).is_absolute() or PureWindowsPath(pattern).anchor:
        return "must be relative to the repository root (like postmortems/**/*.md)"
    parts = [part for part in PurePosixPath(pattern).parts if part != "."]
    if not parts:
        return "names no files (like postmortems/**/*.md)"
    if any("**" in part and part != "**" for part in parts):
        return "'**' must be a whole path part (like postmortems/**/*.md)"
    return None


def _glob_pattern(pattern: str) -> str:
    problem = glob_problem(pattern)
    if problem is not None:
        raise ValueError(f"{pattern!r}: {problem}")
    return pattern


GlobPattern = Annotated[str, AfterValidator(_glob_pattern)]


_PREFIX_MAX = 40


def _no_comma(label: str) -> str:
    """GitHub's ``labels=`` filter splits on commas: a label holding one is never found by
    name, so every run would file its issues again."""
    if "," in label:
        raise ValueError("must not contain a comma (GitHub's label filter splits on commas)")
    return label


class LabelsConfig(_Strict):
    """Label names the tool creates and reads."""

    tracking: str = "postmortem-action"
    priority_prefix: str = "priority:"
    type_prefix: str = "type:"
    removed: str = "postmortem-action-removed"
    digest: str = "postmortem-digest"
    # The parent issue of each postmortem (its actions are its sub-issues).
    parent: str = "postmortem"
    color: str = "5319e7"

    @field_validator("tracking", "removed", "digest", "parent")
    @classmethod
    def _label_name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        if len(value) > 50:
            raise ValueError("GitHub label names are at most 50 characters")
        return _no_comma(value)

    @field_validator("priority_prefix", "type_prefix")
    @classmethod
    def _label_prefix(cls, value: str) -> str:
        if len(value) > _PREFIX_MAX:
            raise ValueError(f"at most {_PREFIX_MAX} characters: GitHub label names are at "
                             "most 50, and the priority or type follows the prefix")
        return _no_comma(value)

    @field_validator("color")
    @classmethod
    def _color(cls, value: str) -> str:
        value = value.lstrip("#")
        if len(value) != 6 or any(c not in "0123456789abcdefABCDEF" for c in value):
            raise ValueError("must be 6 hex digits such as 5319e7")
        return value.lower()


class SyncConfig(_Strict):
    """How sync treats actions that leave the document."""

    close_removed: bool = False
    assign_owners: bool = True


class DigestConfig(_Strict):
    """The scheduled digest."""

    period: Literal["week", "month"] = "week"
    due_soon_days: int = Field(default=14, ge=0, le=365)
    mention: str | None = None
    close_previous: bool = True
    title: str = "Postmortem follow-ups: {period}"
    max_items: int = Field(default=50, ge=1, le=1000)
    webhook_timeout: float = Field(default=10, gt=0, le=120)  # seconds per chat webhook attempt
    webhook_retries: int = Field(default=3, ge=0, le=10)  # extra attempts on 5xx / timeouts
    # ``postmortem``: actions listed under their postmortem's parent issue with its progress;
    # ``owner``: overdue actions per owner.
    group_by: Literal["postmortem", "owner"] = "postmortem"

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        """The title is filled with ``str.format``: only ``{period}`` may be in braces (any
        other field, conversion or width would fail, or allocate, at digest time)."""
        try:
            fields = [(name, spec, conv) for _text, name, spec, conv
                      in string.Formatter().parse(value) if name is not None]
        except ValueError as exc:
            raise ValueError(f"{exc}; write {{period}} for the period, {{{{ }}}} for braces") \
                from None
        if any(name != "period" or spec or conv for name, spec, conv in fields):
            raise ValueError("only {period} may be in braces (write {{ }} for a brace)")
        return value


class LinkedIssuesConfig(_Strict):
    """An action whose ticket is a GitHub issue is tracked in it: in the run's own repository
    it gets the tracking label and one "tracked as a follow-up" comment (each may be off)."""

    label: bool = True
    comment: bool = True


class GitHubConfig(_Strict):
    """How politely the tool talks to GitHub (defaults follow GitHub's best-practice guide)."""

    write_interval: float = Field(default=1.0, ge=0, le=60)
    max_retries: int = Field(default=4, ge=0, le=20)
    max_rate_limit_wait: float = Field(default=300, ge=0, le=3600)
    timeout: float = Field(default=30, gt=0, le=600)
    # Accounts whose issues and preview comments are the tool's own, besides the token's
    # (a GitHub App's ``my-app[bot]`` when its installation token cannot say who it is).
    trusted_authors: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        default_factory=list, max_length=50
    )


class RemindersConfig(_Strict):
    """``remind``: one comment per period on each open action overdue by ``after_days``,
    mentioning its assignees; one more, once, mentioning ``escalate_to`` when it is overdue
    by ``escalate_after_days``."""

    after_days: int = Field(default=0, ge=0, le=3650)
    escalate_after_days: int | None = Field(default=None, ge=0, le=3650)
    escalate_to: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        default_factory=list, max_length=20
    )

    @field_validator("escalate_to")
    @classmethod
    def _escalate_to(cls, value: list[str]) -> list[str]:
        """Logins or ``org/team`` slugs, written with or without ``@``."""
        cleaned = [name.strip().lstrip("@") for name in value]
        for name in cleaned:
            if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                                r"(?:\[bot\]|/[A-Za-z0-9._-]+)?", name):
                raise ValueError(f"'{name}' is not a GitHub login or @org/team")
        return cleaned

    @model_validator(mode="after")
    def _escalation_complete(self) -> RemindersConfig:
        if self.escalate_after_days is not None and not self.escalate_to:
            raise ValueError("escalate_after_days needs escalate_to (logins or @org/team)")
        return self


class BacklogConfig(_Strict):
    """Postmortems dated before ``since`` are the backlog: on a repository that already
    holds years of postmortems, their actions would all be overdue the day they are filed.

    ``track``: file them, with a default due date counted from ``since`` (a due date the
    document states stands); the digest lists them apart, never in its overdue table.
    ``skip``: validate them, never file them (issues an earlier run opened are left as
    they are)."""

    since: dt.date
    mode: Literal["track", "skip"] = "track"

    @model_validator(mode="before")
    @classmethod
    def _mapping(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            raise ValueError("must be a mapping such as {since: 2026-01-01, mode: track}")
        return value

    @field_validator("since", mode="before")
    @classmethod
    def _since(cls, value: Any) -> Any:
        """A date only (YAML reads ``2026-01-01`` as one): a time or a number is a mistake."""
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date | str):
            raise ValueError("must be a date, YYYY-MM-DD")
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                raise ValueError(f"'{value}' is not a date; use YYYY-MM-DD") from None
        return value


class Config(_Strict):
    """The whole configuration; defaults make an absent file a working setup."""

    paths: list[GlobPattern] = Field(
        default_factory=lambda: ["postmortems/**/*.md", "docs/postmortems/**/*.md"]
    )
    exclude: list[str] = Field(default_factory=lambda: ["**/README.md", "**/_template*.md"])
    labels: LabelsConfig = Field(default_factory=LabelsConfig)
    owners: dict[str, str] = Field(default_factory=dict)
    # A login assigned to open actions whose owner resolves to nobody, or ``author``: the
    # GitHub account of whoever added the postmortem (the commit that added the file).
    default_owner: str | None = None
    due_days: dict[str, int] = Field(
        default_factory=lambda: {"P0": 7, "P1": 28, "P2": 56, "default": 90}
    )
    sync: SyncConfig = Field(default_factory=SyncConfig)
    digest: DigestConfig = Field(default_factory=DigestConfig)
    github: GitHubConfig = Field(default_factory=GitHubConfig)
    linked_issues: LinkedIssuesConfig = Field(default_factory=LinkedIssuesConfig)
    templates_dir: str | None = None
    backlog: BacklogConfig | None = None
    # One parent issue per postmortem with its actions as sub-issues (``false``: none).
    parent_issues: bool = True
    reminders: RemindersConfig = Field(default_factory=RemindersConfig)

    @field_validator("owners")
    @classmethod
    def _owners(cls, value: dict[str, str]) -> dict[str, str]:
        return {name.strip(): login.strip().lstrip("@") for name, login in value.items()}

    @field_validator("default_owner")
    @classmethod
    def _default_owner(cls, value: str | None) -> str | None:
        if value is None:
            return None
        login = value.strip().lstrip("@")
        if login.casefold() == "author":
            return "author"
        from action_tracker.tracking.owners import is_login  # the one login-shape rule

        if not is_login(login):
            raise ValueError(f"'{value}' is not a GitHub login (or 'author')")
        return login

    @field_validator("due_days")
    @classmethod
    def _due_days(cls, value: dict[str, int]) -> dict[str, int]:
        for key, days in value.items():
            if days < 0:
                raise ValueError(f"{key}: days must not be negative")
            if days > MAX_DUE_DAYS:  # a date plus far more days passes the year 9999
                raise ValueError(f"{key}: at most {MAX_DUE_DAYS} days (100 years)")
        return value

    def days_for_priority(self, priority: str | None) -> int:
        """Days from the postmortem date to an action's default due date."""
        if priority and priority.upper() in self.due_days:
            return self.due_days[priority.upper()]
        return self.due_days.get("default", 90)


def _key_path(loc: tuple[int | str, ...]) -> str:
    """``digest.period``, ``paths[0]``: the key as it is written in the file."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
    return path or "(top level)"


def config_from_mapping(data: Any, *, source: str = "config") -> Config:
    """Validate already-loaded data; errors name the file and the key."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: the top level must be a mapping of keys to values")
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = _key_path(first["loc"])
        if first["type"] == "extra_forbidden":
            raise ConfigError(f"{source}: unknown key '{key}'") from None
        msg = first["msg"].removeprefix("Value error, ")
        raise ConfigError(f"{source}: {key}: {msg}") from None


def find_config(explicit: Path | None, cwd: Path | None = None) -> Path | None:
    """The config file in force: ``--config`` if given (it must exist), else the defaults."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: config file not found (--config)")
        return explicit
    base = cwd or Path.cwd()
    for candidate in DEFAULT_CONFIG_PATHS:
        if (base / candidate).is_file():
            return base / candidate
    return None


def load_config(explicit: Path | None = None, cwd: Path | None = None) -> Config:
    """Load and validate the configuration; an absent file means all defaults."""
    path = find_config(explicit, cwd)
    if path is None:
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc}") from None
    config = config_from_mapping(_load_yaml(text, path), source=str(path))
    if config.templates_dir is not None:
        try:
            templates_dir_path(config.templates_dir, cwd or Path.cwd())
        except ConfigError as exc:
            raise ConfigError(f"{path}: {exc}") from None
    return config


def _load_yaml(text: str, path: Path) -> Any:
    """The YAML of the config file; anything wrong with it is a :class:`ConfigError` with the
    file and line (a value the loader cannot convert stays text, for validation to name its
    key; aliases and deep nesting are refused, see :mod:`action_tracker.yaml_safety`)."""
    try:
        loader = Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            refused = refusal(node, text)
            if refused is not None:
                raise ConfigError(f"{path}:{refused[0] + 1}: the config {refused[1]}")
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark, problem = None, None
        if isinstance(exc, yaml.MarkedYAMLError):
            mark, problem = exc.problem_mark, exc.problem
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = problem or "invalid YAML"
        raise ConfigError(f"{path}{where}: invalid YAML: {problem}") from None
    except CONSTRUCT_ERRORS as exc:
        # An explicit tag the value cannot satisfy (``!!float abc``): PyYAML raises plain errors.
        raise ConfigError(f"{path}: invalid YAML: {exc}") from None


def templates_dir_path(value: str, root: Path) -> Path:
    """``templates_dir`` as an absolute path, or a :class:`ConfigError` naming the key.

    Templates become issue bodies, so the folder must be part of the repository under
    review: inside ``root`` (the folder the tool runs in, which every configured path is
    relative to), a real folder, and reached through no symbolic link. A merged symlink
    could otherwise point a template at ``/proc/self/environ`` and publish the job's secrets.
    """
    shown = value if value.isprintable() else repr(value)[1:-1]  # one line, always
    if not value.strip() or "\0" in value:
        raise ConfigError("templates_dir: must be the path of a folder in the repository")
    base = root.resolve()
    given = Path(os.path.normpath(value))
    if given.is_absolute() and given.is_relative_to(root.absolute()):
        given = given.relative_to(root.absolute())  # the same folder, spelled from the root
    lexical = Path(os.path.normpath(given if given.is_absolute() else base / given))
    outside = f"templates_dir: folder '{shown}' is outside the repository ({base})"
    if not lexical.is_relative_to(base):
        raise ConfigError(outside)
    try:
        current = base
        for part in lexical.relative_to(base).parts:
            current = current / part
            if current.is_symlink():
                raise ConfigError(
                    f"templates_dir: '{current.relative_to(base).as_posix()}' is a symbolic "
                    "link; templates must be real files in the repository"
                )
        resolved = lexical.resolve()
        if not resolved.is_relative_to(base):  # only through a symlink; kept as a guard
            raise ConfigError(outside)
        if not resolved.exists():
            raise ConfigError(f"templates_dir: folder '{shown}' does not exist")
        if not resolved.is_dir():
            raise ConfigError(f"templates_dir: '{shown}' is not a folder")
    except OSError as exc:
        raise ConfigError(f"templates_dir: cannot read '{shown}': {exc.strerror}") from None
    return resolved
