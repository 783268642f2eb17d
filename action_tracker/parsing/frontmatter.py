"""Front matter: YAML between ``---`` lines or TOML between ``+++`` lines (Hugo, Zola).

Split off before Markdown parsing so the body's line numbers can be shifted back to the
original file. Broken front matter is an error (the author meant metadata and we cannot read
it), but the body is still parsed. YAML ``actions:`` entries keep their line numbers.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from action_tracker.models import Problem
from action_tracker.parsing import shortcuts
from action_tracker.yaml_safety import (
    CONSTRUCT_ERRORS,
    MAX_DEPTH,
    Loader,
    data_too_deep,
    refusal,
)
from action_tracker.yaml_safety import timestamp_or_text as _timestamp_or_text

# The safe loader that keeps a date-shaped value which is not a real date (``2026-02-30``)
# as text, so the metadata reader can warn about it instead of the loader crashing.
_Loader = Loader

# Front matter is usually a few ``key: value`` lines, for which building a loader costs more
# than the rest of reading them. :func:`_simple_yaml` reads such lines itself when YAML's
# grammar leaves no choice: each line is a plain scalar key in column 0, ``": "`` and a plain
# scalar value, in printable ASCII without ``#`` (no comment), without another ``:`` in the
# key or ``": "`` or a trailing ``:`` in the value (a nested mapping or an error), without
# tabs or trailing spaces, not starting with an indicator (a key starts with a letter, a
# value with a letter or digit), and with a key far shorter than the 1024 characters a YAML
# implicit key may have. A plain scalar's value is its text; its tag comes from the loader's
# own implicit resolvers, as the loader does it, and only ``str`` and ``timestamp``
# (constructed by the loader's own constructor) are read here: anything else goes to the
# loader.
_SIMPLE_LINE_RE = re.compile(r"([A-Za-z][ -~]*?): ([A-Za-z0-9][ -~]*)", re.A)
_MAX_KEY = 1000
_STR_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_IMPLICIT = _Loader.yaml_implicit_resolvers
_CONSTRUCTOR = SafeConstructor()  # ``construct_yaml_timestamp`` only reads the node
# The resolver also consults path resolvers, which the safe loader does not have.
assert not _Loader.yaml_path_resolvers
assert _Loader.yaml_constructors[_TIMESTAMP_TAG] is _timestamp_or_text
assert _Loader.yaml_constructors[_STR_TAG] is SafeConstructor.construct_yaml_str


def _plain_tag(value: str) -> str:
    """``Resolver.resolve`` for a non-empty plain scalar (implicit resolvers only)."""
    for tag, regexp in _IMPLICIT.get(value[0], []) + _IMPLICIT.get(None, []):
        if regexp.match(value):
            return str(tag)
    return _STR_TAG


@lru_cache(maxsize=1024)  # keys repeat across documents ("title", "date")
def _simple_key(key: str) -> bool:
    """``key`` (a plain scalar before ``": "``) is read as this very string."""
    return ":" not in key and not key.endswith(" ") and len(key) <= _MAX_KEY \
        and _plain_tag(key) == _STR_TAG


def _simple_yaml(raw: str) -> dict[str, Any] | None:
    """The mapping the loader builds from ``raw``, when every line is a simple ``key: value``
    pair (see above), else None."""
    data: dict[str, Any] = {}
    for line in raw.split("\n"):
        m = _SIMPLE_LINE_RE.fullmatch(line)
        if m is None:
            return None
        key, value = m.group(1), m.group(2)
        if "#" in line or ": " in value or value.endswith((":", " ")) or not _simple_key(key):
            return None
        tag = _plain_tag(value)
        if tag == _STR_TAG:
            data[key] = value
        elif tag == _TIMESTAMP_TAG:
            data[key] = _timestamp_or_text(_CONSTRUCTOR, yaml.ScalarNode(tag, value))
        else:
            return None
    return data


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
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        result.problems.append(Problem(
            line=1, severity="error", message=f"front matter is not valid TOML: {exc}"))
        return
    except RecursionError:  # tomllib reads nested arrays and tables recursively
        data = None
    if data is None or data_too_deep(data):
        result.problems.append(Problem(
            line=1, severity="error",
            message=f"front matter is nested more than {MAX_DEPTH} levels deep; "
                    "a few levels are all it needs"))
        return
    result.data = data


def _load_yaml(raw: str, result: FrontMatter) -> None:
    if not raw.strip():
        return
    simple = _simple_yaml(raw) if shortcuts.ENABLED else None
    if simple is not None:
        result.data = simple  # a mapping of scalars: no ``actions`` list, no item lines
        return
    try:
        loader = _Loader(raw)
        try:
            node = loader.get_single_node()
            refused = refusal(node, raw) if node is not None else None
            if refused is not None:  # an alias or deep nesting: nothing is constructed
                result.problems.append(Problem(
                    line=refused[0] + 2, severity="error",
                    message=f"front matter {refused[1]}"))
                return
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
    except CONSTRUCT_ERRORS as exc:
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
