"""Who owns an action: the one reading of an owner as a document writes it.

Sync (assignees and the names in the issue body), the preview (owners as sync assigns
them), the digest and ``status`` (owner cells, grouping, ``--owner``) all read an owner
through :func:`resolve_owners`, so ``@ana, @bo`` is two people everywhere and ``@acme/sre``
(a team, not a login) is a name everywhere.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

UNASSIGNED = "unassigned"

_LOGIN_RE = re.compile(r"^@?([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})$")
_OWNER_SPLIT_RE = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)


OwnerSource = Literal["login", "owners", "default", "author", "none"]
"""Which rule gave an issue its assignees: ``@login`` written in the document, the config's
``owners:`` map, the config's ``default_owner`` login, the document's author
(``default_owner: author``), or none."""


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


def resolve_owners_with_source(
    owner: str | None, owners: Mapping[str, str]
) -> tuple[list[str], list[str], OwnerSource]:
    """:func:`resolve_owners`, and which rule gave the logins: ``login`` when every one is
    written as ``@login`` in the document, ``owners`` when the config's map gave any."""
    logins, names = resolve_owners(owner, owners)
    if not logins:
        return logins, names, "none"
    written = {login.casefold() for login in resolve_owners(owner, {})[0]}
    source: OwnerSource = (
        "login" if all(login.casefold() in written for login in logins) else "owners")
    return logins, names, source


def default_for(setting: str | None, author: str | None) -> tuple[str, OwnerSource] | None:
    """The default owner (and its rule) of an open action: ``default_owner``'s login, or
    with ``default_owner: author`` the document's author (None when unknown)."""
    if setting is None:
        return None
    if setting == "author":
        return (author, "author") if author else None
    return setting, "default"


def choose_assignees(
    logins: Sequence[str],
    source: OwnerSource,
    default: tuple[str, OwnerSource] | None,
    assignable: Collection[str] | None,
) -> tuple[list[str], OwnerSource]:
    """The assignees an issue gets and the rule that gave them.

    The owner's own logins that GitHub accepts win; when none is left, the default owner
    (``default_owner:``'s login or the document's author, already decided for open actions
    only) is assigned if GitHub accepts it. ``assignable`` ``None`` means "all" (a dry run).
    """
    own = list(logins) if assignable is None else [x for x in logins if x in assignable]
    if own:
        return own, source
    if default is not None and (assignable is None or default[0] in assignable):
        return [default[0]], default[1]
    return [], "none"


_TEAM_RE = re.compile(r"^@?([A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9][A-Za-z0-9_.-]{0,99})$")


def mentioned_teams(owner: str | None, owners: Mapping[str, str]) -> list[str]:
    """The ``org/team`` teams written as the owner that the body may mention (notify).

    A team cannot be an assignee, and document text is no one's say-so to notify people:
    a team is mentioned only when the config's ``owners:`` lists it (``"@acme/sre": lead``
    assigns the lead and mentions the team); any other team is shown as text, unmentioned.
    """
    if not owner or not owner.strip():
        return []
    listed = {name.strip().lstrip("@").casefold() for name in owners}
    teams: list[str] = []
    for raw in _OWNER_SPLIT_RE.split(owner):
        match = _TEAM_RE.match(raw.strip().strip("`*_"))
        if match and match.group(1).casefold() in listed and match.group(1) not in teams:
            teams.append(match.group(1))
    return teams


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
    written: str | None, assignees: Sequence[str] = (), owners: Mapping[str, str] | None = None,
    default: str | None = None,
) -> Owner:
    """Issue assignees win; else the owner as written, read by :func:`resolve_owners`; else
    ``default`` (the default owner sync would assign this open action), when given."""
    name = " ".join(written.split()) if written and written.strip() else None
    if assignees:
        return Owner(logins=list(assignees), name=name, assigned=True)
    logins, _names = resolve_owners(name, owners or {}) if name else ([], [])
    if not logins and default:
        logins = [default]
    if name is None and not logins:
        return Owner()
    return Owner(logins=logins, name=name)


# ---------------------------------------------------------------------- ``owners`` command

_INITIALS_RE = re.compile(r"^(?:[A-Z]\.?){2,4}$|^(?:[a-z]\.){2,4}$")


def _fold(text: str) -> str:
    """Case and accents ignored: ``Zoë`` and ``ZOE`` read alike."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _tokens(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", _fold(text))


def _is_initials(name: str) -> bool:
    return _INITIALS_RE.match(name.replace(" ", "")) is not None


class Assignable(BaseModel):
    """One user GitHub accepts as an assignee here, with the profile's display name."""

    model_config = ConfigDict(frozen=True)

    login: str
    name: str | None = None


