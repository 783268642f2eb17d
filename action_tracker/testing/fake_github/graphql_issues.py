"""The fake's GraphQL ``repository { issues(...) { ... } }`` connection, as GitHub answers it.

What is reproduced (GitHub's GraphQL reference, "Repository.issues" and "Using pagination
in the GraphQL API"):

* ``first:``/``last:`` are required and take 1–100, else an error and no data;
* ``after:``/``before:`` take the opaque ``endCursor``/``startCursor`` of an earlier page;
  a cursor GitHub did not make is an error;
* ``states: OPEN`` (or a list) filters by state; ``labels: [..]`` keeps issues carrying
  *any* of the labels (GraphQL's filter is an OR, unlike REST's ``labels=`` AND);
* pull requests are never in ``issues``;
* ``comments(last: N)`` gives the N most recent comments, oldest first;
* an author is ``{__typename, login}``, a bot's login *without* ``[bot]`` (REST adds it);
* ``authorAssociation``: OWNER (the repository's owner), MEMBER (an organisation member),
  COLLABORATOR (push access: the assignable users), CONTRIBUTOR, or NONE.

Variables (``$label``) and literals are both understood, enough for the tool's own query;
anything else gets GraphQL's error shape (HTTP 200 with ``errors``).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from typing import Any

from action_tracker.testing.fake_github.state import Comment, Issue, Repo, iso

MAX_PAGE = 100
_CURSOR_PREFIX = "cursor:v2:"


class GraphQLError(Exception):
    """A query the fake (like GitHub) refuses: answered as ``{"errors": [...]}``."""


def author_node(login: str | None) -> dict[str, str] | None:
    """``author { __typename login }`` as GitHub's GraphQL spells it."""
    if login is None:
        return None
    if login.endswith("[bot]"):
        return {"__typename": "Bot", "login": login.removesuffix("[bot]")}
    return {"__typename": "User", "login": login}


def association(repo: Repo, login: str) -> str:
    """The relation of ``login`` to ``repo``, as GitHub's ``authorAssociation`` says it."""
    key = login.lower()
    if key == repo.owner.lower():
        return "OWNER"
    if key in repo.associations:
        return repo.associations[key]
    if key in repo.assignable:
        return "COLLABORATOR"
    return "NONE"


def _cursor(index: int) -> str:
    return base64.b64encode(f"{_CURSOR_PREFIX}{index}".encode()).decode()


def _index(cursor: str) -> int:
    try:
        text = base64.b64decode(cursor.encode(), validate=True).decode()
    except (ValueError, UnicodeDecodeError):
        text = ""
    if not text.startswith(_CURSOR_PREFIX) or not text[len(_CURSOR_PREFIX):].isdigit():
        raise GraphQLError(f"`{cursor}` does not appear to be a valid cursor.")
    return int(text[len(_CURSOR_PREFIX):])


def _split_top(text: str) -> list[str]:
    """``a: 1, b: [2, 3], c: {d: E}`` → its top-level comma-separated parts."""
    parts: list[str] = []
    depth, quoted, start = 0, False, 0
    for i, char in enumerate(text):
        if char == '"' and (i == 0 or text[i - 1] != "\\"):
            quoted = not quoted
        elif not quoted and char in "[{(":
            depth += 1
        elif not quoted and char in "]})":
            depth -= 1
        elif not quoted and depth == 0 and char == ",":
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _value(text: str, variables: dict[str, Any]) -> Any:
    text = text.strip()
    if text.startswith("$"):
        return variables.get(text[1:])
    if text.startswith("["):
        return [_value(v, variables) for v in _split_top(text[1:-1])]
    if text.startswith("{"):
        return _arguments(text[1:-1], variables)
    if text.startswith('"'):
        return text[1:-1].replace('\\"', '"')
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if text == "null":
        return None
    return text  # an enum value: OPEN, CREATED_AT, ASC


def _arguments(text: str, variables: dict[str, Any]) -> dict[str, Any]:
    args: dict[str, Any] = {}
    for part in _split_top(text):
        key, sep, value = part.partition(":")
        if not sep:
            raise GraphQLError(f"Parse error on \"{part}\"")
        args[key.strip()] = _value(value, variables)
    return args


def _balanced(query: str, start: int) -> str:
    """The text inside the parentheses opening at ``start``."""
    depth = 0
    for i in range(start, len(query)):
        if query[i] == "(":
            depth += 1
        elif query[i] == ")":
            depth -= 1
            if depth == 0:
                return query[start + 1:i]
    raise GraphQLError("Parse error: unbalanced parentheses")


