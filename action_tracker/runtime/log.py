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


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when a line is logged, never to the stream of the
    moment the handler was made: an in-process run (tests, ``CliRunner``) swaps stderr and
    closes the old one, and a handler holding it would fail with "Logging error"."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


# The HTTP libraries whose logs are the tool's ``-vv`` detail. PyGithub adds a handler of its
# own when imported (bound to the stderr of that moment, unmasked) and sets INFO: they get the
# tool's masked handler instead, at a level set by the run's verbosity.
_LIBRARIES = ("github", "urllib3")
_HANDLER = _StderrHandler()
_HANDLER.addFilter(MaskingFilter())
_HANDLER.setFormatter(logging.Formatter("%(message)s"))
_verbosity: int | None = None  # the running command's, or None between commands


def setup(verbosity: int) -> logging.Logger:
    """Configure the tool's logger: -1 quiet (errors), 0 warnings+info, 1+ debug (2+: the
    HTTP libraries' debug lines too). :func:`reset` undoes it when the command ends."""
    global _verbosity
    _verbosity = verbosity
    logger = logging.getLogger(LOGGER_NAME)
    logger.handlers.clear()
    logger.addHandler(_HANDLER)
    logger.propagate = False
    level = logging.ERROR if verbosity < 0 else logging.INFO if verbosity == 0 else logging.DEBUG
    logger.setLevel(level)
    adopt_libraries()
    return logger


def adopt_libraries() -> None:
    """Give the HTTP libraries' loggers the tool's masked handler and the run's level, in
    place of whatever they had (call again after importing PyGithub, which installs its own):
    DEBUG at ``-vv``; otherwise what they would show by themselves (PyGithub's INFO,
    urllib3's warnings), masked, and only errors with ``-q``."""
    for name in _LIBRARIES:
        lib = logging.getLogger(name)
        for old in list(lib.handlers):
            lib.removeHandler(old)
        if _verbosity is None:  # between commands: as if never configured
            lib.setLevel(logging.NOTSET)
            continue
        lib.addHandler(_HANDLER)
        lib.propagate = False
        if _verbosity >= 2:
            lib.setLevel(logging.DEBUG)
        elif _verbosity < 0:
            lib.setLevel(logging.ERROR)
        else:
            lib.setLevel(logging.INFO if name == "github" else logging.WARNING)


def reset() -> None:
    """The end of a command: its handlers and levels go (a later command, or code run in the
    same process, starts from nothing and never writes through a handler of this one)."""
    global _verbosity
    _verbosity = None
    logger = logging.getLogger(LOGGER_NAME)
    logger.handlers.clear()
    logger.setLevel(logging.NOTSET)
    for name in _LIBRARIES:
        logging.getLogger(name).propagate = True
    adopt_libraries()


def get_logger() -> logging.Logger:
    return logging.getLogger(LOGGER_NAME)
