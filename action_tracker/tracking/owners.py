"""Who owns an action: the one reading of an owner as a document writes it.

Sync (assignees and the names in the issue body), the preview (owners as sync assigns
them), the digest and ``status`` (owner cells, grouping, ``--owner``) all read an owner
through :func:`resolve_owners`, so ``@ana, @bo`` is two people everywhere and ``@acme/sre``
(a team, not a login) is a name everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from pydantic import BaseModel, ConfigDict, Field

UNASSIGNED = "unassigned"

_LOGIN_RE = re.compile(r"^@?([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})$")
_OWNER_SPLIT_RE = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)


def resolve_owners(owner: str | None, owners: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """(GitHub logins, names that map to no login) for an owner as written.

    ``@login`` is a login; a name listed in ``owners:`` (case-insensitive) maps to its login;
    anything else (a person's name, ``@org/team``) is kept as a name for the body.
    """
    if not owner or not owner.strip():
        return [], []
    mapping = {name.casefold(): login for name, login in owners.items()}
    whole = mapping.get(owner.strip().casefold())
    parts = [owner.strip()] if whole else [p for p in _OWNER_SPLIT_RE.split(owner) if p.strip()]
    logins: list[str] = []
    names: list[str] = []
    for raw in parts:
        part = raw.strip().strip("`*_")
        mapped = mapping.get(part.casefold())
        if mapped is None and part.startswith("@"):
            mapped = mapping.get(part[1:].casefold())
        login: str | None = mapped
        if login is None and part.startswith("@"):
            match = _LOGIN_RE.match(part)
            login = match.group(1) if match else None
        if login:
            if login.casefold() not in {x.casefold() for x in logins}:
                logins.append(login)
        elif part and part not in names:
            names.append(part)
    return logins, names


def is_login(text: str) -> bool:
    """Whether ``text`` is shaped like a GitHub login (safe to write after ``@``)."""
    return not text.startswith("@") and _LOGIN_RE.match(text) is not None



class Owner(BaseModel):
    """Who owns a tracked action, as the digest and ``status`` show it: logins or a name.

    ``assigned`` is true only when the logins are the issue's assignees as GitHub reports
    them: only those are mentioned (notified); an owner as a document writes it never is.
    """

    model_config = ConfigDict(frozen=True)

    logins: list[str] = Field(default_factory=list)
    name: str | None = None
    assigned: bool = False

    @property
    def display(self) -> str:
        if self.logins:
            return ", ".join(f"@{login}" for login in self.logins)
        return self.name or UNASSIGNED

    @property
    def is_unassigned(self) -> bool:
        return not self.logins and not self.name


def resolve_owner(
    written: str | None, assignees: Sequence[str] = (), owners: Mapping[str, str] | None = None
) -> Owner:
    """Issue assignees win; else the owner as written, read by :func:`resolve_owners`."""
    name = " ".join(written.split()) if written and written.strip() else None
    if assignees:
        return Owner(logins=list(assignees), name=name, assigned=True)
    if name is None:
        return Owner()
    logins, _names = resolve_owners(name, owners or {})
    return Owner(logins=logins, name=name)
