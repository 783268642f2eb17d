"""Building the PyGithub client, retrying politely, and turning failures into one clear line.

Why a custom retry: PyGithub's default ``GithubRetry`` retries POST on 5xx, which duplicates
issues when GitHub applied the write before failing, and never retries PATCH
(github-facts §3.1). :class:`PoliteRetry` retries only idempotent verbs on 5xx and lost
connections, waits out rate limits for every verb (a rate-limited request was rejected before
anything happened), and refuses to wait longer than ``github.max_rate_limit_wait``.

Errors carry two flags the sync layer relies on: ``fatal`` (stop the run: bad token, missing
permission, repository gone, rate limit exhausted) and ``outcome_unknown`` (a create whose
answer was lost: re-list before trying again). Messages never include the token.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from github import Auth, Github, GithubException, GithubRetry
from github.GithubException import RateLimitExceededExceedsMaxWait
from github.Requester import Requester
from urllib3 import Retry
from urllib3.response import BaseHTTPResponse, HTTPResponse

from action_tracker.errors import AuthError, ConfigError, GitHubError
from action_tracker.runtime.config import GitHubConfig
from action_tracker.runtime.log import adopt_libraries, get_logger, mask

# PyGithub's import installed an unmasked stderr handler of its own: the tool's goes instead.
adopt_libraries()

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"})
RATE_LIMIT_STATUSES = (403, 429)
SECONDARY_RATE_WAIT = 60.0  # GitHub: "wait for at least one minute" without retry-after


# --------------------------------------------------------------------------- errors


class ItemError(GitHubError):
    """One issue operation failed (422, issue gone, ...); the other actions can go on."""


class WriteOutcomeUnknown(ItemError):
    """A create (POST) failed without a definite answer: GitHub may have applied it.

    Never retried blindly (duplicate issues); the caller re-lists and looks for its marker.
    """

    outcome_unknown = True


class FatalGitHubError(GitHubError):
    """Every further request would fail too: repository missing, issues disabled, rate limit."""

    fatal = True


class GitHubAuthError(AuthError):
    """GitHub rejected the token or its permissions (exit 2; fatal, as every auth error)."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class GitHubUnavailable(FatalGitHubError):
    """GitHub could not be reached, kept failing, or kept rate-limiting past the retries.

    The run stops (every further request would fail too), but nothing is wrong with the
    user's setup: exit 1 ("some items failed"), and the next run picks up where this stopped.
    """

    exit_code = 1


class RateLimitError(GitHubUnavailable):
    """GitHub's rate limit would need a longer wait than ``github.max_rate_limit_wait``."""


# --------------------------------------------------------------------------- request counting


@dataclass
class RequestStats:
    """Requests made through the adapter, for ``-v`` reports and request-budget tests."""

    reads: int = 0
    writes: int = 0
    retries: int = 0
    waited_seconds: float = 0.0
    rate_limit_remaining: int | None = None
    rate_limit_reset: int | None = None

    @property
    def total(self) -> int:
        return self.reads + self.writes + self.retries

    def summary(self) -> str:
        text = f"GitHub requests: {self.reads} reads, {self.writes} writes"
        if self.retries:
            text += f", {self.retries} retries"
        if self.rate_limit_remaining is not None:
            text += f"; rate limit remaining {self.rate_limit_remaining}"
        return text


# --------------------------------------------------------------------------- retry policy


