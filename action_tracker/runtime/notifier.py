"""Posting the digest to a chat webhook (Slack-compatible ``{"text": ...}``).

The webhook URL is a secret (anyone holding it can post to the channel), so it never
appears in a message: errors name the HTTP status or the kind of failure only, never the
URL and never the text of a ``requests`` exception (which quotes the URL). A failing
webhook is retried a few times with backoff on 5xx, 429 and connection errors; the
caller posts the digest issue first, so a chat failure never loses the digest.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import requests

from action_tracker.errors import NotifyError
from action_tracker.runtime.log import get_logger, mask_data

DEFAULT_TIMEOUT = 10.0
DEFAULT_RETRIES = 3
BACKOFF_BASE = 0.5
MAX_BACKOFF = 30.0


def _retry_after(response: requests.Response) -> float | None:
    raw = response.headers.get("Retry-After")
    if raw is None:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        return None


def post_webhook(
    url: str,
    payload: Mapping[str, Any],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    backoff: float = BACKOFF_BASE,
    sleep: Callable[[float], None] = time.sleep,
    session: requests.Session | None = None,
) -> int:
    """POST ``payload`` as JSON (registered secrets masked); returns the number of attempts.

    Retries (at most ``retries`` more attempts, waiting ``backoff * 2**n`` seconds or the
    server's ``Retry-After``) on 5xx, 429, timeouts and connection errors; any other 4xx is
    final. Raises :class:`NotifyError` (exit 1) when the message could not be delivered.
    """
    log = get_logger()
    body = mask_data(dict(payload))  # a secret the text quotes is never posted to the channel
    http = session or requests.Session()
    attempts = 0
    last_problem = "no attempt made"
    try:
        while True:
            attempts += 1
            wait: float | None = None
            try:
                response = http.post(url, json=body, timeout=timeout)
            except requests.Timeout:
                last_problem = f"no answer within {timeout:g} s"
            except requests.ConnectionError:
                last_problem = "could not connect"
            except requests.RequestException as exc:
                raise NotifyError(
                    f"chat webhook failed: {type(exc).__name__}; check ACTION_TRACKER_WEBHOOK_URL"
                ) from None
            else:
                status = response.status_code
                if 200 <= status < 300:
                    log.debug("chat webhook accepted the message (HTTP %s)", status)
                    return attempts
                last_problem = f"HTTP {status}"
                if status != 429 and status < 500:
                    raise NotifyError(
                        f"chat webhook refused the message ({last_problem}); "
                        "check ACTION_TRACKER_WEBHOOK_URL"
                    )
                wait = _retry_after(response)
            if attempts > retries:
                break
            delay = min(MAX_BACKOFF, wait if wait is not None else backoff * 2 ** (attempts - 1))
            log.info("chat webhook: %s, retrying in %.1f s", last_problem, delay)
            sleep(delay)
    finally:
        if session is None:
            http.close()
    tries = "attempt" if attempts == 1 else "attempts"
    raise NotifyError(f"chat webhook failed after {attempts} {tries}: {last_problem}")