def _matches(written: str, user: Assignable) -> bool:
    """Whether ``written`` names ``user``: the login, or the display name with case, accents
    and middle names ignored (first and last name agree), or initials of the display name."""
    bare = written[1:] if written.startswith("@") else written
    if _fold(bare) == _fold(user.login):
        return True
    if not user.name or not user.name.strip():
        return False
    theirs = _tokens(user.name)
    if not theirs:
        return False
    if _is_initials(bare):
        letters = "".join(re.findall(r"[^\W\d_]", _fold(bare)))
        full = "".join(t[0] for t in theirs)
        ends = theirs[0][0] + theirs[-1][0]
        return letters in {full, ends}
    ours = _tokens(bare)
    if not ours:
        return False
    if len(ours) == 1 or len(theirs) == 1:
        return ours == theirs or (len(ours) == 1 and ours[0] == theirs[0])
    return ours[0] == theirs[0] and ours[-1] == theirs[-1]


def candidates(written: str, users: Sequence[Assignable]) -> list[str]:
    """The logins of every assignable user ``written`` may name (the rule above).

    A suggestion is made only when this list has exactly one login: initials two people
    share, or a first name two people share, are never guessed between.
    """
    return [user.login for user in users if _matches(written, user)]


class Unresolved(BaseModel):
    """An owner as documents write it that names no assignable login, and where."""

    model_config = ConfigDict(frozen=True)

    name: str
    places: list[tuple[str, int]] = Field(default_factory=list)  # (path, line)
    open: int = 0  # how many of them are open actions (the ones an assignee matters for)
    suggestion: str | None = None  # the one login that matches
    matches: list[str] = Field(default_factory=list)  # every login that matches

    @property
    def count(self) -> int:
        return len(self.places)


def unresolved_owners(
    owners_written: Iterable[tuple[str | None, str, int, bool]],
    owners: Mapping[str, str],
    assignable: Sequence[Assignable] | None,
) -> tuple[list[Unresolved], int]:
    """Every owner that names no assignable login, with its places, and how many owners
    (one per person per action) resolve already.

    ``owners_written`` holds ``(owner as written, path, line, is open)`` per action. Each part is
    read by :func:`resolve_owners` (the rule sync uses); with ``assignable`` known, a login
    it yields that GitHub would refuse counts as unresolved too, and each unresolved name
    gets a suggestion when exactly one assignable user matches it. Without ``assignable``
    (no token) only names are listed.
    """
    known = {user.login.casefold() for user in assignable or ()}
    places: dict[str, list[tuple[str, int]]] = {}
    open_count: dict[str, int] = {}
    spelling: dict[str, str] = {}
    resolved = 0
    for written, path, line, is_open in owners_written:
        logins, names = resolve_owners(written, owners)
        for login in logins:
            if assignable is None or login.casefold() in known:
                resolved += 1
            else:
                names = [*names, f"@{login}"]
        for name in names:
            key = _fold(name)
            spelling.setdefault(key, name)
            places.setdefault(key, []).append((path, line))
            open_count[key] = open_count.get(key, 0) + int(is_open)
    out: list[Unresolved] = []
    for key, where in places.items():
        name = spelling[key]
        matches = candidates(name, assignable) if assignable is not None else []
        out.append(Unresolved(
            name=name, places=where, matches=matches, open=open_count[key],
            suggestion=matches[0] if len(matches) == 1 else None,
        ))
    out.sort(key=lambda u: (-u.count, _fold(u.name)))
    return out, resolved


def _yaml_key(name: str) -> str:
    """``name`` as a YAML double-quoted key (``@`` cannot start a plain scalar), on one line:
    JSON's escapes are YAML's, and anything unprintable (YAML reads U+2028 and U+0085 as
    line breaks, which would end a comment and start a key of the document's choosing) is
    written as ``\\uXXXX`` too."""
    quoted = json.dumps(name, ensure_ascii=False)
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF
                   else f"\\U{ord(c):08x}" for c in quoted)


def owners_block(unresolved: Sequence[Unresolved]) -> str:
    """A ready-to-paste ``owners:`` block: one ``name: login`` per name with exactly one
    match; every other name is a comment saying why it was left out (never a guess)."""
    lines = ["owners:"]
    for item in unresolved:
        if item.suggestion:
            lines.append(f"  {_yaml_key(item.name)}: {item.suggestion}")
    for item in unresolved:
        if item.suggestion:
            continue
        why = ("matches " + ", ".join(item.matches)) if item.matches else (
            "no assignable user matches")
        lines.append(f"  # {_yaml_key(item.name)}: ?  ({why})")
    return "\n".join(lines) + "\n"
