"""Front matter: YAML between ``---`` lines or TOML between ``+++`` lines (Hugo, Zola).

Split off before Markdown parsing so the body's line numbers can be shifted back to the
original file. Broken front matter is an error (the author meant metadata and we cannot read
it), but the body is still parsed. YAML ``actions:`` entries keep their line numbers.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from typing import Any

import yaml

from action_tracker.models import Problem

# The C loader is several times faster; same safe constructors, same node marks.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that keeps a date-shaped value which is not a real date (``2026-02-30``)
    as text, so the metadata reader can warn about it instead of the loader crashing."""


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError, AttributeError):
        return str(node.value)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


@dataclass
class FrontMatter:
    data: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_offset: int = 0  # lines before the body in the original file
    item_lines: dict[int, int] = field(default_factory=dict)  # actions index -> file line
    problems: list[Problem] = field(default_factory=list)


def _closing(lines: list[str], fence: str) -> int | None:
    for index in range(1, len(lines)):
        if lines[index].rstrip() == fence:
            return index
    return None


def split_front_matter(text: str) -> FrontMatter:
    fence = text.partition("\n")[0].rstrip()  # the first line: without front matter, all we need
    if fence not in ("---", "+++"):
        return FrontMatter(body=text)
    lines = text.split("\n")
    end = _closing(lines, fence)
    if end is None:
        if fence == "---":  # a thematic break at the top, not front matter
            return FrontMatter(body=text)
        return FrontMatter(
            body=text,
            problems=[Problem(line=1, severity="error",
                              message="TOML front matter opened with +++ is never closed")],
        )
    raw = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1:])
    result = FrontMatter(body=body, body_offset=end + 1)
    if fence == "+++":
        _load_toml(raw, result)
    else:
        _load_yaml(raw, result)
    return result


def _load_toml(raw: str, result: FrontMatter) -> None:
    try:
        result.data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        result.problems.append(Problem(
            line=1, severity="error", message=f"front matter is not valid TOML: {exc}"))


def _load_yaml(raw: str, result: FrontMatter) -> None:
    if not raw.strip():
        return
    try:
        loader = _Loader(raw)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        result.problems.append(Problem(
            line=line, severity="error",
            message=f"front matter is not valid YAML: {reason}; fix the YAML between the --- lines",
        ))
        return
    except (ValueError, TypeError, AttributeError, OverflowError, RecursionError) as exc:
        # An explicit tag the value cannot satisfy (``!!int abc``): PyYAML raises plain errors.
        result.problems.append(Problem(
            line=1, severity="error",
            message=f"front matter is not valid YAML: {exc}; fix the YAML between the --- lines",
        ))
        return
    if data is None:
        return
    if not isinstance(data, dict):
        result.problems.append(Problem(
            line=1, severity="error",
            message="front matter must be a YAML mapping of keys to values"))
        return
    result.data = {str(k): v for k, v in data.items()}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == "actions" and isinstance(value_node, yaml.SequenceNode):
                for index, item in enumerate(value_node.value):
                    result.item_lines[index] = item.start_mark.line + 2
