"""The sync tests' checkout, in-process CLI runner and fake GitHub, for the rule tests that
run every command end to end."""

from tests.sync.conftest import checkout, gh, run_cli

__all__ = ["checkout", "gh", "run_cli"]
