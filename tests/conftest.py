"""Fixtures shared by every test folder: the fake GitHub server and the env that targets it.

Helpers add their own fixtures in their subfolder ``conftest.py``, not here.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from action_tracker.testing.fake_github import FakeGitHub

REPO = "acme/widgets"


@pytest.fixture
def fake_github() -> Iterator[FakeGitHub]:
    """A started fake GitHub with repository ``acme/widgets`` (issues enabled, 9 default labels;
    ``alice``, ``bob`` and ``carol`` are assignable)."""
    with FakeGitHub() as fake:
        fake.create_repo(REPO, assignable=["alice", "bob", "carol"])
        yield fake


@pytest.fixture
def fake_github_env(fake_github: FakeGitHub) -> dict[str, str]:
    """``GITHUB_API_URL``, ``GITHUB_TOKEN``, ``GITHUB_REPOSITORY``, ``GITHUB_SERVER_URL`` for
    the CLI (pass to ``CliRunner.invoke(env=...)`` or merge into ``os.environ`` for a subprocess).
    """
    return fake_github.env(REPO)
