"""The remind tests run the CLI in a scratch checkout, as the digest tests do."""

from tests.digest.conftest import checkout, run

__all__ = ["checkout", "run"]
