"""Print action.yml's composite steps wrapped in a workflow, so actionlint can check them.

actionlint lints workflows, not action metadata. Wrapping the steps in a reusable workflow
whose `workflow_call` inputs mirror the action's inputs lets it check every expression
(`inputs.*`, `steps.*.outputs.*`, `github.action_path`, `runner.temp`), the step ids and the
pinned `uses:` references. The output is JSON (which is YAML), so no line numbers survive:
problems are reported against the step they name.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml


def as_workflow(action: dict[str, Any]) -> dict[str, Any]:
    runs = action.get("runs") or {}
    if runs.get("using") != "composite":
        raise SystemExit(f"action_as_workflow: only composite actions, not {runs.get('using')!r}")
    inputs = {
        name: {"type": "string", "required": False, "description": str(spec.get("description", ""))}
        for name, spec in (action.get("inputs") or {}).items()
    }
    outputs = {
        name: str(spec.get("value", "")) for name, spec in (action.get("outputs") or {}).items()
    }
    return {
        "name": "action.yml composite steps",
        "on": {"workflow_call": {"inputs": inputs}},
        "jobs": {
            "action": {
                "runs-on": "ubuntu-latest",
                "outputs": outputs,
                "steps": runs.get("steps") or [],
            }
        },
    }


def main(argv: list[str]) -> int:
    source = Path(argv[1] if len(argv) > 1 else "action.yml")
    action = yaml.safe_load(source.read_text(encoding="utf-8"))
    json.dump(as_workflow(action), sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
