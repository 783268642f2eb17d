"""What the process is told by its environment (GitHub Actions variables, tokens).

Tokens are read only here, only from the environment, and registered for masking the
moment they are read.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from action_tracker.errors import AuthError, UsageError
from action_tracker.runtime.log import register_secret, register_secret_url

DEFAULT_API_URL = "https://api.github.com"
# Letters, digits, '-', '_', '.': what GitHub allows in owner and repository names.
_REPO_PART = re.compile(r"^[A-Za-z0-9_.-]+$")
DEFAULT_SERVER_URL = "https://github.com"
# Events whose payload is a pull request (``pull_request_target`` runs in the base's context).
PULL_REQUEST_EVENTS = frozenset({"pull_request", "pull_request_target"})


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


class RunEnvironment(BaseModel):
    """The environment variables the tool understands (``shared/spec/interface.md``)."""

    model_config = ConfigDict(frozen=True)

    token: str | None = None
    repository: str | None = None
    api_url: str = DEFAULT_API_URL
    server_url: str = DEFAULT_SERVER_URL
    step_summary: Path | None = None
    output: Path | None = None
    in_actions: bool = False
    sha: str | None = None
    ref_name: str | None = None
    event_name: str | None = None
    event_path: Path | None = None
    webhook_url: str | None = None

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> RunEnvironment:
        env = os.environ if environ is None else environ
        # A secret pasted with a trailing newline must not become an invalid HTTP header.
        token = (
            (env.get("GITHUB_TOKEN") or "").strip() or (env.get("GH_TOKEN") or "").strip() or None
        )
        webhook = env.get("ACTION_TRACKER_WEBHOOK_URL") or None
        register_secret(token)
        register_secret_url(webhook)
        return cls(
            token=token,
            repository=env.get("GITHUB_REPOSITORY") or None,
            api_url=(env.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/"),
            server_url=(env.get("GITHUB_SERVER_URL") or DEFAULT_SERVER_URL).rstrip("/"),
            step_summary=_path(env.get("GITHUB_STEP_SUMMARY")),
            output=_path(env.get("GITHUB_OUTPUT")),
            in_actions=env.get("GITHUB_ACTIONS", "").lower() == "true",
            sha=env.get("GITHUB_SHA") or None,
            ref_name=env.get("GITHUB_REF_NAME") or None,
            event_name=env.get("GITHUB_EVENT_NAME") or None,
            event_path=_path(env.get("GITHUB_EVENT_PATH")),
            webhook_url=webhook,
        )

    @property
    def is_pull_request(self) -> bool:
        """Whether this run is about a pull request (``GITHUB_EVENT_NAME``)."""
        return self.event_name in PULL_REQUEST_EVENTS

    def resolve_repo(self, option: str | None) -> str | None:
        """``--repo`` beats ``GITHUB_REPOSITORY``; the result is validated as OWNER/NAME."""
        repo = option or self.repository
        if repo is None:
            return None
        owner, sep, name = repo.strip().partition("/")
        if not sep or not _REPO_PART.match(owner) or not _REPO_PART.match(name) or name in (
            ".", ".."
        ):
            raise UsageError(f"--repo: '{repo}' is not of the form OWNER/NAME")
        return f"{owner}/{name}"

    def require_token(self, command: str | None = None, *, dry_run: str | None = None) -> str:
        """The token, or an error naming the fix that fits ``command``: always the variables
        to set; ``--dry-run`` only where the command has one (``dry_run`` says what it does
        without a token), so ``status`` never suggests an option it does not take."""
        if not self.token:
            where = f"{command}: " if command else ""
            fix = f", or use --dry-run to {dry_run}" if dry_run else ""
            raise AuthError(
                f"{where}no GitHub token: set GITHUB_TOKEN (or GH_TOKEN) in the "
                f"environment{fix}"
            )
        return self.token


class PullRequestInfo:
    """The pull request a run is about: number, head commit and base commit (from the event
    or ``--pr``; each ``None`` when unknown)."""

    def __init__(
        self, number: int | None, head_sha: str | None, base_sha: str | None = None
    ) -> None:
        self.number = number
        self.head_sha = head_sha
        self.base_sha = base_sha


def _sha(side: object) -> str | None:
    sha = side.get("sha") if isinstance(side, dict) else None
    return sha if isinstance(sha, str) and sha else None


def pull_request_from_event(env: RunEnvironment) -> PullRequestInfo:
    """Read ``$GITHUB_EVENT_PATH`` (a ``pull_request`` webhook payload) if there is one."""
    if env.event_path is None or not env.event_path.is_file():
        return PullRequestInfo(None, env.sha)
    try:
        payload = json.loads(env.event_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{env.event_path}: cannot read the event payload: {exc}") from None
    pull = payload.get("pull_request") if isinstance(payload, dict) else None
    if not isinstance(pull, dict):
        return PullRequestInfo(None, env.sha)
    number = pull.get("number", payload.get("number"))
    return PullRequestInfo(
        number if isinstance(number, int) else None,
        _sha(pull.get("head")) or env.sha,
        _sha(pull.get("base")),
    )
