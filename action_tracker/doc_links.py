"""Links from issues and digests to the postmortem documents they come from."""

from __future__ import annotations

from urllib.parse import quote

from pydantic import BaseModel, ConfigDict


class DocLink(BaseModel):
    """Where documents are shown: ``{server_url}/{repo}/blob/{ref}/{path}``, else the path."""

    model_config = ConfigDict(frozen=True)

    server_url: str | None = None
    repo: str | None = None
    ref: str = "HEAD"

    def url(self, path: str) -> str:
        if not self.repo or not self.server_url:
            return quote(path)
        return f"{self.server_url.rstrip('/')}/{self.repo}/blob/{quote(self.ref)}/{quote(path)}"

    @property
    def linked(self) -> bool:
        """Whether links are absolute (a repository is known)."""
        return bool(self.repo and self.server_url)
