"""The dependency files agree with pyproject.toml: CI installs the lowest allowed versions
from constraints-lowest.txt, and the action installs action-constraints.txt, so a bound
raised or a dependency added in one place and not the other would go untested."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent


def _dependencies() -> list[Requirement]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [Requirement(line) for line in data["project"]["dependencies"]]


def _pins(name: str) -> dict[str, Version]:
    """``name==version`` lines of a constraints file, by normalised project name."""
    pins: dict[str, Version] = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            project, _, version = line.partition("==")
            assert version, f"{name}: '{line}' is not project==version"
            pins[canonicalize_name(project)] = Version(version)
    return pins


def _lower_bound(requirement: Requirement) -> Version:
    bounds = [Version(spec.version) for spec in requirement.specifier if spec.operator == ">="]
    assert len(bounds) == 1, f"pyproject.toml: '{requirement}' needs exactly one >= bound"
    return bounds[0]


def test_constraints_lowest_pins_exactly_the_lower_bounds() -> None:
    expected = {canonicalize_name(req.name): _lower_bound(req) for req in _dependencies()}
    assert _pins("constraints-lowest.txt") == expected


def test_every_dependency_has_an_upper_bound() -> None:
    for requirement in _dependencies():
        assert any(spec.operator == "<" for spec in requirement.specifier), str(requirement)


def test_action_constraints_pin_every_dependency_within_its_range() -> None:
    pins = _pins("action-constraints.txt")
    for requirement in _dependencies():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"action-constraints.txt does not pin {requirement.name}"
        assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]}: {requirement}"
