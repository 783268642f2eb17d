"""Hidden markers that tie a GitHub issue to the postmortem action it tracks.

A tracked issue's body carries one HTML comment such as::

    <!-- action-tracker:action v=1 pm=2026-01-12-db action=add-alert-3f2a hash=9c1e0b7d -->

Values are percent-encoded, so nothing inside them can close the comment. Document text
that lands in an issue body goes through :func:`neutralize` first, which defuses
``<!--``: the only markers in a body are the ones the tool wrote, and a postmortem can
never forge one (which would let it hijack or close someone else's issue).
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

from pydantic import BaseModel, ConfigDict

MARKER_VERSION = "1"
# Ids are the marker's identity and are never cut: a longer one is a document error.
MAX_ID_LENGTH = 256
# Other fields (owner, priority, path) are only read back for display: cut to this many
# characters once percent-encoded, so the marker always fits in an issue body.
MAX_FIELD_LENGTH = 512
_MARKER_RE = re.compile(r"<!-- action-tracker:(?P<kind>[a-z]+) (?P<fields>[^<>]*?) -->")
_SAFE = "-._~:/@+"


class Marker(BaseModel):
    """What a marker says: which action (or digest), and the document version last applied."""

    model_config = ConfigDict(frozen=True)

    kind: str = "action"
    fields: dict[str, str]

    def get(self, key: str) -> str | None:
        return self.fields.get(key)

    @property
    def postmortem_id(self) -> str | None:
        return self.fields.get("pm")

    @property
    def action_id(self) -> str | None:
        return self.fields.get("action")

    @property
    def content_hash(self) -> str | None:
        return self.fields.get("hash")

    @property
    def key(self) -> tuple[str, str] | None:
        """``(postmortem id, action id)``: the identity sync matches on."""
        pm, action = self.postmortem_id, self.action_id
        if pm and action:
            return (pm, action)
        return None


def render_marker(kind: str, fields: dict[str, str | None]) -> str:
    """The comment line for a body; ``None`` values are left out."""
    parts = [f"v={MARKER_VERSION}"]
    for key, value in fields.items():
        if value is None:
            continue
        parts.append(f"{key}={quote(str(value), safe=_SAFE)}")
    return f"<!-- action-tracker:{kind} {' '.join(parts)} -->"


def capped(value: str | None, limit: int = MAX_FIELD_LENGTH) -> str | None:
    """``value`` cut (with "…") so that its encoded form in a marker is at most ``limit``."""
    if value is None or len(quote(value, safe=_SAFE)) <= limit:
        return value
    room = limit - len(quote("…", safe=_SAFE))
    kept: list[str] = []
    for char in value:
        room -= len(quote(char, safe=_SAFE))
        if room < 0:
            break
        kept.append(char)
    return "".join(kept) + "…"


def id_problem(kind: str, value: str | None) -> str | None:
    """Why an explicit id cannot be written into a marker, or ``None`` when it can."""
    if value is not None and len(value) > MAX_ID_LENGTH:
        return (f"{kind} id is {len(value)} characters long; ids are at most {MAX_ID_LENGTH} "
                "(each tracked issue stores them); shorten it (its actions are not synced)")
    return None


def find_markers(body: str | None) -> list[Marker]:
    """Every marker in a body, in order (normally one)."""
    found: list[Marker] = []
    for match in _MARKER_RE.finditer(body or ""):
        fields: dict[str, str] = {}
        for token in match.group("fields").split():
            key, sep, value = token.partition("=")
            if sep:
                fields[key] = unquote(value)
        found.append(Marker(kind=match.group("kind"), fields=fields))
    return found


def find_marker(body: str | None, kind: str = "action") -> Marker | None:
    """The first marker of ``kind`` in a body, or ``None`` when there is none."""
    for marker in find_markers(body):
        if marker.kind == kind:
            return marker
    return None


def with_marker_fields(body: str, kind: str, extra: dict[str, str]) -> str:
    """``body`` with ``extra`` added to its first marker of ``kind`` (the rest untouched).

    Lets the tool note on the issue itself what it did (``closed=removed``), so a later run
    can tell its own close from a person's."""
    for match in _MARKER_RE.finditer(body):
        if match.group("kind") != kind:
            continue
        marker = find_marker(match.group(0), kind)
        assert marker is not None
        fields: dict[str, str | None] = {k: v for k, v in marker.fields.items() if k != "v"}
        fields.update(extra)
        return body[: match.start()] + render_marker(kind, fields) + body[match.end():]
    return body


def neutralize(text: str) -> str:
    """Make untrusted text unable to open an HTML comment (and so forge a marker)."""
    return text.replace("<!--", "&lt;!--").replace("-->", "--&gt;")
