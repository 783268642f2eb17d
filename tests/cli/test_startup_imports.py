"""``parse`` and ``validate`` start without loading what only the GitHub-facing commands need
(the GitHub client, Jinja, requests): the use cases in ``app`` are imported on first use."""

from __future__ import annotations

import subprocess
import sys


def test_parse_and_validate_load_no_github_client_templates_or_http() -> None:
    code = (
        "import sys\n"
        "import action_tracker.cli.parse_cmd, action_tracker.cli.validate_cmd\n"
        "print(sorted(m for m in ('github', 'jinja2', 'requests', 'urllib3') "
        "if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
