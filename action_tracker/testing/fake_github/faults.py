"""Scriptable failures for the fake GitHub server.

A test queues :class:`Fault` objects; each request consumes the first fault whose method and
path pattern match it. ``when`` says whether the fault fires before the request is applied
(GitHub rejected it: nothing changed) or after (the write happened but the client never learns
it), which is exactly the distinction that makes POST retries dangerous (github-facts §3.1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

FaultKind = Literal["status", "drop", "delay", "stall"]
FaultWhen = Literal["before", "after"]


@dataclass
class Fault:
    """One scripted misbehaviour.

    ``stall`` holds the request ``delay`` seconds and then closes the connection without
    applying it: the client is killed while it waits (a job cancelled or timed out), and
    GitHub never acts on a request nobody is there to finish. The request is logged (status
    0) when it arrives, so a test knows when to kill.

    ``method`` is an HTTP verb or ``"*"``; ``path`` is a regular expression searched in the
    request path without the query string (e.g. ``r"/issues$"`` for create, ``r"/issues/\\d+$"``
    for one issue). ``times`` is how many matching requests it affects.
    """

    method: str
    path: str
    kind: FaultKind = "status"
    when: FaultWhen = "before"
    status: int = 502
    body: object | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    times: int = 1
    fired: int = 0
    skip: int = 0  # let this many matching requests through first (a fault mid-run)

    def matches(self, method: str, path: str) -> bool:
        if self.fired >= self.times:
            return False
        if self.method != "*" and self.method.upper() != method.upper():
            return False
        return re.search(self.path, path) is not None

    def take(self) -> bool:
        """Count one matching request; True when the fault fires on it."""
        if self.skip > 0:
            self.skip -= 1
            return False
        self.fired += 1
        return True


SERVER_ERROR_BODY: dict[str, str] = {"message": "Server Error"}

SECONDARY_LIMIT_MESSAGE = (
    "You have exceeded a secondary rate limit and have been temporarily blocked from content "
    "creation. Please retry your request again later."
)
SECONDARY_LIMIT_DOC = (
    "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"
)
PRIMARY_LIMIT_MESSAGE = "API rate limit exceeded for installation ID 1."
PRIMARY_LIMIT_DOC = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
