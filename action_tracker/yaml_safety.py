"""Reading YAML that anyone can write (front matter, the config file) without surprises.

Three things the safe loader still allows would end a run with an internal error, or hang
it: a scalar its constructor cannot convert (``2026-02-30``, an integer of 5,000 digits:
``ValueError``), aliases (``*a``: a few hundred bytes of nested aliases stand for gigabytes
once anything reads the values as text, the "billion laughs"), and deep nesting (recursive
readers overflow the stack). Here such scalars stay text for the caller's own checks to
report, and :func:`refusal` finds aliases and deep nesting in the composed node graph before
anything is constructed, with the line to report.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import SafeConstructor

# The C loader is several times faster; same safe constructors, same node marks.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# What PyYAML's constructors raise, besides ``YAMLError``, for a value an explicit tag cannot
# take (``!!int abc``: ValueError; ``!!float`` with no value: IndexError; ``!!binary``:
# TypeError ...). Every reader of untrusted YAML catches these too.
CONSTRUCT_ERRORS = (ValueError, TypeError, AttributeError, IndexError, KeyError, OverflowError,
                    RecursionError)

# Real front matter and configs are a few levels deep (``actions:`` -> item -> field).
MAX_DEPTH = 100


class Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that keeps a scalar it cannot convert as text: a date-shaped value that
    is not a real date (the metadata reader warns about it), an integer past Python's digit
    limit (config validation names its key)."""


def timestamp_or_text(loader: SafeConstructor, node: yaml.ScalarNode) -> Any:
    try:
        return SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError, AttributeError):
        return str(node.value)


def _int_or_text(loader: SafeConstructor, node: yaml.ScalarNode) -> Any:
    try:
        return SafeConstructor.construct_yaml_int(loader, node)
    except ValueError:
        digits = str(node.value).lstrip("+-").replace("_", "")
        if digits.isdigit():  # "Exceeds the limit (4300 digits) for integer string conversion"
            return str(node.value)
        raise  # ``!!int many``: an error of the document


Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp_or_text)
Loader.add_constructor("tag:yaml.org,2002:int", _int_or_text)


def refusal(root: yaml.Node, raw: str) -> tuple[int, str] | None:
    """(0-based line, reason) of the first alias or nesting deeper than ``MAX_DEPTH`` in the
    document ``root`` composed from ``raw``, or None when there is neither.

    The loader resolves an alias to the very node its anchor names, so a node reached twice
    is an alias: the walk visits each node once (linear in the size of the text, however
    far the aliases would expand) and stops at a cycle (``&a [*a]``) too. Any alias is
    refused, whatever it would expand to."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            return _alias(raw)
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            continue
        if depth >= MAX_DEPTH:
            return node.start_mark.line, (f"is nested more than {MAX_DEPTH} levels deep; "
                                          "a few levels are all it needs")
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
    return None


def _alias(raw: str) -> tuple[int, str]:
    """The first alias of ``raw``, found again by scanning its tokens (linear)."""
    line, name = 0, ""
    try:
        for token in yaml.scan(raw, Loader=Loader):
            if isinstance(token, yaml.AliasToken):
                line, name = token.start_mark.line, f" *{token.value}"
                break
    except yaml.YAMLError:  # composed already, so not expected; the reason stands anyway
        pass
    return line, f"uses the YAML alias{name}; aliases are not supported: write the value out"


def data_too_deep(data: object, limit: int = MAX_DEPTH) -> bool:
    """Whether lists and dicts in ``data`` (a tree, as TOML gives) nest deeper than
    ``limit``; iterative, so any depth is measured without recursion."""
    stack: list[tuple[object, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            if depth >= limit:
                return True
            stack.extend((item, depth + 1) for item in value)
    return False
