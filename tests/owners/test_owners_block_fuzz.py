"""The suggested ``owners:`` block is YAML that says exactly what it suggests, whatever a
document names its owners (quotes, ``#``, ``:``, line separators a YAML reader breaks on)."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from action_tracker.tracking.owners import Unresolved, owners_block

_names = st.lists(
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20)
    .filter(lambda s: s.strip() != ""),
    min_size=1, max_size=6, unique=True,
)


@settings(max_examples=200, deadline=None)
@given(_names, st.data())
def test_block_parses_to_exactly_the_suggestions(names: list[str], data: st.DataObject) -> None:
    items = [
        Unresolved(name=name, places=[("pm.md", 1)],
                   suggestion=data.draw(st.sampled_from([None, "ana-l", "Bo"])))
        for name in names
    ]
    parsed = yaml.safe_load(owners_block(items))
    expected = {i.name: i.suggestion for i in items if i.suggestion}
    assert parsed == {"owners": expected or None}


def test_a_line_separator_cannot_end_a_comment() -> None:
    item = Unresolved(name='x\u2028"evil": mallory', places=[("pm.md", 1)])
    assert yaml.safe_load(owners_block([item])) == {"owners": None}
