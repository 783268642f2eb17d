"""action.yml's install steps: the cached virtualenv is keyed on everything it holds, and a
restored one is used without running pip.

The "Prepare" and "Install" `run:` scripts of action.yml run here with bash, with the
variables the runner and the composite's `env:` blocks give them. No test installs anything
from the network: a restored venv is made locally (``venv --without-pip`` plus a ``.pth``
file pointing at this checkout), and an install attempt is detected by giving the step a
``PYTHON`` that cannot create a venv.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.action.conftest import load_action, parse_outputs

ROOT = Path(__file__).resolve().parents[2]


def _step(step_id: str) -> dict[str, object]:
    return next(s for s in load_action()["runs"]["steps"] if s.get("id") == step_id)


def _run(step_id: str, env: dict[str, str], tmp_path: Path) -> tuple[int, dict[str, str]]:
    output = tmp_path / f"output-{step_id}"
    output.write_text("", encoding="utf-8")
    result = subprocess.run(
        ["bash", "-c", str(_step(step_id)["run"])],
        env={"PATH": os.environ["PATH"], "HOME": str(tmp_path), "GITHUB_OUTPUT": str(output),
             **env},
        capture_output=True, text=True, check=False, timeout=60,
    )
    return result.returncode, parse_outputs(output.read_text(encoding="utf-8"))


def _action_copy(tmp_path: Path) -> Path:
    """The files the action's install reads, as a checkout of the action would hold them."""
    copy = tmp_path / "action"
    copy.mkdir()
    for name in ("action-constraints.txt", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, copy / name)
    for folder in ("action_tracker", "templates"):
        shutil.copytree(ROOT / folder, copy / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _prepare(action: Path, tmp_path: Path, python: str = sys.executable) -> dict[str, str]:
    status, outputs = _run("prepare", {
        "PYTHON": python, "PYTHON_VERSION": "3.12.9", "ACTION_PATH": str(action),
        "RUNNER_TOOL_CACHE": str(tmp_path / "toolcache"), "RUNNER_TEMP": str(tmp_path / "temp"),
    }, tmp_path)
    assert status == 0
    return outputs


def test_the_cached_venv_is_keyed_on_the_action_code_and_dependencies(tmp_path: Path) -> None:
    action = _action_copy(tmp_path)
    first = _prepare(action, tmp_path)
    assert _prepare(action, tmp_path) == first  # stable

    (action / "README.md").write_text("docs only\n", encoding="utf-8")
    assert _prepare(action, tmp_path)["hash"] == first["hash"]

    # A new action version restores no venv holding the old code.
    code = action / "action_tracker" / "errors.py"
    code.write_text(code.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    changed_code = _prepare(action, tmp_path)
    assert changed_code["hash"] != first["hash"]
    assert changed_code["venv"] != first["venv"]

    with (action / "action-constraints.txt").open("a", encoding="utf-8") as file:
        file.write("# changed\n")
    changed_deps = _prepare(action, tmp_path)
    assert changed_deps["hash"] != changed_code["hash"]

    assert Path(first["venv"]).is_relative_to(tmp_path / "toolcache")
    assert first["venv"].endswith("py3.12.9")


def test_the_venv_cache_key_names_runner_python_and_hash() -> None:
    cache = _step("venv-cache")
    assert str(cache["uses"]).startswith("actions/cache@")
    with_ = cache["with"]
    assert isinstance(with_, dict)
    assert with_["path"] == "${{ steps.prepare.outputs.venv }}"
    key = with_["key"]
    for part in ("runner.os", "runner.arch", "steps.python.outputs.python-version",
                 "steps.prepare.outputs.hash"):
        assert part in key


def _restored_venv(venv: Path) -> None:
    """What a cache hit leaves: a finished venv that can import the tool."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "checkout.pth").write_text(f"{ROOT}\n", encoding="utf-8")
    (venv / ".action-tracker-installed").write_text("", encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX venv layout")
def test_a_restored_venv_is_used_without_pip(tmp_path: Path) -> None:
    venv = tmp_path / "toolcache" / "action-tracker" / "abc" / "py3.12.9"
    _restored_venv(venv)
    env = {"PYTHON": "/nonexistent/python", "ACTION_PATH": str(ROOT), "VENV": str(venv)}
    status, outputs = _run("install", env, tmp_path)
    assert status == 0
    assert outputs["python"] == str(venv / "bin" / "python")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX venv layout")
def test_an_unfinished_or_broken_venv_is_installed_again(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _restored_venv(venv)
    (venv / ".action-tracker-installed").unlink()  # an install that stopped half-way
    env = {"PYTHON": "/nonexistent/python", "ACTION_PATH": str(ROOT), "VENV": str(venv)}
    status, _ = _run("install", env, tmp_path)
    assert status != 0  # it tried to build the venv (with a Python that does not exist)

    _restored_venv(tmp_path / "other")
    shutil.rmtree(venv)
    shutil.copytree(tmp_path / "other", venv, symlinks=True)
    next((venv / "lib").glob("python3*/site-packages/checkout.pth")).unlink()
    status, _ = _run("install", env, tmp_path)
    assert status != 0  # marker present, but the tool does not import: rebuilt
