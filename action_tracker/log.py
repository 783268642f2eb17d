"""Logging to stderr with secrets masked, so a token or webhook URL never reaches a log.

Secrets are registered once (:func:`register_secret`) when they are read from the
environment; the filter replaces them in every record, including exception text from
libraries that echo request URLs or headers.
"""

from __future__ import annotations

import logging
import sys

from action_tracker.actions_io import one_line

_SECRETS: set[str] = set()
LOGGER_NAME = "action_tracker"


def register_secret(value: str | None) -> None:
    """Mask ``value`` in every log line from now on (ignores empty and very short values)."""
    if value and len(value) >= 6:
        _SECRETS.add(value)


def mask(text: str) -> str:
    """``text`` with every registered secret replaced by ``***``."""
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


class MaskingFilter(logging.Filter):
    """Rewrites each record's final message with secrets masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):  # values (a path, a title) stay on one line
            record.args = tuple(one_line(a) if isinstance(a, str) else a for a in record.args)
        message = record.getMessage()
        record.msg = mask(message)
        record.args = None
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True


def setup(verbosity: int) -> logging.Logger:
    """Configure the tool's logger: -1 quiet (errors), 0 warnings+info, 1+ debug."""
    logger = logging.getLogger(LOGGER_NAME)
    logger.handlers.clear()
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(MaskingFilter())
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.propagate = False
    level = logging.ERROR if verbosity < 0 else logging.INFO if verbosity == 0 else logging.DEBUG
    logger.setLevel(level)
    for name in ("github", "urllib3"):
        # Reset on every run: a handler left from an earlier -vv run in the same process
        # would write to a stream that may be gone.
        lib = logging.getLogger(name)
        for old in list(lib.handlers):
            if any(isinstance(f, MaskingFilter) for f in old.filters):
                lib.removeHandler(old)
        if verbosity >= 2:
            lib.addHandler(handler)
            lib.setLevel(logging.DEBUG)
    return logger


def get_logger() -> logging.Logger:
    return logging.getLogger(LOGGER_NAME)
