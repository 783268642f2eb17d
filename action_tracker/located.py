"""A message about a place in a document, kept in its parts from where it is found to where
it is shown.

Printed, it is the one line a person reads (``postmortems/db.md:12: owner 'Tom' is not a
GitHub login …``); in GitHub Actions its ``path`` and ``line`` become the annotation's
``file=``/``line=``, so the warning sits on that line of the pull request's diff. Nothing
downstream parses the text back apart.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Located(BaseModel):
    """``message`` at ``path`` (and ``line``, when known)."""

    model_config = ConfigDict(frozen=True)

    message: str
    path: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"