class PoliteRetry(GithubRetry):
    """Retries that cannot duplicate a write and cannot stall a CI job for an hour.

    * 5xx and lost connections: retried for idempotent verbs only (GET, PATCH, PUT, DELETE);
      a POST fails at once so the caller can check whether it was applied.
    * 403/429 rate limits, any verb: wait ``retry-after``, else until ``x-ratelimit-reset``
      when ``x-ratelimit-remaining`` is 0, else ``secondary_rate_wait``; above
      ``max_rate_limit_wait`` raise :class:`RateLimitExceededExceedsMaxWait` instead.
    * Any other 403 (e.g. "Resource not accessible by integration"): no retry.
    """

    def __init__(
        self,
        *,
        max_rate_limit_wait: float,
        secondary_rate_wait: float = SECONDARY_RATE_WAIT,
        stats: RequestStats | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("status_forcelist", [*range(500, 600), 429])
        kwargs.setdefault("allowed_methods", IDEMPOTENT_METHODS)
        kwargs.setdefault("raise_on_status", False)
        super().__init__(
            secondary_rate_wait=secondary_rate_wait,
            max_rate_limit_wait=max_rate_limit_wait,
            **kwargs,
        )
        self.stats = stats

    def new(self, **kw: Any) -> PoliteRetry:
        kw["stats"] = self.stats
        return super().new(**kw)

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        if status_code in RATE_LIMIT_STATUSES:
            return bool(self.total)  # every verb: GitHub rejected it before applying anything
        return super().is_retry(method, status_code, has_retry_after)

    def increment(  # type: ignore[override]
        self,
        method: str | None = None,
        url: str | None = None,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        _pool: Any = None,
        _stacktrace: Any = None,
    ) -> Retry:
        if response is not None and response.status in RATE_LIMIT_STATUSES:
            wait = self._rate_limit_wait(response, url or "")
            retry = Retry.increment(self, method, url, response, error, _pool, _stacktrace)
            # urllib3 sleeps Retry-After itself when present, else this backoff.
            retry.get_backoff_time = lambda: wait  # type: ignore[method-assign]
            self._count(wait, f"{method} {_path(url)}: GitHub rate limit, waiting {wait:.0f} s")
            return retry
        retry = Retry.increment(self, method, url, response, error, _pool, _stacktrace)
        reason = f"HTTP {response.status}" if response is not None else type(error).__name__
        self._count(retry.get_backoff_time(), f"{method} {_path(url)}: {reason}, retrying")
        return retry

    def _rate_limit_wait(self, response: BaseHTTPResponse, url: str) -> float:
        """Seconds to wait before retrying a rate-limited request; raises when not a rate
        limit (a plain 403) or when the wait exceeds ``max_rate_limit_wait``."""
        headers = response.headers
        retry_after = headers.get("Retry-After")
        wait: float | None = None
        content: Any = None
        if retry_after is not None and retry_after.strip().isdigit():
            wait = float(retry_after)
        elif (
            headers.get("X-RateLimit-Remaining") == "0"
            and (headers.get("X-RateLimit-Reset") or "").isdigit()
        ):
            wait = max(0.0, int(headers["X-RateLimit-Reset"]) - time.time()) + 1.0
        else:
            content = _json_body(response, url)
            message = str(content.get("message", "")) if isinstance(content, dict) else ""
            if Requester.isRateLimitError(message):
                wait = self.secondary_rate_wait
        if wait is None:
            raise Requester.createException(response.status, dict(headers), content or {})
        if self.max_rate_limit_wait is not None and wait > self.max_rate_limit_wait:
            raise RateLimitExceededExceedsMaxWait(
                response.status, content, dict(headers), wait=wait
            )
        return wait

    def _count(self, wait: float, message: str) -> None:
        """Count the retry; say so on stderr when the user will notice the pause."""
        if self.stats is not None:
            self.stats.retries += 1
            self.stats.waited_seconds += wait
        get_logger().log(logging.INFO if wait >= 1 else logging.DEBUG, mask(message))


def _json_body(response: BaseHTTPResponse, url: str) -> Any:
    if not isinstance(response, HTTPResponse):
        return {}
    try:
        return json.loads(GithubRetry.get_content(response, url) or b"{}")
    except ValueError:
        return {}


def _path(url: str | None) -> str:
    return (url or "").split("?", 1)[0]


# --------------------------------------------------------------------------- client


def build_github(
    api_url: str,
    token: str,
    settings: GitHubConfig,
    *,
    stats: RequestStats | None = None,
    backoff_factor: float = 0.5,
    secondary_rate_wait: float = SECONDARY_RATE_WAIT,
) -> Github:
    """A PyGithub client for ``api_url`` (GHES works: ``https://HOST/api/v3``).

    ``lazy=True`` so ``get_repo`` costs no request; ``per_page=100`` so listing costs one
    request per hundred issues; writes are spaced by ``github.write_interval`` as GitHub's
    best-practice guide asks.
    """
    check_api_url(api_url)
    retry = PoliteRetry(
        total=settings.max_retries,
        backoff_factor=backoff_factor,
        backoff_max=30,
        max_rate_limit_wait=settings.max_rate_limit_wait,
        secondary_rate_wait=secondary_rate_wait,
        stats=stats,
    )
    return Github(
        base_url=api_url,
        auth=Auth.Token(token),
        per_page=100,
        timeout=max(1, round(settings.timeout)),
        seconds_between_requests=None,
        seconds_between_writes=settings.write_interval or None,
        retry=retry,
        lazy=True,
        user_agent="action-tracker",
    )


def check_api_url(api_url: str) -> None:
    """A clear config error for a ``GITHUB_API_URL`` PyGithub cannot use (it would fail with
    an assertion or an ``AttributeError`` deep inside)."""
    parts = urlsplit(api_url)
    try:
        valid_port = parts.port is None or parts.port > 0
    except ValueError:
        valid_port = False
    if parts.scheme not in ("http", "https") or not parts.hostname or not valid_port:
        raise ConfigError(
            f"GITHUB_API_URL '{mask(api_url)}' is not an http(s) URL: use "
            "https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server"
        )


# --------------------------------------------------------------------------- error translation


def translate(
    exc: Exception, *, repo: str, action: str, verb: str, repo_missing: bool | None = None
) -> GitHubError | AuthError:
    """One actionable line for a failed request. ``action`` says what we tried
    ("create issue 'Add alert'"); ``repo_missing`` disambiguates a 404."""
    if isinstance(exc, RateLimitExceededExceedsMaxWait):
        return RateLimitError(_rate_limit_message(exc, repo, too_long=True), status=exc.status)
    if isinstance(exc, GithubException):
        return _translate_status(exc, repo=repo, action=action, verb=verb, missing=repo_missing)
    # requests' ConnectionError / Timeout / RetryError: no answer from GitHub at all.
    reason = mask(type(exc).__name__)
    if verb == "POST":
        return WriteOutcomeUnknown(
            f"{action} in {repo}: no answer from GitHub ({reason}); it may or may not have "
            "been applied"
        )
    return GitHubUnavailable(f"{action} in {repo}: GitHub could not be reached ({reason})")


def _translate_status(
    exc: GithubException, *, repo: str, action: str, verb: str, missing: bool | None
) -> GitHubError | AuthError:
    status = exc.status
    message = _message(exc)
    if status == 401:
        return GitHubAuthError(
            "GitHub rejected the token (401 Bad credentials): check GITHUB_TOKEN or GH_TOKEN",
            status=401,
        )
    if status in RATE_LIMIT_STATUSES and _is_rate_limit(exc):
        # Waits within the limit were taken, but GitHub still refused after every retry.
        return RateLimitError(_rate_limit_message(exc, repo, too_long=False), status=status)
    if status == 403:
        if "not accessible by integration" in message.lower():
            return GitHubAuthError(
                f"{action} in {repo}: the token may not write issues (403 Resource not "
                "accessible by integration); grant the workflow `permissions: issues: write` "
                "(pull requests from forks only get read access: use --dry-run there)",
                status=403,
            )
        return GitHubAuthError(f"{action} in {repo}: GitHub refused (403 {message})", status=403)
    if status == 404 and (missing or missing is None):
        return FatalGitHubError(
            f"repository {repo} not found or the token cannot see it (404)", status=404
        )
    if status == 410:
        return FatalGitHubError(
            f"issues are disabled on {repo} (410): enable Issues in the repository settings",
            status=410,
        )
    if 300 <= status < 400:
        data = exc.data if isinstance(exc.data, dict) else {}
        where = mask(str(data.get("location") or "")).split("?", 1)[0]
        to = f" to {where}" if where else ""
        return FatalGitHubError(
            f"{action} in {repo}: GitHub answered {status} (a redirect{to}), which the tool "
            "does not follow: check GITHUB_API_URL, and the repository's name if it was renamed "
            "or transferred",
            status=status,
        )
    if status == 422:
        return ItemError(f"{action} in {repo}: GitHub rejected it (422 {message})", status=422)
    if status >= 500 and verb == "POST":
        return WriteOutcomeUnknown(
            f"{action} in {repo}: GitHub answered {status}; it may or may not have been applied",
            status=status,
        )
    if status >= 500 and verb == "GET":
        return GitHubUnavailable(f"{action} in {repo}: GitHub answered {status}", status=status)
    return ItemError(f"{action} in {repo}: GitHub answered {status} ({message})", status=status)


def _message(exc: GithubException) -> str:
    """GitHub's message plus a compact form of its ``errors`` list (field, code, value)."""
    data = exc.data if isinstance(exc.data, dict) else {}
    text = str(data.get("message") or exc.message or "no message").replace("\n", " ")
    details = []
    for item in data.get("errors") or []:
        if isinstance(item, dict):
            if item.get("message"):
                details.append(str(item["message"]))
                continue
            field_name = item.get("field", "?")
            value = item.get("value")
            shown = f" {json.dumps(value)}" if value not in (None, "") else ""
            details.append(f"{field_name}{shown} {item.get('code', 'invalid')}")
        else:
            details.append(str(item))
    if details:
        text += ": " + "; ".join(details)
    return mask(text)


def _is_rate_limit(exc: GithubException) -> bool:
    headers = {k.lower(): v for k, v in (exc.headers or {}).items()}
    data = exc.data if isinstance(exc.data, dict) else {}
    return (
        headers.get("x-ratelimit-remaining") == "0"
        or "retry-after" in headers
        or Requester.isRateLimitError(str(data.get("message", "")))
    )


def _rate_limit_message(exc: GithubException, repo: str, *, too_long: bool) -> str:
    """``too_long``: the wait GitHub asked for exceeds ``github.max_rate_limit_wait``;
    otherwise the waits were taken and GitHub still refused when the retries ran out."""
    headers = {k.lower(): v for k, v in (exc.headers or {}).items()}
    why = (
        "beyond github.max_rate_limit_wait" if too_long
        else "and still refused after every retry (github.max_retries)"
    )
    reset = headers.get("x-ratelimit-reset", "")
    if headers.get("x-ratelimit-remaining") == "0" and str(reset).isdigit():
        when = dt.datetime.fromtimestamp(int(reset), dt.UTC).strftime("%Y-%m-%d %H:%M:%SZ")
        return (
            f"GitHub API rate limit exhausted for {repo}; it resets at {when}, {why}: "
            "run again after that time"
        )
    retry_after = headers.get("retry-after")
    wait = f" (GitHub asks to wait {retry_after} s)" if retry_after else ""
    return f"GitHub secondary rate limit hit on {repo}{wait}, {why}: run again later"
