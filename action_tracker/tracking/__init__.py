"""Tracking: from parsed postmortems to GitHub issues (desired state → plan → apply → result).

Pure except :mod:`.apply`, which writes only through an ``IssueStore`` (``github.store``).
"""
