"""A stateful fake GitHub REST server for tests and benchmarks (see ``server.py``)."""

from tests.fake_github.faults import Fault
from tests.fake_github.server import FakeGitHub, LoggedRequest

__all__ = ["FakeGitHub", "Fault", "LoggedRequest"]
