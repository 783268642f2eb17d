"""Logging to stderr with secrets masked, so a token or webhook URL never reaches a log.

Secrets are registered once (:func:`register_secret`) when they are read from the
environment; the filter replaces them in every record, including exception text from
libraries that echo request URLs or headers.
"""

from __future__ import annotations

import logging
import sys
from typing import Any
from urllib.parse import urlsplit

from action_tracker.render.safe_text import one_line

_SECRETS: set[str] = set()
LOGGER_NAME = "action_tracker"
# A URL's path or query is masked on its own only when it is this long: a Slack-style
# ``/services/T…/B…/xxxx`` is a secret, a short ``/hooks`` is a word that issue text may use.
_MIN_URL_PART = 20


def register_secret(value: str | None) -> None:
    """Mask ``value`` in every log line from now on (ignores empty and very short values)."""
    if value and len(value) >= 6:
        _SECRETS.add(value)


def register_secret_url(url: str | None) -> None:
    """Mask a secret URL, and also its path and query on their own: HTTP libraries log
    the host and the path separately (urllib3 ``"POST /services/T0/B0/xyz HTTP/1.1"``), so
    masking the whole URL alone would leave the secret part of it in a ``-vv`` log."""
    register_secret(url)
    if not url:
        return
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return
    candidates = [parts.path, parts.query, f"{parts.path}?{parts.query}" if parts.query else ""]
    for part in candidates:
        if len(part) >= _MIN_URL_PART:
            register_secret(part)


def mask(text: str) -> str:
    """``text`` with every registered secret replaced by ``***``."""
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def mask_data(value: Any) -> Any:
    """``value`` (JSON-like: text, lists, mappings) with every registered secret masked in its
    strings; for what leaves the process (GitHub request bodies, the chat payload)."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {key: mask_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask_data(item) for item in value]
    return value


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
