"""action-tracker: postmortem action items become tracked GitHub issues."""

__version__ = "0.1.0"