def _page_size(args: dict[str, Any], connection: str) -> tuple[str, int]:
    for key in ("first", "last"):
        if args.get(key) is not None:
            size = args[key]
            if not isinstance(size, int) or not 1 <= size <= MAX_PAGE:
                raise GraphQLError(
                    f"Requesting {size} records on the `{connection}` connection exceeds the "
                    f"`{key}` limit of {MAX_PAGE} records.")
            return key, size
    raise GraphQLError(f"You must provide a `first` or `last` value to properly paginate the "
                       f"`{connection}` connection.")


def repository_name(query: str, variables: dict[str, Any]) -> str:
    """``owner/name`` of the query's ``repository(owner:, name:)`` (literals or variables)."""
    match = re.search(r"\brepository\s*\(", query)
    if match is None:
        raise GraphQLError("the fake GitHub answers only the tool's issues query")
    args = _arguments(_balanced(query, match.end() - 1), variables)
    return f"{args.get('owner')}/{args.get('name')}"


def issues_connection(
    query: str, variables: dict[str, Any], repo: Repo, web: str,
    comments_of: Callable[[Issue], list[Comment]],
) -> dict[str, Any]:
    """The ``issues`` connection of ``repo`` the query asks for (``GraphQLError`` else)."""
    match = re.search(r"\bissues\s*\(", query)
    if match is None:
        raise GraphQLError("the fake GitHub answers only the tool's issues query")
    args = _arguments(_balanced(query, match.end() - 1), variables)
    which, size = _page_size(args, "issues")
    states = args.get("states")
    states = [states] if isinstance(states, str) else states
    labels = args.get("labels")
    labels = [labels] if isinstance(labels, str) else labels
    order = args.get("orderBy") or {}
    field = {"UPDATED_AT": "updated_at", "COMMENTS": "comment_count"}.get(
        str(order.get("field")), "created_at")
    items = [
        issue for issue in repo.issues.values()
        if not issue.is_pull
        and (not states or issue.state.upper() in {str(s).upper() for s in states})
        and (labels is None or {n.lower() for n in issue.labels}
             & {str(n).lower() for n in labels})
    ]
    items.sort(key=lambda i: (getattr(i, field), i.number),
               reverse=str(order.get("direction")) == "DESC")
    low, high = 0, len(items)
    if args.get("after"):
        low = _index(str(args["after"])) + 1
    if args.get("before"):
        high = _index(str(args["before"]))
    window = list(range(low, max(low, high)))
    chosen = window[:size] if which == "first" else window[-size:]
    comments = re.search(r"\bcomments\s*\(\s*(first|last)\s*:\s*(\$?\w+)\s*\)", query)
    nodes = []
    for index in chosen:
        node = _issue_node(items[index], repo, web)
        if comments is not None:
            kind, raw = comments.group(1), _value(comments.group(2), variables)
            _page_size({kind: raw}, "comments")
            listed = comments_of(items[index])
            picked = listed[:raw] if kind == "first" else listed[-raw:]
            node["comments"] = {"totalCount": len(listed), "nodes": [
                {"author": author_node(c.user), "authorAssociation": association(repo, c.user),
                 "body": c.body, "createdAt": iso(c.created_at)} for c in picked]}
        nodes.append(node)
    return {
        "totalCount": len(items),
        "pageInfo": {
            "hasNextPage": bool(chosen) and chosen[-1] < len(items) - 1,
            "hasPreviousPage": bool(chosen) and chosen[0] > 0,
            "startCursor": _cursor(chosen[0]) if chosen else None,
            "endCursor": _cursor(chosen[-1]) if chosen else None,
        },
        "nodes": nodes,
    }


def _issue_node(issue: Issue, repo: Repo, web: str) -> dict[str, Any]:
    return {
        "number": issue.number,
        "title": issue.title,
        "body": issue.body or "",
        "url": f"{web}/{repo.full_name}/issues/{issue.number}",
        "state": issue.state.upper(),
        "author": author_node(issue.user),
        "assignees": {"nodes": [{"login": login} for login in issue.assignees[:10]]},
        "labels": {"nodes": [
            {"name": label.name} for name in issue.labels
            if (label := repo.label(name)) is not None
        ][:50]},
        "createdAt": iso(issue.created_at),
        "updatedAt": iso(issue.updated_at),
    }
