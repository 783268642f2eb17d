"""Links from issues, digests, previews and ``status`` to the postmortem documents.

The one home of the rule: every place that links a document asks a :class:`DocLink`, so an
issue, the digest and the preview never disagree about the commit or the spelling of a
path (``./postmortems/x.md`` and ``postmortems/x.md`` are the same document).
"""

from __future__ import annotations

from urllib.parse import quote

from pydantic import BaseModel, ConfigDict


class DocLink(BaseModel):
    """Where documents are shown: ``{server_url}/{repo}/blob/{ref}/{path}``, else the path.

    With a line, the link opens the document's source at that line
    (``…/file.md?plain=1#L114``): GitHub shows rendered Markdown without line anchors, and
    an action deep in a long postmortem is what the reader came for.
    """

    model_config = ConfigDict(frozen=True)

    server_url: str | None = None
    repo: str | None = None
    ref: str = "HEAD"

    def url(self, path: str, line: int | None = None) -> str:
        """The document's URL (the quoted path when no repository is known)."""
        href = self.href(path, line)
        return href if href is not None else quote(path.removeprefix("./"))

    def href(self, path: str, line: int | None = None) -> str | None:
        """The document's absolute URL, at ``line`` when given; None without a repository
        (a relative path means nothing in an issue or a chat message)."""
        if not self.repo or not self.server_url:
            return None
        base = f"{self.server_url.rstrip('/')}/{self.repo}/blob/{quote(self.ref)}/"
        url = base + quote(path.removeprefix("./"))
        return f"{url}?plain=1#L{line}" if line and line > 0 else url

    @property
    def linked(self) -> bool:
        """Whether links are absolute (a repository is known)."""
        return bool(self.repo and self.server_url)
