"""Build the vcrpy cassettes in ``cassettes/`` from real recorded GitHub responses.

Usage: ``python -m tests.github.make_cassettes [FIXTURES_DIR]`` (default
``/work/shared/github-fixtures``, described by its ``SOURCES.md``). The generated YAML is
committed, so tests never need the fixtures, a token or the network.

What is real and what is adapted, per cassette (responses are the recorded ones: status,
headers and JSON body; bodies are re-serialised JSON, ``Content-Encoding``/``Transfer-Encoding``
are dropped because the bodies are stored decoded, and ``github-authentication-token-expiration``
is scrubbed):

* ``list_issues_with_prs``: PyGithub ReplayData ``GraphQl.testPaginationAndRestIntegration``
  (2024-09-17): 30 items of which 9 are pull requests, with the real ``Link`` header pointing
  at ``/repositories/3544490/issues?page=2``. The request URI carries the query our adapter
  sends (the recording had none). The second interaction (page 2 answers ``[]``) is
  synthetic: it stands for the end of the listing.
* ``create_issue_201``: octokit/fixtures ``paginate-issues`` (2022-07-19), the first
  ``POST /issues``: 201 with ``Location``.
* ``create_issue_invalid_assignee_422``: the 422 body of ``curated/error-bodies.json``
  ("422 invalid assignee on create", captured with ``gh api --include``); its headers were not
  captured, so only ``Content-Type`` is set.
* ``list_issues_secondary_limit_403``: PyGithub ReplayData
  ``SpecificExceptions.testAuthenticatedRateLimitExceeded`` (2018): the real 403 with
  ``Retry-After: 60``, replayed for our issue listing (it was a code search).
* ``list_issues_bad_credentials_401``: PyGithub ReplayData ``SpecificExceptions.testBadCredentials``
  (2012): 401 ``{"message": "Bad credentials"}``, replayed for our issue listing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import yaml

API = "https://api.github.com"
OUT = Path(__file__).parent / "cassettes"
DEFAULT_SOURCE = Path("/work/shared/github-fixtures")
LABEL = "postmortem-action"
LIST_QUERY = urlencode({"labels": LABEL, "state": "all", "per_page": 100})
DROPPED_HEADERS = {
    "content-encoding",
    "transfer-encoding",
    "content-length",
    "github-authentication-token-expiration",
    "set-cookie",
    "status",
    "connection",
}


def _headers(pairs: list[tuple[str, str]], body: bytes) -> dict[str, list[str]]:
    headers: dict[str, list[str]] = {}
    for name, value in pairs:
        if name.lower() not in DROPPED_HEADERS:
            headers.setdefault(name, []).append(value)
    headers["Content-Length"] = [str(len(body))]
    return headers


def _interaction(
    method: str,
    uri: str,
    status: int,
    header_pairs: list[tuple[str, str]],
    body: Any,
    request_body: Any = None,
) -> dict[str, Any]:
    text = "" if body is None else json.dumps(body)
    return {
        "request": {
            "method": method,
            "uri": uri,
            "body": None if request_body is None else json.dumps(request_body),
            "headers": {"Accept": ["*/*"], "User-Agent": ["action-tracker"]},
        },
        "response": {
            "status": {"code": status, "message": _REASONS[status]},
            "headers": _headers(header_pairs, text.encode()),
            "body": {"string": text},
        },
    }


_REASONS = {
    200: "OK",
    201: "Created",
    401: "Unauthorized",
    403: "Forbidden",
    422: "Unprocessable Entity",
}


def _pygithub(source: Path, name: str) -> list[dict[str, Any]]:
    return list(json.loads((source / "pygithub" / name).read_text()))


def _pairs(headers: list[list[str]]) -> list[tuple[str, str]]:
    return [(str(k), str(v)) for k, v in headers]


def build(source: Path) -> dict[str, list[dict[str, Any]]]:
    cassettes: dict[str, list[dict[str, Any]]] = {}

    listing = _pygithub(source, "list-issues-with-prs.2024.json")[0]["response"]
    link_pairs = _pairs(listing["headers"])
    next_url = next(v for k, v in link_pairs if k == "Link").split(">", 1)[0].lstrip("<")
    json_type = [("Content-Type", "application/json; charset=utf-8")]
    cassettes["list_issues_with_prs"] = [
        _interaction(
            "GET",
            f"{API}/repos/PyGithub/PyGithub/issues?{LIST_QUERY}",
            200,
            link_pairs,
            listing["body"],
        ),
        _interaction("GET", next_url, 200, json_type, []),
    ]

    raw = json.loads((source / "octokit" / "paginate-issues.raw.json").read_text())
    post = next(x for x in raw if x["method"].lower() == "post" and x["path"].endswith("/issues"))
    flat = post["rawHeaders"]
    cassettes["create_issue_201"] = [
        _interaction(
            "POST",
            f"{API}{post['path']}",
            post["status"],
            list(zip(flat[::2], flat[1::2], strict=True)),
            post["response"],
            request_body=post["body"],
        ),
    ]

    curated = json.loads((source / "curated" / "error-bodies.json").read_text())["entries"]
    invalid = next(e for e in curated if e["case"].startswith("422 invalid assignee on create"))
    cassettes["create_issue_invalid_assignee_422"] = [
        _interaction(
            "POST",
            f"{API}/repos/acme/widgets/issues",
            invalid["status"],
            json_type,
            invalid["body"],
        ),
    ]

    limited = _pygithub(source, "secondary-rate-limit-403-retry-after.2018.json")[1]["response"]
    cassettes["list_issues_secondary_limit_403"] = [
        _interaction(
            "GET",
            f"{API}/repos/acme/widgets/issues?{LIST_QUERY}",
            limited["status"],
            _pairs(limited["headers"]),
            limited["body"],
        ),
    ]

    bad = _pygithub(source, "bad-credentials-401.2012.json")[0]["response"]
    cassettes["list_issues_bad_credentials_401"] = [
        _interaction(
            "GET",
            f"{API}/repos/acme/widgets/issues?{LIST_QUERY}",
            bad["status"],
            _pairs(bad["headers"]),
            bad["body"],
        ),
    ]
    return cassettes


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else DEFAULT_SOURCE
    OUT.mkdir(exist_ok=True)
    for name, interactions in build(source).items():
        path = OUT / f"{name}.yaml"
        path.write_text(
            yaml.safe_dump(
                {"interactions": interactions, "version": 1},
                sort_keys=False,
                allow_unicode=True,
                width=100,
            ),
            encoding="utf-8",
        )
        print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
