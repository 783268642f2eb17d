"""The HTTP layer of the fake: request/response values and the keep-alive handler.

The handler stays thin (parse, consult scripted faults, route, write) so that all GitHub
behaviour lives in ``routes.py`` and all state in ``server.py``.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from action_tracker.testing.fake_github.faults import Fault

WRITE_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})
DOCS = "https://docs.github.com/rest"


@dataclass(frozen=True)
class LoggedRequest:
    """One request as the fake saw it; ``status`` 0 means the connection was dropped."""

    method: str
    path: str
    query: dict[str, str]
    status: int
    json: Any = None

    @property
    def is_write(self) -> bool:
        """A GraphQL query is POSTed but changes nothing; only a ``mutation`` writes."""
        if self.path == "/graphql":
            query = self.json.get("query", "") if isinstance(self.json, dict) else ""
            return query.lstrip().startswith("mutation")
        return self.method in WRITE_METHODS


@dataclass
class Request:
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    raw_body: bytes
    json: Any = None

    def param(self, name: str, default: str | None = None) -> str | None:
        for key, value in self.query:
            if key == name:
                return value
        return default


@dataclass
class Response:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class ApiError(Exception):
    """Raised inside a route to answer with a GitHub-shaped error body."""

    def __init__(self, status: int, message: str, doc: str = DOCS, **extra: Any) -> None:
        super().__init__(message)
        self.response = Response(
            status, {"message": message, "documentation_url": doc, "status": str(status), **extra}
        )


def validation(doc: str, *errors: dict[str, Any]) -> ApiError:
    return ApiError(422, "Validation Failed", doc, errors=list(errors))


class Handler(BaseHTTPRequestHandler):
    """Thin HTTP layer: parse, consult faults, route, write. Keep-alive (HTTP/1.1)."""

    protocol_version = "HTTP/1.1"
    timeout = 30
    # Headers and body go out in two writes; without TCP_NODELAY, Nagle + delayed ACK add
    # ~40 ms to every keep-alive request.
    disable_nagle_algorithm = True
    fake: Any  # the FakeGitHub this handler class is bound to

    def version_string(self) -> str:
        return "github.com"

    def log_message(self, format: str, *args: Any) -> None:
        return  # silence per-request stderr noise

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def _serve(self) -> None:
        fake = self.fake
        split = urlsplit(self.path)
        path = split.path
        if fake.api_prefix and path.startswith(fake.api_prefix):
            path = path[len(fake.api_prefix) :] or "/"
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        req = Request(
            method=self.command,
            path=path,
            query=parse_qsl(split.query, keep_blank_values=True),
            headers={k.lower(): v for k, v in self.headers.items()},
            raw_body=raw,
        )
        if raw:
            try:
                req.json = json.loads(raw)
            except ValueError:
                req.json = None
        fault = fake._take_fault(req.method, req.path)
        if fault is not None and fault.kind == "delay":
            time.sleep(fault.delay)
            fault = None
        if fault is not None and fault.kind == "stall":
            fake._log(req, 0)
            time.sleep(fault.delay)
            self.close_connection = True
            return
        if fault is not None and fault.when == "before":
            self._fault(req, fault)
            return
        response = fake._handle(req)
        if fault is not None:
            self._fault(req, fault)
            return
        self._write(req, response)

    def _fault(self, req: Request, fault: Fault) -> None:
        if fault.kind == "drop":
            self.fake._log(req, 0)
            self.close_connection = True
            return
        self._write(req, Response(fault.status, fault.body, dict(fault.headers)))

    def _write(self, req: Request, response: Response) -> None:
        fake = self.fake
        payload = b"" if response.body is None else json.dumps(response.body).encode()
        etag = f'W/"{hashlib.sha256(payload).hexdigest()}"' if payload else None
        if (
            req.method == "GET"
            and response.status == 200
            and etag is not None
            and req.headers.get("if-none-match") == etag
        ):
            # Conditional hit: no body, and it does not count against the primary limit.
            response, payload = Response(304, None, response.headers), b""
        fake._log(req, response.status)
        counted = req.path != "/rate_limit" and response.status != 304
        headers = fake._rate_headers(counted=counted)
        headers.update({k.lower(): v for k, v in response.headers.items()})
        lines = [
            f"HTTP/1.1 {response.status} {_REASONS.get(response.status, 'Status')}",
            "Server: github.com",
            f"Date: {self.date_time_string()}",
        ]
        if payload:
            lines.append("Content-Type: application/json; charset=utf-8")
        lines += [
            f"Content-Length: {len(payload)}",
            "X-GitHub-Media-Type: github.v3; format=json",
            "x-github-api-version-selected: 2022-11-28",
            f"X-GitHub-Request-Id: {secrets.token_hex(8).upper()}",
        ]
        if etag is not None and response.status in (200, 201, 304):
            lines.append(f"ETag: {etag}")
        lines += [f"{_header_case(name)}: {value}" for name, value in headers.items()]
        # One write for the whole response: fewer syscalls and thread hand-offs.
        self.wfile.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + payload)


_REASONS = {
    200: "OK",
    201: "Created",
    204: "No Content",
    304: "Not Modified",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    410: "Gone",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def _header_case(name: str) -> str:
    special = {"link": "Link", "location": "Location", "retry-after": "Retry-After"}
    if name in special:
        return special[name]
    if name.startswith("x-ratelimit-"):
        return "X-RateLimit-" + name[len("x-ratelimit-") :].capitalize()
    return name
