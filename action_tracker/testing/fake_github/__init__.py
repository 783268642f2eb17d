"""A stateful fake GitHub REST server for tests and benchmarks (see ``server.py``)."""

from action_tracker.testing.fake_github.faults import Fault
from action_tracker.testing.fake_github.server import FakeGitHub, LoggedRequest

__all__ = ["FakeGitHub", "Fault", "LoggedRequest"]
